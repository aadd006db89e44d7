import { describe, expect, it } from 'vitest';
import type { Context, SQSEvent } from 'aws-lambda';
import { transmitClaims } from '#shared/transmission/transmit-claims';
import { InjectedCrashError, type CrashPoints } from './crash-points.ts';
import { parseInterchange } from './parsed-interchange.ts';
import {
  firstDeliveries,
  harnessPerFile,
  runConsumer,
  statusesOf,
  tenantWithClaims,
  testHandler,
  waitForQueueDepth,
  waitForStatus,
} from './transmit-harness.ts';

const harness = harnessPerFile();

/** Claims on a sender/receiver pair of their own, so control numbers are the test's alone. */
function tenantWithOwnPair(count: number, prefix = 'x') {
  return tenantWithClaims(harness, count, {
    prefix,
    connection: (connectionId) => ({
      interchange: {
        senderQualifier: 'ZZ',
        senderId: 'CH',
        receiverQualifier: 'ZZ',
        receiverId: connectionId.slice(0, 15),
        applicationSenderCode: 'CH',
        applicationReceiverCode: 'PAYER',
        submitterId: 'SUBMITTER1',
        receiverIdCode: 'RECEIVER1',
      },
    }),
  });
}

function sendsOf(connectionId: string): string[] {
  return harness.payer.sends.filter((name) => name.startsWith(connectionId));
}

/**
 * The handler with the fault until the fault has fired once (a crash: the whole invocation
 * throws, as a dying process would), then clean. `crashes` counts the faults that fired.
 */
function crashingOnce(crashAt: CrashPoints) {
  const faulty = testHandler(harness, { crashAt });
  const clean = testHandler(harness);
  const state = { crashes: 0 };
  const handler = async (event: SQSEvent, context: Context) => {
    if (state.crashes > 0) return clean(event, context);
    try {
      return await faulty(event, context);
    } catch (error) {
      if (error instanceof InjectedCrashError) state.crashes++;
      throw error;
    }
  };
  return { handler, state };
}

async function expectTransmittedOnce(tenantId: string, connectionId: string, claimIds: string[]) {
  const claims = await waitForStatus(harness, tenantId, claimIds, 'TRANSMITTED');
  await waitForQueueDepth(harness, harness.test.transmitQueueUrl, 0);
  // a batch may be split by the event source; what matters: no file twice, no claim twice
  const sends = sendsOf(connectionId);
  expect(new Set(sends).size).toBe(sends.length);
  const files = sends.map((name) => parseInterchange(harness.payer.files.get(name) ?? ''));
  expect(files.flatMap((file) => file.claimIds).toSorted()).toEqual(claimIds.toSorted());
  for (const claim of claims) {
    const transmitted = claim.history.filter((event) => event.type === 'claim.transmitted');
    expect(transmitted).toHaveLength(1);
    const file = files.find((candidate) => candidate.claimIds.includes(claim.claimId));
    expect(transmitted[0]?.source.controlNumbers?.isa13).toBe(file?.isa13);
  }
}

describe('transmit worker, exactly once', () => {
  it.each<[string, CrashPoints]>([
    ['after the interchange is recorded, before the markers', { afterRecord: true }],
    ['after the markers and the commit, before the upload', { afterCommit: true }],
    ['after the upload, before the interchange is marked sent', { afterUpload: true }],
    ['after the first of three status writes', { afterStatusWrites: 1 }],
    ['after the second of three status writes', { afterStatusWrites: 2 }],
  ])('sends each claim once when the worker crashes %s', async (_name, crashAt) => {
    const { tenantId, connectionId, claimIds } = await tenantWithOwnPair(3);

    const crashing = crashingOnce(crashAt);

    await runConsumer(harness, crashing.handler);

    await expectTransmittedOnce(tenantId, connectionId, claimIds);
    expect(crashing.state.crashes).toBe(1);
  });

  it('sends each claim once when two workers process the same messages at the same time', async () => {
    const { tenantId, connectionId, claimIds } = await tenantWithOwnPair(4, 'y');
    const messages = firstDeliveries(tenantId, claimIds);
    const flow = { ...harness.flowDependencies(), leaseMs: 10_000 };

    const results = await Promise.all([
      transmitClaims({ ...flow, workerId: 'worker-1' }, messages),
      transmitClaims({ ...flow, workerId: 'worker-2' }, messages.toReversed()),
      transmitClaims({ ...flow, workerId: 'worker-3' }, messages.slice(1)),
    ]);

    // whatever each worker reported, retries included, the payer got each claim once
    for (const result of results) expect(result.size).toBeGreaterThan(0);
    const retry = await transmitClaims({ ...flow, workerId: 'worker-4' }, messages);
    expect([...retry.values()].every((outcome) => outcome.kind === 'done')).toBe(true);
    const claims = await statusesOf(harness, tenantId, claimIds);
    expect(claims.every((claim) => claim.status === 'TRANSMITTED')).toBe(true);
    const sent = sendsOf(connectionId).flatMap(
      (name) => parseInterchange(harness.payer.files.get(name) ?? '').claimIds,
    );
    expect(sent.toSorted()).toEqual(claimIds.toSorted());
  });

  it('gives unique control numbers to interchanges built by concurrent workers', async () => {
    const { tenantId, connectionId, claimIds } = await tenantWithOwnPair(8, 'z');
    const flow = { ...harness.flowDependencies(), leaseMs: 10_000 };

    // eight workers, one claim each, all for the same sender/receiver pair
    await Promise.all(
      claimIds.map((claimId, index) =>
        transmitClaims({ ...flow, workerId: `w${index}` }, [
          { messageId: `m${index}`, request: { tenantId, claimId, revision: 1 }, receiveCount: 1 },
        ]),
      ),
    );

    const files = sendsOf(connectionId).map((name) =>
      parseInterchange(harness.payer.files.get(name) ?? ''),
    );
    expect(files).toHaveLength(8);
    expect(new Set(files.map((file) => file.isa13)).size).toBe(8);
    expect(new Set(files.map((file) => file.gs06)).size).toBe(8);
  });
});
