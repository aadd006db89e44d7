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
import {
  canTransition,
  IllegalTransitionError,
  type ClaimStatus,
} from '#shared/domain/lifecycle/claim-status';
import { logger } from '#shared/observability/logger';
import {
  amountAtStakeCents,
  amountBand,
  queueOfStatus,
  reasonCodesOf,
  suggestedAction,
  type NextAction,
  type ReasonCode,
  type WorkQueue,
} from '#shared/domain/follow-up/work-queue-rules';
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

export type ClaimKind = 'professional' | 'institutional';

export type EventSourceKind =
  'api' | 'batch' | 'requeue-sweeper' | 'transmit' | 'ta1' | '999' | '277ca' | '835' | 'follow-up';

/** One immutable entry of a claim's history. */
export interface ClaimEvent {
  /** 1 for the first event; equals the claim's revision after the event */
  readonly seq: number;
  readonly at: string;
  /** e.g. claim.received, claim.queued, claim.transmitted */
  readonly type: string;
  readonly status: ClaimStatus;
  readonly previousStatus: ClaimStatus | null;
  readonly source: {
    readonly kind: EventSourceKind;
    readonly requestId?: string;
    readonly rawFileKey?: string;
    readonly controlNumbers?: Readonly<Record<string, string>>;
    /** a payer answer: file hash, transaction and item (what makes applying it idempotent) */
    readonly answerId?: string;
  };
  /** the status a payer answer indicated when the lifecycle kept the claim where it was */
  readonly indicatedStatus?: ClaimStatus;
  readonly codes?: readonly {
    readonly type: string;
    readonly code: string;
    readonly group?: string;
  }[];
  /** a replacement (7) or void (8): the claim it supersedes (on its claim.received event) */
  readonly replaces?: string;
  /** the replacement or void that superseded this claim (on its claim.corrected/voided event) */
  readonly replacedBy?: string;
}

export interface ClaimRecord {
  readonly tenantId: string;
  readonly claimId: string;
  readonly kind: ClaimKind;
  readonly status: ClaimStatus;
  readonly revision: number;
  readonly patientControlNumber: string;
  /** tradingPartnerServiceId */
  readonly payerId: string;
  /** decimal string, two places */
  readonly chargeAmount: string;
  readonly frequencyCode: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly submission: { readonly channel: 'api' | 'batch'; readonly batchId?: string };
  readonly history: readonly ClaimEvent[];
  /** what payers answered, in short (the bulky 835 details are items of their own) */
  readonly payerAnswer?: PayerAnswerSummary;
  /** the follow-up work item while the claim is (or was, resolved) in a work queue */
  readonly followUp?: FollowUpState;
  /** a replacement (7) or void (8): the claim it supersedes */
  readonly replaces?: string;
  /** set when this claim became CORRECTED or VOIDED: the claim that superseded it */
  readonly replacedBy?: string;
}

/**
 * A claim's place in a follow-up work queue, on the claim item itself: set or removed in the same
 * conditional write as the status, so queue membership never needs a write of its own.
 */
export interface FollowUpState {
  readonly queue: WorkQueue;
  /** the status this membership belongs to */
  readonly status: ClaimStatus;
  readonly enteredAt: string;
  readonly amountAtStakeCents: number;
  readonly action: NextAction;
  readonly codes: readonly ReasonCode[];
  readonly assignee?: string;
  readonly notes?: readonly FollowUpNote[];
  /** resolved by a person: out of the queue index until the claim changes again */
  readonly resolved?: boolean;
}

export interface FollowUpNote {
  readonly at: string;
  readonly text: string;
}

export type FollowUpAction =
  | { readonly action: 'assign'; readonly assignee: string }
  | { readonly action: 'note'; readonly note: string }
  | { readonly action: 'resolve'; readonly note?: string };

export class NotInWorkQueueError extends Error {
  constructor() {
    super('the claim is in no work queue');
    this.name = 'NotInWorkQueueError';
  }
}

/** At most this many notes stay on a claim item (the oldest go), so it stays small. */
const MAX_NOTES = 20;

/** The payer's answer in short, kept on the claim item (which must stay under 1 KB). */
export interface PayerAnswerSummary {
  /** 277CA REF*1K or 835 CLP07: the payer's claim number, needed for corrections and voids */
  readonly payerClaimControlNumber?: string;
  /** 835 CLP04 of the latest remittance, two-place decimal string */
  readonly paidAmount?: string;
  /** 835 CLP05 (or the PR adjustments when CLP05 is absent) of the latest remittance */
  readonly patientResponsibilityAmount?: string;
}

