// 277CA claim status categories (code source 507) -> claim statuses, per docs/ARCHITECTURE.md section 3 and
// X12.md section 5: A1/A2 accepted, A3/A4/A6/A7/A8 rejected, P0-P5 pended. Other categories (A0
// forwarded, A5 split, finalized F*, errors E*, requests R*) say nothing the lifecycle acts on:
// they are recorded in the history only. Decided on the category, never on STC03 (eMedNY sends
// WQ on an A7).
import type { ClaimStatus } from '#shared/domain/lifecycle/claim-status';

const ACCEPTED: ReadonlySet<string> = new Set(['A1', 'A2']);
const REJECTED: ReadonlySet<string> = new Set(['A3', 'A4', 'A6', 'A7', 'A8']);
const PENDED = /^P[0-5]$/;

/** The status one category indicates, or null when it indicates none. */
export function statusOfCategory(categoryCode: string): ClaimStatus | null {
  if (REJECTED.has(categoryCode)) return 'REJECTED';
  if (ACCEPTED.has(categoryCode)) return 'ACCEPTED';
  if (PENDED.test(categoryCode)) return 'PENDED';
  return null;
}

/**
 * The status a set of status composites (every STC of one claim, or of one receiver/provider
 * level) indicates: a rejection wins over an acceptance (a claim that one edit rejected is not
 * accepted), an acceptance over a pend.
 */
export function statusOfCategories(categoryCodes: readonly string[]): ClaimStatus | null {
  const statuses = categoryCodes.map(statusOfCategory);
  for (const status of ['REJECTED', 'ACCEPTED', 'PENDED'] as const) {
    if (statuses.includes(status)) return status;
  }
  return null;
}

/** Whether a category rejects (used for rejections above the claim level, which fan out). */
export function isRejectionCategory(categoryCode: string): boolean {
  return REJECTED.has(categoryCode);
}
