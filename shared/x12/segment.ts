// The unit every part of the X12 engine speaks: one segment with its elements, in file order.

/** The four delimiters of an interchange, read from its ISA segment (never hard-coded). */
export interface Delimiters {
  /** ISA byte 4, e.g. `*` */
  readonly element: string;
  /** ISA11 in 5010 (`^`); null in 4010 files, where ISA11 is a standards id (`U`) */
  readonly repetition: string | null;
  /** ISA16, e.g. `:` */
  readonly component: string;
  /** the character right after ISA16, e.g. `~` (CR/LF after it are not part of any segment) */
  readonly segment: string;
}

export const STANDARD_DELIMITERS: Delimiters = {
  element: '*',
  repetition: '^',
  component: ':',
  segment: '~',
};

export interface Segment {
  /** segment id, e.g. `CLP` (same as elements[0]) */
  readonly id: string;
  /** elements[0] is the id, so elements[n] is element n in X12 numbering (CLP01 = elements[1]) */
  readonly elements: readonly string[];
  /** 1-based position of the segment in the file (ISA is 1) */
  readonly ordinal: number;
  readonly delimiters: Delimiters;
}

/** Element n (1-based, X12 numbering) or '' when absent. */
export function element(segment: Segment, n: number): string {
  return segment.elements[n] ?? '';
}

/** Components of element n split on the interchange's component separator ([] when absent). */
export function components(segment: Segment, n: number): string[] {
  const value = segment.elements[n];
  if (value === undefined || value === '') return [];
  return value.split(segment.delimiters.component);
}

/** Repetitions of element n split on the repetition separator (one item when the file has none). */
export function repetitions(segment: Segment, n: number): string[] {
  const value = segment.elements[n];
  if (value === undefined || value === '') return [];
  const separator = segment.delimiters.repetition;
  return separator === null ? [value] : value.split(separator);
}

/**
 * A segment as the tokenizer produces it: the text that holds it and its range (terminator
 * excluded). `elements` is split on first use, so code that reads fields straight from the text
 * (the 835 parser, see `elementBounds`) never allocates the array or the strings it does not
 * keep. Splitting the same range always gives the same elements, so this is invisible to readers
 * of `elements`.
 */
export class TextSegment implements Segment {
  // `declare`d and set in the constructor, not class fields: field definitions would run an
  // initializer per instance, and one TextSegment is made per segment of every file.
  declare readonly id: string;
  declare readonly ordinal: number;
  declare readonly delimiters: Delimiters;
  declare readonly text: string;
  declare readonly start: number;
  declare readonly end: number;
  /** the split elements, once read */
  declare private cache: readonly string[] | null;

  constructor(
    id: string,
    ordinal: number,
    delimiters: Delimiters,
    text: string,
    start: number,
    end: number,
  ) {
    this.id = id;
    this.ordinal = ordinal;
    this.delimiters = delimiters;
    this.text = text;
    this.start = start;
    this.end = end;
    this.cache = null;
  }

  get elements(): readonly string[] {
    return (this.cache ??= splitRange(this.text, this.start, this.end, this.delimiters.element));
  }
}

/** Elements whose bounds a SegmentView records (the 835 reads none past MIA24). */
export const MAX_BOUNDS = 64;

/**
 * The segment being read, as the tokenizer hands it over: its text, its range, its id and where
 * each element starts and ends, with nothing allocated per segment. A tokenizer owns one view and
 * refills it for every segment, so a view is valid only during the call that receives it;
 * `toSegment()` gives a Segment to keep. Parsers that read fields in place (the 835) take views;
 * the others take the kept segments (see TransactionParser).
 */
export class SegmentView {
  // `declare`d and set in the constructor, like TextSegment: no field initializer per instance.
  declare text: string;
  declare start: number;
  /** the terminator's index (excluded) */
  declare end: number;
  declare id: string;
  /** the id's characters packed into one integer: (a << 8) | b, or ((a << 8 | b) << 8) | c */
  declare code: number;
  declare ordinal: number;
  declare delimiters: Delimiters;
  /** elements recorded, the id included: element n is text[starts[n], ends[n]) for n < count */
  declare count: number;
  declare readonly starts: Int32Array;
  declare readonly ends: Int32Array;
  /**
   * The first element separator after the segment located last, which the search for its last
   * element ran into (-1: none up to the end of the text; UNKNOWN: not known, e.g. for another
   * text). It is the next segment's first separator, so that search is not made twice.
   */
  declare private ahead: number;

  constructor() {
    this.text = '';
    this.start = 0;
    this.end = 0;
    this.id = '';
    this.code = 0;
    this.ordinal = 0;
    this.delimiters = STANDARD_DELIMITERS;
    this.count = 0;
    this.starts = new Int32Array(MAX_BOUNDS);
    this.ends = new Int32Array(MAX_BOUNDS);
    this.ahead = UNKNOWN;
  }

  /** Element n (X12 numbering) or '' when absent; short values interned (see slice). */
  element(n: number): string {
    if (n >= this.count) return '';
    return slice(this.text, this.starts[n] as number, this.ends[n] as number);
  }

