import { describe, expect, it } from 'vitest';
import {
  CLAIM_STATUSES,
  CLAIM_TRANSITIONS,
  canTransition,
  statusesAllowedBefore,
} from '#shared/domain/lifecycle/claim-status';

describe('claim transition table', () => {
  it('lists every status of docs/ARCHITECTURE.md section 3 exactly once', () => {
    expect(new Set(CLAIM_STATUSES).size).toBe(14);
    expect(Object.keys(CLAIM_TRANSITIONS).sort()).toEqual([...CLAIM_STATUSES].sort());
  });

  it('lets an 835 payment land on a transmitted claim whose 999 and 277CA are late', () => {
    expect(canTransition('TRANSMITTED', 'PAID')).toBe(true);
    expect(canTransition('ACKNOWLEDGED', 'PAID')).toBe(true);
  });

  it('never moves a paid claim back to an acknowledgement status', () => {
    for (const earlier of [
      'RECEIVED',
      'QUEUED',
      'TRANSMITTED',
      'ACKNOWLEDGED',
      'ACCEPTED',
      'PENDED',
    ] as const) {
      expect(canTransition('PAID', earlier)).toBe(false);
    }
  });

  it('keeps a rejected claim out of adjudication', () => {
    expect(canTransition('REJECTED', 'PAID')).toBe(false);
    expect(canTransition('REJECTED', 'ACCEPTED')).toBe(false);
  });

  it('treats corrected and voided as final', () => {
    expect(CLAIM_TRANSITIONS.CORRECTED).toEqual([]);
    expect(CLAIM_TRANSITIONS.VOIDED).toEqual([]);
  });

  it('has no self-transitions, so a repeated answer is recorded without a status change', () => {
    for (const status of CLAIM_STATUSES) expect(canTransition(status, status)).toBe(false);
  });

  it('derives the allowed predecessors of a status from the same table', () => {
    expect(statusesAllowedBefore('QUEUED').sort()).toEqual(['RECEIVED', 'TRANSMISSION_FAILED']);
  });
});
