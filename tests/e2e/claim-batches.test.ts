// Batch uploads over real HTTP against the whole local system (same wiring as `npm start`): an
// 837P built by our own generator goes in, a 999 comes back, and the accepted claims travel to
// the sandbox payer and back to PAID exactly as JSON submissions do.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebhookReceiver, type WebhookReceiver } from '#infra/local/demo/webhook-receiver';
import type { Acknowledgment999 } from '#shared/x12/parse-999';
import { parseX12 } from '#shared/x12/parse-document';
import {
  batchClaim,
  batchFile,
  CLEARINGHOUSE,
  invalidBatchClaim,
  SUBMITTER,
  type BatchClaimView,
} from '../support/claim-batches.ts';
import { eventually, testSystemPerFile } from '../support/local-system.ts';

interface BatchAnswer {
  batchId: string;
  status: string;
  counts: Record<string, { received: number; accepted: number; rejected: number }>;
  acknowledgment: { verdict: string; x12?: string };
  claims: BatchClaimView[];
}

const test = testSystemPerFile({
  name: 'Batch uploads e2e',
  tenantId: 'tn_e2e_batches',
  sandboxDelaySeconds: 0.2,
  pollEveryMs: 500,
});
let otherKey: string;
let receiver: WebhookReceiver;

beforeAll(async () => {
  otherKey = (await test.system.addTenant('Another billing company', 'tn_e2e_batches_other'))
    .apiKey;
  receiver = await startWebhookReceiver();
  const subscribed = await test.api('POST', '/v1/webhooks', {
    url: receiver.url,
    events: ['batch.acknowledged'],
  });
  expect(subscribed.status).toBe(201);
  receiver.setSecret(((await subscribed.json()) as { secret: string }).secret);
});

afterAll(async () => {
  await receiver.close();
});

async function upload(
  file: string,
  apiKey = test.apiKey,
): Promise<{ status: number; body: BatchAnswer }> {
  const response = await fetch(`${test.system.apiUrl}/v1/claim-batches`, {
    method: 'POST',
    headers: { 'x-api-key': apiKey, 'content-type': 'application/edi-x12' },
    body: file,
  });
  return { status: response.status, body: (await response.json()) as BatchAnswer };
}

async function readBatch(batchId: string, apiKey = test.apiKey) {
  const response = await fetch(`${test.system.apiUrl}/v1/claim-batches/${batchId}`, {
    headers: { 'x-api-key': apiKey },
  });
  return { status: response.status, body: (await response.json()) as BatchAnswer };
}

const file = batchFile(
  [batchClaim('E2E-BATCH-1'), invalidBatchClaim('E2E-BATCH-2'), batchClaim('E2E-BATCH-3')],
  { controlNumber: 4242 },
);

describe('claim batches through the local API', () => {
  let first: BatchAnswer;

  it('answers an 837P of three claims, one invalid, with 202 and a 999: AK9 P, IK5 A R A', async () => {
    const answer = await upload(file);

    expect(answer.status).toBe(202);
    first = answer.body;
    expect(first).toMatchObject({
      status: 'PARTIALLY_ACCEPTED',
      counts: {
        transactionSets: { received: 3, accepted: 2, rejected: 1 },
        claims: { received: 3, accepted: 2, rejected: 1 },
      },
    });
    expect(first.claims.map((claim) => [claim.patientControlNumber, claim.outcome])).toEqual([
      ['E2E-BATCH-1', 'ACCEPTED'],
      ['E2E-BATCH-2', 'REJECTED'],
      ['E2E-BATCH-3', 'ACCEPTED'],
    ]);
    expect(first.claims[1]?.errors).toEqual([
      expect.objectContaining({ path: 'billing.npi', code: 'INVALID_NPI' }),
    ]);

    // the 999 reads back with our own parser, envelopes checked strictly
    const document = parseX12(first.acknowledgment.x12 ?? '', { strict: true });
    const interchange = document.interchanges[0];
    expect(interchange).toMatchObject({ senderId: CLEARINGHOUSE.id, receiverId: SUBMITTER.id });
    const ack = interchange?.groups[0]?.transactions[0] as Acknowledgment999;
    expect(ack).toMatchObject({
      type: '999',
      groupControlNumber: '4242',
      groupAcknowledgment: 'P',
      transactionSetsIncluded: 3,
      received: 3,
      accepted: 2,
    });
    expect(ack.transactionSets.map((set) => [set.controlNumber, set.acknowledgment])).toEqual([
      ['0001', 'A'],
      ['0002', 'R'],
      ['0003', 'A'],
    ]);
    expect(ack.transactionSets[1]?.errors).toEqual([
      expect.objectContaining({ segmentId: 'CLM', loopId: '2300', code: '8' }),
    ]);
  });

  it('sends batch.acknowledged to the subscribed webhook, signed, once', async () => {
    const received = await eventually(() => {
      const tally = receiver.forBatch(first.batchId);
      return Promise.resolve(tally.verified.length > 0 ? tally : undefined);
    });

    expect(received.verified.map((webhook) => [webhook.type, webhook.status])).toEqual([
      ['batch.acknowledged', 'PARTIALLY_ACCEPTED'],
    ]);
  });

  it('brings the accepted claims to PAID through the sandbox payer, as JSON claims go', async () => {
    const accepted = first.claims.filter((claim) => claim.outcome === 'ACCEPTED');

    const paid = await eventually(async () => {
      const read = await readBatch(first.batchId);
      const statuses = read.body.claims
        .filter((claim) => claim.outcome === 'ACCEPTED')
        .map((claim) => claim.status);
      return statuses.every((status) => status === 'PAID') ? read.body : undefined;
    });

    expect(paid.status).toBe('PARTIALLY_ACCEPTED');
    expect(paid.acknowledgment.x12).toBe(first.acknowledgment.x12);
    expect(paid.claims.map((claim) => claim.claimId)).toEqual(
      first.claims.map((claim) => claim.claimId),
    );
    const events = await test.api('GET', `/v1/claims/${accepted[0]?.claimId ?? ''}/events`);
    const history = (await events.json()) as {
      events: { status: string; source: { kind: string } }[];
    };
    expect(history.events.slice(0, 2).map((event) => [event.status, event.source.kind])).toEqual([
      ['RECEIVED', 'batch'],
      ['QUEUED', 'batch'],
    ]);
    expect(history.events.map((event) => event.status)).toContain('TRANSMITTED');
  });

  it('answers the first batch when the same file comes again, with no new claim', async () => {
    const again = await upload(file);

    expect(again.status).toBe(200);
    expect(again.body.batchId).toBe(first.batchId);
    expect(again.body.claims.map((claim) => claim.claimId)).toEqual(
      first.claims.map((claim) => claim.claimId),
    );
  });

  it('answers 404 to another tenant for the batch, and gives that tenant a batch of its own for the same bytes', async () => {
    const foreign = await readBatch(first.batchId, otherKey);
    const own = await upload(file, otherKey);

    expect(foreign.status).toBe(404);
    expect(own.status).toBe(202);
    expect(own.body.batchId).not.toBe(first.batchId);
  });
});
