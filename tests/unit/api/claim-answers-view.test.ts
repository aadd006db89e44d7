import { describe, expect, it } from 'vitest';
import { describeCode, describeEvent, payerAnswersView } from '#shared/api/claim-answers-view';
import type { RemittanceDetails } from '#shared/domain/answers/answer-records';
import type { ClaimRecord } from '#shared/domain/claims/claim-record';

const record: ClaimRecord = {
  tenantId: 'tn_a',
  claimId: 'clm_1',
  kind: 'professional',
  status: 'DENIED',
  revision: 5,
  patientControlNumber: 'PCN1',
  payerId: '87726',
  chargeAmount: '100.00',
  frequencyCode: '1',
  createdAt: '2026-11-01T00:00:00.000Z',
  updatedAt: '2026-11-02T00:00:00.000Z',
  submission: { channel: 'api' },
  payerAnswer: {
    payerClaimControlNumber: 'PAYER-9',
    paidAmount: '0.00',
    patientResponsibilityAmount: '0.00',
  },
  history: [
    {
      seq: 4,
      at: '2026-11-02T00:00:00.000Z',
      type: 'claim.accepted',
      status: 'ACCEPTED',
      previousStatus: 'ACKNOWLEDGED',
      source: { kind: '277ca' },
      codes: [{ type: 'STC', code: 'A2:20', group: 'PR' }],
    },
  ],
};

const remittance: RemittanceDetails = {
  tenantId: 'tn_a',
  claimId: 'clm_1',
  answerId: 'a1',
  rawFileKey: 'inbound/x.x12',
  claimStatusCode: '4',
  outcome: 'DENIED',
  payerClaimControlNumber: 'PAYER-9',
  chargeAmount: '100.00',
  paidAmount: '0.00',
  patientResponsibilityAmount: '0.00',
  adjustments: [{ group: 'CO', reason: '50', amount: '100.00' }],
  remarkCodes: ['N115'],
  serviceLines: [
    {
      procedureCode: '99213',
      lineItemControlNumber: 'PCN1-1',
      chargeAmount: '100.00',
      paidAmount: '0.00',
      adjustments: [{ group: 'CO', reason: 'ZZ9', amount: '100.00' }],
      remarkCodes: [],
    },
  ],
  paymentDate: '2026-11-02',
  paymentTrace: 'TRACE1',
};

describe('claim answers view', () => {
  it('gives known codes a plain-English meaning and unknown codes a null meaning', () => {
    expect(describeCode({ type: 'CARC', code: '45' }).meaning).toMatch(/\w/);
    expect(describeCode({ type: 'RARC', code: 'N115' }).meaning).toMatch(/coverage/i);
    expect(describeCode({ type: 'STC', code: 'A7:562' }).meaning).toMatch(
      /invalid information.*NPI/i,
    );
    expect(describeCode({ type: 'CARC', code: 'ZZ9' }).meaning).toBeNull();
    expect(describeCode({ type: 'SOMETHING', code: '1' }).meaning).toBeNull();
  });

  it('adds meanings to the codes of history events', () => {
    expect(
      describeEvent(record.history[0] as ClaimRecord['history'][number]).codes?.[0],
    ).toMatchObject({
      code: 'A2:20',
      meaning: expect.stringMatching(/Accepted for adjudication/) as string,
    });
  });

  it('shows the payer claim number, amounts, 277CA statuses and 835 adjustments with meanings', () => {
    const view = payerAnswersView(record, [remittance]);
    expect(view.payerClaimControlNumber).toBe('PAYER-9');
    expect(view.claimAcknowledgments[0]?.statuses[0]?.code).toBe('A2:20');
    const [paid] = view.remittances;
    expect(paid?.claimStatus).toEqual({ code: '4', meaning: 'Denied' });
    expect(paid?.adjustments[0]).toMatchObject({ group: 'CO', reason: '50', amount: '100.00' });
    expect(paid?.adjustments[0]?.groupMeaning).toMatch(/Contractual/);
    expect(paid?.adjustments[0]?.reasonMeaning).toMatch(/\w/);
    expect(paid?.remarks).toEqual([{ code: 'N115', meaning: expect.any(String) as string }]);
    expect(paid?.serviceLines[0]?.adjustments[0]?.reasonMeaning).toBeNull();
  });
});
