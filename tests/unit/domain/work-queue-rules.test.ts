import { describe, expect, it } from 'vitest';
import {
  amountAtStakeCents,
  amountBand,
  priorityOf,
  queueOfStatus,
  suggestedAction,
} from '#shared/domain/follow-up/work-queue-rules';

describe('work queue rules', () => {
  it('maps the queue statuses to their queues and every other status to none', () => {
    expect(queueOfStatus('REJECTED')).toBe('REJECTIONS');
    expect(queueOfStatus('DENIED')).toBe('DENIALS');
    expect(queueOfStatus('PARTIALLY_PAID')).toBe('PARTIAL_PAYMENTS');
    expect(queueOfStatus('TRANSMISSION_FAILED')).toBe('TRANSMISSION_ERRORS');
    for (const status of ['PAID', 'TRANSMITTED', 'ACCEPTED', 'QUEUED'] as const) {
      expect(queueOfStatus(status)).toBeUndefined();
    }
  });

  it('suggests the action of the first deciding code, ignoring patient responsibility', () => {
    const pr = { type: 'CARC', code: '1', group: 'PR' };
    expect(suggestedAction('DENIALS', [pr, { type: 'CARC', code: '27', group: 'CO' }])).toBe(
      'check eligibility',
    );
    expect(suggestedAction('DENIALS', [{ type: 'RARC', code: 'N30' }])).toBe('check eligibility');
    expect(suggestedAction('REJECTIONS', [{ type: 'STC', code: 'A6:21' }])).toBe(
      'correct and resubmit',
    );
    expect(suggestedAction('DENIALS', [{ type: 'CARC', code: '9999', group: 'CO' }])).toBe(
      'appeal',
    );
  });

  it('puts at stake what was neither paid nor owed by the patient, and ranks by amount x age', () => {
    expect(
      amountAtStakeCents('PARTIAL_PAYMENTS', {
        charge: '250.00',
        paid: '160.00',
        patientResponsibility: '40.00',
      }),
    ).toBe(5000);
    expect(amountAtStakeCents('DENIALS', { charge: '250.00' })).toBe(25000);
    const now = new Date('2026-11-20T00:00:00Z');
    expect(priorityOf(5000, '2026-11-10T00:00:00Z', now)).toBe(500);
    expect(amountBand(100_000)).toBeGreaterThan(amountBand(10_000));
  });
});
