import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isIcd10CmCode, isModifier, isProcedureCode } from '#shared/domain/claims/code-shapes';

const upper = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ');
const digit = fc.constantFrom(...'0123456789');
const alnum = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789');
const alnums = (min: number, max: number) =>
  fc.array(alnum, { minLength: min, maxLength: max }).map((chars) => chars.join(''));

const icd10 = fc
  .tuple(upper, digit, alnum, alnums(0, 4))
  .map(([letter, number, third, rest]) => `${letter}${number}${third}${rest}`);

const procedureCode = fc.oneof(
  fc.array(digit, { minLength: 5, maxLength: 5 }).map((d) => d.join('')),
  fc.tuple(upper, fc.array(digit, { minLength: 4, maxLength: 4 })).map(([l, d]) => l + d.join('')),
  fc
    .tuple(fc.array(digit, { minLength: 4, maxLength: 4 }), fc.constantFrom('F', 'T', 'U'))
    .map(([d, category]) => d.join('') + category),
);

describe('isIcd10CmCode', () => {
  it('accepts real codes in X12 form, including letters in the third place and placeholder X', () => {
    for (const code of ['J069', 'I10', 'E119', 'M1A011', 'S72001A', 'T3A', 'Z23', 'U071']) {
      expect(isIcd10CmCode(code)).toBe(true);
    }
  });

  it('accepts every generated letter-digit-alnum code of 3 to 7 characters', () => {
    fc.assert(
      fc.property(icd10, (code) => {
        expect(isIcd10CmCode(code)).toBe(true);
      }),
    );
  });

  it('refuses a generated code whose first character becomes a digit', () => {
    fc.assert(
      fc.property(icd10, digit, (code, first) => {
        expect(isIcd10CmCode(first + code.slice(1))).toBe(false);
      }),
    );
  });

  it('refuses a generated code whose second character becomes a letter', () => {
    fc.assert(
      fc.property(icd10, upper, (code, second) => {
        expect(isIcd10CmCode(code[0] + second + code.slice(2))).toBe(false);
      }),
    );
  });

  it('refuses a generated code with a dot, lower case, or more than 7 characters', () => {
    fc.assert(
      fc.property(icd10, alnums(5, 5), (code, extra) => {
        expect(isIcd10CmCode(`${code.slice(0, 3)}.${code.slice(3)}`)).toBe(false);
        expect(isIcd10CmCode(code.toLowerCase())).toBe(false);
        expect(isIcd10CmCode(code + extra)).toBe(false);
      }),
    );
  });
});

describe('isProcedureCode', () => {
  it('accepts CPT, HCPCS Level II, Category II/III and PLA codes', () => {
    for (const code of ['99214', 'J0696', 'E0570', '3074F', '0042T', '0001U']) {
      expect(isProcedureCode(code)).toBe(true);
    }
  });

  it('accepts every generated code of the three shapes', () => {
    fc.assert(
      fc.property(procedureCode, (code) => {
        expect(isProcedureCode(code)).toBe(true);
      }),
    );
  });

  it('refuses a generated code with a character dropped or added', () => {
    fc.assert(
      fc.property(procedureCode, fc.integer({ min: 0, max: 4 }), alnum, (code, at, extra) => {
        expect(isProcedureCode(code.slice(0, at) + code.slice(at + 1))).toBe(false);
        expect(isProcedureCode(code.slice(0, at) + extra + code.slice(at))).toBe(false);
      }),
    );
  });

  it('refuses letters in the middle and category letters other than F, T, U', () => {
    for (const code of ['99A14', '3074G', 'AB123', '9921', 'j0696']) {
      expect(isProcedureCode(code)).toBe(false);
    }
  });
});

describe('isModifier', () => {
  it('accepts exactly two upper-case letters or digits', () => {
    fc.assert(
      fc.property(alnums(2, 2), (modifier) => {
        expect(isModifier(modifier)).toBe(true);
      }),
    );
    for (const value of ['2', '255', 'qw', '2-']) expect(isModifier(value)).toBe(false);
  });
});
