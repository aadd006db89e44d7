import { createHash, randomUUID } from 'node:crypto';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { inject } from 'vitest';
import { createProcessResponseHandler } from '#functions/process-response/handler';
import type { AnswerArchive } from '#shared/answers/answer-file-message';
import { S3AnswerArchive } from '#shared/storage/s3/answer-archive';
import { createLambdaContext } from '#infra/local/lambda-context';
import { startSqsEventSource, type SqsEventSource } from '#infra/local/sqs-event-source';
import {
  answerFileReferenceBody,
  type AnswerFileReference,
} from '#shared/storage/sqs/answer-file-reference';
import { inboundArchiveKey } from '#shared/storage/s3/archive-keys';
import { SqsClaimNotifier } from '#shared/storage/sqs/claim-notifier';
import type { PayerConnection } from '#shared/domain/payers/payer-connection';
import { AnswerRepository } from '#shared/storage/dynamodb/answer-repository';
import { PayerConnectionRepository } from '#shared/storage/dynamodb/payer-connection-repository';
import { transmitClaims } from '#shared/transmission/transmit-claims';
import { generate999 } from '#shared/x12/generate-999';
import { parseInterchange } from '../transmission/parsed-interchange.ts';
import {
  firstDeliveries,
  harnessPerFile,
  statusesOf,
  tenantWithClaims,
  waitFor,
} from '../transmission/transmit-harness.ts';

const harness = harnessPerFile();
let s3: S3Client;
let answers: AnswerRepository;
let source: SqsEventSource | undefined;

beforeAll(() => {
  s3 = new S3Client({ endpoint: inject('awsEndpoint'), region: 'us-east-1', forcePathStyle: true });
  answers = new AnswerRepository({
    documents: harness.test.clients.documents,
    tableName: harness.test.tableName,
  });
});

afterEach(async () => {
  await source?.stop();
  source = undefined;
});

const bucket = () => harness.test.resources.buckets.archive.name;
const responseQueue = () => harness.test.resources.queues.response;

/** A tenant whose connection (stored, as the poller finds it) carried claims the real worker sent. */
async function transmitted(count: number) {
  const { tenantId, connectionId, connection, claimIds } = await tenantWithClaims(harness, count, {
    prefix: 'r',
    connection: (connectionId) => {
      const payerId = connectionId.slice(0, 15).toUpperCase();
      return {
        interchange: {
          senderQualifier: 'ZZ',
          senderId: 'CLEARINGHOUSE',
          receiverQualifier: 'ZZ',
          receiverId: payerId,
          applicationSenderCode: 'CLEARINGHOUSE',
          applicationReceiverCode: payerId,
          submitterId: 'SUBMITTER1',
          receiverIdCode: 'RECEIVER1',
        },
      };
    },
  });
  await new PayerConnectionRepository({
    documents: harness.test.clients.documents,
    tableName: harness.test.tableName,
  }).put(connection, new Date());
  await transmitClaims(
    { ...harness.flowDependencies(), leaseMs: 30_000, workerId: 'response-test' },
    firstDeliveries(tenantId, claimIds),
  );
  const [fileName] = harness.payer.sends.filter((name) => name.startsWith(connectionId));
  const sent = parseInterchange(harness.payer.files.get(fileName ?? '') ?? '');
  return { tenantId, connection, claimIds, sent };
}

let answerNumber = 700;

/** The payer's 999 accepting every set of our interchange (payer -> us, as it arrives). */
function accepting999(connection: PayerConnection, sent: ReturnType<typeof parseInterchange>) {
  answerNumber += 1;
  return generate999({
    interchange: {
      senderQualifier: connection.interchange.receiverQualifier,
      senderId: connection.interchange.receiverId,
      receiverQualifier: connection.interchange.senderQualifier,
      receiverId: connection.interchange.senderId,
      controlNumber: answerNumber,
      usageIndicator: 'T',
      acknowledgmentRequested: false,
      createdAt: new Date(),
    },
    senderCode: connection.interchange.receiverId,
    receiverCode: connection.interchange.senderId,
    groupControlNumber: answerNumber,
    firstTransactionSetControlNumber: 1,
    groups: [
      {
        functionalIdCode: 'HC',
        controlNumber: sent.gs06 ?? '',
        version: '005010X222A1',
        transactionSets: sent.st02.map((controlNumber) => ({
          transactionSetId: '837',
          controlNumber,
          problems: [],
        })),
      },
    ],
  });
}

