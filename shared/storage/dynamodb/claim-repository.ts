// Claims in DynamoDB (key design and write-unit arithmetic in README.md):
// - the body as submitted, written once, gzip-compressed (sk BODY#v1);
// - a small claim item (sk CLAIM#v1) with status, revision and the history (append-only,
//   stored gzip-compressed), changed only by conditional writes the transition table allows.
import { gzipSync, gunzipSync } from 'node:zlib';
import {
  BatchGetCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException, type ConsumedCapacity } from '@aws-sdk/client-dynamodb';
import { IllegalTransitionError, type ClaimStatus } from '#shared/domain/lifecycle/claim-status';
import { logger } from '#shared/observability/logger';
import { amountBand } from '#shared/domain/follow-up/work-queue-rules';
import {
  receivedClaim,
  type ClaimEvent,
  type ClaimKind,
  type ClaimRecord,
  type FollowUpState,
  type NewClaim,
  type PayerAnswerSummary,
} from '#shared/domain/claims/claim-record';
import {
  decideTransition,
  type TransitionRequest,
} from '#shared/domain/lifecycle/decide-transition';
import {
  decideAnswer,
  type AnswerRequest,
  type AnswerResult,
} from '#shared/domain/lifecycle/decide-answer';
import { decideNoResponse, type FollowUpChange } from '#shared/domain/follow-up/work-item';
import {
  decideFollowUpAction,
  type FollowUpAction,
} from '#shared/domain/follow-up/follow-up-action';
import {
  claimBodyKey,
  claimKey,
  claimsByMonthPartition,
  claimsByMonthSort,
  claimsByPatientControlNumberPartition,
  monthOf,
  previousMonth,
  tenantOfPartition,
  workQueuePartition,
  workQueueSort,
} from './keys.ts';
import { conditionHolds } from './conditional-write.ts';

export interface ListClaimsQuery {
  readonly status?: ClaimStatus;
  readonly payerId?: string;
  readonly limit: number;
  readonly cursor?: ClaimListCursor;
  /** the newest month to read (YYYY-MM); the current month by default */
  readonly fromMonth: string;
  /** the oldest month that can hold claims of this tenant (its creation month) */
  readonly oldestMonth: string;
}

/** Where a listing stopped: the month being read and DynamoDB's key inside it. */
export interface ClaimListCursor {
  readonly month: string;
  readonly after?: Readonly<Record<string, string>>;
}

export class ClaimNotFoundError extends Error {
  constructor() {
    super('claim not found');
    this.name = 'ClaimNotFoundError';
  }
}

export class ClaimAlreadyExistsError extends Error {
  constructor() {
    super('a claim with this id already exists');
    this.name = 'ClaimAlreadyExistsError';
  }
}

export interface ClaimRepositoryOptions {
  readonly documents: DynamoDBDocumentClient;
  readonly tableName: string;
  /** receives the consumed capacity of every write (used to measure the write budget) */
  readonly onWriteCapacity?: (capacity: ConsumedCapacity) => void;
}

const CLAIM_FIELDS = [
  'tenantId',
  'claimId',
  'kind',
  '#status',
  'revision',
  'patientControlNumber',
  'payerId',
  'chargeAmount',
  'frequencyCode',
  'createdAt',
  'updatedAt',
  'submission',
  'payerAnswer',
  'followUp',
  'replaces',
  'replacedBy',
] as const;

const MAX_TRANSITION_ATTEMPTS = 5;
/** Upper bound of claim items read to fill one filtered page, so one request stays cheap. */
const MAX_CANDIDATES_PER_PAGE = 500;

export class ClaimRepository {
  readonly #documents: DynamoDBDocumentClient;
  readonly #tableName: string;
  readonly #onWriteCapacity: ((capacity: ConsumedCapacity) => void) | undefined;

  constructor(options: ClaimRepositoryOptions) {
    this.#documents = options.documents;
    this.#tableName = options.tableName;
    this.#onWriteCapacity = options.onWriteCapacity;
  }

