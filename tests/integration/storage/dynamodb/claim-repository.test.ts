import { beforeAll, describe, expect, it } from 'vitest';
import type { ConsumedCapacity } from '@aws-sdk/client-dynamodb';
import { IllegalTransitionError, type ClaimStatus } from '#shared/domain/lifecycle/claim-status';
import { ClaimNotFoundError, ClaimRepository } from '#shared/storage/dynamodb/claim-repository';
import type { NewClaim } from '#shared/domain/claims/claim-record';
import { newClaim } from '../../../support/claims.ts';
import { provisionTestResources, type TestResources } from '../../../support/local-resources.ts';

let test: TestResources;
let claims: ClaimRepository;

beforeAll(async () => {
  test = await provisionTestResources();
  claims = new ClaimRepository({ documents: test.clients.documents, tableName: test.tableName });
});

let sequence = 0;
/** A new claim of tenant tn_a with an id and a patient control number of its own. */
function uniqueClaim(overrides: Partial<NewClaim> = {}): NewClaim {
  sequence += 1;
  return newClaim({
    tenantId: 'tn_a',
    claimId: `clm_test_${Date.now()}_${sequence}`,
    patientControlNumber: `PCN${sequence}`,
    ...overrides,
  });
}

const step = (to: ClaimStatus, type: string) => ({
  to,
  type,
  source: { kind: 'transmit' as const },
  now: new Date('2026-11-20T11:00:00Z'),
});

