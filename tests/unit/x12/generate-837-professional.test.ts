import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ProfessionalClaim } from '#shared/domain/claims/professional-claim';
import {
  buildProfessionalInterchange,
  professionalTransactionSet,
} from '#shared/x12/generate-837-professional';
import { X12Error } from '#shared/x12/errors';
import { writeInterchange } from '#shared/x12/writer';
import { segmentLines, testEnvelope837 } from './claim-837-fixtures.ts';
import { tr3Violations } from './generate-837-tr3-rules.ts';

const fixtureUrl = new URL('../../fixtures/x12/837/professional-all-parts.json', import.meta.url);
const fullClaim = JSON.parse(readFileSync(fixtureUrl, 'utf8')) as ProfessionalClaim;

const createdAt = new Date('2024-02-01T10:05:00Z');
const envelope = testEnvelope837({
  createdAt,
  interchangeControlNumber: 17,
  groupControlNumber: 5,
  acknowledgmentRequested: true,
});

/** The claim with the subscriber as the patient (no 2000C). */
function subscriberIsPatient(claim: ProfessionalClaim): ProfessionalClaim {
  const { dependent: _dependent, ...rest } = claim;
  return rest;
}

function build(claim: ProfessionalClaim, claimId = 'clm_0001'): string {
  return buildProfessionalInterchange([{ claim, claimId }], envelope);
}

