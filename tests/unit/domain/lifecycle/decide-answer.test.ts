import { describe, expect, it } from 'vitest';
import {
  ANSWER_RECORDED_EVENT,
  decideAnswer,
  mergePayerAnswer,
  type AnswerRequest,
} from '#shared/domain/lifecycle/decide-answer';
import { claimRecord } from '../claim-record-fixture.ts';

function answer(overrides: Partial<AnswerRequest> = {}): AnswerRequest {
  return {
    tenantId: 'tn_a',
    claimId: 'clm_1',
    answerId: 'abcdef0123456789:1:1',
    indicatedStatus: 'PAID',
    type: 'claim.paid',
    source: { kind: '835', rawFileKey: 'inbound/x.x12' },
    now: new Date('2026-11-22T08:00:00Z'),
    ...overrides,
  };
}

describe('decideAnswer', () => {
  it('moves the claim to the indicated status when the table allows it', () => {
    const decision = decideAnswer(
      claimRecord({ status: 'ACCEPTED', revision: 4 }),
      answer({ payerAnswer: { paidAmount: '250.00' } }),
    );
    expect(decision).toEqual({
      alreadyApplied: false,
      statusChanged: true,
      event: {
        seq: 5,
        at: '2026-11-22T08:00:00.000Z',
        type: 'claim.paid',
        status: 'PAID',
        previousStatus: 'ACCEPTED',
        source: { kind: '835', rawFileKey: 'inbound/x.x12', answerId: 'abcdef0123456789:1:1' },
      },
      payerAnswer: { paidAmount: '250.00' },
      followUp: { change: 'remove' },
    });
  });

  it('records a late answer without a status change and leaves the work item alone', () => {
    const decision = decideAnswer(
      claimRecord({ status: 'PAID' }),
      answer({
        indicatedStatus: 'ACCEPTED',
        type: 'claim.accepted',
        codes: [{ type: 'STC', code: 'A1:20' }],
      }),
    );
    expect(decision.alreadyApplied).toBe(false);
    if (decision.alreadyApplied) return;
    expect(decision.statusChanged).toBe(false);
    expect(decision.event).toMatchObject({
      type: ANSWER_RECORDED_EVENT,
      status: 'PAID',
      previousStatus: 'PAID',
      indicatedStatus: 'ACCEPTED',
      codes: [{ type: 'STC', code: 'A1:20' }],
    });
    expect(decision.followUp).toEqual({ change: 'unchanged' });
  });

  it('gives no indicated status to an answer that indicates none, and drops empty codes', () => {
    const decision = decideAnswer(claimRecord(), answer({ indicatedStatus: null, codes: [] }));
    if (decision.alreadyApplied) throw new Error('expected a new event');
    expect(decision.event.type).toBe(ANSWER_RECORDED_EVENT);
    expect(decision.event).not.toHaveProperty('indicatedStatus');
    expect(decision.event).not.toHaveProperty('codes');
  });

  it('changes nothing for an answer already in the history', () => {
    const earlier = {
      seq: 4,
      at: '2026-11-21T08:00:00.000Z',
      type: 'claim.paid',
      status: 'PAID' as const,
      previousStatus: 'ACCEPTED' as const,
      source: { kind: '835' as const, answerId: 'abcdef0123456789:1:1' },
    };
    const current = claimRecord({ status: 'PAID', revision: 4, history: [earlier] });
    expect(decideAnswer(current, answer())).toEqual({ alreadyApplied: true, event: earlier });
  });

  it('puts a partial payment in its queue with what the payer and the patient leave open', () => {
    const decision = decideAnswer(
      claimRecord({ status: 'ACCEPTED' }),
      answer({
        indicatedStatus: 'PARTIALLY_PAID',
        type: 'claim.partially_paid',
        codes: [{ type: 'CARC', code: '50', group: 'CO' }],
        payerAnswer: { paidAmount: '100.00', patientResponsibilityAmount: '20.00' },
      }),
    );
    if (decision.alreadyApplied) throw new Error('expected a new event');
    expect(decision.followUp).toEqual({
      change: 'set',
      followUp: {
        queue: 'PARTIAL_PAYMENTS',
        status: 'PARTIALLY_PAID',
        enteredAt: '2026-11-22T08:00:00.000Z',
        amountAtStakeCents: 13000,
        action: 'appeal',
        codes: [{ type: 'CARC', code: '50', group: 'CO' }],
      },
    });
  });
});

describe('mergePayerAnswer', () => {
  const current = { payerClaimControlNumber: 'P1', paidAmount: '10.00' };

  it('takes the answer values on a status change', () => {
    expect(mergePayerAnswer(current, { paidAmount: '20.00' }, true)).toEqual({
      payerClaimControlNumber: 'P1',
      paidAmount: '20.00',
    });
  });

  it('only fills what is unknown when the status stays', () => {
    expect(
      mergePayerAnswer(
        current,
        { paidAmount: '20.00', patientResponsibilityAmount: '5.00' },
        false,
      ),
    ).toEqual({
      payerClaimControlNumber: 'P1',
      paidAmount: '10.00',
      patientResponsibilityAmount: '5.00',
    });
  });

  it('keeps the current summary when the answer brings none (or an empty one)', () => {
    expect(mergePayerAnswer(current, undefined, true)).toBe(current);
    expect(mergePayerAnswer(undefined, {}, true)).toBeUndefined();
  });
});
