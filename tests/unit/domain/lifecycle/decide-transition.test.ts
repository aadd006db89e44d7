import { describe, expect, it } from 'vitest';
import { decideTransition } from '#shared/domain/lifecycle/decide-transition';
import { claimRecord } from '../claim-record-fixture.ts';

const now = new Date('2026-11-21T09:00:00Z');
const request = {
  tenantId: 'tn_a',
  claimId: 'clm_1',
  source: { kind: 'transmit' as const },
  now,
};

describe('decideTransition', () => {
  it('refuses a move the transition table does not allow', () => {
    const current = claimRecord({ status: 'PAID' });
    expect(decideTransition(current, { ...request, to: 'QUEUED', type: 'claim.queued' })).toEqual({
      allowed: false,
    });
  });

  it('builds the next event and removes queue membership for a status without a queue', () => {
    const decision = decideTransition(claimRecord({ status: 'QUEUED', revision: 2 }), {
      ...request,
      to: 'TRANSMITTED',
      type: 'claim.transmitted',
    });
    expect(decision).toEqual({
      allowed: true,
      event: {
        seq: 3,
        at: '2026-11-21T09:00:00.000Z',
        type: 'claim.transmitted',
        status: 'TRANSMITTED',
        previousStatus: 'QUEUED',
        source: { kind: 'transmit' },
      },
      followUp: { change: 'remove' },
    });
  });

  it('puts a failed transmission in its queue with the whole charge at stake and keeps the codes', () => {
    const codes = [{ type: 'TRANSMIT', code: 'UPLOAD_FAILED' }];
    const decision = decideTransition(claimRecord({ status: 'QUEUED' }), {
      ...request,
      to: 'TRANSMISSION_FAILED',
      type: 'claim.transmission_failed',
      codes,
    });
    expect(decision.allowed).toBe(true);
    if (!decision.allowed) return;
    expect(decision.event.codes).toEqual(codes);
    expect(decision.followUp).toEqual({
      change: 'set',
      followUp: {
        queue: 'TRANSMISSION_ERRORS',
        status: 'TRANSMISSION_FAILED',
        enteredAt: '2026-11-21T09:00:00.000Z',
        amountAtStakeCents: 25000,
        action: 'correct and resubmit',
        codes,
      },
    });
  });

  it('records the superseding claim on the event of a correction', () => {
    const decision = decideTransition(claimRecord({ status: 'PAID' }), {
      ...request,
      to: 'CORRECTED',
      type: 'claim.corrected',
      replacedBy: 'clm_2',
    });
    expect(decision.allowed && decision.event.replacedBy).toBe('clm_2');
  });
});
