// The outcome of one 835 claim (CLP) for the lifecycle, docs/ARCHITECTURE.md section 3:
// - REVERSED: CLP02 = 22 (an earlier payment taken back; never read as a denial);
// - DENIED: CLP02 = 4, or nothing paid and something denied;
// - PARTIALLY_PAID: something paid and at least one service line denied;
// - PAID: no service line denied, including a zero payment that all went to the patient.
// A service line is denied when it paid nothing, carries adjustments outside group PR, and
// none of it went to the patient. The last condition is our reading of "a zero payment that all
// went to patient responsibility is PAID": a line whose allowed amount all went to the deductible
// also carries the contractual write-off (CO-45) for the rest of the charge, and it is not a
// denial. A claim without service lines is judged the same way on its claim-level adjustments.
// CLP02 23 (not our claim, forwarded) and 25 (predetermination only) indicate no status.
import type { ClaimStatus } from '#shared/domain/lifecycle/claim-status';
import { centsOf } from '#shared/domain/money/cents';
import type { Adjustment835, Claim835 } from '#shared/x12/remittance-835';

export type RemittanceOutcome = Extract<
  ClaimStatus,
  'PAID' | 'PARTIALLY_PAID' | 'DENIED' | 'REVERSED'
>;

const NO_STATUS_CODES: ReadonlySet<string> = new Set(['23', '25']);

interface AdjustmentTotals {
  readonly patient: number;
  readonly other: number;
}

function totals(adjustments: readonly Adjustment835[]): AdjustmentTotals {
  let patient = 0;
  let other = 0;
  for (const adjustment of adjustments) {
    if (adjustment.group === 'PR') patient += centsOf(adjustment.amount);
    else other += centsOf(adjustment.amount);
  }
  return { patient, other };
}

function denied(paidCents: number, adjustments: AdjustmentTotals): boolean {
  return paidCents === 0 && adjustments.other !== 0 && adjustments.patient === 0;
}

/** The status an 835 claim indicates, or null for CLP02 values that indicate none. */
export function remittanceOutcome(claim: Claim835): RemittanceOutcome | null {
  if (claim.statusCode === '22') return 'REVERSED';
  if (claim.statusCode === '4') return 'DENIED';
  if (NO_STATUS_CODES.has(claim.statusCode)) return null;
  const paid = centsOf(claim.paidAmount);
  const claimLevel = totals(claim.adjustments);
  const deniedLines =
    claim.serviceLines.length === 0
      ? Number(denied(paid, claimLevel))
      : claim.serviceLines.filter((line) =>
          denied(centsOf(line.paidAmount), totals(line.adjustments)),
        ).length;
  if (paid !== 0) return deniedLines > 0 ? 'PARTIALLY_PAID' : 'PAID';
  if (deniedLines > 0) return 'DENIED';
  // nothing paid and no line denied: still a denial when nothing went to the patient either
  const lineTotals = claim.serviceLines.map((line) => totals(line.adjustments));
  const patient = claimLevel.patient + lineTotals.reduce((sum, t) => sum + t.patient, 0);
  const other = claimLevel.other + lineTotals.reduce((sum, t) => sum + t.other, 0);
  return denied(0, { patient, other }) ? 'DENIED' : 'PAID';
}

/** Patient responsibility: CLP05, or the PR adjustments when CLP05 is absent (X12.md pitfall 13). */
export function patientResponsibilityCents(claim: Claim835): number {
  if (claim.patientResponsibilityAmount !== null) return centsOf(claim.patientResponsibilityAmount);
  const lines = claim.serviceLines.map((line) => totals(line.adjustments).patient);
  return totals(claim.adjustments).patient + lines.reduce((sum, cents) => sum + cents, 0);
}