  /** A Segment to keep, independent of this view's later contents. */
  toSegment(): TextSegment {
    return new TextSegment(this.id, this.ordinal, this.delimiters, this.text, this.start, this.end);
  }

  /**
   * Makes text[start, end) the view's segment and records its element bounds; returns where the
   * id (element 0) ends. The caller names it next (see name). Segments of one text must be
   * located in order, with `forget()` whenever the text or the separator changes.
   */
  locate(text: string, start: number, end: number, separator: string): number {
    const starts = this.starts;
    const ends = this.ends;
    let count = 0;
    let from = start;
    const ahead = this.ahead;
    // No separator lies between the last search's start and `ahead`, so it is the first one
    // from `start` on (-1: there is none).
    let next =
      ahead !== UNKNOWN && (ahead >= start || ahead < 0) ? ahead : text.indexOf(separator, from);
    this.ahead = UNKNOWN;
    while (count < MAX_BOUNDS) {
      starts[count] = from;
      if (next < 0 || next >= end) {
        ends[count++] = end;
        this.ahead = next;
        break;
      }
      ends[count++] = next;
      from = next + 1;
      next = text.indexOf(separator, from);
    }
    this.text = text;
    this.start = start;
    this.end = end;
    this.count = count;
    return ends[0] as number;
  }

  /** The next segment to locate is in another text, or has another separator. */
  forget(): void {
    this.ahead = UNKNOWN;
  }

  /** Names the segment just located: its checked id, packed id, ordinal and delimiters. */
  name(id: string, code: number, ordinal: number, delimiters: Delimiters): void {
    this.id = id;
    this.code = code;
    this.ordinal = ordinal;
    this.delimiters = delimiters;
  }

  /** Fills the view with the segment text[start, end) whose id the caller knows. */
  fill(
    text: string,
    start: number,
    end: number,
    id: string,
    ordinal: number,
    delimiters: Delimiters,
  ): this {
    this.forget();
    this.locate(text, start, end, delimiters.element);
    this.name(id, idCode(id), ordinal, delimiters);
    return this;
  }

  /** A new view of any Segment (one the tokenizer made, or one built by hand). */
  static of(segment: Segment): SegmentView {
    const view = new SegmentView();
    if (segment instanceof TextSegment) {
      return view.fill(
        segment.text,
        segment.start,
        segment.end,
        segment.id,
        segment.ordinal,
        segment.delimiters,
      );
    }
    // A segment built by hand: its elements joined again read the same.
    const text = segment.elements.join(segment.delimiters.element);
    return view.fill(text, 0, text.length, segment.id, segment.ordinal, segment.delimiters);
  }
}

/** SegmentView.ahead when the next separator is not known. */
const UNKNOWN = -2;

/** A segment id's two or three characters packed into one integer (see SegmentView.code). */
export function idCode(id: string): number {
  const code = (id.charCodeAt(0) << 8) | id.charCodeAt(1);
  return id.length === 3 ? (code << 8) | id.charCodeAt(2) : code;
}

/** text[start, end) split on `separator`, short values interned. */
export function splitRange(text: string, start: number, end: number, separator: string): string[] {
  const elements: string[] = [];
  let from = start;
  for (;;) {
    const next = text.indexOf(separator, from);
    if (next < 0 || next >= end) {
      elements.push(slice(text, from, end));
      return elements;
    }
    elements.push(slice(text, from, next));
    from = next + 1;
  }
}

/**
 * text.slice(from, to), with values of two or three characters (segment ids, qualifiers, codes
 * such as `CO`, `45`, `472`) shared through a small direct-mapped table rather than copied per
 * occurrence: fewer allocations while parsing, and a typed 835 kept in memory holds one copy of
 * each code instead of one per claim. A slot keeps the last value that hashed to it, so the
 * table stays bounded whatever the input. (One-character strings are shared by V8 already.)
 */
export function slice(text: string, from: number, to: number): string {
  const length = to - from;
  if (length === 2) {
    const a = text.charCodeAt(from);
    const b = text.charCodeAt(from + 1);
    const slot = ((a << 5) ^ b) & INTERN_MASK;
    const cached = interned2[slot];
    if (cached !== undefined && cached.charCodeAt(0) === a && cached.charCodeAt(1) === b) {
      return cached;
    }
    const value = text.slice(from, to);
    interned2[slot] = value;
    return value;
  }
  if (length === 3) {
    const a = text.charCodeAt(from);
    const b = text.charCodeAt(from + 1);
    const c = text.charCodeAt(from + 2);
    const slot = (((a << 10) ^ (b << 5) ^ c) * 0x9e5) & INTERN_MASK;
    const cached = interned3[slot];
    if (
      cached !== undefined &&
      cached.charCodeAt(0) === a &&
      cached.charCodeAt(1) === b &&
      cached.charCodeAt(2) === c
    ) {
      return cached;
    }
    const value = text.slice(from, to);
    interned3[slot] = value;
    return value;
  }
  return text.slice(from, to);
}

const INTERN_MASK = (1 << 12) - 1;
const interned2: (string | undefined)[] = new Array<string | undefined>(INTERN_MASK + 1).fill(
  undefined,
);
const interned3: (string | undefined)[] = new Array<string | undefined>(INTERN_MASK + 1).fill(
  undefined,
);
