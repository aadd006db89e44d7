// Scheduled: polls the payers' inbound mailboxes (see shared/answers/poll-mailbox.ts); every file
// is archived, queued for process-response, and only then acknowledged at the payer.
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { ScheduledEvent } from 'aws-lambda';
import { S3InboundArchive } from '#shared/storage/s3/raw-file-archive';
import { pollMailboxes, type PollResult } from '#shared/answers/poll-mailbox';
import {
  connectorOpener,
  runtimeConnectorDependencies,
} from '#shared/connectors/runtime-connectors';
import type { PayerConnection } from '#shared/domain/payers/payer-connection';
import { logger, metrics } from '#shared/observability/logger';
import { documentClient, s3Client, sqsClient } from '#shared/storage/aws-clients';
import { InboundFileRepository } from '#shared/storage/dynamodb/inbound-file-repository';
import { PayerConnectionRepository } from '#shared/storage/dynamodb/payer-connection-repository';
import { TenantRepository } from '#shared/storage/dynamodb/tenant-repository';
import { SqsAnswerFileQueue } from '#shared/storage/sqs/response-queue';
import { defineHandler } from '#functions/runtime/define-handler';

export const handler = defineHandler({
  requires: ['ARCHIVE_BUCKET', 'RESPONSE_QUEUE_URL'],
  dependencies: (settings) => {
    const storage = { documents: documentClient(settings), tableName: settings.TABLE_NAME };
    const connectorDependencies = runtimeConnectorDependencies(settings);
    return {
      tenants: new TenantRepository(storage),
      connections: new PayerConnectionRepository(storage),
      inbound: new InboundFileRepository(storage),
      archive: new S3InboundArchive({ s3: s3Client(settings), bucket: settings.ARCHIVE_BUCKET }),
      queue: new SqsAnswerFileQueue({
        sqs: sqsClient(settings),
        queueUrl: settings.RESPONSE_QUEUE_URL,
      }),
      connectors: connectorOpener(connectorDependencies),
      now: () => new Date(),
      // the local sandbox payer answers within seconds: its mailbox is read at every scheduled
      // run (the schema's 30 s minimum interval is meant for real payers)
      intervalSeconds: (connection: PayerConnection): number =>
        connectorDependencies.sandbox !== undefined && connection.transport.kind === 'sandbox'
          ? 0
          : connection.pollIntervalSeconds,
    };
  },
  handle: async (_event: ScheduledEvent, dependencies, context): Promise<PollResult> => {
    const result = await pollMailboxes({
      ...dependencies,
      remainingMs: () => context.getRemainingTimeInMillis(),
    });
    // published every run, so the metric is there (at zero) when no mailbox was due
    metrics.addMetric('MailboxesPolled', MetricUnit.Count, result.polled);
    logger.info('mailbox poll done', { ...result });
    return result;
  },
});
