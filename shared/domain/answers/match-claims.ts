// Finding the claim(s) an answer is about, never by guessing (X12.md sections 3 to 6):
// - TA1 by ISA13, 999 by GS06 then ST02, of interchanges we sent (InterchangeLookup);
// - 277CA by our trace id (REF*D9 = our claim id), else patient control number + payer + charge;
// - 835 by CLP01 + payer + charge (the absolute charge: a reversal negates it), else by the
//   payer claim number (CLP07 = 277CA REF*1K) for reversals and corrections whose charge changed.
// When several claims fit, the payer claim number may single one out; otherwise the answer is
// ambiguous and goes to UNMATCHED_RESPONSES with the reason.
import type { ClaimRecord } from '#shared/domain/claims/claim-record';
import { chooseClaim, type ClaimKeys, type ClaimMatch } from './choose-claim.ts';

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
