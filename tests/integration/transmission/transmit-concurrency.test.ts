import { beforeAll, describe, expect, it } from 'vitest';
import {
  PayerUnavailableError,
  type InboundFile,
  type PayerConnector,
} from '#shared/connectors/payer-connector';
import type { PayerConnection } from '#shared/domain/payers/payer-connection';
import { ConnectionSlots } from '#shared/storage/dynamodb/connection-slots';
import { transmitClaims, type ConnectorFactory } from '#shared/transmission/transmit-claims';
import {
  firstDeliveries,
  harnessPerFile,
  statusesOf,
  tenantWithClaims,
} from './transmit-harness.ts';

const harness = harnessPerFile();
let slots: ConnectionSlots;

beforeAll(() => {
  slots = new ConnectionSlots({
    documents: harness.test.clients.documents,
    tableName: harness.test.tableName,
  });
});

/**
 * A payer that counts open sessions (open to close) per connection and remembers the most it
 * ever saw at once; each operation takes a while, so overlapping sessions would show.
 */
class InstrumentedPayer implements ConnectorFactory {
  readonly files = new Map<string, string>();
  sessions = 0;
  maxSessions = 0;

  open(_connection: PayerConnection): Promise<PayerConnector> {
    this.sessions++;
    this.maxSessions = Math.max(this.maxSessions, this.sessions);
    let closed = false;
    const slow = () => new Promise((resolve) => setTimeout(resolve, 120));
    return Promise.resolve({
      send: async (fileName, content) => {
        await slow();
        this.files.set(fileName, content);
      },
      hasSent: async (fileName) => {
        await slow();
        return this.files.has(fileName);
      },
      listInbound: () => Promise.resolve<InboundFile[]>([]),
      fetchInbound: () => Promise.reject(new PayerUnavailableError('no inbound files')),
      acknowledgeInbound: () => Promise.resolve(),
      close: () => {
        if (!closed) this.sessions--;
        closed = true;
        return Promise.resolve();
      },
    });
  }
}

/** Claims on a connection of the given concurrency, with their first deliveries. */
async function claimsOnConnection(count: number, concurrency: number) {
  const tenant = await tenantWithClaims(harness, count, {
    prefix: 'c',
    connection: () => ({ concurrency }),
  });
  return { ...tenant, messages: firstDeliveries(tenant.tenantId, tenant.claimIds) };
}

/** The transmit flow against `payer` with the connection slots, waiting `slotWaitMs` for one. */
function slottedFlow(payer: InstrumentedPayer, slotWaitMs: number) {
  return { ...harness.flowDependencies(), connectors: payer, slots, slotWaitMs, leaseMs: 120_000 };
}

/** Another worker takes the connection's only slot for a minute. */
function holdOnlySlot(tenantId: string, connectionId: string) {
  return slots.tryAcquire({
    tenantId,
    connectionId,
    limit: 1,
    holder: 'someone-else',
    nowMs: Date.now(),
    untilMs: Date.now() + 60_000,
  });
}

