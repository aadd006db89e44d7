// The clearinghouse front-end edit: the entry points that turn an untrusted request body into a
// claim we can send, or into every reason we cannot, each with its path and stable code.

import { randomBytes as cryptoRandomBytes } from 'node:crypto';
import { todayAsClaimDate } from './claim-dates.ts';
import {
  issueLineItemControlNumbers,
  issuePatientControlNumber,
  type RandomBytes,
} from './control-numbers.ts';
import { institutionalClaimEdits } from './institutional-edits.ts';
import {
  institutionalClaimSchema,
  type InstitutionalClaim,
  type InstitutionalClaimInput,
} from './institutional-claim.ts';
import { professionalClaimEdits } from './professional-edits.ts';
import {
  professionalClaimSchema,
  type ProfessionalClaim,
  type ProfessionalClaimInput,
} from './professional-claim.ts';
import { forEachRuledField } from './schema-fields.ts';
import { checkAgainstSchema, withoutDuplicateIssues } from './schema-issues.ts';
import type { z } from 'zod';
import type { ValidationIssue } from './validation-issue.ts';

export type ValidateClaimOptions = {
  /** Today's date, YYYY-MM-DD, injected so that "not in the future" is testable. */
  today: string;
  /** Random source for issued patient control numbers; node:crypto by default. */
  randomBytes?: RandomBytes;
};

export type ClaimValidationResult<Claim> =
  { ok: true; claim: Claim } | { ok: false; issues: ValidationIssue[] };

export function validateProfessionalClaim(
  input: unknown,
  options: ValidateClaimOptions,
): ClaimValidationResult<ProfessionalClaim> {
  const today = todayAsClaimDate(options.today);
  const checked = checkAgainstSchema(professionalClaimSchema, input);
  const issues = withoutDuplicateIssues([
    ...checked.issues,
    ...(checked.issues.some((issue) => issue.code === 'NOT_AN_OBJECT')
      ? []
      : professionalClaimEdits(input, today)),
  ]);
  if (checked.data === undefined || issues.length > 0) return { ok: false, issues };
  const claim: ProfessionalClaimInput = normalized(professionalClaimSchema, checked.data);
  const patientControlNumber =
    claim.claimInformation.patientControlNumber ?? issuePatientControlNumber(randomSource(options));
  const lineNumbers = issueLineItemControlNumbers(
    patientControlNumber,
    claim.claimInformation.serviceLines.map((line) => line.providerControlNumber),
  );
  return {
    ok: true,
    claim: {
      ...claim,
      claimInformation: {
        ...claim.claimInformation,
        patientControlNumber,
        serviceLines: claim.claimInformation.serviceLines.map((line, index) => ({
          ...line,
          providerControlNumber: lineNumbers[index] ?? '',
        })),
      },
    },
  };
}

export function validateInstitutionalClaim(
  input: unknown,
  options: ValidateClaimOptions,
): ClaimValidationResult<InstitutionalClaim> {
  const today = todayAsClaimDate(options.today);
  const checked = checkAgainstSchema(institutionalClaimSchema, input);
  const issues = withoutDuplicateIssues([
    ...checked.issues,
    ...(checked.issues.some((issue) => issue.code === 'NOT_AN_OBJECT')
      ? []
      : institutionalClaimEdits(input, today)),
  ]);
  if (checked.data === undefined || issues.length > 0) return { ok: false, issues };
  const claim: InstitutionalClaimInput = normalized(institutionalClaimSchema, checked.data);
  const patientControlNumber =
    claim.claimInformation.patientControlNumber ?? issuePatientControlNumber(randomSource(options));
  const lineNumbers = issueLineItemControlNumbers(
    patientControlNumber,
    claim.claimInformation.serviceLines.map((line) => line.lineItemControlNumber),
  );
  return {
    ok: true,
    claim: {
      ...claim,
      claimInformation: {
        ...claim.claimInformation,
        patientControlNumber,
        serviceLines: claim.claimInformation.serviceLines.map((line, index) => ({
          ...line,
          lineItemControlNumber: lineNumbers[index] ?? '',
        })),
      },
    },
  };
}

function randomSource(options: ValidateClaimOptions): RandomBytes {
  return options.randomBytes ?? ((size) => cryptoRandomBytes(size));
}

/** Applies the fields' normalisations (state codes to upper case) to the parsed copy in place. */
function normalized<T>(schema: z.ZodType, claim: T): T {
  forEachRuledField(schema, claim, ({ rule, value, holder, key }) => {
    if (rule.normalize === 'upperCase' && typeof value === 'string') {
      if (Array.isArray(holder)) holder[key as number] = value.toUpperCase();
      else holder[key as string] = value.toUpperCase();
    }
  });
  return claim;
}
