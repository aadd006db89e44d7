// The SQS consumers' partial batch responses (Powertools BatchProcessor): each record gets its own
// outcome, and only a crash fails the whole batch. For use cases that decide a whole batch first
// (transmit, process-response), `reportOutcomes` also sets each message's visibility: a message
// to retry is hidden for a backoff that grows with its receive count, one bound for the DLQ comes
// back at once so the redrive moves it.
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { setRetryVisibility, type VisibilityOutcome } from '#shared/storage/sqs/retry-visibility';
import { backoffSeconds } from '#shared/transmission/retry-backoff';

/** The queue a batch came from, to set its messages' visibility. */
export interface ConsumedQueue {
  readonly sqs: SQSClient;
  readonly queueUrl: string;
  /** seconds a message to retry stays hidden, by its receive count; `backoffSeconds` by default */
  readonly backoff?: (receiveCount: number) => number;
}

/** What became of one message; the reason of a message not done is the error the batch reports. */
export type RecordOutcome = VisibilityOutcome & { readonly reason?: string };

class MessageNotDoneError extends Error {
  constructor(outcome: RecordOutcome | undefined) {
    super(`message not done (${outcome?.kind ?? 'retry'}): ${outcome?.reason ?? 'no outcome'}`);
    this.name = 'MessageNotDoneError';
  }
}

/** One handler call per record; a record whose handler throws is reported failed. */
export function processEachRecord(
  event: SQSEvent,
  context: Context,
  handle: (record: SQSRecord) => Promise<void>,
): Promise<SQSBatchResponse> {
  return processPartialResponse(event, handle, new BatchProcessor(EventType.SQS), {
    context,
    throwOnFullBatchFailure: false,
  });
}

/** Sets the visibility of the messages not done, then reports them failed. */
export async function reportOutcomes(
  queue: ConsumedQueue,
  event: SQSEvent,
  context: Context,
  outcomes: ReadonlyMap<string, RecordOutcome>,
): Promise<SQSBatchResponse> {
  const backoff = queue.backoff ?? ((receiveCount: number) => backoffSeconds(receiveCount));
  await setRetryVisibility(queue, event.Records, outcomes, backoff);
  return processEachRecord(event, context, (record) => {
    const outcome = outcomes.get(record.messageId);
    if (outcome?.kind !== 'done') throw new MessageNotDoneError(outcome);
    return Promise.resolve();
  });
}

/** The receive count Lambda reports (1 when absent or unreadable). */
export function receiveCountOf(record: SQSRecord): number {
  const receiveCount = Number(record.attributes.ApproximateReceiveCount);
  return Number.isFinite(receiveCount) && receiveCount > 0 ? receiveCount : 1;
}
