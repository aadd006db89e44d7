// 837P (005010X222A1) from a professional claim in the API's shape (Change Healthcare
// Professional Claims v3 request). One claim is one transaction set: 2000A billing provider,
// 2000B subscriber (+ 2000C patient when the patient is a dependent), one 2300 claim.
// The claim is expected to have passed validateProfessionalClaim; the generator still refuses
// values that do not fit their element rather than truncating them.

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
  writeDrugIdentification,
  writeHeader,
  writeName,
  writeNote,
  writePatientLoop,
  writeProviderLoop,
  writeReference,
  writeSubscriberLoop,
  type ClaimToSend,
  type ClaimTransactionOptions,
  type Interchange837Envelope,
} from './claim-837-parts.ts';
import type { SegmentWriter, TransactionSetSpec } from './writer.ts';

// TEMPORARY structural input type until the claims schema lands; replaced by its ProfessionalClaim.
type Opt<T> = T | undefined;
interface ProviderShape {
  readonly providerType?: Opt<string>;
  readonly npi?: Opt<string>;
  readonly employerId?: Opt<string>;
  readonly ssn?: Opt<string>;
  readonly taxonomyCode?: Opt<string>;
  readonly organizationName?: Opt<string>;
  readonly lastName?: Opt<string>;
  readonly firstName?: Opt<string>;
  readonly middleName?: Opt<string>;
  readonly suffix?: Opt<string>;
  readonly stateLicenseNumber?: Opt<string>;
  readonly providerUpinNumber?: Opt<string>;
  readonly commercialNumber?: Opt<string>;
  readonly locationNumber?: Opt<string>;
  readonly address?: Opt<AddressShape>;
  readonly contactInformation?: Opt<ContactShape>;
}
interface AddressShape {
  readonly address1: string;
  readonly address2?: Opt<string>;
  readonly city: string;
  readonly state?: Opt<string>;
  readonly postalCode?: Opt<string>;
  readonly countryCode?: Opt<string>;
  readonly countrySubDivisionCode?: Opt<string>;
}
interface ContactShape {
  readonly name: string;
  readonly phoneNumber?: Opt<string>;
  readonly phoneExtension?: Opt<string>;
  readonly faxNumber?: Opt<string>;
  readonly email?: Opt<string>;
}
export interface ProfessionalClaim {
  readonly controlNumber: string;
  readonly tradingPartnerServiceId: string;
  readonly tradingPartnerName?: Opt<string>;
  readonly submitter: {
    readonly organizationName?: Opt<string>;
    readonly lastName?: Opt<string>;
    readonly firstName?: Opt<string>;
    readonly middleName?: Opt<string>;
    readonly contactInformation: ContactShape;
  };
  readonly receiver: { readonly organizationName: string };
  readonly subscriber: {
    readonly memberId?: Opt<string>;
    readonly ssn?: Opt<string>;
    readonly paymentResponsibilityLevelCode: string;
    readonly organizationName?: Opt<string>;
    readonly insuranceTypeCode?: Opt<string>;
    readonly subscriberGroupName?: Opt<string>;
    readonly firstName?: Opt<string>;
    readonly lastName?: Opt<string>;
    readonly middleName?: Opt<string>;
    readonly suffix?: Opt<string>;
    readonly gender?: Opt<string>;
    readonly dateOfBirth?: Opt<string>;
    readonly groupNumber?: Opt<string>;
    readonly address?: Opt<AddressShape>;
  };
  readonly dependent?: Opt<{
    readonly firstName: string;
    readonly lastName: string;
    readonly middleName?: Opt<string>;
    readonly suffix?: Opt<string>;
    readonly gender: string;
    readonly dateOfBirth: string;
    readonly relationshipToSubscriberCode: string;
    readonly address?: Opt<AddressShape>;
  }>;
  readonly payToAddress?: Opt<AddressShape>;
  readonly payerAddress?: Opt<AddressShape>;
  readonly billing: ProviderShape;
  readonly referring?: Opt<ProviderShape>;
  readonly rendering?: Opt<ProviderShape>;
  readonly supervising?: Opt<ProviderShape>;
  readonly claimInformation: {
    readonly claimFilingCode: string;
    readonly deathDate?: Opt<string>;
    readonly patientWeight?: Opt<string>;
    readonly pregnancyIndicator?: Opt<string>;
    readonly patientControlNumber: string;
    readonly claimChargeAmount: string;
    readonly placeOfServiceCode: string;
    readonly claimFrequencyCode: string;
    readonly signatureIndicator: string;
    readonly planParticipationCode: string;
    readonly benefitsAssignmentCertificationIndicator: string;
    readonly releaseInformationCode: string;
    readonly relatedCausesCode?: Opt<readonly string[]>;
    readonly autoAccidentStateCode?: Opt<string>;
    readonly autoAccidentCountryCode?: Opt<string>;
    readonly specialProgramCode?: Opt<string>;
    readonly delayReasonCode?: Opt<string>;
    readonly patientAmountPaid?: Opt<string>;
    readonly claimDateInformation?: Opt<
      Partial<
        Record<
          | 'symptomDate'
          | 'initialTreatmentDate'
          | 'lastSeenDate'
          | 'acuteManifestationDate'
          | 'accidentDate'
          | 'lastMenstrualPeriodDate'
          | 'lastXRayDate'
          | 'hearingAndVisionPrescriptionDate'
          | 'disabilityBeginDate'
          | 'disabilityEndDate'
          | 'lastWorkedDate'
          | 'authorizedReturnToWorkDate'
          | 'admissionDate'
          | 'dischargeDate'
          | 'assumedAndRelinquishedCareBeginDate'
          | 'assumedAndRelinquishedCareEndDate'
          | 'repricerReceivedDate'
          | 'firstContactDate',
          string
        >
      >
    >;
    readonly claimSupplementalInformation?: Opt<
      Partial<
        Record<
          | 'priorAuthorizationNumber'
          | 'referralNumber'
          | 'claimControlNumber'
          | 'cliaNumber'
          | 'repricedClaimNumber'
          | 'adjustedRepricedClaimNumber'
          | 'investigationalDeviceExemptionNumber'
          | 'claimNumber'
          | 'mammographyCertificationNumber'
          | 'medicalRecordNumber'
          | 'demoProjectIdentifier'
          | 'carePlanOversightNumber'
          | 'medicareCrossoverReferenceId'
          | 'serviceAuthorizationExceptionCode',
          string
        >
      > & {
        readonly reportInformation?: Opt<{
          readonly attachmentReportTypeCode: string;
          readonly attachmentTransmissionCode: string;
          readonly attachmentControlNumber?: Opt<string>;
        }>;
      }
    >;
    readonly claimNote?: Opt<
      Partial<
        Record<
          | 'additionalInformation'
          | 'certificationNarrative'
          | 'goalRehabOrDischargePlans'
          | 'diagnosisDescription'
          | 'thirdPartOrgNotes',
          string
        >
      >
    >;
    readonly healthCareCodeInformation: readonly {
      readonly diagnosisTypeCode: string;
      readonly diagnosisCode: string;
    }[];
    readonly serviceFacilityLocation?: Opt<{
      readonly organizationName: string;
      readonly npi?: Opt<string>;
      readonly address: AddressShape;
    }>;
    readonly serviceLines: readonly {
      readonly serviceDate: string;
      readonly serviceDateEnd?: Opt<string>;
      readonly providerControlNumber?: Opt<string>;
      readonly additionalNotes?: Opt<string>;
      readonly professionalService: {
        readonly procedureIdentifier: string;
        readonly procedureCode: string;
        readonly procedureModifiers?: Opt<readonly string[]>;
        readonly description?: Opt<string>;
        readonly lineItemChargeAmount: string;
        readonly measurementUnit: string;
        readonly serviceUnitCount: string;
        readonly placeOfServiceCode?: Opt<string>;
        readonly compositeDiagnosisCodePointers: {
          readonly diagnosisCodePointers: readonly string[];
        };
        readonly emergencyIndicator?: Opt<string>;
        readonly epsdtIndicator?: Opt<string>;
        readonly familyPlanningIndicator?: Opt<string>;
        readonly copayStatusCode?: Opt<string>;
      };
      readonly drugIdentification?: Opt<{
        readonly serviceIdQualifier: string;
        readonly nationalDrugCode: string;
        readonly nationalDrugUnitCount: string;
        readonly measurementUnitCode: string;
        readonly linkSequenceNumber?: Opt<string>;
        readonly pharmacyPrescriptionNumber?: Opt<string>;
      }>;
      readonly renderingProvider?: Opt<ProviderShape>;
      readonly referringProvider?: Opt<ProviderShape>;
    }[];
  };
}

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
const CLAIM_DATES: readonly (readonly [keyof ClaimDates, string])[] = [
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
  ['repricerReceivedDate', '050'],
];
type ClaimDates = NonNullable<ProfessionalClaim['claimInformation']['claimDateInformation']>;

