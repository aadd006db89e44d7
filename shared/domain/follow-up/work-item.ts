// Work-queue membership as a decision: which work item a claim gets when its status changes (or
// when it waited too long for an answer), and whether its membership is set, removed or kept.
// Storage turns the decision into the sparse gsi3 keys of the same conditional write.
import type { ClaimStatus } from '#shared/domain/lifecycle/claim-status';
import type {
  ClaimRecord,
  FollowUpNote,
  FollowUpState,
  PayerAnswerSummary,
} from '#shared/domain/claims/claim-record';
import {
  amountAtStakeCents,
  queueOfStatus,
  reasonCodesOf,
  suggestedAction,
  type ReasonCode,
  type WorkQueue,
} from './work-queue-rules.ts';

/** What a write does to a claim's work item. */
export type FollowUpChange =
  | { readonly change: 'set'; readonly followUp: FollowUpState }
  | { readonly change: 'remove' }
  | { readonly change: 'unchanged' };

export function withNotes(notes: readonly FollowUpNote[] | undefined): {
  notes?: readonly FollowUpNote[];
} {
  return notes === undefined ? {} : { notes };
}

/** The work item of a claim entering `queue` with `status` (assignee and notes carry over). */
export function workItemFor(
  claim: ClaimRecord,
  queue: WorkQueue,
  status: ClaimStatus,
  codes: readonly ReasonCode[],
  payerAnswer: PayerAnswerSummary | undefined,
  at: string,
): FollowUpState {
  const reasons = reasonCodesOf(codes);
  const previous = claim.followUp;
  return {
    queue,
    status,
    enteredAt: at,
    amountAtStakeCents: amountAtStakeCents(queue, {
      charge: claim.chargeAmount,
      ...(payerAnswer?.paidAmount === undefined ? {} : { paid: payerAnswer.paidAmount }),
      ...(payerAnswer?.patientResponsibilityAmount === undefined
        ? {}
        : { patientResponsibility: payerAnswer.patientResponsibilityAmount }),
    }),
    action: suggestedAction(queue, reasons),
    codes: reasons,
    // who works the claim and what they wrote carry over to its next queue
    ...(previous?.assignee === undefined ? {} : { assignee: previous.assignee }),
    ...withNotes(previous?.notes),
  };
}

/**
 * Membership after a status change: a work item when the new status has a queue, else removed
 * (even when the claim had none: the sweeper may have added NO_RESPONSE since it was read).
 */
export function followUpAfterStatus(
  current: ClaimRecord,
  to: ClaimStatus,
  codes: readonly ReasonCode[],
  payerAnswer: PayerAnswerSummary | undefined,
  at: string,
): FollowUpChange {
  const queue = queueOfStatus(to);
  if (queue === undefined) return { change: 'remove' };
  return { change: 'set', followUp: workItemFor(current, queue, to, codes, payerAnswer, at) };
}

/**
 * The NO_RESPONSE work item of a claim that waited too long for a payer answer: a membership,
 * not a status (status, revision and history stay).
 */
export function decideNoResponse(claim: ClaimRecord, now: Date): FollowUpState {
  return workItemFor(claim, 'NO_RESPONSE', claim.status, [], claim.payerAnswer, now.toISOString());
}
