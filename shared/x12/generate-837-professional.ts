// 837P (005010X222A1) from a professional claim in the API's shape (Change Healthcare
// Professional Claims v3 request). One claim is one transaction set: 2000A billing provider,
// 2000B subscriber (+ 2000C patient when the patient is a dependent), one 2300 claim.
// The claim is expected to have passed validateProfessionalClaim; the generator still refuses
// values that do not fit their element rather than truncating them.

import {
  claim837Writers,
  writeHeaderAndBillingProvider,
  writeSubscriberHierarchy,
  type ClaimTransactionOptions,
} from './claim-837-envelope.ts';
import {
  amount,
  diagnosisComposite,
  fit,
  optionalAmount,
  procedureComposite,
  refuseProviderTaxonomy,
  writeError,
  writeClaimSegment,
  writeDate,
  writeDateOrRange,
  assignedNumber,
  writeDrugIdentification,
  writeHealthCareCodes,
  writeProviderLoop,
  writeReference,
  writeServiceFacility,
} from './claim-837-parts.ts';
import type { ProfessionalClaim } from '#shared/domain/claims/professional-claim';
import type { SegmentWriter } from './writer.ts';

export const PROFESSIONAL_VERSION = '005010X222A1';

const PROFESSIONAL_837 = claim837Writers(PROFESSIONAL_VERSION, writeProfessionalClaim);

/** The transaction set (ST..SE) of one professional claim, for writeInterchange. */
export const professionalTransactionSet = PROFESSIONAL_837.transactionSet;

/** A whole interchange (ISA..IEA), one transaction set per claim, ST02 = 1..n. */
export const buildProfessionalInterchange = PROFESSIONAL_837.buildInterchange;

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
  writeHeaderAndBillingProvider(writer, claim, options);

  const { subscriber } = claim;
  if (
    subscriber.policyNumber !== undefined &&
    subscriber.groupNumber !== undefined &&
    subscriber.policyNumber !== subscriber.groupNumber
  ) {
    // Both name SBR03 in the reference; sending one would silently drop the other.
    throw writeError(
      'INVALID_ELEMENT',
      'SBR03 given twice (policyNumber and groupNumber differ)',
      'SBR',
      3,
    );
  }
  writeSubscriberHierarchy(
    writer,
    claim,
    subscriber.policyNumber === undefined
      ? subscriber
      : { ...subscriber, groupNumber: subscriber.groupNumber ?? subscriber.policyNumber },
    info.claimFilingCode,
  );

  // 2300
  writeClaimSegment(writer, info, 'B');
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
    refuseProviderTaxonomy(claim.referring.taxonomyCode, '2310A referring', 'X222A1');
    writeProviderLoop(writer, 'DN', claim.referring, undefined);
  }
  if (claim.rendering !== undefined) writeProviderLoop(writer, '82', claim.rendering, 'PE');
  const facility = info.serviceFacilityLocation;
  if (facility !== undefined) writeServiceFacility(writer, facility, facility.npi);

  // 2400
  let lineNumber = 0;
  for (const line of info.serviceLines) {
    lineNumber++;
    writeServiceLine(writer, line, lineNumber);
  }
}

type HealthCareCode = ProfessionalClaim['claimInformation']['healthCareCodeInformation'][number];

/** HI: the diagnosis composites in the order given (principal first). */
function writeDiagnoses(writer: SegmentWriter, codes: readonly HealthCareCode[]): void {
  writeHealthCareCodes(
    writer,
    codes.map((code) => diagnosisComposite(code.diagnosisTypeCode, code.diagnosisCode)),
  );
}

function writeServiceLine(writer: SegmentWriter, line: ServiceLine, lineNumber: number): void {
  const service = line.professionalService;
  const pointers = service.compositeDiagnosisCodePointers.diagnosisCodePointers;
  writer.segment('LX', assignedNumber(line.assignedNumber, lineNumber));
  writer.segment(
    'SV1',
    procedureComposite(service.procedureIdentifier, service.procedureCode, service, 'SV1', 1),
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
