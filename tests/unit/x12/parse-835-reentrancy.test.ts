import { describe, expect, it } from 'vitest';
import { Remittance835Machine } from '#shared/x12/parse-835';
import type { Claim835 } from '#shared/x12/remittance-835';
import { SegmentTokenizer } from '#shared/x12/tokenizer';

// The 835 parser reads the segment being handled through its tokenizer's view. A claim sink that
// parses other X12 while a segment is being handled must not disturb that segment.

const ISA =
  'ISA*00*          *00*          *ZZ*PAYER          *ZZ*RECEIVER       *250101*1200*^*00501*000000001*0*T*:~';

function body(claims: number): string {
  const segments = [
    'BPR*I*100*C*CHK************20250102',
    'TRN*1*TRACE1*1999999999',
    'N1*PR*PAYER',
    'N1*PE*CLINIC*XX*1234567893',
  ];
  for (let i = 0; i < claims; i++) {
    segments.push(
      `CLP*PCN${i}*1*${100 + i}.25*${80 + i}.5**12*PAYER${i}*11*1`,
      `CAS*CO*45*${20 - (i % 3)}.75`,
      'NM1*QC*1*DOE*JANE****MI*M1',
      `SVC*HC:99213:25*${100 + i}.25*${80 + i}.5**1`,
      'DTM*472*20250314',
      `CAS*PR*2*${20 - (i % 3)}.75`,
    );
  }
  return segments.map((segment) => segment + '~').join('');
}

function parse(nested: boolean): Claim835[] {
  const claims: Claim835[] = [];
  const machine = new Remittance835Machine('0001', (claim) => {
    claims.push(claim);
    if (nested) {
      // Another tokenizer at work inside the sink (e.g. a consumer reading a second file).
      const other = new SegmentTokenizer(() => undefined);
      other.write(`${ISA}GS*HP*A*B*20250101*1200*7*X*005010X221A1~ST*835*9~LQ*HE*N1*N2*N3~`);
    }
  });
  const tokenizer = new SegmentTokenizer((view) => {
    if (view.id !== 'ISA') machine.view(view);
  });
  tokenizer.write(ISA + body(5));
  return claims;
}

describe('Remittance835Machine', () => {
  it('reads each segment right when the claim sink tokenizes other X12 meanwhile', () => {
    const plain = parse(false);
    expect(plain).toHaveLength(4);
    expect(parse(true)).toEqual(plain);
  });
});
