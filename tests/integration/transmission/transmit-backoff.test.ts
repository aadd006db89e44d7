import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SqsEventSource } from '#infra/local/sqs-event-source';
import {
  createHarness,
  newTenantId,
  queueDepth,
  runConsumer,
  statusesOf,
  testConnection,
  testHandler,
  waitFor,
  type Harness,
} from './transmit-harness.ts';

let harness: Harness;
let source: SqsEventSource | undefined;

beforeAll(async () => {
  harness = await createHarness();
});

afterEach(async () => {
  harness.payer.down = false;
  await source?.stop();
  source = undefined;
});

async function tenantWithClaims(count: number) {
  const tenantId = newTenantId();
  const connectionId = `d${tenantId.slice(3)}`;
  harness.connections.set(tenantId, [testConnection({ tenantId, connectionId })]);
  const claimIds: string[] = [];
  for (let i = 0; i < count; i++) {
    claimIds.push(await harness.submit(tenantId, 'professional-minimal', '87726'));
  }
  return { tenantId, connectionId, claimIds };
}

describe('transmit worker, payer down', () => {
  it('retries with a backoff by receive count while the payer is down, and sends once it is back', async () => {
    const { tenantId, connectionId, claimIds } = await tenantWithClaims(2);
    harness.payer.down = true;
    const backoffs: number[] = [];
    const openedBefore = harness.payer.opened;

    source = await runConsumer(
      harness,
      testHandler(harness, { onBackoff: (receiveCount) => backoffs.push(receiveCount) }),
    );
    await waitFor(
      () => Promise.resolve(backoffs),
      (counts) => counts.some((count) => count >= 2),
    );
    harness.payer.down = false;
    const claims = await waitFor(
      () => statusesOf(harness, tenantId, claimIds),
      (records) => records.every((record) => record.status === 'TRANSMITTED'),
    );

    expect(harness.payer.opened - openedBefore).toBeGreaterThanOrEqual(3);
    expect(backoffs).toContain(1);
    expect(backoffs).toContain(2);
    // no claim was lost or failed on the way
    expect(claims.flatMap((claim) => claim.history.map((event) => event.type))).not.toContain(
      'claim.transmission_failed',
    );
    const sends = harness.payer.sends.filter((name) => name.startsWith(connectionId));
    expect(new Set(sends).size).toBe(sends.length);
    await waitFor(
      () => queueDepth(harness, harness.test.transmitQueueUrl),
      (n) => n === 0,
    );
  });

  it('moves the claim to TRANSMISSION_FAILED and the message to the DLQ after the queue maxReceiveCount', async () => {
    const { tenantId, connectionId, claimIds } = await tenantWithClaims(1);
    harness.payer.down = true;
    const maxReceiveCount = harness.test.resources.queues.transmit.definition.maxReceiveCount;
    const backoffs: number[] = [];

    source = await runConsumer(
      harness,
      testHandler(harness, { onBackoff: (receiveCount) => backoffs.push(receiveCount) }),
    );
    const [claim] = await waitFor(
      () => statusesOf(harness, tenantId, claimIds),
      ([record]) => record?.status === 'TRANSMISSION_FAILED',
      40_000,
    );
    await waitFor(
      () => queueDepth(harness, harness.deadLetterQueueUrl),
      (n) => n === 1,
      20_000,
    );

    expect(Math.max(...backoffs)).toBe(maxReceiveCount - 1);
    expect(claim?.history.at(-1)?.codes).toEqual([
      { type: 'transmission', code: 'PAYER_UNAVAILABLE' },
    ]);
    expect(await queueDepth(harness, harness.test.transmitQueueUrl)).toBe(0);
    expect(harness.payer.sends.filter((name) => name.startsWith(connectionId))).toEqual([]);
  }, 90_000);
});
