// Writes X12: segments with the interchange's delimiters, and the ISA/GS/ST envelopes with their
// counts and control numbers. Every generator (837P/837I, 999, 277CA, 835) builds on this.

import { X12Error } from './errors.ts';
import { STANDARD_DELIMITERS, type Delimiters } from './segment.ts';

/** An element: a plain value, a composite (array of components), or absent (undefined/null/''). */
export type ElementValue =
  string | number | readonly (string | number | undefined | null)[] | undefined | null;

export interface InterchangeEnvelope {
  /** ISA05, e.g. ZZ */
  readonly senderQualifier: string;
  /** ISA06 (padded to 15) */
  readonly senderId: string;
  readonly receiverQualifier: string;
  readonly receiverId: string;
  /** ISA13 (1..999999999), from the caller's allocator */
  readonly controlNumber: number;
  readonly usageIndicator: 'P' | 'T';
  /** ISA14: ask the receiver for a TA1 */
  readonly acknowledgmentRequested: boolean;
  /** creation time (ISA09/ISA10, GS04/GS05); UTC is used */
  readonly createdAt: Date;
}

export interface GroupEnvelope {
  /** GS01: HC 837, FA 999, HN 277, HP 835 */
  readonly functionalIdCode: string;
  /** GS02 */
  readonly senderCode: string;
  /** GS03 */
  readonly receiverCode: string;
  /** GS06 (1..999999999) */
  readonly controlNumber: number;
  /** GS08, e.g. 005010X222A1 */
  readonly version: string;
}

/** Serialises segments; rejects data that contains a delimiter, since X12 has no escape. */
export class SegmentWriter {
  readonly delimiters: Delimiters;
  #parts: string[] = [];
  #tail = '';
  #count = 0;
  /** char code -> 1 for the delimiter characters (a lookup per character, no regex per value) */
  readonly #forbidden: Uint8Array;
  /** the highest delimiter char code: characters above it are never delimiters */
  readonly #highest: number;

  constructor(delimiters: Delimiters = STANDARD_DELIMITERS) {
    this.delimiters = delimiters;
    const codes = [
      delimiters.element,
      delimiters.component,
      delimiters.segment,
      delimiters.repetition ?? '',
    ]
      .filter((char) => char !== '')
      .map((char) => char.charCodeAt(0));
    this.#highest = Math.max(...codes);
    this.#forbidden = new Uint8Array(this.#highest + 1);
    for (const code of codes) this.#forbidden[code] = 1;
  }

  /** Number of segments written so far. */
  get count(): number {
    return this.#count;
  }

  /** Writes one segment; trailing empty elements and components are dropped, as X12 requires. */
  segment(id: string, ...elements: ElementValue[]): void {
    // Built by concatenation: separators of empty elements are held back until a non-empty
    // element follows, so trailing empty elements never reach the text (no array, no join).
    const separator = this.delimiters.element;
    let body = id;
    let held = 0;
    for (let index = 0; index < elements.length; index++) {
      const value = this.#element(id, index + 1, elements[index]);
      if (value === '') {
        held++;
        continue;
      }
      for (; held > 0; held--) body += separator;
      body += separator + value;
    }
    this.#append(body + this.delimiters.segment);
    this.#count++;
  }

  /** Appends already-serialised X12 text (e.g. the fixed-width ISA) counted as one segment. */
  raw(text: string): void {
    this.#append(text);
    this.#count++;
  }

  toString(): string {
    return this.#parts.length === 0 ? this.#tail : this.#parts.join('') + this.#tail;
  }

  /**
   * Segments are gathered in a string of a few kilobytes, then moved to the parts list: one
   * join over far fewer, bigger pieces than one part per segment.
   */
  #append(text: string): void {
    this.#tail += text;
    if (this.#tail.length >= 8192) {
      this.#parts.push(this.#tail);
      this.#tail = '';
    }
  }

  #element(segmentId: string, position: number, value: ElementValue): string {
    if (value === undefined || value === null) return '';
    if (typeof value === 'number') return String(value);
    if (typeof value === 'string')
      return value === '' ? '' : this.#checked(segmentId, position, value);
    // Every component after the first is preceded by one separator; separators are owed
    // until a non-empty component follows, so trailing empty components are dropped.
    const separator = this.delimiters.component;
    let text = '';
    let owed = 0;
    for (let index = 0; index < value.length; index++) {
      if (index > 0) owed++;
      const component = value[index];
      if (component === undefined || component === null) continue;
      const rendered = this.#checked(segmentId, position, String(component));
      if (rendered === '') continue;
      for (; owed > 0; owed--) text += separator;
      text += rendered;
    }
    return text;
  }

  #checked(segmentId: string, position: number, value: string): string {
    if (this.#hasDelimiter(value)) {
      throw new X12Error(
        'INVALID_ELEMENT',
        `${segmentId}${String(position).padStart(2, '0')} contains a delimiter character`,
        { segment: 0, segmentId, position },
      );
    }
    return value;
  }

  #hasDelimiter(value: string): boolean {
    const forbidden = this.#forbidden;
    const highest = this.#highest;
    for (let i = 0; i < value.length; i++) {
      const code = value.charCodeAt(i);
      if (code <= highest && forbidden[code] === 1) return true;
    }
    return false;
  }
}

