// 837P (005010X222A1) from a professional claim in the API's shape (Change Healthcare
// Professional Claims v3 request). One claim is one transaction set: 2000A billing provider,
// 2000B subscriber (+ 2000C patient when the patient is a dependent), one 2300 claim.
// The claim is expected to have passed validateProfessionalClaim; the generator still refuses
// values that do not fit their element rather than truncating them.

import { X12Error } from './errors.ts';
import {
  amount,
  fit,
  fitOptional,
  optionalAmount,
  write837Interchange,
  writeAddress,
  writeBillingProvider,
  writeDate,
  writeDateOrRange,
  assignedNumber,
  writeDrugIdentification,
  writeHeader,
  writeName,
  writePatientLoop,
  writeProviderLoop,
  writeReference,
  writeSubscriberLoop,
  type ClaimToSend,
  type ClaimTransactionOptions,
  type Interchange837Envelope,
} from './claim-837-parts.ts';
import type { ProfessionalClaim } from '#shared/domain/claims/professional-claim';
import type { SegmentWriter, TransactionSetSpec } from './writer.ts';

export const PROFESSIONAL_VERSION = '005010X222A1';

/** The transaction set (ST..SE) of one professional claim, for writeInterchange. */
export function professionalTransactionSet(
  claim: ProfessionalClaim,
  options: ClaimTransactionOptions,
): TransactionSetSpec {
  return {
    id: '837',
    controlNumber: options.controlNumber,
    implementationReference: PROFESSIONAL_VERSION,
    body: (writer) => writeProfessionalClaim(writer, claim, options),
  };
}

/** A whole interchange (ISA..IEA), one transaction set per claim, ST02 = 1..n. */
export function buildProfessionalInterchange(
  claims: readonly ClaimToSend<ProfessionalClaim>[],
  envelope: Interchange837Envelope,
): string {
  return write837Interchange(PROFESSIONAL_VERSION, claims, envelope, professionalTransactionSet);
}

/** 2300 DTP qualifiers in TR3 order, keyed by the API's claimDateInformation field. */
export const PROFESSIONAL_CLAIM_DATES = [
  ['symptomDate', '431'],
  ['initialTreatmentDate', '454'],
  ['lastSeenDate', '304'],
  ['acuteManifestationDate', '453'],
  ['accidentDate', '439'],
  ['lastMenstrualPeriodDate', '484'],
  ['lastXRayDate', '455'],
  ['hearingAndVisionPrescriptionDate', '471'],
  ['disabilityBeginDate', '360'],
  ['disabilityEndDate', '361'],
  ['lastWorkedDate', '297'],
  ['authorizedReturnToWorkDate', '296'],
  ['admissionDate', '435'],
  ['dischargeDate', '096'],
  ['assumedAndRelinquishedCareBeginDate', '090'],
  ['assumedAndRelinquishedCareEndDate', '091'],
  ['firstContactDate', '444'],
] as const satisfies readonly (readonly [keyof ClaimDates, string])[];
type ClaimDates = NonNullable<ProfessionalClaim['claimInformation']['claimDateInformation']>;

/** 2300 REF qualifiers in TR3 order; REF*D9 (ours) goes between F8 and EA. */
export const CLAIM_REFERENCES_BEFORE_D9 = [
  ['referralNumber', '9F'],
  ['priorAuthorizationNumber', 'G1'],
  ['claimControlNumber', 'F8'],
] as const;
export const CLAIM_REFERENCES_AFTER_D9 = [['medicalRecordNumber', 'EA']] as const;

type ServiceLine = ProfessionalClaim['claimInformation']['serviceLines'][number];

