// One message per claim status change on the notify queue (the webhook notifier's input). The
// message carries ids, status and codes only (docs/ARCHITECTURE.md section 5), never claim data; its id is the
// claim id and history sequence, stable across re-sends, so receivers can de-duplicate. The SQS
// sender is shared/storage/sqs/claim-notifier.ts.
import type { ClaimStatus } from '#shared/domain/lifecycle/claim-status';
import type { ClaimEvent } from '#shared/domain/claims/claim-record';
import type { BatchNotification } from './batch-notification.ts';

export interface ClaimNotification {
  /** `<claimId>:<seq>`: the same status change always has the same id */
  readonly id: string;
  /** claim.acknowledged, claim.rejected, claim.paid ... */
  readonly type: string;
  readonly tenantId: string;
  readonly claimId: string;
  readonly status: ClaimStatus;
  readonly previousStatus: ClaimStatus | null;
  readonly at: string;
  readonly source: string;
  readonly codes: NonNullable<ClaimEvent['codes']>;
}

/** What the notify queue carries: claim status changes and acknowledged batches. */
export type NotifyMessage = ClaimNotification | BatchNotification;

export interface ClaimNotifier {
  publish(notifications: readonly ClaimNotification[]): Promise<void>;
}

export function notificationOf(
  tenantId: string,
  claimId: string,
  event: ClaimEvent,
): ClaimNotification {
  return {
    id: `${claimId}:${event.seq}`,
    type: event.type,
    tenantId,
    claimId,
    status: event.status,
    previousStatus: event.previousStatus,
    at: event.at,
    source: event.source.kind,
    codes: event.codes ?? [],
  };
}
