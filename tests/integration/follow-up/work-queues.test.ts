import { beforeAll, describe, expect, it } from 'vitest';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { ClaimStatus } from '#shared/domain/lifecycle/claim-status';
import { workQueueRoutes } from '#shared/api/routes/work-queues';
import { Router } from '#shared/api/router';
import { HttpProblem, problemResponse } from '#shared/api/problem';
import type { HttpResponse } from '#shared/api/http';
import { sweepNoResponse } from '#shared/follow-up/no-response-sweeper';
import { AnswerRepository } from '#shared/storage/dynamodb/answer-repository';
import { ClaimRepository } from '#shared/storage/dynamodb/claim-repository';
import { claimKey } from '#shared/storage/dynamodb/keys';
import { WorkQueueRepository } from '#shared/storage/dynamodb/work-queue-repository';
import { provisionTestResources, type TestResources } from '../../support/local-resources.ts';

let test: TestResources;
let claims: ClaimRepository;
let answers: AnswerRepository;
let queues: WorkQueueRepository;
const NOW = new Date('2026-11-20T10:00:00Z');
const DAY = 24 * 60 * 60 * 1000;

beforeAll(async () => {
  test = await provisionTestResources();
  const storage = { documents: test.clients.documents, tableName: test.tableName };
  claims = new ClaimRepository(storage);
  answers = new AnswerRepository(storage);
  queues = new WorkQueueRepository(storage);
});

let sequence = 0;
async function claimIn(
  tenantId: string,
  path: readonly ClaimStatus[],
  options: {
    charge?: string;
    createdAt?: Date;
    codes?: { type: string; code: string; group?: string }[];
    payerId?: string;
  } = {},
): Promise<string> {
  sequence += 1;
  const claimId = `clm_wq_${sequence}`;
  const createdAt = options.createdAt ?? NOW;
  await claims.create({
    tenantId,
    claimId,
    kind: 'professional',
    body: { small: true },
    patientControlNumber: `WQ${sequence}`,
    payerId: options.payerId ?? '87726',
    chargeAmount: options.charge ?? '100.00',
    frequencyCode: '1',
    submission: { channel: 'api' },
    source: { kind: 'api' },
    now: createdAt,
  });
  for (const to of path) {
    await claims.transition({
      tenantId,
      claimId,
      to,
      type: `claim.${to.toLowerCase()}`,
      source: { kind: 'transmit' },
      ...(options.codes && to === path.at(-1) ? { codes: options.codes } : {}),
      now: createdAt,
    });
  }
  return claimId;
}

const router = () =>
  new Router(workQueueRoutes({ claims, workQueues: queues, now: () => NOW, maxBodyBytes: 10_000 }));
async function call(
  tenantId: string,
  method: string,
  path: string,
  query: Record<string, string> = {},
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const request = {
    method,
    path,
    headers: { 'content-type': 'application/json' },
    query,
    body: body === undefined ? undefined : JSON.stringify(body),
    requestId: 'req-test',
    baseUrl: '',
    tenantId,
  };
  let response: HttpResponse;
  try {
    response = await router().handle(request);
  } catch (error) {
    // as the application does: a thrown problem is the answer
    if (!(error instanceof HttpProblem)) throw error;
    response = problemResponse(error, request.requestId);
  }
  return {
    status: response.statusCode,
    body: JSON.parse(response.body) as Record<string, unknown>,
  };
}

type Item = Record<string, unknown>;
const ids = (page: { body: Record<string, unknown> }) =>
  (page.body.items as Item[]).map((item) => item.claimId ?? item.answerId);

