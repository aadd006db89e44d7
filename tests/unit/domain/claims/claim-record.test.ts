import { describe, expect, it } from 'vitest';
import { receivedClaim, type NewClaim } from '#shared/domain/claims/claim-record';

const claim: NewClaim = {
  tenantId: 'tn_a',
  claimId: 'clm_2',
  kind: 'institutional',
  body: {},
  patientControlNumber: 'PCN2',
  payerId: '87726',
  chargeAmount: '99.00',
  frequencyCode: '7',
  submission: { channel: 'batch', batchId: 'bat_1' },
  source: { kind: 'batch' },
  now: new Date('2026-11-20T10:00:00Z'),
  replaces: 'clm_1',
};

describe('receivedClaim', () => {
  it('is RECEIVED at revision 1 with its first event, and names the claim it replaces', () => {
    const record = receivedClaim(claim);
    expect(record).toMatchObject({
      status: 'RECEIVED',
      revision: 1,
      createdAt: '2026-11-20T10:00:00.000Z',
      updatedAt: '2026-11-20T10:00:00.000Z',
      replaces: 'clm_1',
    });
    expect(record).not.toHaveProperty('body');
    expect(record.history).toEqual([
      {
        seq: 1,
        at: '2026-11-20T10:00:00.000Z',
        type: 'claim.received',
        status: 'RECEIVED',
        previousStatus: null,
        source: { kind: 'batch' },
        replaces: 'clm_1',
      },
    ]);
  });
});
