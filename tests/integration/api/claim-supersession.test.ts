// Corrections and voids at the application level (real DynamoDB Local, no HTTP): the replacement
// is a valid 837 with CLM05-3 7/8 and REF*F8, the original is superseded with links, refusals,
// and retries (Idempotency-Key, and a crash between the two writes) never make a second claim.
import { beforeAll, describe, expect, it } from 'vitest';
import { createApplication, type Application } from '#shared/api/application';
import type { HttpRequest } from '#shared/api/http';
import type { Config } from '#shared/config/config';
import type { InstitutionalClaim } from '#shared/domain/claims/institutional-claim';
import type { ProfessionalClaim } from '#shared/domain/claims/professional-claim';
import { replacementClaimId, supersedeClaim } from '#shared/intake/claim-supersession';
import { ClaimNotFoundError, ClaimRepository } from '#shared/storage/dynamodb/claim-repository';
import type { ClaimKind } from '#shared/domain/claims/claim-record';
import type { TransitionRequest } from '#shared/domain/lifecycle/decide-transition';
import { buildInstitutionalInterchange } from '#shared/x12/generate-837-institutional';
import { buildProfessionalInterchange } from '#shared/x12/generate-837-professional';
import type { Claims837 } from '#shared/x12/parse-837';
import { parseX12 } from '#shared/x12/parse-document';
import { previewEnvelope } from '#shared/x12/preview-envelope';
import { claimFixture, type FixtureName } from '../../support/claims.ts';
import { provisionTestTenants, type TestResources } from '../../support/local-resources.ts';
import { RecordingQueue } from '../../support/recording-queue.ts';

let test: TestResources;
let config: Config;
let claims: ClaimRepository;
let application: Application;
const queue = new RecordingQueue();

beforeAll(async () => {
  const provisioned = await provisionTestTenants({ tn_sup: 'Supersession', tn_other: 'Other' });
  test = provisioned;
  config = provisioned.config;
  claims = new ClaimRepository({ documents: test.clients.documents, tableName: test.tableName });
  application = createApplication(config, { clients: test.clients, queue });
});

function request(
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string>; tenantId?: string } = {},
): HttpRequest {
  return {
    method,
    path,
    headers: {
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...options.headers,
    },
    query: {},
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    requestId: 'req-' + Math.random().toString(36).slice(2),
    baseUrl: '',
    tenantId: options.tenantId ?? 'tn_sup',
  };
}

async function call(
  method: string,
  path: string,
  options: Parameters<typeof request>[2] = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const answer = await application.handle(request(method, path, options));
  return { status: answer.statusCode, body: JSON.parse(answer.body) as Record<string, unknown> };
}

/** Submits a fixture; with a payer claim number, drives it to ACCEPTED as a 277CA would. */
async function acceptedClaim(fixture: FixtureName, payerClaimNumber?: string): Promise<string> {
  const kind: ClaimKind = fixture.startsWith('professional') ? 'professional' : 'institutional';
  const submitted = await call('POST', `/v1/claims/${kind}`, { body: claimFixture(fixture) });
  expect(submitted.status).toBe(202);
  const claimId = submitted.body.claimId as string;
  if (payerClaimNumber === undefined) return claimId;
  const now = new Date();
  await claims.transition({
    tenantId: 'tn_sup',
    claimId,
    to: 'TRANSMITTED',
    type: 'claim.transmitted',
    source: { kind: 'transmit' },
    now,
  });
  await claims.applyAnswer({
    tenantId: 'tn_sup',
    claimId,
    answerId: `277ca-${claimId}`,
    indicatedStatus: 'ACCEPTED',
    type: 'claim.accepted',
    source: { kind: '277ca' },
    payerAnswer: { payerClaimControlNumber: payerClaimNumber },
    now,
  });
  return claimId;
}

/** The stored claim built into an 837 with the real generator and read back with parseX12. */
async function stored837(claimId: string) {
  const record = await claims.get('tn_sup', claimId);
  const body = await claims.getBody('tn_sup', claimId);
  const envelope = previewEnvelope(new Date());
  const x12 =
    record.kind === 'professional'
      ? buildProfessionalInterchange([{ claim: body as ProfessionalClaim, claimId }], envelope)
      : buildInstitutionalInterchange([{ claim: body as InstitutionalClaim, claimId }], envelope);
  const document = parseX12(x12, { strict: true });
  const group = document.interchanges[0]?.groups[0];
  const [set] = (group?.transactions ?? []) as Claims837[];
  const [parsed] = set?.claims ?? [];
  const segments = x12.split('~').map((segment) => segment.trim());
  return {
    parsed: parsed?.claim as { claimInformation?: Record<string, unknown> } | undefined,
    clm05: segments.find((segment) => segment.startsWith('CLM*'))?.split('*')[5],
    refF8: segments.filter((segment) => segment.startsWith('REF*F8*')),
  };
}