describe('work queue membership', () => {
  it('puts each queue status in its queue with codes, meanings and a suggested action, and nothing else', async () => {
    const tenant = 'tn_wq_members';
    const rejected = await claimIn(tenant, ['QUEUED', 'TRANSMITTED', 'REJECTED'], {
      codes: [{ type: 'STC', code: 'A7:21' }],
    });
    const denied = await claimIn(tenant, ['QUEUED', 'TRANSMITTED', 'DENIED'], {
      codes: [
        { type: 'CLP02', code: '4' },
        { type: 'CARC', code: '197', group: 'CO' },
        { type: 'RARC', code: 'ZZ99' },
      ],
    });
    const failed = await claimIn(tenant, ['QUEUED', 'TRANSMISSION_FAILED']);
    const partial = await claimIn(tenant, ['QUEUED', 'TRANSMITTED', 'PARTIALLY_PAID']);
    await claimIn(tenant, ['QUEUED', 'TRANSMITTED', 'PAID']);
    await claimIn(tenant, ['QUEUED', 'TRANSMITTED', 'ACCEPTED']);

    expect(ids(await call(tenant, 'GET', '/v1/work-queues/REJECTIONS'))).toEqual([rejected]);
    expect(ids(await call(tenant, 'GET', '/v1/work-queues/TRANSMISSION_ERRORS'))).toEqual([failed]);
    expect(ids(await call(tenant, 'GET', '/v1/work-queues/PARTIAL_PAYMENTS'))).toEqual([partial]);
    expect(ids(await call(tenant, 'GET', '/v1/work-queues/NO_RESPONSE'))).toEqual([]);
    const denials = await call(tenant, 'GET', '/v1/work-queues/DENIALS');
    expect(denials.body.items).toEqual([
      expect.objectContaining({
        claimId: denied,
        status: 'DENIED',
        payerId: '87726',
        suggestedAction: 'get authorization',
        amountAtStake: '100.00',
        ageDays: 0,
        priority: 100,
        assignee: null,
        notes: [],
        resolved: false,
        reasonCodes: [
          expect.objectContaining({
            type: 'CARC',
            code: '197',
            meaning: expect.stringContaining('authorization') as unknown,
          }),
          { type: 'RARC', code: 'ZZ99', meaning: 'ZZ99' },
        ],
      }),
    ]);
    const rejection = (await call(tenant, 'GET', '/v1/work-queues/REJECTIONS')).body
      .items as Item[];
    expect(rejection[0]?.suggestedAction).toBe('correct and resubmit');

    const summary = await call(tenant, 'GET', '/v1/work-queues');
    expect(summary.body.queues).toContainEqual(
      expect.objectContaining({
        queue: 'DENIALS',
        count: 1,
        amountAtStake: '100.00',
        complete: true,
      }),
    );
    expect(summary.body.queues).toContainEqual(
      expect.objectContaining({ queue: 'NO_RESPONSE', count: 0 }),
    );
  });

  it('takes a claim out of its queue when its status moves on (DENIED -> PAID)', async () => {
    const tenant = 'tn_wq_leave';
    const claimId = await claimIn(tenant, ['QUEUED', 'TRANSMITTED', 'DENIED']);
    await claims.transition({
      tenantId: tenant,
      claimId,
      to: 'PAID',
      type: 'claim.paid',
      source: { kind: '835' },
      now: NOW,
    });
    expect(ids(await call(tenant, 'GET', '/v1/work-queues/DENIALS'))).toEqual([]);
    expect((await claims.get(tenant, claimId)).followUp).toBeUndefined();
  });

  it('lists unmatched answers in UNMATCHED_RESPONSES with the code meanings', async () => {
    const tenant = 'tn_wq_unmatched';
    await answers.putUnmatched({
      tenantId: tenant,
      answerId: 'ans_1',
      document: '835',
      reason: 'unknown-claim',
      candidates: 0,
      rawFileKey: 'inbound/x',
      receivedAt: NOW.toISOString(),
      identifiers: { patientControlNumber: 'X1', chargeAmount: '75.00', payerId: '87726' },
      indicatedStatus: 'PAID',
      codes: [{ type: 'CARC', code: '45', group: 'CO' }],
    });
    const page = await call(tenant, 'GET', '/v1/work-queues/UNMATCHED_RESPONSES');
    expect(page.body.items).toEqual([
      expect.objectContaining({
        kind: 'unmatched-answer',
        answerId: 'ans_1',
        amountAtStake: '75.00',
        suggestedAction: 'write off',
      }),
    ]);
    const [listed] = await answers.listUnmatched(tenant);
    // the index keys are storage detail, not part of the answer record
    expect(listed).toBeDefined();
    expect(Object.keys(listed ?? {})).not.toContain('gsi3pk');
  });
});

