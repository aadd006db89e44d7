// The three 835 balancing equations of the X221A1 TR3, plus the CLP05 / PR cross-check.
// Sign convention (X12.md section 6): a positive adjustment decreases payment, a negative one
// increases it; a positive PLB amount decreases the check.
//   service:     SVC02 - sum(line CAS)                   = SVC03   (every service line)
//   claim:       CLP03 - sum(claim CAS + all line CAS)   = CLP04   (only when the claim has at
//                least one service line or one claim-level CAS: a claim without either carries
//                nothing to balance against, e.g. a reversal that only negates the amounts)
//   transaction: sum(CLP04) - sum(PLB amounts)           = BPR02   (BPR02 negated when BPR03 = D)
// Unbalanced remittances are reported, never rejected: de-identified files do not balance.

import { centsOf, formatCents } from '#shared/domain/money/cents';
import {
  MAX_REPORTED_ISSUES,
  type Adjustment835,
  type Balance835,
  type BalanceIssue,
  type Claim835,
  type Payment835,
} from './remittance-835.ts';

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

/** Service equation on cents: SVC02 - sum(line CAS) = SVC03. */
export function serviceIssue(
  chargeCents: number,
  adjustedCents: number,
  paidCents: number,
  claimIndex: number,
  lineIndex: number,
): BalanceIssue | null {
  const expected = chargeCents - adjustedCents;
  if (expected === paidCents) return null;
  return {
    level: 'service',
    kind: 'balance',
    claimIndex,
    lineIndex,
    expected: formatCents(expected),
    actual: formatCents(paidCents),
  };
}

/** Claim equation on cents: CLP03 - sum(claim CAS + all line CAS) = CLP04. */
export function claimIssue(
  chargeCents: number,
  adjustedCents: number,
  paidCents: number,
  claimIndex: number,
): BalanceIssue | null {
  const expected = chargeCents - adjustedCents;
  if (expected === paidCents) return null;
  return {
    level: 'claim',
    kind: 'balance',
    claimIndex,
    expected: formatCents(expected),
    actual: formatCents(paidCents),
  };
}

/** CLP05 against the PR adjustments of the claim and its lines; an absent CLP05 counts as 0. */
export function patientResponsibilityIssue(
  statedCents: number | null,
  patientResponsibilityCents: number,
  claimIndex: number,
): BalanceIssue | null {
  const stated = statedCents ?? 0;
  if (stated === patientResponsibilityCents) return null;
  return {
    level: 'claim',
    kind: 'patientResponsibility',
    claimIndex,
    expected: formatCents(patientResponsibilityCents),
    actual: formatCents(stated),
  };
}

/** Issues of one typed claim and its service lines, in the order service, claim, patient responsibility. */
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
    const issue = serviceIssue(
      centsOf(line.chargeAmount),
      lineAdjusted,
      centsOf(line.paidAmount),
      claimIndex,
      lineIndex,
    );
    if (issue !== null) issues.push(issue);
  }
  if (lines.length > 0 || claim.adjustments.length > 0) {
    const issue = claimIssue(
      centsOf(claim.chargeAmount),
      adjusted,
      centsOf(claim.paidAmount),
      claimIndex,
    );
    if (issue !== null) issues.push(issue);
  }
  const stated =
    claim.patientResponsibilityAmount === null ? null : centsOf(claim.patientResponsibilityAmount);
  const issue = patientResponsibilityIssue(stated, patientResponsibility, claimIndex);
  if (issue !== null) issues.push(issue);
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

  /** A typed claim: its CLP04 and its own issues. */
  addClaim(claim: Claim835, claimIndex: number): void {
    this.#paidTotal += centsOf(claim.paidAmount);
    for (const issue of claimBalanceIssues(claim, claimIndex)) this.record(issue);
  }

  /** CLP04 of a claim whose issues the caller checks and records itself. */
  addPaid(cents: number): void {
    this.#paidTotal += cents;
  }

  addProviderAdjustment(cents: number): void {
    this.#providerAdjustmentTotal += cents;
  }

  record(issue: BalanceIssue | null): void {
    if (issue === null) return;
    if (issue.kind === 'balance') this.#unbalanced = true;
    this.#issueCount++;
    if (this.#issues.length < MAX_REPORTED_ISSUES) this.#issues.push(issue);
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
}
