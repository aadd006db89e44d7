import { describe, expect, it } from 'vitest';
import { remittanceOutcome } from '#shared/answers/remittance-outcome';
import { statusOfCategories, statusOfCategory } from '#shared/answers/status-categories';
import { chooseClaim } from '#shared/answers/match-claims';
import type { ClaimRecord } from '#shared/storage/dynamodb/claim-repository';
import {
  adjustment,
  claim835,
  deductibleLine835,
  line835,
} from '../../integration/answers/answer-builders.ts';

describe('remittanceOutcome', () => {
  it('is PAID when something is paid and no line is denied', () => {
    const claim = claim835({
      patientControlNumber: 'A',
      charge: '100.00',
      paid: '80.00',
      lines: [line835('100.00', '80.00', [adjustment('CO', '45', '20.00')])],
    });
    expect(remittanceOutcome(claim)).toBe('PAID');
  });

  it('is PAID for a zero payment that all went to the deductible, write-off included', () => {
    const claim = claim835({
      patientControlNumber: 'A',
      charge: '100.00',
      paid: '0.00',
      lines: [deductibleLine835()],
    });
    expect(remittanceOutcome(claim)).toBe('PAID');
  });

  it('is PARTIALLY_PAID when one line paid and another paid nothing with a CO adjustment', () => {
    const claim = claim835({
      patientControlNumber: 'A',
      charge: '100.00',
      paid: '40.00',
      lines: [
        line835('50.00', '40.00', [adjustment('CO', '45', '10.00')]),
        line835('50.00', '0.00', [adjustment('CO', '50', '50.00')]),
      ],
    });
    expect(remittanceOutcome(claim)).toBe('PARTIALLY_PAID');
  });

  it('is DENIED for CLP02 4, and for nothing paid with adjustments outside PR', () => {
    expect(
      remittanceOutcome(
        claim835({ patientControlNumber: 'A', statusCode: '4', charge: '1.00', paid: '0.00' }),
      ),
    ).toBe('DENIED');
    expect(
      remittanceOutcome(
        claim835({
          patientControlNumber: 'A',
          charge: '100.00',
          paid: '0.00',
          adjustments: [adjustment('CO', '16', '100.00')],
        }),
      ),
    ).toBe('DENIED');
  });

  it('is REVERSED for CLP02 22 (never a denial), and no status for 23 or 25', () => {
    const reversal = claim835({
      patientControlNumber: 'A',
      statusCode: '22',
      charge: '-100.00',
      paid: '-100.00',
    });
    expect(remittanceOutcome(reversal)).toBe('REVERSED');
    expect(
      remittanceOutcome(
        claim835({ patientControlNumber: 'A', statusCode: '23', charge: '1.00', paid: '0.00' }),
      ),
    ).toBeNull();
  });
});

describe('statusOfCategory', () => {
  it('maps A1/A2 to ACCEPTED, A3/A4/A6/A7/A8 to REJECTED, P0-P5 to PENDED, others to none', () => {
    expect(['A1', 'A2'].map(statusOfCategory)).toEqual(['ACCEPTED', 'ACCEPTED']);
    expect(['A3', 'A4', 'A6', 'A7', 'A8'].map(statusOfCategory)).toEqual(Array(5).fill('REJECTED'));
    expect(['P0', 'P5'].map(statusOfCategory)).toEqual(['PENDED', 'PENDED']);
    expect(['A0', 'A5', 'F1', 'E0'].map(statusOfCategory)).toEqual([null, null, null, null]);
  });

  it('lets a rejection win over an acceptance among one claim’s statuses', () => {
    expect(statusOfCategories(['A1', 'A7'])).toBe('REJECTED');
    expect(statusOfCategories(['P1', 'A2'])).toBe('ACCEPTED');
  });
});

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