describe('corrections and voids', () => {
  it('sends a correction as a frequency-7 replacement with REF*F8 and marks the original CORRECTED', async () => {
    const originalId = await acceptedClaim('professional-full', 'PAYER-CCN-0001');
    // as a caller would send it: frequency 1 and no REF*F8; the server sets both
    const corrected = claimFixture('professional-full');
    const answer = await call('POST', `/v1/claims/${originalId}/corrections`, {
      body: corrected,
    });
    expect(answer.status).toBe(202);
    const replacementId = answer.body.claimId as string;
    expect(answer.body).toEqual({
      claimId: replacementId,
      status: 'QUEUED',
      replaces: originalId,
    });
    expect(replacementId).not.toBe(originalId);

    const replacement = await claims.get('tn_sup', replacementId);
    expect(replacement).toMatchObject({ replaces: originalId, frequencyCode: '7' });
    expect(replacement.history.map((event) => event.type)).toEqual([
      'claim.received',
      'claim.queued',
    ]);
    expect(queue.sent.some((sent) => sent.claimId === replacementId)).toBe(true);

    const x12 = await stored837(replacementId);
    expect(x12.clm05?.split(':')).toEqual(['11', 'B', '7']);
    expect(x12.refF8).toEqual(['REF*F8*PAYER-CCN-0001']);
    expect(x12.parsed?.claimInformation).toMatchObject({
      claimFrequencyCode: '7',
      claimSupplementalInformation: { claimControlNumber: 'PAYER-CCN-0001' },
    });

    const original = await claims.get('tn_sup', originalId);
    expect(original.status).toBe('CORRECTED');
    expect(original.replacedBy).toBe(replacementId);
    expect(original.history.at(-1)).toMatchObject({
      type: 'claim.corrected',
      status: 'CORRECTED',
      previousStatus: 'ACCEPTED',
      replacedBy: replacementId,
    });
  });

  it('sends a void as a frequency-8 copy of the stored claim with REF*F8 and marks the original VOIDED', async () => {
    const originalId = await acceptedClaim('institutional-minimal', 'PAYER-CCN-0002');
    const answer = await call('POST', `/v1/claims/${originalId}/void`);
    expect(answer.status).toBe(202);
    const voidId = answer.body.claimId as string;
    expect(answer.body).toMatchObject({ status: 'QUEUED', replaces: originalId });

    const x12 = await stored837(voidId);
    expect(x12.clm05?.split(':')[2]).toBe('8');
    expect(x12.refF8).toEqual(['REF*F8*PAYER-CCN-0002']);
    expect(await claims.get('tn_sup', voidId)).toMatchObject({
      kind: 'institutional',
      replaces: originalId,
      frequencyCode: '8',
    });
    const original = await claims.get('tn_sup', originalId);
    expect(original).toMatchObject({ status: 'VOIDED', replacedBy: voidId });
    expect(original.history.at(-1)).toMatchObject({ type: 'claim.voided', replacedBy: voidId });
  });

  it('accepts an empty object as the body of a void and refuses any other body', async () => {
    const originalId = await acceptedClaim('professional-minimal', 'PAYER-CCN-0003');
    const refused = await call('POST', `/v1/claims/${originalId}/void`, { body: { a: 1 } });
    expect(refused.status).toBe(400);
    const answer = await call('POST', `/v1/claims/${originalId}/void`, { body: {} });
    expect(answer.status).toBe(202);
  });

  it('refuses with 409 a claim the payer never gave a claim number, and stores nothing', async () => {
    const originalId = await acceptedClaim('professional-minimal');
    for (const path of ['corrections', 'void']) {
      const answer = await call('POST', `/v1/claims/${originalId}/${path}`, {
        ...(path === 'corrections' ? { body: claimFixture('professional-minimal') } : {}),
      });
      expect(answer.status).toBe(409);
      expect(answer.body.type).toMatch(/payer-claim-number-unknown$/);
    }
    await expect(claims.get('tn_sup', replacementClaimId('tn_sup', originalId))).rejects.toThrow(
      ClaimNotFoundError,
    );
    expect((await claims.get('tn_sup', originalId)).status).toBe('QUEUED');
  });

  it('refuses with 409 to correct or void a claim that is corrected or voided already', async () => {
    const originalId = await acceptedClaim('professional-minimal', 'PAYER-CCN-0004');
    expect((await call('POST', `/v1/claims/${originalId}/void`)).status).toBe(202);
    const again = await call('POST', `/v1/claims/${originalId}/void`);
    expect(again.status).toBe(409);
    expect(again.body.type).toMatch(/illegal-status-transition$/);
    const correction = await call('POST', `/v1/claims/${originalId}/corrections`, {
      body: claimFixture('professional-minimal'),
    });
    expect(correction.status).toBe(409);
  });

  it("answers 404 for another tenant's claim and leaves it as it was", async () => {
    const originalId = await acceptedClaim('professional-minimal', 'PAYER-CCN-0005');
    const answer = await call('POST', `/v1/claims/${originalId}/void`, { tenantId: 'tn_other' });
    expect(answer.status).toBe(404);
    const correction = await call('POST', `/v1/claims/${originalId}/corrections`, {
      tenantId: 'tn_other',
      body: claimFixture('professional-minimal'),
    });
    expect(correction.status).toBe(404);
    expect((await claims.get('tn_sup', originalId)).status).toBe('ACCEPTED');
  });

  it('refuses an invalid corrected claim with every issue and leaves the original as it was', async () => {
    const originalId = await acceptedClaim('professional-minimal', 'PAYER-CCN-0006');
    const answer = await call('POST', `/v1/claims/${originalId}/corrections`, {
      body: { claimInformation: {} },
    });
    expect(answer.status).toBe(400);
    expect((answer.body.errors as unknown[]).length).toBeGreaterThan(0);
    expect((await claims.get('tn_sup', originalId)).status).toBe('ACCEPTED');
  });

  it('answers a retry with the same Idempotency-Key with the first answer and sends one claim', async () => {
    const originalId = await acceptedClaim('professional-minimal', 'PAYER-CCN-0007');
    const headers = { 'idempotency-key': `void-${originalId}` };
    const first = await call('POST', `/v1/claims/${originalId}/void`, { headers });
    const second = await call('POST', `/v1/claims/${originalId}/void`, { headers });
    expect(first.status).toBe(202);
    expect(second).toEqual(first);
    expect(queue.sent.filter((sent) => sent.claimId === first.body.claimId)).toHaveLength(1);
  });

  it('finishes a correction that crashed between its two writes on retry, without a second replacement', async () => {
    const originalId = await acceptedClaim('professional-minimal', 'PAYER-CCN-0008');
    // a repository that fails the original's status write once, as a crash there would
    let failures = 1;
    const crashing = new (class extends ClaimRepository {
      override async transition(change: TransitionRequest) {
        if (change.to === 'CORRECTED' && failures-- > 0) throw new Error('crashed');
        return await super.transition(change);
      }
    })({ documents: test.clients.documents, tableName: test.tableName });
    const intake = { claims: crashing, queue, now: () => new Date() };
    const correction = {
      tenantId: 'tn_sup',
      claimId: originalId,
      kind: 'correction' as const,
      body: claimFixture('professional-minimal'),
    };
    await expect(supersedeClaim(intake, correction)).rejects.toThrow('crashed');
    const replacementId = replacementClaimId('tn_sup', originalId);
    expect((await claims.get('tn_sup', replacementId)).replaces).toBe(originalId);
    expect((await claims.get('tn_sup', originalId)).status).toBe('ACCEPTED');

    const retry = await supersedeClaim(intake, correction);
    expect(retry).toEqual({
      accepted: true,
      claimId: replacementId,
      status: 'QUEUED',
      replaces: originalId,
    });
    expect(await claims.get('tn_sup', originalId)).toMatchObject({
      status: 'CORRECTED',
      replacedBy: replacementId,
    });
    expect(queue.sent.filter((sent) => sent.claimId === replacementId)).toHaveLength(1);
    const month = new Date().toISOString().slice(0, 7);
    const all = await claims.list('tn_sup', { limit: 100, fromMonth: month, oldestMonth: month });
    expect(all.items.filter((record) => record.replaces === originalId)).toHaveLength(1);
  });
});