export interface AnswerRequest {
  readonly tenantId: string;
  readonly claimId: string;
  /** file hash, transaction and item: an answer already in the history is not applied again */
  readonly answerId: string;
  /** the status the answer indicates, set when the transition table allows it; null: none */
  readonly indicatedStatus: ClaimStatus | null;
  /** event type when the status changes, e.g. claim.paid */
  readonly type: string;
  readonly source: Omit<ClaimEvent['source'], 'answerId'>;
  readonly codes?: ClaimEvent['codes'];
  /** merged into the claim's summary when the status changes; otherwise fills only what is absent */
  readonly payerAnswer?: PayerAnswerSummary;
  readonly now: Date;
}

export interface AnswerResult {
  readonly claim: ClaimRecord;
  /** the event of this answer (new, or the one written the first time it was applied) */
  readonly event: ClaimEvent;
  /** true when the status changed with this call */
  readonly statusChanged: boolean;
  /** true when the answer was in the history already and nothing was written */
  readonly alreadyApplied: boolean;
}

/** Event type of an answer recorded without a status change (late or out of order). */
export const ANSWER_RECORDED_EVENT = 'claim.answer_recorded';

export interface NewClaim {
  readonly tenantId: string;
  readonly claimId: string;
  readonly kind: ClaimKind;
  readonly body: unknown;
  readonly patientControlNumber: string;
  readonly payerId: string;
  readonly chargeAmount: string;
  readonly frequencyCode: string;
  readonly submission: ClaimRecord['submission'];
  readonly source: ClaimEvent['source'];
  readonly now: Date;
  /** a replacement (7) or void (8): the claim it supersedes */
  readonly replaces?: string;
}

