// The three 835 balancing equations of the X221A1 TR3, plus the CLP05 / PR cross-check.
// Sign convention (X12.md section 6): a positive adjustment decreases payment, a negative one
// increases it; a positive PLB amount decreases the check.
//   service:     SVC02 - sum(line CAS)                   = SVC03   (every service line)
//   claim:       CLP03 - sum(claim CAS + all line CAS)   = CLP04   (only when the claim has at
//                least one service line or one claim-level CAS: a claim without either carries
//                nothing to balance against, e.g. a reversal that only negates the amounts)
//   transaction: sum(CLP04) - sum(PLB amounts)           = BPR02   (BPR02 negated when BPR03 = D)
// Unbalanced remittances are reported, never rejected: de-identified files do not balance.

import { formatCents } from './money.ts';
import {
  MAX_REPORTED_ISSUES,
  type Adjustment835,
  type Balance835,
  type BalanceIssue,
  type Claim835,
  type Payment835,
} from './remittance-835.ts';

/**
 * Cents of a money string produced by formatCents ("-15.50"). Exact for any amount an 835 can
 * carry (18 digits at most in R elements, far below 2^53 / 100 for realistic payments).
 */
export function centsOf(money: string): number {
  return Math.round(Number(money) * 100);
}

function sumAdjustments(adjustments: readonly Adjustment835[]): number {
  let total = 0;
  for (const adjustment of adjustments) total += centsOf(adjustment.amount);
  return total;
}

function sumPatientResponsibility(adjustments: readonly Adjustment835[]): number {
  let total = 0;
  for (const adjustment of adjustments) {
    if (adjustment.group === 'PR') total += centsOf(adjustment.amount);
  }
  return total;
}

/** Issues of one claim and its service lines, in the order service, claim, patient responsibility. */
export function claimBalanceIssues(claim: Claim835, claimIndex: number): BalanceIssue[] {
  const issues: BalanceIssue[] = [];
  let adjusted = sumAdjustments(claim.adjustments);
  let patientResponsibility = sumPatientResponsibility(claim.adjustments);
  const lines = claim.serviceLines;
  for (let lineIndex = 0; lineIndex < lines.length; lineIndex++) {
    const line = lines[lineIndex];
    if (line === undefined) continue;
    const lineAdjusted = sumAdjustments(line.adjustments);
    adjusted += lineAdjusted;
    patientResponsibility += sumPatientResponsibility(line.adjustments);
    const expected = centsOf(line.chargeAmount) - lineAdjusted;
    const actual = centsOf(line.paidAmount);
    if (expected !== actual) {
      issues.push({
        level: 'service',
        kind: 'balance',
        claimIndex,
        lineIndex,
        expected: formatCents(expected),
        actual: formatCents(actual),
      });
    }
  }
  if (lines.length > 0 || claim.adjustments.length > 0) {
    const expected = centsOf(claim.chargeAmount) - adjusted;
    const actual = centsOf(claim.paidAmount);
    if (expected !== actual) {
      issues.push({
        level: 'claim',
        kind: 'balance',
        claimIndex,
        expected: formatCents(expected),
        actual: formatCents(actual),
      });
    }
  }
  // An absent CLP05 means no patient responsibility, so it is compared as zero.
  const stated =
    claim.patientResponsibilityAmount === null ? 0 : centsOf(claim.patientResponsibilityAmount);
  if (stated !== patientResponsibility) {
    issues.push({
      level: 'claim',
      kind: 'patientResponsibility',
      claimIndex,
      expected: formatCents(patientResponsibility),
      actual: formatCents(stated),
    });
  }
  return issues;
}

/**
 * Accumulates the balance of one transaction claim by claim, so a streaming parser can check a
 * file it never holds whole. Keeps at most MAX_REPORTED_ISSUES issues (and counts them all).
 */
export class BalanceTracker {
  #paidTotal = 0;
  #providerAdjustmentTotal = 0;
  #issues: BalanceIssue[] = [];
  #issueCount = 0;
  #unbalanced = false;

  addClaim(claim: Claim835, claimIndex: number): void {
    this.#paidTotal += centsOf(claim.paidAmount);
    const issues = claimBalanceIssues(claim, claimIndex);
    for (const issue of issues) this.#record(issue);
  }

  addProviderAdjustment(amount: string): void {
    this.#providerAdjustmentTotal += centsOf(amount);
  }

  finish(payment: Payment835): Balance835 {
    const expected = this.#paidTotal - this.#providerAdjustmentTotal;
    const total = centsOf(payment.totalAmount);
    const actual = payment.creditDebitFlag === 'D' ? -total : total;
    if (expected !== actual) {
      // Always reported, even past the cap: it is the one issue every consumer looks at.
      this.#unbalanced = true;
      this.#issueCount++;
      this.#issues.push({
        level: 'transaction',
        kind: 'balance',
        expected: formatCents(expected),
        actual: formatCents(actual),
      });
    }
    return { balanced: !this.#unbalanced, issues: this.#issues, issueCount: this.#issueCount };
  }

  #record(issue: BalanceIssue): void {
    if (issue.kind === 'balance') this.#unbalanced = true;
    this.#issueCount++;
    if (this.#issues.length < MAX_REPORTED_ISSUES) this.#issues.push(issue);
  }
}
