// What the mailbox poller keeps in DynamoDB (keys.ts):
// - a receipt per inbound file by content hash, written with a condition when the file is first
//   fetched: RECEIVED, then QUEUED once its reference is on the response queue. A second arrival
//   of a QUEUED file is a duplicate (counted on the receipt, not queued again); a RECEIVED one was
//   archived but maybe never queued (a poller died), so it is queued again (at least once);
// - per connection, when its mailbox is next due and how the last poll went. The due time is
//   claimed with a conditional write and held by a lease, so overlapping poller runs never poll
//   one mailbox at once.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { inboundReceiptKey, mailboxPollKey } from './keys.ts';
import { SingleTable, type TableOptions } from './single-table.ts';
import { conditionHolds } from './conditional-write.ts';

export type ReceiptState = 'RECEIVED' | 'QUEUED';

export interface InboundReceipt {
  readonly tenantId: string;
  readonly connectionId: string;
  readonly contentSha256: string;
  /** archive key of the first arrival */
  readonly rawFileKey: string;
  /** the payer's name of the first arrival (names carry control numbers, not claim data) */
  readonly fileName: string;
  readonly state: ReceiptState;
  readonly receivedAt: string;
  readonly queuedAt?: string;
  /** arrivals of the same bytes after it was queued */
  readonly duplicates: number;
  readonly lastDuplicateAt?: string;
  readonly lastDuplicateName?: string;
}

export type ReceiptResult =
  /** first arrival: queue it */
  | { readonly kind: 'new' }
  /** seen before but never confirmed queued: queue it again */
  | { readonly kind: 'unqueued'; readonly receipt: InboundReceipt }
  /** already queued: recorded as a duplicate */
  | { readonly kind: 'duplicate'; readonly receipt: InboundReceipt };

export type PollOutcome = 'ok' | 'unreachable' | 'failed';

export interface MailboxPollState {
  readonly tenantId: string;
  readonly connectionId: string;
  readonly nextPollAt: string;
  /** a run polls the mailbox until then (absent when none does) */
  readonly leaseUntil?: string;
  readonly lastStartedAt?: string;
  readonly lastFinishedAt?: string;
  readonly lastOutcome?: PollOutcome;
  /** polls in a row that did not end ok (0 after a good one) */
  readonly consecutiveFailures?: number;
  readonly lastSuccessAt?: string;
}

export class InboundFileRepository {
  readonly #table: SingleTable;

  constructor(options: TableOptions) {
    this.#table = new SingleTable(options);
  }

