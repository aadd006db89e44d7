// X12 dates (DT elements CCYYMMDD, ISA09 YYMMDD, RD8 ranges) as ISO YYYY-MM-DD strings.

import { X12Error, type X12ErrorLocation } from './errors.ts';

const CCYYMMDD = /^(\d{4})(\d{2})(\d{2})$/;
const YYMMDD = /^(\d{2})(\d{2})(\d{2})$/;

function isCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  // Day 0 of the next month is the last day of this one (UTC avoids DST surprises).
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** CCYYMMDD -> YYYY-MM-DD; throws INVALID_ELEMENT (without quoting the value) otherwise. */
export function x12Date(value: string, location: X12ErrorLocation): string {
  const match = CCYYMMDD.exec(value);
  if (match === null || !isCalendarDate(Number(match[1]), Number(match[2]), Number(match[3]))) {
    throw new X12Error('INVALID_ELEMENT', 'expected a date CCYYMMDD', location);
  }
  return `${match[1]}-${match[2]}-${match[3]}`;
}

/**
 * YYMMDD (ISA09, TA102) -> YYYY-MM-DD, or null when malformed. The century is not in the data:
 * years 00-49 are read as 20xx and 50-99 as 19xx. Eight-digit CCYYMMDD is accepted as well,
 * since some senders write it (TA102 in the corpus).
 */
export function shortDate(value: string): string | null {
  const long = CCYYMMDD.exec(value);
  if (long !== null) {
    return isCalendarDate(Number(long[1]), Number(long[2]), Number(long[3]))
      ? `${long[1]}-${long[2]}-${long[3]}`
      : null;
  }
  const match = YYMMDD.exec(value);
  if (match === null) return null;
  const yy = Number(match[1]);
  const year = yy < 50 ? 2000 + yy : 1900 + yy;
  return isCalendarDate(year, Number(match[2]), Number(match[3]))
    ? `${year}-${match[2]}-${match[3]}`
    : null;
}

export interface DateRange {
  /** YYYY-MM-DD */
  readonly from: string;
  /** YYYY-MM-DD (same as from for a single date) */
  readonly to: string;
}

/** A DTP date by its format qualifier: D8 (CCYYMMDD) or RD8 (CCYYMMDD-CCYYMMDD). */
export function x12DateRange(
  qualifier: string,
  value: string,
  location: X12ErrorLocation,
): DateRange {
  if (qualifier === 'RD8') {
    const dash = value.indexOf('-');
    if (dash < 0)
      throw new X12Error('INVALID_ELEMENT', 'expected a date range CCYYMMDD-CCYYMMDD', location);
    return {
      from: x12Date(value.slice(0, dash), location),
      to: x12Date(value.slice(dash + 1), location),
    };
  }
  if (qualifier === 'D8' || qualifier === '') {
    const date = x12Date(value, location);
    return { from: date, to: date };
  }
  throw new X12Error('INVALID_ELEMENT', 'date format qualifier must be D8 or RD8', {
    ...location,
    position: Math.max(location.position - 1, 0),
  });
}
