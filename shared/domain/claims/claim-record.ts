// The claim model: what the clearinghouse knows about one claim (status, revision, history,
// payer answer summary, work item). Storage persists it; the lifecycle and follow-up modules
// decide how it changes.
import type { ClaimStatus } from '#shared/domain/lifecycle/claim-status';
import type { NextAction, ReasonCode, WorkQueue } from '#shared/domain/follow-up/work-queue-rules';

export type ClaimKind = 'professional' | 'institutional';

export type EventSourceKind =
  'api' | 'batch' | 'requeue-sweeper' | 'transmit' | 'ta1' | '999' | '277ca' | '835' | 'follow-up';

/** One immutable entry of a claim's history. */
export interface ClaimEvent {
  /** 1 for the first event; equals the claim's revision after the event */
  readonly seq: number;
  readonly at: string;
  /** e.g. claim.received, claim.queued, claim.transmitted */
  readonly type: string;
  readonly status: ClaimStatus;
  readonly previousStatus: ClaimStatus | null;
  readonly source: {
    readonly kind: EventSourceKind;
    readonly requestId?: string;
    readonly rawFileKey?: string;
    readonly controlNumbers?: Readonly<Record<string, string>>;
    /** a payer answer: file hash, transaction and item (what makes applying it idempotent) */
    readonly answerId?: string;
  };
  /** the status a payer answer indicated when the lifecycle kept the claim where it was */
  readonly indicatedStatus?: ClaimStatus;
  readonly codes?: readonly {
    readonly type: string;
    readonly code: string;
    readonly group?: string;
  }[];
  /** a replacement (7) or void (8): the claim it supersedes (on its claim.received event) */
  readonly replaces?: string;
  /** the replacement or void that superseded this claim (on its claim.corrected/voided event) */
  readonly replacedBy?: string;
}

export interface ClaimRecord {
  readonly tenantId: string;
  readonly claimId: string;
  readonly kind: ClaimKind;
  readonly status: ClaimStatus;
  readonly revision: number;
  readonly patientControlNumber: string;
  /** tradingPartnerServiceId */
  readonly payerId: string;
  /** decimal string, two places */
  readonly chargeAmount: string;
  readonly frequencyCode: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly submission: { readonly channel: 'api' | 'batch'; readonly batchId?: string };
  readonly history: readonly ClaimEvent[];
  /** what payers answered, in short (the bulky 835 details are items of their own) */
  readonly payerAnswer?: PayerAnswerSummary;
  /** the follow-up work item while the claim is (or was, resolved) in a work queue */
  readonly followUp?: FollowUpState;
  /** a replacement (7) or void (8): the claim it supersedes */
  readonly replaces?: string;
  /** set when this claim became CORRECTED or VOIDED: the claim that superseded it */
  readonly replacedBy?: string;
}

/**
 * A claim's place in a follow-up work queue, on the claim item itself: set or removed in the same
 * conditional write as the status, so queue membership never needs a write of its own.
 */
export interface FollowUpState {
  readonly queue: WorkQueue;
  /** the status this membership belongs to */
  readonly status: ClaimStatus;
  readonly enteredAt: string;
  readonly amountAtStakeCents: number;
  readonly action: NextAction;
  readonly codes: readonly ReasonCode[];
  readonly assignee?: string;
  readonly notes?: readonly FollowUpNote[];
  /** resolved by a person: out of the queue index until the claim changes again */
  readonly resolved?: boolean;
}

export interface FollowUpNote {
  readonly at: string;
  readonly text: string;
}

/** The payer's answer in short, kept on the claim item (which must stay under 1 KB). */
export interface PayerAnswerSummary {
  /** 277CA REF*1K or 835 CLP07: the payer's claim number, needed for corrections and voids */
  readonly payerClaimControlNumber?: string;
  /** 835 CLP04 of the latest remittance, two-place decimal string */
  readonly paidAmount?: string;
  /** 835 CLP05 (or the PR adjustments when CLP05 is absent) of the latest remittance */
  readonly patientResponsibilityAmount?: string;
}

/** A claim as intake hands it over, before it has a status or a history. */
export interface NewClaim {
  readonly tenantId: string;
  readonly claimId: string;
  readonly kind: ClaimKind;
  readonly body: unknown;
  readonly patientControlNumber: string;
  readonly payerId: string;
  readonly chargeAmount: string;
  readonly frequencyCode: string;
  readonly submission: ClaimRecord['submission'];
  readonly source: ClaimEvent['source'];
  readonly now: Date;
  /** a replacement (7) or void (8): the claim it supersedes */
  readonly replaces?: string;
}

/** A new claim as RECEIVED, with its first history event (the body is stored apart). */
export function receivedClaim(claim: NewClaim): ClaimRecord {
  const createdAt = claim.now.toISOString();
  const event: ClaimEvent = {
    seq: 1,
    at: createdAt,
    type: 'claim.received',
    status: 'RECEIVED',
    previousStatus: null,
    source: claim.source,
    ...(claim.replaces === undefined ? {} : { replaces: claim.replaces }),
  };
  return {
    tenantId: claim.tenantId,
    claimId: claim.claimId,
    kind: claim.kind,
    status: 'RECEIVED',
    revision: 1,
    patientControlNumber: claim.patientControlNumber,
    payerId: claim.payerId,
    chargeAmount: claim.chargeAmount,
    frequencyCode: claim.frequencyCode,
    createdAt,
    updatedAt: createdAt,
    submission: claim.submission,
    history: [event],
    ...(claim.replaces === undefined ? {} : { replaces: claim.replaces }),
  };
}