function writeProfessionalClaim(
  writer: SegmentWriter,
  claim: ProfessionalClaim,
  options: ClaimTransactionOptions,
): void {
  const info = claim.claimInformation;
  writeHeader(writer, {
    reference: options.claimId,
    createdAt: options.createdAt,
    submitter: options.submitter ?? claim.submitter,
    submitterId: options.submitterId,
    receiverName: options.receiverName ?? claim.receiver.organizationName,
    receiverId: options.receiverId,
  });
  writeBillingProvider(writer, 1, claim.billing, undefined);

  const { subscriber, dependent } = claim;
  if (
    subscriber.policyNumber !== undefined &&
    subscriber.groupNumber !== undefined &&
    subscriber.policyNumber !== subscriber.groupNumber
  ) {
    // Both name SBR03 in the reference; sending one would silently drop the other.
    throw new X12Error(
      'INVALID_ELEMENT',
      'SBR03 given twice (policyNumber and groupNumber differ)',
      {
        segment: 0,
        segmentId: 'SBR',
        position: 3,
      },
    );
  }
  writeSubscriberLoop(writer, {
    hlId: 2,
    parentHlId: 1,
    subscriber:
      subscriber.policyNumber === undefined
        ? subscriber
        : { ...subscriber, groupNumber: subscriber.groupNumber ?? subscriber.policyNumber },
    subscriberIsPatient: dependent === undefined,
    claimFilingCode: info.claimFilingCode,
    payer: { name: claim.tradingPartnerName, id: claim.tradingPartnerServiceId },
  });
  if (dependent !== undefined) writePatientLoop(writer, 3, 2, dependent);

  // 2300
  writer.segment(
    'CLM',
    // DESIGN 3: payers keep only 20 characters of CLM01, and 277CA/835 matching relies on it.
    fit(info.patientControlNumber, 20, 'CLM', 1),
    amount(info.claimChargeAmount, 'CLM', 2),
    undefined,
    undefined,
    [info.placeOfServiceCode, 'B', info.claimFrequencyCode],
    info.signatureIndicator,
    info.planParticipationCode,
    info.benefitsAssignmentCertificationIndicator,
    info.releaseInformationCode,
    undefined,
    undefined,
    undefined,
    undefined,
    undefined,
    undefined,
    undefined,
    undefined,
    undefined,
    undefined,
    info.delayReasonCode,
  );
  const dates = info.claimDateInformation;
  if (dates !== undefined) {
    for (const [field, qualifier] of PROFESSIONAL_CLAIM_DATES) {
      writeDate(writer, qualifier, dates[field]);
    }
  }
  const paid = optionalAmount(info.patientAmountPaid, 'AMT', 2);
  if (paid !== undefined) writer.segment('AMT', 'F5', paid);
  const references = info.claimSupplementalInformation;
  for (const [field, qualifier] of CLAIM_REFERENCES_BEFORE_D9) {
    writeReference(writer, qualifier, references?.[field]);
  }
  writeReference(writer, 'D9', options.claimId);
  for (const [field, qualifier] of CLAIM_REFERENCES_AFTER_D9) {
    writeReference(writer, qualifier, references?.[field]);
  }
  writeDiagnoses(writer, info.healthCareCodeInformation);

  // 2310A referring (no PRV in 5010), 2310B rendering, 2310C service facility
  if (claim.referring !== undefined) {
    if (claim.referring.taxonomyCode !== undefined) {
      throw new X12Error('UNEXPECTED_SEGMENT', '2310A referring provider has no PRV in X222A1', {
        segment: 0,
        segmentId: 'PRV',
        position: 3,
      });
    }
    writeProviderLoop(writer, 'DN', claim.referring, undefined);
  }
  if (claim.rendering !== undefined) writeProviderLoop(writer, '82', claim.rendering, 'PE');
  const facility = info.serviceFacilityLocation;
  if (facility !== undefined) {
    writeName(writer, '77', facility, 'XX', facility.npi, true);
    writeAddress(writer, facility.address);
  }

  // 2400
  let lineNumber = 0;
  for (const line of info.serviceLines) {
    lineNumber++;
    writeServiceLine(writer, line, lineNumber);
  }
}

type HealthCareCode = ProfessionalClaim['claimInformation']['healthCareCodeInformation'][number];

/** HI: up to 12 diagnosis composites per segment, in the order given (principal first). */
function writeDiagnoses(writer: SegmentWriter, codes: readonly HealthCareCode[]): void {
  for (let start = 0; start < codes.length; start += 12) {
    const composites: [string, string][] = [];
    for (const code of codes.slice(start, start + 12)) {
      composites.push([code.diagnosisTypeCode, fit(code.diagnosisCode, 30, 'HI', 1)]);
    }
    writer.segment('HI', ...composites);
  }
}

function writeServiceLine(writer: SegmentWriter, line: ServiceLine, lineNumber: number): void {
  const service = line.professionalService;
  const modifiers = service.procedureModifiers ?? [];
  const pointers = service.compositeDiagnosisCodePointers.diagnosisCodePointers;
  writer.segment('LX', assignedNumber(line.assignedNumber, lineNumber));
  writer.segment(
    'SV1',
    [
      service.procedureIdentifier,
      fit(service.procedureCode, 48, 'SV1', 1),
      modifiers[0],
      modifiers[1],
      modifiers[2],
      modifiers[3],
      fitOptional(service.description, 80, 'SV1', 1),
    ],
    amount(service.lineItemChargeAmount, 'SV1', 2),
    service.measurementUnit,
    fit(service.serviceUnitCount, 15, 'SV1', 4),
    service.placeOfServiceCode,
    undefined,
    [pointers[0], pointers[1], pointers[2], pointers[3]],
    undefined,
    service.emergencyIndicator,
    undefined,
    service.epsdtIndicator,
    service.familyPlanningIndicator,
    undefined,
    undefined,
    service.copayStatusCode,
  );
  writeDateOrRange(writer, '472', line.serviceDate, line.serviceDateEnd);
  writeReference(writer, '6R', line.providerControlNumber);
  if (line.drugIdentification !== undefined) {
    writeDrugIdentification(writer, line.drugIdentification);
  }
}
