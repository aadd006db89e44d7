// Money in the X12 engine: exact integer cents inside, a two-place decimal string outside.
// X12 amounts are R (decimal) elements: optional sign, optional leading digits (".06" is legal).

import { X12Error, type X12ErrorLocation } from './errors.ts';

const DECIMAL = /^(-)?(\d*)(?:\.(\d*))?$/;

/** Parses an X12 decimal ("567", "-15.5", ".06") into integer cents; more than 2 places are rounded half away from zero. */
export function parseCents(value: string, location: X12ErrorLocation): number {
  const match = DECIMAL.exec(value);
  const whole = match?.[2] ?? '';
  const fraction = match?.[3] ?? '';
  if (match === null || (whole === '' && fraction === '')) {
    throw new X12Error('INVALID_ELEMENT', 'expected a decimal amount', location);
  }
  const padded = (fraction + '000').slice(0, 3);
  const thousandths = Number(whole || '0') * 1000 + Number(padded);
  const cents = Math.floor((thousandths + 5) / 10);
  return match[1] === '-' ? -cents : cents;
}

/** ".00" to ".99": the two places of formatCents come from a table, not a second conversion. */
const PLACES: readonly string[] = Array.from(
  { length: 100 },
  (_, rest) => `.${rest < 10 ? '0' : ''}${rest}`,
);

/** Formats integer cents as a decimal string with two places: 56700 -> "567.00", -1500 -> "-15.00". */
export function formatCents(cents: number): string {
  const absolute = cents < 0 ? -cents : cents;
  const rest = absolute % 100;
  const places = PLACES[rest];
  // Not an integer number of cents (no caller passes one): the general form.
  if (places === undefined) return `${cents < 0 ? '-' : ''}${Math.floor(absolute / 100)}.${rest}`;
  const text = String((absolute - rest) / 100) + places;
  return cents < 0 ? '-' + text : text;
}

/** X12 output form of cents: no trailing zeros or needless point ("567", "15.5", "-0.06"), as the TR3s recommend. */
export function x12Amount(cents: number): string {
  const text = formatCents(cents);
  return text.replace(/\.00$/, '').replace(/(\.\d)0$/, '$1');
}
