// Webhooks end to end on the local engines: the API (subscriptions, delivery log), the notifier
// (fan-out, signed attempts, retries through the webhook-delivery queue, DLQ) and a receiver on
// 127.0.0.1 that answers what each test asks of it. Backoffs are shortened to a second.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ReceiveMessageCommand, DeleteMessageCommand } from '@aws-sdk/client-sqs';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClaimNotification } from '#shared/webhooks/claim-notification';
import { createApplication, type Application } from '#shared/api/application';
import { loadConfig } from '#shared/config/config';
import { ClaimRepository } from '#shared/storage/dynamodb/claim-repository';
import { newTenantId } from '#shared/storage/dynamodb/tenant-repository';
import { batchNotificationOf } from '#shared/webhooks/batch-notification';
import { parseDeliveryMessage } from '#shared/webhooks/delivery-queue';
import { SqsDeliveryQueue } from '#shared/storage/sqs/webhook-delivery-queue';
import {
  attemptDelivery,
  fanOut,
  fanOutBatch,
  type AttemptOutcome,
  type NotifierDependencies,
} from '#shared/webhooks/notifier';
import type { Resolver } from '#shared/webhooks/url-policy';
import { WebhookRepository } from '#shared/storage/dynamodb/webhook-repository';
import { claimFixture, newClaim } from '../../support/claims.ts';
import { provisionTestResources, type TestResources } from '../../support/local-resources.ts';

/** the parts of API answers the tests read */
interface ApiBody {
  readonly items?: readonly Record<string, unknown>[];
  readonly errors?: readonly { path: string; code: string }[];
  readonly [field: string]: unknown;
}

