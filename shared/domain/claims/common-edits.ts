// Cross-field edits shared by both claim kinds. Each reads the raw input defensively and stays
// silent when a value it needs is malformed (the schema already reported that value).

import type { z } from 'zod';
import { amountToCents } from './claim-amounts.ts';
import { isRealDate, isRealDateWithOptionalTime } from './claim-dates.ts';
import { arrayAt, hasKey, isRecord, recordAt, stringAt } from './json-input.ts';
import { forEachRuledField } from './schema-fields.ts';
import { formatIssuePath, validationIssue, type ValidationIssue } from './validation-issue.ts';

/** The service-line parts an edit needs, named per claim kind. */
export type ServiceLineLayout = {
  /** `professionalService` or `institutionalService`. */
  serviceKey: string;
  /** `providerControlNumber` (837P shape) or `lineItemControlNumber` (837I shape). */
  controlNumberKey: string;
};

export function serviceLinesOf(claim: unknown): unknown[] {
  return arrayAt(recordAt(claim, 'claimInformation'), 'serviceLines') ?? [];
}

/** CLM02 must equal the sum of the line charges, compared exactly in cents. */
export function checkChargeTotal(claim: unknown, layout: ServiceLineLayout): ValidationIssue[] {
  const claimInformation = recordAt(claim, 'claimInformation');
  const total = amountToCents(stringAt(claimInformation, 'claimChargeAmount') ?? '');
  if (total === undefined) return [];
  let sum = 0;
  for (const line of serviceLinesOf(claim)) {
    const charge = amountToCents(
      stringAt(recordAt(line, layout.serviceKey), 'lineItemChargeAmount') ?? '',
    );
    if (charge === undefined) return [];
    sum += charge;
  }
  if (serviceLinesOf(claim).length === 0 || sum === total) return [];
  return [validationIssue('claimInformation.claimChargeAmount', 'CHARGE_TOTAL_MISMATCH')];
}

/** Replacements and voids must name the payer's claim (REF*F8). */
export function checkPayerClaimNumber(claim: unknown): ValidationIssue[] {
  const claimInformation = recordAt(claim, 'claimInformation');
  const frequency = stringAt(claimInformation, 'claimFrequencyCode');
  if (frequency !== '7' && frequency !== '8') return [];
  const supplemental = recordAt(claimInformation, 'claimSupplementalInformation');
  if ((stringAt(supplemental, 'claimControlNumber') ?? '') !== '') return [];
  return [
    validationIssue(
      'claimInformation.claimSupplementalInformation.claimControlNumber',
      'PAYER_CLAIM_NUMBER_REQUIRED',
    ),
  ];
}

/** 2010AA N403 must be ZIP+4. */
export function checkBillingZip(claim: unknown): ValidationIssue[] {
  const postalCode = stringAt(recordAt(recordAt(claim, 'billing'), 'address'), 'postalCode');
  if (postalCode === undefined || !/^\d{5}$/.test(postalCode)) return [];
  return [validationIssue('billing.address.postalCode', 'BILLING_ZIP_NOT_9_DIGITS')];
}

/** Without a dependent the subscriber is the patient, and the 837 needs the patient's DMG, N3 and N4. */
export function checkSubscriberIsPatientDemographics(claim: unknown): ValidationIssue[] {
  if (hasKey(claim, 'dependent')) return [];
  const subscriber = recordAt(claim, 'subscriber');
  if (subscriber === undefined) return [];
  return ['dateOfBirth', 'gender', 'address']
    .filter((key) => !hasKey(subscriber, key))
    .map((key) => validationIssue(`subscriber.${key}`, 'PATIENT_DEMOGRAPHICS_REQUIRED'));
}

/** Line item control numbers must be unique in the claim (835 lines are matched on them). */
export function checkLineControlNumbers(
  claim: unknown,
  layout: ServiceLineLayout,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const seen = new Set<string>();
  serviceLinesOf(claim).forEach((line, index) => {
    const number = stringAt(line, layout.controlNumberKey);
    if (number === undefined) return;
    if (seen.has(number)) {
      issues.push(
        validationIssue(
          `claimInformation.serviceLines[${index}].${layout.controlNumberKey}`,
          'DUPLICATE_LINE_ITEM_CONTROL_NUMBER',
        ),
      );
    }
    seen.add(number);
  });
  return issues;
}

/** LX01 is the line's position; a caller who numbers lines must number them 1, 2, 3 ... */
export function checkLineNumbers(claim: unknown): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  serviceLinesOf(claim).forEach((line, index) => {
    const assigned = stringAt(line, 'assignedNumber');
    if (assigned !== undefined && /^\d+$/.test(assigned) && Number(assigned) !== index + 1) {
      issues.push(
        validationIssue(
          `claimInformation.serviceLines[${index}].assignedNumber`,
          'INVALID_LINE_NUMBER',
        ),
      );
    }
  });
  return issues;
}

