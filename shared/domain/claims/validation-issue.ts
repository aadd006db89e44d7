// The one catalogue of validation codes a claim can fail with. Codes are stable API: clients
// branch on them, so never rename one; add new ones instead.

export const VALIDATION_CODES = {
  REQUIRED: 'a required field is missing or empty',
  INVALID_TYPE: 'the field has the wrong JSON type',
  UNKNOWN_FIELD: 'the field is not part of the claim shape',
  UNSUPPORTED_FIELD:
    'the field exists in the claim shape but is not supported yet; it was refused, not dropped',
  UNSUPPORTED_VALUE: 'the value is allowed by the claim shape but not supported yet',
  INVALID_CODE: 'the value is not one of the allowed codes',
  INVALID_FORMAT: 'the value does not have the expected format',
  INVALID_CHARACTERS:
    'the text contains a character X12 cannot carry (~ * : ^ or a control character)',
  TOO_LONG: 'the value is longer than allowed',
  TOO_MANY_ITEMS: 'the list has more items than allowed',
  NAME_REQUIRED: 'an organization name or a person last name is required',
  INVALID_PROVIDER_TYPE: 'providerType does not match the role of this provider',
  INVALID_CONTROL_NUMBER: 'the transaction control number must be 4 to 9 letters or digits',
  INVALID_NPI: 'the NPI must be 10 digits with a valid check digit (Luhn over the 80840 prefix)',
  INVALID_EIN: 'the employer identification number must be exactly 9 digits',
  INVALID_SSN: 'the social security number must be 9 digits with a valid area, group and serial',
  TAX_ID_REQUIRED: 'the billing provider needs exactly one tax id: employerId or ssn',
  INVALID_TAXONOMY_CODE: 'the taxonomy code must be 10 characters: 9 letters or digits then X',
  INVALID_ICD10_CODE:
    'the diagnosis code is not an ICD-10-CM code (letter, digit, letter or digit, up to 4 more; no dot)',
  INVALID_DIAGNOSIS_TYPE_CODE:
    'the diagnosis qualifier is not allowed here (ICD-10: ABK principal first, ABF after it)',
  DUPLICATE_DIAGNOSIS_CODE: 'the same diagnosis code is listed twice on the claim',
  INVALID_PROCEDURE_CODE:
    'the procedure code is not a CPT/HCPCS code (5 digits, a letter and 4 digits, or 4 digits and F, T or U)',
  INVALID_MODIFIER: 'a procedure modifier must be 2 letters or digits',
  TOO_MANY_MODIFIERS: 'a service line has at most 4 procedure modifiers',
  MODIFIER_WITHOUT_PROCEDURE: 'procedure modifiers need a procedure code',
  INVALID_DIAGNOSIS_POINTER:
    'a diagnosis pointer must be 1 to 12, unique on its line, and point at a diagnosis of the claim',
  TOO_MANY_DIAGNOSIS_POINTERS: 'a service line has at most 4 diagnosis pointers',
  INVALID_REVENUE_CODE: 'the revenue code must be 4 digits',
  INVALID_PLACE_OF_SERVICE: 'the place of service code must be 2 digits, 01 to 99',
  INVALID_FACILITY_TYPE_CODE:
    'the facility type code (first two digits of the bill type) must be a known type and classification',
  INVALID_NDC: 'the national drug code must be 11 digits (5-4-2 without dashes)',
  INVALID_UNIT_COUNT: 'the unit count must be a positive number with at most 3 decimal places',
  INVALID_AMOUNT: 'an amount must be a non-negative decimal with at most 2 decimal places',
  CHARGE_TOTAL_MISMATCH: 'claimChargeAmount must equal the sum of the service line charges',
  INVALID_DATE: 'the date must be a real calendar date written CCYYMMDD',
  INVALID_TIME: 'the time must be a real time written HHMM',
  FUTURE_DATE: 'the date is after today',
  DATE_RANGE_REVERSED: 'the end date is before the start date',
  SERVICE_DATE_OUTSIDE_CLAIM_RANGE: 'the service dates fall outside the dates of the claim',
  ADMISSION_DATE_REQUIRED: 'an inpatient claim needs the admission date',
  ADMISSION_AFTER_STATEMENT_END: 'the admission date is after the end of the statement period',
  INVALID_ZIP: 'the ZIP code must be 5 or 9 digits',
  BILLING_ZIP_NOT_9_DIGITS: 'the billing provider ZIP code must be 9 digits (ZIP+4)',
  INVALID_STATE: 'the state must be a US state, DC or territory code',
  INVALID_GENDER: 'gender must be M, F or U',
  INVALID_RELATIONSHIP:
    'the relationship to the subscriber is not an allowed individual relationship code',
  PATIENT_DEMOGRAPHICS_REQUIRED: 'the patient needs date of birth, gender and address',
  INVALID_FREQUENCY_CODE: 'claimFrequencyCode must be 1 (original), 7 (replacement) or 8 (void)',
  INVALID_CLAIM_FILING_CODE: 'claimFilingCode is not an allowed claim filing indicator',
  PAYER_CLAIM_NUMBER_REQUIRED:
    'a replacement (7) or void (8) needs the payer claim control number in claimSupplementalInformation.claimControlNumber',
  INVALID_PATIENT_CONTROL_NUMBER:
    'the patient control number must be letters, digits or - . / and no spaces at either end',
  PATIENT_CONTROL_NUMBER_TOO_LONG: 'the patient control number is longer than 20 characters',
  INVALID_LINE_ITEM_CONTROL_NUMBER:
    'the line item control number must be letters, digits or - . / and no spaces at either end',
  LINE_ITEM_CONTROL_NUMBER_TOO_LONG: 'the line item control number is longer than 30 characters',
  DUPLICATE_LINE_ITEM_CONTROL_NUMBER: 'two service lines carry the same line item control number',
  INVALID_LINE_NUMBER: 'assignedNumber must be the line position: 1, 2, 3 ... in order',
  INVALID_ADMISSION_TYPE: 'the admission type code must be 1, 2, 3, 4, 5 or 9',
  INVALID_ADMISSION_SOURCE: 'the admission source code must be one digit or letter',
  INVALID_PATIENT_STATUS: 'the patient status code must be 2 digits',
  INVALID_VALUE_CODE: 'value, occurrence and condition codes must be 2 letters or digits',
  NOT_AN_OBJECT: 'the claim body must be a JSON object',
} as const;

export type ValidationCode = keyof typeof VALIDATION_CODES;

/** One problem with a submitted claim. `message` names the rule, never the offending value (it may be PHI). */
export type ValidationIssue = {
  /** Dotted path with brackets for list items: `claimInformation.serviceLines[0].professionalService.lineItemChargeAmount`. */
  path: string;
  code: ValidationCode;
  message: string;
};

export function validationIssue(
  path: string,
  code: ValidationCode,
  detail?: string,
): ValidationIssue {
  const meaning = VALIDATION_CODES[code];
  return { path, code, message: detail === undefined ? meaning : `${meaning} (${detail})` };
}

/** Formats a path of keys and indexes: ['a', 0, 'b'] -> `a[0].b`. */
export function formatIssuePath(segments: readonly PropertyKey[]): string {
  let text = '';
  for (const segment of segments) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += text === '' ? String(segment) : `.${String(segment)}`;
  }
  return text;
}