describe('buildProfessionalInterchange', () => {
  it('writes a claim with every supported part that satisfies the encoded TR3 rules', () => {
    const text = build(fullClaim);

    expect(tr3Violations(text, 'professional')).toEqual([]);
  });

  it('writes the dependent hierarchy: 2000B with children, 2000C patient under it', () => {
    const out = segmentLines(build(fullClaim));

    expect(out.filter((s) => s.startsWith('HL*'))).toEqual([
      'HL*1**20*1',
      'HL*2*1*22*1',
      'HL*3*2*23*0',
    ]);
    expect(out).toContain('SBR*P**GRP00001******CI');
    expect(out).toContain('PAT*19');
    expect(out).toContain('NM1*QC*1*DOEONE*JANE');
  });

  it('writes SBR02=18 and no 2000C when the subscriber is the patient', () => {
    const out = segmentLines(build(subscriberIsPatient(fullClaim)));

    expect(out.filter((s) => s.startsWith('HL*'))).toEqual(['HL*1**20*1', 'HL*2*1*22*0']);
    expect(out).toContain('SBR*P*18*GRP00001******CI');
    expect(out.some((s) => s.startsWith('NM1*QC'))).toBe(false);
    expect(tr3Violations(build(subscriberIsPatient(fullClaim)), 'professional')).toEqual([]);
  });

  it('writes the header, submitter, receiver, billing provider and payer loops', () => {
    const out = segmentLines(build(fullClaim, 'clm_header'));

    expect(out.slice(2, 16)).toEqual([
      'ST*837*0001*005010X222A1',
      'BHT*0019*00*clm_header*20240201*1005*CH',
      'NM1*41*2*REGIONAL PPO NETWORK*****46*ETIN01',
      'PER*IC*SUBMITTER CONTACT*TE*1234567890*EX*12',
      'NM1*40*2*EXTRA HEALTHY INSURANCE*****46*PAYER01',
      'HL*1**20*1',
      'PRV*BI*PXC*207Q00000X',
      'NM1*85*2*HAPPY DOCTORS GROUP*****XX*1760854442',
      'N3*000 ADDRESS1',
      'N4*CITY2*TN*372030000',
      'REF*EI*123456789',
      'PER*IC*BILLING DESK*TE*5551234567*EM*billing@example.com',
      'HL*2*1*22*1',
      'SBR*P**GRP00001******CI',
    ]);
    expect(out).toContain('NM1*PR*2*EXTRA HEALTHY INSURANCE*****PI*9496');
  });

  it('writes CLM with POS:B:frequency, indicators and delay reason', () => {
    const out = segmentLines(build(fullClaim));

    expect(out).toContain('CLM*PCN-00017*156.5***11:B:7*Y*A*Y*Y***********7');
  });

  it('writes REF*F8 for a replacement, REF*D9 with our claim id, REF*G1 and REF*9F in TR3 order', () => {
    const out = segmentLines(build(fullClaim, 'trace-42'));
    const refs = out.filter((s) => s.startsWith('REF*')).slice(2, 7);

    expect(refs).toEqual([
      'REF*9F*REF0001',
      'REF*G1*AUTH0001',
      'REF*F8*PAYERCLM123',
      'REF*D9*trace-42',
      'REF*EA*MRN42',
    ]);
  });

  it('writes diagnoses as ABK then ABF composites and pointers as a composite', () => {
    const out = segmentLines(build(fullClaim));

    expect(out).toContain('HI*ABK:S93401A*ABF:V4352XA*ABF:Y9241');
    expect(out).toContain('SV1*HC:99213:25:GT:59:XU*100*UN*1***1:2:3');
  });

  it('splits more than 12 diagnoses over two HI segments', () => {
    const codes = Array.from({ length: 14 }, (_, index) => ({
      diagnosisTypeCode: index === 0 ? ('ABK' as const) : ('ABF' as const),
      diagnosisCode: `Z${String(index).padStart(3, '0')}`,
    }));
    const claim = {
      ...fullClaim,
      claimInformation: { ...fullClaim.claimInformation, healthCareCodeInformation: codes },
    };

    const his = segmentLines(build(claim)).filter((s) => s.startsWith('HI*'));

    expect(his).toHaveLength(2);
    expect(his[0]?.split('*')).toHaveLength(13);
    expect(his[1]).toBe('HI*ABF:Z012*ABF:Z013');
  });

  it('writes a date range as RD8, drug identification as LIN/CTP/REF, and REF*6R on every line', () => {
    const out = segmentLines(build(fullClaim));

    expect(out).toContain('DTP*472*RD8*20240110-20240112');
    expect(out).toContain('LIN**N4*00009073705');
    expect(out).toContain('CTP****2*ML');
    expect(out.filter((s) => s.startsWith('REF*6R'))).toEqual(['REF*6R*LINE-1', 'REF*6R*LINE-2']);
  });

  it('refuses an assignedNumber that is not the line position (LX01 runs 1..n)', () => {
    const [first, second] = fullClaim.claimInformation.serviceLines;
    if (first === undefined || second === undefined) throw new Error('fixture has two lines');
    const serviceLines = [first, { ...second, assignedNumber: '7' }];
    const claim = {
      ...fullClaim,
      claimInformation: { ...fullClaim.claimInformation, serviceLines },
    };

    expect(() => build(claim)).toThrow(/LX01/);
  });

  it('refuses a referring provider taxonomy, which X222A1 has no PRV for in 2310A', () => {
    if (fullClaim.referring === undefined) throw new Error('fixture has a referring provider');
    const referring = { ...fullClaim.referring, taxonomyCode: '207Q00000X' };

    expect(() => build({ ...fullClaim, referring })).toThrow(/2310A/);
  });

  it('writes amounts without trailing zeros', () => {
    const claim = {
      ...fullClaim,
      claimInformation: { ...fullClaim.claimInformation, claimChargeAmount: '156.50' },
    };

    expect(segmentLines(build(claim))).toContain(
      'CLM*PCN-00017*156.5***11:B:7*Y*A*Y*Y***********7',
    );
  });

  it('puts each claim in its own transaction set inside one group', () => {
    const text = buildProfessionalInterchange(
      [
        { claim: fullClaim, claimId: 'a' },
        { claim: subscriberIsPatient(fullClaim), claimId: 'b' },
        { claim: fullClaim, claimId: 'c' },
      ],
      envelope,
    );
    const out = segmentLines(text);

    expect(out.filter((s) => s.startsWith('ST*'))).toEqual([
      'ST*837*0001*005010X222A1',
      'ST*837*0002*005010X222A1',
      'ST*837*0003*005010X222A1',
    ]);
    expect(out.filter((s) => s.startsWith('GS*'))).toHaveLength(1);
    expect(out).toContain('GE*3*5');
    expect(out.at(-1)).toBe('IEA*1*000000017');
    expect(tr3Violations(text, 'professional')).toEqual([]);
  });

  it('offers the transaction set alone for a caller-built interchange', () => {
    const set = professionalTransactionSet(fullClaim, {
      ...envelope.transmission,
      claimId: 'x',
      controlNumber: 42,
    });
    const text = writeInterchange(envelope.interchange, [
      {
        group: {
          functionalIdCode: 'HC',
          senderCode: 'S',
          receiverCode: 'R',
          controlNumber: 9,
          version: '005010X222A1',
        },
        transactionSets: [set],
      },
    ]);

    expect(segmentLines(text)).toContain('ST*837*0042*005010X222A1');
    expect(tr3Violations(text, 'professional')).toEqual([]);
  });

  it('refuses a value too long for its element, naming the element and not the value', () => {
    const longName = 'X'.repeat(61);
    const claim = { ...fullClaim, subscriber: { ...fullClaim.subscriber, lastName: longName } };

    const attempt = () => build(claim);

    expect(attempt).toThrow(X12Error);
    expect(attempt).toThrow(/NM103 is longer than 60/);
    expect(attempt).not.toThrow(new RegExp(longName));
  });

  it('refuses a patient control number over 20 characters instead of letting payers truncate it', () => {
    const claim = {
      ...fullClaim,
      claimInformation: { ...fullClaim.claimInformation, patientControlNumber: 'P'.repeat(21) },
    };

    expect(() => build(claim)).toThrow(/CLM01 is longer than 20/);
  });

  it('refuses data containing a delimiter', () => {
    const claim = {
      ...fullClaim,
      claimInformation: { ...fullClaim.claimInformation, patientControlNumber: 'A*B' },
    };

    expect(() => build(claim)).toThrow(/CLM01 contains a delimiter/);
  });

  it('refuses a billing provider without a tax id', () => {
    const { employerId: _ein, ...billing } = fullClaim.billing;

    expect(() => build({ ...fullClaim, billing })).toThrow(/REF\*EI or REF\*SY/);
  });
});

describe('tr3Violations (the stand-in validator used above)', () => {
  it('reports a wrong SE01, a broken HL sequence, a missing required segment and an overlong element', () => {
    const text = build(fullClaim)
      .replace('SE*63*0001', 'SE*60*0001')
      .replace('HL*3*2*23*0', 'HL*4*2*23*0')
      .replace(/DMG\*D8\*20150304\*F~/, '')
      .replace('REF*EA*MRN42', `REF*EA*${'M'.repeat(51)}`);

    const problems = tr3Violations(text, 'professional');

    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^SE01/),
        expect.stringMatching(/^HL01 4 out of sequence/),
        '2010CA lacks required DMG',
        expect.stringMatching(/^REF2 longer than 50/),
      ]),
    );
  });
});
