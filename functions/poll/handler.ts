// Scheduled: polls the payers' inbound mailboxes (see shared/answers/poll-mailbox.ts); every file
// is archived, queued for process-response, and only then acknowledged at the payer.
import { S3Client } from '@aws-sdk/client-s3';
import type { Context, ScheduledEvent } from 'aws-lambda';
import { pollMailboxes, type PollResult } from '#shared/answers/poll-mailbox';
import { S3InboundArchive } from '#shared/storage/s3/raw-file-archive';
import * as z from 'zod/mini';
import { queues } from '#shared/config/resources';
import { configSchema } from '#shared/config/config';
import {
  connectorOpener,
  runtimeConnectorDependencies,
} from '#shared/connectors/runtime-connectors';
import type { PayerConnection } from '#shared/domain/payers/payer-connection';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logger, metrics } from '#shared/observability/logger';
import { createAwsClients } from '#shared/storage/aws-clients';
import { InboundFileRepository } from '#shared/storage/dynamodb/inbound-file-repository';
import { PayerConnectionRepository } from '#shared/storage/dynamodb/payer-connection-repository';
import { SqsAnswerFileQueue } from '#shared/storage/sqs/response-queue';
import { TenantRepository } from '#shared/storage/dynamodb/tenant-repository';
import { lambdaHandler } from '../lambda-handler.ts';

type PollRun = (context: Context) => Promise<PollResult>;

// The shared schema's fields this function uses: not the transmit queue, but the archive bucket
// and the response queue, both required here.
const settingsSchema = z.extend(
  z.pick(configSchema, {
    STAGE: true,
    AWS_REGION: true,
    TABLE_NAME: true,
    DYNAMODB_ENDPOINT: true,
    SQS_ENDPOINT: true,
    S3_ENDPOINT: true,
  }),
  {
    ARCHIVE_BUCKET: z.string().check(z.minLength(3)),
    [queues.response.environmentVariable]: z.url(),
  },
);

function fromEnvironment(): PollRun {
  const parsed = settingsSchema.safeParse(process.env);
  if (!parsed.success) {
    // names only: values could be anything the environment holds
    const names = parsed.error.issues.map((issue) => issue.path.join('.'));
    throw new Error(`poll function misconfigured: ${names.join(', ')}`);
  }
  const settings = parsed.data;
  const clients = createAwsClients(settings);
  const { documents } = clients;
  const tableName = settings.TABLE_NAME;
  const s3 = new S3Client({
    region: settings.AWS_REGION,
    ...(settings.S3_ENDPOINT ? { endpoint: settings.S3_ENDPOINT, forcePathStyle: true } : {}),
  });
  const connectorDependencies = runtimeConnectorDependencies(settings);
  // the local sandbox payer answers within seconds: its mailbox is read at every scheduled run
  // (the schema's 30 s minimum interval is meant for real payers)
  const intervalSeconds = (connection: PayerConnection): number =>
    connectorDependencies.sandbox !== undefined && connection.transport.kind === 'sandbox'
      ? 0
      : connection.pollIntervalSeconds;
  const dependencies = {
    tenants: new TenantRepository({ documents, tableName }),
    connections: new PayerConnectionRepository({ documents, tableName }),
    inbound: new InboundFileRepository({ documents, tableName }),
    archive: new S3InboundArchive({ s3, bucket: settings.ARCHIVE_BUCKET }),
    queue: new SqsAnswerFileQueue({
      sqs: clients.sqs,
      queueUrl: settings[queues.response.environmentVariable],
    }),
    connectors: connectorOpener(connectorDependencies),
    now: () => new Date(),
    intervalSeconds,
  };
  return (context) =>
    pollMailboxes({ ...dependencies, remainingMs: () => context.getRemainingTimeInMillis() });
}

let configured: PollRun | undefined;

export const handler = lambdaHandler<ScheduledEvent, PollResult>(async (_event, context) => {
  configured ??= fromEnvironment();
  const result = await configured(context);
  // published every run, so the metric is there (at zero) when no mailbox was due
  metrics.addMetric('MailboxesPolled', MetricUnit.Count, result.polled);
  logger.info('mailbox poll done', { ...result });
  return result;
});
