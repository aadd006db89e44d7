import { describe, expect, it } from 'vitest';
import { X12Error } from '#shared/x12/errors';
import { parseX12 } from '#shared/x12/parse-document';
import type { Claim835 } from '#shared/x12/remittance-835';
import { RECEIVED_AT, institutional837, professional837 } from './inbound-837.ts';
import {
  STEP_SECONDS,
  acks277,
  acks999,
  answersTo,
  kindOf,
  remits,
  strictTransactions,
  ta1s,
} from './answers.ts';

function secondsAfterReceipt(date: Date): number {
  return (date.getTime() - RECEIVED_AT.getTime()) / 1000;
}

function only<T>(items: readonly T[]): T {
  expect(items).toHaveLength(1);
  return items[0] as T;
}

function claims835(content: ReturnType<typeof answersTo>): Claim835[] {
  return remits(content).flatMap((remittance) => remittance.claims);
}

/** Every 835 balances and every non-truncated file reads strictly without warnings. */
function expectSoundFiles(files: ReturnType<typeof answersTo>): void {
  for (const file of files) strictTransactions(file);
  for (const remittance of remits(files))
    expect(remittance.balance).toMatchObject({ balanced: true, issueCount: 0 });
}

describe('planAnswers', () => {
  it('pays any other member id with CO-45 = charge - allowed, after a 999 and an A2 277CA', () => {
    const files = answersTo(professional837([{ memberId: 'U1234567801' }]));

    expectSoundFiles(files);
    expect(files.map(kindOf)).toEqual(['999', '277', '835']);
    expect(files.map((file) => secondsAfterReceipt(file.dueAt))).toEqual([
      STEP_SECONDS,
      2 * STEP_SECONDS,
      4 * STEP_SECONDS,
    ]);
    expect(only(acks999(files)).transactionSets.map((set) => set.acknowledgment)).toEqual(['A']);
    const acknowledgment = only(only(acks277(files)).claims);
    expect(acknowledgment.statuses[0]).toMatchObject({
      categoryCode: 'A2',
      chargeAmount: '267.75',
    });
    expect(acknowledgment.clearinghouseTraceNumber).toBe('clm_1');
    const claim = only(claims835(files));
    expect(claim).toMatchObject({
      statusCode: '1',
      chargeAmount: '267.75',
      paidAmount: '214.20',
      payerClaimControlNumber: acknowledgment.payerClaimControlNumber,
    });
    const line = claim.serviceLines[0];
    expect(line).toMatchObject({
      chargeAmount: '150.00',
      paidAmount: '120.00',
      allowedAmount: '120.00',
    });
    expect(line?.adjustments).toEqual([{ group: 'CO', reason: '45', amount: '30.00' }]);
    expect(line?.lineItemControlNumber).toBe('RCP17-L1');
  });

  it('moves up to 100.00 of the allowed amount to a PR-1 deductible for SBX-DEDUCT', () => {
    const files = answersTo(professional837([{ memberId: 'SBX-DEDUCT-01' }]));

    expectSoundFiles(files);
    const claim = only(claims835(files));
    expect(claim).toMatchObject({
      statusCode: '1',
      paidAmount: '114.20',
      patientResponsibilityAmount: '100.00',
    });
    expect(claim.serviceLines[0]?.adjustments).toEqual([
      { group: 'CO', reason: '45', amount: '30.00' },
      { group: 'PR', reason: '1', amount: '100.00' },
    ]);
  });

  it('pays the first line and denies the others CO-96 with N130 for SBX-PARTIAL', () => {
    const files = answersTo(professional837([{ memberId: 'SBX-PARTIAL-01' }]));

    expectSoundFiles(files);
    const claim = only(claims835(files));
    expect(claim.statusCode).toBe('1');
    expect(claim.paidAmount).toBe('120.00');
    const [first, ...others] = claim.serviceLines;
    expect(first?.paidAmount).toBe('120.00');
    for (const line of others) {
      expect(line.paidAmount).toBe('0.00');
      expect(line.adjustments).toEqual([{ group: 'CO', reason: '96', amount: line.chargeAmount }]);
      expect(line.remarkCodes).toEqual(['N130']);
    }
  });

  it('denies SBX-DENY with CLP02 4, CO-50 and RARC N115', () => {
    const files = answersTo(professional837([{ memberId: 'SBX-DENY-01' }]));

    expectSoundFiles(files);
    const claim = only(claims835(files));
    expect(claim).toMatchObject({ statusCode: '4', paidAmount: '0.00', remarkCodes: ['N115'] });
    expect(
      claim.serviceLines.flatMap((line) => line.adjustments.map((a) => `${a.group}-${a.reason}`)),
    ).toEqual(['CO-50', 'CO-50', 'CO-50', 'CO-50']);
    expect(only(remits(files)).payment).toMatchObject({ totalAmount: '0.00', handlingCode: 'H' });
  });

  it('denies SBX-MISSING with CLP02 4, CO-16 and RARC MA130', () => {
    const files = answersTo(professional837([{ memberId: 'SBX-MISSING-01' }]));

    expectSoundFiles(files);
    const claim = only(claims835(files));
    expect(claim).toMatchObject({ statusCode: '4', paidAmount: '0.00', remarkCodes: ['MA130'] });
    expect(claim.serviceLines.every((line) => line.adjustments[0]?.reason === '16')).toBe(true);
  });

  it('rejects SBX-REJ277 in the 277CA with A7:562:85 and sends no 835', () => {
    const files = answersTo(professional837([{ memberId: 'SBX-REJ277-01' }]));

    expectSoundFiles(files);
    expect(files.map(kindOf)).toEqual(['999', '277']);
    const acknowledgment = only(acks277(files));
    expect(only(acknowledgment.claims).statuses[0]).toMatchObject({
      categoryCode: 'A7',
      statusCode: '562',
      entityCode: '85',
      actionCode: 'U',
    });
    expect(acknowledgment.receivers[0]).toMatchObject({
      rejectedQuantity: 1,
      acceptedQuantity: null,
    });
  });

  it('rejects the SBX-REJ999 transaction set in the 999 with IK3/IK4 errors and answers nothing else', () => {
    const files = answersTo(professional837([{ memberId: 'SBX-REJ999-01' }]));

    expectSoundFiles(files);
    expect(files.map(kindOf)).toEqual(['999']);
    const ack = only(acks999(files));
    expect(ack.groupAcknowledgment).toBe('R');
    const set = only(ack.transactionSets);
    expect(set.acknowledgment).toBe('R');
    const error = only(set.errors);
    expect(error).toMatchObject({ segmentId: 'NM1', position: 15, loopId: '2010BA', code: '8' });
    expect(error.context[0]).toMatchObject({ name: 'CLM01', reference: 'PSBXREJ99901' });
    expect(only(error.elementErrors)).toMatchObject({
      position: 9,
      elementReference: '67',
      code: 'I12',
    });
  });

  it('accepts SBX-PEND, reports P1 in a later unsolicited 277, then pays it', () => {
    const files = answersTo(professional837([{ memberId: 'SBX-PEND-01' }]));

    expectSoundFiles(files);
    expect(
      files.map((file) => [kindOf(file), secondsAfterReceipt(file.dueAt) / STEP_SECONDS]),
    ).toEqual([
      ['999', 1],
      ['277', 2],
      ['277', 3],
      ['835', 5],
    ]);
    const [accepted, pended] = acks277(files);
    expect(accepted?.claims[0]?.statuses[0]?.categoryCode).toBe('A2');
    expect(pended?.claims[0]?.statuses[0]).toMatchObject({ categoryCode: 'P1', statusCode: '20' });
    expect(only(claims835(files)).statusCode).toBe('1');
  });

  it('answers SBX-NORESP with the 999 only', () => {
    const files = answersTo(professional837([{ memberId: 'SBX-NORESP-01' }]));

    expect(files.map(kindOf)).toEqual(['999']);
    expect(only(acks999(files)).transactionSets[0]?.acknowledgment).toBe('A');
  });

  it('pays SBX-REVERSE, then reverses it with every amount negated and pays a correction in a later 835', () => {
    const files = answersTo(professional837([{ memberId: 'SBX-REVERSE-01' }]));

    expectSoundFiles(files);
    const [first, later] = remits(files);
    const original = only(first?.claims ?? []);
    const [reversal, correction] = later?.claims ?? [];
    expect(original.statusCode).toBe('1');
    expect(reversal).toMatchObject({
      statusCode: '22',
      chargeAmount: '-267.75',
      paidAmount: '-214.20',
      payerClaimControlNumber: original.payerClaimControlNumber,
      patientControlNumber: original.patientControlNumber,
    });
    expect(reversal?.serviceLines.map((line) => line.adjustments[0]?.amount)).toEqual(
      original.serviceLines.map((line) => `-${line.adjustments[0]?.amount}`),
    );
    expect(correction).toMatchObject({
      statusCode: '1',
      chargeAmount: '267.75',
      paidAmount: '227.58',
    });
    expect(later?.payment.totalAmount).toBe('13.38');
    const dueSteps = files
      .filter((f) => kindOf(f) === '835')
      .map((f) => secondsAfterReceipt(f.dueAt) / STEP_SECONDS);
    expect(dueSteps).toEqual([4, 6]);
  });

  it('delivers every SBX-DUPFILE answer twice with the same content under another name', () => {
    const files = answersTo(professional837([{ memberId: 'SBX-DUPFILE-01' }]));

    expectSoundFiles(files);
    expect(files.map(kindOf)).toEqual(['999', '999', '277', '277', '835', '835']);
    for (let index = 0; index < files.length; index += 2) {
      const [first, copy] = [files[index], files[index + 1]];
      expect(copy?.content).toBe(first?.content);
      expect(copy?.fileName).not.toBe(first?.fileName);
    }
  });

  it('sends SBX-MALFORMED a truncated 835 that fails to parse with an X12Error', () => {
    const files = answersTo(professional837([{ memberId: 'SBX-MALFORMED-01' }]));

    const malformed = only(files.filter((file) => kindOf(file) === '835'));
    expect(() => parseX12(malformed.content)).toThrow(X12Error);
    expect(only(acks277(files)).claims[0]?.statuses[0]?.categoryCode).toBe('A2');
  });

  it('keeps a normal claim’s answers independent of a broken claim in the same file', () => {
    const normal = { memberId: 'U1234567801', patientControlNumber: 'PCN-NORMAL' };
    const alone = answersTo(professional837([normal]));
    const withBroken = answersTo(
      professional837([normal, { memberId: 'SBX-REJ999-01' }, { memberId: 'SBX-MALFORMED-02' }]),
    );

    const sets = only(acks999(withBroken)).transactionSets.map((set) => set.acknowledgment);
    expect(sets).toEqual(['A', 'R', 'A']);
    const normal277 = withBroken.filter((f) => kindOf(f) === '277')[0];
    const normal835 = withBroken.filter((f) => kindOf(f) === '835')[0];
    expect(normal277?.content).toBe(alone.find((f) => kindOf(f) === '277')?.content);
    expect(normal835?.content).toBe(alone.find((f) => kindOf(f) === '835')?.content);
    expect(only(claims835([normal835!])).patientControlNumber).toBe('PCN-NORMAL');
  });

  it('batches the claims of one file into one 277CA and one 835', () => {
    const files = answersTo(
      professional837([
        { memberId: 'A1' },
        { memberId: 'SBX-DENY-2' },
        { memberId: 'SBX-REJ277-3' },
      ]),
    );

    expectSoundFiles(files);
    expect(files.map(kindOf)).toEqual(['999', '277', '835']);
    expect(only(acks277(files)).claims).toHaveLength(3);
    expect(claims835(files).map((claim) => claim.statusCode)).toEqual(['1', '4']);
  });

  it('answers an institutional claim with revenue codes and statement dates', () => {
    const files = answersTo(institutional837([{ memberId: 'SBX-DEDUCT-9' }]));

    expectSoundFiles(files);
    const acknowledgment = only(only(acks277(files)).claims);
    expect(acknowledgment.billType).toBe('111');
    expect(acknowledgment.serviceDates).toMatchObject({ from: '2025-04-01', to: '2025-04-03' });
    const claim = only(claims835(files));
    expect(claim.serviceDates).toEqual({ from: '2025-04-01', to: '2025-04-03' });
    expect(claim.serviceLines[0]).toMatchObject({
      procedureQualifier: 'NU',
      procedureCode: '0120',
    });
    expect(claim.serviceLines[1]).toMatchObject({ procedureCode: '99285', revenueCode: '0450' });
    expect(claim.patientResponsibilityAmount).toBe('100.00');
  });

  it('sends a TA1 A with the 999 when ISA14 asks for one', () => {
    const files = answersTo(
      professional837([{ memberId: 'A1' }], { acknowledgmentRequested: true }),
    );

    expect(files.map(kindOf)).toEqual(['ta1', '999', '277', '835']);
    expect(only(ta1s(files))).toMatchObject({
      interchangeControlNumber: '000000101',
      acknowledgment: 'A',
      noteCode: '000',
    });
  });

  it('rejects a bad envelope with a TA1 R alone (TA105 021 for a wrong IEA01)', () => {
    const content = professional837([{ memberId: 'A1' }]).replace(/IEA\*1\*/, 'IEA*2*');

    const files = answersTo(content);

    expect(files.map(kindOf)).toEqual(['ta1']);
    expect(only(ta1s(files))).toMatchObject({ acknowledgment: 'R', noteCode: '021' });
  });

  it('rejects a truncated 837 with a TA1 R 023', () => {
    const content = professional837([{ memberId: 'A1' }]);

    const files = answersTo(content.slice(0, content.indexOf('CLM*') + 6));

    expect(only(ta1s(files))).toMatchObject({ acknowledgment: 'R', noteCode: '023' });
  });

  it('rejects a transaction set whose SE01 is wrong (IK5 R, IK502 4)', () => {
    const content = professional837([{ memberId: 'A1' }]).replace(/SE\*(\d+)\*0001/, 'SE*99*0001');

    const files = answersTo(content);

    expect(files.map(kindOf)).toEqual(['999']);
    expect(only(only(acks999(files)).transactionSets)).toMatchObject({
      acknowledgment: 'R',
      errorCodes: ['4'],
    });
  });

  it('plans the same files for the same input', () => {
    const content = professional837([{ memberId: 'SBX-REVERSE-1' }, { memberId: 'SBX-DUPFILE-2' }]);

    expect(answersTo(content)).toEqual(answersTo(content));
  });
});
