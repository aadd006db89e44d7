// A local Lambda event source mapping for SQS with ReportBatchItemFailures: long-polls the queue,
// gathers batches within the batching window, invokes the handler with an SQSEvent shaped as
// Lambda's, and deletes exactly the messages Lambda would delete. Message bodies are never logged.
import { createHash } from 'node:crypto';
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  type Message,
  type MessageAttributeValue,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { Context, SQSEvent, SQSMessageAttributes, SQSRecord } from 'aws-lambda';
import { createLambdaContext } from './lambda-context.ts';

/**
 * The consumer handler, async as the nodejs24.x runtime requires. It may return
 * `{ batchItemFailures: [{ itemIdentifier: messageId }] }`; anything else malformed fails the batch.
 */
export type SqsBatchHandler = (event: SQSEvent, context: Context) => Promise<unknown>;

export interface SqsEventSourceOptions {
  readonly sqs: SQSClient;
  readonly queueUrl: string;
  /** read from the queue when absent */
  readonly queueArn?: string;
  readonly handler: SqsBatchHandler;
  /** 1 to 10,000, as Lambda allows; above 10 needs a batching window of at least 1 s */
  readonly batchSize: number;
  /** 0 to 300 */
  readonly maxBatchingWindowSeconds: number;
  /** concurrent batches; default 2, the smallest maximum concurrency Lambda accepts */
  readonly maxConcurrency?: number;
  /** sent with ReceiveMessage; by default the queue's own, as Lambda does */
  readonly visibilityTimeoutSeconds?: number;
  /** long-poll wait per ReceiveMessage, 0 to 20; default 20 as Lambda */
  readonly pollWaitSeconds?: number;
  /** in the Lambda context and the logs; default the queue's name */
  readonly functionName?: string;
  /** a batch still running after it counts as failed, as when Lambda times out; default 30 */
  readonly functionTimeoutSeconds?: number;
  /** ids, counts and durations only; default console */
  readonly logger?: Pick<Console, 'info' | 'error'>;
}

export interface SqsEventSource {
  /** Stops polling, returns any gathered but undelivered messages, and waits for running batches. */
  stop(): Promise<void>;
}

export class SqsEventSourceOptionsError extends Error {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(`Invalid SQS event source options:\n${problems.map((p) => `- ${p}`).join('\n')}`);
    this.name = 'SqsEventSourceOptionsError';
    this.problems = problems;
  }
}

const MAX_MESSAGES_PER_RECEIVE = 10;
const RETRY_AFTER_ERROR_MS = 1000;

