import { describe, expect, it } from 'vitest';
import {
  isRealDate,
  isRealDateWithOptionalTime,
  isRealTime,
  todayAsClaimDate,
} from '#shared/domain/claims/claim-dates';

describe('isRealDate', () => {
  it('accepts real CCYYMMDD days, including 29 February of a leap year', () => {
    for (const value of ['20250318', '20240229', '20000229', '19000101']) {
      expect(isRealDate(value)).toBe(true);
    }
  });

  it('refuses days that do not exist and other formats', () => {
    for (const value of [
      '20250230',
      '20250229',
      '19000229',
      '20251301',
      '20250000',
      '2025-03-18',
      '250318',
    ]) {
      expect(isRealDate(value)).toBe(false);
    }
  });
});

describe('isRealTime', () => {
  it('accepts 0000 to 2359 and refuses the rest', () => {
    expect(isRealTime('0000')).toBe(true);
    expect(isRealTime('2359')).toBe(true);
    for (const value of ['2400', '1260', '930', '09:30']) expect(isRealTime(value)).toBe(false);
  });
});

describe('isRealDateWithOptionalTime', () => {
  it('accepts CCYYMMDD and CCYYMMDDHHMM and refuses a bad time part', () => {
    expect(isRealDateWithOptionalTime('20250401')).toBe(true);
    expect(isRealDateWithOptionalTime('202504010830')).toBe(true);
    expect(isRealDateWithOptionalTime('202504012500')).toBe(false);
    expect(isRealDateWithOptionalTime('2025040108')).toBe(false);
  });
});

describe('todayAsClaimDate', () => {
  it('turns YYYY-MM-DD into CCYYMMDD', () => {
    expect(todayAsClaimDate('2025-06-30')).toBe('20250630');
  });

  it('throws on a malformed injected today, a caller bug rather than a claim problem', () => {
    expect(() => todayAsClaimDate('20250630')).toThrow(RangeError);
    expect(() => todayAsClaimDate('2025-02-30')).toThrow(RangeError);
  });
});
