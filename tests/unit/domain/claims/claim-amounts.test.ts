import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { amountToCents } from '#shared/domain/claims/claim-amounts';

describe('amountToCents', () => {
  it('reads whole amounts, one and two decimals exactly', () => {
    expect(amountToCents('95')).toBe(9500);
    expect(amountToCents('75.5')).toBe(7550);
    expect(amountToCents('0.10')).toBe(10);
    expect(amountToCents('7416.40')).toBe(741640);
  });

  it('refuses negatives, three decimals, a bare dot and exponents', () => {
    for (const value of ['-1', '1.005', '.5', '1.', '1e3', '']) {
      expect(amountToCents(value)).toBeUndefined();
    }
  });

  it('round-trips every cent value written with two decimals', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99_999_999_999 }), (cents) => {
        const text = `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
        expect(amountToCents(text)).toBe(cents);
      }),
    );
  });
});
