// The institutional claim (837I) in the request shape of Change Healthcare Institutional Claims v1
// (`InstitutionalClaimsRequest`). Field names, nesting and formats are the reference's; fields of
// the reference we do not support yet are listed per object and refused with UNSUPPORTED_FIELD.

import * as z from 'zod';
import { amountSchema } from './claim-amounts.ts';
import {
  claimFrequencyCodeSchema,
  paymentResponsibilityLevelCodeSchema,
  relationshipToSubscriberCodeSchema,
} from './claim-codes.ts';
import { claimDateSchema, dateWithOptionalTimeSchema, timeSchema } from './claim-dates.ts';
import {
  claimFilingAndChargeFields,
  claimIndicatorFields,
  claimReferenceNumberFields,
  transactionFields,
} from './claim-level-fields.ts';
import {
  facilityTypeCodeSchema,
  icd10CmSchema,
  procedureCodeSchema,
  revenueCodeSchema,
  taxonomyCodeSchema,
  ubCodeSchema,
  unitCountSchema,
} from './code-shapes.ts';
import { addressSchema, contactInformationFields } from './contacts.ts';
import { lineItemControlNumberSchema, type WithControlNumbers } from './control-numbers.ts';
import { einSchema, npiSchema, ssnSchema } from './identifiers.ts';
import {
  claimProviderSchema,
  genderSchema,
  personNameFields,
  providerTypeSchema,
  receiverSchema,
} from './parties.ts';
import { referenceObject, withRule } from './schema-metadata.ts';
import {
  drugIdentificationSchema,
  lineNumberSchema,
  procedureDetailAndChargeFields,
} from './service-lines.ts';
import { hiSegmentsOf, listOf, text } from './text-fields.ts';

const presentOnAdmissionIndicatorSchema = withRule(z.enum(['N', 'Y', 'U', 'W']), {
  code: 'INVALID_CODE',
});

const contactInformationSchema = referenceObject('ContactInformation', contactInformationFields(), [
  'validContact',
]);

/** `taxId` (1000A NM109) is refused: the submitter id in the envelope is the clearinghouse's own. */
const submitterSchema = referenceObject(
  'Submitter',
  { organizationName: text(60), contactInformation: contactInformationSchema },
  ['taxId'],
);

const subscriberSchema = referenceObject(
  'Subscriber',
  {
    memberId: text(80),
    ssn: ssnSchema.optional(),
    paymentResponsibilityLevelCode: paymentResponsibilityLevelCodeSchema,
    ...personNameFields(),
    gender: genderSchema.optional(),
    dateOfBirth: claimDateSchema.optional(),
    groupNumber: text(50).optional(),
    address: addressSchema.optional(),
  },
  ['standardHealthId', 'policyNumber'],
);

const dependentSchema = referenceObject(
  'Dependent',
  {
    ...personNameFields(),
    gender: genderSchema,
    dateOfBirth: claimDateSchema,
    ssn: ssnSchema.optional(),
    relationshipToSubscriberCode: relationshipToSubscriberCodeSchema,
    address: addressSchema,
  },
  [],
);

/** Secondary ids and deprecated REF fields the institutional provider objects share. */
const UNSUPPORTED_PROVIDER_REFERENCES = [
  'secondaryIdentificationQualifierCode',
  'secondaryIdentifier',
  'commercialNumber',
  'locationNumber',
  'stateLicenseNumber',
  'providerUpinNumber',
] as const;

/** Loop 2000A/2010AA: the 837I billing provider always reports its EIN (REF*EI). */
const billingProviderSchema = referenceObject(
  'billing',
  {
    providerType: providerTypeSchema('BillingProvider'),
    npi: npiSchema,
    employerId: einSchema,
    taxonomyCode: taxonomyCodeSchema.optional(),
    organizationName: text(60),
    address: addressSchema,
    contactInformation: contactInformationSchema.optional(),
  },
  [...UNSUPPORTED_PROVIDER_REFERENCES, 'firstName', 'lastName', 'middleName', 'suffix'],
);

/** Attending (2310A), rendering (2310D) and referring (2310F) providers: persons, NM1 and PRV. */
function institutionalClaimProviderSchema<const Role extends string>(
  reference: string,
  role: Role,
) {
  return claimProviderSchema(
    reference,
    role,
    { ...personNameFields(), firstName: text(35).optional() }, // NM104 is situational here
    [
      ...UNSUPPORTED_PROVIDER_REFERENCES,
      'employerId',
      'organizationName',
      'address',
      'contactInformation',
    ],
  );
}

const attendingProviderSchema = institutionalClaimProviderSchema('attending', 'AttendingProvider');
const renderingProviderSchema = institutionalClaimProviderSchema('rendering', 'RenderingProvider');
const referringProviderSchema = institutionalClaimProviderSchema('referring', 'ReferringProvider');

