// Claim dates are CCYYMMDD strings (X12 D8). Being 8 digits, they compare correctly as strings.

import * as z from 'zod';
import { withRule } from './schema-metadata.ts';

/** True when `value` is CCYYMMDD and names a day that exists (no 20250230). */
export function isRealDate(value: string): boolean {
  if (!/^\d{8}$/.test(value)) return false;
  const year = Number(value.slice(0, 4));
  const month = Number(value.slice(4, 6));
  const day = Number(value.slice(6, 8));
  if (year < 1800 || month < 1 || month > 12 || day < 1) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** True when `value` is HHMM with a real hour and minute. */
export function isRealTime(value: string): boolean {
  if (!/^\d{4}$/.test(value)) return false;
  return Number(value.slice(0, 2)) < 24 && Number(value.slice(2)) < 60;
}

/** CCYYMMDD, optionally followed by HHMM (DTP D8 or DT), as institutional admission dates are. */
export function isRealDateWithOptionalTime(value: string): boolean {
  if (value.length === 8) return isRealDate(value);
  return value.length === 12 && isRealDate(value.slice(0, 8)) && isRealTime(value.slice(8));
}

/** Converts the injected `today` (YYYY-MM-DD) to CCYYMMDD; throws on a malformed one (a caller bug). */
export function todayAsClaimDate(today: string): string {
  const compact = today.replaceAll('-', '');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today) || !isRealDate(compact)) {
    throw new RangeError('options.today must be a real date written YYYY-MM-DD');
  }
  return compact;
}

export const claimDateSchema = withRule(
  z
    .string()
    .regex(/^\d{8}$/)
    .refine(isRealDate),
  { code: 'INVALID_DATE', isDate: true },
);

/** A date that may lie after today (planned return to work, expected end of disability). */
export const plannedDateSchema = withRule(
  z
    .string()
    .regex(/^\d{8}$/)
    .refine(isRealDate),
  { code: 'INVALID_DATE', isDate: true, futureAllowed: true },
);

export const dateWithOptionalTimeSchema = withRule(
  z
    .string()
    .regex(/^\d{8}(?:\d{4})?$/)
    .refine(isRealDateWithOptionalTime),
  { code: 'INVALID_DATE', isDate: true },
);

export const timeSchema = withRule(
  z
    .string()
    .regex(/^\d{4}$/)
    .refine(isRealTime),
  {
    code: 'INVALID_TIME',
  },
);
