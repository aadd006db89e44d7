// Reads of the follow-up work queues (gsi3, sparse, projection ALL; keys in keys.ts, membership
// written by ClaimRepository and AnswerRepository in the writes that change it). A page is one
// Query of one tenant's queue partition: its cost depends on the page, never on the table.
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { WorkQueue } from '#shared/domain/follow-up/work-queue-rules';
import { centsOrZero } from '#shared/domain/money/cents';
import type { UnmatchedAnswer } from '#shared/domain/answers/answer-records';
import { toClaimRecord } from './claim-repository.ts';
import type { ClaimRecord } from '#shared/domain/claims/claim-record';
import { workQueuePartition } from './keys.ts';
import { SingleTable, type TableOptions } from './single-table.ts';

export type WorkQueueEntry =
  | { readonly kind: 'claim'; readonly claim: ClaimRecord }
  | { readonly kind: 'answer'; readonly answer: UnmatchedAnswer };

export interface WorkQueuePageQuery {
  readonly limit: number;
  /** LastEvaluatedKey of the previous page, as given back in nextCursor */
  readonly cursor?: Readonly<Record<string, string>>;
  readonly payerId?: string;
  readonly assignee?: string;
}

export interface WorkQueueCount {
  readonly queue: WorkQueue;
  readonly count: number;
  readonly amountAtStakeCents: number;
  /** false when the queue holds more than the bounded read counted */
  readonly complete: boolean;
}

export class InvalidWorkQueueCursorError extends Error {
  constructor() {
    super('the cursor is not valid for this queue');
    this.name = 'InvalidWorkQueueCursorError';
  }
}

/** Items counted per queue by GET /v1/work-queues before it answers "at least". */
export const MAX_COUNTED_PER_QUEUE = 1000;

export class WorkQueueRepository {
  readonly #table: SingleTable;

  constructor(options: TableOptions) {
    this.#table = new SingleTable(options);
  }

  /**
   * One page of a queue in index order (biggest amount band, then oldest): exactly one Query.
   * Filters apply after the read (DynamoDB filter), so a filtered page may be short; nextCursor
   * says whether there is more.
   */
  async page(
    tenantId: string,
    queue: WorkQueue,
    query: WorkQueuePageQuery,
  ): Promise<{ items: WorkQueueEntry[]; nextCursor?: Record<string, string> }> {
    const partition = workQueuePartition(tenantId, queue);
    // a cursor is DynamoDB's own key: it must point into this tenant's partition of this queue
    if (query.cursor !== undefined && query.cursor.gsi3pk !== partition) {
      throw new InvalidWorkQueueCursorError();
    }
    const filters: string[] = [];
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = { ':pk': partition };
    if (query.payerId !== undefined) {
      filters.push(
        queue === 'UNMATCHED_RESPONSES' ? 'identifiers.payerId = :payerId' : 'payerId = :payerId',
      );
      values[':payerId'] = query.payerId;
    }
    if (query.assignee !== undefined) {
      filters.push('followUp.assignee = :assignee');
      values[':assignee'] = query.assignee;
    }
    const result = await this.#table.documents.send(
      new QueryCommand({
        TableName: this.#table.name,
        IndexName: 'gsi3',
        KeyConditionExpression: 'gsi3pk = :pk',
        ExpressionAttributeValues: values,
        ...(Object.keys(names).length > 0 ? { ExpressionAttributeNames: names } : {}),
        ...(filters.length > 0 ? { FilterExpression: filters.join(' AND ') } : {}),
        Limit: query.limit,
        ...(query.cursor ? { ExclusiveStartKey: { ...query.cursor } } : {}),
      }),
    );
    const items = (result.Items ?? []).map((item) => toEntry(item));
    const last = result.LastEvaluatedKey as Record<string, string> | undefined;
    return last === undefined ? { items } : { items, nextCursor: last };
  }

  /**
   * Count and amount at stake of every queue of a tenant: a bounded Query per queue (at most
   * MAX_COUNTED_PER_QUEUE items each, only the amount projected back). See README.md for why this
   * and not maintained counters.
   */
  async counts(tenantId: string, queues: readonly WorkQueue[]): Promise<WorkQueueCount[]> {
    return await Promise.all(queues.map((queue) => this.#count(tenantId, queue)));
  }

  async #count(tenantId: string, queue: WorkQueue): Promise<WorkQueueCount> {
    let count = 0;
    let amount = 0;
    let after: Record<string, unknown> | undefined;
    do {
      const result = await this.#table.documents.send(
        new QueryCommand({
          TableName: this.#table.name,
          IndexName: 'gsi3',
          KeyConditionExpression: 'gsi3pk = :pk',
          ExpressionAttributeValues: { ':pk': workQueuePartition(tenantId, queue) },
          ProjectionExpression: 'followUp.amountAtStakeCents, identifiers.chargeAmount',
          Limit: MAX_COUNTED_PER_QUEUE - count,
          ...(after ? { ExclusiveStartKey: after } : {}),
        }),
      );
      for (const item of result.Items ?? []) {
        count += 1;
        amount += amountOf(item);
      }
      after = result.LastEvaluatedKey;
    } while (after !== undefined && count < MAX_COUNTED_PER_QUEUE);
    return { queue, count, amountAtStakeCents: amount, complete: after === undefined };
  }
}

function amountOf(item: Record<string, unknown>): number {
  const followUp = item.followUp as { amountAtStakeCents?: number } | undefined;
  if (followUp?.amountAtStakeCents !== undefined) return followUp.amountAtStakeCents;
  const identifiers = item.identifiers as Record<string, string> | undefined;
  return Math.abs(centsOrZero(identifiers?.chargeAmount));
}

function toEntry(item: Record<string, unknown>): WorkQueueEntry {
  if (item.answerId !== undefined && item.claimId === undefined) {
    const { pk: _pk, sk: _sk, gsi3pk: _qpk, gsi3sk: _qsk, ...answer } = item;
    return { kind: 'answer', answer: answer as unknown as UnmatchedAnswer };
  }
  return { kind: 'claim', claim: toClaimRecord(item) };
}
