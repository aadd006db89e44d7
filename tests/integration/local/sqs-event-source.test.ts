import { createHash, randomBytes } from 'node:crypto';
import { afterEach, describe, expect, inject, it } from 'vitest';
import {
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import {
  parseBatchResponse,
  startSqsEventSource,
  SqsEventSourceOptionsError,
  type SqsEventSource,
  type SqsEventSourceOptions,
} from '#infra/local/sqs-event-source';

const region = 'us-east-1';
const sqs = new SQSClient({ endpoint: inject('awsEndpoint'), region });

interface TestQueue {
  url: string;
  arn: string;
  deadLetterUrl: string;
}

async function createQueue(
  options: { visibilityTimeoutSeconds?: number; maxReceiveCount?: number } = {},
): Promise<TestQueue> {
  const name = `event-source-${randomBytes(4).toString('hex')}`;
  const dlq = await sqs.send(new CreateQueueCommand({ QueueName: `${name}-dlq` }));
  const dlqArn = await arnOf(dlq.QueueUrl ?? '');
  const queue = await sqs.send(
    new CreateQueueCommand({
      QueueName: name,
      Attributes: {
        VisibilityTimeout: String(options.visibilityTimeoutSeconds ?? 1),
        RedrivePolicy: JSON.stringify({
          deadLetterTargetArn: dlqArn,
          maxReceiveCount: options.maxReceiveCount ?? 5,
        }),
      },
    }),
  );
  const url = queue.QueueUrl ?? '';
  return { url, arn: await arnOf(url), deadLetterUrl: dlq.QueueUrl ?? '' };
}

async function arnOf(url: string): Promise<string> {
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }),
  );
  return Attributes?.QueueArn ?? '';
}

async function depth(url: string): Promise<{ visible: number; inFlight: number }> {
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: url,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return {
    visible: Number(Attributes?.ApproximateNumberOfMessages),
    inFlight: Number(Attributes?.ApproximateNumberOfMessagesNotVisible),
  };
}

async function sendBodies(url: string, bodies: string[]): Promise<string[]> {
  const ids: string[] = [];
  for (let start = 0; start < bodies.length; start += 10) {
    const result = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: url,
        Entries: bodies
          .slice(start, start + 10)
          .map((body, index) => ({ Id: String(index), MessageBody: body })),
      }),
    );
    ids.push(...(result.Successful ?? []).map((entry) => entry.MessageId ?? ''));
  }
  return ids;
}

async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const sources: SqsEventSource[] = [];
afterEach(async () => {
  await Promise.all(sources.splice(0).map((source) => source.stop()));
});

interface Recorder {
  events: SQSEvent[];
  records: () => SQSRecord[];
  logs: unknown[][];
}

async function start(
  queue: TestQueue,
  handler: SqsEventSourceOptions['handler'],
  overrides: Partial<SqsEventSourceOptions> = {},
): Promise<Recorder & { source: SqsEventSource }> {
  const events: SQSEvent[] = [];
  const logs: unknown[][] = [];
  const source = await startSqsEventSource({
    sqs,
    queueUrl: queue.url,
    batchSize: 10,
    maxBatchingWindowSeconds: 0,
    pollWaitSeconds: 1,
    handler: async (event, context) => {
      events.push(event);
      return await handler(event, context);
    },
    logger: {
      info: (...args: unknown[]) => logs.push(args),
      error: (...args: unknown[]) => logs.push(args),
    },
    ...overrides,
  });
  sources.push(source);
  return { source, events, logs, records: () => events.flatMap((event) => event.Records) };
}

const fail = (...ids: string[]) => ({
  batchItemFailures: ids.map((itemIdentifier) => ({ itemIdentifier })),
});

