// Front-end edits of an institutional claim that a schema cannot express: they relate fields.

import { INPATIENT_FACILITY_TYPE_CODES } from './code-shapes.ts';
import {
  checkDateOrder,
  claimEdits,
  realDateAt,
  serviceLinesOf,
  type ClaimKindEdits,
  type ClaimPeriod,
} from './common-edits.ts';
import { isRealDateWithOptionalTime } from './claim-dates.ts';
import { institutionalClaimSchema } from './institutional-claim.ts';
import { arrayAt, hasKey, isRecord, recordAt, stringAt } from './json-input.ts';
import { validationIssue, type ValidationIssue } from './validation-issue.ts';

const DATES_PATH = 'claimInformation.claimDateInformation';

const INSTITUTIONAL_EDITS: ClaimKindEdits = {
  schema: institutionalClaimSchema,
  layout: { serviceKey: 'institutionalService', controlNumberKey: 'lineItemControlNumber' },
  partyEdits: () => [],
  diagnosisEdits: checkDuplicateDiagnoses,
  lineAndDateEdits: (claim, dates) => [
    ...checkLineProcedures(claim),
    ...checkDateOrder(
      dates,
      'statementBeginDate',
      'statementEndDate',
      `${DATES_PATH}.statementEndDate`,
    ),
    ...checkAdmission(claim),
    ...checkOccurrenceSpans(claim),
  ],
  servicePeriod: statementPeriod,
};

/** `today` is CCYYMMDD. */
export function institutionalClaimEdits(claim: unknown, today: string): ValidationIssue[] {
  return claimEdits(INSTITUTIONAL_EDITS, claim, today);
}

function statementPeriod(dates: unknown): ClaimPeriod | undefined {
  const start = realDateAt(dates, 'statementBeginDate');
  const end = realDateAt(dates, 'statementEndDate');
  if (start === undefined || end === undefined || end < start) return undefined;
  return { start, end, path: 'claimDateInformation.statementBeginDate to statementEndDate' };
}

/** Inpatient bill types need the admission date, which cannot follow the statement period. */
function checkAdmission(claim: unknown): ValidationIssue[] {
  const claimInformation = recordAt(claim, 'claimInformation');
  const dates = recordAt(claimInformation, 'claimDateInformation');
  const admission = stringAt(dates, 'admissionDateAndHour');
  const facility = stringAt(claimInformation, 'placeOfServiceCode');
  if (admission === undefined) {
    if (
      dates !== undefined &&
      facility !== undefined &&
      INPATIENT_FACILITY_TYPE_CODES.has(facility)
    ) {
      return [validationIssue(`${DATES_PATH}.admissionDateAndHour`, 'ADMISSION_DATE_REQUIRED')];
    }
    return [];
  }
  const statementEnd = realDateAt(dates, 'statementEndDate');
  if (!isRealDateWithOptionalTime(admission) || statementEnd === undefined) return [];
  if (admission.slice(0, 8) <= statementEnd) return [];
  return [validationIssue(`${DATES_PATH}.admissionDateAndHour`, 'ADMISSION_AFTER_STATEMENT_END')];
}

/** The principal, admitting, reason-for-visit and other diagnoses list no code twice. */
function checkDuplicateDiagnoses(claim: unknown): ValidationIssue[] {
  const claimInformation = recordAt(claim, 'claimInformation');
  const issues: ValidationIssue[] = [];
  const seen = new Set<string>();
  const principal = stringAt(
    recordAt(claimInformation, 'principalDiagnosis'),
    'principalDiagnosisCode',
  );
  if (principal !== undefined) seen.add(principal);
  (arrayAt(claimInformation, 'otherDiagnosisInformationList') ?? []).forEach(
    (segment, segmentIndex) => {
      if (!Array.isArray(segment)) return;
      segment.forEach((entry: unknown, index) => {
        const code = stringAt(entry, 'otherDiagnosisCode');
        if (code === undefined) return;
        if (seen.has(code)) {
          issues.push(
            validationIssue(
              `claimInformation.otherDiagnosisInformationList[${segmentIndex}][${index}].otherDiagnosisCode`,
              'DUPLICATE_DIAGNOSIS_CODE',
            ),
          );
        }
        seen.add(code);
      });
    },
  );
  return issues;
}

/** SV202 is a composite: qualifier and code travel together, and modifiers need the code. */
function checkLineProcedures(claim: unknown): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  serviceLinesOf(claim).forEach((line, index) => {
    const service = recordAt(line, 'institutionalService');
    if (service === undefined) return;
    const path = `claimInformation.serviceLines[${index}].institutionalService`;
    const hasCode = hasKey(service, 'procedureCode');
    if (hasCode && !hasKey(service, 'procedureIdentifier')) {
      issues.push(validationIssue(`${path}.procedureIdentifier`, 'REQUIRED'));
    }
    if (!hasCode && hasKey(service, 'procedureIdentifier')) {
      issues.push(validationIssue(`${path}.procedureCode`, 'REQUIRED'));
    }
    if (!hasCode && hasKey(service, 'procedureModifiers')) {
      issues.push(validationIssue(`${path}.procedureModifiers`, 'MODIFIER_WITHOUT_PROCEDURE'));
    }
    if (hasKey(line, 'serviceDateEnd') && !hasKey(line, 'serviceDate')) {
      issues.push(
        validationIssue(`claimInformation.serviceLines[${index}].serviceDate`, 'REQUIRED'),
      );
    }
  });
  return issues;
}

function checkOccurrenceSpans(claim: unknown): ValidationIssue[] {
  const spans = arrayAt(recordAt(claim, 'claimInformation'), 'occurrenceSpanInformations') ?? [];
  return spans.flatMap((segment, segmentIndex) =>
    Array.isArray(segment)
      ? segment.flatMap((span: unknown, index) =>
          isRecord(span)
            ? checkDateOrder(
                span,
                'occurrenceSpanCodeStartDate',
                'occurrenceSpanCodeEndDate',
                `claimInformation.occurrenceSpanInformations[${segmentIndex}][${index}].occurrenceSpanCodeEndDate`,
              )
            : [],
        )
      : [],
  );
}
