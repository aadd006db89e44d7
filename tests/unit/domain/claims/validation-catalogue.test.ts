/* eslint-disable @typescript-eslint/no-unsafe-member-access -- fixtures are untyped JSON that each test mutates at its own depth */
import { describe, expect, it } from 'vitest';
import {
  validateInstitutionalClaim,
  validateProfessionalClaim,
} from '#shared/domain/claims/validate-claim';
import {
  VALIDATION_CODES,
  type ValidationCode,
  type ValidationIssue,
} from '#shared/domain/claims/validation-issue';
import { FIXTURE_TODAY, loadClaimFixture, type Json } from './claim-fixtures.ts';

type Case = {
  code: ValidationCode;
  kind: 'professional' | 'institutional';
  rule: string;
  /** Mutates the claim in place, or returns a whole replacement body. */
  mutate: (claim: Json) => unknown;
  path: string;
};

const line = (index: number) => `claimInformation.serviceLines[${index}]`;
const service = (index: number) => `${line(index)}.professionalService`;
const instService = (index: number) => `${line(index)}.institutionalService`;

/** One case per catalogue code at least; each names the path it must report. */
const CASES: Case[] = [
  {
    code: 'REQUIRED',
    kind: 'professional',
    rule: 'a missing required field',
    path: 'receiver.organizationName',
    mutate: (c) => {
      delete c.receiver.organizationName;
    },
  },
  {
    code: 'REQUIRED',
    kind: 'professional',
    rule: 'an empty required string',
    path: 'submitter.contactInformation.name',
    mutate: (c) => {
      c.submitter.contactInformation.name = '';
    },
  },
  {
    code: 'INVALID_TYPE',
    kind: 'professional',
    rule: 'a number where a string belongs',
    path: 'claimInformation.claimChargeAmount',
    mutate: (c) => {
      c.claimInformation.claimChargeAmount = 267.75;
    },
  },
  {
    code: 'UNKNOWN_FIELD',
    kind: 'professional',
    rule: 'a field not in the reference shape',
    path: 'claimInformation.serviceLines[0].professionalService.colour',
    mutate: (c) => {
      c.claimInformation.serviceLines[0].professionalService.colour = 'red';
    },
  },
  {
    code: 'UNSUPPORTED_FIELD',
    kind: 'professional',
    rule: 'a known but unsupported field (ambulance)',
    path: 'claimInformation.ambulanceTransportInformation',
    mutate: (c) => {
      c.claimInformation.ambulanceTransportInformation = {
        ambulanceTransportReasonCode: 'A',
        transportDistanceInMiles: '3',
      };
    },
  },
  {
    code: 'UNSUPPORTED_FIELD',
    kind: 'institutional',
    rule: 'the deprecated providers list',
    path: 'providers',
    mutate: (c) => {
      c.providers = [];
    },
  },
  {
    code: 'UNSUPPORTED_VALUE',
    kind: 'professional',
    rule: 'a reference procedure qualifier we do not send',
    path: `${service(0)}.procedureIdentifier`,
    mutate: (c) => {
      c.claimInformation.serviceLines[0].professionalService.procedureIdentifier = 'WK';
    },
  },
  {
    code: 'INVALID_CODE',
    kind: 'professional',
    rule: 'a measurement unit outside the enum',
    path: `${service(0)}.measurementUnit`,
    mutate: (c) => {
      c.claimInformation.serviceLines[0].professionalService.measurementUnit = 'DA';
    },
  },
  {
    code: 'INVALID_FORMAT',
    kind: 'professional',
    rule: 'a phone number with punctuation',
    path: 'submitter.contactInformation.phoneNumber',
    mutate: (c) => {
      c.submitter.contactInformation.phoneNumber = '(503) 555-0100';
    },
  },
  {
    code: 'INVALID_CHARACTERS',
    kind: 'professional',
    rule: 'an X12 delimiter inside a name',
    path: 'billing.organizationName',
    mutate: (c) => {
      c.billing.organizationName = 'ROSE*CITY';
    },
  },
  {
    code: 'TOO_LONG',
    kind: 'professional',
    rule: 'a name longer than NM103 allows',
    path: 'receiver.organizationName',
    mutate: (c) => {
      c.receiver.organizationName = 'A'.repeat(61);
    },
  },
  {
    code: 'TOO_MANY_ITEMS',
    kind: 'professional',
    rule: 'more than 12 diagnoses',
    path: 'claimInformation.healthCareCodeInformation',
    mutate: (c) => {
      c.claimInformation.healthCareCodeInformation = Array.from({ length: 13 }, (_, i) => ({
        diagnosisTypeCode: i === 0 ? 'ABK' : 'ABF',
        diagnosisCode: `R${String(10 + i)}`,
      }));
    },
  },
  {
    code: 'NAME_REQUIRED',
    kind: 'professional',
    rule: 'a rendering provider without any name',
    path: 'rendering',
    mutate: (c) => {
      delete c.rendering.lastName;
      delete c.rendering.firstName;
      delete c.rendering.middleName;
    },
  },
  {
    code: 'INVALID_PROVIDER_TYPE',
    kind: 'institutional',
    rule: 'an attending provider typed as rendering',
    path: 'attending.providerType',
    mutate: (c) => {
      c.attending.providerType = 'RenderingProvider';
    },
  },
  {
    code: 'INVALID_CONTROL_NUMBER',
    kind: 'professional',
    rule: 'a 3-character ST02',
    path: 'controlNumber',
    mutate: (c) => {
      c.controlNumber = '123';
    },
  },
  {
    code: 'INVALID_NPI',
    kind: 'professional',
    rule: 'an NPI with a wrong check digit',
    path: 'rendering.npi',
    mutate: (c) => {
      c.rendering.npi = '1497758545';
    },
  },
  {
    code: 'INVALID_EIN',
    kind: 'institutional',
    rule: 'an EIN with a dash',
    path: 'billing.employerId',
    mutate: (c) => {
      c.billing.employerId = '82-0123456';
    },
  },
  {
    code: 'INVALID_SSN',
    kind: 'professional',
    rule: 'an SSN in area 666',
    path: 'subscriber.ssn',
    mutate: (c) => {
      c.subscriber.ssn = '666123456';
    },
  },
  {
    code: 'TAX_ID_REQUIRED',
    kind: 'professional',
    rule: 'a billing provider with no tax id',
    path: 'billing.employerId',
    mutate: (c) => {
      delete c.billing.employerId;
    },
  },
  {
    code: 'TAX_ID_REQUIRED',
    kind: 'professional',
    rule: 'a billing provider with two tax ids',
    path: 'billing.employerId',
    mutate: (c) => {
      c.billing.ssn = '123456789';
    },
  },
  {
    code: 'INVALID_TAXONOMY_CODE',
    kind: 'professional',
    rule: 'a taxonomy code without the X',
    path: 'billing.taxonomyCode',
    mutate: (c) => {
      c.billing.taxonomyCode = '2080000000';
    },
  },
  {
    code: 'INVALID_ICD10_CODE',
    kind: 'professional',
    rule: 'a diagnosis written with its dot',
    path: 'claimInformation.healthCareCodeInformation[1].diagnosisCode',
    mutate: (c) => {
      c.claimInformation.healthCareCodeInformation[1].diagnosisCode = 'H66.92';
    },
  },
  {
    code: 'INVALID_ICD10_CODE',
    kind: 'institutional',
    rule: 'an ICD-9 principal diagnosis',
    path: 'claimInformation.principalDiagnosis.principalDiagnosisCode',
    mutate: (c) => {
      c.claimInformation.principalDiagnosis.principalDiagnosisCode = '99761';
    },
  },
  {
    code: 'INVALID_DIAGNOSIS_TYPE_CODE',
    kind: 'professional',
    rule: 'a second principal diagnosis',
    path: 'claimInformation.healthCareCodeInformation[2].diagnosisTypeCode',
    mutate: (c) => {
      c.claimInformation.healthCareCodeInformation[2].diagnosisTypeCode = 'ABK';
    },
  },
  {
    code: 'INVALID_DIAGNOSIS_TYPE_CODE',
    kind: 'professional',
    rule: 'an ICD-9 qualifier',
    path: 'claimInformation.healthCareCodeInformation[1].diagnosisTypeCode',
    mutate: (c) => {
      c.claimInformation.healthCareCodeInformation[1].diagnosisTypeCode = 'BF';
    },
  },
  {
    code: 'DUPLICATE_DIAGNOSIS_CODE',
    kind: 'professional',
    rule: 'the same diagnosis twice',
    path: 'claimInformation.healthCareCodeInformation[3].diagnosisCode',
    mutate: (c) => {
      c.claimInformation.healthCareCodeInformation[3].diagnosisCode = 'J069';
    },
  },
  {
    code: 'DUPLICATE_DIAGNOSIS_CODE',
    kind: 'institutional',
    rule: 'an other diagnosis repeating the principal',
    path: 'claimInformation.otherDiagnosisInformationList[0][1].otherDiagnosisCode',
    mutate: (c) => {
      c.claimInformation.otherDiagnosisInformationList[0][1].otherDiagnosisCode = 'J189';
    },
  },
  {
    code: 'INVALID_PROCEDURE_CODE',
    kind: 'professional',
    rule: 'a 4-digit procedure code',
    path: `${service(1)}.procedureCode`,
    mutate: (c) => {
      c.claimInformation.serviceLines[1].professionalService.procedureCode = '8788';
    },
  },
  {
    code: 'INVALID_MODIFIER',
    kind: 'professional',
    rule: 'a 3-character modifier',
    path: `${service(0)}.procedureModifiers[0]`,
    mutate: (c) => {
      c.claimInformation.serviceLines[0].professionalService.procedureModifiers = ['255'];
    },
  },
  {
    code: 'TOO_MANY_MODIFIERS',
    kind: 'professional',
    rule: 'five modifiers',
    path: `${service(0)}.procedureModifiers`,
    mutate: (c) => {
      c.claimInformation.serviceLines[0].professionalService.procedureModifiers = [
        '25',
        '59',
        'XU',
        'GT',
        '76',
      ];
    },
  },
  {
    code: 'MODIFIER_WITHOUT_PROCEDURE',
    kind: 'institutional',
    rule: 'modifiers on a revenue-code-only line',
    path: `${instService(0)}.procedureModifiers`,
    mutate: (c) => {
      c.claimInformation.serviceLines[0].institutionalService.procedureModifiers = ['GP'];
    },
  },
  {
    code: 'INVALID_DIAGNOSIS_POINTER',
    kind: 'professional',
    rule: 'a pointer past the last diagnosis',
    path: `${service(1)}.compositeDiagnosisCodePointers.diagnosisCodePointers[0]`,
    mutate: (c) => {
      c.claimInformation.serviceLines[1].professionalService.compositeDiagnosisCodePointers.diagnosisCodePointers =
        ['5'];
    },
  },
  {
    code: 'INVALID_DIAGNOSIS_POINTER',
    kind: 'professional',
    rule: 'a pointer of 13',
    path: `${service(1)}.compositeDiagnosisCodePointers.diagnosisCodePointers[0]`,
    mutate: (c) => {
      c.claimInformation.serviceLines[1].professionalService.compositeDiagnosisCodePointers.diagnosisCodePointers =
        ['13'];
    },
  },
  {
    code: 'INVALID_DIAGNOSIS_POINTER',
    kind: 'professional',
    rule: 'a pointer repeated on a line',
    path: `${service(1)}.compositeDiagnosisCodePointers.diagnosisCodePointers[1]`,
    mutate: (c) => {
      c.claimInformation.serviceLines[1].professionalService.compositeDiagnosisCodePointers.diagnosisCodePointers =
        ['1', '1'];
    },
  },
  {
    code: 'TOO_MANY_DIAGNOSIS_POINTERS',
    kind: 'professional',
    rule: 'five pointers',
    path: `${service(1)}.compositeDiagnosisCodePointers.diagnosisCodePointers`,
    mutate: (c) => {
      c.claimInformation.serviceLines[1].professionalService.compositeDiagnosisCodePointers.diagnosisCodePointers =
        ['1', '2', '3', '4', '1'];
    },
  },
  {
    code: 'INVALID_REVENUE_CODE',
    kind: 'institutional',
    rule: 'a 3-digit revenue code',
    path: `${instService(1)}.serviceLineRevenueCode`,
    mutate: (c) => {
      c.claimInformation.serviceLines[1].institutionalService.serviceLineRevenueCode = '450';
    },
  },
  {
    code: 'INVALID_PLACE_OF_SERVICE',
    kind: 'professional',
    rule: 'place of service 00',
    path: 'claimInformation.placeOfServiceCode',
    mutate: (c) => {
      c.claimInformation.placeOfServiceCode = '00';
    },
  },
  {
    code: 'INVALID_FACILITY_TYPE_CODE',
    kind: 'institutional',
    rule: 'a retired facility type 5',
    path: 'claimInformation.placeOfServiceCode',
    mutate: (c) => {
      c.claimInformation.placeOfServiceCode = '51';
    },
  },
  {
    code: 'INVALID_NDC',
    kind: 'professional',
    rule: 'an NDC with dashes',
    path: `${line(2)}.drugIdentification.nationalDrugCode`,
    mutate: (c) => {
      c.claimInformation.serviceLines[2].drugIdentification.nationalDrugCode = '49281-0421-50';
    },
  },
  {
    code: 'INVALID_UNIT_COUNT',
    kind: 'professional',
    rule: 'zero units',
    path: `${service(0)}.serviceUnitCount`,
    mutate: (c) => {
      c.claimInformation.serviceLines[0].professionalService.serviceUnitCount = '0';
    },
  },
  {
    code: 'INVALID_AMOUNT',
    kind: 'professional',
    rule: 'three decimal places',
    path: `${service(0)}.lineItemChargeAmount`,
    mutate: (c) => {
      c.claimInformation.serviceLines[0].professionalService.lineItemChargeAmount = '150.005';
    },
  },
  {
    code: 'INVALID_AMOUNT',
    kind: 'institutional',
    rule: 'a negative charge',
    path: `${instService(0)}.lineItemChargeAmount`,
    mutate: (c) => {
      c.claimInformation.serviceLines[0].institutionalService.lineItemChargeAmount = '-5400.00';
    },
  },
  {
    code: 'CHARGE_TOTAL_MISMATCH',
    kind: 'professional',
    rule: 'lines that do not add up to the total',
    path: 'claimInformation.claimChargeAmount',
    mutate: (c) => {
      c.claimInformation.claimChargeAmount = '267.74';
    },
  },
  {
    code: 'CHARGE_TOTAL_MISMATCH',
    kind: 'institutional',
    rule: 'lines that do not add up to the total',
    path: 'claimInformation.claimChargeAmount',
    mutate: (c) => {
      c.claimInformation.serviceLines[3].institutionalService.lineItemChargeAmount = '353.66';
    },
  },
  {
    code: 'INVALID_DATE',
    kind: 'professional',
    rule: 'the 30th of February',
    path: `${line(0)}.serviceDate`,
    mutate: (c) => {
      c.claimInformation.serviceLines[0].serviceDate = '20250230';
    },
  },
  {
    code: 'INVALID_DATE',
    kind: 'professional',
    rule: 'an ISO date with dashes',
    path: 'subscriber.dateOfBirth',
    mutate: (c) => {
      c.subscriber.dateOfBirth = '1978-04-12';
    },
  },
  {
    code: 'INVALID_TIME',
    kind: 'institutional',
    rule: 'a discharge hour of 2460',
    path: 'claimInformation.claimDateInformation.dischargeHour',
    mutate: (c) => {
      c.claimInformation.claimDateInformation.dischargeHour = '2460';
    },
  },
  {
    code: 'FUTURE_DATE',
    kind: 'professional',
    rule: 'a birth date after today',
    path: 'dependent.dateOfBirth',
    mutate: (c) => {
      c.dependent.dateOfBirth = '20250701';
    },
  },
  {
    code: 'FUTURE_DATE',
    kind: 'institutional',
    rule: 'an admission after today',
    path: 'claimInformation.claimDateInformation.admissionDateAndHour',
    mutate: (c) => {
      c.claimInformation.claimDateInformation.admissionDateAndHour = '202507010000';
    },
  },
  {
    code: 'DATE_RANGE_REVERSED',
    kind: 'professional',
    rule: 'a line ending before it starts',
    path: `${line(0)}.serviceDateEnd`,
    mutate: (c) => {
      c.claimInformation.serviceLines[0].serviceDateEnd = '20250317';
    },
  },
  {
    code: 'DATE_RANGE_REVERSED',
    kind: 'institutional',
    rule: 'a statement period ending before it starts',
    path: 'claimInformation.claimDateInformation.statementEndDate',
    mutate: (c) => {
      c.claimInformation.claimDateInformation.statementEndDate = '20250331';
    },
  },
  {
    code: 'SERVICE_DATE_OUTSIDE_CLAIM_RANGE',
    kind: 'institutional',
    rule: 'a line after the statement period',
    path: `${line(3)}.serviceDate`,
    mutate: (c) => {
      c.claimInformation.serviceLines[3].serviceDate = '20250404';
    },
  },
  {
    code: 'SERVICE_DATE_OUTSIDE_CLAIM_RANGE',
    kind: 'professional',
    rule: 'a line outside the hospitalization dates',
    path: `${line(1)}.serviceDate`,
    mutate: (c) => {
      c.claimInformation.claimDateInformation.admissionDate = '20250318';
      c.claimInformation.claimDateInformation.dischargeDate = '20250320';
      c.claimInformation.serviceLines[1].serviceDate = '20250321';
    },
  },
  {
    code: 'ADMISSION_DATE_REQUIRED',
    kind: 'institutional',
    rule: 'an inpatient bill type without admission date',
    path: 'claimInformation.claimDateInformation.admissionDateAndHour',
    mutate: (c) => {
      delete c.claimInformation.claimDateInformation.admissionDateAndHour;
    },
  },
  {
    code: 'ADMISSION_AFTER_STATEMENT_END',
    kind: 'institutional',
    rule: 'an admission after the statement period',
    path: 'claimInformation.claimDateInformation.admissionDateAndHour',
    mutate: (c) => {
      c.claimInformation.claimDateInformation.admissionDateAndHour = '20250405';
    },
  },
  {
    code: 'INVALID_ZIP',
    kind: 'professional',
    rule: 'a ZIP with a dash',
    path: 'subscriber.address.postalCode',
    mutate: (c) => {
      c.subscriber.address.postalCode = '97201-1234';
    },
  },
  {
    code: 'BILLING_ZIP_NOT_9_DIGITS',
    kind: 'institutional',
    rule: 'a 5-digit billing ZIP',
    path: 'billing.address.postalCode',
    mutate: (c) => {
      c.billing.address.postalCode = '83706';
    },
  },
  {
    code: 'INVALID_STATE',
    kind: 'professional',
    rule: 'a state that does not exist',
    path: 'claimInformation.serviceFacilityLocation.address.state',
    mutate: (c) => {
      c.claimInformation.serviceFacilityLocation.address.state = 'QQ';
    },
  },
  {
    code: 'INVALID_GENDER',
    kind: 'institutional',
    rule: 'gender X',
    path: 'dependent.gender',
    mutate: (c) => {
      c.dependent.gender = 'X';
    },
  },
  {
    code: 'INVALID_RELATIONSHIP',
    kind: 'professional',
    rule: 'self (18) as a dependent relationship',
    path: 'dependent.relationshipToSubscriberCode',
    mutate: (c) => {
      c.dependent.relationshipToSubscriberCode = '18';
    },
  },
  {
    code: 'PATIENT_DEMOGRAPHICS_REQUIRED',
    kind: 'professional',
    rule: 'a subscriber-patient without birth date',
    path: 'subscriber.dateOfBirth',
    mutate: (c) => {
      delete c.dependent;
      delete c.subscriber.dateOfBirth;
    },
  },
  {
    code: 'INVALID_FREQUENCY_CODE',
    kind: 'professional',
    rule: 'frequency 6',
    path: 'claimInformation.claimFrequencyCode',
    mutate: (c) => {
      c.claimInformation.claimFrequencyCode = '6';
    },
  },
  {
    code: 'INVALID_CLAIM_FILING_CODE',
    kind: 'institutional',
    rule: 'an unknown claim filing indicator',
    path: 'claimInformation.claimFilingCode',
    mutate: (c) => {
      c.claimInformation.claimFilingCode = 'XX';
    },
  },
  {
    code: 'PAYER_CLAIM_NUMBER_REQUIRED',
    kind: 'professional',
    rule: 'a replacement without REF*F8',
    path: 'claimInformation.claimSupplementalInformation.claimControlNumber',
    mutate: (c) => {
      c.claimInformation.claimFrequencyCode = '7';
    },
  },
  {
    code: 'PAYER_CLAIM_NUMBER_REQUIRED',
    kind: 'institutional',
    rule: 'a void without REF*F8',
    path: 'claimInformation.claimSupplementalInformation.claimControlNumber',
    mutate: (c) => {
      c.claimInformation.claimFrequencyCode = '8';
    },
  },
  {
    code: 'INVALID_PATIENT_CONTROL_NUMBER',
    kind: 'professional',
    rule: 'a space inside CLM01',
    path: 'claimInformation.patientControlNumber',
    mutate: (c) => {
      c.claimInformation.patientControlNumber = 'RCP 17';
    },
  },
  {
    code: 'PATIENT_CONTROL_NUMBER_TOO_LONG',
    kind: 'institutional',
    rule: 'a 21-character CLM01',
    path: 'claimInformation.patientControlNumber',
    mutate: (c) => {
      c.claimInformation.patientControlNumber = 'A'.repeat(21);
    },
  },
  {
    code: 'INVALID_LINE_ITEM_CONTROL_NUMBER',
    kind: 'institutional',
    rule: 'a tilde in REF*6R',
    path: `${line(0)}.lineItemControlNumber`,
    mutate: (c) => {
      c.claimInformation.serviceLines[0].lineItemControlNumber = 'SAV~1';
    },
  },
  {
    code: 'LINE_ITEM_CONTROL_NUMBER_TOO_LONG',
    kind: 'professional',
    rule: 'a 31-character REF*6R',
    path: `${line(0)}.providerControlNumber`,
    mutate: (c) => {
      c.claimInformation.serviceLines[0].providerControlNumber = 'L'.repeat(31);
    },
  },
  {
    code: 'DUPLICATE_LINE_ITEM_CONTROL_NUMBER',
    kind: 'professional',
    rule: 'two lines with one REF*6R',
    path: `${line(2)}.providerControlNumber`,
    mutate: (c) => {
      c.claimInformation.serviceLines[2].providerControlNumber = 'RCP17-L1';
    },
  },
  {
    code: 'INVALID_LINE_NUMBER',
    kind: 'institutional',
    rule: 'lines numbered out of order',
    path: `${line(1)}.assignedNumber`,
    mutate: (c) => {
      c.claimInformation.serviceLines[1].assignedNumber = '3';
    },
  },
  {
    code: 'INVALID_ADMISSION_TYPE',
    kind: 'institutional',
    rule: 'admission type 7',
    path: 'claimInformation.claimCodeInformation.admissionTypeCode',
    mutate: (c) => {
      c.claimInformation.claimCodeInformation.admissionTypeCode = '7';
    },
  },
  {
    code: 'INVALID_ADMISSION_SOURCE',
    kind: 'institutional',
    rule: 'a two-character admission source',
    path: 'claimInformation.claimCodeInformation.admissionSourceCode',
    mutate: (c) => {
      c.claimInformation.claimCodeInformation.admissionSourceCode = '07';
    },
  },
  {
    code: 'INVALID_PATIENT_STATUS',
    kind: 'institutional',
    rule: 'a one-digit patient status',
    path: 'claimInformation.claimCodeInformation.patientStatusCode',
    mutate: (c) => {
      c.claimInformation.claimCodeInformation.patientStatusCode = '1';
    },
  },
  {
    code: 'INVALID_VALUE_CODE',
    kind: 'institutional',
    rule: 'a 3-character value code',
    path: 'claimInformation.valueInformationList[0][0].valueCode',
    mutate: (c) => {
      c.claimInformation.valueInformationList[0][0].valueCode = '801';
    },
  },
  {
    code: 'NOT_AN_OBJECT',
    kind: 'professional',
    rule: 'a JSON array body',
    path: '',
    mutate: () => [],
  },
];

function validate(kind: Case['kind'], input: unknown): ValidationIssue[] {
  const result =
    kind === 'professional'
      ? validateProfessionalClaim(input, { today: FIXTURE_TODAY })
      : validateInstitutionalClaim(input, { today: FIXTURE_TODAY });
  return result.ok ? [] : result.issues;
}

describe('the validation catalogue', () => {
  it('has at least one triggering case for every code', () => {
    const covered = new Set(CASES.map((testCase) => testCase.code));

    const missing = Object.keys(VALIDATION_CODES).filter(
      (code) => !covered.has(code as ValidationCode),
    );

    expect(missing).toEqual([]);
  });

  it.each(CASES)('reports $code at $path for $rule ($kind)', ({ kind, mutate, code, path }) => {
    const claim = loadClaimFixture(
      kind === 'professional' ? 'professional-full' : 'institutional-full',
    );
    const mutated = mutate(claim);
    const input = mutated === undefined ? claim : mutated;

    const issues = validate(kind, input);

    expect(issues).toContainEqual(expect.objectContaining({ path, code }));
  });
});
