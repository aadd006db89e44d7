// SQS consumer of the response queue: one payer answer file per message (a reference the poller
// wrote after archiving the raw bytes to S3). Reads the bytes, runs processAnswerFile with the
// lookup of the connection the file came from, and reports each message on its own (partial
// batch response). A malformed file is parked by processAnswerFile (recorded, logged, metric with
// an alarm) and is a success here: retrying cannot repair it. A transient error (S3, DynamoDB,
// SQS) is retried after a backoff; a message that can never succeed goes to the DLQ at once.
import { createHash } from 'node:crypto';
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { GetObjectCommand, NoSuchKey, S3Client } from '@aws-sdk/client-s3';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import * as z from 'zod/mini';
import { queues } from '#shared/config/resources';
import {
  InvalidAnswerFileReferenceError,
  parseAnswerFileReference,
  type AnswerFileReference,
} from '#shared/storage/sqs/answer-file-reference';
import { RepositoryClaimDirectory } from '#shared/answers/claim-directory';
import type { ClaimNotifier } from '#shared/answers/claim-notifications';
import { SqsClaimNotifier } from '#shared/storage/sqs/claim-notifier';
import { RecordedInterchangeLookup } from '#shared/answers/interchange-lookup';
import { processAnswerFile, type AnswerFileResult } from '#shared/answers/process-answer-file';
import { configSchema } from '#shared/config/config';
import { logger } from '#shared/observability/logger';
import { AnswerRepository } from '#shared/storage/dynamodb/answer-repository';
import { createAwsClients } from '#shared/storage/aws-clients';
import { ClaimRepository } from '#shared/storage/dynamodb/claim-repository';
import {
  PayerConnectionRepository,
  StoredConnectionInvalidError,
} from '#shared/storage/dynamodb/payer-connection-repository';
import { InterchangeRecordRepository } from '#shared/storage/dynamodb/interchange-record-repository';
import { backoffSeconds } from '#shared/transmission/retry-backoff';
import { lambdaHandler } from '../lambda-handler.ts';
import { setRetryVisibility } from '../../shared/storage/sqs/retry-visibility.ts';

/** The raw bytes of an archived answer file; `undefined` when the key holds nothing. */
export interface AnswerArchive {
  get(key: string): Promise<Uint8Array | undefined>;
}

export interface ProcessResponseHandlerOptions {
  readonly archive: AnswerArchive;
  readonly connections: Pick<PayerConnectionRepository, 'get'>;
  readonly interchanges: Pick<InterchangeRecordRepository, 'get'>;
  readonly claims: ClaimRepository;
  readonly answers: AnswerRepository;
  readonly notifier: ClaimNotifier;
  /** to hide a message to retry for a backoff (or to show one bound for the DLQ at once) */
  readonly sqs: SQSClient;
  readonly queueUrl: string;
  /** seconds a message to retry stays hidden, by its receive count */
  readonly backoff?: (receiveCount: number) => number;
  readonly now?: () => Date;
}

type Outcome =
  | { readonly kind: 'done'; readonly result: AnswerFileResult['outcome'] }
  | { readonly kind: 'retry'; readonly reason: string }
  | { readonly kind: 'dead-letter'; readonly reason: string };

/** A message that no retry can make succeed: straight on to the DLQ (alarmed). */
class PermanentFailure extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'PermanentFailure';
  }
}

class MessageFailedError extends Error {
  constructor(outcome: Exclude<Outcome, { kind: 'done' }>) {
    super(`answer file message not done (${outcome.kind}): ${outcome.reason}`);
    this.name = 'MessageFailedError';
  }
}

export function createProcessResponseHandler(
  options: ProcessResponseHandlerOptions,
): (event: SQSEvent, context: Context) => Promise<SQSBatchResponse> {
  const backoff = options.backoff ?? ((receiveCount: number) => backoffSeconds(receiveCount));
  return async (event, context) => {
    const outcomes = new Map<string, Outcome>();
    // one file at a time: a big 835 already applies its claims in parallel batches
    for (const record of event.Records) {
      outcomes.set(record.messageId, await outcomeOf(options, record));
    }
    await setRetryVisibility(options, event.Records, outcomes, backoff);
    const processor = new BatchProcessor(EventType.SQS);
    return processPartialResponse(
      event,
      (record: SQSRecord) => {
        const outcome = outcomes.get(record.messageId);
        if (outcome === undefined) {
          throw new MessageFailedError({ kind: 'retry', reason: 'no outcome' });
        }
        if (outcome.kind !== 'done') throw new MessageFailedError(outcome);
        return Promise.resolve();
      },
      processor,
      { context, throwOnFullBatchFailure: false },
    );
  };
}

