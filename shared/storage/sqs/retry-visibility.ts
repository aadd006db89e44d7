// Lambda leaves a failed SQS message hidden for the queue's whole visibility timeout. Our
// consumers choose instead: a message to retry is hidden for a backoff that grows with its receive
// count, and a message bound for the DLQ comes back at once so the redrive moves it.
import { ChangeMessageVisibilityBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { SQSRecord } from 'aws-lambda';
import { logger } from '#shared/observability/logger';

/** What became of one message: only `retry` and `dead-letter` change its visibility. */
export interface VisibilityOutcome {
  readonly kind: 'done' | 'retry' | 'dead-letter';
  /** a retry that knows when to come back (e.g. a batching window) overrides the backoff */
  readonly delaySeconds?: number;
}

export async function setRetryVisibility(
  target: { readonly sqs: SQSClient; readonly queueUrl: string },
  records: readonly SQSRecord[],
  outcomes: ReadonlyMap<string, VisibilityOutcome>,
  backoff: (receiveCount: number) => number,
): Promise<void> {
  const entries = records.flatMap((record, index) => {
    const outcome = outcomes.get(record.messageId);
    if (outcome === undefined || outcome.kind === 'done') return [];
    const receiveCount = Number(record.attributes.ApproximateReceiveCount) || 1;
    const seconds = outcome.kind === 'retry' ? (outcome.delaySeconds ?? backoff(receiveCount)) : 0;
    return [{ Id: String(index), ReceiptHandle: record.receiptHandle, VisibilityTimeout: seconds }];
  });
  for (let start = 0; start < entries.length; start += 10) {
    const chunk = entries.slice(start, start + 10);
    try {
      const result = await target.sqs.send(
        new ChangeMessageVisibilityBatchCommand({ QueueUrl: target.queueUrl, Entries: chunk }),
      );
      if ((result.Failed ?? []).length > 0) {
        logger.warn('could not set the backoff of some messages', {
          failed: result.Failed?.length,
        });
      }
    } catch (error) {
      // the message still comes back, after the queue's visibility timeout
      logger.warn('could not set the backoff of messages', {
        count: chunk.length,
        errorName: error instanceof Error ? error.name : 'unknown',
      });
    }
  }
}