  /** Records an arrival; the condition decides first arrival, resumed arrival or duplicate. */
  async recordArrival(arrival: {
    tenantId: string;
    connectionId: string;
    contentSha256: string;
    rawFileKey: string;
    fileName: string;
    receivedAt: string;
  }): Promise<ReceiptResult> {
    const key = inboundReceiptKey(arrival.tenantId, arrival.contentSha256);
    const first = await this.#table.putNew({
      ...key,
      entity: 'inbound-receipt',
      ...arrival,
      state: 'RECEIVED' satisfies ReceiptState,
      duplicates: 0,
    });
    if (first) return { kind: 'new' };
    try {
      const result = await this.#table.documents.send(
        new UpdateCommand({
          TableName: this.#table.name,
          Key: key,
          UpdateExpression:
            'SET lastDuplicateAt = :at, lastDuplicateName = :name ADD duplicates :one',
          ConditionExpression: '#state = :queued',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: {
            ':at': arrival.receivedAt,
            ':name': arrival.fileName,
            ':one': 1,
            ':queued': 'QUEUED' satisfies ReceiptState,
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return { kind: 'duplicate', receipt: receiptOf(result.Attributes ?? {}) };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
    const receipt = await this.getReceipt(arrival.tenantId, arrival.contentSha256);
    if (receipt === undefined) throw new Error('inbound receipt vanished while being read');
    return { kind: 'unqueued', receipt };
  }

  /** The file's reference is on the response queue: later arrivals are duplicates. */
  async markQueued(tenantId: string, contentSha256: string, queuedAt: string): Promise<void> {
    await this.#table.documents.send(
      new UpdateCommand({
        TableName: this.#table.name,
        Key: inboundReceiptKey(tenantId, contentSha256),
        UpdateExpression: 'SET #state = :queued, queuedAt = if_not_exists(queuedAt, :at)',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':queued': 'QUEUED' satisfies ReceiptState, ':at': queuedAt },
      }),
    );
  }

  async getReceipt(tenantId: string, contentSha256: string): Promise<InboundReceipt | undefined> {
    const item = await this.#table.getItem(inboundReceiptKey(tenantId, contentSha256));
    return item === undefined ? undefined : receiptOf(item);
  }

  /**
   * Takes the connection's poll if it is due (never polled, or its next poll time has come) and
   * no other run holds it, pushes the next poll time to `nextPollAt`, and holds the poll until
   * `leaseUntil` (finishPoll lets go; a run that died lets go when its lease ends). False when it
   * is not due or another run has it.
   */
  async claimPoll(
    tenantId: string,
    connectionId: string,
    now: Date,
    nextPollAt: Date,
    leaseUntil: Date,
  ): Promise<boolean> {
    return conditionHolds(() =>
      this.#table.documents.send(
        new UpdateCommand({
          TableName: this.#table.name,
          Key: mailboxPollKey(tenantId, connectionId),
          UpdateExpression:
            'SET nextPollAt = :next, leaseUntil = :lease, lastStartedAt = :now, tenantId = :tenant, connectionId = :connection, entity = :entity',
          // ISO timestamps of one format compare as strings
          ConditionExpression:
            '(attribute_not_exists(nextPollAt) OR nextPollAt <= :now) AND (attribute_not_exists(leaseUntil) OR leaseUntil <= :now)',
          ExpressionAttributeValues: {
            ':next': nextPollAt.toISOString(),
            ':lease': leaseUntil.toISOString(),
            ':now': now.toISOString(),
            ':tenant': tenantId,
            ':connection': connectionId,
            ':entity': 'mailbox-poll',
          },
        }),
      ),
    );
  }

  /** Records how a poll ended and when the mailbox is due next (now again, to retry). */
  async finishPoll(
    tenantId: string,
    connectionId: string,
    result: { outcome: PollOutcome; finishedAt: Date; nextPollAt: Date },
  ): Promise<void> {
    const ok = result.outcome === 'ok';
    await this.#table.documents.send(
      new UpdateCommand({
        TableName: this.#table.name,
        Key: mailboxPollKey(tenantId, connectionId),
        UpdateExpression: ok
          ? 'SET nextPollAt = :next, lastFinishedAt = :at, lastOutcome = :outcome, lastSuccessAt = :at, consecutiveFailures = :zero REMOVE leaseUntil'
          : 'SET nextPollAt = :next, lastFinishedAt = :at, lastOutcome = :outcome ADD consecutiveFailures :one REMOVE leaseUntil',
        ExpressionAttributeValues: {
          ':next': result.nextPollAt.toISOString(),
          ':at': result.finishedAt.toISOString(),
          ':outcome': result.outcome,
          ...(ok ? { ':zero': 0 } : { ':one': 1 }),
        },
      }),
    );
  }

  async getPollState(
    tenantId: string,
    connectionId: string,
  ): Promise<MailboxPollState | undefined> {
    const item = await this.#table.getItem(mailboxPollKey(tenantId, connectionId));
    if (item === undefined) return undefined;
    const { pk: _pk, sk: _sk, entity: _entity, ...state } = item;
    return state as unknown as MailboxPollState;
  }
}

function receiptOf(item: Record<string, unknown>): InboundReceipt {
  const { pk: _pk, sk: _sk, entity: _entity, ...receipt } = item;
  return receipt as unknown as InboundReceipt;
}