  /**
   * Stores a new claim as RECEIVED with its first history event. The body goes first, so a claim
   * item never exists without its body; a retry after a crash in between rewrites the same body.
   */
  async create(claim: NewClaim): Promise<ClaimRecord> {
    const record = receivedClaim(claim);
    const createdAt = record.createdAt;
    const bodyResult = await this.#documents.send(
      new PutCommand({
        TableName: this.#tableName,
        Item: {
          ...claimBodyKey(claim.tenantId, claim.claimId),
          kind: claim.kind,
          body: gzipSync(JSON.stringify(claim.body)),
        },
        ...this.#capacityRequest(),
      }),
    );
    this.#report(bodyResult.ConsumedCapacity);
    try {
      const result = await this.#documents.send(
        new PutCommand({
          TableName: this.#tableName,
          Item: {
            ...claimKey(claim.tenantId, claim.claimId),
            gsi1pk: claimsByMonthPartition(claim.tenantId, monthOf(createdAt)),
            gsi1sk: claimsByMonthSort(createdAt, claim.claimId),
            gsi2pk: claimsByPatientControlNumberPartition(
              claim.tenantId,
              claim.patientControlNumber,
            ),
            gsi2sk: claimsByMonthSort(createdAt, claim.claimId),
            ...withoutHistory(record),
            history: compressHistory(record.history),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
          ...this.#capacityRequest(),
        }),
      );
      this.#report(result.ConsumedCapacity);
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) throw new ClaimAlreadyExistsError();
      throw error;
    }
    return record;
  }

  /** The claim item, or ClaimNotFoundError (also for another tenant's claim id). */
  async get(
    tenantId: string,
    claimId: string,
    options: { consistent?: boolean } = {},
  ): Promise<ClaimRecord> {
    const result = await this.#documents.send(
      new GetCommand({
        TableName: this.#tableName,
        Key: claimKey(tenantId, claimId),
        ConsistentRead: options.consistent ?? true,
      }),
    );
    if (result.Item === undefined) throw new ClaimNotFoundError();
    return toClaimRecord(result.Item);
  }

  /** The claim as submitted. */
  async getBody(tenantId: string, claimId: string): Promise<unknown> {
    const result = await this.#documents.send(
      new GetCommand({ TableName: this.#tableName, Key: claimBodyKey(tenantId, claimId) }),
    );
    const body: unknown = result.Item?.body;
    if (!(body instanceof Uint8Array)) throw new ClaimNotFoundError();
    return JSON.parse(gunzipSync(body).toString('utf8')) as unknown;
  }

  /**
   * Moves a claim to a new status if the transition table allows it from the current status,
   * appending the event in the same conditional write (status and revision must not have changed
   * since the read; a concurrent writer makes us read again and re-check).
   */
  async transition(request: TransitionRequest): Promise<ClaimRecord> {
    for (let attempt = 1; attempt <= MAX_TRANSITION_ATTEMPTS; attempt++) {
      const current = await this.get(request.tenantId, request.claimId);
      const decision = decideTransition(current, request);
      if (!decision.allowed) {
        logger.warn('illegal status transition refused', {
          tenantId: request.tenantId,
          claimId: request.claimId,
          from: current.status,
          to: request.to,
          eventType: request.type,
        });
        throw new IllegalTransitionError(current.status, request.to);
      }
      const written = await this.#writeStatusChange(current, decision.event, decision.followUp, {
        replacedBy: request.replacedBy,
      });
      if (written !== undefined) return written;
      // someone else wrote in between: read again and re-check against the table
    }
    throw new Error('claim kept changing during the status update; giving up after retries');
  }

  /**
   * Applies one payer answer in one conditional write, as `decideAnswer` decided it (the status
   * when the table allows it, else the event alone; nothing when the answer was applied before).
   * Payer fields ride in the same write, so the summary and the history agree.
   */
  async applyAnswer(request: AnswerRequest): Promise<AnswerResult> {
    for (let attempt = 1; attempt <= MAX_TRANSITION_ATTEMPTS; attempt++) {
      const current = await this.get(request.tenantId, request.claimId);
      const decision = decideAnswer(current, request);
      if (decision.alreadyApplied) {
        return {
          claim: current,
          event: decision.event,
          statusChanged: false,
          alreadyApplied: true,
        };
      }
      const written = await this.#writeStatusChange(current, decision.event, decision.followUp, {
        payerAnswer: decision.payerAnswer,
      });
      if (written !== undefined) {
        return {
          claim: written,
          event: decision.event,
          statusChanged: decision.statusChanged,
          alreadyApplied: false,
        };
      }
      // someone else wrote in between: read again, re-check the table and the history
    }
    throw new Error('claim kept changing while an answer was applied; giving up after retries');
  }

  /**
   * The one write of a status change (or of an answer recorded without one): status, revision,
   * history, the optional attributes in `extra` and the work-queue change, on the condition that
   * status and revision are still those read. Undefined when that condition failed.
   */
  async #writeStatusChange(
    current: ClaimRecord,
    event: ClaimEvent,
    followUp: FollowUpChange,
    extra: { readonly replacedBy?: string | undefined; readonly payerAnswer?: PayerAnswerSummary },
  ): Promise<ClaimRecord | undefined> {
    const queue = queueChange(current, followUp);
    const extras = Object.entries(extra).filter(([, value]) => value !== undefined);
    try {
      const result = await this.#documents.send(
        new UpdateCommand({
          TableName: this.#tableName,
          Key: claimKey(current.tenantId, current.claimId),
          // the whole history is rewritten compressed (it was just read, and the revision
          // condition guarantees nobody appended in between): the item stays under 1 KB,
          // so each status change costs one write unit (see README.md)
          UpdateExpression:
            'SET #status = :to, revision = :next, updatedAt = :at, history = :history' +
            extras.map(([name]) => `, ${name} = :${name}`).join('') +
            queue.expression,
          ConditionExpression: '#status = :from AND revision = :revision',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ...queue.values,
            ...Object.fromEntries(extras.map(([name, value]) => [`:${name}`, value])),
            ':to': event.status,
            ':from': current.status,
            ':revision': current.revision,
            ':next': current.revision + 1,
            ':at': event.at,
            ':history': compressHistory([...current.history, event]),
          },
          ReturnValues: 'ALL_NEW',
          ...this.#capacityRequest(),
        }),
      );
      this.#report(result.ConsumedCapacity);
      return toClaimRecord(result.Attributes ?? {});
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      return undefined;
    }
  }

  /**
   * Puts a claim that waited too long for a payer answer into NO_RESPONSE: one conditional write
   * of the queue attributes only (status, revision and history stay: NO_RESPONSE is a membership,
   * not a status). Nothing happens when the claim changed since it was read, or is in a queue or
   * was resolved already. Returns whether it was written.
   */
  async enterNoResponse(claim: ClaimRecord, now: Date): Promise<boolean> {
    const followUp = decideNoResponse(claim, now);
    return conditionHolds(() =>
      this.#documents.send(
        new UpdateCommand({
          TableName: this.#tableName,
          Key: claimKey(claim.tenantId, claim.claimId),
          UpdateExpression: 'SET gsi3pk = :qpk, gsi3sk = :qsk, followUp = :followUp',
          ConditionExpression:
            '#status = :status AND revision = :revision AND attribute_not_exists(followUp)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ...queueKeyValues(claim, followUp),
            ':followUp': followUp,
            ':status': claim.status,
            ':revision': claim.revision,
          },
        }),
      ),
    );
  }

  /**
   * Assigns, notes or resolves a claim's work item, appending a history event in the same
   * conditional write (status unchanged). Resolving removes the queue index keys; the next status
   * change decides membership again. NotInWorkQueueError when the claim has no work item.
   */
  async applyFollowUp(
    tenantId: string,
    claimId: string,
    change: FollowUpAction,
    source: ClaimEvent['source'],
    now: Date,
  ): Promise<ClaimRecord> {
    for (let attempt = 1; attempt <= MAX_TRANSITION_ATTEMPTS; attempt++) {
      const current = await this.get(tenantId, claimId);
      const decision = decideFollowUpAction(current, change, source, now);
      try {
        const result = await this.#documents.send(
          new UpdateCommand({
            TableName: this.#tableName,
            Key: claimKey(tenantId, claimId),
            UpdateExpression:
              'SET revision = :next, updatedAt = :at, history = :history, followUp = :followUp' +
              (decision.stillQueued ? '' : ' REMOVE gsi3pk, gsi3sk'),
            ConditionExpression: '#status = :status AND revision = :revision',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':status': current.status,
              ':revision': current.revision,
              ':next': current.revision + 1,
              ':at': decision.event.at,
              ':history': compressHistory([...current.history, decision.event]),
              ':followUp': decision.followUp,
            },
            ReturnValues: 'ALL_NEW',
          }),
        );
        return toClaimRecord(result.Attributes ?? {});
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    }
    throw new Error('claim kept changing during the follow-up update; giving up after retries');
  }

  /** A tenant's claims with this patient control number (CLM01 = CLP01 = 277CA TRN02), via gsi2. */
  async findByPatientControlNumber(
    tenantId: string,
    patientControlNumber: string,
  ): Promise<ClaimRecord[]> {
    const keys: { pk: string; sk: string }[] = [];
    let after: Record<string, unknown> | undefined;
    do {
      const page = await this.#documents.send(
        new QueryCommand({
          TableName: this.#tableName,
          IndexName: 'gsi2',
          KeyConditionExpression: 'gsi2pk = :pk',
          ExpressionAttributeValues: {
            ':pk': claimsByPatientControlNumberPartition(tenantId, patientControlNumber),
          },
          ...(after ? { ExclusiveStartKey: after } : {}),
        }),
      );
      for (const item of page.Items ?? []) keys.push({ pk: String(item.pk), sk: String(item.sk) });
      after = page.LastEvaluatedKey;
    } while (after !== undefined);
    return this.#getMany(keys);
  }

  /**
   * A page of a tenant's claims, newest first, optionally filtered by status and payer. Months
   * are read newest first; a filtered page may hold fewer than `limit` items, and `nextCursor`
   * tells where to go on.
   */
  async list(
    tenantId: string,
    query: ListClaimsQuery,
  ): Promise<{ items: ClaimRecord[]; nextCursor?: ClaimListCursor }> {
    const items: ClaimRecord[] = [];
    let month = query.cursor?.month ?? query.fromMonth;
    let after = query.cursor?.after;
    let candidatesRead = 0;
    while (month >= query.oldestMonth) {
      if (after !== undefined && tenantOfPartition(String(after.gsi1pk ?? '')) !== tenantId) {
        throw new InvalidCursorError();
      }
      const page = await this.#documents.send(
        new QueryCommand({
          TableName: this.#tableName,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :pk',
          ExpressionAttributeValues: { ':pk': claimsByMonthPartition(tenantId, month) },
          ScanIndexForward: false,
          Limit: query.limit - items.length,
          ...(after ? { ExclusiveStartKey: after } : {}),
        }),
      );
      const keys = (page.Items ?? []).map((item) => ({ pk: String(item.pk), sk: String(item.sk) }));
      candidatesRead += keys.length;
      for (const record of await this.#getMany(keys)) {
        if (query.status !== undefined && record.status !== query.status) continue;
        if (query.payerId !== undefined && record.payerId !== query.payerId) continue;
        items.push(record);
      }
      const lastKey = page.LastEvaluatedKey as Record<string, string> | undefined;
      if (lastKey !== undefined) {
        after = lastKey;
      } else {
        month = previousMonth(month);
        after = undefined;
      }
      const more = month >= query.oldestMonth;
      if (items.length >= query.limit || candidatesRead >= MAX_CANDIDATES_PER_PAGE) {
        return more ? { items, nextCursor: { month, ...(after ? { after } : {}) } } : { items };
      }
    }
    return { items };
  }

  /** Claims created in [from, to) that are still RECEIVED: the ones whose enqueue never happened. */
  async findStillReceived(tenantId: string, from: Date, to: Date): Promise<ClaimRecord[]> {
    return await this.findCreatedBetween(
      tenantId,
      from,
      to,
      (record) => record.status === 'RECEIVED',
    );
  }

  /**
   * Claim items (without history) created in [from, to), via gsi1 by month and a batch read: the
   * sweepers' bounded window, never a Scan.
   */
  async findCreatedBetween(
    tenantId: string,
    from: Date,
    to: Date,
    keep: (record: ClaimRecord) => boolean = () => true,
  ): Promise<ClaimRecord[]> {
    const found: ClaimRecord[] = [];
    const fromIso = from.toISOString();
    const toIso = to.toISOString();
    for (let month = monthOf(toIso); month >= monthOf(fromIso); month = previousMonth(month)) {
      let after: Record<string, unknown> | undefined;
      do {
        const page = await this.#documents.send(
          new QueryCommand({
            TableName: this.#tableName,
            IndexName: 'gsi1',
            KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk BETWEEN :from AND :to',
            ExpressionAttributeValues: {
              ':pk': claimsByMonthPartition(tenantId, month),
              ':from': fromIso,
              ':to': toIso,
            },
            ...(after ? { ExclusiveStartKey: after } : {}),
          }),
        );
        const keys = (page.Items ?? []).map((item) => ({
          pk: String(item.pk),
          sk: String(item.sk),
        }));
        for (const record of await this.#getMany(keys)) {
          if (keep(record)) found.push(record);
        }
        after = page.LastEvaluatedKey;
      } while (after !== undefined);
    }
    return found;
  }

  /** The claim items of these ids that exist (BatchGet, 100 a call), without their history. */
  async getMany(tenantId: string, claimIds: readonly string[]): Promise<ClaimRecord[]> {
    return await this.#getMany(claimIds.map((claimId) => claimKey(tenantId, claimId)));
  }

  async #getMany(keys: readonly { pk: string; sk: string }[]): Promise<ClaimRecord[]> {
    const byKey = new Map<string, ClaimRecord>();
    for (let start = 0; start < keys.length; start += 100) {
      let pending: Record<string, unknown>[] = keys
        .slice(start, start + 100)
        .map((key) => ({ ...key }));
      for (let attempt = 0; pending.length > 0 && attempt < 8; attempt++) {
        const result = await this.#documents.send(
          new BatchGetCommand({
            RequestItems: {
              [this.#tableName]: {
                Keys: pending,
                ProjectionExpression: CLAIM_FIELDS.join(', ') + ', pk',
                ExpressionAttributeNames: { '#status': 'status' },
              },
            },
          }),
        );
        for (const item of result.Responses?.[this.#tableName] ?? []) {
          byKey.set(String(item.pk), toClaimRecord(item));
        }
        pending =
          (result.UnprocessedKeys?.[this.#tableName]?.Keys as
            Record<string, unknown>[] | undefined) ?? [];
        if (pending.length > 0)
          await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt));
      }
    }
    // keep the order of the index (newest first)
    return keys.map((key) => byKey.get(key.pk)).filter((record) => record !== undefined);
  }

  #capacityRequest(): { ReturnConsumedCapacity?: 'INDEXES' } {
    return this.#onWriteCapacity ? { ReturnConsumedCapacity: 'INDEXES' } : {};
  }

  #report(capacity: ConsumedCapacity | undefined): void {
    if (capacity !== undefined) this.#onWriteCapacity?.(capacity);
  }
}

