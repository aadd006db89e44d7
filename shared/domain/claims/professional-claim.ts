// The professional claim (837P) in the request shape of Change Healthcare Professional Claims v3
// (`ClaimSubmissionRequest`). Field names, nesting and formats are the reference's; fields of the
// reference we do not support yet are listed per object and refused with UNSUPPORTED_FIELD.

import * as z from 'zod';
import { amountSchema } from './claim-amounts.ts';
import {
  claimFrequencyCodeSchema,
  paymentResponsibilityLevelCodeSchema,
  relationshipToSubscriberCodeSchema,
} from './claim-codes.ts';
import { claimDateSchema, plannedDateSchema } from './claim-dates.ts';
import {
  claimFilingAndChargeFields,
  claimIndicatorFields,
  claimReferenceNumberFields,
  transactionFields,
} from './claim-level-fields.ts';
import {
  diagnosisPointersSchema,
  icd10CmSchema,
  placeOfServiceSchema,
  procedureCodeSchema,
  taxonomyCodeSchema,
  unitCountSchema,
} from './code-shapes.ts';
import { addressSchema, contactInformationFields, phoneExtensionSchema } from './contacts.ts';
import { lineItemControlNumberSchema, type WithControlNumbers } from './control-numbers.ts';
import { einSchema, npiSchema, ssnSchema } from './identifiers.ts';
import {
  claimProviderSchema,
  genderSchema,
  personNameFields,
  personOrOrganizationNameFields,
  providerTypeSchema,
  receiverSchema,
} from './parties.ts';
import { referenceObject, withRule } from './schema-metadata.ts';
import {
  drugIdentificationSchema,
  lineNumberSchema,
  procedureDetailAndChargeFields,
} from './service-lines.ts';
import { listOf, text } from './text-fields.ts';

const yes = withRule(z.literal('Y'), { code: 'INVALID_CODE' });

const contactInformationSchema = referenceObject(
  'ContactInformation',
  { ...contactInformationFields(), phoneExtension: phoneExtensionSchema.optional() },
  [],
);

const submitterSchema = referenceObject(
  'Submitter',
  {
    organizationName: text(60).optional(),
    lastName: text(60).optional(),
    firstName: text(35).optional(),
    middleName: text(25).optional(),
    contactInformation: contactInformationSchema,
  },
  [],
);

/** A person subscriber; organization subscribers (`organizationName`) are not supported yet. */
const subscriberSchema = referenceObject(
  'Subscriber',
  {
    memberId: text(80),
    ssn: ssnSchema.optional(),
    paymentResponsibilityLevelCode: paymentResponsibilityLevelCodeSchema,
    insuranceTypeCode: withRule(z.enum(['12', '13', '14', '15', '16', '41', '42', '43', '47']), {
      code: 'INVALID_CODE',
    }).optional(),
    subscriberGroupName: text(60).optional(),
    ...personNameFields(),
    firstName: text(35).optional(), // NM104 is situational here
    gender: genderSchema.optional(),
    dateOfBirth: claimDateSchema.optional(),
    policyNumber: text(50).optional(),
    groupNumber: text(50).optional(),
    contactInformation: contactInformationSchema.optional(),
    address: addressSchema.optional(),
  },
  ['organizationName'],
);

const dependentSchema = referenceObject(
  'Dependent',
  {
    ...personNameFields(),
    gender: genderSchema,
    dateOfBirth: claimDateSchema,
    ssn: ssnSchema.optional(),
    memberId: text(50).optional(),
    relationshipToSubscriberCode: relationshipToSubscriberCodeSchema,
    contactInformation: contactInformationSchema.optional(),
    address: addressSchema,
  },
  [],
);

/** REF and pay-to-plan fields the professional provider objects share but we do not send yet. */
const UNSUPPORTED_PROVIDER_REFERENCES = [
  'commercialNumber',
  'locationNumber',
  'payerIdentificationNumber',
  'employerIdentificationNumber',
  'claimOfficeNumber',
  'naic',
  'stateLicenseNumber',
  'providerUpinNumber',
] as const;

/** Loop 2000A/2010AA. A tax id (employerId or ssn) and a 9-digit ZIP are enforced by the edits. */
const billingProviderSchema = referenceObject(
  'billing',
  {
    providerType: providerTypeSchema('BillingProvider'),
    npi: npiSchema,
    ssn: ssnSchema.optional(),
    employerId: einSchema.optional(),
    taxonomyCode: taxonomyCodeSchema.optional(),
    ...personOrOrganizationNameFields(),
    address: addressSchema,
    contactInformation: contactInformationSchema.optional(),
  },
  UNSUPPORTED_PROVIDER_REFERENCES,
);

