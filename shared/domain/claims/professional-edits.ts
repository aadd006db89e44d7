// Front-end edits of a professional claim that a schema cannot express: they relate fields.

import { arrayAt, recordAt, stringAt } from './json-input.ts';
import {
  checkDateOrder,
  checkNamed,
  claimEdits,
  realDateAt,
  serviceLinesOf,
  type ClaimKindEdits,
  type ClaimPeriod,
} from './common-edits.ts';
import { professionalClaimSchema } from './professional-claim.ts';
import { validationIssue, type ValidationIssue } from './validation-issue.ts';

const DATES_PATH = 'claimInformation.claimDateInformation';

const PROFESSIONAL_EDITS: ClaimKindEdits = {
  schema: professionalClaimSchema,
  layout: { serviceKey: 'professionalService', controlNumberKey: 'providerControlNumber' },
  partyEdits: (claim) => [
    ...['submitter', 'billing', 'referring', 'rendering'].flatMap((key) => checkNamed(claim, key)),
    ...checkBillingTaxId(claim),
  ],
  diagnosisEdits: (claim) => [...checkDiagnoses(claim), ...checkDiagnosisPointers(claim)],
  lineAndDateEdits: (_claim, dates) => [
    ...checkDateOrder(dates, 'admissionDate', 'dischargeDate', `${DATES_PATH}.dischargeDate`),
    ...checkDateOrder(
      dates,
      'assumedAndRelinquishedCareBeginDate',
      'assumedAndRelinquishedCareEndDate',
      `${DATES_PATH}.assumedAndRelinquishedCareEndDate`,
    ),
    ...checkDateOrder(
      dates,
      'disabilityBeginDate',
      'disabilityEndDate',
      `${DATES_PATH}.disabilityEndDate`,
    ),
  ],
  servicePeriod: claimServiceRange,
};

/** `today` is CCYYMMDD. */
export function professionalClaimEdits(claim: unknown, today: string): ValidationIssue[] {
  return claimEdits(PROFESSIONAL_EDITS, claim, today);
}

/**
 * The claim-level range that bounds the lines: the hospitalization (admission to discharge), else
 * the assumed/relinquished care period, when both ends are given and in order.
 */
function claimServiceRange(dates: unknown): ClaimPeriod | undefined {
  for (const [startKey, endKey] of [
    ['admissionDate', 'dischargeDate'],
    ['assumedAndRelinquishedCareBeginDate', 'assumedAndRelinquishedCareEndDate'],
  ] as const) {
    const start = realDateAt(dates, startKey);
    const end = realDateAt(dates, endKey);
    if (start !== undefined && end !== undefined && start <= end) {
      return { start, end, path: `claimDateInformation.${startKey} to ${endKey}` };
    }
  }
  return undefined;
}

/** 2010AA REF: exactly one tax id, EIN or SSN. */
function checkBillingTaxId(claim: unknown): ValidationIssue[] {
  const billing = recordAt(claim, 'billing');
  if (billing === undefined) return [];
  const count = ['employerId', 'ssn'].filter((key) => billing[key] !== undefined).length;
  return count === 1 ? [] : [validationIssue('billing.employerId', 'TAX_ID_REQUIRED')];
}

/** ABK first and only first; no diagnosis twice. */
function checkDiagnoses(claim: unknown): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const diagnoses = arrayAt(recordAt(claim, 'claimInformation'), 'healthCareCodeInformation') ?? [];
  const seen = new Set<string>();
  diagnoses.forEach((diagnosis, index) => {
    const path = `claimInformation.healthCareCodeInformation[${index}]`;
    const qualifier = stringAt(diagnosis, 'diagnosisTypeCode');
    if ((index === 0 && qualifier === 'ABF') || (index > 0 && qualifier === 'ABK')) {
      issues.push(validationIssue(`${path}.diagnosisTypeCode`, 'INVALID_DIAGNOSIS_TYPE_CODE'));
    }
    const code = stringAt(diagnosis, 'diagnosisCode');
    if (code === undefined) return;
    if (seen.has(code))
      issues.push(validationIssue(`${path}.diagnosisCode`, 'DUPLICATE_DIAGNOSIS_CODE'));
    seen.add(code);
  });
  return issues;
}

/** Each pointer names an existing diagnosis (1-based) and appears once on its line. */
function checkDiagnosisPointers(claim: unknown): ValidationIssue[] {
  const diagnoses = arrayAt(recordAt(claim, 'claimInformation'), 'healthCareCodeInformation');
  if (diagnoses === undefined) return [];
  const issues: ValidationIssue[] = [];
  serviceLinesOf(claim).forEach((line, lineIndex) => {
    const pointers =
      arrayAt(
        recordAt(recordAt(line, 'professionalService'), 'compositeDiagnosisCodePointers'),
        'diagnosisCodePointers',
      ) ?? [];
    const seen = new Set<string>();
    pointers.forEach((pointer, index) => {
      if (typeof pointer !== 'string' || !/^\d{1,2}$/.test(pointer)) return;
      if (Number(pointer) > diagnoses.length || seen.has(pointer)) {
        issues.push(
          validationIssue(
            `claimInformation.serviceLines[${lineIndex}].professionalService.compositeDiagnosisCodePointers.diagnosisCodePointers[${index}]`,
            'INVALID_DIAGNOSIS_POINTER',
          ),
        );
      }
      seen.add(pointer);
    });
  });
  return issues;
}
