// Test helper: claim fixtures (files we wrote ourselves, in tests/fixtures/claims).
import { readFileSync } from 'node:fs';
import type { NewClaim } from '#shared/domain/claims/claim-record';

export type FixtureName =
  'professional-full' | 'professional-minimal' | 'institutional-full' | 'institutional-minimal';

export function claimFixture(name: FixtureName): Record<string, unknown> {
  const url = new URL(`../fixtures/claims/${name}.json`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as Record<string, unknown>;
}

/**
 * A claim as the intake hands it to the repository: the full professional fixture to payer 87726
 * for 250.00, an original (frequency 1) submitted through the API on 2026-11-20. `claim` names it
 * and overrides any of the rest.
 */
export function newClaim(
  claim: Pick<NewClaim, 'tenantId' | 'claimId' | 'patientControlNumber'> & Partial<NewClaim>,
): NewClaim {
  return {
    kind: 'professional',
    body: claimFixture('professional-full'),
    payerId: '87726',
    chargeAmount: '250.00',
    frequencyCode: '1',
    submission: { channel: 'api' },
    source: { kind: 'api', requestId: 'req-1' },
    now: new Date('2026-11-20T10:00:00Z'),
    ...claim,
  };
}
