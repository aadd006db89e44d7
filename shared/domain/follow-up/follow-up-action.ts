// What a person does to a claim's work item (assign, note, resolve) as a decision: the next work
// item and the history event, status unchanged. Storage writes both in one conditional write.
import type { ClaimEvent, ClaimRecord, FollowUpState } from '#shared/domain/claims/claim-record';
import { withNotes } from './work-item.ts';

export type FollowUpAction =
  | { readonly action: 'assign'; readonly assignee: string }
  | { readonly action: 'note'; readonly note: string }
  | { readonly action: 'resolve'; readonly note?: string };

export class NotInWorkQueueError extends Error {
  constructor() {
    super('the claim is in no work queue');
    this.name = 'NotInWorkQueueError';
  }
}

/** At most this many notes stay on a claim item (the oldest go), so it stays small. */
export const MAX_NOTES = 20;

export interface FollowUpDecision {
  readonly followUp: FollowUpState;
  readonly event: ClaimEvent;
  /** false once resolved: the claim leaves the queue index until its next status change */
  readonly stillQueued: boolean;
}

/** The work item and event after `change`; NotInWorkQueueError when the claim has no work item. */
export function decideFollowUpAction(
  current: ClaimRecord,
  change: FollowUpAction,
  source: ClaimEvent['source'],
  now: Date,
): FollowUpDecision {
  const followUp = current.followUp;
  if (followUp === undefined) throw new NotInWorkQueueError();
  const at = now.toISOString();
  const notes = (text: string | undefined) =>
    text === undefined
      ? followUp.notes
      : [...(followUp.notes ?? []), { at, text }].slice(-MAX_NOTES);
  const next: FollowUpState =
    change.action === 'assign'
      ? { ...followUp, assignee: change.assignee }
      : change.action === 'note'
        ? { ...followUp, notes: notes(change.note) ?? [] }
        : { ...followUp, resolved: true, ...withNotes(notes(change.note)) };
  const event: ClaimEvent = {
    seq: current.revision + 1,
    at,
    type: `follow_up.${change.action === 'assign' ? 'assigned' : change.action === 'note' ? 'noted' : 'resolved'}`,
    status: current.status,
    previousStatus: current.status,
    source,
  };
  return { followUp: next, event, stillQueued: next.resolved !== true };
}