/** Line date ranges run forwards, and lie within the claim's range when the claim has one. */
export function checkServiceLineDates(
  claim: unknown,
  claimRange: { start: string; end: string; path: string } | undefined,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  serviceLinesOf(claim).forEach((line, index) => {
    const path = `claimInformation.serviceLines[${index}]`;
    const start = realDateAt(line, 'serviceDate');
    const end = realDateAt(line, 'serviceDateEnd');
    if (start !== undefined && end !== undefined && end < start) {
      issues.push(validationIssue(`${path}.serviceDateEnd`, 'DATE_RANGE_REVERSED'));
    }
    if (claimRange === undefined) return;
    for (const [key, date] of [
      ['serviceDate', start],
      ['serviceDateEnd', end],
    ] as const) {
      if (date !== undefined && (date < claimRange.start || date > claimRange.end)) {
        issues.push(
          validationIssue(`${path}.${key}`, 'SERVICE_DATE_OUTSIDE_CLAIM_RANGE', claimRange.path),
        );
      }
    }
  });
  return issues;
}

/** A CCYYMMDD value at `key`, or undefined when absent or not a real date. */
export function realDateAt(value: unknown, key: string): string | undefined {
  const text = stringAt(value, key);
  return text !== undefined && isRealDate(text) ? text : undefined;
}

/** `end` before `start` reports DATE_RANGE_REVERSED at `endPath`. */
export function checkDateOrder(
  holder: unknown,
  startKey: string,
  endKey: string,
  endPath: string,
): ValidationIssue[] {
  const start = realDateAt(holder, startKey);
  const end = realDateAt(holder, endKey);
  if (start === undefined || end === undefined || end >= start) return [];
  return [validationIssue(endPath, 'DATE_RANGE_REVERSED')];
}

/** Every date of the shape that is not a planned date must not lie after today (CCYYMMDD). */
export function checkNoFutureDates(
  schema: z.ZodType,
  claim: unknown,
  today: string,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  forEachRuledField(schema, claim, ({ rule, value, path }) => {
    if (rule.isDate !== true || rule.futureAllowed === true || typeof value !== 'string') return;
    if (!isRealDateWithOptionalTime(value)) return;
    if (value.slice(0, 8) > today)
      issues.push(validationIssue(formatIssuePath(path), 'FUTURE_DATE'));
  });
  return issues;
}

/** A party named by organization or by a person's last name needs one of the two. */
export function checkNamed(claim: unknown, key: string): ValidationIssue[] {
  const party = isRecord(claim) ? claim[key] : undefined;
  if (!isRecord(party)) return [];
  if (hasKey(party, 'organizationName') || hasKey(party, 'lastName')) return [];
  return [validationIssue(key, 'NAME_REQUIRED')];
}

/** A claim-level period (start to end, CCYYMMDD) that bounds the lines' dates. */
export type ClaimPeriod = { start: string; end: string; path: string };

/** A claim kind's own edits, and where they run among the edits every claim gets. */
export type ClaimKindEdits = {
  /** the kind's schema, for the future-date edit over every date it declares */
  schema: z.ZodType;
  layout: ServiceLineLayout;
  /** names and tax ids, run first */
  partyEdits: (claim: unknown) => ValidationIssue[];
  /** diagnoses and pointers, after the charge total */
  diagnosisEdits: (claim: unknown) => ValidationIssue[];
  /** line procedures and claim dates, after the line numbering; `dates` is claimDateInformation */
  lineAndDateEdits: (
    claim: unknown,
    dates: Record<string, unknown> | undefined,
  ) => ValidationIssue[];
  /** the claim period that bounds the lines, when the claim gives one */
  servicePeriod: (dates: Record<string, unknown> | undefined) => ClaimPeriod | undefined;
};

/** Every cross-field edit of a claim, in a fixed order; `today` is CCYYMMDD. */
export function claimEdits(kind: ClaimKindEdits, claim: unknown, today: string): ValidationIssue[] {
  const dates = recordAt(recordAt(claim, 'claimInformation'), 'claimDateInformation');
  return [
    ...kind.partyEdits(claim),
    ...checkBillingZip(claim),
    ...checkSubscriberIsPatientDemographics(claim),
    ...checkPayerClaimNumber(claim),
    ...checkChargeTotal(claim, kind.layout),
    ...kind.diagnosisEdits(claim),
    ...checkLineNumbers(claim),
    ...checkLineControlNumbers(claim, kind.layout),
    ...kind.lineAndDateEdits(claim, dates),
    ...checkServiceLineDates(claim, kind.servicePeriod(dates)),
    ...checkNoFutureDates(kind.schema, claim, today),
  ];
}
