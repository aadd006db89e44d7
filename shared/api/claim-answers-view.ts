// How the API shows a claim's payer answers: every code with a short meaning in plain English
// (unknown codes show as the code, meaning null), amounts as two-place decimal strings.
import {
  acknowledgmentVerdictMeaning,
  claimPaymentStatusMeaning,
  elementErrorMeaning,
  interchangeNoteMeaning,
  segmentErrorMeaning,
} from '#shared/domain/codes/acknowledgment-codes';
import {
  adjustmentGroupMeaning,
  adjustmentReasonMeaning,
  remarkMeaning,
} from '#shared/domain/codes/adjustment-reason-codes';
import { claimStatusMeaning, statusCategoryMeaning } from '#shared/domain/codes/claim-status-codes';
import type { RemittanceDetails, StoredAdjustment } from '#shared/domain/answers/answer-records';
import type { ClaimEvent, ClaimRecord } from '#shared/domain/claims/claim-record';

type EventCode = NonNullable<ClaimEvent['codes']>[number];

export interface DescribedCode extends EventCode {
  readonly meaning: string | null;
}

const MEANINGS: Readonly<Record<string, (code: string) => string | undefined>> = {
  CARC: adjustmentReasonMeaning,
  RARC: remarkMeaning,
  CLP02: claimPaymentStatusMeaning,
  AK901: acknowledgmentVerdictMeaning,
  IK501: acknowledgmentVerdictMeaning,
  TA104: acknowledgmentVerdictMeaning,
  TA105: interchangeNoteMeaning,
  IK304: segmentErrorMeaning,
  IK403: elementErrorMeaning,
  // 277CA STC: "category:status"
  STC: (code) => {
    const [category = '', status = ''] = code.split(':');
    const parts = [statusCategoryMeaning(category), claimStatusMeaning(status)].filter(Boolean);
    return parts.length > 0 ? parts.join('; ') : undefined;
  },
};

export function describeCode(code: EventCode): DescribedCode {
  return { ...code, meaning: MEANINGS[code.type]?.(code.code) ?? null };
}

export function describeEvent(
  event: ClaimEvent,
): Omit<ClaimEvent, 'codes'> & { codes?: DescribedCode[] } {
  const { codes, ...rest } = event;
  return codes === undefined ? rest : { ...rest, codes: codes.map(describeCode) };
}

function describeAdjustment(adjustment: StoredAdjustment) {
  return {
    ...adjustment,
    groupMeaning: adjustmentGroupMeaning(adjustment.group) ?? null,
    reasonMeaning: adjustmentReasonMeaning(adjustment.reason) ?? null,
  };
}

function describeRemarks(codes: readonly string[]) {
  return codes.map((code) => ({ code, meaning: remarkMeaning(code) ?? null }));
}

/** The `payerAnswers` part of GET /v1/claims/{claimId}. */
export function payerAnswersView(record: ClaimRecord, remittances: readonly RemittanceDetails[]) {
  const acknowledgments = record.history
    .filter((event) => event.source.kind === '277ca')
    .map((event) => ({
      at: event.at,
      status: event.status,
      ...(event.indicatedStatus ? { indicatedStatus: event.indicatedStatus } : {}),
      statuses: (event.codes ?? []).filter((code) => code.type === 'STC').map(describeCode),
    }));
  return {
    payerClaimControlNumber: record.payerAnswer?.payerClaimControlNumber ?? null,
    paidAmount: record.payerAnswer?.paidAmount ?? null,
    patientResponsibilityAmount: record.payerAnswer?.patientResponsibilityAmount ?? null,
    claimAcknowledgments: acknowledgments,
    remittances: remittances.map((remittance) => ({
      outcome: remittance.outcome,
      claimStatus: {
        code: remittance.claimStatusCode,
        meaning: claimPaymentStatusMeaning(remittance.claimStatusCode) ?? null,
      },
      payerClaimControlNumber: remittance.payerClaimControlNumber,
      chargeAmount: remittance.chargeAmount,
      paidAmount: remittance.paidAmount,
      patientResponsibilityAmount: remittance.patientResponsibilityAmount,
      paymentDate: remittance.paymentDate,
      paymentTrace: remittance.paymentTrace,
      adjustments: remittance.adjustments.map(describeAdjustment),
      remarks: describeRemarks(remittance.remarkCodes),
      serviceLines: remittance.serviceLines.map(({ remarkCodes, adjustments, ...line }) => ({
        ...line,
        adjustments: adjustments.map(describeAdjustment),
        remarks: describeRemarks(remarkCodes),
      })),
    })),
  };
}