/** Archives a raw answer file as the poller does and returns the reference it would enqueue. */
async function archived(
  tenantId: string,
  connectionId: string,
  content: string,
): Promise<AnswerFileReference> {
  const bytes = new TextEncoder().encode(content);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const receivedAt = new Date();
  const s3Key = inboundArchiveKey(tenantId, connectionId, receivedAt, sha256);
  await s3.send(new PutObjectCommand({ Bucket: bucket(), Key: s3Key, Body: bytes }));
  return {
    tenantId,
    connectionId,
    s3Key,
    sha256,
    receivedAt: receivedAt.toISOString(),
    fileName: `answer-${sha256.slice(0, 8)}.x12`,
  };
}

function handlerWith(archive: AnswerArchive = new S3AnswerArchive({ s3, bucket: bucket() })) {
  return createProcessResponseHandler({
    archive,
    connections: new PayerConnectionRepository({
      documents: harness.test.clients.documents,
      tableName: harness.test.tableName,
    }),
    interchanges: harness.interchanges,
    claims: harness.claims,
    answers,
    notifier: new SqsClaimNotifier({
      sqs: harness.test.clients.sqs,
      queueUrl: harness.test.resources.queues.notify.url,
    }),
    sqs: harness.test.clients.sqs,
    queueUrl: responseQueue().url,
    backoff: () => 0,
  });
}

/** An SQS event as Lambda delivers it (receipt handles made up: nothing is on a queue). */
function eventOf(bodies: readonly string[]): SQSEvent {
  return {
    Records: bodies.map((body): SQSRecord => ({
      messageId: randomUUID(),
      receiptHandle: `local-${randomUUID()}`,
      body,
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: String(Date.now()),
        SenderId: 'local',
        ApproximateFirstReceiveTimestamp: String(Date.now()),
      },
      messageAttributes: {},
      md5OfBody: createHash('md5').update(body).digest('hex'),
      eventSource: 'aws:sqs',
      eventSourceARN: responseQueue().arn,
      awsRegion: 'us-east-1',
    })),
  };
}

const context = (): Context =>
  createLambdaContext({ functionName: 'process-response', region: 'us-east-1', timeoutMs: 60_000 });

