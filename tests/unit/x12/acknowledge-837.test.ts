import { describe, expect, it } from 'vitest';
import {
  acknowledge837Interchange,
  isClaims837,
  isUnreadable837,
  problemOfX12Error,
  tolerant837Parsers,
} from '#shared/x12/acknowledge-837';
import { inboundLayout } from '#shared/x12/inbound-layout';
import { parseX12 } from '#shared/x12/parse-document';
import { batchClaim, batchFile } from '../../support/claim-batches.ts';

/** Reads a file as batch intake does and acknowledges it with a judge that finds nothing wrong. */
function acknowledge(file: string) {
  const document = parseX12(file, { parsers: tolerant837Parsers });
  const interchange = document.interchanges[0];
  const layout = inboundLayout(file).interchanges[0];
  if (interchange === undefined || layout === undefined) throw new Error('no interchange');
  return acknowledge837Interchange(interchange, layout, (set) => ({
    problems: [],
    result: set.claims.length,
  }));
}

const twoSets = () => batchFile([batchClaim('PCN-1'), batchClaim('PCN-2')]);

describe('tolerant837Parsers', () => {
  it('turns a set the 837 parser refuses into an unreadable set and still reads the others', () => {
    const file = twoSets().replace(/(ST\*837\*0002[\s\S]*?)HL\*1\*\*20\*1/, '$1HL*1**99*1');

    const sets = parseX12(file, { parsers: tolerant837Parsers }).interchanges[0]?.groups[0]
      ?.transactions;

    expect(isClaims837(sets?.[0])).toBe(true);
    expect(isUnreadable837(sets?.[1])).toBe(true);
    expect(sets?.[1]).toMatchObject({
      controlNumber: '0002',
      unreadable: { code: 'INVALID_ELEMENT', segmentId: 'HL', position: 3 },
    });
  });
});

describe('acknowledge837Interchange', () => {
  it('rejects only the unreadable set, with an IK3 and IK4 at the element that broke it', () => {
    const file = twoSets().replace(/(ST\*837\*0002[\s\S]*?)HL\*1\*\*20\*1/, '$1HL*1**99*1');

    const { groups, sets } = acknowledge(file);

    expect(sets.map((set) => set.accepted)).toEqual([true, false]);
    expect(sets.map((set) => set.judged)).toEqual([1, undefined]);
    expect(groups[0]?.transactionSets[1]?.problems).toEqual([
      { segmentId: 'HL', position: 6, code: '8', elementErrors: [{ position: 3, code: '7' }] },
    ]);
  });

  it('rejects a set whose SE01 is wrong with IK502 4 and keeps the other accepted', () => {
    const file = twoSets().replace('SE*24*0002', 'SE*25*0002');

    const { groups, sets } = acknowledge(file);

    expect(sets.map((set) => set.accepted)).toEqual([true, false]);
    expect(groups[0]?.transactionSets[1]?.setErrorCodes).toEqual(['4']);
  });

  it('accepts no set of a group whose GE01 is wrong (AK905 5)', () => {
    const file = twoSets().replace('GE*2*', 'GE*3*');

    const { groups, sets } = acknowledge(file);

    expect(groups[0]?.groupErrorCodes).toEqual(['5']);
    expect(sets.map((set) => set.accepted)).toEqual([false, false]);
  });

  it('rejects a set that is not an 837 with IK502 6', () => {
    const file = twoSets().replace('ST*837*0002', 'ST*835*0002');

    const { groups, sets } = acknowledge(file);

    expect(sets.map((set) => set.accepted)).toEqual([true, false]);
    expect(groups[0]?.transactionSets[1]).toMatchObject({
      transactionSetId: '835',
      setErrorCodes: ['6'],
    });
  });
});

describe('problemOfX12Error', () => {
  const set = { controlNumber: '0001', startOrdinal: 3, endOrdinal: 30, claims: [] };

  it.each([
    ['UNEXPECTED_SEGMENT', 10, 0, { segmentId: 'X', position: 8, code: '2' }],
    ['MISSING_SEGMENT', 10, 0, { segmentId: 'X', position: 8, code: '3' }],
    [
      'MISSING_ELEMENT',
      4,
      2,
      { segmentId: 'X', position: 2, code: '8', elementErrors: [{ position: 2, code: '1' }] },
    ],
    ['TRUNCATED', 5, 0, { segmentId: 'X', position: 3, code: '8' }],
  ] as const)(
    'answers %s at file segment %i element %i as IK3 %j',
    (code, segment, position, expected) => {
      expect(problemOfX12Error({ code, segment, segmentId: 'X', position }, set)).toEqual(expected);
    },
  );
});
