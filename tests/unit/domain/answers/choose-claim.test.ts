import { describe, expect, it } from 'vitest';
import { chooseClaim } from '#shared/domain/answers/choose-claim';
import type { ClaimRecord } from '#shared/domain/claims/claim-record';

describe('chooseClaim', () => {
  const record = (claimId: string, overrides: Partial<ClaimRecord> = {}): ClaimRecord => ({
    tenantId: 't',
    claimId,
    kind: 'professional',
    status: 'TRANSMITTED',
    revision: 3,
    patientControlNumber: 'PCN',
    payerId: 'P',
    chargeAmount: '100.00',
    frequencyCode: '1',
    createdAt: '',
    updatedAt: '',
    submission: { channel: 'api' },
    history: [],
    ...overrides,
  });
  const keys = {
    patientControlNumber: 'PCN',
    payerId: 'P',
    chargeAmount: '100.00',
    payerClaimControlNumber: null,
  };

  it('matches on payer and the absolute charge (a reversal negates it)', () => {
    const match = chooseClaim([record('a', { payerId: 'Q' }), record('b')], {
      ...keys,
      chargeAmount: '-100.00',
    });
    expect(match.matched?.claimId).toBe('b');
  });

  it('breaks a tie with the payer claim number, and is ambiguous without one', () => {
    const twins = [record('a'), record('b', { payerAnswer: { payerClaimControlNumber: 'X' } })];
    expect(chooseClaim(twins, { ...keys, payerClaimControlNumber: 'X' }).matched?.claimId).toBe(
      'b',
    );
    expect(chooseClaim(twins, keys)).toEqual({ matched: null, reason: 'ambiguous', candidates: 2 });
  });

  it('finds a correction with another charge by the payer claim number only', () => {
    const claims = [record('a', { payerAnswer: { payerClaimControlNumber: 'X' } })];
    expect(
      chooseClaim(claims, { ...keys, chargeAmount: '90.00', payerClaimControlNumber: 'X' }).matched
        ?.claimId,
    ).toBe('a');
    expect(chooseClaim(claims, { ...keys, chargeAmount: '90.00' })).toMatchObject({
      reason: 'unknown-claim',
    });
  });
});
