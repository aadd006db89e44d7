import { describe, expect, it } from 'vitest';
import type { ClaimEvent, ClaimRecord } from '#shared/domain/claims/claim-record';
import { queueRevisionOf } from '#shared/transmission/transmit-claims';
import type { ClaimStatus } from '#shared/domain/lifecycle/claim-status';

function claimWith(statuses: ClaimStatus[]): ClaimRecord {
  const history: ClaimEvent[] = statuses.map((status, index) => ({
    seq: index + 1,
    at: '2026-11-20T10:00:00Z',
    type: `claim.${status.toLowerCase()}`,
    status,
    previousStatus: index === 0 ? null : (statuses[index - 1] ?? null),
    source: { kind: 'api' },
  }));
  return {
    tenantId: 'tn_a',
    claimId: 'clm_a',
    kind: 'professional',
    status: statuses.at(-1) ?? 'RECEIVED',
    revision: statuses.length,
    patientControlNumber: 'PCN1',
    payerId: '87726',
    chargeAmount: '100.00',
    frequencyCode: '1',
    createdAt: '2026-11-20T10:00:00Z',
    updatedAt: '2026-11-20T10:00:00Z',
    submission: { channel: 'api' },
    history,
  };
}

describe('queueRevisionOf', () => {
  it('is the same for a claim still RECEIVED and for it once QUEUED (one marker per queueing)', () => {
    expect(queueRevisionOf(claimWith(['RECEIVED']))).toBe(1);
    expect(queueRevisionOf(claimWith(['RECEIVED', 'QUEUED']))).toBe(1);
  });

  it('is the revision before the latest QUEUED when a failed claim is queued again', () => {
    const requeued = claimWith(['RECEIVED', 'QUEUED', 'TRANSMISSION_FAILED', 'QUEUED']);

    expect(queueRevisionOf(requeued)).toBe(3);
  });
});
