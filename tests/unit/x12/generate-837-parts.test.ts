import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { amount, fit } from '#shared/x12/claim-837-parts';
import { X12Error } from '#shared/x12/errors';
import { parseCents, x12Amount } from '#shared/x12/money';

const location = { segment: 0, segmentId: 'SV1', position: 2 };

describe('amount', () => {
  it('matches x12Amount(parseCents(value)) for every amount the validator accepts', () => {
    const amounts = fc
      .tuple(fc.stringMatching(/^\d{1,10}$/), fc.option(fc.stringMatching(/^\d{1,2}$/)))
      .map(([whole, fraction]) => (fraction === null ? whole : `${whole}.${fraction}`));

    fc.assert(
      fc.property(amounts, (value) => {
        expect(amount(value, 'SV1', 2)).toBe(x12Amount(parseCents(value, location)));
      }),
    );
  });

  it('drops trailing and leading zeros', () => {
    expect(['150.00', '75.50', '0.05', '007', '0', '0.0'].map((v) => amount(v, 'CLM', 2))).toEqual([
      '150',
      '75.5',
      '0.05',
      '7',
      '0',
      '0',
    ]);
  });

  it('refuses what is not a decimal, naming the element', () => {
    expect(() => amount('12a', 'CLM', 2)).toThrow(X12Error);
    expect(() => amount('', 'CLM', 2)).toThrow(/decimal/);
  });
});

describe('fit', () => {
  it('passes a value at the limit and refuses one over it by element name', () => {
    expect(fit('ABCDE', 5, 'REF', 2)).toBe('ABCDE');
    expect(() => fit('ABCDEF', 5, 'REF', 2)).toThrow(/^REF02 is longer than 5 characters$/);
  });
});
