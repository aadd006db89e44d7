import { describe, expect, it } from 'vitest';
import { parseInterchange } from './parsed-interchange.ts';
import {
  harnessPerFile,
  newTenantId,
  runConsumer,
  testConnection,
  testHandler,
  waitForQueueDepth,
  waitForStatus,
} from './transmit-harness.ts';

const harness = harnessPerFile();

/** Files that arrived at the payer for one tenant's connection ids, parsed. */
function filesOf(prefix: string) {
  return [...harness.payer.files.entries()]
    .filter(([name]) => name.startsWith(prefix))
    .map(([name, content]) => ({ name, ...parseInterchange(content) }));
}

describe('transmit worker', () => {
  it('sends one interchange per payer connection, one transaction set per claim, and marks the claims TRANSMITTED', async () => {
    const tenantId = newTenantId();
    harness.connections.set(tenantId, [
      testConnection({ tenantId, connectionId: `${tenantId.slice(3)}-a`, payerIds: ['87726'] }),
      testConnection({
        tenantId,
        connectionId: `${tenantId.slice(3)}-b`,
        payerIds: ['60054'],
        interchange: {
          senderQualifier: 'ZZ',
          senderId: 'CLEARINGHOUSE',
          receiverQualifier: 'ZZ',
          receiverId: 'PAYERB',
          applicationSenderCode: 'CLEARINGHOUSE',
          applicationReceiverCode: 'PAYERB',
          submitterId: 'SUBMITTER1',
          receiverIdCode: 'RECEIVER2',
        },
      }),
    ]);
    const toA = [
      await harness.submit(tenantId, 'professional-full', '87726'),
      await harness.submit(tenantId, 'professional-minimal', '87726'),
      await harness.submit(tenantId, 'professional-full', '87726'),
    ];
    const toB = [await harness.submit(tenantId, 'professional-minimal', '60054')];

    await runConsumer(harness, testHandler(harness));
    const claims = await waitForStatus(harness, tenantId, [...toA, ...toB], 'TRANSMITTED');

    const filesA = filesOf(`${tenantId.slice(3)}-a`);
    const filesB = filesOf(`${tenantId.slice(3)}-b`);
    expect(filesA).toHaveLength(1);
    expect(filesB).toHaveLength(1);
    expect(filesA[0]?.claimIds.toSorted()).toEqual(toA.toSorted());
    expect(filesA[0]?.st02).toEqual(['0001', '0002', '0003']);
    expect(filesB[0]?.claimIds).toEqual(toB);
    // the claim's event names the interchange it travelled in
    for (const claim of claims) {
      const event = claim.history.at(-1);
      const file = claim.payerId === '87726' ? filesA[0] : filesB[0];
      expect(event?.type).toBe('claim.transmitted');
      expect(event?.source.controlNumbers).toMatchObject({
        isa13: file?.isa13,
        gs06: file?.gs06,
        fileName: file?.name,
      });
      const st02 = file?.st02[file.claimIds.indexOf(claim.claimId)];
      expect(event?.source.controlNumbers?.st02).toBe(st02);
      expect(event?.source.rawFileKey).toMatch(new RegExp(`^outbound/${tenantId}/`));
      // and the webhooks hear of it: one notification, with the event's stable id
      expect(harness.notified.filter((n) => n.claimId === claim.claimId)).toEqual([
        expect.objectContaining({
          type: 'claim.transmitted',
          status: 'TRANSMITTED',
          id: `${claim.claimId}:${event?.seq}`,
        }),
      ]);
    }
    await waitForQueueDepth(harness, harness.test.transmitQueueUrl, 0);
  });

  it('marks a claim for a payer without connection TRANSMISSION_FAILED and does not retry it', async () => {
    const tenantId = newTenantId();
    harness.connections.set(tenantId, [
      testConnection({ tenantId, connectionId: `${tenantId.slice(3)}-a` }),
    ]);
    const orphan = await harness.submit(tenantId, 'professional-minimal', 'NOPAYER');

    await runConsumer(harness, testHandler(harness));
    const [claim] = await waitForStatus(harness, tenantId, [orphan], 'TRANSMISSION_FAILED');

    expect(claim?.history.at(-1)?.codes).toEqual([{ type: 'transmission', code: 'NO_CONNECTION' }]);
    expect(harness.notified.filter((n) => n.claimId === orphan).map((n) => n.type)).toEqual([
      'claim.transmission_failed',
    ]);
    await waitForQueueDepth(harness, harness.test.transmitQueueUrl, 0);
    expect(filesOf(`${tenantId.slice(3)}-a`)).toHaveLength(0);
  });
});