/** Claim-level referring (2310A) or rendering (2310B) provider: NM1 and PRV only, no N3/N4/PER in 837P. */
function professionalClaimProviderSchema<const Role extends string>(reference: string, role: Role) {
  return claimProviderSchema(reference, role, personOrOrganizationNameFields(), [
    ...UNSUPPORTED_PROVIDER_REFERENCES,
    'ssn',
    'employerId',
    'address',
    'contactInformation',
  ]);
}

const referringProviderSchema = professionalClaimProviderSchema('referring', 'ReferringProvider');
const renderingProviderSchema = professionalClaimProviderSchema('rendering', 'RenderingProvider');

/** Loop 2310C. */
const serviceFacilityLocationSchema = referenceObject(
  'ServiceFacilityLocation',
  {
    organizationName: text(60),
    address: addressSchema,
    npi: npiSchema.optional(),
  },
  ['secondaryIdentifier', 'phoneName', 'phoneNumber', 'phoneExtension'],
);

const claimDateInformationSchema = referenceObject(
  'ClaimDateInformation',
  {
    symptomDate: claimDateSchema.optional(),
    initialTreatmentDate: claimDateSchema.optional(),
    lastSeenDate: claimDateSchema.optional(),
    acuteManifestationDate: claimDateSchema.optional(),
    accidentDate: claimDateSchema.optional(),
    lastMenstrualPeriodDate: claimDateSchema.optional(),
    lastXRayDate: claimDateSchema.optional(),
    hearingAndVisionPrescriptionDate: claimDateSchema.optional(),
    disabilityBeginDate: claimDateSchema.optional(),
    disabilityEndDate: plannedDateSchema.optional(),
    lastWorkedDate: claimDateSchema.optional(),
    authorizedReturnToWorkDate: plannedDateSchema.optional(),
    admissionDate: claimDateSchema.optional(),
    dischargeDate: claimDateSchema.optional(),
    assumedAndRelinquishedCareBeginDate: claimDateSchema.optional(),
    assumedAndRelinquishedCareEndDate: claimDateSchema.optional(),
    firstContactDate: claimDateSchema.optional(),
  },
  ['repricerReceivedDate'],
);

const claimSupplementalInformationSchema = referenceObject(
  'ClaimSupplementalInformation',
  claimReferenceNumberFields(),
  [
    'reportInformation',
    'cliaNumber',
    'repricedClaimNumber',
    'adjustedRepricedClaimNumber',
    'investigationalDeviceExemptionNumber',
    'claimNumber',
    'mammographyCertificationNumber',
    'demoProjectIdentifier',
    'carePlanOversightNumber',
    'medicareCrossoverReferenceId',
    'serviceAuthorizationExceptionCode',
  ],
);

/** ICD-10-CM only: the ICD-9 qualifiers BK/BF are refused (ICD-9 ended in 2015). */
const healthCareInformationSchema = referenceObject(
  'HealthCareInformation',
  {
    diagnosisTypeCode: withRule(z.enum(['ABK', 'ABF']), {
      code: 'INVALID_DIAGNOSIS_TYPE_CODE',
    }),
    diagnosisCode: icd10CmSchema,
  },
  [],
);

const compositeDiagnosisCodePointersSchema = referenceObject(
  'CompositeDiagnosisCodePointers',
  { diagnosisCodePointers: diagnosisPointersSchema },
  [],
);

/** SV1. Only HCPCS/CPT (`HC`) procedure codes are supported; ER, IV and WK are refused. */
const professionalServiceSchema = referenceObject(
  'ProfessionalService',
  {
    procedureIdentifier: withRule(z.literal('HC'), {
      code: 'INVALID_CODE',
      unsupportedValues: ['ER', 'IV', 'WK'],
    }),
    procedureCode: procedureCodeSchema,
    ...procedureDetailAndChargeFields(),
    measurementUnit: withRule(z.enum(['MJ', 'UN']), { code: 'INVALID_CODE' }),
    serviceUnitCount: unitCountSchema,
    placeOfServiceCode: placeOfServiceSchema.optional(),
    compositeDiagnosisCodePointers: compositeDiagnosisCodePointersSchema,
    emergencyIndicator: yes.optional(),
    epsdtIndicator: yes.optional(),
    familyPlanningIndicator: yes.optional(),
    copayStatusCode: withRule(z.literal('0'), { code: 'INVALID_CODE' }).optional(),
  },
  [],
);

/** Loop 2410: NDC in 5-4-2 form (LIN02 = N4, the only qualifier the 837P TR3 allows). */
const professionalDrugIdentificationSchema = drugIdentificationSchema({
  serviceIdQualifier: withRule(z.literal('N4'), {
    code: 'INVALID_CODE',
    unsupportedValues: ['EN', 'EO', 'HI', 'ON', 'UK', 'UP'],
  }),
});

