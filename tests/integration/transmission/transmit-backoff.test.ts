import { afterEach, describe, expect, it } from 'vitest';
import {
  harnessPerFile,
  queueDepth,
  runConsumer,
  tenantWithClaims,
  testHandler,
  waitFor,
  waitForQueueDepth,
  waitForStatus,
} from './transmit-harness.ts';

const harness = harnessPerFile();

afterEach(() => {
  harness.payer.down = false;
});

describe('transmit worker, payer down', () => {
  it('retries with a backoff by receive count while the payer is down, and sends once it is back', async () => {
    const { tenantId, connectionId, claimIds } = await tenantWithClaims(harness, 2, {
      prefix: 'd',
    });
    harness.payer.down = true;
    const backoffs: number[] = [];
    const openedBefore = harness.payer.opened;

    await runConsumer(
      harness,
      testHandler(harness, { onBackoff: (receiveCount) => backoffs.push(receiveCount) }),
    );
    await waitFor(
      () => Promise.resolve(backoffs),
      (counts) => counts.some((count) => count >= 2),
    );
    harness.payer.down = false;
    const claims = await waitForStatus(harness, tenantId, claimIds, 'TRANSMITTED');

    expect(harness.payer.opened - openedBefore).toBeGreaterThanOrEqual(3);
    expect(backoffs).toContain(1);
    expect(backoffs).toContain(2);
    // no claim was lost or failed on the way
    expect(claims.flatMap((claim) => claim.history.map((event) => event.type))).not.toContain(
      'claim.transmission_failed',
    );
    const sends = harness.payer.sends.filter((name) => name.startsWith(connectionId));
    expect(new Set(sends).size).toBe(sends.length);
    await waitForQueueDepth(harness, harness.test.transmitQueueUrl, 0);
  });

  it('moves the claim to TRANSMISSION_FAILED and the message to the DLQ after the queue maxReceiveCount', async () => {
    const { tenantId, connectionId, claimIds } = await tenantWithClaims(harness, 1, {
      prefix: 'd',
    });
    harness.payer.down = true;
    const maxReceiveCount = harness.test.resources.queues.transmit.definition.maxReceiveCount;
    const backoffs: number[] = [];

    await runConsumer(
      harness,
      testHandler(harness, { onBackoff: (receiveCount) => backoffs.push(receiveCount) }),
    );
    const [claim] = await waitForStatus(harness, tenantId, claimIds, 'TRANSMISSION_FAILED', 40_000);
    await waitForQueueDepth(harness, harness.deadLetterQueueUrl, 1, 20_000);

    expect(Math.max(...backoffs)).toBe(maxReceiveCount - 1);
    expect(claim?.history.at(-1)?.codes).toEqual([
      { type: 'transmission', code: 'PAYER_UNAVAILABLE' },
    ]);
    expect(await queueDepth(harness, harness.test.transmitQueueUrl)).toBe(0);
    expect(harness.payer.sends.filter((name) => name.startsWith(connectionId))).toEqual([]);
  }, 90_000);
});
