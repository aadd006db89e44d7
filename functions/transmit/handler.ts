// SQS consumer of the transmit queue: claims in, 837 interchanges out (shared/transmission). One
// outcome per message (partial batch response, retries backed off); only a crash fails the batch.
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { SqsClaimNotifier } from '#shared/storage/sqs/claim-notifier';
import { queues } from '#shared/config/resources';
import {
  connectorOpener,
  runtimeConnectorDependencies,
} from '#shared/connectors/runtime-connectors';
import { documentClient, s3Client, sqsClient } from '#shared/storage/aws-clients';
import { ClaimRepository } from '#shared/storage/dynamodb/claim-repository';
import { ConnectionSlots } from '#shared/storage/dynamodb/connection-slots';
import { InterchangeRecordRepository } from '#shared/storage/dynamodb/interchange-record-repository';
import { PayerConnectionRepository } from '#shared/storage/dynamodb/payer-connection-repository';
import { parseTransmitRequest } from '#shared/storage/sqs/transmit-queue';
import { DynamoControlNumberCounter } from '#shared/storage/dynamodb/control-number-counter';
import { S3OutboundArchive } from '#shared/storage/s3/raw-file-archive';
import { CountedControlNumbers } from '#shared/transmission/control-numbers';
import { transmitClaims, type TransmitDependencies } from '#shared/transmission/transmit-claims';
import { defineHandler, withDependencies } from '#functions/runtime/define-handler';
import { receiveCountOf, reportOutcomes, type ConsumedQueue } from '#functions/runtime/sqs-batch';

export interface TransmitHandlerOptions extends ConsumedQueue {
  /** everything but the lease length and worker id, which come from each invocation */
  readonly flow: Omit<TransmitDependencies, 'leaseMs' | 'workerId'>;
  /** how much the upload lease outlives the invocation (clock skew between workers); 5 s */
  readonly leaseMarginMs?: number;
}

async function transmitBatch(
  event: SQSEvent,
  options: TransmitHandlerOptions,
  context: Context,
): Promise<SQSBatchResponse> {
  const messages = event.Records.map((record) => ({
    messageId: record.messageId,
    request: parseTransmitRequest(record.body),
    receiveCount: receiveCountOf(record),
  }));
  const outcomes = await transmitClaims(
    {
      ...options.flow,
      // the invocation cannot outlive its timeout: a lease that long is never held by two
      leaseMs: context.getRemainingTimeInMillis() + (options.leaseMarginMs ?? 5_000),
      workerId: context.awsRequestId,
    },
    messages,
  );
  return reportOutcomes(options, event, context, outcomes);
}

/** The consumer over given dependencies (tests). */
export const createTransmitHandler = withDependencies(transmitBatch);

export const handler = defineHandler({
  requires: ['ARCHIVE_BUCKET', 'TRANSMIT_QUEUE_URL', 'NOTIFY_QUEUE_URL'],
  dependencies: (settings): TransmitHandlerOptions => {
    const storage = { documents: documentClient(settings), tableName: settings.TABLE_NAME };
    const sqs = sqsClient(settings);
    return {
      sqs,
      queueUrl: settings.TRANSMIT_QUEUE_URL,
      flow: {
        claims: new ClaimRepository(storage),
        interchanges: new InterchangeRecordRepository(storage),
        controlNumbers: new CountedControlNumbers(new DynamoControlNumberCounter(storage)),
        archive: new S3OutboundArchive({ s3: s3Client(settings), bucket: settings.ARCHIVE_BUCKET }),
        connections: new PayerConnectionRepository(storage),
        connectors: connectorOpener(runtimeConnectorDependencies(settings)),
        // connection.concurrency sessions per connection across all workers
        slots: new ConnectionSlots(storage),
        now: () => new Date(),
        maxReceiveCount: queues.transmit.maxReceiveCount,
        notifier: new SqsClaimNotifier({ sqs, queueUrl: settings.NOTIFY_QUEUE_URL }),
      },
    };
  },
  handle: transmitBatch,
});
