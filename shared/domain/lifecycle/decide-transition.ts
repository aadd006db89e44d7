// A requested status change as a decision: allowed by the transition table or not, and if so the
// history event and the work-queue membership that go with it.
import type { ClaimEvent, ClaimRecord } from '#shared/domain/claims/claim-record';
import { followUpAfterStatus, type FollowUpChange } from '#shared/domain/follow-up/work-item';
import { canTransition, type ClaimStatus } from './claim-status.ts';

export interface TransitionRequest {
  readonly tenantId: string;
  readonly claimId: string;
  readonly to: ClaimStatus;
  readonly type: string;
  readonly source: ClaimEvent['source'];
  readonly codes?: ClaimEvent['codes'];
  readonly now: Date;
  /** to CORRECTED or VOIDED: the superseding claim, kept on the claim and on the event */
  readonly replacedBy?: string;
}

export type TransitionDecision =
  | { readonly allowed: false }
  | { readonly allowed: true; readonly event: ClaimEvent; readonly followUp: FollowUpChange };

export function decideTransition(
  current: ClaimRecord,
  request: TransitionRequest,
): TransitionDecision {
  if (!canTransition(current.status, request.to)) return { allowed: false };
  const at = request.now.toISOString();
  const event: ClaimEvent = {
    seq: current.revision + 1,
    at,
    type: request.type,
    status: request.to,
    previousStatus: current.status,
    source: request.source,
    ...(request.codes ? { codes: request.codes } : {}),
    ...(request.replacedBy === undefined ? {} : { replacedBy: request.replacedBy }),
  };
  const followUp = followUpAfterStatus(
    current,
    request.to,
    request.codes ?? [],
    current.payerAnswer,
    at,
  );
  return { allowed: true, event, followUp };
}
