// Identifier formats of parties: NPI, EIN, SSN, ZIP. Pure predicates plus their field schemas.

import * as z from 'zod';
import { withRule } from './schema-metadata.ts';

/** The NPI check digit: Luhn over the card-issuer prefix 80840 followed by the first 9 digits. */
export function npiCheckDigit(firstNineDigits: string): number {
  const payload = `80840${firstNineDigits}`;
  let sum = 0;
  // Walking from the right, the digit next to the (absent) check digit is doubled first.
  for (let offset = 0; offset < payload.length; offset += 1) {
    let digit = Number(payload[payload.length - 1 - offset]);
    if (offset % 2 === 0) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return (10 - (sum % 10)) % 10;
}

export function isValidNpi(value: string): boolean {
  if (!/^\d{10}$/.test(value)) return false;
  return npiCheckDigit(value.slice(0, 9)) === Number(value[9]);
}

export function isValidEin(value: string): boolean {
  return /^\d{9}$/.test(value);
}

/** SSA rules: no area 000, 666 or 900-999; no group 00; no serial 0000. */
export function isValidSsn(value: string): boolean {
  if (!/^\d{9}$/.test(value)) return false;
  const area = value.slice(0, 3);
  const group = value.slice(3, 5);
  const serial = value.slice(5);
  return area !== '000' && area !== '666' && area[0] !== '9' && group !== '00' && serial !== '0000';
}

/** A US ZIP code as X12 N403 carries it: 5 or 9 digits, no dash. */
export function isValidZip(value: string): boolean {
  return /^\d{5}(\d{4})?$/.test(value);
}

export const npiSchema = withRule(
  z
    .string()
    .regex(/^\d{10}$/)
    .refine(isValidNpi),
  { code: 'INVALID_NPI' },
);

export const einSchema = withRule(z.string().regex(/^\d{9}$/), { code: 'INVALID_EIN' });

export const ssnSchema = withRule(
  z
    .string()
    .regex(/^\d{9}$/)
    .refine(isValidSsn),
  { code: 'INVALID_SSN' },
);

export const zipSchema = withRule(z.string().regex(/^\d{5}(\d{4})?$/), { code: 'INVALID_ZIP' });
