// The fields of the request and its 2300 claim that both shapes carry alike: the transaction's
// routing, CLM01/CLM02 with SBR09, the CLM indicators, and the 2300 REF numbers we send.

import { amountSchema } from './claim-amounts.ts';
import {
  benefitsAssignmentCertificationIndicatorSchema,
  claimFilingCodeSchema,
  delayReasonCodeSchema,
  planParticipationCodeSchema,
  releaseInformationCodeSchema,
  usageIndicatorSchema,
} from './claim-codes.ts';
import { patientControlNumberSchema, transactionControlNumberSchema } from './control-numbers.ts';
import { text } from './text-fields.ts';

/**
 * ST02, the payer (2010BB: `tradingPartnerServiceId` is its id, `tradingPartnerName` NM103) and
 * the usage indicator. Both payer fields are required: we route and name the payer with them.
 */
export function transactionFields() {
  return {
    controlNumber: transactionControlNumberSchema,
    tradingPartnerServiceId: text(80),
    tradingPartnerName: text(60),
    usageIndicator: usageIndicatorSchema.optional(),
  };
}

/** SBR09, CLM01 and CLM02. */
export function claimFilingAndChargeFields() {
  return {
    claimFilingCode: claimFilingCodeSchema,
    /** CLM01; issued by validation when absent (the reference requires it; we let callers omit it). */
    patientControlNumber: patientControlNumberSchema.optional(),
    claimChargeAmount: amountSchema,
  };
}

/** CLM07, CLM08, CLM09 and CLM20. */
export function claimIndicatorFields() {
  return {
    planParticipationCode: planParticipationCodeSchema,
    benefitsAssignmentCertificationIndicator: benefitsAssignmentCertificationIndicatorSchema,
    releaseInformationCode: releaseInformationCodeSchema,
    delayReasonCode: delayReasonCodeSchema.optional(),
  };
}

/**
 * The 2300 REF numbers of `ClaimSupplementalInformation` we carry. `claimNumber` (REF*D9) is
 * refused by both shapes because the clearinghouse puts its own trace id there.
 */
export function claimReferenceNumberFields() {
  return {
    priorAuthorizationNumber: text(50).optional(),
    referralNumber: text(50).optional(),
    claimControlNumber: text(50).optional(),
    medicalRecordNumber: text(50).optional(),
  };
}