export class InvalidCursorError extends Error {
  constructor() {
    super('the cursor is not valid for this listing');
    this.name = 'InvalidCursorError';
  }
}

function compressHistory(history: readonly ClaimEvent[]): Uint8Array {
  return gzipSync(JSON.stringify(history));
}

function decompressHistory(value: unknown): ClaimEvent[] {
  if (!(value instanceof Uint8Array)) return [];
  return JSON.parse(gunzipSync(value).toString('utf8')) as ClaimEvent[];
}

function queueKeyValues(claim: ClaimRecord, followUp: FollowUpState): Record<string, string> {
  return {
    ':qpk': workQueuePartition(claim.tenantId, followUp.queue),
    ':qsk': workQueueSort(amountBand(followUp.amountAtStakeCents), claim.createdAt, claim.claimId),
  };
}

/**
 * The queue part of a status write (appended to its UpdateExpression): SET the index keys and
 * work item when the claim enters a queue, REMOVE them when it leaves. REMOVE of absent attributes
 * costs nothing and writes no index entry, so claims that never were in a queue (the PAID path)
 * pay nothing; it is unconditional because the sweeper may have added NO_RESPONSE since the read.
 */
function queueChange(
  current: ClaimRecord,
  followUp: FollowUpChange,
): { expression: string; values: Record<string, unknown> } {
  switch (followUp.change) {
    case 'unchanged':
      return { expression: '', values: {} };
    case 'remove':
      return { expression: ' REMOVE gsi3pk, gsi3sk, followUp', values: {} };
    case 'set':
      return {
        expression: ', gsi3pk = :qpk, gsi3sk = :qsk, followUp = :followUp',
        values: {
          ...queueKeyValues(current, followUp.followUp),
          ':followUp': followUp.followUp,
        },
      };
  }
}

function withoutHistory(record: ClaimRecord): Omit<ClaimRecord, 'history'> {
  const { history: _history, ...rest } = record;
  return rest;
}

export function toClaimRecord(item: Record<string, unknown>): ClaimRecord {
  return {
    tenantId: item.tenantId as string,
    claimId: item.claimId as string,
    kind: item.kind as ClaimKind,
    status: item.status as ClaimStatus,
    revision: item.revision as number,
    patientControlNumber: item.patientControlNumber as string,
    payerId: item.payerId as string,
    chargeAmount: item.chargeAmount as string,
    frequencyCode: item.frequencyCode as string,
    createdAt: item.createdAt as string,
    updatedAt: item.updatedAt as string,
    submission: item.submission as ClaimRecord['submission'],
    history: decompressHistory(item.history),
    ...(item.payerAnswer === undefined
      ? {}
      : { payerAnswer: item.payerAnswer as PayerAnswerSummary }),
    ...(item.followUp === undefined ? {} : { followUp: item.followUp as FollowUpState }),
    ...(typeof item.replaces === 'string' ? { replaces: item.replaces } : {}),
    ...(typeof item.replacedBy === 'string' ? { replacedBy: item.replacedBy } : {}),
  };
}