interface Received {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

let test: TestResources;
let server: Server;
let receiverUrl: string;
const received: Received[] = [];
/** status the receiver answers per path, in order; the last one repeats */
const answers = new Map<string, number[]>();
let claims: ClaimRepository;
let webhooks: WebhookRepository;
let notifier: NotifierDependencies;
let api: Application;
let dlqUrl: string;
let deliveryQueueUrl: string;
let sequence = 0;

beforeAll(async () => {
  test = await provisionTestResources();
  server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      const path = request.url ?? '';
      received.push({ path, headers: request.headers, body });
      const queue = answers.get(path) ?? [204];
      const status = queue.length > 1 ? (queue.shift() as number) : (queue[0] ?? 204);
      response.writeHead(status);
      response.end(status >= 400 ? 'no thanks' : '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const options = { documents: test.clients.documents, tableName: test.tableName };
  claims = new ClaimRepository(options);
  webhooks = new WebhookRepository(options);
  deliveryQueueUrl = test.resources.queues.webhookDelivery.url;
  dlqUrl = test.resources.queues.webhookDelivery.deadLetterQueue.url;
  notifier = {
    webhooks,
    claims,
    queue: new SqsDeliveryQueue({
      sqs: test.clients.sqs,
      queueUrl: deliveryQueueUrl,
      deadLetterQueueUrl: dlqUrl,
    }),
    now: () => new Date(),
    stage: 'local',
    retryDelaysSeconds: [1, 1],
    timeoutMs: 2_000,
  };
  const config = loadConfig({ ...test.resources.environment, STAGE: 'local' });
  api = createApplication(config, { clients: test.clients });
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const request = async (
  tenantId: string,
  method: string,
  path: string,
  body?: unknown,
  query: Record<string, string> = {},
) => {
  const response = await api.handle({
    method,
    path,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    query,
    body: body === undefined ? undefined : JSON.stringify(body),
    requestId: `req-${++sequence}`,
    baseUrl: '',
    tenantId,
  });
  return {
    status: response.statusCode,
    body: response.body === '' ? undefined : (JSON.parse(response.body) as ApiBody),
  };
};

async function subscribe(tenantId: string, path: string, events: string[]) {
  const created = await request(tenantId, 'POST', '/v1/webhooks', {
    url: `${receiverUrl}${path}`,
    events,
  });
  expect(created.status).toBe(201);
  return created.body as { id: string; secret: string };
}

/** A claim from the rich fixture (names, birth date, diagnoses), denied by an 835. */
async function deniedClaim(tenantId: string): Promise<ClaimNotification> {
  const claimId = `clm_wh_${Date.now().toString(36)}_${++sequence}`;
  await claims.create(
    newClaim({
      tenantId,
      claimId,
      patientControlNumber: 'RCP2025031800017',
      source: { kind: 'api' },
    }),
  );
  return {
    id: `${claimId}:5`,
    type: 'claim.denied',
    tenantId,
    claimId,
    status: 'DENIED',
    previousStatus: 'ACCEPTED',
    at: '2026-11-21T09:00:00.000Z',
    source: '835',
    codes: [
      { type: 'CARC', code: '50', group: 'CO' },
      { type: 'RARC', code: 'N115' },
    ],
  };
}

/** Runs the delivery queue (as the event source would) until `done` deliveries finished. */
async function pump(expected: number, timeoutMs = 20_000): Promise<AttemptOutcome[]> {
  const outcomes: AttemptOutcome[] = [];
  const finals = new Set(['delivered', 'parked', 'disabled', 'cancelled']);
  const deadline = Date.now() + timeoutMs;
  while (outcomes.filter((outcome) => finals.has(outcome)).length < expected) {
    if (Date.now() > deadline) throw new Error(`pump timed out: ${outcomes.join(', ')}`);
    const page = await test.clients.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: deliveryQueueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 1,
      }),
    );
    for (const message of page.Messages ?? []) {
      const parsed = parseDeliveryMessage(JSON.parse(message.Body ?? 'null'));
      if (parsed === undefined) throw new Error('unexpected message on the delivery queue');
      outcomes.push(await attemptDelivery(notifier, parsed));
      await test.clients.sqs.send(
        new DeleteMessageCommand({
          QueueUrl: deliveryQueueUrl,
          ReceiptHandle: message.ReceiptHandle,
        }),
      );
    }
  }
  return outcomes;
}

/** The delivery's body, checked against its Standard Webhooks signature (throws when it fails). */
function verifiedBody(hit: Received, secret: string): unknown {
  return new Webhook(secret).verify(hit.body, {
    'webhook-id': String(hit.headers['webhook-id']),
    'webhook-timestamp': String(hit.headers['webhook-timestamp']),
    'webhook-signature': String(hit.headers['webhook-signature']),
  });
}

async function parkedMessages(): Promise<unknown[]> {
  const page = await test.clients.sqs.send(
    new ReceiveMessageCommand({ QueueUrl: dlqUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
  );
  return (page.Messages ?? []).map((message) => JSON.parse(message.Body ?? 'null') as unknown);
}

describe('webhook subscriptions API', () => {
  it('answers the secret once on creation and never again', async () => {
    const tenantId = newTenantId();
    const created = await subscribe(tenantId, '/once', ['claim.paid']);

    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(created.id).toMatch(/^wh_/);
    const listed = await request(tenantId, 'GET', '/v1/webhooks');
    const read = await request(tenantId, 'GET', `/v1/webhooks/${created.id}`);
    expect(JSON.stringify(listed.body)).not.toContain(created.secret);
    expect(JSON.stringify(read.body)).not.toContain('secret');
    expect(listed.body?.items).toHaveLength(1);
  });

  it('refuses unknown event types and bad URLs, naming the field', async () => {
    const tenantId = newTenantId();
    const badEvent = await request(tenantId, 'POST', '/v1/webhooks', {
      url: `${receiverUrl}/x`,
      events: ['claim.exploded'],
    });
    const badUrl = await request(tenantId, 'POST', '/v1/webhooks', {
      url: 'http://169.254.169.254/latest/meta-data/',
      events: ['claim.paid'],
    });

    expect(badEvent.status).toBe(400);
    expect(badEvent.body?.errors?.[0]).toMatchObject({ code: 'INVALID_EVENT_TYPE' });
    expect(badUrl.status).toBe(400);
    expect(badUrl.body?.errors?.[0]).toMatchObject({
      path: 'url',
      code: 'WEBHOOK_URL_FORBIDDEN_ADDRESS',
    });
  });

  it('refuses SSRF attempts in the cloud profile: http, private addresses, names resolving inward', async () => {
    const resolve: Resolver = () => Promise.resolve([{ address: '127.0.0.1', family: 4 }]);
    const cloud = createApplication(loadConfig({ ...test.resources.environment, STAGE: 'cloud' }), {
      clients: test.clients,
      resolve,
    });
    const tenantId = newTenantId();
    const codes: string[] = [];
    for (const url of [
      `${receiverUrl}/hook`,
      'https://10.0.0.8/hook',
      'https://[::ffff:127.0.0.1]/hook',
      'https://localhost.example.com/hook',
    ]) {
      const response = await cloud.handle({
        method: 'POST',
        path: '/v1/webhooks',
        headers: { 'content-type': 'application/json' },
        query: {},
        body: JSON.stringify({ url, events: ['claim.paid'] }),
        requestId: 'req-ssrf',
        baseUrl: '',
        tenantId,
      });
      expect(response.statusCode, url).toBe(400);
      codes.push(
        (JSON.parse(response.body) as { errors: { code: string }[] }).errors[0]?.code ?? '',
      );
    }

    expect(codes).toEqual([
      'WEBHOOK_URL_SCHEME',
      'WEBHOOK_URL_FORBIDDEN_ADDRESS',
      'WEBHOOK_URL_FORBIDDEN_ADDRESS',
      'WEBHOOK_URL_FORBIDDEN_ADDRESS',
    ]);
  });

  it("answers 404 for another tenant's webhook ids, on read, deliveries and delete", async () => {
    const owner = newTenantId();
    const other = newTenantId();
    const { id } = await subscribe(owner, '/owned', ['claim.paid']);

    expect((await request(other, 'GET', `/v1/webhooks/${id}`)).status).toBe(404);
    expect((await request(other, 'GET', `/v1/webhooks/${id}/deliveries`)).status).toBe(404);
    expect((await request(other, 'DELETE', `/v1/webhooks/${id}`)).status).toBe(404);
    expect((await request(other, 'GET', '/v1/webhooks')).body?.items).toEqual([]);
    expect((await request(owner, 'GET', `/v1/webhooks/${id}`)).status).toBe(200);
    expect((await request(owner, 'DELETE', `/v1/webhooks/${id}`)).status).toBe(204);
    expect((await request(owner, 'GET', `/v1/webhooks/${id}`)).status).toBe(404);
  });
});

describe('webhook delivery', () => {
  it('delivers batch.acknowledged signed, once per batch however often it is re-sent, with the batch in the log', async () => {
    const tenantId = newTenantId();
    const { id, secret } = await subscribe(tenantId, '/batches', ['batch.acknowledged']);
    await subscribe(tenantId, '/claims-only', ['claim.denied']);
    const notification = batchNotificationOf(
      { tenantId, batchId: 'bat_webhooktest' },
      {
        status: 'PARTIALLY_ACCEPTED',
        at: '2026-11-21T09:00:00.000Z',
        acknowledgment: {
          verdict: 'P',
          groups: [{ controlNumber: '12', acknowledgment: 'P', included: 3, accepted: 2 }],
          rawFileKey: `inbound-batches/${tenantId}/bat_webhooktest/999.x12`,
          interchangeControlNumbers: ['000000009'],
          producedAt: '2026-11-21T09:00:00.000Z',
        },
        counts: {
          transactionSets: { received: 3, accepted: 2, rejected: 1 },
          claims: { received: 3, accepted: 2, rejected: 1 },
        },
      },
    );
    received.length = 0;

    expect(await fanOutBatch(notifier, notification)).toBe(1);
    expect(await pump(1)).toEqual(['delivered']);
    // a resumed upload publishes the same notification again: no second delivery
    expect(await fanOutBatch(notifier, notification)).toBe(0);

    expect(received.map((hit) => hit.path)).toEqual(['/batches']);
    const [hit] = received as [Received];
    const verified = verifiedBody(hit, secret);
    expect(verified).toMatchObject({
      type: 'batch.acknowledged',
      data: { batchId: 'bat_webhooktest', acknowledgment: { verdict: 'P' } },
    });
    expect(hit.body).not.toContain('999.x12');
    const log = await request(tenantId, 'GET', `/v1/webhooks/${id}/deliveries`);
    expect(log.body?.items?.[0]).toMatchObject({
      eventType: 'batch.acknowledged',
      batchId: 'bat_webhooktest',
      state: 'delivered',
    });
  });

  it('delivers a signed event that Webhook.verify accepts, with no PHI from the claim', async () => {
    const tenantId = newTenantId();
    const { id, secret } = await subscribe(tenantId, '/signed', ['claim.denied']);
    await subscribe(tenantId, '/other-events', ['claim.paid']);
    const notification = await deniedClaim(tenantId);
    received.length = 0;

    expect(await fanOut(notifier, notification)).toBe(1);
    expect(await pump(1)).toEqual(['delivered']);

    expect(received).toHaveLength(1);
    const [hit] = received as [Received];
    expect(hit.path).toBe('/signed');
    const verified = verifiedBody(hit, secret);
    expect(verified).toEqual({
      type: 'claim.denied',
      timestamp: '2026-11-21T09:00:00.000Z',
      data: {
        claimId: notification.claimId,
        status: 'DENIED',
        previousStatus: 'ACCEPTED',
        payerId: '87726',
        chargeAmount: '250.00',
        codes: [
          { type: 'CARC', code: '50', group: 'CO' },
          { type: 'RARC', code: 'N115' },
        ],
      },
    });
    const fixture = claimFixture('professional-full') as {
      subscriber: Record<string, string>;
    };
    for (const phi of [
      fixture.subscriber.firstName,
      fixture.subscriber.lastName,
      fixture.subscriber.dateOfBirth,
      fixture.subscriber.memberId,
      'RCP2025031800017', // the patient control number
      'J069', // a diagnosis
      'RIVERVIEW',
    ]) {
      expect(hit.body).not.toContain(phi);
    }
    const log = await request(tenantId, 'GET', `/v1/webhooks/${id}/deliveries`);
    expect(log.body?.items).toEqual([
      expect.objectContaining({
        id: hit.headers['webhook-id'],
        eventType: 'claim.denied',
        state: 'delivered',
        attempts: 1,
        log: [expect.objectContaining({ attempt: 1, statusCode: 204 })],
      }),
    ]);
  });

  it('retries failures with the same webhook-id, then parks the delivery in the DLQ as failed', async () => {
    const tenantId = newTenantId();
    const { id } = await subscribe(tenantId, '/always-down', ['claim.denied']);
    answers.set('/always-down', [500]);
    const notification = await deniedClaim(tenantId);
    received.length = 0;

    await fanOut(notifier, notification);
    const outcomes = await pump(1);

    expect(outcomes).toEqual(['retry', 'retry', 'parked']);
    const hits = received.filter((hit) => hit.path === '/always-down');
    expect(hits).toHaveLength(3);
    expect(new Set(hits.map((hit) => hit.headers['webhook-id'])).size).toBe(1);
    expect(new Set(hits.map((hit) => hit.body)).size).toBe(1);
    const parked = await parkedMessages();
    expect(parked).toContainEqual(expect.objectContaining({ tenantId, webhookId: id, attempt: 3 }));
    const log = await request(tenantId, 'GET', `/v1/webhooks/${id}/deliveries`);
    expect(log.body?.items?.[0]).toMatchObject({ state: 'failed', attempts: 3 });
    const attempts = (log.body?.items?.[0]?.log ?? []) as { statusCode?: number }[];
    expect(attempts.map((entry) => entry.statusCode)).toEqual([500, 500, 500]);
    expect(JSON.stringify(log.body)).not.toContain('no thanks');
  });

  it('delivers on a retry after failures, the log showing every attempt', async () => {
    const tenantId = newTenantId();
    const { id } = await subscribe(tenantId, '/flaky', ['claim.denied']);
    answers.set('/flaky', [503, 200]);

    await fanOut(notifier, await deniedClaim(tenantId));
    expect(await pump(1)).toEqual(['retry', 'delivered']);

    const log = await request(tenantId, 'GET', `/v1/webhooks/${id}/deliveries`);
    expect(log.body?.items?.[0]).toMatchObject({
      state: 'delivered',
      attempts: 2,
      log: [
        expect.objectContaining({ attempt: 1, statusCode: 503, error: 'HTTP 503' }),
        expect.objectContaining({ attempt: 2, statusCode: 200 }),
      ],
    });
  });

  it('disables the subscription when the receiver answers 410, and sends it nothing more', async () => {
    const tenantId = newTenantId();
    const { id } = await subscribe(tenantId, '/gone', ['claim.denied']);
    answers.set('/gone', [410]);

    await fanOut(notifier, await deniedClaim(tenantId));
    expect(await pump(1)).toEqual(['disabled']);

    const read = await request(tenantId, 'GET', `/v1/webhooks/${id}`);
    expect(read.body).toMatchObject({ enabled: false });
    expect(await fanOut(notifier, await deniedClaim(tenantId))).toBe(0);
  });

  it('creates one delivery however often the same notify message arrives', async () => {
    const tenantId = newTenantId();
    const { id } = await subscribe(tenantId, '/once-only', ['claim.denied']);
    const notification = await deniedClaim(tenantId);
    received.length = 0;

    await fanOut(notifier, notification);
    await pump(1);
    expect(await fanOut(notifier, notification)).toBe(0);

    expect(received.filter((hit) => hit.path === '/once-only')).toHaveLength(1);
    const log = await request(tenantId, 'GET', `/v1/webhooks/${id}/deliveries`);
    expect(log.body?.items).toHaveLength(1);
  });

  it("never delivers one tenant's events to another tenant's subscriptions", async () => {
    const mine = newTenantId();
    const theirs = newTenantId();
    await subscribe(theirs, '/theirs', ['claim.denied']);
    received.length = 0;

    expect(await fanOut(notifier, await deniedClaim(mine))).toBe(0);
    expect(received).toEqual([]);
  });
});
