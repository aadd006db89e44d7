// The claims API over real HTTP against the whole local system (same wiring as `npm start`).
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import type { LocalSystem } from '#infra/local/system';
import { gatewayProblems } from '#shared/api/gateway-problems';
import { createAwsClients, type AwsClients } from '#shared/storage/aws-clients';
import { TenantRepository } from '#shared/storage/dynamodb/tenant-repository';
import { claimFixture } from '../support/claims.ts';
import { startSystemOnSharedEngines } from '../support/local-system.ts';
import { capturedOutput } from '../support/output-capture.ts';

let system: LocalSystem;
let clients: AwsClients;
let keyA: string;
let keyB: string;
const logLines: string[] = [];
const capture = (...parts: unknown[]) => {
  logLines.push(
    parts.map((part) => (typeof part === 'string' ? part : JSON.stringify(part))).join(' '),
  );
};

beforeAll(async () => {
  process.env.LOG_LEVEL = 'DEBUG';
  system = await startSystemOnSharedEngines({
    // this suite reads the transmit queue itself; the transmit worker has its own tests
    transmit: false,
    authorizerCacheTtlSeconds: 0,
    logger: { info: capture, error: capture },
  });
  clients = createAwsClients({
    AWS_REGION: 'us-east-1',
    DYNAMODB_ENDPOINT: system.environment.DYNAMODB_ENDPOINT,
    SQS_ENDPOINT: system.environment.SQS_ENDPOINT,
  });
  const tenants = new TenantRepository({
    documents: clients.documents,
    tableName: system.resources.table.name,
  });
  for (const id of ['tn_a', 'tn_b']) await tenants.createTenant(`Tenant ${id}`, new Date(), id);
  keyA = (await tenants.createApiKey('tn_a', new Date())).apiKey;
  keyB = (await tenants.createApiKey('tn_b', new Date())).apiKey;
});

afterAll(async () => {
  await system.stop();
});

interface Answer {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

async function call(
  method: string,
  path: string,
  options: {
    key?: string | null;
    body?: unknown;
    raw?: string;
    contentType?: string;
    headers?: Record<string, string>;
  } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers };
  const key = options.key === undefined ? keyA : options.key;
  if (key !== null) headers['x-api-key'] = key;
  let body: string | undefined;
  if (options.raw !== undefined || options.body !== undefined) {
    body = options.raw ?? JSON.stringify(options.body);
    headers['content-type'] = options.contentType ?? 'application/json';
  }
  const response = await fetch(system.apiUrl + path, {
    method,
    headers,
    ...(body !== undefined ? { body } : {}),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
  };
}

const professional = () => claimFixture('professional-full');
const institutional = () => claimFixture('institutional-full');

describe('claims API over HTTP', () => {
  it('answers health without a key', async () => {
    const answer = await call('GET', '/v1/health', { key: null });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      status: 'ok',
      checks: { table: 'ok', transmitQueue: 'ok' },
    });
  });

  it('serves the OpenAPI document generated from the route table and schemas', async () => {
    const answer = await call('GET', '/v1/openapi.json');
    expect(answer.status).toBe(200);
    expect(answer.body.openapi).toBe('3.1.0');
    expect(Object.keys(answer.body.paths as object)).toContain('/v1/claims/professional');
  });

  it('refuses a missing or unknown API key with 401 problem+json, as the deployed gateway does', async () => {
    for (const key of [null, 'chk_not-a-real-key']) {
      const answer = await call('GET', '/v1/claims', { key });

      expect(answer.status).toBe(401);
      expect(answer.headers.get('content-type')).toBe('application/problem+json');
      expect(answer.body).toMatchObject({
        type: gatewayProblems.unauthorized.type,
        title: gatewayProblems.unauthorized.title,
        status: 401,
      });
    }
  });

