// Payer answers in DynamoDB (key design in README.md):
// - one record per answer file by content hash, written with a condition before anything is
//   applied, so a file is processed once (PROCESSING -> DONE, or PARKED when malformed);
// - the UNMATCHED_RESPONSES items: answers that matched no claim or more than one;
// - the remittance details of one 835 claim (line adjustments, remarks), written once next to the
//   claim so the claim item keeps only a summary and stays under 1 KB.
import { gzipSync, gunzipSync } from 'node:zlib';
import { ConditionalCheckFailedException, type ConsumedCapacity } from '@aws-sdk/client-dynamodb';
import { PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type {
  AnswerDocument,
  RemittanceDetails,
  UnmatchedAnswer,
} from '#shared/domain/answers/answer-records';
import { amountBand } from '#shared/domain/follow-up/work-queue-rules';
import { centsOrZero } from '#shared/domain/money/cents';
import {
  answerFileKey,
  CLAIM_REMITTANCE_PREFIX,
  claimPartitionKey,
  claimRemittanceKey,
  unmatchedAnswerKey,
  unmatchedAnswerPartition,
  workQueuePartition,
  workQueueSort,
} from './keys.ts';
import { SingleTable, type TableOptions } from './single-table.ts';

export type AnswerFileState = 'PROCESSING' | 'DONE' | 'PARKED';

/** Where and why a malformed file could not be read (no element values: they may be PHI). */
export interface AnswerFileProblem {
  readonly code: string;
  readonly segment: number;
  readonly segmentId: string;
  readonly position: number;
  readonly message: string;
}

/** Counts of what one file did (ids and counts only). */
export interface AnswerFileCounts {
  readonly transactions: number;
  readonly answers: number;
  readonly statusChanges: number;
  readonly recordedOnly: number;
  readonly alreadyApplied: number;
  readonly unmatched: number;
  readonly warnings: number;
}

export interface AnswerFileRecord {
  readonly tenantId: string;
  readonly contentSha256: string;
  readonly rawFileKey: string;
  readonly state: AnswerFileState;
  readonly receivedAt: string;
  /** how many times processing started (above 1: a retry resumed after a crash) */
  readonly attempts: number;
  readonly documents?: readonly AnswerDocument[];
  readonly counts?: AnswerFileCounts;
  readonly problem?: AnswerFileProblem;
  readonly finishedAt?: string;
}

export type BeginResult =
  | { readonly proceed: true; readonly resumed: boolean }
  | { readonly proceed: false; readonly record: AnswerFileRecord };

export interface AnswerRepositoryOptions extends TableOptions {
  readonly onWriteCapacity?: (capacity: ConsumedCapacity) => void;
}

export class AnswerRepository {
  readonly #table: SingleTable;
  readonly #onWriteCapacity: ((capacity: ConsumedCapacity) => void) | undefined;

  constructor(options: AnswerRepositoryOptions) {
    this.#table = new SingleTable(options);
    this.#onWriteCapacity = options.onWriteCapacity;
  }

  /**
   * Claims a file for processing. A new hash is recorded PROCESSING; a hash left PROCESSING (a
   * worker died) is resumed; a DONE or PARKED file is not processed again.
   */
  async beginFile(file: {
    tenantId: string;
    contentSha256: string;
    rawFileKey: string;
    receivedAt: string;
  }): Promise<BeginResult> {
    const key = answerFileKey(file.tenantId, file.contentSha256);
    const first = await this.#table.putNew({
      ...key,
      ...file,
      state: 'PROCESSING' satisfies AnswerFileState,
      attempts: 1,
    });
    if (first) return { proceed: true, resumed: false };
    try {
      await this.#table.documents.send(
        new UpdateCommand({
          TableName: this.#table.name,
          Key: key,
          UpdateExpression: 'SET attempts = attempts + :one',
          ConditionExpression: '#state = :processing',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':one': 1, ':processing': 'PROCESSING' },
        }),
      );
      return { proceed: true, resumed: true };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
    const record = await this.getFile(file.tenantId, file.contentSha256);
    if (record === undefined) throw new Error('answer file record vanished while being read');
    return { proceed: false, record };
  }

  async completeFile(
    tenantId: string,
    contentSha256: string,
    result: { documents: readonly AnswerDocument[]; counts: AnswerFileCounts; finishedAt: string },
  ): Promise<void> {
    await this.#finish(tenantId, contentSha256, 'DONE', {
      documents: result.documents,
      counts: result.counts,
      finishedAt: result.finishedAt,
    });
  }

  async parkFile(
    tenantId: string,
    contentSha256: string,
    problem: AnswerFileProblem,
    finishedAt: string,
  ): Promise<void> {
    await this.#finish(tenantId, contentSha256, 'PARKED', { problem, finishedAt });
  }

  async getFile(tenantId: string, contentSha256: string): Promise<AnswerFileRecord | undefined> {
    const item = await this.#table.getItem(answerFileKey(tenantId, contentSha256));
    if (item === undefined) return undefined;
    const { pk: _pk, sk: _sk, ...record } = item;
    return record as unknown as AnswerFileRecord;
  }

  /** Records an unmatched answer; a replay keeps the first record (same answer id). */
  async putUnmatched(answer: UnmatchedAnswer): Promise<void> {
    await this.#table.putNew({
      ...unmatchedAnswerKey(answer.tenantId, answer.answerId),
      ...answer,
      // the UNMATCHED_RESPONSES work queue (gsi3), in the same write
      gsi3pk: workQueuePartition(answer.tenantId, 'UNMATCHED_RESPONSES'),
      gsi3sk: workQueueSort(
        amountBand(centsOrZero(answer.identifiers.chargeAmount)),
        answer.receivedAt,
        answer.answerId,
      ),
    });
  }

  /** A tenant's unmatched answers (the UNMATCHED_RESPONSES queue), up to `limit`. */
  async listUnmatched(tenantId: string, limit = 100): Promise<UnmatchedAnswer[]> {
    const result = await this.#table.documents.send(
      new QueryCommand({
        TableName: this.#table.name,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': unmatchedAnswerPartition(tenantId) },
        Limit: limit,
      }),
    );
    return (result.Items ?? []).map((item) => {
      const { pk: _pk, sk: _sk, gsi3pk: _qpk, gsi3sk: _qsk, ...answer } = item;
      return answer as UnmatchedAnswer;
    });
  }

  /** Writes the details of one 835 claim once (compressed: about one write unit). */
  async putRemittance(details: RemittanceDetails): Promise<void> {
    const { tenantId, claimId, answerId, ...rest } = details;
    try {
      const result = await this.#table.documents.send(
        new PutCommand({
          TableName: this.#table.name,
          Item: {
            ...claimRemittanceKey(tenantId, claimId, answerId),
            details: gzipSync(JSON.stringify(rest)),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
          ...(this.#onWriteCapacity ? { ReturnConsumedCapacity: 'INDEXES' as const } : {}),
        }),
      );
      if (result.ConsumedCapacity !== undefined) this.#onWriteCapacity?.(result.ConsumedCapacity);
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  /** Every remittance applied to a claim, in answer-id order. */
  async listRemittances(tenantId: string, claimId: string): Promise<RemittanceDetails[]> {
    const items = await this.#table.queryAll(
      claimPartitionKey(tenantId, claimId),
      CLAIM_REMITTANCE_PREFIX,
    );
    return items.map((item) => {
      const details = JSON.parse(gunzipSync(item.details as Uint8Array).toString('utf8')) as Omit<
        RemittanceDetails,
        'tenantId' | 'claimId' | 'answerId'
      >;
      return {
        tenantId,
        claimId,
        answerId: String(item.sk).slice(CLAIM_REMITTANCE_PREFIX.length),
        ...details,
      };
    });
  }

  async #finish(
    tenantId: string,
    contentSha256: string,
    state: AnswerFileState,
    fields: Record<string, unknown>,
  ): Promise<void> {
    const names: Record<string, string> = { '#state': 'state' };
    const values: Record<string, unknown> = { ':state': state };
    const sets = ['#state = :state'];
    for (const [name, value] of Object.entries(fields)) {
      names[`#${name}`] = name;
      values[`:${name}`] = value;
      sets.push(`#${name} = :${name}`);
    }
    await this.#table.documents.send(
      new UpdateCommand({
        TableName: this.#table.name,
        Key: answerFileKey(tenantId, contentSha256),
        UpdateExpression: `SET ${sets.join(', ')}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      }),
    );
  }
}
