// The connection's batching window: claims wait for company until the oldest has waited the
// window, or go at once when they fill an interchange.
import { describe, expect, it } from 'vitest';
import { batchingWaitSeconds } from '#shared/transmission/transmit-claims';
import type { ClaimRecord } from '#shared/domain/claims/claim-record';
import { parseInterchange } from './parsed-interchange.ts';
import {
  harnessPerFile,
  newTenantId,
  runConsumer,
  testConnection,
  testHandler,
  waitForStatus,
} from './transmit-harness.ts';

const harness = harnessPerFile();

describe('batchingWaitSeconds', () => {
  const queuedAt = (iso: string) => ({ record: { updatedAt: iso } as ClaimRecord });
  const connection = (windowSeconds: number, maxClaimsPerInterchange: number) =>
    testConnection({ tenantId: 'tn_x', batching: { windowSeconds, maxClaimsPerInterchange } });
  const now = new Date('2026-11-22T10:00:10Z');

  it('waits out the rest of the window from the oldest claim', () => {
    expect(batchingWaitSeconds(connection(60, 10), [queuedAt('2026-11-22T10:00:00Z')], now)).toBe(
      50,
    );
  });

  it('does not wait once the window has passed, when the window is off, or when the group fills an interchange', () => {
    expect(batchingWaitSeconds(connection(5, 10), [queuedAt('2026-11-22T10:00:00Z')], now)).toBe(0);
    expect(batchingWaitSeconds(connection(0, 10), [queuedAt('2026-11-22T10:00:09Z')], now)).toBe(0);
    const two = [queuedAt('2026-11-22T10:00:09Z'), queuedAt('2026-11-22T10:00:09Z')];
    expect(batchingWaitSeconds(connection(60, 2), two, now)).toBe(0);
  });
});

describe('transmit worker with a batching window', () => {
  it('holds a lone claim until the window has passed, then sends it, and sends a full interchange at once', async () => {
    const tenantId = newTenantId();
    const connectionId = `${tenantId.slice(3)}-w`;
    harness.connections.set(tenantId, [
      testConnection({
        tenantId,
        connectionId,
        batching: { windowSeconds: 3, maxClaimsPerInterchange: 2 },
      }),
    ]);
    const lone = await harness.submit(tenantId, 'professional-minimal', '87726');
    const started = Date.now();
    await runConsumer(harness, testHandler(harness));

    const [claim] = await waitForStatus(harness, tenantId, [lone], 'TRANSMITTED', 20_000);
    // sent only after the window, not on the first delivery
    expect(
      Date.parse(claim?.history.at(-1)?.at ?? '') - Date.parse(claim?.createdAt ?? ''),
    ).toBeGreaterThanOrEqual(2_500);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_000);

    const pair = [
      await harness.submit(tenantId, 'professional-minimal', '87726'),
      await harness.submit(tenantId, 'professional-minimal', '87726'),
    ];
    const sentAt = Date.now();
    await waitForStatus(harness, tenantId, pair, 'TRANSMITTED', 20_000);
    const files = [...harness.payer.files.entries()].filter(([name]) =>
      name.startsWith(connectionId),
    );
    const full = files
      .map(([, content]) => parseInterchange(content))
      .find((file) => file.claimIds.length === 2);
    expect(full?.claimIds.toSorted()).toEqual(pair.toSorted());
    expect(Date.now() - sentAt).toBeLessThan(8_000);
  });
});
