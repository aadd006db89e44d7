// Scheduled: claims without a 277CA or 835 in time go to NO_RESPONSE (shared/follow-up).
import type { ScheduledEvent } from 'aws-lambda';
import { sweepNoResponse, type NoResponseSweepResult } from '#shared/follow-up/no-response-sweeper';
import { logger, metrics } from '#shared/observability/logger';
import { documentClient } from '#shared/storage/aws-clients';
import { ClaimRepository } from '#shared/storage/dynamodb/claim-repository';
import { PayerConnectionRepository } from '#shared/storage/dynamodb/payer-connection-repository';
import { TenantRepository } from '#shared/storage/dynamodb/tenant-repository';
import { defineHandler } from '#functions/runtime/define-handler';

export const handler = defineHandler({
  requires: [],
  dependencies: (settings) => {
    const storage = { documents: documentClient(settings), tableName: settings.TABLE_NAME };
    return {
      claims: new ClaimRepository(storage),
      tenants: new TenantRepository(storage),
      connections: new PayerConnectionRepository(storage),
      now: () => new Date(),
    };
  },
  handle: async (_event: ScheduledEvent, dependencies): Promise<NoResponseSweepResult> => {
    const result = await sweepNoResponse(dependencies);
    metrics.addMetric('ClaimsEnteredNoResponse', 'Count', result.entered);
    logger.info('no-response sweep done', { ...result });
    return result;
  },
});