describe('ClaimRepository', () => {
  it('stores a claim as RECEIVED with its first history event and its body, readable back', async () => {
    const input = uniqueClaim();
    const created = await claims.create(input);
    const read = await claims.get(input.tenantId, input.claimId);
    expect(read.status).toBe('RECEIVED');
    expect(read.revision).toBe(1);
    expect(read.history).toEqual([
      expect.objectContaining({
        seq: 1,
        type: 'claim.received',
        status: 'RECEIVED',
        previousStatus: null,
      }),
    ]);
    expect(read).toEqual(created);
    expect(await claims.getBody(input.tenantId, input.claimId)).toEqual(input.body);
  });

  it('answers not found for another tenant asking for the claim id', async () => {
    const input = uniqueClaim();
    await claims.create(input);
    await expect(claims.get('tn_other', input.claimId)).rejects.toBeInstanceOf(ClaimNotFoundError);
    await expect(claims.getBody('tn_other', input.claimId)).rejects.toBeInstanceOf(
      ClaimNotFoundError,
    );
  });

  it('appends one event per allowed transition and refuses an illegal one without writing', async () => {
    const input = uniqueClaim();
    await claims.create(input);
    await claims.transition({
      tenantId: input.tenantId,
      claimId: input.claimId,
      ...step('QUEUED', 'claim.queued'),
    });
    const illegal = claims.transition({
      tenantId: input.tenantId,
      claimId: input.claimId,
      ...step('PAID', 'claim.paid'),
    });
    await expect(illegal).rejects.toBeInstanceOf(IllegalTransitionError);
    const read = await claims.get(input.tenantId, input.claimId);
    expect(read.status).toBe('QUEUED');
    expect(read.history.map((event) => [event.seq, event.previousStatus, event.status])).toEqual([
      [1, null, 'RECEIVED'],
      [2, 'RECEIVED', 'QUEUED'],
    ]);
  });

  it('lets exactly one of two concurrent writers move the claim when only one move is legal', async () => {
    const input = uniqueClaim();
    await claims.create(input);
    const results = await Promise.allSettled([
      claims.transition({
        tenantId: input.tenantId,
        claimId: input.claimId,
        ...step('QUEUED', 'claim.queued'),
      }),
      claims.transition({
        tenantId: input.tenantId,
        claimId: input.claimId,
        ...step('QUEUED', 'claim.queued'),
      }),
    ]);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((result) => result.status === 'rejected');
    expect(rejected?.reason).toBeInstanceOf(IllegalTransitionError);
    expect((await claims.get(input.tenantId, input.claimId)).history).toHaveLength(2);
  });

  it("lists a tenant's claims newest first across months, filtered by status and payer, with a cursor", async () => {
    const tenantId = `tn_list_${Date.now()}`;
    const made: string[] = [];
    for (const [index, when] of [
      '2026-09-03T00:00:00Z',
      '2026-10-05T00:00:00Z',
      '2026-11-01T00:00:00Z',
      '2026-11-02T00:00:00Z',
    ].entries()) {
      const input = uniqueClaim({
        tenantId,
        now: new Date(when),
        payerId: index === 0 ? 'OTHER' : '87726',
      });
      await claims.create(input);
      made.push(input.claimId);
    }
    await claims.create(
      uniqueClaim({ tenantId: 'tn_someone_else', now: new Date('2026-11-02T00:00:00Z') }),
    );
    const window = { fromMonth: '2026-11', oldestMonth: '2026-08' };

    const first = await claims.list(tenantId, { limit: 3, ...window });
    expect(first.items.map((item) => item.claimId)).toEqual([made[3], made[2], made[1]]);
    expect(first.nextCursor).toBeDefined();
    const second = await claims.list(tenantId, {
      limit: 3,
      ...window,
      ...(first.nextCursor ? { cursor: first.nextCursor } : {}),
    });
    expect(second.items.map((item) => item.claimId)).toEqual([made[0]]);

    const byPayer = await claims.list(tenantId, { limit: 10, payerId: 'OTHER', ...window });
    expect(byPayer.items.map((item) => item.claimId)).toEqual([made[0]]);
    await claims.transition({
      tenantId,
      claimId: made[2] ?? '',
      ...step('QUEUED', 'claim.queued'),
    });
    const queued = await claims.list(tenantId, { limit: 10, status: 'QUEUED', ...window });
    expect(queued.items.map((item) => item.claimId)).toEqual([made[2]]);
  });

  it('finds the claims still RECEIVED in a time window and only those', async () => {
    const tenantId = `tn_sweep_${Date.now()}`;
    const stuck = uniqueClaim({ tenantId, now: new Date('2026-11-20T09:00:00Z') });
    const moved = uniqueClaim({ tenantId, now: new Date('2026-11-20T09:05:00Z') });
    const tooNew = uniqueClaim({ tenantId, now: new Date('2026-11-20T09:59:00Z') });
    for (const input of [stuck, moved, tooNew]) await claims.create(input);
    await claims.transition({
      tenantId,
      claimId: moved.claimId,
      ...step('QUEUED', 'claim.queued'),
    });
    const found = await claims.findStillReceived(
      tenantId,
      new Date('2026-11-20T08:00:00Z'),
      new Date('2026-11-20T09:30:00Z'),
    );
    expect(found.map((claim) => claim.claimId)).toEqual([stuck.claimId]);
  });

  it('spends at most 12 write units on a claim from submission to PAID (measured by DynamoDB Local)', async () => {
    const units: ConsumedCapacity[] = [];
    const metered = new ClaimRepository({
      documents: test.clients.documents,
      tableName: test.tableName,
      onWriteCapacity: (capacity) => units.push(capacity),
    });
    const input = uniqueClaim();
    await metered.create(input);
    const path: [ClaimStatus, string][] = [
      ['QUEUED', 'claim.queued'],
      ['TRANSMITTED', 'claim.transmitted'],
      ['ACKNOWLEDGED', 'claim.acknowledged'],
      ['ACCEPTED', 'claim.accepted'],
      ['PAID', 'claim.paid'],
    ];
    for (const [to, type] of path) {
      await metered.transition({
        tenantId: input.tenantId,
        claimId: input.claimId,
        to,
        type,
        source: {
          kind: 'transmit',
          rawFileKey: 'archive/2026/11/20/abcdef0123456789.x12',
          controlNumbers: { isa13: '000000123', gs06: '123', st02: '0001' },
        },
        codes: to === 'PAID' ? [{ type: 'CARC', group: 'CO', code: '45' }] : [],
        now: new Date('2026-11-21T10:00:00Z'),
      });
    }
    const total = units.reduce((sum, capacity) => sum + (capacity.CapacityUnits ?? 0), 0);
    console.log(
      `write units from submission to PAID: ${total} (${units.map((u) => u.CapacityUnits).join(' + ')})`,
    );
    expect(units).toHaveLength(2 + path.length);
    expect(total).toBeLessThanOrEqual(12);
  });
});