/** 2300 REF qualifiers in TR3 order (D9 is ours and written separately). */
const CLAIM_REFERENCES: readonly (readonly [keyof ClaimReferences, string])[] = [
  ['serviceAuthorizationExceptionCode', '4N'],
  ['medicareCrossoverReferenceId', 'F5'],
  ['mammographyCertificationNumber', 'EW'],
  ['referralNumber', '9F'],
  ['priorAuthorizationNumber', 'G1'],
  ['claimControlNumber', 'F8'],
  ['cliaNumber', 'X4'],
  ['repricedClaimNumber', '9A'],
  ['adjustedRepricedClaimNumber', '9C'],
  ['investigationalDeviceExemptionNumber', 'LX'],
];
const CLAIM_REFERENCES_AFTER_D9: readonly (readonly [keyof ClaimReferences, string])[] = [
  ['medicalRecordNumber', 'EA'],
  ['demoProjectIdentifier', 'P4'],
  ['carePlanOversightNumber', '1J'],
];
type ClaimReferences = Omit<
  NonNullable<ProfessionalClaim['claimInformation']['claimSupplementalInformation']>,
  'claimNumber' | 'reportInformation'
>;

/** 2300 NTE codes; the TR3 allows one NTE in 2300, the validator enforces it. */
const CLAIM_NOTES: readonly (readonly [keyof ClaimNotes, string])[] = [
  ['additionalInformation', 'ADD'],
  ['certificationNarrative', 'CER'],
  ['goalRehabOrDischargePlans', 'DCP'],
  ['diagnosisDescription', 'DGN'],
  ['thirdPartOrgNotes', 'TPO'],
];
type ClaimNotes = NonNullable<ProfessionalClaim['claimInformation']['claimNote']>;

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
  writeBillingProvider(writer, 1, claim.billing, claim.payToAddress);

  const dependent = claim.dependent;
  const patientStatus = {
    deathDate: info.deathDate,
    patientWeight: info.patientWeight,
    pregnancyIndicator: info.pregnancyIndicator,
  };
  writeSubscriberLoop(writer, {
    hlId: 2,
    parentHlId: 1,
    subscriber: claim.subscriber,
    subscriberIsPatient: dependent === undefined,
    claimFilingCode: info.claimFilingCode,
    payer: {
      name: claim.tradingPartnerName ?? claim.receiver.organizationName,
      id: claim.tradingPartnerServiceId,
      address: claim.payerAddress,
    },
    patientStatus,
  });
  if (dependent !== undefined) writePatientLoop(writer, 3, 2, dependent, patientStatus);

  // 2300
  const relatedCauses = info.relatedCausesCode ?? [];
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
    relatedCauses.length === 0
      ? undefined
      : [
          relatedCauses[0],
          relatedCauses[1],
          relatedCauses[2],
          info.autoAccidentStateCode,
          info.autoAccidentCountryCode,
        ],
    info.specialProgramCode,
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
    for (const [field, qualifier] of CLAIM_DATES) writeDate(writer, qualifier, dates[field]);
  }
  const report = info.claimSupplementalInformation?.reportInformation;
  if (report !== undefined) {
    writer.segment(
      'PWK',
      report.attachmentReportTypeCode,
      report.attachmentTransmissionCode,
      undefined,
      undefined,
      report.attachmentControlNumber === undefined ? undefined : 'AC',
      fitOptional(report.attachmentControlNumber, 80, 'PWK', 6),
    );
  }
  const paid = optionalAmount(info.patientAmountPaid, 'AMT', 2);
  if (paid !== undefined) writer.segment('AMT', 'F5', paid);
  const references = info.claimSupplementalInformation;
  if (references !== undefined) {
    for (const [field, qualifier] of CLAIM_REFERENCES) {
      writeReference(writer, qualifier, references[field]);
    }
  }
  writeReference(writer, 'D9', options.claimId);
  if (references !== undefined) {
    for (const [field, qualifier] of CLAIM_REFERENCES_AFTER_D9) {
      writeReference(writer, qualifier, references[field]);
    }
  }
  const notes = info.claimNote;
  if (notes !== undefined) {
    for (const [field, code] of CLAIM_NOTES) writeNote(writer, code, notes[field]);
  }
  writeDiagnoses(writer, info.healthCareCodeInformation);

  // 2310A referring, 2310B rendering, 2310C service facility, 2310D supervising
  if (claim.referring !== undefined) writeProviderLoop(writer, 'DN', claim.referring, undefined);
  if (claim.rendering !== undefined) writeProviderLoop(writer, '82', claim.rendering, 'PE');
  const facility = info.serviceFacilityLocation;
  if (facility !== undefined) {
    writeName(writer, '77', facility, 'XX', facility.npi, true);
    writeAddress(writer, facility.address);
  }
  if (claim.supervising !== undefined) {
    writeProviderLoop(writer, 'DQ', claim.supervising, undefined);
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

type ServiceLine = ProfessionalClaim['claimInformation']['serviceLines'][number];

function writeServiceLine(writer: SegmentWriter, line: ServiceLine, lineNumber: number): void {
  const service = line.professionalService;
  const modifiers = service.procedureModifiers ?? [];
  const pointers = service.compositeDiagnosisCodePointers.diagnosisCodePointers;
  writer.segment('LX', lineNumber);
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
  // Every line carries a line item control number (DESIGN 3); the line number stands in when the
  // claim has none, which keeps it unique within the claim.
  writeReference(writer, '6R', line.providerControlNumber ?? String(lineNumber));
  writeNote(writer, 'ADD', line.additionalNotes);
  if (line.drugIdentification !== undefined) {
    writeDrugIdentification(writer, line.drugIdentification);
  }
  if (line.renderingProvider !== undefined) {
    writeProviderLoop(writer, '82', line.renderingProvider, 'PE');
  }
  if (line.referringProvider !== undefined) {
    writeProviderLoop(writer, 'DN', line.referringProvider, undefined);
  }
}