export async function startSqsEventSource(options: SqsEventSourceOptions): Promise<SqsEventSource> {
  const problems = optionProblems(options);
  if (problems.length > 0) throw new SqsEventSourceOptionsError(problems);

  const { sqs, queueUrl, handler } = options;
  const queueName = queueUrl.split('/').at(-1) ?? queueUrl;
  const functionName = options.functionName ?? queueName;
  const maxConcurrency = options.maxConcurrency ?? 2;
  const pollWaitSeconds = options.pollWaitSeconds ?? 20;
  const timeoutMs = (options.functionTimeoutSeconds ?? 30) * 1000;
  const logger = options.logger ?? console;
  const region = await sqs.config.region();
  const queueArn = options.queueArn ?? (await readQueueArn(sqs, queueUrl));

  const abort = new AbortController();
  const inFlight = new Set<Promise<void>>();

  async function receive(maxMessages: number, waitSeconds: number): Promise<Message[]> {
    const result = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: maxMessages,
        WaitTimeSeconds: waitSeconds,
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
        ...(options.visibilityTimeoutSeconds === undefined
          ? {}
          : { VisibilityTimeout: options.visibilityTimeoutSeconds }),
      }),
      { abortSignal: abort.signal },
    );
    return result.Messages ?? [];
  }

  // Collects up to batchSize messages: the window opens with the first message and the batch is
  // handed over when it is full or the window has passed (at once when the window is 0).
  async function gather(): Promise<Message[]> {
    const batch: Message[] = [];
    let windowEndsAt: number | undefined;
    while (batch.length < options.batchSize && !abort.signal.aborted) {
      let waitSeconds = pollWaitSeconds;
      if (windowEndsAt !== undefined) {
        const remainingMs = windowEndsAt - Date.now();
        if (remainingMs <= 0) break;
        waitSeconds = Math.min(pollWaitSeconds, Math.ceil(remainingMs / 1000));
      }
      let received: Message[];
      try {
        received = await receive(
          Math.min(MAX_MESSAGES_PER_RECEIVE, options.batchSize - batch.length),
          waitSeconds,
        );
      } catch (error) {
        if (abort.signal.aborted) break;
        logger.error('SQS receive failed', {
          functionName,
          queueName,
          error: describeError(error),
        });
        if (batch.length > 0) break;
        await sleep(RETRY_AFTER_ERROR_MS, abort.signal);
        continue;
      }
      batch.push(...received);
      if (batch.length > 0) {
        windowEndsAt ??= Date.now() + options.maxBatchingWindowSeconds * 1000;
        if (options.maxBatchingWindowSeconds === 0) break;
      }
    }
    if (abort.signal.aborted && batch.length > 0) {
      await release(batch);
      return [];
    }
    return batch;
  }

  // Messages gathered when stop() came are made visible again rather than handed to a handler
  // that is shutting down.
  async function release(messages: Message[]): Promise<void> {
    try {
      for (const chunk of chunks(messages, MAX_MESSAGES_PER_RECEIVE)) {
        await sqs.send(
          new ChangeMessageVisibilityBatchCommand({
            QueueUrl: queueUrl,
            Entries: chunk.map((message, index) => ({
              Id: String(index),
              ReceiptHandle: message.ReceiptHandle,
              VisibilityTimeout: 0,
            })),
          }),
        );
      }
    } catch (error) {
      logger.error('could not release undelivered messages', {
        functionName,
        messageIds: messages.map((message) => message.MessageId),
        error: describeError(error),
      });
    }
  }

  async function processBatch(messages: Message[]): Promise<void> {
    const started = Date.now();
    const records = messages.map((message) => toRecord(message, queueArn, region));
    const context = createLambdaContext({ functionName, region, timeoutMs });
    const outcome = await invoke(handler, { Records: records }, context, timeoutMs);
    const messageIds = records.map((record) => record.messageId);
    const logFields = {
      functionName,
      awsRequestId: context.awsRequestId,
      messages: records.length,
    };

    if (outcome.kind === 'threw' || outcome.kind === 'timed-out') {
      logger.error(outcome.kind === 'threw' ? 'handler failed' : 'handler timed out', {
        ...logFields,
        messageIds,
        ...(outcome.kind === 'threw' ? { error: describeError(outcome.error) } : {}),
      });
      return;
    }
    const failed = parseBatchResponse(outcome.value, new Set(messageIds));
    if (typeof failed === 'string') {
      logger.error('invalid batch response; the whole batch failed', {
        ...logFields,
        messageIds,
        problem: failed,
      });
      return;
    }

    const done = records.filter((record) => !failed.has(record.messageId));
    await deleteMessages(done);
    logger.info('batch processed', {
      ...logFields,
      failed: records.length - done.length,
      ...(failed.size > 0 ? { failedMessageIds: [...failed] } : {}),
      ms: Date.now() - started,
    });
  }

  async function deleteMessages(records: SQSRecord[]): Promise<void> {
    for (const chunk of chunks(records, MAX_MESSAGES_PER_RECEIVE)) {
      try {
        const result = await sqs.send(
          new DeleteMessageBatchCommand({
            QueueUrl: queueUrl,
            Entries: chunk.map((record, index) => ({
              Id: String(index),
              ReceiptHandle: record.receiptHandle,
            })),
          }),
        );
        for (const failure of result.Failed ?? []) {
          const record = chunk[Number(failure.Id)];
          logger.error('could not delete a processed message', {
            functionName,
            messageId: record?.messageId,
            code: failure.Code,
          });
        }
      } catch (error) {
        logger.error('could not delete processed messages', {
          functionName,
          messageIds: chunk.map((record) => record.messageId),
          error: describeError(error),
        });
      }
    }
  }

  async function pollLoop(): Promise<void> {
    while (!abort.signal.aborted) {
      while (inFlight.size >= maxConcurrency) await Promise.race(inFlight);
      if (abort.signal.aborted) break;
      const messages = await gather();
      if (messages.length === 0) continue;
      const work: Promise<void> = processBatch(messages)
        .catch((error: unknown) => {
          logger.error('batch processing failed', { functionName, error: describeError(error) });
        })
        .finally(() => inFlight.delete(work));
      inFlight.add(work);
    }
  }

  const polling = pollLoop();

  return {
    async stop() {
      abort.abort();
      await polling;
      await Promise.all(inFlight);
    },
  };
}

type Invocation =
  { kind: 'returned'; value: unknown } | { kind: 'threw'; error: unknown } | { kind: 'timed-out' };

