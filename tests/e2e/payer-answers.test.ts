// The answer side of `npm start`: the local poll schedule reads the sandbox payer's mailbox,
// archives and queues each file, and the response queue's consumer applies it to the claims.
// (Every sandbox scenario end to end is in sandbox-scenarios.test.ts.)
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startLocalSystem, type LocalSystem } from '#infra/local/system';
import { sandboxConnectionId } from '#infra/local/sandbox-connection';
import { startWebhookReceiver } from '#infra/local/demo/webhook-receiver';
import { claimFixture } from '../support/claims.ts';

let system: LocalSystem;
let dataDir: string;
let apiKey: string;
let tenantId: string;

interface History {
  status: string;
  events: { status: string; source: { kind: string; rawFileKey?: string } }[];
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'payer-answers-e2e-'));
  system = await startLocalSystem({
    port: 0,
    dynamoPort: 0,
    awsPort: 0,
    dynamoEndpoint: inject('dynamoEndpoint'),
    awsEndpoint: inject('awsEndpoint'),
    suffix: '-' + randomBytes(4).toString('hex'),
    sandbox: { port: 0, dataDir, delaySeconds: 0.2 },
    pollEveryMs: 500,
    logger: { info: () => undefined, error: () => undefined },
  });
  ({ apiKey, tenantId } = await system.addTenant('Payer answers e2e', 'tn_e2e_answers'));
});

afterAll(async () => {
  await system.stop();
  await rm(dataDir, { recursive: true, force: true });
});

async function submit(memberId: string): Promise<string> {
  const claim = claimFixture('professional-minimal') as { subscriber: { memberId: string } };
  claim.subscriber.memberId = memberId;
  const response = await fetch(`${system.apiUrl}/v1/claims/professional`, {
    method: 'POST',
    headers: { 'x-api-key': apiKey, 'content-type': 'application/json' },
    body: JSON.stringify(claim),
  });
  expect(response.status).toBe(202);
  return ((await response.json()) as { claimId: string }).claimId;
}

async function historyOf(claimId: string): Promise<History> {
  const response = await fetch(`${system.apiUrl}/v1/claims/${claimId}/events`, {
    headers: { 'x-api-key': apiKey },
  });
  return (await response.json()) as History;
}

async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 45_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe('payer answers through the local poller and response consumer', () => {
  it('brings a claim to PAID from the sandbox payer 999, 277CA and 835, each archived under inbound/, and empties the mailbox', async () => {
    // the biller's system hears of every step through signed webhooks (the real notify function)
    const receiver = await startWebhookReceiver();
    try {
      const subscribed = await fetch(`${system.apiUrl}/v1/webhooks`, {
        method: 'POST',
        headers: { 'x-api-key': apiKey, 'content-type': 'application/json' },
        body: JSON.stringify({
          url: receiver.url,
          events: ['claim.transmitted', 'claim.acknowledged', 'claim.accepted', 'claim.paid'],
        }),
      });
      expect(subscribed.status).toBe(201);
      receiver.setSecret(((await subscribed.json()) as { secret: string }).secret);
      const claimId = await submit('M12345678');
      await bringsToPaid(claimId);
      const webhooks = await eventually(() => {
        const received = receiver.forClaim(claimId);
        return Promise.resolve(
          received.verified.some((webhook) => webhook.type === 'claim.paid') ? received : undefined,
        );
      });
      expect(webhooks.failed).toBe(0);
      // deliveries run in parallel, so they may arrive in any order; their timestamps tell it
      const inOrder = webhooks.verified.toSorted((a, b) =>
        String(a.timestamp).localeCompare(String(b.timestamp)),
      );
      expect(inOrder.map((webhook) => webhook.type)).toEqual([
        'claim.transmitted',
        'claim.acknowledged',
        'claim.accepted',
        'claim.paid',
      ]);
    } finally {
      await receiver.close();
    }
  });
});

async function bringsToPaid(claimId: string): Promise<void> {
  {
    const paid = await eventually(async () => {
      const history = await historyOf(claimId);
      return history.status === 'PAID' ? history : undefined;
    });

    expect(paid.events.map((event) => event.status)).toEqual(
      expect.arrayContaining(['TRANSMITTED', 'ACKNOWLEDGED', 'ACCEPTED', 'PAID']),
    );
    const answers = paid.events.filter((event) =>
      ['999', '277ca', '835'].includes(event.source.kind),
    );
    expect(new Set(answers.map((event) => event.source.kind))).toEqual(
      new Set(['999', '277ca', '835']),
    );
    for (const event of answers) {
      expect(event.source.rawFileKey).toMatch(new RegExp(`^inbound/${tenantId}/`));
    }
    // acknowledged at the payer only after it was queued: nothing is left to read again
    const mailbox = path.join(dataDir, 'sftp', sandboxConnectionId(tenantId), 'answers');
    await eventually(async () =>
      (await readdir(mailbox)).filter((name) => !name.startsWith('.')).length === 0
        ? true
        : undefined,
    );
  }
}