async function outcomeOf(
  options: ProcessResponseHandlerOptions,
  record: SQSRecord,
): Promise<Outcome> {
  const log = { messageId: record.messageId };
  let reference: AnswerFileReference;
  try {
    reference = parseAnswerFileReference(record.body);
  } catch (error) {
    if (!(error instanceof InvalidAnswerFileReferenceError)) throw error;
    logger.error('response message is not an answer file reference', {
      ...log,
      problems: error.problems,
    });
    return { kind: 'dead-letter', reason: 'not an answer file reference' };
  }
  const ids = { ...log, tenantId: reference.tenantId, connectionId: reference.connectionId };
  try {
    const result = await processReference(options, reference);
    logger.info('answer file message done', {
      ...ids,
      contentSha256: reference.sha256,
      outcome: result.outcome,
    });
    return { kind: 'done', result: result.outcome };
  } catch (error) {
    const errorName = error instanceof Error ? error.name : typeof error;
    if (error instanceof PermanentFailure) {
      logger.error('answer file message cannot be processed', { ...ids, reason: error.message });
      return { kind: 'dead-letter', reason: error.message };
    }
    // names only: SDK and library messages may carry keys or values
    logger.warn('answer file message failed; retried later', { ...ids, errorName });
    return { kind: 'retry', reason: errorName };
  }
}

async function processReference(
  options: ProcessResponseHandlerOptions,
  reference: AnswerFileReference,
): Promise<AnswerFileResult> {
  const { tenantId, connectionId } = reference;
  let stored;
  try {
    stored = await options.connections.get(tenantId, connectionId);
  } catch (error) {
    if (error instanceof StoredConnectionInvalidError) {
      throw new PermanentFailure('payer connection no longer validates');
    }
    throw error;
  }
  if (stored === undefined) throw new PermanentFailure('payer connection not found');
  // the poller archives before it enqueues, and S3 reads after writes are consistent
  const content = await options.archive.get(reference.s3Key);
  if (content === undefined) throw new PermanentFailure('archived answer file not found');
  if (createHash('sha256').update(content).digest('hex') !== reference.sha256) {
    throw new PermanentFailure('archived answer file does not match its hash');
  }
  return processAnswerFile(
    { tenantId, rawFileKey: reference.s3Key, content, receivedAt: new Date(reference.receivedAt) },
    {
      claims: options.claims,
      answers: options.answers,
      interchanges: new RecordedInterchangeLookup({
        tenantId,
        connection: stored.connection,
        interchanges: options.interchanges,
      }),
      directory: new RepositoryClaimDirectory(options.claims),
      notifier: options.notifier,
      ...(options.now ? { now: options.now } : {}),
    },
  );
}

/** The archive bucket's inbound objects. */
export class S3AnswerArchive implements AnswerArchive {
  readonly #s3: S3Client;
  readonly #bucket: string;

  constructor(options: { s3: S3Client; bucket: string }) {
    this.#s3 = options.s3;
    this.#bucket = options.bucket;
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    try {
      const result = await this.#s3.send(new GetObjectCommand({ Bucket: this.#bucket, Key: key }));
      return await result.Body?.transformToByteArray();
    } catch (error) {
      if (error instanceof NoSuchKey) return undefined;
      throw error;
    }
  }
}

// -- the deployed (and npm start) wiring, built on the first invocation -------------------------

// The shared schema's fields, without TRANSMIT_QUEUE_URL (this function has no business with the
// transmit queue) and with the two queues it does use.
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
    [queues.notify.environmentVariable]: z.url(),
  },
);

function fromEnvironment(): (event: SQSEvent, context: Context) => Promise<SQSBatchResponse> {
  const parsed = settingsSchema.safeParse(process.env);
  if (!parsed.success) {
    // names only: values could be anything the environment holds
    const names = parsed.error.issues.map((issue) => issue.path.join('.'));
    throw new Error(`process-response function misconfigured: ${names.join(', ')}`);
  }
  const settings = parsed.data;
  const clients = createAwsClients(settings);
  const { documents } = clients;
  const tableName = settings.TABLE_NAME;
  const s3 = new S3Client({
    region: settings.AWS_REGION,
    ...(settings.S3_ENDPOINT ? { endpoint: settings.S3_ENDPOINT, forcePathStyle: true } : {}),
  });
  return createProcessResponseHandler({
    archive: new S3AnswerArchive({ s3, bucket: settings.ARCHIVE_BUCKET }),
    connections: new PayerConnectionRepository({ documents, tableName }),
    interchanges: new InterchangeRecordRepository({ documents, tableName }),
    claims: new ClaimRepository({ documents, tableName }),
    answers: new AnswerRepository({ documents, tableName }),
    notifier: new SqsClaimNotifier({
      sqs: clients.sqs,
      queueUrl: settings[queues.notify.environmentVariable],
    }),
    sqs: clients.sqs,
    queueUrl: settings[queues.response.environmentVariable],
  });
}

let configured: ((event: SQSEvent, context: Context) => Promise<SQSBatchResponse>) | undefined;

export const handler = lambdaHandler<SQSEvent, SQSBatchResponse>((event, context) => {
  configured ??= fromEnvironment();
  return configured(event, context);
});