/** Writes the body of one transaction set between ST and SE; SE01 is counted for you. */
export type TransactionBody = (writer: SegmentWriter) => void;

export interface TransactionSetSpec {
  /** ST01, e.g. 837 */
  readonly id: string;
  /** ST02 (padded to at least 4 digits) */
  readonly controlNumber: number;
  /** ST03, e.g. 005010X222A1 */
  readonly implementationReference?: string;
  readonly body: TransactionBody;
}

export interface GroupSpec {
  readonly group: GroupEnvelope;
  readonly transactionSets: readonly TransactionSetSpec[];
}

/** A whole interchange (ISA..IEA) with correct counts and control numbers. */
export function writeInterchange(
  envelope: InterchangeEnvelope,
  groups: readonly GroupSpec[],
  delimiters: Delimiters = STANDARD_DELIMITERS,
): string {
  const writer = new SegmentWriter(delimiters);
  writer.raw(isaSegment(envelope, delimiters));
  for (const { group, transactionSets } of groups) {
    const created = envelope.createdAt;
    writer.segment(
      'GS',
      group.functionalIdCode,
      group.senderCode,
      group.receiverCode,
      ccyymmdd(created),
      hhmm(created),
      String(checkControlNumber(group.controlNumber, 'GS06')),
      'X',
      group.version,
    );
    for (const set of transactionSets) {
      const st = formatTransactionSetControlNumber(set.controlNumber);
      const before = writer.count;
      writer.segment('ST', set.id, st, set.implementationReference);
      set.body(writer);
      writer.segment('SE', writer.count - before + 1, st);
    }
    writer.segment('GE', transactionSets.length, String(group.controlNumber));
  }
  writer.segment('IEA', groups.length, formatInterchangeControlNumber(envelope.controlNumber));
  return writer.toString();
}

/** The fixed-width ISA segment (106 characters with its terminator). */
export function isaSegment(
  envelope: InterchangeEnvelope,
  delimiters: Delimiters = STANDARD_DELIMITERS,
): string {
  const e = delimiters.element;
  const fields = [
    'ISA',
    '00',
    ' '.repeat(10),
    '00',
    ' '.repeat(10),
    fixed(envelope.senderQualifier, 2, 'ISA05'),
    fixed(envelope.senderId, 15, 'ISA06'),
    fixed(envelope.receiverQualifier, 2, 'ISA07'),
    fixed(envelope.receiverId, 15, 'ISA08'),
    ccyymmdd(envelope.createdAt).slice(2),
    hhmm(envelope.createdAt),
    delimiters.repetition ?? 'U',
    '00501',
    formatInterchangeControlNumber(envelope.controlNumber),
    envelope.acknowledgmentRequested ? '1' : '0',
    envelope.usageIndicator,
    delimiters.component,
  ];
  return fields.join(e) + delimiters.segment;
}

export function formatInterchangeControlNumber(value: number): string {
  return String(checkControlNumber(value, 'ISA13')).padStart(9, '0');
}

export function formatTransactionSetControlNumber(value: number): string {
  return String(checkControlNumber(value, 'ST02')).padStart(4, '0');
}

/** CCYYMMDD of a Date in UTC. */
export function ccyymmdd(date: Date): string {
  return date.toISOString().slice(0, 10).replaceAll('-', '');
}

/** HHMM of a Date in UTC. */
export function hhmm(date: Date): string {
  return date.toISOString().slice(11, 16).replace(':', '');
}

function checkControlNumber(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1 || value > 999_999_999) {
    throw new RangeError(`${name} control number must be an integer from 1 to 999999999`);
  }
  return value;
}

function fixed(value: string, width: number, name: string): string {
  if (value.length > width) throw new RangeError(`${name} is longer than ${width} characters`);
  return value.padEnd(width, ' ');
}
