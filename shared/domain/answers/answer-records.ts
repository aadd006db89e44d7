// What a payer answer leaves behind, as the domain decides it: the document kinds, an answer that
// matched no claim (the UNMATCHED_RESPONSES work item) and the remittance details of one 835
// claim. Storage persists these shapes (shared/storage/dynamodb/answer-repository.ts); they are
// defined here so the answer decisions need nothing from storage.
import type { ClaimStatus } from '#shared/domain/lifecycle/claim-status';

export type AnswerDocument = 'TA1' | '999' | '277CA' | '835';

export type UnmatchedReason =
  | 'unknown-interchange' // TA1/999: no interchange of ours with this ISA13 / GS06
  | 'unknown-transaction-set' // 999: the group is ours but not this ST02
  | 'unknown-batch' // 277CA above claim level: the batch trace names no interchange of ours
  | 'unknown-claim' // 277CA/835: no claim with these identifiers
  | 'ambiguous' // more than one claim fits; never guessed
  | 'other-tenant'; // the interchange belongs to another tenant than the file's connection

/** One answer that matched no claim: the UNMATCHED_RESPONSES work item. */
export interface UnmatchedAnswer {
  readonly tenantId: string;
  readonly answerId: string;
  readonly document: AnswerDocument;
  readonly reason: UnmatchedReason;
  /** how many claims fitted (0 unknown, 2+ ambiguous) */
  readonly candidates: number;
  readonly rawFileKey: string;
  readonly receivedAt: string;
  /** what the answer identified itself by (control numbers, patient control number, amounts) */
  readonly identifiers: Readonly<Record<string, string>>;
  /** the status it would have indicated, if any */
  readonly indicatedStatus: ClaimStatus | null;
  readonly codes: readonly {
    readonly type: string;
    readonly code: string;
    readonly group?: string;
  }[];
}

/** One adjustment: group (CO, PR, OA, PI), CARC and amount (two-place decimal string). */
export interface StoredAdjustment {
  readonly group: string;
  readonly reason: string;
  readonly amount: string;
}

export interface StoredServiceLine {
  readonly procedureCode: string;
  readonly lineItemControlNumber: string | null;
  readonly chargeAmount: string;
  readonly paidAmount: string;
  readonly adjustments: readonly StoredAdjustment[];
  readonly remarkCodes: readonly string[];
}

/** The remittance details of one 835 claim applied to one of our claims. */
export interface RemittanceDetails {
  readonly tenantId: string;
  readonly claimId: string;
  readonly answerId: string;
  readonly rawFileKey: string;
  /** CLP02 */
  readonly claimStatusCode: string;
  readonly outcome: ClaimStatus;
  readonly payerClaimControlNumber: string | null;
  readonly chargeAmount: string;
  readonly paidAmount: string;
  readonly patientResponsibilityAmount: string;
  readonly adjustments: readonly StoredAdjustment[];
  readonly remarkCodes: readonly string[];
  readonly serviceLines: readonly StoredServiceLine[];
  /** BPR16 and TRN02 of the payment */
  readonly paymentDate: string | null;
  readonly paymentTrace: string;
}
