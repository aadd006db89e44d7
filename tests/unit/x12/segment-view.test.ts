import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SegmentView } from '#shared/x12/segment';

/**
 * The element bounds of every `~`-terminated segment of `text`: with one reused view (which
 * carries the separator found past each segment over to the next), or a fresh view per segment.
 */
function bounds(text: string, reuse: boolean): number[][] {
  const reused = new SegmentView();
  const all: number[][] = [];
  for (
    let start = 0, end = text.indexOf('~');
    end >= 0;
    start = end + 1, end = text.indexOf('~', start)
  ) {
    const view = reuse ? reused : new SegmentView();
    view.locate(text, start, end, '*');
    all.push(
      Array.from({ length: view.count }, (_, n) => [
        view.starts[n] ?? -1,
        view.ends[n] ?? -1,
      ]).flat(),
    );
  }
  return all;
}

describe('SegmentView.locate', () => {
  it('records the same element bounds when it reuses the separator found past the last segment', () => {
    const text = 'DTM*472*20250314~XY~CAS*CO*45*12.5~LX~~REF*6R~AMT*B6*15.91~';
    expect(bounds(text, true)).toEqual(bounds(text, false));
    expect(bounds(text, true)[1]).toEqual([17, 19]);
  });

  it('records the same bounds as a fresh view for any segments, empty elements included', () => {
    const segment = fc
      .array(fc.stringMatching(/^[A-Z0-9]{0,4}$/), { minLength: 1, maxLength: 8 })
      .map((elements) => elements.join('*'));
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 20 }), (segments) => {
        const text = segments.map((s) => `${s}~`).join('');
        expect(bounds(text, true)).toEqual(bounds(text, false));
      }),
      { numRuns: 300 },
    );
  });

  it('searches again after forget(), when the next segment is in another text', () => {
    const view = new SegmentView();
    view.locate('AB*1~CD*2~', 0, 4, '*');
    view.forget();
    const other = 'EF*3*4~';
    view.locate(other, 0, 6, '*');
    expect([view.count, view.starts[2], view.ends[2]]).toEqual([3, 5, 6]);
  });
});
