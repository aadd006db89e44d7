// Scheduled: re-enqueue claims that stayed RECEIVED (see shared/intake/requeue-sweeper.ts).
import type { ScheduledEvent } from 'aws-lambda';
import { config, requireSetting } from '#shared/config/config';
import { sweepReceivedClaims, type SweepResult } from '#shared/intake/requeue-sweeper';
import { logger, metrics } from '#shared/observability/logger';
import { createAwsClients } from '#shared/storage/aws-clients';
import { ClaimRepository } from '#shared/storage/dynamodb/claim-repository';
import { TenantRepository } from '#shared/storage/dynamodb/tenant-repository';
import { SqsClaimQueue } from '#shared/storage/sqs/transmit-queue';
import { lambdaHandler } from '../lambda-handler.ts';

const settings = config();
const clients = createAwsClients(settings);
const dependencies = {
  claims: new ClaimRepository({ documents: clients.documents, tableName: settings.TABLE_NAME }),
  tenants: new TenantRepository({ documents: clients.documents, tableName: settings.TABLE_NAME }),
  queue: new SqsClaimQueue({
    sqs: clients.sqs,
    queueUrl: requireSetting(settings, 'TRANSMIT_QUEUE_URL'),
  }),
  now: () => new Date(),
};

export const handler = lambdaHandler<ScheduledEvent, SweepResult>(async () => {
  const result = await sweepReceivedClaims(dependencies);
  metrics.addMetric('ClaimsRequeued', 'Count', result.queued);
  logger.info('requeue sweep done', { ...result });
  return result;
});