export interface TransitionRequest {
  readonly tenantId: string;
  readonly claimId: string;
  readonly to: ClaimStatus;
  readonly type: string;
  readonly source: ClaimEvent['source'];
  readonly codes?: ClaimEvent['codes'];
  readonly now: Date;
  /** to CORRECTED or VOIDED: the superseding claim, kept on the claim and on the event */
  readonly replacedBy?: string;
}

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
    const createdAt = claim.now.toISOString();
    const event: ClaimEvent = {
      seq: 1,
      at: createdAt,
      type: 'claim.received',
      status: 'RECEIVED',
      previousStatus: null,
      source: claim.source,
      ...(claim.replaces === undefined ? {} : { replaces: claim.replaces }),
    };
    const record: ClaimRecord = {
      tenantId: claim.tenantId,
      claimId: claim.claimId,
      kind: claim.kind,
      status: 'RECEIVED',
      revision: 1,
      patientControlNumber: claim.patientControlNumber,
      payerId: claim.payerId,
      chargeAmount: claim.chargeAmount,
      frequencyCode: claim.frequencyCode,
      createdAt,
      updatedAt: createdAt,
      submission: claim.submission,
      history: [event],
      ...(claim.replaces === undefined ? {} : { replaces: claim.replaces }),
    };
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
      if (!canTransition(current.status, request.to)) {
        logger.warn('illegal status transition refused', {
          tenantId: request.tenantId,
          claimId: request.claimId,
          from: current.status,
          to: request.to,
          eventType: request.type,
        });
        throw new IllegalTransitionError(current.status, request.to);
      }
      const at = request.now.toISOString();
      const event: ClaimEvent = {
        seq: current.revision + 1,
        at,
        type: request.type,
        status: request.to,
        previousStatus: current.status,
        source: request.source,
        ...(request.codes ? { codes: request.codes } : {}),
        ...(request.replacedBy === undefined ? {} : { replacedBy: request.replacedBy }),
      };
      const queue = queueChange(current, request.to, request.codes ?? [], current.payerAnswer, at);
      try {
        const result = await this.#documents.send(
          new UpdateCommand({
            TableName: this.#tableName,
            Key: claimKey(request.tenantId, request.claimId),
            // the whole history is rewritten compressed (it was just read, and the revision
            // condition guarantees nobody appended in between): the item stays under 1 KB,
            // so each status change costs one write unit (see README.md)
            UpdateExpression:
              'SET #status = :to, revision = :next, updatedAt = :at, history = :history' +
              (request.replacedBy === undefined ? '' : ', replacedBy = :replacedBy') +
              queue.expression,
            ConditionExpression: '#status = :from AND revision = :revision',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ...queue.values,
              ...(request.replacedBy === undefined ? {} : { ':replacedBy': request.replacedBy }),
              ':to': request.to,
              ':from': current.status,
              ':revision': current.revision,
              ':next': current.revision + 1,
              ':at': at,
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
        // someone else wrote in between: read again and re-check against the table
      }
    }
    throw new Error('claim kept changing during the status update; giving up after retries');
  }

  /**
   * Applies one payer answer in one conditional write: the indicated status when the transition
   * table allows it from the current status, else the event alone (the no-going-back rule: a late
   * 277CA after an 835 is history, not a status). An answer whose id is in the history already
   * changes nothing. Payer fields ride in the same write, so the summary and the history agree.
   */
  async applyAnswer(request: AnswerRequest): Promise<AnswerResult> {
    for (let attempt = 1; attempt <= MAX_TRANSITION_ATTEMPTS; attempt++) {
      const current = await this.get(request.tenantId, request.claimId);
      const earlier = current.history.find((event) => event.source.answerId === request.answerId);
      if (earlier !== undefined) {
        return { claim: current, event: earlier, statusChanged: false, alreadyApplied: true };
      }
      const indicated = request.indicatedStatus;
      const moves =
        indicated !== null &&
        indicated !== current.status &&
        canTransition(current.status, indicated);
      const at = request.now.toISOString();
      const event: ClaimEvent = {
        seq: current.revision + 1,
        at,
        type: moves ? request.type : ANSWER_RECORDED_EVENT,
        status: moves ? indicated : current.status,
        previousStatus: current.status,
        source: { ...request.source, answerId: request.answerId },
        ...(moves || indicated === null ? {} : { indicatedStatus: indicated }),
        ...(request.codes && request.codes.length > 0 ? { codes: request.codes } : {}),
      };
      const payerAnswer = mergePayerAnswer(current.payerAnswer, request.payerAnswer, moves);
      // queue membership follows the status: only a status change sets or removes it
      const queue = moves
        ? queueChange(current, indicated, request.codes ?? [], payerAnswer, at)
        : { expression: '', values: {} };
      try {
        const result = await this.#documents.send(
          new UpdateCommand({
            TableName: this.#tableName,
            Key: claimKey(request.tenantId, request.claimId),
            // one write unit as for transition(): the history is rewritten compressed
            UpdateExpression:
              'SET #status = :to, revision = :next, updatedAt = :at, history = :history' +
              (payerAnswer === undefined ? '' : ', payerAnswer = :payerAnswer') +
              queue.expression,
            ConditionExpression: '#status = :from AND revision = :revision',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ...queue.values,
              ':to': event.status,
              ':from': current.status,
              ':revision': current.revision,
              ':next': current.revision + 1,
              ':at': at,
              ':history': compressHistory([...current.history, event]),
              ...(payerAnswer === undefined ? {} : { ':payerAnswer': payerAnswer }),
            },
            ReturnValues: 'ALL_NEW',
            ...this.#capacityRequest(),
          }),
        );
        this.#report(result.ConsumedCapacity);
        return {
          claim: toClaimRecord(result.Attributes ?? {}),
          event,
          statusChanged: moves,
          alreadyApplied: false,
        };
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        // someone else wrote in between: read again, re-check the table and the history
      }
    }
    throw new Error('claim kept changing while an answer was applied; giving up after retries');
  }

  /**
   * Puts a claim that waited too long for a payer answer into NO_RESPONSE: one conditional write
   * of the queue attributes only (status, revision and history stay: NO_RESPONSE is a membership,
   * not a status). Nothing happens when the claim changed since it was read, or is in a queue or
   * was resolved already. Returns whether it was written.
   */
  async enterNoResponse(claim: ClaimRecord, now: Date): Promise<boolean> {
    const at = now.toISOString();
    const followUp = newFollowUp(claim, 'NO_RESPONSE', claim.status, [], claim.payerAnswer, at);
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
      const followUp = current.followUp;
      if (followUp === undefined) throw new NotInWorkQueueError();
      const at = now.toISOString();
      const notes = (text: string | undefined) =>
        text === undefined
          ? followUp.notes
          : [...(followUp.notes ?? []), { at, text }].slice(-MAX_NOTES);
      const next: FollowUpState =
        change.action === 'assign'
          ? { ...followUp, assignee: change.assignee }
          : change.action === 'note'
            ? { ...followUp, notes: notes(change.note) ?? [] }
            : { ...followUp, resolved: true, ...withNotes(notes(change.note)) };
      const event: ClaimEvent = {
        seq: current.revision + 1,
        at,
        type: `follow_up.${change.action === 'assign' ? 'assigned' : change.action === 'note' ? 'noted' : 'resolved'}`,
        status: current.status,
        previousStatus: current.status,
        source,
      };
      const stillQueued = next.resolved !== true;
      try {
        const result = await this.#documents.send(
          new UpdateCommand({
            TableName: this.#tableName,
            Key: claimKey(tenantId, claimId),
            UpdateExpression:
              'SET revision = :next, updatedAt = :at, history = :history, followUp = :followUp' +
              (stillQueued ? '' : ' REMOVE gsi3pk, gsi3sk'),
            ConditionExpression: '#status = :status AND revision = :revision',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':status': current.status,
              ':revision': current.revision,
              ':next': current.revision + 1,
              ':at': at,
              ':history': compressHistory([...current.history, event]),
              ':followUp': next,
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

/**
 * The summary after an answer: a status change takes the answer's values; an answer recorded
 * without one (late, out of order) only fills what is still unknown, never overwrites.
 */
function mergePayerAnswer(
  current: PayerAnswerSummary | undefined,
  incoming: PayerAnswerSummary | undefined,
  statusChanged: boolean,
): PayerAnswerSummary | undefined {
  if (incoming === undefined) return current;
  const merged = statusChanged ? { ...current, ...incoming } : { ...incoming, ...current };
  return Object.keys(merged).length === 0 ? current : merged;
}

function withNotes(notes: readonly FollowUpNote[] | undefined): {
  notes?: readonly FollowUpNote[];
} {
  return notes === undefined ? {} : { notes };
}

function newFollowUp(
  claim: ClaimRecord,
  queue: WorkQueue,
  status: ClaimStatus,
  codes: readonly ReasonCode[],
  payerAnswer: PayerAnswerSummary | undefined,
  at: string,
): FollowUpState {
  const reasons = reasonCodesOf(codes);
  const previous = claim.followUp;
  return {
    queue,
    status,
    enteredAt: at,
    amountAtStakeCents: amountAtStakeCents(queue, {
      charge: claim.chargeAmount,
      ...(payerAnswer?.paidAmount === undefined ? {} : { paid: payerAnswer.paidAmount }),
      ...(payerAnswer?.patientResponsibilityAmount === undefined
        ? {}
        : { patientResponsibility: payerAnswer.patientResponsibilityAmount }),
    }),
    action: suggestedAction(queue, reasons),
    codes: reasons,
    // who works the claim and what they wrote carry over to its next queue
    ...(previous?.assignee === undefined ? {} : { assignee: previous.assignee }),
    ...withNotes(previous?.notes),
  };
}

function queueKeyValues(claim: ClaimRecord, followUp: FollowUpState): Record<string, string> {
  return {
    ':qpk': workQueuePartition(claim.tenantId, followUp.queue),
    ':qsk': workQueueSort(amountBand(followUp.amountAtStakeCents), claim.createdAt, claim.claimId),
  };
}

/**
 * The queue part of a status write (appended to its UpdateExpression): SET the index keys and
 * work item when the new status has a queue, else REMOVE them. REMOVE of absent attributes costs
 * nothing and writes no index entry, so claims that never were in a queue (the PAID path) pay
 * nothing; it is unconditional because the sweeper may have added NO_RESPONSE since the read.
 */
function queueChange(
  current: ClaimRecord,
  to: ClaimStatus,
  codes: readonly ReasonCode[],
  payerAnswer: PayerAnswerSummary | undefined,
  at: string,
): { expression: string; values: Record<string, unknown> } {
  const queue = queueOfStatus(to);
  if (queue === undefined) return { expression: ' REMOVE gsi3pk, gsi3sk, followUp', values: {} };
  const followUp = newFollowUp(current, queue, to, codes, payerAnswer, at);
  return {
    expression: ', gsi3pk = :qpk, gsi3sk = :qsk, followUp = :followUp',
    values: { ...queueKeyValues(current, followUp), ':followUp': followUp },
  };
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