describe('priority and paging', () => {
  it('answers highest priority (amount x age) first, with filters and an opaque cursor', async () => {
    const tenant = 'tn_wq_priority';
    const small = await claimIn(tenant, ['QUEUED', 'TRANSMITTED', 'DENIED'], {
      charge: '50.00',
      createdAt: new Date(NOW.getTime() - 2 * DAY),
    });
    const bigNew = await claimIn(tenant, ['QUEUED', 'TRANSMITTED', 'DENIED'], {
      charge: '1000.00',
    });
    const midOld = await claimIn(tenant, ['QUEUED', 'TRANSMITTED', 'DENIED'], {
      charge: '400.00',
      createdAt: new Date(NOW.getTime() - 10 * DAY),
    });
    const otherPayer = await claimIn(tenant, ['QUEUED', 'TRANSMITTED', 'DENIED'], {
      charge: '10.00',
      payerId: '60054',
    });

    const page = await call(tenant, 'GET', '/v1/work-queues/DENIALS');
    // 400 x 10 = 4000 before 1000 x 1 before 50 x 2 = 100 before 10 x 1
    expect(ids(page)).toEqual([midOld, bigNew, small, otherPayer]);
    expect((page.body.items as Item[]).map((item) => item.priority)).toEqual([4000, 1000, 100, 10]);

    expect(ids(await call(tenant, 'GET', '/v1/work-queues/DENIALS', { payerId: '60054' }))).toEqual(
      [otherPayer],
    );

    const first = await call(tenant, 'GET', '/v1/work-queues/DENIALS', { limit: '2' });
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await call(tenant, 'GET', '/v1/work-queues/DENIALS', {
      limit: '2',
      cursor: String(first.body.nextCursor),
    });
    expect(new Set([...ids(first), ...ids(second)])).toEqual(
      new Set([small, bigNew, midOld, otherPayer]),
    );
    expect((await call(tenant, 'GET', '/v1/work-queues/DENIALS', { limit: '101' })).status).toBe(
      400,
    );
    expect((await call(tenant, 'GET', '/v1/work-queues/NOPE')).status).toBe(404);
  });
});

describe('follow-up actions', () => {
  it('assigns, notes and resolves, each with a history event; resolve leaves the queue', async () => {
    const tenant = 'tn_wq_actions';
    const claimId = await claimIn(tenant, ['QUEUED', 'TRANSMITTED', 'REJECTED']);
    const path = `/v1/claims/${claimId}/follow-up`;
    expect(
      (await call(tenant, 'POST', path, {}, { action: 'assign', assignee: 'dana' })).status,
    ).toBe(200);
    expect(
      (await call(tenant, 'POST', path, {}, { action: 'note', note: 'called payer' })).status,
    ).toBe(200);
    const assigned = await call(tenant, 'GET', '/v1/work-queues/REJECTIONS', { assignee: 'dana' });
    expect(assigned.body.items).toEqual([
      expect.objectContaining({
        claimId,
        assignee: 'dana',
        notes: [expect.objectContaining({ text: 'called payer' })],
      }),
    ]);
    expect(
      ids(await call(tenant, 'GET', '/v1/work-queues/REJECTIONS', { assignee: 'lee' })),
    ).toEqual([]);
    const resolved = await call(tenant, 'POST', path, {}, { action: 'resolve' });
    expect(resolved.body).toMatchObject({ resolved: true, assignee: 'dana' });
    expect(ids(await call(tenant, 'GET', '/v1/work-queues/REJECTIONS'))).toEqual([]);
    const history = (await claims.get(tenant, claimId)).history.map((event) => event.type);
    expect(history.slice(-3)).toEqual([
      'follow_up.assigned',
      'follow_up.noted',
      'follow_up.resolved',
    ]);
    expect((await call(tenant, 'POST', path, {}, { action: 'assign' })).status).toBe(400);
  });

  it('answers 409 for a claim in no queue and 404 for another tenant', async () => {
    const paid = await claimIn('tn_wq_a', ['QUEUED', 'TRANSMITTED', 'PAID']);
    expect(
      (await call('tn_wq_a', 'POST', `/v1/claims/${paid}/follow-up`, {}, { action: 'resolve' }))
        .status,
    ).toBe(409);
    const rejected = await claimIn('tn_wq_a', ['QUEUED', 'TRANSMITTED', 'REJECTED']);
    expect(
      (await call('tn_wq_b', 'POST', `/v1/claims/${rejected}/follow-up`, {}, { action: 'resolve' }))
        .status,
    ).toBe(404);
    expect(ids(await call('tn_wq_b', 'GET', '/v1/work-queues/REJECTIONS'))).toEqual([]);
    expect(ids(await call('tn_wq_a', 'GET', '/v1/work-queues/REJECTIONS'))).toEqual([rejected]);
  });
});

