// Money as exact integer cents: amounts travel as decimal strings (the reference shapes, X12 R
// elements, the claim item) and are added and compared as cents, never as floats.

/** An amount in integer cents (negative for reversals and adjustments that raise a payment). */
export type Cents = number;

/** Optional minus, optional whole digits, optional point and fraction digits: "567", "-15.5", ".06". */
const DECIMAL = /^(-)?(\d*)(?:\.(\d*))?$/;

/**
 * Integer cents of a decimal string; more than two places round half away from zero (only the
 * third place decides). Undefined for anything else: a plus sign, an exponent, spaces, no digit.
 */
export function parseCents(text: string): Cents | undefined {
  const match = DECIMAL.exec(text);
  const whole = match?.[2] ?? '';
  const fraction = match?.[3] ?? '';
  if (match === null || (whole === '' && fraction === '')) return undefined;
  const thousandths = Number(whole || '0') * 1000 + Number((fraction + '000').slice(0, 3));
  const cents = Math.floor((thousandths + 5) / 10);
  return match[1] === '-' ? -cents : cents;
}

/** Cents of an amount known to be a decimal string (one formatCents wrote); RangeError otherwise. */
export function centsOf(amount: string): Cents {
  const cents = parseCents(amount);
  if (cents === undefined) throw new RangeError('not a decimal amount');
  return cents;
}

/** Cents of an optional stored amount: 0 when it is absent or not a decimal (work-queue sums). */
export function centsOrZero(amount: string | undefined): Cents {
  return (amount === undefined ? undefined : parseCents(amount)) ?? 0;
}

/** ".00" to ".99": the two places of formatCents come from a table, not a second conversion. */
const PLACES: readonly string[] = Array.from(
  { length: 100 },
  (_, rest) => `.${rest < 10 ? '0' : ''}${rest}`,
);

/** Integer cents as a decimal string with two places: 56700 -> "567.00", -1500 -> "-15.00". */
export function formatCents(cents: Cents): string {
  const absolute = cents < 0 ? -cents : cents;
  const rest = absolute % 100;
  const places = PLACES[rest];
  // Not an integer number of cents (no caller passes one): the general form.
  if (places === undefined) return `${cents < 0 ? '-' : ''}${Math.floor(absolute / 100)}.${rest}`;
  const text = String((absolute - rest) / 100) + places;
  return cents < 0 ? '-' + text : text;
}
