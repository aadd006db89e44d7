// Defence in depth against PHI in logs: code never logs claim data on purpose, and this replacer
// masks the fields that would carry it should a whole object slip into a log call anyway.

/** Keys whose values are PHI or identify a patient (HIPAA identifiers), in any nesting. */
const PHI_KEYS = new Set(
  [
    'firstName',
    'lastName',
    'middleName',
    'suffix',
    'name',
    'organizationName',
    'dateOfBirth',
    'birthDate',
    'gender',
    'memberId',
    'subscriberId',
    'ssn',
    'policyNumber',
    'groupNumber',
    'address',
    'address1',
    'address2',
    'city',
    'postalCode',
    'phoneNumber',
    'email',
    'diagnosisCode',
    'diagnosisTypeCode',
    'healthCareCodeInformation',
    'principalDiagnosis',
    'otherDiagnosisInformationList',
    'patientControlNumber',
    'medicalRecordNumber',
    'body',
    'claim',
    'subscriber',
    'dependent',
    'patient',
  ].map((key) => key.toLowerCase()),
);

export const REDACTED = '[redacted]';

export function isPhiKey(key: string): boolean {
  return PHI_KEYS.has(key.toLowerCase());
}

/** A JSON.stringify replacer that masks PHI-bearing keys. */
export function redactPhi(key: string, value: unknown): unknown {
  if (key !== '' && isPhiKey(key) && value !== undefined && value !== null) return REDACTED;
  return value;
}
