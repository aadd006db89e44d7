// A semaphore per payer connection in DynamoDB: `concurrency` slot items, each a lease (holder,
// expiry) taken by conditional write, so that however many transmit workers run, at most that
// many hold a session (open, hasSent, send, close) to one connection at once. An SFTP mailbox
// accepts a few sessions; more get refused or throttled, which would look like an outage.
//
// A slot is free when its item is absent or its lease has expired: a worker that dies holding one
// blocks it until the expiry (the invocation's remaining time plus a margin), never longer.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { CONNECTION_SLOT_PREFIX, connectionSlotKey, connectionSlotsPartition } from './keys.ts';
import { conditionHolds } from './conditional-write.ts';
import { SingleTable, type TableOptions } from './single-table.ts';

export interface SlotRequest {
  readonly tenantId: string;
  readonly connectionId: string;
  /** the connection's `concurrency`: slots 0..limit-1 (items beyond a lowered limit are ignored) */
  readonly limit: number;
  /** who holds it (worker and interchange); taking a slot one already holds succeeds */
  readonly holder: string;
  readonly nowMs: number;
  /** the lease's end: at least as long as the session may last */
  readonly untilMs: number;
}

export interface ConnectionSlot {
  readonly slot: number;
  /** Gives the slot back (only if still held by this holder); never throws for a lost slot. */
  release(): Promise<void>;
}

/** What the transmit flow needs: take a slot, waiting up to `waitMs`; null when none came free. */
export interface ConnectionSlotSource {
  acquire(request: SlotRequest, waitMs: number): Promise<ConnectionSlot | null>;
}

/** Slot items live a day past their lease, then TTL removes them (a connection no longer used). */
const TTL_AFTER_LEASE_SECONDS = 86_400;

export class ConnectionSlots implements ConnectionSlotSource {
  readonly #table: SingleTable;
  readonly #sleep: (ms: number) => Promise<void>;
  readonly #now: () => number;

  constructor(
    options: TableOptions & {
      readonly sleep?: (ms: number) => Promise<void>;
      readonly now?: () => number;
    },
  ) {
    this.#table = new SingleTable(options);
    this.#sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.#now = options.now ?? Date.now;
  }

  /**
   * Tries, then polls every 100 to 300 ms (jittered, so waiters do not move in step) until a slot
   * is free or `waitMs` has passed. The lease keeps its length from each try's time.
   */
  async acquire(request: SlotRequest, waitMs: number): Promise<ConnectionSlot | null> {
    const started = this.#now();
    const length = request.untilMs - request.nowMs;
    for (;;) {
      const nowMs = this.#now();
      const slot = await this.tryAcquire({ ...request, nowMs, untilMs: nowMs + length });
      if (slot !== null) return slot;
      if (this.#now() - started >= waitMs) return null;
      await this.#sleep(100 + Math.floor(Math.random() * 200));
    }
  }

  /**
   * One attempt: reads the connection's slots (one strongly consistent Query), then takes a free
   * one with a conditional put; a slot taken by another worker in between makes it try the next.
   */
  async tryAcquire(request: SlotRequest): Promise<ConnectionSlot | null> {
    const { tenantId, connectionId, limit, holder, nowMs, untilMs } = request;
    const { Items = [] } = await this.#table.documents.send(
      new QueryCommand({
        TableName: this.#table.name,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: {
          ':pk': connectionSlotsPartition(tenantId, connectionId),
          ':prefix': CONNECTION_SLOT_PREFIX,
        },
        ConsistentRead: true,
      }),
    );
    const busy = new Set<number>();
    for (const item of Items) {
      const slot = Number(String(item.sk).slice(CONNECTION_SLOT_PREFIX.length));
      if (Number(item.leaseUntil) >= nowMs && item.holder !== holder) busy.add(slot);
    }
    const free = Array.from({ length: limit }, (_, slot) => slot).filter((slot) => !busy.has(slot));
    // start at a random free slot: concurrent takers then rarely collide on the same item
    const offset = Math.floor(Math.random() * Math.max(free.length, 1));
    for (const slot of [...free.slice(offset), ...free.slice(0, offset)]) {
      try {
        await this.#table.documents.send(
          new PutCommand({
            TableName: this.#table.name,
            Item: {
              ...connectionSlotKey(tenantId, connectionId, slot),
              holder,
              leaseUntil: untilMs,
              expiresAt: Math.ceil(untilMs / 1000) + TTL_AFTER_LEASE_SECONDS,
            },
            ConditionExpression:
              'attribute_not_exists(pk) OR leaseUntil < :now OR holder = :holder',
            ExpressionAttributeValues: { ':now': nowMs, ':holder': holder },
          }),
        );
        return { slot, release: () => this.release(tenantId, connectionId, slot, holder) };
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    }
    return null;
  }

  async release(
    tenantId: string,
    connectionId: string,
    slot: number,
    holder: string,
  ): Promise<void> {
    // expired and taken by another worker: theirs now, nothing to give back
    await conditionHolds(() =>
      this.#table.documents.send(
        new DeleteCommand({
          TableName: this.#table.name,
          Key: connectionSlotKey(tenantId, connectionId, slot),
          ConditionExpression: 'holder = :holder',
          ExpressionAttributeValues: { ':holder': holder },
        }),
      ),
    );
  }
}