describe('process-response handler', () => {
  it('applies an archived 999 named on the response queue to the claims it acknowledges', async () => {
    const { tenantId, connection, claimIds, sent } = await transmitted(2);
    const reference = await archived(
      tenantId,
      connection.connectionId,
      accepting999(connection, sent),
    );
    const responses: SQSBatchResponse[] = [];
    const handler = handlerWith();
    source = await startSqsEventSource({
      sqs: harness.test.clients.sqs,
      queueUrl: responseQueue().url,
      handler: async (event, lambdaContext) => {
        const response = await handler(event, lambdaContext);
        responses.push(response);
        return response;
      },
      batchSize: responseQueue().definition.consumer.batchSize,
      maxBatchingWindowSeconds: responseQueue().definition.consumer.maxBatchingWindowSeconds,
      pollWaitSeconds: 1,
      logger: { info: () => undefined, error: () => undefined },
    });

    await harness.test.clients.sqs.send(
      new SendMessageCommand({
        QueueUrl: responseQueue().url,
        MessageBody: answerFileReferenceBody(reference),
      }),
    );

    const claims = await waitFor(
      () => statusesOf(harness, tenantId, claimIds),
      (records) => records.every((record) => record.status === 'ACKNOWLEDGED'),
    );
    // the claims are written before the handler returns its answer
    await waitFor(
      () => Promise.resolve(responses.length),
      (n) => n > 0,
    );
    expect(responses).toEqual([{ batchItemFailures: [] }]);
    for (const claim of claims) {
      const acknowledged = claim.history.find((event) => event.status === 'ACKNOWLEDGED');
      expect(acknowledged?.source.rawFileKey).toBe(reference.s3Key);
    }
    expect(await answers.getFile(tenantId, reference.sha256)).toMatchObject({ state: 'DONE' });
  });

  it('parks a malformed file as a success for the queue and goes on with the rest of the batch', async () => {
    const { tenantId, connection, claimIds, sent } = await transmitted(1);
    const good = accepting999(connection, sent);
    const malformed = await archived(
      tenantId,
      connection.connectionId,
      good.slice(0, good.indexOf('AK2') + 6),
    );
    const valid = await archived(tenantId, connection.connectionId, good);

    const response = await handlerWith()(
      eventOf([answerFileReferenceBody(malformed), answerFileReferenceBody(valid)]),
      context(),
    );

    expect(response).toEqual({ batchItemFailures: [] });
    expect(await answers.getFile(tenantId, malformed.sha256)).toMatchObject({ state: 'PARKED' });
    expect(await answers.getFile(tenantId, valid.sha256)).toMatchObject({ state: 'DONE' });
    const [claim] = await statusesOf(harness, tenantId, claimIds);
    expect(claim?.status).toBe('ACKNOWLEDGED');
  });

  it('reports only the message whose archive read failed, and its retry applies the file once', async () => {
    const { tenantId, connection, claimIds, sent } = await transmitted(2);
    const failing = await archived(
      tenantId,
      connection.connectionId,
      accepting999(connection, sent),
    );
    const other = await transmitted(1);
    const fine = await archived(
      other.tenantId,
      other.connection.connectionId,
      accepting999(other.connection, other.sent),
    );
    const s3Archive = new S3AnswerArchive({ s3, bucket: bucket() });
    let outage = true;
    const flaky: AnswerArchive = {
      get: (key) => {
        if (outage && key === failing.s3Key) {
          const error = new Error('We encountered an internal error. Please try again.');
          error.name = 'InternalError';
          return Promise.reject(error);
        }
        return s3Archive.get(key);
      },
    };
    const handler = handlerWith(flaky);
    const event = eventOf([answerFileReferenceBody(failing), answerFileReferenceBody(fine)]);

    const first = await handler(event, context());

    expect(first).toEqual({ batchItemFailures: [{ itemIdentifier: event.Records[0]?.messageId }] });
    expect((await statusesOf(harness, tenantId, claimIds)).map((c) => c.status)).toEqual([
      'TRANSMITTED',
      'TRANSMITTED',
    ]);
    expect((await statusesOf(harness, other.tenantId, other.claimIds))[0]?.status).toBe(
      'ACKNOWLEDGED',
    );

    outage = false;
    const retry = await handler(eventOf([answerFileReferenceBody(failing)]), context());
    const again = await handler(eventOf([answerFileReferenceBody(failing)]), context());

    expect(retry).toEqual({ batchItemFailures: [] });
    expect(again).toEqual({ batchItemFailures: [] });
    const claims = await statusesOf(harness, tenantId, claimIds);
    for (const claim of claims) {
      expect(claim.status).toBe('ACKNOWLEDGED');
      expect(claim.history.filter((e) => e.status === 'ACKNOWLEDGED')).toHaveLength(1);
    }
  });

  it('fails a message that is not an answer file reference, or names an unknown connection or a missing object', async () => {
    const { tenantId, connection, sent } = await transmitted(1);
    const reference = await archived(
      tenantId,
      connection.connectionId,
      accepting999(connection, sent),
    );
    const event = eventOf([
      'ISA*00*not a reference',
      answerFileReferenceBody({ ...reference, connectionId: 'no-such-connection' }),
      answerFileReferenceBody({ ...reference, s3Key: `${reference.s3Key}.missing` }),
      answerFileReferenceBody({ ...reference, sha256: 'f'.repeat(64) }),
    ]);

    const response = await handlerWith()(event, context());

    expect(response.batchItemFailures.map((failure) => failure.itemIdentifier)).toEqual(
      event.Records.map((record) => record.messageId),
    );
    // nothing was begun for a file that could not be read or trusted
    expect(await answers.getFile(tenantId, reference.sha256)).toBeUndefined();
  });
});
