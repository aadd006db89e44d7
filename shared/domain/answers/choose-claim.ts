// The pure part of matching an answer to a claim (X12.md sections 5 and 6): among the claims
// with the answer's patient control number, the one it is about, by payer, charge and payer
// claim number, never by guessing. Several fits that nothing singles out: ambiguous.
import type { ClaimRecord } from '#shared/domain/claims/claim-record';
import { centsOf } from '#shared/domain/money/cents';

/** Why no claim was chosen (a subset of the UNMATCHED_RESPONSES reasons). */
export type ClaimMissReason = 'unknown-claim' | 'ambiguous';

export type ClaimMatch =
  | { readonly matched: ClaimRecord }
  | { readonly matched: null; readonly reason: ClaimMissReason; readonly candidates: number };

export interface ClaimKeys {
  readonly patientControlNumber: string;
  /** null when the answer names no payer we can compare (e.g. a clearinghouse's 277CA) */
  readonly payerId: string | null;
  /** the claim's total charge as the answer states it; null when absent */
  readonly chargeAmount: string | null;
  readonly payerClaimControlNumber: string | null;
}

/** Claims that can no longer take an answer: dropped when they make a match ambiguous. */
const SUPERSEDED: ReadonlySet<string> = new Set(['CORRECTED', 'VOIDED', 'REJECTED']);

/**
 * The one claim among `candidates` (claims with the answer's patient control number) that the
 * answer is about: payer, then charge (absolute), then the payer claim number to break a tie or,
 * when no charge fits, to find a reversal's or correction's claim.
 */
export function chooseClaim(candidates: readonly ClaimRecord[], keys: ClaimKeys): ClaimMatch {
  const ofPayer = candidates.filter(
    (claim) =>
      claim.patientControlNumber === keys.patientControlNumber &&
      (keys.payerId === null || claim.payerId === keys.payerId),
  );
  if (ofPayer.length === 0) return { matched: null, reason: 'unknown-claim', candidates: 0 };
  const charge = keys.chargeAmount === null ? null : Math.abs(centsOf(keys.chargeAmount));
  const byCharge =
    charge === null ? ofPayer : ofPayer.filter((claim) => centsOf(claim.chargeAmount) === charge);
  const byPayerNumber = (claims: readonly ClaimRecord[]) =>
    keys.payerClaimControlNumber === null
      ? []
      : claims.filter(
          (claim) => claim.payerAnswer?.payerClaimControlNumber === keys.payerClaimControlNumber,
        );
  const pool = byCharge.length > 0 ? byCharge : byPayerNumber(ofPayer);
  if (pool.length === 1 && pool[0] !== undefined) return { matched: pool[0] };
  if (pool.length === 0) return { matched: null, reason: 'unknown-claim', candidates: 0 };
  const numbered = byPayerNumber(pool);
  if (numbered.length === 1 && numbered[0] !== undefined) return { matched: numbered[0] };
  const open = pool.filter((claim) => !SUPERSEDED.has(claim.status));
  if (open.length === 1 && open[0] !== undefined) return { matched: open[0] };
  return { matched: null, reason: 'ambiguous', candidates: pool.length };
}

/** What an unmatched answer identified itself by (for the work item; never logged). */
export function identifiersOf(
  keys: ClaimKeys,
  traceId: string | null = null,
): Record<string, string> {
  const entries = Object.entries({ ...keys, traceId }).filter(
    (entry): entry is [string, string] => entry[1] !== null,
  );
  return Object.fromEntries(entries);
}
