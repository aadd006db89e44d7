// How the sandbox payer adjudicates a claim's lines for a scenario, in integer cents. Every line
// is balanced by construction (X12.md section 6): its adjustments add up to charge - paid, so the
// service, claim and transaction equations of the 835 hold for whatever the charges are.
//   PAID          allowed = 80% of the charge (rounded down); paid = allowed; CO-45 = the rest
//   DEDUCTIBLE    as PAID, then up to 100.00 of the allowed amounts moves to PR-1 (patient)
//   PARTIAL       first line as PAID; every other line CO-96 for its charge, RARC N130
//   DENIED        CLP02 4; every line CO-50 for its charge; claim RARC N115
//   MISSING_INFO  CLP02 4; every line CO-16 for its charge; claim RARC MA130
// A correction (after a reversal) allows 85% instead of 80%, so the corrected payment differs.
//
// RARC for CO-96: N130 "Consult plan benefit documents/guidelines for information about
// restrictions for this service." It is the remark payers most often pair with CO-96 and sends
// the biller to the benefit plan; N216 ("patient not enrolled in this portion of our benefit
// package") would contradict the paid first line of the same claim.

import type { Adjustment835 } from '#shared/x12/remittance-835';
import { centsOf } from '#shared/domain/money/cents';
import { formatCents } from '#shared/domain/money/cents';

export type AdjudicatedScenario = 'PAID' | 'DEDUCTIBLE' | 'PARTIAL' | 'DENIED' | 'MISSING_INFO';

export interface LineOutcome {
  readonly chargeCents: number;
  readonly paidCents: number;
  /** null on denied lines (nothing was allowed) */
  readonly allowedCents: number | null;
  readonly adjustments: readonly Adjustment835[];
  /** LQ*HE */
  readonly remarkCodes: readonly string[];
}

export interface ClaimOutcome {
  /** CLP02: 1 processed as primary, 4 denied, 22 reversal */
  readonly statusCode: '1' | '4' | '22';
  readonly chargeCents: number;
  readonly paidCents: number;
  /** CLP05: the PR adjustments */
  readonly patientResponsibilityCents: number;
  /** MOA remark codes */
  readonly remarkCodes: readonly string[];
  readonly lines: readonly LineOutcome[];
}

export const ALLOWED_PERCENT = 80;
export const CORRECTED_ALLOWED_PERCENT = 85;
export const DEDUCTIBLE_CENTS = 10_000;

export const RARC = {
  nonCovered: 'N130',
  medicalNecessity: 'N115',
  incompleteClaim: 'MA130',
} as const;

export interface AdjudicationOptions {
  /** a correction after a reversal: allowed at CORRECTED_ALLOWED_PERCENT */
  readonly corrected?: boolean;
}

/** Adjudicates line charges (cents, in claim order) for a scenario. */
export function adjudicate(
  scenario: AdjudicatedScenario,
  lineCharges: readonly number[],
  options: AdjudicationOptions = {},
): ClaimOutcome {
  const percent = options.corrected === true ? CORRECTED_ALLOWED_PERCENT : ALLOWED_PERCENT;
  let deductibleLeft = scenario === 'DEDUCTIBLE' ? DEDUCTIBLE_CENTS : 0;
  const lines = lineCharges.map((charge, index): LineOutcome => {
    switch (scenario) {
      case 'DENIED':
        return deniedLine(charge, 'CO', '50', []);
      case 'MISSING_INFO':
        return deniedLine(charge, 'CO', '16', []);
      case 'PARTIAL':
        if (index > 0) return deniedLine(charge, 'CO', '96', [RARC.nonCovered]);
        return allowedLine(charge, percent, 0);
      case 'DEDUCTIBLE': {
        const line = allowedLine(charge, percent, deductibleLeft);
        deductibleLeft -= line.allowedCents === null ? 0 : line.allowedCents - line.paidCents;
        return line;
      }
      case 'PAID':
        return allowedLine(charge, percent, 0);
    }
  });
  const denied = scenario === 'DENIED' || scenario === 'MISSING_INFO';
  const remarkCodes =
    scenario === 'DENIED'
      ? [RARC.medicalNecessity]
      : scenario === 'MISSING_INFO'
        ? [RARC.incompleteClaim]
        : [];
  return summarize(denied ? '4' : '1', lines, remarkCodes);
}

/** The reversal of an earlier outcome: CLP02 22, every amount and adjustment negated. */
export function reversalOf(outcome: ClaimOutcome): ClaimOutcome {
  return {
    statusCode: '22',
    chargeCents: negated(outcome.chargeCents),
    paidCents: negated(outcome.paidCents),
    patientResponsibilityCents: negated(outcome.patientResponsibilityCents),
    remarkCodes: outcome.remarkCodes,
    lines: outcome.lines.map((line) => ({
      chargeCents: negated(line.chargeCents),
      paidCents: negated(line.paidCents),
      allowedCents: line.allowedCents === null ? null : negated(line.allowedCents),
      adjustments: line.adjustments.map((adjustment) => ({
        ...adjustment,
        amount: formatCents(negated(centsOf(adjustment.amount))),
      })),
      remarkCodes: line.remarkCodes,
    })),
  };
}

/** -x without producing -0 (which would print as "-0.00"). */
function negated(cents: number): number {
  return cents === 0 ? 0 : -cents;
}

function allowedLine(charge: number, percent: number, deductibleLeft: number): LineOutcome {
  const allowed = Math.floor((charge * percent) / 100);
  const deductible = Math.max(0, Math.min(deductibleLeft, allowed));
  const adjustments: Adjustment835[] = [];
  if (charge - allowed !== 0) adjustments.push(adjustment('CO', '45', charge - allowed));
  if (deductible > 0) adjustments.push(adjustment('PR', '1', deductible));
  return {
    chargeCents: charge,
    paidCents: allowed - deductible,
    allowedCents: allowed,
    adjustments,
    remarkCodes: [],
  };
}

function deniedLine(
  charge: number,
  group: string,
  reason: string,
  remarkCodes: readonly string[],
): LineOutcome {
  return {
    chargeCents: charge,
    paidCents: 0,
    allowedCents: null,
    adjustments: charge === 0 ? [] : [adjustment(group, reason, charge)],
    remarkCodes,
  };
}

function summarize(
  statusCode: ClaimOutcome['statusCode'],
  lines: readonly LineOutcome[],
  remarkCodes: readonly string[],
): ClaimOutcome {
  let charge = 0;
  let paid = 0;
  let patientResponsibility = 0;
  for (const line of lines) {
    charge += line.chargeCents;
    paid += line.paidCents;
    for (const item of line.adjustments) {
      if (item.group === 'PR') patientResponsibility += centsOf(item.amount);
    }
  }
  return {
    statusCode,
    chargeCents: charge,
    paidCents: paid,
    patientResponsibilityCents: patientResponsibility,
    remarkCodes,
    lines,
  };
}

function adjustment(group: string, reason: string, cents: number): Adjustment835 {
  return { group, reason, amount: formatCents(cents) };
}
