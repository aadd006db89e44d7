// Intake reliability at the application level (real DynamoDB Local and fauxqs, no HTTP):
// in-flight idempotency, and an enqueue failure that loses nothing.
import { beforeAll, describe, expect, it } from 'vitest';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { createApplication } from '#shared/api/application';
import type { HttpRequest } from '#shared/api/http';
import type { Config } from '#shared/config/config';
import { sweepReceivedClaims } from '#shared/intake/requeue-sweeper';
import { ClaimRepository } from '#shared/storage/dynamodb/claim-repository';
import { TenantRepository } from '#shared/storage/dynamodb/tenant-repository';
import {
  SqsClaimQueue,
  type ClaimQueue,
  type TransmitRequest,
} from '#shared/storage/sqs/transmit-queue';
import { claimFixture } from '../../support/claims.ts';
import { provisionTestTenants, type TestResources } from '../../support/local-resources.ts';

let test: TestResources;
let config: Config;

beforeAll(async () => {
  const provisioned = await provisionTestTenants({ tn_rel: 'Reliability' });
  test = provisioned;
  config = provisioned.config;
});

function submitRequest(headers: Record<string, string> = {}): HttpRequest {
  return {
    method: 'POST',
    path: '/v1/claims/professional',
    headers: { 'content-type': 'application/json', ...headers },
    query: {},
    body: JSON.stringify(claimFixture('professional-minimal')),
    requestId: 'req-' + Math.random().toString(36).slice(2),
    baseUrl: '',
    tenantId: 'tn_rel',
  };
}

/** A queue whose sends wait until the test lets them go. */
class GatedQueue implements ClaimQueue {
  readonly sent: TransmitRequest[] = [];
  #release: () => void = () => undefined;
  readonly #gate = new Promise<void>((resolve) => {
    this.#release = resolve;
  });
  release(): void {
    this.#release();
  }
  async enqueue(request: TransmitRequest): Promise<void> {
    await this.#gate;
    this.sent.push(request);
  }
}

class BrokenQueue implements ClaimQueue {
  enqueue(): Promise<void> {
    return Promise.reject(new Error('SQS is down'));
  }
}

describe('claim intake reliability', () => {
  it('answers 409 with Retry-After while the first request with the same Idempotency-Key is in flight', async () => {
    const queue = new GatedQueue();
    const application = createApplication(config, { clients: test.clients, queue });
    const key = { 'idempotency-key': 'in-flight-' + Date.now() };
    const first = application.handle(submitRequest(key));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const second = await application.handle(submitRequest(key));
    expect(second.statusCode).toBe(409);
    expect(second.headers['retry-after']).toBe('1');
    expect(second.headers['content-type']).toBe('application/problem+json');
    queue.release();
    expect((await first).statusCode).toBe(202);
    expect(queue.sent).toHaveLength(1);
  });

  it('keeps a claim RECEIVED when the enqueue fails, and the sweeper queues it later', async () => {
    const application = createApplication(config, {
      clients: test.clients,
      queue: new BrokenQueue(),
    });
    const answer = await application.handle(submitRequest());
    expect(answer.statusCode).toBe(202);
    const { claimId, status } = JSON.parse(answer.body) as { claimId: string; status: string };
    expect(status).toBe('RECEIVED');

    const claims = new ClaimRepository({
      documents: test.clients.documents,
      tableName: test.tableName,
    });
    const tenants = new TenantRepository({
      documents: test.clients.documents,
      tableName: test.tableName,
    });
    const queue = new SqsClaimQueue({ sqs: test.clients.sqs, queueUrl: test.transmitQueueUrl });
    const before = await queueDepth();
    const result = await sweepReceivedClaims({
      claims,
      tenants,
      queue,
      now: () => new Date(Date.now() + 5 * 60_000),
    });
    expect(result.queued).toBeGreaterThanOrEqual(1);
    const after = await claims.get('tn_rel', claimId);
    expect(after.status).toBe('QUEUED');
    expect(after.history.map((event) => event.source.kind)).toEqual(['api', 'requeue-sweeper']);
    expect(await queueDepth()).toBe(before + result.queued);

    // the checkpoint moved past it: a second sweep finds nothing to do
    const again = await sweepReceivedClaims({
      claims,
      tenants,
      queue,
      now: () => new Date(Date.now() + 5 * 60_000),
    });
    expect(again.found).toBe(0);
  });
});

async function queueDepth(): Promise<number> {
  const attributes = await test.clients.sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: test.transmitQueueUrl,
      AttributeNames: ['ApproximateNumberOfMessages'],
    }),
  );
  return Number(attributes.Attributes?.ApproximateNumberOfMessages ?? 0);
}
