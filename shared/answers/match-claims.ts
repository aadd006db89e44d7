// Finding the claim(s) an answer is about, never by guessing (X12.md sections 3 to 6):
// - TA1 by ISA13, 999 by GS06 then ST02, of interchanges we sent (InterchangeLookup);
// - 277CA by our trace id (REF*D9 = our claim id), else patient control number + payer + charge;
// - 835 by CLP01 + payer + charge (the absolute charge: a reversal negates it), else by the
//   payer claim number (CLP07 = 277CA REF*1K) for reversals and corrections whose charge changed.
// When several claims fit, the payer claim number may single one out; otherwise the answer is
// ambiguous and goes to UNMATCHED_RESPONSES with the reason.
import type { ClaimRecord } from '#shared/domain/claims/claim-record';
import type { UnmatchedReason } from '#shared/storage/dynamodb/answer-repository';
import { centsOf } from '#shared/domain/money/cents';

/** A claim of an interchange we sent: the transaction set (ST02) that carried it. */
export interface SentTransactionSet {
  readonly st02: string;
  readonly claimId: string;
  /** the claim revision that was queued for this transmission */
  readonly revision: number;
}

export interface SentInterchange {
  readonly tenantId: string;
  readonly transactionSets: readonly SentTransactionSet[];
}

/**
 * Interchanges we sent, by their control numbers. senderId/receiverId are those of OUR
 * interchange (ISA06 = us, ISA08 = the payer or upstream clearinghouse), i.e. swapped from the
 * answer's own envelope; control numbers are unique per such pair only.
 */
export interface InterchangeLookup {
  byInterchangeControlNumber(query: {
    readonly senderId: string;
    readonly receiverId: string;
    readonly isa13: string;
  }): Promise<SentInterchange | undefined>;
  byGroupControlNumber(query: {
    readonly senderId: string;
    readonly receiverId: string;
    readonly gs06: string;
  }): Promise<SentInterchange | undefined>;
}

/** Claims of a tenant by id and by patient control number (ClaimRepository in production). */
export interface ClaimDirectory {
  byId(tenantId: string, claimId: string): Promise<ClaimRecord | undefined>;
  byPatientControlNumber(tenantId: string, patientControlNumber: string): Promise<ClaimRecord[]>;
}

export type ClaimMatch =
  | { readonly matched: ClaimRecord }
  | { readonly matched: null; readonly reason: UnmatchedReason; readonly candidates: number };

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

/** A 277CA claim: our trace id (REF*D9) first, then patient control number, payer and charge. */
export async function match277Claim(
  directory: ClaimDirectory,
  tenantId: string,
  traceId: string | null,
  keys: ClaimKeys,
): Promise<ClaimMatch> {
  if (traceId !== null) {
    const traced = await directory.byId(tenantId, traceId);
    if (traced !== undefined) return { matched: traced };
  }
  return chooseClaim(
    await directory.byPatientControlNumber(tenantId, keys.patientControlNumber),
    keys,
  );
}

/** An 835 claim: CLP01 + payer + charge, then the payer claim number (reversal, correction). */
export async function match835Claim(
  directory: ClaimDirectory,
  tenantId: string,
  keys: ClaimKeys,
): Promise<ClaimMatch> {
  return chooseClaim(
    await directory.byPatientControlNumber(tenantId, keys.patientControlNumber),
    keys,
  );
}

/** Our ISA/GS ids are the answer's swapped: we sent to the payer, the payer answers us. */
export function ourSide(envelope: { senderId: string; receiverId: string }): {
  senderId: string;
  receiverId: string;
} {
  return { senderId: envelope.receiverId.trim(), receiverId: envelope.senderId.trim() };
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
