// A claim record for the pure lifecycle and follow-up decisions (no storage involved).
import type { ClaimRecord } from '#shared/domain/claims/claim-record';

export function claimRecord(overrides: Partial<ClaimRecord> = {}): ClaimRecord {
  return {
    tenantId: 'tn_a',
    claimId: 'clm_1',
    kind: 'professional',
    status: 'TRANSMITTED',
    revision: 3,
    patientControlNumber: 'PCN1',
    payerId: '87726',
    chargeAmount: '250.00',
    frequencyCode: '1',
    createdAt: '2026-11-20T10:00:00.000Z',
    updatedAt: '2026-11-20T11:00:00.000Z',
    submission: { channel: 'api' },
    history: [],
    ...overrides,
  };
}
