// Puts a stored (RECEIVED) claim on the transmit queue and marks it QUEUED; used by every path
// that stores claims and by the requeue sweeper. Its own module, so that the sweeper's bundle
// holds no claim validation (the schemas).
import type { ClaimRecord, EventSourceKind } from '#shared/domain/claims/claim-record';
import type { ClaimRepository } from '#shared/storage/dynamodb/claim-repository';
import type { ClaimQueue } from '#shared/storage/sqs/transmit-queue';
import { logger, metrics } from '#shared/observability/logger';

/**
 * Puts a RECEIVED claim on the transmit queue and moves it to QUEUED. Failures are logged (ids
 * only) and leave the claim RECEIVED for the sweeper; they are not the caller's problem.
 */
export async function enqueueReceivedClaim(
  dependencies: {
    readonly claims: ClaimRepository;
    readonly queue: ClaimQueue;
    readonly now: () => Date;
  },
  record: ClaimRecord,
  source: { kind: EventSourceKind; requestId?: string },
): Promise<ClaimRecord> {
  try {
    await dependencies.queue.enqueue({
      tenantId: record.tenantId,
      claimId: record.claimId,
      revision: record.revision,
    });
  } catch (error) {
    logger.warn('claim stays RECEIVED: enqueue failed, the requeue sweeper will retry', {
      claimId: record.claimId,
      tenantId: record.tenantId,
      errorName: error instanceof Error ? error.name : 'unknown',
    });
    metrics.addMetric('EnqueueFailures', 'Count', 1);
    return record;
  }
  try {
    return await dependencies.claims.transition({
      tenantId: record.tenantId,
      claimId: record.claimId,
      to: 'QUEUED',
      type: 'claim.queued',
      source,
      now: dependencies.now(),
    });
  } catch (error) {
    // the message is on the queue; the transmit worker accepts a RECEIVED claim as well
    logger.warn('claim enqueued but its QUEUED status write failed', {
      claimId: record.claimId,
      tenantId: record.tenantId,
      errorName: error instanceof Error ? error.name : 'unknown',
    });
    return record;
  }
}
