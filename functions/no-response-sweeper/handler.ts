// Scheduled: claims without a 277CA or 835 in time go to NO_RESPONSE (shared/follow-up).
import type { ScheduledEvent } from 'aws-lambda';
import { config } from '#shared/config/config';
import { sweepNoResponse, type NoResponseSweepResult } from '#shared/follow-up/no-response-sweeper';
import { logger, metrics } from '#shared/observability/logger';
import { createAwsClients } from '#shared/storage/aws-clients';
import { ClaimRepository } from '#shared/storage/dynamodb/claim-repository';
import { PayerConnectionRepository } from '#shared/storage/dynamodb/payer-connection-repository';
import { TenantRepository } from '#shared/storage/dynamodb/tenant-repository';
import { lambdaHandler } from '../lambda-handler.ts';

const settings = config();
const clients = createAwsClients(settings);
const storage = { documents: clients.documents, tableName: settings.TABLE_NAME };
const dependencies = {
  claims: new ClaimRepository(storage),
  tenants: new TenantRepository(storage),
  connections: new PayerConnectionRepository(storage),
  now: () => new Date(),
};

export const handler = lambdaHandler<ScheduledEvent, NoResponseSweepResult>(async () => {
  const result = await sweepNoResponse(dependencies);
  metrics.addMetric('ClaimsEnteredNoResponse', 'Count', result.entered);
  logger.info('no-response sweep done', { ...result });
  return result;
});