describe('startSqsEventSource', () => {
  it('delivers Lambda-shaped records with system and message attributes, then deletes them', async () => {
    const queue = await createQueue();
    const sent = await sqs.send(
      new SendMessageCommand({
        QueueUrl: queue.url,
        MessageBody: '{"claimId":"c-1"}',
        MessageAttributes: {
          tenant: { DataType: 'String', StringValue: 't-1' },
          attempt: { DataType: 'Number', StringValue: '2' },
          blob: { DataType: 'Binary', BinaryValue: Buffer.from([1, 2, 3]) },
        },
      }),
    );
    const run = await start(queue, () => Promise.resolve(undefined));

    await waitFor(() => run.records().length === 1);
    await waitFor(async () => (await depth(queue.url)).inFlight === 0);

    const [record] = run.records();
    expect(record).toMatchObject({
      messageId: sent.MessageId,
      body: '{"claimId":"c-1"}',
      md5OfBody: createHash('md5').update('{"claimId":"c-1"}').digest('hex'),
      eventSource: 'aws:sqs',
      eventSourceARN: queue.arn,
      awsRegion: region,
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: expect.stringMatching(/^\d{13}$/) as string,
        SenderId: expect.any(String) as string,
        ApproximateFirstReceiveTimestamp: expect.stringMatching(/^\d{13}$/) as string,
      },
      messageAttributes: {
        tenant: {
          stringValue: 't-1',
          stringListValues: [],
          binaryListValues: [],
          dataType: 'String',
        },
        attempt: {
          stringValue: '2',
          stringListValues: [],
          binaryListValues: [],
          dataType: 'Number',
        },
        blob: {
          binaryValue: Buffer.from([1, 2, 3]).toString('base64'),
          stringListValues: [],
          binaryListValues: [],
          dataType: 'Binary',
        },
      },
    });
    expect(record?.receiptHandle).toEqual(expect.any(String));
    expect(await depth(queue.url)).toEqual({ visible: 0, inFlight: 0 });
  });

  it('gathers up to batchSize messages over several receives within the batching window', async () => {
    const queue = await createQueue({ visibilityTimeoutSeconds: 30 });
    await sendBodies(
      queue.url,
      Array.from({ length: 12 }, (_, index) => `m-${index}`),
    );

    const run = await start(queue, () => Promise.resolve(undefined), {
      batchSize: 12,
      maxBatchingWindowSeconds: 2,
    });
    await waitFor(() => run.records().length === 12);

    expect(run.events).toHaveLength(1);
    expect(new Set(run.records().map((record) => record.body)).size).toBe(12);
  });

  it('never hands the handler more than batchSize records', async () => {
    const queue = await createQueue({ visibilityTimeoutSeconds: 30 });
    await sendBodies(
      queue.url,
      Array.from({ length: 7 }, (_, index) => `m-${index}`),
    );

    const run = await start(queue, () => Promise.resolve(undefined), {
      batchSize: 3,
      maxBatchingWindowSeconds: 1,
    });
    await waitFor(() => run.records().length === 7);

    expect(run.events.map((event) => event.Records.length).every((size) => size <= 3)).toBe(true);
  });

  it('deletes the successful messages and redelivers a reported failure after the visibility timeout', async () => {
    const queue = await createQueue({ visibilityTimeoutSeconds: 1 });
    const [okId, failId] = await sendBodies(queue.url, ['ok', 'fail']);
    const run = await start(queue, (event) =>
      Promise.resolve(
        fail(...event.Records.filter((r) => r.body === 'fail').map((r) => r.messageId)),
      ),
    );

    await waitFor(() => run.records().filter((r) => r.messageId === failId).length >= 2);

    const deliveries = run.records();
    expect(deliveries.filter((r) => r.messageId === okId)).toHaveLength(1);
    const failCounts = deliveries
      .filter((r) => r.messageId === failId)
      .map((r) => r.attributes.ApproximateReceiveCount);
    expect(failCounts.slice(0, 2)).toEqual(['1', '2']);
  });

  it('lets the queue move a message to the DLQ after maxReceiveCount failures', async () => {
    const queue = await createQueue({ visibilityTimeoutSeconds: 1, maxReceiveCount: 2 });
    const [id] = await sendBodies(queue.url, ['poison']);
    const run = await start(queue, (event) =>
      Promise.resolve(fail(...event.Records.map((r) => r.messageId))),
    );

    await waitFor(async () => (await depth(queue.deadLetterUrl)).visible === 1);
    const dead = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queue.deadLetterUrl, WaitTimeSeconds: 1 }),
    );

    expect(run.records().map((r) => r.attributes.ApproximateReceiveCount)).toEqual(['1', '2']);
    expect(dead.Messages?.[0]?.MessageId).toBe(id);
    expect(dead.Messages?.[0]?.Body).toBe('poison');
  });

  it('deletes nothing when the handler throws, and logs no message body', async () => {
    const queue = await createQueue({ visibilityTimeoutSeconds: 1 });
    await sendBodies(queue.url, ['SECRET-BODY-1', 'SECRET-BODY-2']);
    let calls = 0;
    const run = await start(queue, () => {
      calls += 1;
      return calls === 1 ? Promise.reject(new Error('boom')) : Promise.resolve(undefined);
    });

    await waitFor(() => run.records().length >= 4);
    await waitFor(async () => (await depth(queue.url)).inFlight === 0);

    const counts = run.records().map((r) => `${r.body}:${r.attributes.ApproximateReceiveCount}`);
    expect(counts.sort()).toEqual([
      'SECRET-BODY-1:1',
      'SECRET-BODY-1:2',
      'SECRET-BODY-2:1',
      'SECRET-BODY-2:2',
    ]);
    expect(JSON.stringify(run.logs)).toContain('boom');
    expect(JSON.stringify(run.logs)).not.toContain('SECRET-BODY');
  });

  it('fails the whole batch when the response names a message that is not in it', async () => {
    const queue = await createQueue({ visibilityTimeoutSeconds: 1 });
    await sendBodies(queue.url, ['a', 'b']);
    let calls = 0;
    const run = await start(queue, () => {
      calls += 1;
      return Promise.resolve(calls === 1 ? fail('not-a-message-id') : undefined);
    });

    await waitFor(() => run.records().length >= 4);

    expect(run.records().filter((r) => r.attributes.ApproximateReceiveCount === '2')).toHaveLength(
      2,
    );
  });

  it('keeps a visibility timeout the handler set itself on a failed message', async () => {
    // A long queue default: the message can only come back quickly if the handler's own
    // ChangeMessageVisibility (backoff) is left alone.
    const queue = await createQueue({ visibilityTimeoutSeconds: 60 });
    await sendBodies(queue.url, ['retry-soon']);
    const run = await start(queue, async (event) => {
      const [record] = event.Records;
      if (record?.attributes.ApproximateReceiveCount !== '1') return undefined;
      await sqs.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: queue.url,
          ReceiptHandle: record.receiptHandle,
          VisibilityTimeout: 1,
        }),
      );
      return fail(record.messageId);
    });

    await waitFor(() => run.records().length === 2, 5000);

    expect(run.records().map((r) => r.attributes.ApproximateReceiveCount)).toEqual(['1', '2']);
  });

  it('stop() waits for a running batch to finish and be deleted', async () => {
    const queue = await createQueue({ visibilityTimeoutSeconds: 30 });
    await sendBodies(queue.url, ['slow']);
    let finished = false;
    const run = await start(queue, async () => {
      await new Promise((resolve) => setTimeout(resolve, 300));
      finished = true;
      return undefined;
    });
    await waitFor(() => run.events.length === 1);

    await run.source.stop();

    expect(finished).toBe(true);
    expect(await depth(queue.url)).toEqual({ visible: 0, inFlight: 0 });
  });

  it('stops promptly while long-polling an empty queue', async () => {
    const queue = await createQueue();
    const run = await start(queue, () => Promise.resolve(undefined), { pollWaitSeconds: 20 });
    await new Promise((resolve) => setTimeout(resolve, 100));

    const started = Date.now();
    await run.source.stop();

    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('refuses options Lambda would refuse, listing every problem', async () => {
    const queue = await createQueue();

    const starting = startSqsEventSource({
      sqs,
      queueUrl: queue.url,
      handler: () => Promise.resolve(undefined),
      batchSize: 50,
      maxBatchingWindowSeconds: 0,
      pollWaitSeconds: 30,
    });

    await expect(starting).rejects.toBeInstanceOf(SqsEventSourceOptionsError);
    await expect(starting).rejects.toThrow(/batchSize above 10[\s\S]*pollWaitSeconds/);
  });
});

