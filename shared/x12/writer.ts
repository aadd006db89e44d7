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
  #count = 0;
  readonly #forbidden: RegExp;

  constructor(delimiters: Delimiters = STANDARD_DELIMITERS) {
    this.delimiters = delimiters;
    const chars = [
      delimiters.element,
      delimiters.component,
      delimiters.segment,
      delimiters.repetition ?? '',
    ]
      .join('')
      .replace(/[\\\]^-]/g, '\\$&');
    this.#forbidden = new RegExp(`[${chars}]`);
  }

  /** Number of segments written so far. */
  get count(): number {
    return this.#count;
  }

  /** Writes one segment; trailing empty elements and components are dropped, as X12 requires. */
  segment(id: string, ...elements: ElementValue[]): void {
    const rendered: string[] = [];
    for (let index = 0; index < elements.length; index++) {
      rendered.push(this.#element(id, index + 1, elements[index]));
    }
    let last = rendered.length;
    while (last > 0 && rendered[last - 1] === '') last--;
    const body =
      last === 0
        ? id
        : `${id}${this.delimiters.element}${rendered.slice(0, last).join(this.delimiters.element)}`;
    this.#parts.push(body + this.delimiters.segment);
    this.#count++;
  }

  /** Appends already-serialised X12 text (e.g. the fixed-width ISA) counted as one segment. */
  raw(text: string): void {
    this.#parts.push(text);
    this.#count++;
  }

  toString(): string {
    return this.#parts.join('');
  }

  #element(segmentId: string, position: number, value: ElementValue): string {
    if (value === undefined || value === null) return '';
    if (typeof value === 'number') return String(value);
    if (typeof value === 'string') return this.#checked(segmentId, position, value);
    const components = value.map((component) =>
      component === undefined || component === null
        ? ''
        : this.#checked(segmentId, position, String(component)),
    );
    let last = components.length;
    while (last > 0 && components[last - 1] === '') last--;
    return components.slice(0, last).join(this.delimiters.component);
  }

  #checked(segmentId: string, position: number, value: string): string {
    if (this.#forbidden.test(value)) {
      throw new X12Error(
        'INVALID_ELEMENT',
        `${segmentId}${String(position).padStart(2, '0')} contains a delimiter character`,
        { segment: 0, segmentId, position },
      );
    }
    return value;
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
