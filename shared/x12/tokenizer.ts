// Splits X12 text into segments. Streaming over chunks cut anywhere, constant memory in the
// file's size (only the unfinished segment is kept between chunks), and every interchange reads
// its own delimiters from its ISA, so several interchanges can follow each other in one file.
//
// Tolerated, because real files do it: a UTF-8 BOM; whitespace (CR, LF, tab, space) between
// segments, i.e. after a terminator and before the next segment id (never inside a segment);
// CR as the terminator; a missing terminator after the last IEA; an ISA that is not exactly 106
// characters (its delimiters are found by counting element separators, not by fixed offsets).

import { TextDecoder } from 'node:util';
import { X12Error } from './errors.ts';
import { idCode, SegmentView, type Delimiters, type Segment } from './segment.ts';

/**
 * Receives each segment as the tokenizer's one view, refilled for every segment: read it during
 * the call, or keep `view.toSegment()`.
 */
export type SegmentHandler = (view: SegmentView) => void;

/** The ISA has 16 elements; a 106-character ISA is the norm, anything much longer is garbage. */
const ISA_ELEMENT_COUNT = 16;
const ISA_CODE = idCode('ISA');
const MAX_ISA_LENGTH = 256;
/** A segment longer than this without a terminator means the terminator is wrong or missing. */
const MAX_SEGMENT_LENGTH = 1 << 20;
/** Strings are fed to the tokenizer in slices of this size by segmentsOf (bounded buffering). */
const SLICE = 1 << 16;

const SPACE = 32;
const TAB = 9;
const LF = 10;
const VT = 11;
const FF = 12;
const CR = 13;

function isWhitespace(code: number): boolean {
  return code === SPACE || code === LF || code === CR || code === TAB || code === VT || code === FF;
}

