import { describe, expect, it } from 'vitest';
import {
  decideFollowUpAction,
  MAX_NOTES,
  NotInWorkQueueError,
} from '#shared/domain/follow-up/follow-up-action';
import type { FollowUpState } from '#shared/domain/claims/claim-record';
import { claimRecord } from '../claim-record-fixture.ts';

const now = new Date('2026-11-24T12:00:00Z');
const source = { kind: 'follow-up' as const, requestId: 'req-9' };
const item: FollowUpState = {
  queue: 'DENIALS',
  status: 'DENIED',
  enteredAt: '2026-11-23T00:00:00.000Z',
  amountAtStakeCents: 25000,
  action: 'appeal',
  codes: [],
};

describe('decideFollowUpAction', () => {
  it('refuses a claim that has no work item', () => {
    expect(() =>
      decideFollowUpAction(claimRecord(), { action: 'assign', assignee: 'ana' }, source, now),
    ).toThrow(NotInWorkQueueError);
  });

  it('assigns, with an event that keeps the status', () => {
    const current = claimRecord({ status: 'DENIED', revision: 6, followUp: item });
    expect(
      decideFollowUpAction(current, { action: 'assign', assignee: 'ana' }, source, now),
    ).toEqual({
      followUp: { ...item, assignee: 'ana' },
      event: {
        seq: 7,
        at: '2026-11-24T12:00:00.000Z',
        type: 'follow_up.assigned',
        status: 'DENIED',
        previousStatus: 'DENIED',
        source,
      },
      stillQueued: true,
    });
  });

  it('keeps only the newest notes', () => {
    const notes = Array.from({ length: MAX_NOTES }, (_, i) => ({ at: `t${i}`, text: `n${i}` }));
    const current = claimRecord({ followUp: { ...item, notes } });
    const decision = decideFollowUpAction(current, { action: 'note', note: 'last' }, source, now);
    expect(decision.event.type).toBe('follow_up.noted');
    expect(decision.followUp.notes).toHaveLength(MAX_NOTES);
    expect(decision.followUp.notes?.at(0)).toEqual({ at: 't1', text: 'n1' });
    expect(decision.followUp.notes?.at(-1)).toEqual({
      at: '2026-11-24T12:00:00.000Z',
      text: 'last',
    });
  });

  it('resolves out of the queue index, with or without a note', () => {
    const current = claimRecord({ followUp: item });
    const plain = decideFollowUpAction(current, { action: 'resolve' }, source, now);
    expect(plain.followUp).toEqual({ ...item, resolved: true });
    expect(plain.stillQueued).toBe(false);
    expect(plain.event.type).toBe('follow_up.resolved');
    const noted = decideFollowUpAction(current, { action: 'resolve', note: 'paid' }, source, now);
    expect(noted.followUp.notes).toEqual([{ at: '2026-11-24T12:00:00.000Z', text: 'paid' }]);
  });
});
