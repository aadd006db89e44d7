// SQS consumer of the transmit queue: claims in, 837 interchanges out (shared/transmission).
// Each message gets its own outcome (partial batch response); a message to retry is hidden for a
// backoff that grows with its receive count; only a crash fails the whole batch.
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { S3Client } from '@aws-sdk/client-s3';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { queues } from '#shared/config/resources';
import { config, requireSetting } from '#shared/config/config';
import { SqsClaimNotifier } from '#shared/storage/sqs/claim-notifier';
import {
  connectorOpener,
  runtimeConnectorDependencies,
} from '#shared/connectors/runtime-connectors';
import { createAwsClients } from '#shared/storage/aws-clients';
import { ClaimRepository } from '#shared/storage/dynamodb/claim-repository';
import { PayerConnectionRepository } from '#shared/storage/dynamodb/payer-connection-repository';
import type { TransmitRequest } from '#shared/storage/sqs/transmit-queue';
import { ConnectionSlots } from '#shared/storage/dynamodb/connection-slots';
import { DynamoControlNumberCounter } from '#shared/storage/dynamodb/control-number-counter';
import { CountedControlNumbers } from '#shared/transmission/control-numbers';
import { InterchangeRecordRepository } from '#shared/storage/dynamodb/interchange-record-repository';
import { S3OutboundArchive } from '#shared/storage/s3/raw-file-archive';
import { backoffSeconds } from '#shared/transmission/retry-backoff';
import { lambdaHandler } from '../lambda-handler.ts';
import { setRetryVisibility } from '../../shared/storage/sqs/retry-visibility.ts';
import {
  transmitClaims,
  type TransmitDependencies,
  type TransmitMessage,
} from '#shared/transmission/transmit-claims';

export interface TransmitHandlerOptions {
  /** everything but the lease length and worker id, which come from each invocation */
  readonly flow: Omit<TransmitDependencies, 'leaseMs' | 'workerId'>;
  readonly sqs: SQSClient;
  readonly queueUrl: string;
  /** seconds a message to retry stays hidden, by its receive count */
  readonly backoff?: (receiveCount: number) => number;
  /** how much the upload lease outlives the invocation (clock skew between workers); 5 s */
  readonly leaseMarginMs?: number;
}

const LEASE_MARGIN_MS = 5_000;

class RetryLaterError extends Error {
  constructor(reason: string) {
    super(`transmit message not done: ${reason}`);
    this.name = 'RetryLaterError';
  }
}

export function createTransmitHandler(
  options: TransmitHandlerOptions,
): (event: SQSEvent, context: Context) => Promise<SQSBatchResponse> {
  const backoff = options.backoff ?? ((receiveCount: number) => backoffSeconds(receiveCount));
  return async (event, context) => {
    const messages = event.Records.map(toTransmitMessage);
    const outcomes = await transmitClaims(
      {
        ...options.flow,
        // the invocation cannot outlive its timeout: a lease that long is never held by two
        leaseMs: context.getRemainingTimeInMillis() + (options.leaseMarginMs ?? LEASE_MARGIN_MS),
        workerId: context.awsRequestId,
      },
      messages,
    );
    await setRetryVisibility(options, event.Records, outcomes, backoff);
    const processor = new BatchProcessor(EventType.SQS);
    return processPartialResponse(
      event,
      (record: SQSRecord) => {
        const outcome = outcomes.get(record.messageId);
        if (outcome?.kind !== 'done') throw new RetryLaterError(outcome?.reason ?? 'no outcome');
        return Promise.resolve();
      },
      processor,
      { context, throwOnFullBatchFailure: false },
    );
  };
}

/** Parses a record; a body that is not a transmit request gives `request: undefined`. */
export function toTransmitMessage(record: SQSRecord): TransmitMessage {
  const receiveCount = Number(record.attributes.ApproximateReceiveCount);
  return {
    messageId: record.messageId,
    request: parseRequest(record.body),
    receiveCount: Number.isFinite(receiveCount) && receiveCount > 0 ? receiveCount : 1,
  };
}

function parseRequest(body: string): TransmitRequest | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { tenantId, claimId, revision } = parsed as Record<string, unknown>;
  if (typeof tenantId !== 'string' || tenantId === '') return undefined;
  if (typeof claimId !== 'string' || claimId === '') return undefined;
  if (typeof revision !== 'number' || !Number.isInteger(revision) || revision < 1) return undefined;
  return { tenantId, claimId, revision };
}

// -- the deployed (and npm start) wiring, built on the first invocation -------------------------

function fromConfig(): (event: SQSEvent, context: Context) => Promise<SQSBatchResponse> {
  const settings = config();
  if (settings.ARCHIVE_BUCKET === undefined) {
    throw new Error('ARCHIVE_BUCKET is required by the transmit function');
  }
  const clients = createAwsClients(settings);
  const documents = clients.documents;
  const tableName = settings.TABLE_NAME;
  const s3 = new S3Client({
    region: settings.AWS_REGION,
    ...(settings.S3_ENDPOINT ? { endpoint: settings.S3_ENDPOINT, forcePathStyle: true } : {}),
  });
  const connections = new PayerConnectionRepository({ documents, tableName });
  return createTransmitHandler({
    sqs: clients.sqs,
    queueUrl: requireSetting(settings, 'TRANSMIT_QUEUE_URL'),
    flow: {
      claims: new ClaimRepository({ documents, tableName }),
      interchanges: new InterchangeRecordRepository({ documents, tableName }),
      controlNumbers: new CountedControlNumbers(
        new DynamoControlNumberCounter({ documents, tableName }),
      ),
      archive: new S3OutboundArchive({ s3, bucket: settings.ARCHIVE_BUCKET }),
      connections,
      connectors: connectorOpener(runtimeConnectorDependencies(settings)),
      // connection.concurrency sessions per connection across all workers
      slots: new ConnectionSlots({ documents, tableName }),
      now: () => new Date(),
      maxReceiveCount: queues.transmit.maxReceiveCount,
      notifier: new SqsClaimNotifier({
        sqs: clients.sqs,
        queueUrl: requireSetting(settings, 'NOTIFY_QUEUE_URL'),
      }),
    },
  });
}

let configured: ((event: SQSEvent, context: Context) => Promise<SQSBatchResponse>) | undefined;

export const handler = lambdaHandler<SQSEvent, SQSBatchResponse>((event, context) => {
  configured ??= fromConfig();
  return configured(event, context);
});