async function invoke(
  handler: SqsBatchHandler,
  event: SQSEvent,
  context: Context,
  timeoutMs: number,
): Promise<Invocation> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Invocation>((resolve) => {
    timer = setTimeout(() => resolve({ kind: 'timed-out' }), timeoutMs);
  });
  try {
    return await Promise.race([
      handler(event, context).then(
        (value): Invocation => ({ kind: 'returned', value }),
        (error: unknown): Invocation => ({ kind: 'threw', error }),
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Lambda's ReportBatchItemFailures rules: no response, no list or an empty list is a full success;
 * a malformed response, or an itemIdentifier that is empty, missing or not in the batch, fails the
 * whole batch. Returns the failed message ids, or the reason the whole batch failed.
 */
export function parseBatchResponse(
  response: unknown,
  messageIds: ReadonlySet<string>,
): ReadonlySet<string> | string {
  if (response === undefined || response === null) return new Set();
  if (typeof response !== 'object' || Array.isArray(response)) return 'response is not an object';
  const failures = (response as { batchItemFailures?: unknown }).batchItemFailures;
  if (failures === undefined || failures === null) return new Set();
  if (!Array.isArray(failures)) return 'batchItemFailures is not a list';
  const failed = new Set<string>();
  for (const failure of failures as unknown[]) {
    const identifier =
      typeof failure === 'object' && failure !== null
        ? (failure as { itemIdentifier?: unknown }).itemIdentifier
        : undefined;
    if (typeof identifier !== 'string' || identifier === '') {
      return 'an entry has no itemIdentifier';
    }
    if (!messageIds.has(identifier)) return `itemIdentifier ${identifier} is not in the batch`;
    failed.add(identifier);
  }
  return failed;
}

/** Shapes a received message as the record Lambda puts in an SQSEvent. */
export function toRecord(message: Message, queueArn: string, region: string): SQSRecord {
  const body = message.Body ?? '';
  const system = message.Attributes ?? {};
  const messageAttributes: SQSMessageAttributes = {};
  for (const [name, value] of Object.entries(message.MessageAttributes ?? {})) {
    messageAttributes[name] = toLambdaAttribute(value);
  }
  const { ApproximateReceiveCount, SentTimestamp, SenderId, ApproximateFirstReceiveTimestamp } =
    system;
  return {
    messageId: message.MessageId ?? '',
    receiptHandle: message.ReceiptHandle ?? '',
    body,
    attributes: {
      ...system,
      ApproximateReceiveCount: ApproximateReceiveCount ?? '1',
      SentTimestamp: SentTimestamp ?? '',
      SenderId: SenderId ?? '',
      ApproximateFirstReceiveTimestamp: ApproximateFirstReceiveTimestamp ?? '',
    },
    messageAttributes,
    md5OfBody: message.MD5OfBody ?? createHash('md5').update(body).digest('hex'),
    ...(message.MD5OfMessageAttributes === undefined
      ? {}
      : { md5OfMessageAttributes: message.MD5OfMessageAttributes }),
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: region,
  };
}

function toLambdaAttribute(value: MessageAttributeValue): SQSMessageAttributes[string] {
  const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
  return {
    ...(value.StringValue === undefined ? {} : { stringValue: value.StringValue }),
    ...(value.BinaryValue === undefined ? {} : { binaryValue: base64(value.BinaryValue) }),
    stringListValues: value.StringListValues ?? [],
    binaryListValues: (value.BinaryListValues ?? []).map(base64),
    dataType: value.DataType ?? 'String',
  };
}

function optionProblems(options: SqsEventSourceOptions): string[] {
  const problems: string[] = [];
  const { batchSize, maxBatchingWindowSeconds: window } = options;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) {
    problems.push(`batchSize must be an integer from 1 to 10000, got ${batchSize}`);
  }
  if (!(window >= 0 && window <= 300)) {
    problems.push(`maxBatchingWindowSeconds must be from 0 to 300, got ${window}`);
  }
  if (batchSize > 10 && !(window >= 1)) {
    problems.push(
      'a batchSize above 10 needs maxBatchingWindowSeconds of at least 1 (as in Lambda)',
    );
  }
  const concurrency = options.maxConcurrency;
  if (concurrency !== undefined && !(Number.isInteger(concurrency) && concurrency >= 1)) {
    problems.push(`maxConcurrency must be a positive integer, got ${concurrency}`);
  }
  const wait = options.pollWaitSeconds;
  if (wait !== undefined && !(Number.isInteger(wait) && wait >= 0 && wait <= 20)) {
    problems.push(`pollWaitSeconds must be an integer from 0 to 20, got ${wait}`);
  }
  const visibility = options.visibilityTimeoutSeconds;
  if (visibility !== undefined && !(Number.isInteger(visibility) && visibility >= 0)) {
    problems.push(`visibilityTimeoutSeconds must be a non-negative integer, got ${visibility}`);
  }
  const timeout = options.functionTimeoutSeconds;
  if (timeout !== undefined && !(timeout > 0 && timeout <= 900)) {
    problems.push(`functionTimeoutSeconds must be from 0 to 900, got ${timeout}`);
  }
  return problems;
}

async function readQueueArn(sqs: SQSClient, queueUrl: string): Promise<string> {
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }),
  );
  if (Attributes?.QueueArn === undefined) throw new Error(`no QueueArn for ${queueUrl}`);
  return Attributes.QueueArn;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let index = 0; index < items.length; index += size) {
    result.push(items.slice(index, index + size));
  }
  return result;
}

async function sleep(ms: number, signal: AbortSignal): Promise<void> {
  await new Promise<void>((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}

function describeError(error: unknown): Record<string, string | undefined> {
  if (error instanceof Error)
    return { name: error.name, message: error.message, stack: error.stack };
  return { name: typeof error };
}