describe('transmit worker, per-connection concurrency', () => {
  it('holds at most one session to a connection of concurrency 1 while several workers upload at once', async () => {
    const { tenantId, claimIds, messages } = await claimsOnConnection(5, 1);
    const payer = new InstrumentedPayer();
    const flow = slottedFlow(payer, 20_000);

    // five workers, one claim (so one interchange) each, all for the same connection
    const results = await Promise.all(
      messages.map((message, index) =>
        transmitClaims({ ...flow, workerId: `w${index}` }, [message]),
      ),
    );

    expect(
      results.flatMap((result) => [...result.values()].map((outcome) => outcome.kind)),
    ).toEqual(['done', 'done', 'done', 'done', 'done']);
    expect(payer.maxSessions).toBe(1);
    expect(payer.sessions).toBe(0);
    expect(payer.files.size).toBe(5);
    const claims = await statusesOf(harness, tenantId, claimIds);
    expect(claims.every((claim) => claim.status === 'TRANSMITTED')).toBe(true);
  });

  it('retries the messages of an upload that finds no free slot, losing no claim, and sends them once a slot is free', async () => {
    const { tenantId, connectionId, claimIds, messages } = await claimsOnConnection(3, 1);
    const payer = new InstrumentedPayer();
    const flow = slottedFlow(payer, 0);
    // another worker holds the only slot
    const held = await holdOnlySlot(tenantId, connectionId);
    expect(held).not.toBeNull();

    const busy = await transmitClaims({ ...flow, workerId: 'w-busy' }, messages);
    expect([...busy.values()]).toEqual([
      { kind: 'retry', reason: 'ConnectionBusyError' },
      { kind: 'retry', reason: 'ConnectionBusyError' },
      { kind: 'retry', reason: 'ConnectionBusyError' },
    ]);
    expect(payer.files.size).toBe(0);
    const waiting = await statusesOf(harness, tenantId, claimIds);
    expect(waiting.every((claim) => claim.status === 'QUEUED')).toBe(true);

    await held?.release();
    const retried = await transmitClaims(
      { ...flow, workerId: 'w-retry' },
      messages.map((message) => ({ ...message, receiveCount: 2 })),
    );
    expect([...retried.values()].every((outcome) => outcome.kind === 'done')).toBe(true);
    // the retry resumed the interchange recorded by the first attempt: one file for all three
    expect(payer.files.size).toBe(1);
    const claims = await statusesOf(harness, tenantId, claimIds);
    expect(claims.every((claim) => claim.status === 'TRANSMITTED')).toBe(true);
  });

  it('fails the claims as CONNECTION_BUSY only at the last receive, like an outage', async () => {
    const { tenantId, connectionId, claimIds, messages } = await claimsOnConnection(1, 1);
    const payer = new InstrumentedPayer();
    const flow = slottedFlow(payer, 0);
    const held = await holdOnlySlot(tenantId, connectionId);
    const last = messages.map((message) => ({ ...message, receiveCount: flow.maxReceiveCount }));
    const outcomes = await transmitClaims({ ...flow, workerId: 'w-last' }, last);
    await held?.release();

    expect([...outcomes.values()]).toEqual([{ kind: 'dead-letter', reason: 'CONNECTION_BUSY' }]);
    const [claim] = await statusesOf(harness, tenantId, claimIds);
    expect(claim?.status).toBe('TRANSMISSION_FAILED');
    expect(claim?.history.at(-1)?.codes).toEqual([
      { type: 'transmission', code: 'CONNECTION_BUSY' },
    ]);
  });
});

describe('connection slots', () => {
  const request = (connectionId: string, holder: string, nowMs: number, limit = 2) => ({
    tenantId: 'tn_slots',
    connectionId,
    limit,
    holder,
    nowMs,
    untilMs: nowMs + 1_000,
  });

  it('gives out as many slots as the limit, frees a released one, and takes over an expired one', async () => {
    const now = Date.now();
    const a = await slots.tryAcquire(request('slots-a', 'a', now));
    const b = await slots.tryAcquire(request('slots-a', 'b', now));
    expect([a?.slot, b?.slot].toSorted()).toEqual([0, 1]);
    expect(await slots.tryAcquire(request('slots-a', 'c', now))).toBeNull();
    // the holder asking again keeps its slot (a retried call is not a second session)
    expect((await slots.tryAcquire(request('slots-a', 'a', now)))?.slot).toBe(a?.slot);

    await a?.release();
    expect((await slots.tryAcquire(request('slots-a', 'c', now)))?.slot).toBe(a?.slot);
    // a lease past its expiry is free: a worker that died blocks its slot until then only
    const later = await slots.tryAcquire(request('slots-a', 'd', now + 5_000));
    expect(later).not.toBeNull();
    // a late release of the expired holder leaves the new holder's slot alone
    await b?.release();
    await a?.release();
    expect(await slots.tryAcquire(request('slots-a', 'e', now + 5_000))).not.toBeNull();
    expect(await slots.tryAcquire(request('slots-a', 'f', now + 5_000))).toBeNull();
  });

  it('waits for a slot up to the given time, then gives up with null', async () => {
    const now = Date.now();
    const held = await slots.tryAcquire(request('slots-b', 'a', now, 1));
    const started = Date.now();
    expect(await slots.acquire(request('slots-b', 'b', Date.now(), 1), 400)).toBeNull();
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);

    setTimeout(() => void held?.release(), 200);
    const taken = await slots.acquire(request('slots-b', 'b', Date.now(), 1), 5_000);
    expect(taken?.slot).toBe(0);
  });
});
