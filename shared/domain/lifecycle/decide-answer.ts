// One payer answer as a decision: the indicated status when the transition table allows it from
// the current status, else the event alone (the no-going-back rule: a late 277CA after an 835 is
// history, not a status); an answer already in the history changes nothing. The payer summary
// and the work-queue membership are decided with it, so one write keeps them in agreement.
import type {
  ClaimEvent,
  ClaimRecord,
  PayerAnswerSummary,
} from '#shared/domain/claims/claim-record';
import { followUpAfterStatus, type FollowUpChange } from '#shared/domain/follow-up/work-item';
import { canTransition, type ClaimStatus } from './claim-status.ts';

/** Event type of an answer recorded without a status change (late or out of order). */
export const ANSWER_RECORDED_EVENT = 'claim.answer_recorded';

export interface AnswerRequest {
  readonly tenantId: string;
  readonly claimId: string;
  /** file hash, transaction and item: an answer already in the history is not applied again */
  readonly answerId: string;
  /** the status the answer indicates, set when the transition table allows it; null: none */
  readonly indicatedStatus: ClaimStatus | null;
  /** event type when the status changes, e.g. claim.paid */
  readonly type: string;
  readonly source: Omit<ClaimEvent['source'], 'answerId'>;
  readonly codes?: ClaimEvent['codes'];
  /** merged into the claim's summary when the status changes; otherwise fills only what is absent */
  readonly payerAnswer?: PayerAnswerSummary;
  readonly now: Date;
}

export interface AnswerResult {
  readonly claim: ClaimRecord;
  /** the event of this answer (new, or the one written the first time it was applied) */
  readonly event: ClaimEvent;
  /** true when the status changed with this call */
  readonly statusChanged: boolean;
  /** true when the answer was in the history already and nothing was written */
  readonly alreadyApplied: boolean;
}

export type AnswerDecision =
  | { readonly alreadyApplied: true; readonly event: ClaimEvent }
  | {
      readonly alreadyApplied: false;
      /** the new event; its status is the claim's status after the write */
      readonly event: ClaimEvent;
      readonly statusChanged: boolean;
      /** the summary to write; undefined: the claim has none and the answer adds none */
      readonly payerAnswer: PayerAnswerSummary | undefined;
      readonly followUp: FollowUpChange;
    };

/**
 * The summary after an answer: a status change takes the answer's values; an answer recorded
 * without one (late, out of order) only fills what is still unknown, never overwrites.
 */
export function mergePayerAnswer(
  current: PayerAnswerSummary | undefined,
  incoming: PayerAnswerSummary | undefined,
  statusChanged: boolean,
): PayerAnswerSummary | undefined {
  if (incoming === undefined) return current;
  const merged = statusChanged ? { ...current, ...incoming } : { ...incoming, ...current };
  return Object.keys(merged).length === 0 ? current : merged;
}

export function decideAnswer(current: ClaimRecord, request: AnswerRequest): AnswerDecision {
  const earlier = current.history.find((event) => event.source.answerId === request.answerId);
  if (earlier !== undefined) return { alreadyApplied: true, event: earlier };
  const indicated = request.indicatedStatus;
  const moves =
    indicated !== null && indicated !== current.status && canTransition(current.status, indicated);
  const at = request.now.toISOString();
  const event: ClaimEvent = {
    seq: current.revision + 1,
    at,
    type: moves ? request.type : ANSWER_RECORDED_EVENT,
    status: moves ? indicated : current.status,
    previousStatus: current.status,
    source: { ...request.source, answerId: request.answerId },
    ...(moves || indicated === null ? {} : { indicatedStatus: indicated }),
    ...(request.codes && request.codes.length > 0 ? { codes: request.codes } : {}),
  };
  const payerAnswer = mergePayerAnswer(current.payerAnswer, request.payerAnswer, moves);
  // queue membership follows the status: only a status change sets or removes it
  const followUp: FollowUpChange = moves
    ? followUpAfterStatus(current, indicated, request.codes ?? [], payerAnswer, at)
    : { change: 'unchanged' };
  return { alreadyApplied: false, event, statusChanged: moves, payerAnswer, followUp };
}
