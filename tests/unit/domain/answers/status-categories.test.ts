import { describe, expect, it } from 'vitest';
import { statusOfCategories, statusOfCategory } from '#shared/domain/answers/status-categories';

describe('statusOfCategory', () => {
  it('maps A1/A2 to ACCEPTED, A3/A4/A6/A7/A8 to REJECTED, P0-P5 to PENDED, others to none', () => {
    expect(['A1', 'A2'].map(statusOfCategory)).toEqual(['ACCEPTED', 'ACCEPTED']);
    expect(['A3', 'A4', 'A6', 'A7', 'A8'].map(statusOfCategory)).toEqual(Array(5).fill('REJECTED'));
    expect(['P0', 'P5'].map(statusOfCategory)).toEqual(['PENDED', 'PENDED']);
    expect(['A0', 'A5', 'F1', 'E0'].map(statusOfCategory)).toEqual([null, null, null, null]);
  });

  it('lets a rejection win over an acceptance among one claim’s statuses', () => {
    expect(statusOfCategories(['A1', 'A7'])).toBe('REJECTED');
    expect(statusOfCategories(['P1', 'A2'])).toBe('ACCEPTED');
  });
});
