// Scheduled: re-enqueue claims that stayed RECEIVED (see shared/intake/requeue-sweeper.ts).
import type { ScheduledEvent } from 'aws-lambda';
import { sweepReceivedClaims, type SweepResult } from '#shared/intake/requeue-sweeper';
import { logger, metrics } from '#shared/observability/logger';
import { documentClient, sqsClient } from '#shared/storage/aws-clients';
import { ClaimRepository } from '#shared/storage/dynamodb/claim-repository';
import { TenantRepository } from '#shared/storage/dynamodb/tenant-repository';
import { SqsClaimQueue } from '#shared/storage/sqs/transmit-queue';
import { defineHandler } from '#functions/runtime/define-handler';

export const handler = defineHandler({
  requires: ['TRANSMIT_QUEUE_URL'],
  dependencies: (settings) => {
    const storage = { documents: documentClient(settings), tableName: settings.TABLE_NAME };
    return {
      claims: new ClaimRepository(storage),
      tenants: new TenantRepository(storage),
      queue: new SqsClaimQueue({ sqs: sqsClient(settings), queueUrl: settings.TRANSMIT_QUEUE_URL }),
      now: () => new Date(),
    };
  },
  handle: async (_event: ScheduledEvent, dependencies): Promise<SweepResult> => {
    const result = await sweepReceivedClaims(dependencies);
    metrics.addMetric('ClaimsRequeued', 'Count', result.queued);
    logger.info('requeue sweep done', { ...result });
    return result;
  },
});
