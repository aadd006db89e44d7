import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isValidEin,
  isValidNpi,
  isValidSsn,
  isValidZip,
  npiCheckDigit,
} from '#shared/domain/claims/identifiers';

const nineDigits = fc.string({
  unit: fc.constantFrom(...'0123456789'),
  minLength: 9,
  maxLength: 9,
});

describe('isValidNpi', () => {
  it('accepts the CMS example NPI 1234567893', () => {
    expect(isValidNpi('1234567893')).toBe(true);
  });

  it('accepts every 10 digits whose last is the Luhn digit over 80840 and the first nine', () => {
    fc.assert(
      fc.property(nineDigits, (first) => {
        expect(isValidNpi(`${first}${npiCheckDigit(first)}`)).toBe(true);
      }),
    );
  });

  it('refuses a valid NPI with any one digit changed', () => {
    fc.assert(
      fc.property(
        nineDigits,
        fc.integer({ min: 0, max: 9 }),
        fc.integer({ min: 1, max: 9 }),
        (first, position, shift) => {
          const npi = `${first}${npiCheckDigit(first)}`;
          const changed = (Number(npi[position]) + shift) % 10;
          const mutated = `${npi.slice(0, position)}${changed}${npi.slice(position + 1)}`;
          expect(isValidNpi(mutated)).toBe(false);
        },
      ),
    );
  });

  it('refuses anything that is not exactly 10 digits', () => {
    for (const value of ['123456789', '12345678931', '123456789X', ' 1234567893', '']) {
      expect(isValidNpi(value)).toBe(false);
    }
  });
});

describe('isValidSsn', () => {
  it('refuses area 000, 666 and 900-999, group 00 and serial 0000', () => {
    for (const value of ['000123456', '666123456', '912345678', '123004567', '123450000']) {
      expect(isValidSsn(value)).toBe(false);
    }
  });

  it('accepts 9 digits outside the reserved ranges', () => {
    expect(isValidSsn('123456789')).toBe(true);
    expect(isValidSsn('899011234')).toBe(true);
  });

  it('refuses separators and wrong lengths', () => {
    for (const value of ['123-45-6789', '12345678', '1234567890']) {
      expect(isValidSsn(value)).toBe(false);
    }
  });
});

describe('isValidEin', () => {
  it('accepts exactly 9 digits and nothing else', () => {
    expect(isValidEin('931234567')).toBe(true);
    for (const value of ['93-1234567', '93123456', '9312345678', 'A31234567']) {
      expect(isValidEin(value)).toBe(false);
    }
  });
});

describe('isValidZip', () => {
  it('accepts 5 or 9 digits without a dash', () => {
    expect(isValidZip('97201')).toBe(true);
    expect(isValidZip('972011234')).toBe(true);
    for (const value of ['97201-1234', '9720', '9720112', 'ABCDE']) {
      expect(isValidZip(value)).toBe(false);
    }
  });
});
