import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { centsOf, centsOrZero, formatCents, parseCents } from '#shared/domain/money/cents';

/** The float converter the 835 code used before (Math.round(Number(x) * 100)). */
const floatCents = (text: string) => Math.round(Number(text) * 100);

/** Two-place decimal strings as formatCents writes them, up to 10 whole digits, either sign. */
const twoPlaceAmount = fc
  .tuple(fc.boolean(), fc.integer({ min: 0, max: 9_999_999_999 }), fc.integer({ min: 0, max: 99 }))
  .map(
    ([negative, whole, rest]) => `${negative ? '-' : ''}${whole}.${String(rest).padStart(2, '0')}`,
  );

describe('parseCents', () => {
  it('reads whole amounts, one and two decimals, a leading point and a minus sign exactly', () => {
    expect(parseCents('567')).toBe(56700);
    expect(parseCents('-15.5')).toBe(-1550);
    expect(parseCents('.06')).toBe(6);
    expect(parseCents('5.')).toBe(500);
    expect(parseCents('7416.40')).toBe(741640);
    expect(parseCents('0')).toBe(0);
  });

  it('rounds more than two places half away from zero', () => {
    expect(parseCents('1.005')).toBe(101);
    expect(parseCents('1.0049')).toBe(100);
    expect(parseCents('-1.005')).toBe(-101);
    expect(parseCents('0.125')).toBe(13);
  });

  it('refuses a plus sign, exponents, spaces, a bare point or sign, and anything else', () => {
    for (const text of ['+5', '1e3', ' 5', '5 ', '.', '-', '', '1.2.3', '0x10', 'abc', '1,00']) {
      expect(parseCents(text)).toBeUndefined();
    }
  });

  it('agrees with the old float converter on ordinary two-decimal amounts', () => {
    fc.assert(
      fc.property(twoPlaceAmount, (text) => {
        // + 0: both read "-0.00" as -0, which toBe tells apart from 0
        expect((parseCents(text) ?? Number.NaN) + 0).toBe(floatCents(text) + 0);
      }),
    );
  });
});

describe('formatCents', () => {
  it('writes two places and the sign', () => {
    expect(formatCents(56700)).toBe('567.00');
    expect(formatCents(-1500)).toBe('-15.00');
    expect(formatCents(-5)).toBe('-0.05');
    expect(formatCents(0)).toBe('0.00');
  });

  it('round-trips: format(parse(x)) is x for two-place amounts, parse(format(c)) is c', () => {
    fc.assert(
      fc.property(twoPlaceAmount, (text) => {
        const cents = parseCents(text);
        expect(cents).toBeDefined();
        // "-0.00" reads as -0 and is written "0.00": the only text that does not come back
        if (cents === 0) return;
        expect(formatCents(cents ?? Number.NaN)).toBe(text);
      }),
    );
    fc.assert(
      fc.property(fc.integer({ min: -999_999_999_999, max: 999_999_999_999 }), (cents) => {
        expect(parseCents(formatCents(cents))).toBe(cents);
      }),
    );
  });

  it('agrees with the old work-queue formatter (toFixed) on integer cents', () => {
    fc.assert(
      fc.property(fc.integer({ min: -99_999_999_999, max: 99_999_999_999 }), (cents) => {
        expect(formatCents(cents)).toBe((cents / 100).toFixed(2));
      }),
    );
  });
});

describe('centsOf and centsOrZero', () => {
  it('centsOf reads a decimal and refuses anything else with a RangeError', () => {
    expect(centsOf('-15.50')).toBe(-1550);
    expect(() => centsOf('NaN')).toThrow(RangeError);
  });

  it('centsOrZero counts an absent, empty or malformed amount as nothing', () => {
    expect(centsOrZero('250.00')).toBe(25000);
    expect(centsOrZero(undefined)).toBe(0);
    expect(centsOrZero('')).toBe(0);
    expect(centsOrZero('abc')).toBe(0);
  });
});
