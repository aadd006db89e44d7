// One response-queue message end to end: the reference the poller wrote after archiving the raw
// bytes, the payer connection the file came from, the archived bytes checked against their
// SHA-256, then processAnswerFile with that connection's interchange lookup. Processed, duplicate
// and parked files are `done` (retrying cannot repair a malformed file; processAnswerFile records
// it and alarms). A transient error (S3, DynamoDB, SQS) is `retry`; a message that can never
// succeed (not a reference, unknown connection, missing object, hash mismatch) is `dead-letter`.
import { createHash } from 'node:crypto';
import { logger } from '#shared/observability/logger';
import type { AnswerRepository } from '#shared/storage/dynamodb/answer-repository';
import type { ClaimRepository } from '#shared/storage/dynamodb/claim-repository';
import type { InterchangeRecordRepository } from '#shared/storage/dynamodb/interchange-record-repository';
import {
  StoredConnectionInvalidError,
  type PayerConnectionRepository,
} from '#shared/storage/dynamodb/payer-connection-repository';
import {
  InvalidAnswerFileReferenceError,
  parseAnswerFileReference,
  type AnswerFileReference,
} from '#shared/storage/sqs/answer-file-reference';
import { RepositoryClaimDirectory } from './claim-directory.ts';
import type { ClaimNotifier } from '../webhooks/claim-notification.ts';
import { RecordedInterchangeLookup } from './interchange-lookup.ts';
import { processAnswerFile, type AnswerFileResult } from './process-answer-file.ts';

/** The raw bytes of an archived answer file; `undefined` when the key holds nothing. */
export interface AnswerArchive {
  get(key: string): Promise<Uint8Array | undefined>;
}

export interface AnswerFileMessageDependencies {
  readonly archive: AnswerArchive;
  readonly connections: Pick<PayerConnectionRepository, 'get'>;
  readonly interchanges: Pick<InterchangeRecordRepository, 'get'>;
  readonly claims: ClaimRepository;
  readonly answers: AnswerRepository;
  readonly notifier: ClaimNotifier;
  readonly now?: () => Date;
}

export type AnswerFileMessageOutcome =
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

export async function processAnswerFileMessage(
  dependencies: AnswerFileMessageDependencies,
  message: { readonly messageId: string; readonly body: string },
): Promise<AnswerFileMessageOutcome> {
  const log = { messageId: message.messageId };
  let reference: AnswerFileReference;
  try {
    reference = parseAnswerFileReference(message.body);
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
    const result = await processReference(dependencies, reference);
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
  dependencies: AnswerFileMessageDependencies,
  reference: AnswerFileReference,
): Promise<AnswerFileResult> {
  const { tenantId, connectionId } = reference;
  let stored;
  try {
    stored = await dependencies.connections.get(tenantId, connectionId);
  } catch (error) {
    if (error instanceof StoredConnectionInvalidError) {
      throw new PermanentFailure('payer connection no longer validates');
    }
    throw error;
  }
  if (stored === undefined) throw new PermanentFailure('payer connection not found');
  // the poller archives before it enqueues, and S3 reads after writes are consistent
  const content = await dependencies.archive.get(reference.s3Key);
  if (content === undefined) throw new PermanentFailure('archived answer file not found');
  if (createHash('sha256').update(content).digest('hex') !== reference.sha256) {
    throw new PermanentFailure('archived answer file does not match its hash');
  }
  return processAnswerFile(
    { tenantId, rawFileKey: reference.s3Key, content, receivedAt: new Date(reference.receivedAt) },
    {
      claims: dependencies.claims,
      answers: dependencies.answers,
      interchanges: new RecordedInterchangeLookup({
        tenantId,
        connection: stored.connection,
        interchanges: dependencies.interchanges,
      }),
      directory: new RepositoryClaimDirectory(dependencies.claims),
      notifier: dependencies.notifier,
      ...(dependencies.now ? { now: dependencies.now } : {}),
    },
  );
}
