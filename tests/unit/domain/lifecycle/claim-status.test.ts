import { describe, expect, it } from 'vitest';
import {
  CLAIM_STATUSES,
  CLAIM_TRANSITIONS,
  canTransition,
  FINAL_STATUSES,
  isFinalStatus,
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

  it('leaves a final status only for another final one or a reversal, and every other status has a way on', () => {
    for (const status of FINAL_STATUSES) {
      for (const next of CLAIM_TRANSITIONS[status])
        expect(isFinalStatus(next) || next === 'REVERSED', `${status} -> ${next}`).toBe(true);
    }
    for (const status of CLAIM_STATUSES.filter((s) => !isFinalStatus(s)))
      expect(CLAIM_TRANSITIONS[status].length, status).toBeGreaterThan(0);
    expect(isFinalStatus('ACKNOWLEDGED')).toBe(false);
    expect(isFinalStatus('TRANSMISSION_FAILED')).toBe(false);
  });
});