function isAlphanumeric(char: string): boolean {
  const code = char.charCodeAt(0);
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

/** Segment ids are 2 or 3 upper-case letters or digits, starting with a letter (ISA, N1, HL). */
function isSegmentId(id: string): boolean {
  if (id.length < 2 || id.length > 3) return false;
  for (let i = 0; i < id.length; i++) {
    const code = id.charCodeAt(i);
    const letter = code >= 65 && code <= 90;
    if (!(letter || (i > 0 && code >= 48 && code <= 57))) return false;
  }
  return true;
}

/**
 * Segment ids seen so far, by their characters packed into one number: a hit is an id already
 * checked, and the same string every time. The strings are internalized (they come back from
 * Object.keys), like the literals parsers compare ids with, so `id === 'CLP'` and a `switch`
 * on ids compare pointers rather than characters.
 */
const ID_SLOTS = 1 << 10;
const idKeys = new Int32Array(ID_SLOTS).fill(-1);
const idValues: string[] = new Array<string>(ID_SLOTS).fill('');
/** The packed key of the id segmentId read last (handed to parsers as `SegmentView.code`). */
let lastIdKey = 0;

/** The segment id text[start, end), or null when it is not 2-3 upper-case letters/digits. */
function segmentId(text: string, start: number, end: number): string | null {
  const length = end - start;
  if (length < 2 || length > 3) return null;
  const a = text.charCodeAt(start);
  const b = text.charCodeAt(start + 1);
  const c = length === 3 ? text.charCodeAt(start + 2) : 0;
  // Ids are ASCII: anything wider is not one, and the packed key stays unambiguous.
  if ((a | b | c) > 127) return null;
  const key = length === 3 ? (a << 16) | (b << 8) | c : (a << 8) | b;
  lastIdKey = key;
  const slot = (key ^ (key >>> 10) ^ (key >>> 17)) & (ID_SLOTS - 1);
  if (idKeys[slot] === key) return idValues[slot] as string;
  const id = text.slice(start, end);
  if (!isSegmentId(id)) return null;
  const internalized = Object.keys({ [id]: true })[0] ?? id;
  idKeys[slot] = key;
  idValues[slot] = internalized;
  return internalized;
}

/**
 * Push tokenizer: `write(chunk)` any number of times, then `end()`. Each complete segment is
 * passed to `onSegment` synchronously, in file order. Throws X12Error on unusable input.
 */
export class SegmentTokenizer {
  readonly #onSegment: SegmentHandler;
  readonly #view = new SegmentView();
  #decoder: TextDecoder | null = null;
  /** text received but not yet turned into segments (at most one unfinished segment) */
  #pending = '';
  /** delimiters of the current interchange; null while an ISA is expected */
  #delimiters: Delimiters | null = null;
  #ordinal = 0;
  #interchanges = 0;
  #started = false;
  #ended = false;

  constructor(onSegment: SegmentHandler) {
    this.#onSegment = onSegment;
  }

  /** Number of segments emitted so far (the ordinal of the last one). */
  get segmentCount(): number {
    return this.#ordinal;
  }

  write(chunk: string | Uint8Array): void {
    if (this.#ended) throw new Error('SegmentTokenizer.write after end');
    let text: string;
    if (typeof chunk === 'string') {
      // A string after bytes: finish any partial character first so order is kept.
      text = this.#decoder === null ? chunk : this.#decoder.decode() + chunk;
    } else {
      // TextDecoder in stream mode keeps a character split across chunks; it also drops a
      // leading BOM. fatal:false turns invalid bytes into U+FFFD rather than failing the file.
      this.#decoder ??= new TextDecoder('utf-8');
      text = this.#decoder.decode(chunk, { stream: true });
    }
    if (text.length === 0) return;
    if (!this.#started) {
      this.#started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    const delimiters = this.#delimiters;
    let from = 0;
    if (this.#pending.length > 0 && delimiters !== null) {
      // Finish the segment left over from the last chunk on its own, so the new chunk is not
      // copied into one flat string with it; the rest of the chunk is read from an offset (not
      // sliced: a sliced string costs an indirection on every character read).
      const terminator = text.indexOf(delimiters.segment);
      if (terminator >= 0) {
        this.#pending += text.slice(0, terminator + 1);
        this.#drain(false);
        from = terminator + 1;
      }
    }
    if (this.#pending.length === 0) {
      this.#pending = text;
      this.#drain(false, from);
    } else {
      this.#pending += from === 0 ? text : text.slice(from);
      this.#drain(false);
    }
  }

  end(): void {
    if (this.#ended) return;
    if (this.#decoder !== null) {
      const rest = this.#decoder.decode();
      if (rest.length > 0) this.#pending += rest;
    }
    this.#ended = true;
    this.#drain(true);
    if (this.#interchanges === 0) {
      throw new X12Error('NO_ISA', 'input contains no ISA segment', {
        segment: 1,
        segmentId: '',
        position: 0,
      });
    }
  }

  #drain(final: boolean, from = 0): void {
    const text = this.#pending;
    this.#view.forget();
    const length = text.length;
    let pos = from;
    for (;;) {
      // Segment ids start with a letter: one comparison settles the usual case.
      while (pos < length && text.charCodeAt(pos) <= 32 && isWhitespace(text.charCodeAt(pos))) {
        pos++;
      }
      if (pos >= length) break;
      const delimiters = this.#delimiters;
      if (delimiters === null) {
        const next = this.#readIsa(text, pos, final);
        if (next < 0) break;
        pos = next;
        continue;
      }
      const terminator = text.indexOf(delimiters.segment, pos);
      if (terminator < 0) {
        if (final) {
          this.#finishTail(text.slice(pos), delimiters);
          pos = length;
        } else if (length - pos > MAX_SEGMENT_LENGTH) {
          throw this.#error(
            'TRUNCATED',
            `no segment terminator within ${MAX_SEGMENT_LENGTH} characters`,
          );
        }
        break;
      }
      this.#emit(text, pos, terminator, delimiters);
      pos = terminator + 1;
    }
    this.#pending = pos >= length ? '' : pos === 0 ? text : text.slice(pos);
  }

  /** Input ended without a terminator: only a final IEA may lack one. */
  #finishTail(tail: string, delimiters: Delimiters): void {
    let end = tail.length;
    while (end > 0 && isWhitespace(tail.charCodeAt(end - 1))) end--;
    const body = tail.slice(0, end);
    if (body.startsWith(`IEA${delimiters.element}`)) {
      this.#view.forget();
      this.#emit(body, 0, body.length, delimiters);
      return;
    }
    const id = body.split(delimiters.element, 1)[0] ?? '';
    throw new X12Error('TRUNCATED', 'input ended inside a segment (no terminator)', {
      segment: this.#ordinal + 1,
      segmentId: isSegmentId(id) ? id : '',
      position: 0,
    });
  }

  /**
   * Emits the segment text[start, end) (terminator excluded) through the view: its element
   * bounds are recorded as the separators are found (the first one ends the id); no string or
   * object is made for it here.
   */
  #emit(text: string, start: number, end: number, delimiters: Delimiters): void {
    const view = this.#view;
    const idEnd = view.locate(text, start, end, delimiters.element);
    const id = segmentId(text, start, idEnd);
    const ordinal = ++this.#ordinal;
    if (id === null) {
      // The id is not quoted: a malformed id may be a fragment of data.
      throw new X12Error('UNEXPECTED_SEGMENT', `segment ${ordinal} has a malformed segment id`, {
        segment: ordinal,
        segmentId: '',
        position: 0,
      });
    }
    if (id === 'ISA') {
      throw new X12Error('UNEXPECTED_SEGMENT', `ISA at segment ${ordinal} before the IEA`, {
        segment: ordinal,
        segmentId: id,
        position: 0,
      });
    }
    // After IEA the next interchange brings its own delimiters.
    if (id === 'IEA') this.#delimiters = null;
    view.name(id, lastIdKey, ordinal, delimiters);
    this.#onSegment(view);
  }

  /** Reads an ISA starting at `pos`; returns the index after its terminator, or -1 to wait. */
  #readIsa(text: string, pos: number, final: boolean): number {
    const available = text.length - pos;
    const prefixLength = Math.min(available, 3);
    if (text.slice(pos, pos + prefixLength) !== 'ISA'.slice(0, prefixLength)) {
      if (this.#interchanges === 0) {
        throw new X12Error('NO_ISA', 'input does not start with an ISA segment', {
          segment: this.#ordinal + 1,
          segmentId: '',
          position: 0,
        });
      }
      throw new X12Error(
        'UNEXPECTED_SEGMENT',
        `segment ${this.#ordinal + 1} follows an IEA but is not an ISA`,
        { segment: this.#ordinal + 1, segmentId: '', position: 0 },
      );
    }
    if (available < 4) return this.#waitForIsa(final);
    const element = text.charAt(pos + 3);
    if (isAlphanumeric(element) || isWhitespace(element.charCodeAt(0))) {
      throw this.#isaError('ISA element separator is a letter, digit or whitespace', 0);
    }
    // ISA16 follows the 16th element separator; the terminator follows ISA16.
    let separator = pos + 3;
    for (let n = 2; n <= ISA_ELEMENT_COUNT; n++) {
      separator = text.indexOf(element, separator + 1);
      if (separator < 0 || separator - pos > MAX_ISA_LENGTH) {
        if (separator < 0 && available <= MAX_ISA_LENGTH) return this.#waitForIsa(final);
        throw this.#isaError('ISA does not have 16 elements', 0);
      }
    }
    const terminatorIndex = separator + 2;
    if (terminatorIndex >= text.length) return this.#waitForIsa(final);
    const component = text.charAt(separator + 1);
    const terminator = text.charAt(terminatorIndex);
    if (isAlphanumeric(component) || component === element) {
      throw this.#isaError('ISA16 component separator is unusable', 16);
    }
    if (isAlphanumeric(terminator) || terminator === element || terminator === component) {
      throw this.#isaError('segment terminator after ISA16 is unusable', 16);
    }
    const elements = text.slice(pos, terminatorIndex).split(element);
    const delimiters: Delimiters = {
      element,
      repetition: repetitionSeparator(elements[11] ?? '', elements[12] ?? '', [
        element,
        component,
        terminator,
      ]),
      component,
      segment: terminator,
    };
    this.#delimiters = delimiters;
    this.#interchanges++;
    const ordinal = ++this.#ordinal;
    const view = this.#view;
    view.forget();
    view.locate(text, pos, terminatorIndex, element);
    view.name('ISA', ISA_CODE, ordinal, delimiters);
    this.#onSegment(view);
    return terminatorIndex + 1;
  }

  #waitForIsa(final: boolean): number {
    if (final) {
      throw new X12Error('TRUNCATED', 'input ended inside the ISA segment', {
        segment: this.#ordinal + 1,
        segmentId: 'ISA',
        position: 0,
      });
    }
    return -1;
  }

  #isaError(message: string, position: number): X12Error {
    return new X12Error('BAD_ISA', message, {
      segment: this.#ordinal + 1,
      segmentId: 'ISA',
      position,
    });
  }

  #error(code: 'TRUNCATED', message: string): X12Error {
    return new X12Error(code, message, { segment: this.#ordinal + 1, segmentId: '', position: 0 });
  }
}

