// What applying a payer answer means for one claim, decided before anything is written: the
// claim, the answer's id (file hash, transaction, item: what makes it idempotent), the status it
// indicates, the codes for the history, and the payer fields. And what an answer that matched
// no claim leaves for the UNMATCHED_RESPONSES queue.
import type { ClaimStatus } from '#shared/domain/lifecycle/claim-status';
import type { AnswerDocument, RemittanceDetails, UnmatchedAnswer } from './answer-records.ts';
import type { ClaimEvent, PayerAnswerSummary } from '#shared/domain/claims/claim-record';

export type EventCodes = NonNullable<ClaimEvent['codes']>;

export interface ClaimAnswer {
  readonly claimId: string;
  readonly answerId: string;
  readonly document: AnswerDocument;
  readonly indicatedStatus: ClaimStatus | null;
  readonly codes: EventCodes;
  /** ISA13, GS06, ST02 of what is acknowledged, or of the answer itself */
  readonly controlNumbers: Readonly<Record<string, string>>;
  readonly payerAnswer?: PayerAnswerSummary;
  /** 835 only: the details item written once next to the claim */
  readonly remittance?: Omit<RemittanceDetails, 'tenantId' | 'claimId' | 'answerId' | 'rawFileKey'>;
}

/** An unmatched answer before the file's tenant, raw-file key and time are added. */
export type UnmatchedDraft = Omit<UnmatchedAnswer, 'tenantId' | 'rawFileKey' | 'receivedAt'>;

export interface AnswerDecisions {
  readonly answers: ClaimAnswer[];
  readonly unmatched: UnmatchedDraft[];
}

/** The event type of a status change: claim.paid, claim.partially_paid ... (docs/ARCHITECTURE.md section 5). */
export function eventTypeOf(status: ClaimStatus): string {
  return `claim.${status.toLowerCase()}`;
}

/** The event source kind of a document. */
export function sourceKindOf(document: AnswerDocument): 'ta1' | '999' | '277ca' | '835' {
  return document === '277CA' ? '277ca' : document === 'TA1' ? 'ta1' : document;
}
