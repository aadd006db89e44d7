// The demo's webhook receiver accepts a delivery signed with the subscription's secret and refuses
// one whose body, signature or secret differs (verifyDelivery, and the server answering 204 / 401).
import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it } from 'vitest';
import {
  startWebhookReceiver,
  verifyDelivery,
  type WebhookReceiver,
} from '#infra/local/demo/webhook-receiver';

const secret = `whsec_${randomBytes(32).toString('base64')}`;
const otherSecret = `whsec_${randomBytes(32).toString('base64')}`;

const body = JSON.stringify({
  type: 'claim.denied',
  timestamp: '2026-11-21T09:00:00.000Z',
  data: { claimId: 'clm_demo1', status: 'DENIED', previousStatus: 'ACCEPTED' },
});

function signed(payload: string, key = secret, id = 'msg_1'): Record<string, string> {
  const at = new Date();
  return {
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(key).sign(id, at, payload),
  };
}

describe('verifyDelivery', () => {
  it('accepts a delivery signed with the secret and reads its type, claim and status', () => {
    const verdict = verifyDelivery(secret, body, signed(body));
    expect(verdict).toEqual({
      ok: true,
      webhook: {
        id: 'msg_1',
        type: 'claim.denied',
        claimId: 'clm_demo1',
        status: 'DENIED',
        timestamp: '2026-11-21T09:00:00.000Z',
      },
    });
  });

  it('refuses a tampered body, another secret, missing headers and an unknown secret', () => {
    const tampered = body.replace('DENIED', 'PAID');
    expect(verifyDelivery(secret, tampered, signed(body))).toEqual({
      ok: false,
      claimId: 'clm_demo1',
    });
    expect(verifyDelivery(secret, body, signed(body, otherSecret)).ok).toBe(false);
    const { 'webhook-signature': _signature, ...unsigned } = signed(body);
    expect(verifyDelivery(secret, body, unsigned).ok).toBe(false);
    expect(verifyDelivery(undefined, body, signed(body)).ok).toBe(false);
  });
});

describe('startWebhookReceiver', () => {
  let receiver: WebhookReceiver | undefined;
  afterEach(async () => {
    await receiver?.close();
  });

  it('answers 204 to a valid delivery (counted once per webhook-id) and 401 to a tampered one', async () => {
    receiver = await startWebhookReceiver();
    receiver.setSecret(secret);
    const post = (payload: string, headers: Record<string, string>) =>
      fetch(receiver?.url ?? '', {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: payload,
      }).then((response) => response.status);

    expect(await post(body, signed(body))).toBe(204);
    // a retry of the same delivery: accepted, not counted again
    expect(await post(body, signed(body))).toBe(204);
    expect(await post(body.replace('DENIED', 'PAID'), signed(body))).toBe(401);

    const tally = receiver.forClaim('clm_demo1');
    expect(tally.verified.map((webhook) => webhook.type)).toEqual(['claim.denied']);
    expect(tally.failed).toBe(1);
    expect(receiver.unattributedFailures).toBe(0);
  });

  it('answers with the status the caller picks (503 asks for a retry) and keeps every attempt of a webhook-id', async () => {
    let answered = 0;
    receiver = await startWebhookReceiver({ answer: () => (answered++ === 0 ? 503 : 204) });
    receiver.setSecret(secret);
    const post = () =>
      fetch(receiver?.url ?? '', { method: 'POST', headers: signed(body), body }).then(
        (response) => response.status,
      );

    expect([await post(), await post()]).toEqual([503, 204]);

    const tally = receiver.forClaim('clm_demo1');
    expect(tally.attempts.map((webhook) => webhook.id)).toEqual(['msg_1', 'msg_1']);
    expect(tally.verified).toHaveLength(1);
  });
});