/** Loop 2310E; `identificationCode` is the facility's NPI. */
const serviceFacilityLocationSchema = referenceObject(
  'ServiceFacilityLocation',
  {
    organizationName: text(60),
    address: addressSchema,
    identificationCode: npiSchema.optional(),
  },
  ['secondaryIdentificationQualifierCode', 'secondaryIdentifier'],
);

/** Statement period (DTP*434), admission (DTP*435, CCYYMMDD or CCYYMMDDHHMM), discharge hour (DTP*096). */
const claimDateInformationSchema = referenceObject(
  'ClaimDateInformation',
  {
    admissionDateAndHour: dateWithOptionalTimeSchema.optional(),
    statementBeginDate: claimDateSchema,
    statementEndDate: claimDateSchema,
    dischargeHour: timeSchema.optional(),
  },
  ['repricerReceivedDate'],
);

const claimSupplementalInformationSchema = referenceObject(
  'ClaimSupplementalInformation',
  claimReferenceNumberFields(),
  [
    'reportInformation',
    'repricedClaimNumber',
    'investigationalDeviceExemptionNumber',
    'claimNumber',
    'demoProjectIdentifier',
    'serviceAuthorizationExceptionCode',
    'autoAccidentState',
    'peerReviewAuthorizationNumber',
    'adjustedRepricedClaimRefNumber',
  ],
);

/** CL1: admission type (1-5, 9), point of origin, patient discharge status. */
const claimCodeInformationSchema = referenceObject(
  'ClaimCodeInformation',
  {
    admissionTypeCode: withRule(z.enum(['1', '2', '3', '4', '5', '9']), {
      code: 'INVALID_ADMISSION_TYPE',
    }),
    admissionSourceCode: withRule(z.string().regex(/^[0-9A-Z]$/), {
      code: 'INVALID_ADMISSION_SOURCE',
    }).optional(),
    patientStatusCode: withRule(z.string().regex(/^\d{2}$/), { code: 'INVALID_PATIENT_STATUS' }),
  },
  [],
);

/** HIxx-1 of a diagnosis list: one qualifier per list (the ICD-10-CM one). */
function diagnosisQualifierSchema<const Qualifier extends string>(qualifier: Qualifier) {
  return withRule(z.literal(qualifier), { code: 'INVALID_DIAGNOSIS_TYPE_CODE' });
}

/** ICD-10-CM only (ABK); BK (ICD-9) is refused. */
const principalDiagnosisSchema = referenceObject(
  'PrincipalDiagnosis',
  {
    qualifierCode: diagnosisQualifierSchema('ABK'),
    principalDiagnosisCode: icd10CmSchema,
    presentOnAdmissionIndicator: presentOnAdmissionIndicatorSchema.optional(),
  },
  [],
);

const admittingDiagnosisSchema = referenceObject(
  'AdmittingDiagnosis',
  {
    qualifierCode: diagnosisQualifierSchema('ABJ'),
    admittingDiagnosisCode: icd10CmSchema,
  },
  [],
);

const patientReasonForVisitSchema = referenceObject(
  'PatientReasonForVisit',
  {
    qualifierCode: diagnosisQualifierSchema('APR'),
    patientReasonForVisitCode: icd10CmSchema,
  },
  [],
);

const otherDiagnosisInformationSchema = referenceObject(
  'OtherDiagnosisInformation',
  {
    qualifierCode: diagnosisQualifierSchema('ABF'),
    otherDiagnosisCode: icd10CmSchema,
    presentOnAdmissionIndicator: presentOnAdmissionIndicatorSchema.optional(),
  },
  [],
);

const valueInformationSchema = referenceObject(
  'ValueInformation',
  { valueCode: ubCodeSchema, valueCodeAmount: amountSchema },
  [],
);

/** Occurrence codes (HI*BH); the reference names the fields occurrenceSpanCode/-Date. */
const occurrenceInformationSchema = referenceObject(
  'OccurrenceInformation',
  { occurrenceSpanCode: ubCodeSchema, occurrenceSpanCodeDate: claimDateSchema },
  [],
);

const occurrenceSpanInformationSchema = referenceObject(
  'OccurrenceSpanInformation',
  {
    occurrenceSpanCode: ubCodeSchema,
    occurrenceSpanCodeStartDate: claimDateSchema,
    occurrenceSpanCodeEndDate: claimDateSchema,
  },
  [],
);

const conditionInformationSchema = referenceObject(
  'ConditionInformation',
  { conditionCode: ubCodeSchema },
  [],
);

const institutionalServiceSchema = referenceObject(
  'InstitutionalService',
  {
    serviceLineRevenueCode: revenueCodeSchema,
    procedureIdentifier: withRule(z.literal('HC'), {
      code: 'INVALID_CODE',
      unsupportedValues: ['ER', 'HP', 'IV', 'WK'],
    }).optional(),
    procedureCode: procedureCodeSchema.optional(),
    ...procedureDetailAndChargeFields(),
    measurementUnit: withRule(z.enum(['DA', 'UN']), { code: 'INVALID_CODE' }),
    serviceUnitCount: unitCountSchema,
    nonCoveredChargeAmount: amountSchema.optional(),
  },
  [],
);

