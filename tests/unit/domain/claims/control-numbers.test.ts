import { describe, expect, it } from 'vitest';
import {
  CONTROL_NUMBER_ALPHABET,
  issueLineItemControlNumbers,
  issuePatientControlNumber,
} from '#shared/domain/claims/control-numbers';

const bytes = (values: number[]) => () => Uint8Array.from(values);

describe('issuePatientControlNumber', () => {
  it('maps 17 random bytes to 17 characters of the safe alphabet, deterministically', () => {
    const source = bytes(Array.from({ length: 17 }, (_, index) => index * 15));

    const first = issuePatientControlNumber(source);
    const second = issuePatientControlNumber(source);

    expect(first).toHaveLength(17);
    expect(first).toBe(second);
    expect([...first].every((char) => CONTROL_NUMBER_ALPHABET.includes(char))).toBe(true);
  });

  it('never uses I, L, O or U, which read like digits or other letters', () => {
    expect(CONTROL_NUMBER_ALPHABET).toHaveLength(32);
    expect(CONTROL_NUMBER_ALPHABET).not.toMatch(/[ILOU]/);
  });
});

describe('issueLineItemControlNumbers', () => {
  it('keeps given numbers and numbers the others after the claim', () => {
    expect(issueLineItemControlNumbers('PCN17', ['A1', undefined, undefined])).toEqual([
      'A1',
      'PCN17-2',
      'PCN17-3',
    ]);
  });

  it('steps around a number a caller already gave another line', () => {
    const issued = issueLineItemControlNumbers('PCN', [undefined, 'PCN-1']);

    expect(issued).toEqual(['PCN-1-2', 'PCN-1']);
    expect(new Set(issued).size).toBe(issued.length);
  });

  it('stays within 30 characters for a 20-character claim number and 999 lines', () => {
    const issued = issueLineItemControlNumbers(
      'P'.repeat(20),
      Array.from({ length: 999 }, () => undefined),
    );

    expect(Math.max(...issued.map((value) => value.length))).toBeLessThanOrEqual(30);
  });
});