describe('NO_RESPONSE sweeper', () => {
  it('moves overdue claims in, keeps their status, and an answer takes them out', async () => {
    const tenant = 'tn_wq_sweep';
    const old = new Date(NOW.getTime() - 8 * DAY);
    const waiting = await claimIn(tenant, ['QUEUED', 'TRANSMITTED'], { createdAt: old });
    const accepted = await claimIn(tenant, ['QUEUED', 'TRANSMITTED', 'ACCEPTED'], {
      createdAt: old,
    });
    const recent = await claimIn(tenant, ['QUEUED', 'TRANSMITTED'], {
      createdAt: new Date(NOW.getTime() - 2 * DAY),
    });
    const dependencies = {
      claims,
      tenants: { listTenantIds: () => Promise.resolve([{ tenantId: tenant }]) },
      connections: { forTenant: () => Promise.resolve([]) },
      now: () => NOW,
    };
    expect(await sweepNoResponse(dependencies)).toEqual({ tenants: 1, candidates: 1, entered: 1 });
    const queue = await call(tenant, 'GET', '/v1/work-queues/NO_RESPONSE');
    expect(queue.body.items).toEqual([
      expect.objectContaining({
        claimId: waiting,
        status: 'TRANSMITTED',
        suggestedAction: 'check status with the payer',
      }),
    ]);
    expect(ids(queue)).not.toContain(accepted);
    expect(ids(queue)).not.toContain(recent);
    // a second run changes nothing
    expect((await sweepNoResponse(dependencies)).entered).toBe(0);

    await claims.applyAnswer({
      tenantId: tenant,
      claimId: waiting,
      answerId: 'a277',
      indicatedStatus: 'ACCEPTED',
      type: 'claim.accepted',
      source: { kind: '277ca' },
      now: NOW,
    });
    expect(ids(await call(tenant, 'GET', '/v1/work-queues/NO_RESPONSE'))).toEqual([]);
  });
});

describe('no Scan on a big table', () => {
  it('reads a queue page with one Query touching only that queue among 50,000 claims', async () => {
    const tenant = 'tn_wq_big';
    const started = Date.now();
    const batches: Record<string, unknown>[][] = [];
    for (let start = 0; start < 50_000; start += 25) {
      batches.push(
        Array.from({ length: 25 }, (_, offset) => ({
          ...claimKey(tenant, `clm_bulk_${start + offset}`),
          status: 'PAID',
        })),
      );
    }
    const worker = async () => {
      for (let batch = batches.pop(); batch !== undefined; batch = batches.pop()) {
        let pending = batch.map((Item) => ({ PutRequest: { Item } }));
        while (pending.length > 0) {
          const result = await test.clients.documents.send(
            new BatchWriteCommand({ RequestItems: { [test.tableName]: pending } }),
          );
          pending = (result.UnprocessedItems?.[test.tableName] ?? []) as typeof pending;
        }
      }
    };
    await Promise.all(Array.from({ length: 16 }, worker));
    console.log(`50,000 claim items written in ${Date.now() - started} ms`);
    const inQueue = [
      await claimIn(tenant, ['QUEUED', 'TRANSMITTED', 'DENIED']),
      await claimIn(tenant, ['QUEUED', 'TRANSMITTED', 'DENIED'], { charge: '900.00' }),
    ];

    const commands: { name: string; input: Record<string, unknown> }[] = [];
    const stepName = 'count-calls';
    test.clients.documents.middlewareStack.add(
      (next, context) => async (args) => {
        commands.push({
          name: String(context.commandName),
          input: args.input as Record<string, unknown>,
        });
        return await next(args);
      },
      { step: 'initialize', name: stepName },
    );
    try {
      const page = await call(tenant, 'GET', '/v1/work-queues/DENIALS', { limit: '100' });
      expect(new Set(ids(page))).toEqual(new Set(inQueue));
    } finally {
      test.clients.documents.middlewareStack.remove(stepName);
    }
    expect(commands.map((command) => command.name)).toEqual(['QueryCommand']);
    expect(commands[0]?.input).toMatchObject({ IndexName: 'gsi3' });
  }, 180_000);
});
