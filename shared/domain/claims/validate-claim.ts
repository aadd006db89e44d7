// The clearinghouse front-end edit: the entry points that turn an untrusted request body into a
// claim we can send, or into every reason we cannot, each with its path and stable code.

import { randomBytes as cryptoRandomBytes } from 'node:crypto';
import { todayAsClaimDate } from './claim-dates.ts';
import {
  issueLineItemControlNumbers,
  issuePatientControlNumber,
  type RandomBytes,
  type WithControlNumbers,
} from './control-numbers.ts';
import { institutionalClaimEdits } from './institutional-edits.ts';
import {
  institutionalClaimSchema,
  type InstitutionalClaim,
  type InstitutionalClaimInput,
  type InstitutionalServiceLine,
} from './institutional-claim.ts';
import { professionalClaimEdits } from './professional-edits.ts';
import {
  professionalClaimSchema,
  type ProfessionalClaim,
  type ProfessionalClaimInput,
  type ProfessionalServiceLine,
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

type ProfessionalLineInput = ProfessionalClaimInput['claimInformation']['serviceLines'][number];
type InstitutionalLineInput = InstitutionalClaimInput['claimInformation']['serviceLines'][number];

export type ClaimValidationResult<Claim> =
  { ok: true; claim: Claim } | { ok: false; issues: ValidationIssue[] };

/** What tells one claim kind from the other here: its schema, its edits, its lines' REF*6R field. */
type ClaimKind<Input extends ClaimInput<Line>, Line, NumberedLine> = {
  schema: z.ZodType<Input>;
  edits: (input: unknown, today: string) => ValidationIssue[];
  lineControlNumber: (line: Line) => string | undefined;
  withLineControlNumber: (line: Line, lineItemControlNumber: string) => NumberedLine;
};

type ClaimInput<Line> = {
  claimInformation: { patientControlNumber?: string | undefined; serviceLines: Line[] };
};

const PROFESSIONAL: ClaimKind<
  ProfessionalClaimInput,
  ProfessionalLineInput,
  ProfessionalServiceLine
> = {
  schema: professionalClaimSchema,
  edits: professionalClaimEdits,
  lineControlNumber: (line) => line.providerControlNumber,
  withLineControlNumber: (line, providerControlNumber) => ({ ...line, providerControlNumber }),
};

const INSTITUTIONAL: ClaimKind<
  InstitutionalClaimInput,
  InstitutionalLineInput,
  InstitutionalServiceLine
> = {
  schema: institutionalClaimSchema,
  edits: institutionalClaimEdits,
  lineControlNumber: (line) => line.lineItemControlNumber,
  withLineControlNumber: (line, lineItemControlNumber) => ({ ...line, lineItemControlNumber }),
};

export function validateProfessionalClaim(
  input: unknown,
  options: ValidateClaimOptions,
): ClaimValidationResult<ProfessionalClaim> {
  return validateClaim(PROFESSIONAL, input, options);
}

export function validateInstitutionalClaim(
  input: unknown,
  options: ValidateClaimOptions,
): ClaimValidationResult<InstitutionalClaim> {
  return validateClaim(INSTITUTIONAL, input, options);
}

/** The checked claim with its patient control number and every line's control number present. */
function validateClaim<Input extends ClaimInput<Line>, Line, NumberedLine>(
  kind: ClaimKind<Input, Line, NumberedLine>,
  input: unknown,
  options: ValidateClaimOptions,
): ClaimValidationResult<WithControlNumbers<Input, NumberedLine>> {
  const checked = checkClaim(kind.schema, kind.edits, input, options);
  if (!checked.ok) return checked;
  const claimInformation: Input['claimInformation'] = checked.claim.claimInformation;
  const numbers = controlNumbers(
    claimInformation,
    claimInformation.serviceLines.map(kind.lineControlNumber),
    options,
  );
  return {
    ok: true,
    claim: {
      ...checked.claim,
      claimInformation: {
        ...claimInformation,
        patientControlNumber: numbers.patientControlNumber,
        serviceLines: claimInformation.serviceLines.map((line, index) =>
          kind.withLineControlNumber(line, numbers.lineItemControlNumbers[index] ?? ''),
        ),
      },
    },
  };
}

/** Schema and cross-field edits together, every issue at once; the normalised claim when clean. */
function checkClaim<Claim>(
  schema: z.ZodType<Claim>,
  edits: (input: unknown, today: string) => ValidationIssue[],
  input: unknown,
  options: ValidateClaimOptions,
): ClaimValidationResult<Claim> {
  const checked = checkAgainstSchema(schema, input);
  const issues = withoutDuplicateIssues([
    ...checked.issues,
    ...(checked.issues.some((issue) => issue.code === 'NOT_AN_OBJECT')
      ? []
      : edits(input, todayAsClaimDate(options.today))),
  ]);
  if (checked.data === undefined || issues.length > 0) return { ok: false, issues };
  return { ok: true, claim: normalized(schema, checked.data) };
}

/** The patient control number (issued when absent) and every line's control number. */
function controlNumbers(
  claimInformation: { patientControlNumber?: string | undefined },
  given: readonly (string | undefined)[],
  options: ValidateClaimOptions,
): { patientControlNumber: string; lineItemControlNumbers: string[] } {
  const patientControlNumber =
    claimInformation.patientControlNumber ?? issuePatientControlNumber(randomSource(options));
  return {
    patientControlNumber,
    lineItemControlNumbers: issueLineItemControlNumbers(patientControlNumber, given),
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
