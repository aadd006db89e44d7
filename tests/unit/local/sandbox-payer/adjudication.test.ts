import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  adjudicate,
  reversalOf,
  type AdjudicatedScenario,
} from '#infra/local/sandbox-payer/adjudication';
import { centsOf } from '#shared/domain/money/cents';

const SCENARIOS: AdjudicatedScenario[] = [
  'PAID',
  'DEDUCTIBLE',
  'PARTIAL',
  'DENIED',
  'MISSING_INFO',
];

describe('adjudicate', () => {
  it('balances every line and the claim for any charges (adjustments = charge - paid)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...SCENARIOS),
        fc.array(fc.integer({ min: 0, max: 10_000_000 }), { minLength: 1, maxLength: 50 }),
        fc.boolean(),
        (scenario, charges, corrected) => {
          const outcome = adjudicate(scenario, charges, { corrected });
          for (const claim of [outcome, reversalOf(outcome)]) {
            let adjusted = 0;
            for (const line of claim.lines) {
              const lineAdjusted = line.adjustments.reduce((sum, a) => sum + centsOf(a.amount), 0);
              expect(line.chargeCents - lineAdjusted).toBe(line.paidCents);
              adjusted += lineAdjusted;
            }
            expect(claim.chargeCents - adjusted).toBe(claim.paidCents);
          }
        },
      ),
    );
  });

  it('never charges the patient more deductible than 100.00', () => {
    const outcome = adjudicate('DEDUCTIBLE', [50_00, 80_00, 90_00]);

    expect(outcome.patientResponsibilityCents).toBe(100_00);
    expect(outcome.lines.map((line) => line.paidCents)).toEqual([0, 4_00, 72_00]);
  });

  it('negates every amount of a reversal and marks it CLP02 22', () => {
    const reversal = reversalOf(adjudicate('DEDUCTIBLE', [150_00]));

    expect(reversal).toMatchObject({
      statusCode: '22',
      chargeCents: -150_00,
      paidCents: -20_00,
      patientResponsibilityCents: -100_00,
    });
    expect(reversal.lines[0]?.adjustments).toEqual([
      { group: 'CO', reason: '45', amount: '-30.00' },
      { group: 'PR', reason: '1', amount: '-100.00' },
    ]);
  });
});
