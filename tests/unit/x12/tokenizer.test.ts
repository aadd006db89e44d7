import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Delimiters, Segment } from '#shared/x12/segment';
import { SegmentTokenizer, segmentsOf, streamSegments } from '#shared/x12/tokenizer';
import { interchange, isa, SIMPLE_BODY, STANDARD, withDelimiters } from './x12-text.ts';
import { thrown } from './thrown-x12-error.ts';

function elementsOf(segments: Iterable<Segment>): string[][] {
  return [...segments].map((segment) => [...segment.elements]);
}

function tokenizeChunks(chunks: readonly (string | Uint8Array)[]): Segment[] {
  const segments: Segment[] = [];
  const tokenizer = new SegmentTokenizer((view) => segments.push(view.toSegment()));
  for (const chunk of chunks) tokenizer.write(chunk);
  tokenizer.end();
  return segments;
}

describe('SegmentTokenizer', () => {
  it('reads the four delimiters from the ISA and splits elements', () => {
    const segments = [...segmentsOf(interchange(SIMPLE_BODY))];

    expect(segments.map((segment) => segment.id)).toEqual([
      'ISA',
      'GS',
      'ST',
      'BEG',
      'N1',
      'SE',
      'GE',
      'IEA',
    ]);
    expect(segments[0]?.delimiters).toEqual(STANDARD);
    expect(segments[0]?.elements).toHaveLength(17);
    expect(segments[0]?.elements[16]).toBe(':');
    expect(segments[3]?.elements).toEqual(['BEG', '00', 'SA', 'PO-1^PO-2', '', '20240102']);
    expect(segments.map((segment) => segment.ordinal)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('skips a UTF-8 BOM, CR/LF, blank lines and indentation between segments', () => {
    const plain = interchange(SIMPLE_BODY);
    const messy = '\uFEFF' + interchange(SIMPLE_BODY, STANDARD, '\r\n\r\n    \t');

    expect(elementsOf(segmentsOf(messy))).toEqual(elementsOf(segmentsOf(plain)));
  });

  it('keeps spaces inside elements, including leading and trailing ones', () => {
    const segments = [...segmentsOf(interchange(['GS* A *B  ', 'GE*0* A ', 'IEA*1*000000001']))];

    expect(segments[1]?.elements).toEqual(['GS', ' A ', 'B  ']);
    expect(segments[2]?.elements).toEqual(['GE', '0', ' A ']);
  });

  it('uses CR as the terminator when it follows ISA16, skipping the LF after it', () => {
    const delimiters: Delimiters = { ...STANDARD, segment: '\r' };
    const text = interchange(SIMPLE_BODY, delimiters, '\n  ');

    const segments = [...segmentsOf(text)];

    expect(segments[0]?.delimiters.segment).toBe('\r');
    expect(elementsOf(segments)).toEqual(elementsOf(segmentsOf(interchange(SIMPLE_BODY))));
  });

  it('accepts a final IEA without a terminator, even followed by a line break', () => {
    const text = interchange(SIMPLE_BODY).slice(0, -1) + '\r\n';

    const segments = [...segmentsOf(text)];

    expect(segments.at(-1)?.elements).toEqual(['IEA', '1', '000000001']);
  });

  it('gives each interchange of a file its own delimiters', () => {
    const second: Delimiters = { element: '|', repetition: null, component: '>', segment: '\n' };
    const text =
      interchange(SIMPLE_BODY) + '\r\n' + interchange(withDelimiters(SIMPLE_BODY, second), second);

    const segments = [...segmentsOf(text)];
    const isas = segments.filter((segment) => segment.id === 'ISA');

    expect(isas.map((segment) => segment.delimiters)).toEqual([STANDARD, second]);
    expect(segments).toHaveLength(16);
    expect(segments[12]?.elements).toEqual(['N1', 'ST', 'NAME>WITH>PARTS']);
  });

  it('treats an alphanumeric ISA11 (the 4010 "U" left in a 5010 header) as no repetition separator', () => {
    const text = isa({ ...STANDARD, repetition: 'U' }) + '~GS*HC*UN~IEA*0*000000001~';

    const segments = [...segmentsOf(text)];

    expect(segments[0]?.delimiters.repetition).toBeNull();
    expect(segments[1]?.elements).toEqual(['GS', 'HC', 'UN']);
  });

  it('ignores ISA11 as a separator in 4010 interchanges', () => {
    const header = isa().replace('*00501*', '*00401*');

    const segments = [...segmentsOf(header + '~IEA*0*000000001~')];

    expect(segments[0]?.delimiters.repetition).toBeNull();
  });

  it('decodes UTF-8 characters split across byte chunks', () => {
    const text = interchange(['GS*HC*CAFÉ €', 'GE*0*1', 'IEA*1*000000001']);
    const bytes = new TextEncoder().encode(text);
    const euro = bytes.indexOf(0xe2);

    const segments = tokenizeChunks([bytes.subarray(0, euro + 1), bytes.subarray(euro + 1)]);

    expect(segments[1]?.elements).toEqual(['GS', 'HC', 'CAFÉ €']);
  });

  it('strips a BOM given as bytes', () => {
    const bytes = new TextEncoder().encode('\uFEFF' + interchange(SIMPLE_BODY));

    expect(tokenizeChunks([bytes.subarray(0, 2), bytes.subarray(2)])[0]?.id).toBe('ISA');
  });

  it('throws NO_ISA on input that does not start with ISA', () => {
    const error = thrown(() => [...segmentsOf('GS*HC~')]);

    expect(error.code).toBe('NO_ISA');
    expect(error.segment).toBe(1);
  });

  it('throws NO_ISA on empty or whitespace-only input', () => {
    expect(thrown(() => [...segmentsOf('')]).code).toBe('NO_ISA');
    expect(thrown(() => [...segmentsOf(' \r\n ')]).code).toBe('NO_ISA');
  });

  it('throws BAD_ISA when the element separator is a letter', () => {
    expect(thrown(() => [...segmentsOf('ISAX00X')]).code).toBe('BAD_ISA');
  });

  it('throws BAD_ISA when the ISA has fewer than 16 elements before garbage', () => {
    const error = thrown(() => [...segmentsOf('ISA*00*' + 'x'.repeat(400))]);

    expect(error.code).toBe('BAD_ISA');
    expect(error.segmentId).toBe('ISA');
  });

  it('throws BAD_ISA when the terminator equals the component separator', () => {
    const text = isa() + ':GS*HC:';

    expect(thrown(() => [...segmentsOf(text)]).code).toBe('BAD_ISA');
  });

  it('throws TRUNCATED when input ends inside the ISA', () => {
    expect(thrown(() => [...segmentsOf(isa().slice(0, 60))]).code).toBe('TRUNCATED');
  });

  it('throws TRUNCATED with the ordinal when input ends inside a segment other than IEA', () => {
    const error = thrown(() => [...segmentsOf(isa() + '~GS*HC*1~ST*837*00')]);

    expect(error.code).toBe('TRUNCATED');
    expect(error.segment).toBe(3);
    expect(error.segmentId).toBe('ST');
  });

  it('throws UNEXPECTED_SEGMENT on a malformed segment id without quoting it', () => {
    const error = thrown(() => [...segmentsOf(isa() + '~GS*HC~secret value*1~')]);

    expect(error.code).toBe('UNEXPECTED_SEGMENT');
    expect(error.segment).toBe(3);
    expect(error.message).not.toContain('secret');
  });

  it('throws UNEXPECTED_SEGMENT when something other than ISA follows an IEA', () => {
    const error = thrown(() => [...segmentsOf(interchange(SIMPLE_BODY) + 'GS*HC~')]);

    expect(error.code).toBe('UNEXPECTED_SEGMENT');
    expect(error.segment).toBe(9);
  });

  it('streams segments from an async iterable of chunks', async () => {
    const text = interchange(SIMPLE_BODY);
    async function* chunks() {
      for (let i = 0; i < text.length; i += 7) {
        await Promise.resolve();
        yield text.slice(i, i + 7);
      }
    }

    const ids: string[] = [];
    for await (const segment of streamSegments(chunks())) ids.push(segment.id);

    expect(ids).toEqual(['ISA', 'GS', 'ST', 'BEG', 'N1', 'SE', 'GE', 'IEA']);
  });
});

// Delimiter characters: printable, not alphanumeric, not space (as X12 requires), plus a few
// non-ASCII ones.
const DELIMITER_POOL = [...`!"#$%&'()*+,-./:;<=>?@[\\]^_\`{|}~`, '§', '¦'];
const VALUE_CHARS = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 é'];

const delimiterSets = fc
  .uniqueArray(fc.constantFrom(...DELIMITER_POOL), { minLength: 4, maxLength: 4 })
  .map(([element = '*', repetition = '^', component = ':', segment = '~']) => ({
    element,
    repetition,
    component,
    segment,
  }));

const value = fc
  .array(fc.constantFrom(...VALUE_CHARS), { maxLength: 12 })
  .map((chars) => chars.join(''));

/** Segment bodies as element arrays (id first), using only the placeholder `:` for composites. */
const bodies = fc.array(
  fc.tuple(
    fc.constantFrom('NM1', 'REF', 'CLP', 'SVC', 'N3', 'HL'),
    fc.array(fc.array(value, { minLength: 1, maxLength: 3 }), { maxLength: 8 }),
  ),
  { minLength: 1, maxLength: 30 },
);

function render(generated: readonly (readonly [string, string[][]])[], delimiters: Delimiters) {
  const expected = [
    'GS*HC*S*R*20240102*1200*1*X*005010X222A1'.split('*'),
    ...generated.map(([id, elements]) => [
      id,
      ...elements.map((parts) => parts.join(delimiters.component)),
    ]),
    ['GE', '0', '1'],
    ['IEA', '1', '000000001'],
  ];
  const text =
    isa(delimiters) +
    delimiters.segment +
    expected.map((elements) => elements.join(delimiters.element) + delimiters.segment).join('');
  return { text, expected };
}

/** The text (or its bytes) cut at the given points, each taken modulo the length + 1. */
function cut(text: string, points: readonly number[]): string[];
function cut(bytes: Uint8Array, points: readonly number[]): Uint8Array[];
function cut(whole: string | Uint8Array, points: readonly number[]): (string | Uint8Array)[] {
  const sorted = [...new Set(points.map((point) => point % (whole.length + 1)))].sort(
    (a, b) => a - b,
  );
  const piece = (start: number, end?: number) =>
    typeof whole === 'string' ? whole.slice(start, end) : whole.subarray(start, end);
  const chunks: (string | Uint8Array)[] = [];
  let start = 0;
  for (const point of sorted) {
    chunks.push(piece(start, point));
    start = point;
  }
  chunks.push(piece(start));
  return chunks;
}

/** Interchanges of random delimiters and bodies, with the elements their segments must give. */
const renderedTexts = fc
  .tuple(delimiterSets, bodies)
  .map(([delimiters, generated]) => ({ delimiters, ...render(generated, delimiters) }));

/** Where to cut a text into chunks (see cut). */
const cutPoints = fc.array(fc.nat(), { maxLength: 12 });

describe('SegmentTokenizer properties', () => {
  it('gives the same segments for any delimiter set and any chunking as for the whole text', () => {
    fc.assert(
      fc.property(renderedTexts, cutPoints, ({ delimiters, text, expected }, points) => {
        const whole = elementsOf(segmentsOf(text)).slice(1);
        const chunked = tokenizeChunks(cut(text, points));

        expect(whole).toEqual(expected);
        expect(elementsOf(chunked).slice(1)).toEqual(expected);
        expect(chunked[0]?.delimiters).toEqual(delimiters);
      }),
      { numRuns: 200 },
    );
  });

  it('gives the same segments for any byte chunking of the UTF-8 encoding', () => {
    fc.assert(
      fc.property(renderedTexts, cutPoints, ({ text, expected }, points) => {
        const chunks = cut(new TextEncoder().encode(text), points);

        expect(elementsOf(tokenizeChunks(chunks)).slice(1)).toEqual(expected);
      }),
      { numRuns: 100 },
    );
  });

  it('gives the same segments whatever CR, LF, tabs and spaces sit between segments', () => {
    const gap = fc
      .array(fc.constantFrom('\r', '\n', ' ', '\t'), { maxLength: 6 })
      .map((chars) => chars.join(''));
    fc.assert(
      fc.property(
        bodies,
        fc.array(gap, { minLength: 40, maxLength: 40 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        (generated, gaps, points) => {
          const { text, expected } = render(generated, STANDARD);
          let index = 0;
          const spaced = text.replaceAll('~', () => '~' + (gaps[index++ % gaps.length] ?? ''));

          expect(elementsOf(tokenizeChunks(cut(spaced, points))).slice(1)).toEqual(expected);
        },
      ),
      { numRuns: 100 },
    );
  });
});