  it('accepts a professional claim with 202, stores it, queues it, and reads it back with its history', async () => {
    const submitted = await call('POST', '/v1/claims/professional', { body: professional() });
    expect(submitted.status).toBe(202);
    expect(submitted.body.status).toBe('QUEUED');
    expect(String(submitted.body.claimId)).toMatch(/^clm_/);
    const claimId = String(submitted.body.claimId);
    expect(submitted.headers.get('location')).toBe(`/v1/claims/${claimId}`);

    const read = await call('GET', `/v1/claims/${claimId}`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({
      claimId,
      kind: 'professional',
      status: 'QUEUED',
      payerId: professional().tradingPartnerServiceId,
    });
    expect((read.body.claim as { subscriber: unknown }).subscriber).toEqual(
      professional().subscriber,
    );

    const events = await call('GET', `/v1/claims/${claimId}/events`);
    expect((events.body.events as { status: string }[]).map((event) => event.status)).toEqual([
      'RECEIVED',
      'QUEUED',
    ]);
  });

  it('puts only ids on the transmit queue, never claim data', async () => {
    const submitted = await call('POST', '/v1/claims/professional', { body: professional() });
    const received = await clients.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: system.resources.queues.transmit.url,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 1,
      }),
    );
    const bodies = (received.Messages ?? []).map(
      (message) => JSON.parse(message.Body ?? '{}') as Record<string, unknown>,
    );
    const mine = bodies.find((body) => body.claimId === submitted.body.claimId);
    expect(mine).toEqual({ tenantId: 'tn_a', claimId: submitted.body.claimId, revision: 1 });
  });

  it('accepts an institutional claim', async () => {
    const submitted = await call('POST', '/v1/claims/institutional', { body: institutional() });
    expect(submitted.status).toBe(202);
    expect(submitted.body.status).toBe('QUEUED');
  });

  it('reports every invalid field at once as problem+json with paths and codes, storing nothing', async () => {
    const claim = professional() as {
      billing: { npi: string };
      claimInformation: { claimChargeAmount: string };
    };
    claim.billing.npi = '1234567890';
    claim.claimInformation.claimChargeAmount = '1.00';
    const answer = await call('POST', '/v1/claims/professional', { body: claim });
    expect(answer.status).toBe(400);
    expect(answer.headers.get('content-type')).toBe('application/problem+json');
    const errors = answer.body.errors as { path: string; code: string }[];
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'billing.npi', code: 'INVALID_NPI' }),
        expect.objectContaining({ code: 'CHARGE_TOTAL_MISMATCH' }),
      ]),
    );
  });

  it('validates without storing: answers the 837 a valid claim would become, or every error', async () => {
    const valid = await call('POST', '/v1/claims/institutional/validate', {
      body: institutional(),
    });
    expect(valid.status).toBe(200);
    expect(valid.body.valid).toBe(true);
    const x12 = String(valid.body.x12);
    expect(x12.startsWith('ISA*')).toBe(true);
    expect(x12).toContain('ST*837*0001*005010X223A2~');
    expect(x12).toContain('REF*D9*PREVIEW~');

    const broken = { ...professional(), tradingPartnerServiceId: undefined, unknownThing: 1 };
    const invalid = await call('POST', '/v1/claims/professional/validate', { body: broken });
    expect(invalid.status).toBe(200);
    expect(invalid.body.valid).toBe(false);
    const codes = (invalid.body.errors as { path: string; code: string }[]).map(
      (error) => `${error.path} ${error.code}`,
    );
    expect(codes).toEqual(
      expect.arrayContaining(['tradingPartnerServiceId REQUIRED', 'unknownThing UNKNOWN_FIELD']),
    );
  });

  it('answers 400 for malformed JSON, 415 for another content type, 413 over 1 MB, 404 and 405 for unknown routes', async () => {
    const malformed = await call('POST', '/v1/claims/professional', { raw: '{"controlNumber":' });
    expect(malformed.status).toBe(400);
    expect((malformed.body.errors as { code: string }[])[0]?.code).toBe('MALFORMED_JSON');
    expect(
      (await call('POST', '/v1/claims/professional', { raw: 'x', contentType: 'text/plain' }))
        .status,
    ).toBe(415);
    const big = JSON.stringify({ ...professional(), padding: 'x'.repeat(1024 * 1024) });
    expect((await call('POST', '/v1/claims/professional', { raw: big })).status).toBe(413);
    const unknown = await call('GET', '/v1/nothing-here');
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toBe('application/problem+json');
    expect((await call('DELETE', '/v1/claims')).status).toBe(405);
  });

  it('replays the first answer for a repeated Idempotency-Key and refuses its reuse with another body', async () => {
    const key = 'idem-' + randomBytes(6).toString('hex');
    const first = await call('POST', '/v1/claims/professional', {
      body: professional(),
      headers: { 'idempotency-key': key },
    });
    const again = await call('POST', '/v1/claims/professional', {
      body: professional(),
      headers: { 'idempotency-key': key },
    });
    expect(first.status).toBe(202);
    expect(again.status).toBe(202);
    expect(again.body.claimId).toBe(first.body.claimId);
    const changed = { ...professional(), controlNumber: '000000999' };
    const reused = await call('POST', '/v1/claims/professional', {
      body: changed,
      headers: { 'idempotency-key': key },
    });
    expect(reused.status).toBe(422);
    // the same key is another tenant's own key space
    const otherTenant = await call('POST', '/v1/claims/professional', {
      key: keyB,
      body: changed,
      headers: { 'idempotency-key': key },
    });
    expect(otherTenant.status).toBe(202);
  });

  it("answers 404, not 403, for another tenant's claim, and lists only the caller's claims", async () => {
    const mine = await call('POST', '/v1/claims/professional', { body: professional() });
    const claimId = String(mine.body.claimId);
    expect((await call('GET', `/v1/claims/${claimId}`, { key: keyB })).status).toBe(404);
    expect((await call('GET', `/v1/claims/${claimId}/events`, { key: keyB })).status).toBe(404);
    const listB = await call('GET', '/v1/claims?limit=100', { key: keyB });
    expect((listB.body.items as { claimId: string }[]).map((item) => item.claimId)).not.toContain(
      claimId,
    );
  });

  it('pages through claims with an opaque cursor and filters by status and payer', async () => {
    for (let index = 0; index < 3; index++)
      await call('POST', '/v1/claims/professional', { body: professional() });
    const first = await call(
      'GET',
      `/v1/claims?limit=2&status=QUEUED&payerId=${String(professional().tradingPartnerServiceId)}`,
    );
    expect(first.status).toBe(200);
    const items = first.body.items as { status: string; payerId: string }[];
    expect(items).toHaveLength(2);
    expect(
      items.every(
        (item) =>
          item.status === 'QUEUED' && item.payerId === professional().tradingPartnerServiceId,
      ),
    ).toBe(true);
    expect(typeof first.body.nextCursor).toBe('string');
    const second = await call('GET', `/v1/claims?limit=2&cursor=${String(first.body.nextCursor)}`);
    expect(second.status).toBe(200);
    expect((second.body.items as unknown[]).length).toBeGreaterThan(0);
    expect((await call('GET', '/v1/claims?limit=0')).status).toBe(400);
    expect((await call('GET', '/v1/claims?limit=101')).status).toBe(400);
    expect((await call('GET', '/v1/claims?status=NOPE')).status).toBe(400);
    expect((await call('GET', '/v1/claims?cursor=garbage')).status).toBe(400);
    // a cursor of tenant A is worthless to tenant B
    expect(
      (await call('GET', `/v1/claims?cursor=${String(first.body.nextCursor)}`, { key: keyB }))
        .status,
    ).toBe(400);
  });

  it('writes no PHI to any log line during full requests, and audit lines by ids', async () => {
    logLines.length = 0;
    const written = await capturedOutput(async () => {
      const claim = professional();
      const submitted = await call('POST', '/v1/claims/professional', { body: claim });
      await call('GET', `/v1/claims/${String(submitted.body.claimId)}`);
      const invalid = {
        ...claim,
        subscriber: { ...(claim.subscriber as object), dateOfBirth: '21000101' },
      };
      await call('POST', '/v1/claims/professional', { body: invalid });
    });
    const everything = [written, ...logLines].join('\n');
    expect(logLines.length).toBeGreaterThan(0);
    // the audit trail of the read and the submission is there, by ids
    expect(everything).toContain('"action":"claim.read"');
    expect(everything).toContain('"action":"claim.submitted"');
    const subscriber = professional().subscriber as Record<string, string>;
    for (const phi of [
      subscriber.firstName,
      subscriber.lastName,
      subscriber.memberId,
      subscriber.dateOfBirth,
      '21000101',
    ]) {
      expect(everything).not.toContain(phi);
    }
  });
});
