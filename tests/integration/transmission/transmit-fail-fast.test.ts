import { describe, expect, it } from 'vitest';
import { PayerRequestError } from '#shared/connectors/https-connector';
import type { InboundFile, PayerConnector } from '#shared/connectors/payer-connector';
import { HostKeyMismatchError, PayerAuthenticationError } from '#shared/connectors/sftp-connector';
import { createTransmitHandler } from '#functions/transmit/handler';
import { transmitClaims, type ConnectorFactory } from '#shared/transmission/transmit-claims';
import {
  firstDeliveries,
  harnessPerFile,
  queueDepth,
  runConsumer,
  statusesOf,
  tenantWithClaims,
  waitForQueueDepth,
  waitForStatus,
} from './transmit-harness.ts';

const harness = harnessPerFile();

/** A payer that refuses with the given error, at hasSent (logging in) or at send (the upload). */
class RefusingPayer implements ConnectorFactory {
  opened = 0;
  sends = 0;
  readonly error: (connectionId: string) => Error;
  readonly at: 'hasSent' | 'send';
  constructor(error: (connectionId: string) => Error, at: 'hasSent' | 'send') {
    this.error = error;
    this.at = at;
  }

  open(connection: { connectionId: string }): Promise<PayerConnector> {
    this.opened++;
    const refuse = () => Promise.reject(this.error(connection.connectionId));
    return Promise.resolve({
      hasSent: () => (this.at === 'hasSent' ? refuse() : Promise.resolve(false)),
      send: () => {
        this.sends++;
        return refuse();
      },
      listInbound: () => Promise.resolve<InboundFile[]>([]),
      fetchInbound: () => refuse(),
      acknowledgeInbound: () => Promise.resolve(),
      close: () => Promise.resolve(),
    });
  }
}

/** One pass of the flow, with `payer`, over the first delivery of the claims. */
function transmitFirstDelivery(payer: ConnectorFactory, tenantId: string, claimIds: string[]) {
  return transmitClaims(
    { ...harness.flowDependencies(), connectors: payer, leaseMs: 30_000 },
    firstDeliveries(tenantId, claimIds),
  );
}

describe('transmit worker, refusals that need a person', () => {
  it('fails the claims at once as PAYER_AUTHENTICATION_FAILED and deletes their messages, without retrying the login', async () => {
    const { tenantId, claimIds } = await tenantWithClaims(harness, 2, { prefix: 'f' });
    const payer = new RefusingPayer((id) => new PayerAuthenticationError(id), 'hasSent');
    const backoffs: number[] = [];
    await runConsumer(
      harness,
      createTransmitHandler({
        flow: { ...harness.flowDependencies(), connectors: payer },
        sqs: harness.test.clients.sqs,
        queueUrl: harness.test.transmitQueueUrl,
        backoff: (receiveCount) => {
          backoffs.push(receiveCount);
          return 0;
        },
        leaseMarginMs: 0,
      }),
    );

    const claims = await waitForStatus(harness, tenantId, claimIds, 'TRANSMISSION_FAILED');
    await waitForQueueDepth(harness, harness.test.transmitQueueUrl, 0);
    // a moment for a retry that should not come
    await new Promise((resolve) => setTimeout(resolve, 1_500));

    expect(payer.opened).toBe(1);
    expect(payer.sends).toBe(0);
    expect(backoffs).toEqual([]);
    expect(await queueDepth(harness, harness.deadLetterQueueUrl)).toBe(0);
    for (const claim of claims) {
      expect(claim.history.at(-1)?.codes).toEqual([
        { type: 'transmission', code: 'PAYER_AUTHENTICATION_FAILED' },
      ]);
      // nothing was uploaded: the interchange is abandoned, a requeued claim starts afresh
      const [marker] = await harness.interchanges.markersOf(tenantId, claim.claimId);
      const interchange = await harness.interchanges.get(tenantId, marker?.interchangeId ?? '');
      expect(interchange.state).toBe('ABANDONED');
    }
  });

  it.each<[string, (connectionId: string) => Error, string]>([
    ['a host key mismatch', (id) => new HostKeyMismatchError(id), 'HOST_KEY_MISMATCH'],
    ['a 4xx answer', (id) => new PayerRequestError(id, 'hasSent', 403), 'PAYER_REQUEST_REFUSED'],
  ])('fails the claim at once on %s, at its first receive', async (_name, error, code) => {
    const { tenantId, claimIds } = await tenantWithClaims(harness, 1, { prefix: 'f' });
    const payer = new RefusingPayer(error, 'hasSent');
    const outcomes = await transmitFirstDelivery(payer, tenantId, claimIds);

    expect([...outcomes.values()]).toEqual([{ kind: 'done', reason: 'transmission-failed' }]);
    const [claim] = await statusesOf(harness, tenantId, claimIds);
    expect(claim?.status).toBe('TRANSMISSION_FAILED');
    expect(claim?.history.at(-1)?.codes).toEqual([{ type: 'transmission', code }]);
    expect(payer.opened).toBe(1);
  });

  it('keeps the interchange resumable when the upload itself was refused (the file may be there from an earlier try)', async () => {
    const { tenantId, claimIds } = await tenantWithClaims(harness, 1, { prefix: 'f' });
    const payer = new RefusingPayer((id) => new PayerRequestError(id, 'send', 400), 'send');
    const outcomes = await transmitFirstDelivery(payer, tenantId, claimIds);

    expect([...outcomes.values()]).toEqual([{ kind: 'done', reason: 'transmission-failed' }]);
    const [claim] = await statusesOf(harness, tenantId, claimIds);
    expect(claim?.history.at(-1)?.codes).toEqual([
      { type: 'transmission', code: 'PAYER_REQUEST_REFUSED' },
    ]);
    const [marker] = await harness.interchanges.markersOf(tenantId, claimIds[0] ?? '');
    const interchange = await harness.interchanges.get(tenantId, marker?.interchangeId ?? '');
    expect(interchange.state).toBe('COMMITTED');
    expect(claim?.history.at(-1)?.source.controlNumbers?.interchangeId).toBe(
      interchange.interchangeId,
    );
  });
});