/** Loop 2410: NDC in 5-4-2 form; the 837I LIN02 is always N4. */
const institutionalDrugIdentificationSchema = drugIdentificationSchema({});

const serviceLineSchema = referenceObject(
  'ServiceLine',
  {
    assignedNumber: lineNumberSchema,
    serviceDate: claimDateSchema.optional(),
    serviceDateEnd: claimDateSchema.optional(),
    /** REF*6R; issued by validation when absent. */
    lineItemControlNumber: lineItemControlNumberSchema.optional(),
    institutionalService: institutionalServiceSchema,
    drugIdentification: institutionalDrugIdentificationSchema.optional(),
  },
  [
    'serviceTaxAmount',
    'facilityTaxAmount',
    'thirdPartyOrganizationNotes',
    'repricedLineItemReferenceNumber',
    'description',
    'adjustedRepricedLineItemReferenceNumber',
    'lineNoteText',
    'lineAdjudicationInformation',
    'renderingProvider',
    'referringProvider',
    'lineSupplementInformation',
    'serviceLineSupplementalInformation',
    'serviceLineDateInformation',
    'serviceLineReferenceInformation',
    'linePricingInformation',
    'lineAdjustmentInformation',
    'operatingPhysician',
    'otherOperatingPhysician',
    'lineRepricingInformation',
  ],
);

const claimInformationSchema = referenceObject(
  'ClaimInformation',
  {
    ...claimFilingAndChargeFields(),
    /** CLM05-1: the facility type code, the first two digits of the bill type. */
    placeOfServiceCode: facilityTypeCodeSchema,
    /** CLM05-3: the last digit of the bill type. */
    claimFrequencyCode: claimFrequencyCodeSchema,
    ...claimIndicatorFields(),
    patientEstimatedAmountDue: amountSchema.optional(),
    billingNote: text(80).optional(),
    claimDateInformation: claimDateInformationSchema,
    claimSupplementalInformation: claimSupplementalInformationSchema.optional(),
    principalDiagnosis: principalDiagnosisSchema,
    admittingDiagnosis: admittingDiagnosisSchema.optional(),
    patientReasonForVisits: listOf(patientReasonForVisitSchema, 3).optional(),
    otherDiagnosisInformationList: hiSegmentsOf(otherDiagnosisInformationSchema).optional(),
    occurrenceSpanInformations: hiSegmentsOf(occurrenceSpanInformationSchema).optional(),
    valueInformationList: hiSegmentsOf(valueInformationSchema).optional(),
    occurrenceInformationList: hiSegmentsOf(occurrenceInformationSchema).optional(),
    conditionCodesList: hiSegmentsOf(conditionInformationSchema).optional(),
    serviceFacilityLocation: serviceFacilityLocationSchema.optional(),
    claimCodeInformation: claimCodeInformationSchema,
    serviceLines: listOf(serviceLineSchema, 999),
  },
  [
    'propertyCasualtyClaimNumber',
    'patientWeight',
    'signatureIndicator',
    'patientAmountPaid',
    'fileInformation',
    'claimNotes',
    'claimContractInformation',
    'conditionCodes',
    'externalCauseOfInjuries',
    'diagnosisRelatedGroupInformation',
    'principalProcedureInformation',
    'otherProcedureInformationList',
    'treatmentCodeInformationList',
    'claimPricingInformation',
    'otherSubscriberInformation',
    'epsdtReferral',
  ],
);

/**
 * The intake schema. Deviations from the reference: `tradingPartnerServiceId` and
 * `tradingPartnerName` are required (routing and 2010BB NM103); `patientControlNumber` and the lines'
 * `lineItemControlNumber` may be omitted (we issue them); the reference's `releaseInformationCode`
 * enum is the single string "I, Y" (a typo), we accept I and Y.
 */
export const institutionalClaimSchema = referenceObject(
  'InstitutionalClaimsRequest',
  {
    ...transactionFields(),
    submitter: submitterSchema,
    receiver: receiverSchema(['taxId']),
    subscriber: subscriberSchema,
    dependent: dependentSchema.optional(),
    billing: billingProviderSchema,
    attending: attendingProviderSchema.optional(),
    rendering: renderingProviderSchema.optional(),
    referring: referringProviderSchema.optional(),
    claimInformation: claimInformationSchema,
  },
  [
    'providers',
    'billingPayToPlanName',
    'billingPayToAddressName',
    'operatingPhysician',
    'otherOperatingPhysician',
    'payerAddress',
  ],
);

export type InstitutionalClaimInput = z.infer<typeof institutionalClaimSchema>;
type ClaimInformationInput = InstitutionalClaimInput['claimInformation'];
export type InstitutionalServiceLine = ClaimInformationInput['serviceLines'][number] & {
  lineItemControlNumber: string;
};

/** A validated institutional claim: every control number present (CLM01 and every REF*6R). */
export type InstitutionalClaim = WithControlNumbers<
  InstitutionalClaimInput,
  InstitutionalServiceLine
>;