const serviceLineSchema = referenceObject(
  'ServiceLine',
  {
    assignedNumber: lineNumberSchema.optional(),
    serviceDate: claimDateSchema,
    serviceDateEnd: claimDateSchema.optional(),
    /** REF*6R, the line item control number; issued by validation when absent. */
    providerControlNumber: lineItemControlNumberSchema.optional(),
    professionalService: professionalServiceSchema,
    drugIdentification: professionalDrugIdentificationSchema.optional(),
  },
  [
    'durableMedicalEquipmentService',
    'serviceLineSupplementalInformation',
    'durableMedicalEquipmentCertificateOfMedicalNecessity',
    'ambulanceTransportInformation',
    'durableMedicalEquipmentCertification',
    'ambulanceCertification',
    'hospiceEmployeeIndicator',
    'conditionIndicatorDurableMedicalEquipment',
    'serviceLineDateInformation',
    'ambulancePatientCount',
    'obstetricAnesthesiaAdditionalUnits',
    'testResults',
    'contractInformation',
    'serviceLineReferenceInformation',
    'salesTaxAmount',
    'postageTaxAmount',
    'fileInformation',
    'additionalNotes',
    'goalRehabOrDischargePlans',
    'thirdPartyOrganizationNotes',
    'purchasedServiceInformation',
    'linePricingRepricingInformation',
    'renderingProvider',
    'purchasedServiceProvider',
    'serviceFacilityLocation',
    'supervisingProvider',
    'orderingProvider',
    'referringProvider',
    'ambulancePickUpLocation',
    'ambulanceDropOffLocation',
    'lineAdjudicationInformation',
    'formIdentification',
  ],
);

const claimInformationSchema = referenceObject(
  'ClaimInformation',
  {
    ...claimFilingAndChargeFields(),
    placeOfServiceCode: placeOfServiceSchema,
    claimFrequencyCode: claimFrequencyCodeSchema,
    signatureIndicator: withRule(z.enum(['N', 'Y']), { code: 'INVALID_CODE' }),
    ...claimIndicatorFields(),
    patientAmountPaid: amountSchema.optional(),
    claimDateInformation: claimDateInformationSchema.optional(),
    claimSupplementalInformation: claimSupplementalInformationSchema.optional(),
    healthCareCodeInformation: listOf(healthCareInformationSchema, 12),
    serviceFacilityLocation: serviceFacilityLocationSchema.optional(),
    serviceLines: listOf(serviceLineSchema, 50),
  },
  [
    'propertyCasualtyClaimNumber',
    'deathDate',
    'patientWeight',
    'pregnancyIndicator',
    'patientSignatureSourceCode',
    'relatedCausesCode',
    'autoAccidentStateCode',
    'autoAccidentCountryCode',
    'specialProgramCode',
    'fileInformation',
    'fileInformationList',
    'claimContractInformation',
    'claimNote',
    'ambulanceTransportInformation',
    'spinalManipulationServiceInformation',
    'ambulanceCertification',
    'patientConditionInformationVision',
    'homeboundIndicator',
    'epsdtReferral',
    'anesthesiaRelatedSurgicalProcedure',
    'conditionInformation',
    'claimPricingRepricingInformation',
    'ambulancePickUpLocation',
    'ambulanceDropOffLocation',
    'otherSubscriberInformation',
  ],
);

/**
 * The intake schema. Deviations from the reference: `tradingPartnerServiceId` (payer id) and
 * `tradingPartnerName` are required because we route and name the payer with them;
 * `patientControlNumber` and the lines' `providerControlNumber` may be omitted (we issue them).
 */
export const professionalClaimSchema = referenceObject(
  'ClaimSubmissionRequest',
  {
    ...transactionFields(),
    submitter: submitterSchema,
    receiver: receiverSchema([]),
    subscriber: subscriberSchema,
    dependent: dependentSchema.optional(),
    billing: billingProviderSchema,
    referring: referringProviderSchema.optional(),
    rendering: renderingProviderSchema.optional(),
    claimInformation: claimInformationSchema,
  },
  ['providers', 'payToAddress', 'payToPlan', 'payerAddress', 'ordering', 'supervising'],
);

/** What a caller may submit: control numbers optional. */
export type ProfessionalClaimInput = z.infer<typeof professionalClaimSchema>;
type ClaimInformationInput = ProfessionalClaimInput['claimInformation'];
export type ProfessionalServiceLine = ClaimInformationInput['serviceLines'][number] & {
  providerControlNumber: string;
};

/** A validated professional claim: every control number present (CLM01 and every REF*6R). */
export type ProfessionalClaim = WithControlNumbers<ProfessionalClaimInput, ProfessionalServiceLine>;