describe('parseBatchResponse', () => {
  const ids = new Set(['m1', 'm2']);

  it('treats no response, no list and an empty list as full success', () => {
    expect(parseBatchResponse(undefined, ids)).toEqual(new Set());
    expect(parseBatchResponse(null, ids)).toEqual(new Set());
    expect(parseBatchResponse({}, ids)).toEqual(new Set());
    expect(parseBatchResponse({ batchItemFailures: [] }, ids)).toEqual(new Set());
  });

  it('returns the failed ids of a well-formed response', () => {
    expect(parseBatchResponse(fail('m2'), ids)).toEqual(new Set(['m2']));
  });

  it('fails the whole batch for empty, missing, misnamed or unknown identifiers', () => {
    expect(typeof parseBatchResponse(fail(''), ids)).toBe('string');
    expect(typeof parseBatchResponse({ batchItemFailures: [{ id: 'm1' }] }, ids)).toBe('string');
    expect(typeof parseBatchResponse({ batchItemFailures: [{ itemIdentifier: null }] }, ids)).toBe(
      'string',
    );
    expect(typeof parseBatchResponse(fail('m3'), ids)).toBe('string');
    expect(typeof parseBatchResponse({ batchItemFailures: 'm1' }, ids)).toBe('string');
    expect(typeof parseBatchResponse('ok', ids)).toBe('string');
  });
});
