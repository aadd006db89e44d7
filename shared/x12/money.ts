// Money in the X12 engine: the arithmetic is the domain's (#shared/domain/money/cents); here only
// what is X12's own: an R (decimal) element that is no amount is an X12Error at its location, and
// amounts are written without trailing zeros.

import { formatCents, parseCents as centsOfDecimal, type Cents } from '#shared/domain/money/cents';
import { X12Error, type X12ErrorLocation } from './errors.ts';

/** Parses an X12 decimal ("567", "-15.5", ".06") into integer cents; more than 2 places are rounded half away from zero. */
export function parseCents(value: string, location: X12ErrorLocation): Cents {
  const cents = centsOfDecimal(value);
  if (cents === undefined) {
    throw new X12Error('INVALID_ELEMENT', 'expected a decimal amount', location);
  }
  return cents;
}

/** X12 output form of cents: no trailing zeros or needless point ("567", "15.5", "-0.06"), as the TR3s recommend. */
export function x12Amount(cents: Cents): string {
  const text = formatCents(cents);
  return text.replace(/\.00$/, '').replace(/(\.\d)0$/, '$1');
}
