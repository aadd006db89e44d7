// SQS consumer of the response queue: one payer answer file per message (a reference the poller
// wrote after archiving the raw bytes to S3), applied by shared/answers/answer-file-message.ts.
// Each message is reported on its own (partial batch response): a transient failure is retried
// after a backoff, a message that can never succeed is shown again at once for the DLQ redrive.
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import {
  processAnswerFileMessage,
  type AnswerFileMessageDependencies,
  type AnswerFileMessageOutcome,
} from '#shared/answers/answer-file-message';
import { SqsClaimNotifier } from '#shared/storage/sqs/claim-notifier';
import { documentClient, s3Client, sqsClient } from '#shared/storage/aws-clients';
import { AnswerRepository } from '#shared/storage/dynamodb/answer-repository';
import { ClaimRepository } from '#shared/storage/dynamodb/claim-repository';
import { InterchangeRecordRepository } from '#shared/storage/dynamodb/interchange-record-repository';
import { PayerConnectionRepository } from '#shared/storage/dynamodb/payer-connection-repository';
import { S3AnswerArchive } from '#shared/storage/s3/answer-archive';
import { defineHandler, withDependencies } from '#functions/runtime/define-handler';
import { reportOutcomes, type ConsumedQueue } from '#functions/runtime/sqs-batch';

export type ProcessResponseHandlerOptions = AnswerFileMessageDependencies & ConsumedQueue;

async function processResponses(
  event: SQSEvent,
  options: ProcessResponseHandlerOptions,
  context: Context,
): Promise<SQSBatchResponse> {
  const outcomes = new Map<string, AnswerFileMessageOutcome>();
  // one file at a time: a big 835 already applies its claims in parallel batches
  for (const record of event.Records) {
    outcomes.set(record.messageId, await processAnswerFileMessage(options, record));
  }
  return reportOutcomes(options, event, context, outcomes);
}

/** The consumer over given dependencies (tests). */
export const createProcessResponseHandler = withDependencies(processResponses);

export const handler = defineHandler({
  requires: ['ARCHIVE_BUCKET', 'RESPONSE_QUEUE_URL', 'NOTIFY_QUEUE_URL'],
  dependencies: (settings): ProcessResponseHandlerOptions => {
    const storage = { documents: documentClient(settings), tableName: settings.TABLE_NAME };
    const sqs = sqsClient(settings);
    return {
      archive: new S3AnswerArchive({ s3: s3Client(settings), bucket: settings.ARCHIVE_BUCKET }),
      connections: new PayerConnectionRepository(storage),
      interchanges: new InterchangeRecordRepository(storage),
      claims: new ClaimRepository(storage),
      answers: new AnswerRepository(storage),
      notifier: new SqsClaimNotifier({
        sqs,
        queueUrl: settings.NOTIFY_QUEUE_URL,
      }),
      sqs,
      queueUrl: settings.RESPONSE_QUEUE_URL,
    };
  },
  handle: processResponses,
});
