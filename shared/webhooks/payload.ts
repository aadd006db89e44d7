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
//
// batch.acknowledged (an uploaded 837 batch got its 999, or was refused whole):
// { "type": "batch.acknowledged", "timestamp": "...",   // when the 999 was produced
//   "data": { "batchId": "bat_...", "status": "PARTIALLY_ACCEPTED",
//             "acknowledgment": { "verdict": "P", "groups": [{ "controlNumber", "acknowledgment",
//                                 "included", "accepted" }], "interchangeControlNumbers": [...] },
//             "counts": { "transactionSets": { "received", "accepted", "rejected" },
//                         "claims": { "received", "accepted", "rejected" } },
//             // a refused file (status REJECTED) has no acknowledgment but its problem and TA1:
//             "problem": { "code": "CONTROL_NUMBER_MISMATCH", "segment": 28, "segmentId": "IEA",
//                          "position": 2 },
//             "ta1": { "interchanges": [{ "acknowledgedControlNumber", "acknowledgment": "R",
//                                         "noteCode": "001", "interchangeControlNumber" }] } } }
import type { ClaimNotification } from '#shared/webhooks/claim-notification';
import type { ClaimStatus } from '#shared/domain/lifecycle/claim-status';
import type { ClaimRecord } from '#shared/domain/claims/claim-record';
import type { BatchNotification } from './batch-notification.ts';
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

export interface BatchWebhookPayload {
  readonly type: 'batch.acknowledged';
  readonly timestamp: string;
  readonly data: Pick<
    BatchNotification,
    'batchId' | 'status' | 'acknowledgment' | 'counts' | 'problem' | 'ta1'
  >;
}

/**
 * The payload of an answered batch: ids, counts, the 999's verdicts or the refusal's code and
 * location and the TA1's verdicts. The notification holds nothing else (batchNotificationOf and
 * the queue's schema keep exactly these fields), so they are passed as they are.
 */
export function buildBatchPayload(notification: BatchNotification): BatchWebhookPayload {
  const { batchId, status, acknowledgment, counts, problem, ta1 } = notification;
  return {
    type: notification.type,
    timestamp: notification.at,
    data: {
      batchId,
      status,
      ...(acknowledgment ? { acknowledgment } : {}),
      counts,
      ...(problem ? { problem } : {}),
      ...(ta1 ? { ta1 } : {}),
    },
  };
}
