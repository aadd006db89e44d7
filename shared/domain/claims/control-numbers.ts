// The identifiers that let payer answers find their claim: the patient control number (CLM01,
// echoed in 277CA and 835 CLP01) and the line item control numbers (REF*6R, echoed per 835 line).

import * as z from 'zod';
import { withRule } from './schema-metadata.ts';
import type { ValidationCode } from './validation-issue.ts';

/** Letters, digits and `- . /`: what payers echo back unchanged in 277CA and 835. */
function controlNumberSchema(
  max: number,
  codes: { invalid: ValidationCode; tooLong: ValidationCode },
): z.ZodString {
  return withRule(
    z
      .string()
      .min(1)
      .max(max)
      .regex(/^[A-Za-z0-9\-./]+$/),
    { code: codes.invalid, whenTooBig: codes.tooLong, whenTooSmall: 'REQUIRED' },
  );
}

/** CLM01 as we accept it: payers keep 20 characters (docs/ARCHITECTURE.md section 3). */
export const patientControlNumberSchema = controlNumberSchema(20, {
  invalid: 'INVALID_PATIENT_CONTROL_NUMBER',
  tooLong: 'PATIENT_CONTROL_NUMBER_TOO_LONG',
});

/** REF*6R, the line item control number (at most 30 characters). */
export const lineItemControlNumberSchema = controlNumberSchema(30, {
  invalid: 'INVALID_LINE_ITEM_CONTROL_NUMBER',
  tooLong: 'LINE_ITEM_CONTROL_NUMBER_TOO_LONG',
});

/** ST02: 4 to 9 characters (X12 AN 4/9). */
export const transactionControlNumberSchema = withRule(z.string().regex(/^[A-Za-z0-9]{4,9}$/), {
  code: 'INVALID_CONTROL_NUMBER',
});

/**
 * A validated claim of a kind: its `Input` with CLM01 and every line's REF*6R present
 * (`NumberedLine` is the kind's line with its control number field required).
 */
export type WithControlNumbers<
  Input extends { claimInformation: { patientControlNumber?: string | undefined } },
  NumberedLine,
> = Omit<Input, 'claimInformation'> & {
  claimInformation: Omit<Input['claimInformation'], 'patientControlNumber' | 'serviceLines'> & {
    patientControlNumber: string;
    serviceLines: NumberedLine[];
  };
};

/** Source of random bytes, injected so that issuing is deterministic under test. */
export type RandomBytes = (size: number) => Uint8Array;

/**
 * Crockford base32: digits and upper-case letters without I, L, O and U, so a number read over
 * the phone or retyped from a remittance cannot be confused. 32 symbols: one byte masked to 5 bits
 * maps uniformly.
 */
export const CONTROL_NUMBER_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** 17 characters: payers keep at least 20, some truncate beyond 17 (85 random bits). */
export const ISSUED_PATIENT_CONTROL_NUMBER_LENGTH = 17;

export function issuePatientControlNumber(randomBytes: RandomBytes): string {
  const bytes = randomBytes(ISSUED_PATIENT_CONTROL_NUMBER_LENGTH);
  let text = '';
  for (let index = 0; index < ISSUED_PATIENT_CONTROL_NUMBER_LENGTH; index += 1) {
    text += CONTROL_NUMBER_ALPHABET[(bytes[index] ?? 0) & 31];
  }
  return text;
}

/**
 * Fills the lines' missing line item control numbers with `<patient control number>-<line number>`
 * (at most 20 + 1 + 3 characters), skipping any value a caller already gave another line, so the
 * numbers stay unique within the claim and readable next to the claim's own number.
 */
export function issueLineItemControlNumbers(
  patientControlNumber: string,
  given: readonly (string | undefined)[],
): string[] {
  const taken = new Set(given.filter((value): value is string => value !== undefined));
  return given.map((value, index) => {
    if (value !== undefined) return value;
    let candidate = `${patientControlNumber}-${index + 1}`;
    for (let attempt = 2; taken.has(candidate); attempt += 1) {
      candidate = `${patientControlNumber}-${index + 1}-${attempt}`;
    }
    taken.add(candidate);
    return candidate;
  });
}
