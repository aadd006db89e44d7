// The webhook body, built from an allow-list of fields: ids, statuses, amounts and codes. Never
// the patient control number (payers and billers often build it from the patient's name or
// account), names, birth dates, addresses, diagnoses or service dates.
//
// {
//   "type": "claim.denied",                  // one of WEBHOOK_EVENT_TYPES
//   "timestamp": "2025-01-02T03:04:05.000Z", // when the claim's status changed
//   "data": {
//     "claimId": "clm_...",
//     "status": "DENIED",
//     "previousStatus": "ACCEPTED",          // null for a claim's first status
//     "payerId": "87726",                    // the payer (tradingPartnerServiceId)
//     "chargeAmount": "125.00",              // decimal strings, two places
//     "payerClaimControlNumber": "...",      // when a payer has assigned one
//     "paidAmount": "0.00",                  // when an 835 has been applied
//     "codes": [{ "type": "CARC", "code": "50", "group": "CO" }]
//   }
// }
import type { ClaimNotification } from '#shared/answers/claim-notifications';
import type { ClaimStatus } from '#shared/domain/lifecycle/claim-status';
import type { ClaimRecord } from '#shared/storage/claim-repository';
import type { WebhookEventType } from './event-types.ts';

export interface WebhookPayload {
  readonly type: WebhookEventType;
  readonly timestamp: string;
  readonly data: {
    readonly claimId: string;
    readonly status: ClaimStatus;
    readonly previousStatus: ClaimStatus | null;
    readonly payerId?: string;
    readonly chargeAmount?: string;
    readonly payerClaimControlNumber?: string;
    readonly paidAmount?: string;
    readonly codes: readonly { type: string; code: string; group?: string }[];
  };
}

/** The payload of a status change; `claim` adds the payer's ids and amounts when it was found. */
export function buildPayload(
  type: WebhookEventType,
  notification: ClaimNotification,
  claim: Pick<ClaimRecord, 'payerId' | 'chargeAmount' | 'payerAnswer'> | undefined,
): WebhookPayload {
  const answer = claim?.payerAnswer;
  return {
    type,
    timestamp: notification.at,
    data: {
      claimId: notification.claimId,
      status: notification.status,
      previousStatus: notification.previousStatus,
      ...(claim ? { payerId: claim.payerId, chargeAmount: claim.chargeAmount } : {}),
      ...(answer?.payerClaimControlNumber !== undefined
        ? { payerClaimControlNumber: answer.payerClaimControlNumber }
        : {}),
      ...(answer?.paidAmount !== undefined ? { paidAmount: answer.paidAmount } : {}),
      codes: notification.codes.map((code) => ({
        type: code.type,
        code: code.code,
        ...(code.group !== undefined ? { group: code.group } : {}),
      })),
    },
  };
}
