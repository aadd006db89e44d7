// The answer side of `npm start`: the local poll schedule reads the sandbox payer's mailbox,
// archives and queues each file, and the response queue's consumer applies it to the claims.
// (Every sandbox scenario end to end is in sandbox-scenarios.test.ts.)
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sandboxConnectionId } from '#infra/local/sandbox-connection';
import { startWebhookReceiver } from '#infra/local/demo/webhook-receiver';
import { eventually, submitForMember, testSystemPerFile } from '../support/local-system.ts';

interface History {
  status: string;
  events: { status: string; source: { kind: string; rawFileKey?: string } }[];
}

const test = testSystemPerFile({
  name: 'Payer answers e2e',
  tenantId: 'tn_e2e_answers',
  sandboxDelaySeconds: 0.2,
  pollEveryMs: 500,
});

async function historyOf(claimId: string): Promise<History> {
  const response = await test.api('GET', `/v1/claims/${claimId}/events`);
  return (await response.json()) as History;
}

describe('payer answers through the local poller and response consumer', () => {
  it('brings a claim to PAID from the sandbox payer 999, 277CA and 835, each archived under inbound/, and empties the mailbox', async () => {
    // the biller's system hears of every step through signed webhooks (the real notify function)
    const receiver = await startWebhookReceiver();
    try {
      const subscribed = await test.api('POST', '/v1/webhooks', {
        url: receiver.url,
        events: ['claim.transmitted', 'claim.acknowledged', 'claim.accepted', 'claim.paid'],
      });
      expect(subscribed.status).toBe(201);
      receiver.setSecret(((await subscribed.json()) as { secret: string }).secret);
      const claimId = await submitForMember(test, 'M12345678');
      await bringsToPaid(claimId);
      const webhooks = await eventually(() => {
        const received = receiver.forClaim(claimId);
        return Promise.resolve(
          // deliveries are independent: wait for all four, not just the last status
          received.verified.length >= 4 ? received : undefined,
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
      expect(event.source.rawFileKey).toMatch(new RegExp(`^inbound/${test.tenantId}/`));
    }
    // acknowledged at the payer only after it was queued: nothing is left to read again
    const mailbox = path.join(test.dataDir, 'sftp', sandboxConnectionId(test.tenantId), 'answers');
    await eventually(async () =>
      (await readdir(mailbox)).filter((name) => !name.startsWith('.')).length === 0
        ? true
        : undefined,
    );
  }
}