/**
 * ISA11 is the repetition separator from version 00402 on (in 4010 it is the standards id `U`).
 * A letter or digit is never taken as a separator, even in a 5010 header: some 5010 files keep
 * the 4010 `U` there while their data contains `UN` (unit of measure), which a separator `U`
 * would cut apart. Such files are read as having no repetition separator.
 */
function repetitionSeparator(
  isa11: string,
  isa12: string,
  others: readonly string[],
): string | null {
  if (isa11.length !== 1 || isa12 < '00402') return null;
  if (isAlphanumeric(isa11) || isWhitespace(isa11.charCodeAt(0))) return null;
  return others.includes(isa11) ? null : isa11;
}

/** All segments of an in-memory X12 text, produced lazily in bounded slices. */
export function* segmentsOf(text: string): Generator<Segment, void, undefined> {
  const buffered: Segment[] = [];
  const tokenizer = new SegmentTokenizer((view) => buffered.push(view.toSegment()));
  for (let start = 0; start < text.length; start += SLICE) {
    tokenizer.write(text.slice(start, start + SLICE));
    yield* buffered;
    buffered.length = 0;
  }
  tokenizer.end();
  yield* buffered;
}

/** Segments of a chunked stream (e.g. fs.createReadStream), as they complete. */
export async function* streamSegments(
  chunks: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>,
): AsyncGenerator<Segment, void, undefined> {
  const buffered: Segment[] = [];
  const tokenizer = new SegmentTokenizer((view) => buffered.push(view.toSegment()));
  for await (const chunk of chunks) {
    tokenizer.write(chunk);
    yield* buffered;
    buffered.length = 0;
  }
  tokenizer.end();
  yield* buffered;
}
