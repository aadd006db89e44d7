// 999 implementation acknowledgment (005010X231A1): the receiver's verdict on one functional
// group we sent (AK1 = our GS01/GS06/GS08), with one AK2..IK5 per transaction set (AK202 = our
// ST02), segment errors (IK3 + CTX), element errors (IK4) and the group verdict (AK9).
// IK404 (the bad value) may be PHI: it is kept in the result, never put in a message.

import { X12Error } from './errors.ts';
import { components, element, type Segment } from './segment.ts';
import type { TransactionContext, TransactionParser } from './transaction-parser.ts';

/** IK501: accepted, accepted with errors, partially accepted (M), rejected, W, X */
export type SetAcknowledgment = 'A' | 'E' | 'M' | 'R' | 'W' | 'X';
/** AK901: as IK501 plus P (partially accepted: some sets rejected) */
export type GroupAcknowledgment = SetAcknowledgment | 'P';

/** CTX: business unit (e.g. CLM01:<patient control number>) or segment context. */
export interface ErrorContext {
  /** CTX01-1, e.g. CLM01 or SITUATIONAL TRIGGER */
  readonly name: string;
  /** CTX01-2, e.g. the patient control number (may be PHI) */
  readonly reference: string | null;
  /** CTX02 */
  readonly segmentId: string | null;
  /** CTX03 */
  readonly segmentPosition: number | null;
  /** CTX04 */
  readonly loopId: string | null;
  /** CTX05: element, component and repeat positions */
  readonly elementPosition: number | null;
  readonly componentPosition: number | null;
  readonly repeatPosition: number | null;
  /** CTX06-1 (e.g. C023) and CTX06-2 */
  readonly elementReference: string | null;
}

export interface ElementError {
  /** IK401-1 */
  readonly position: number;
  /** IK401-2 */
  readonly componentPosition: number | null;
  /** IK401-3 */
  readonly repeatPosition: number | null;
  /** IK402 data element reference number */
  readonly elementReference: string | null;
  /** IK403 (1 required element missing, 7 invalid code value, 8 invalid date, ...) */
  readonly code: string;
  /** IK404 copy of the bad value; may be PHI */
  readonly badValue: string | null;
  readonly context: ErrorContext[];
}

export interface SegmentError {
  /** IK301 */
  readonly segmentId: string;
  /** IK302: position of the segment in the transaction set (ST = 1) */
  readonly position: number;
  /** IK303 */
  readonly loopId: string | null;
  /** IK304 (1 unrecognized segment, 3 required segment missing, 8 segment has data element errors, ...) */
  readonly code: string;
  readonly context: ErrorContext[];
  readonly elementErrors: ElementError[];
}

export interface AcknowledgedTransactionSet {
  /** AK201, e.g. 837 */
  readonly transactionSetId: string;
  /** AK202: the ST02 we sent */
  readonly controlNumber: string;
  /** AK203 */
  readonly implementationReference: string | null;
  /** IK501 */
  readonly acknowledgment: SetAcknowledgment;
  /** IK502..IK506 */
  readonly errorCodes: string[];
  readonly errors: SegmentError[];
}

export interface Acknowledgment999 {
  readonly type: '999';
  /** ST02 of the 999 itself */
  readonly controlNumber: string;
  /** AK101: GS01 of the acknowledged group */
  readonly functionalIdCode: string;
  /** AK102: GS06 of the acknowledged group */
  readonly groupControlNumber: string;
  /** AK103: GS08 of the acknowledged group */
  readonly version: string | null;
  /** AK901 */
  readonly groupAcknowledgment: GroupAcknowledgment;
  /** AK902 */
  readonly transactionSetsIncluded: number;
  /** AK903 */
  readonly received: number;
  /** AK904 */
  readonly accepted: number;
  /** AK905..AK909 */
  readonly groupErrors: string[];
  readonly transactionSets: AcknowledgedTransactionSet[];
}

const SET_CODES: ReadonlySet<string> = new Set(['A', 'E', 'M', 'R', 'W', 'X']);
const GROUP_CODES: ReadonlySet<string> = new Set(['A', 'E', 'M', 'P', 'R', 'W', 'X']);

interface MutableSet {
  transactionSetId: string;
  controlNumber: string;
  implementationReference: string | null;
  acknowledgment: SetAcknowledgment | null;
  errorCodes: string[];
  errors: SegmentError[];
  readonly ak2: Segment;
}

function locate(segment: Segment, position: number) {
  return { segment: segment.ordinal, segmentId: segment.id, position };
}

function required(segment: Segment, n: number): string {
  const value = element(segment, n);
  if (value === '') {
    throw new X12Error(
      'MISSING_ELEMENT',
      `${segment.id}${String(n).padStart(2, '0')} is empty`,
      locate(segment, n),
    );
  }
  return value;
}

function optional(segment: Segment, n: number): string | null {
  const value = element(segment, n);
  return value === '' ? null : value;
}

function count(value: string, segment: Segment, n: number): number {
  if (!/^\d+$/.test(value)) {
    throw new X12Error(
      'INVALID_ELEMENT',
      `${segment.id}${String(n).padStart(2, '0')} is not a whole number`,
      locate(segment, n),
    );
  }
  return Number(value);
}

function optionalCount(value: string | undefined, segment: Segment, n: number): number | null {
  return value === undefined || value === '' ? null : count(value, segment, n);
}

/** Codes in elements from..to that are present (IK502..IK506, AK905..AK909). */
function codes(segment: Segment, from: number, to: number): string[] {
  const result: string[] = [];
  for (let n = from; n <= to; n++) {
    const value = element(segment, n);
    if (value !== '') result.push(value);
  }
  return result;
}

function parseContext(segment: Segment): ErrorContext {
  const [name = '', reference] = components(segment, 1);
  const [elementPosition, componentPosition, repeatPosition] = components(segment, 5);
  const [referenceCode, referenceNumber] = components(segment, 6);
  const elementReference =
    referenceCode === undefined
      ? null
      : referenceNumber === undefined
        ? referenceCode
        : `${referenceCode}:${referenceNumber}`;
  return {
    name,
    reference: reference === undefined || reference === '' ? null : reference,
    segmentId: optional(segment, 2),
    segmentPosition: optionalCount(element(segment, 3), segment, 3),
    loopId: optional(segment, 4),
    elementPosition: optionalCount(elementPosition, segment, 5),
    componentPosition: optionalCount(componentPosition, segment, 5),
    repeatPosition: optionalCount(repeatPosition, segment, 5),
    elementReference,
  };
}

class Parser999 implements TransactionParser<Acknowledgment999> {
  readonly #header: Segment;
  #ak1: Segment | null = null;
  #ak9: Segment | null = null;
  readonly #sets: MutableSet[] = [];
  #currentSet: MutableSet | null = null;
  #currentSegmentError: SegmentError | null = null;
  #currentElementError: ElementError | null = null;

  constructor(context: TransactionContext) {
    this.#header = context.header;
  }

  segment(segment: Segment): void {
    switch (segment.id) {
      case 'AK1':
        if (this.#ak1 !== null) throw this.#unexpected(segment, 'a second AK1');
        required(segment, 1);
        required(segment, 2);
        this.#ak1 = segment;
        return;
      case 'AK2': {
        if (this.#ak1 === null || this.#ak9 !== null)
          throw this.#unexpected(segment, 'AK2 outside AK1..AK9');
        this.#closeSet();
        const set: MutableSet = {
          transactionSetId: required(segment, 1),
          controlNumber: required(segment, 2).trim(),
          implementationReference: optional(segment, 3),
          acknowledgment: null,
          errorCodes: [],
          errors: [],
          ak2: segment,
        };
        this.#sets.push(set);
        this.#currentSet = set;
        return;
      }
      case 'IK3': {
        const set = this.#openSet(segment);
        const error: SegmentError = {
          segmentId: required(segment, 1),
          position: count(required(segment, 2), segment, 2),
          loopId: optional(segment, 3),
          code: required(segment, 4),
          context: [],
          elementErrors: [],
        };
        set.errors.push(error);
        this.#currentSegmentError = error;
        this.#currentElementError = null;
        return;
      }
      case 'IK4': {
        const segmentError = this.#currentSegmentError;
        if (segmentError === null) throw this.#unexpected(segment, 'IK4 without an IK3');
        const [position = '', componentPosition, repeatPosition] = components(segment, 1);
        const error: ElementError = {
          position: count(position, segment, 1),
          componentPosition: optionalCount(componentPosition, segment, 1),
          repeatPosition: optionalCount(repeatPosition, segment, 1),
          elementReference: optional(segment, 2),
          code: required(segment, 3),
          badValue: optional(segment, 4),
          context: [],
        };
        segmentError.elementErrors.push(error);
        this.#currentElementError = error;
        return;
      }
      case 'CTX': {
        // In 2100 (after IK3) CTX is segment context; in 2110 (after IK4) element context.
        const owner = this.#currentElementError ?? this.#currentSegmentError;
        if (owner === null) throw this.#unexpected(segment, 'CTX without an IK3');
        owner.context.push(parseContext(segment));
        return;
      }
      case 'IK5': {
        const set = this.#openSet(segment);
        const code = required(segment, 1);
        if (!SET_CODES.has(code)) {
          throw new X12Error(
            'INVALID_ELEMENT',
            'IK501 is not a known acknowledgment code',
            locate(segment, 1),
          );
        }
        set.acknowledgment = code as SetAcknowledgment;
        set.errorCodes = codes(segment, 2, 6);
        this.#closeSet();
        return;
      }
      case 'AK9':
        if (this.#ak1 === null || this.#ak9 !== null)
          throw this.#unexpected(segment, 'AK9 outside AK1');
        this.#closeSet();
        this.#ak9 = segment;
        return;
      default:
        throw this.#unexpected(segment, `${segment.id} is not a 999 segment`);
    }
  }

  finish(trailer: Segment): Acknowledgment999 {
    const ak1 = this.#ak1;
    const ak9 = this.#ak9;
    if (ak1 === null) throw new X12Error('MISSING_SEGMENT', '999 has no AK1', locate(trailer, 0));
    if (ak9 === null) throw new X12Error('MISSING_SEGMENT', '999 has no AK9', locate(trailer, 0));
    this.#closeSet();
    const groupCode = required(ak9, 1);
    if (!GROUP_CODES.has(groupCode)) {
      throw new X12Error(
        'INVALID_ELEMENT',
        'AK901 is not a known acknowledgment code',
        locate(ak9, 1),
      );
    }
    return {
      type: '999',
      controlNumber: element(this.#header, 2).trim(),
      functionalIdCode: element(ak1, 1),
      groupControlNumber: element(ak1, 2).trim(),
      version: optional(ak1, 3),
      groupAcknowledgment: groupCode as GroupAcknowledgment,
      transactionSetsIncluded: count(required(ak9, 2), ak9, 2),
      received: count(required(ak9, 3), ak9, 3),
      accepted: count(required(ak9, 4), ak9, 4),
      groupErrors: codes(ak9, 5, 9),
      transactionSets: this.#sets.map((set) => ({
        transactionSetId: set.transactionSetId,
        controlNumber: set.controlNumber,
        implementationReference: set.implementationReference,
        // #closeSet guarantees an IK5 was seen for every set
        acknowledgment: set.acknowledgment ?? 'R',
        errorCodes: set.errorCodes,
        errors: set.errors,
      })),
    };
  }

  #openSet(segment: Segment): MutableSet {
    const set = this.#currentSet;
    if (set === null) throw this.#unexpected(segment, `${segment.id} without an open AK2`);
    return set;
  }

  /** An AK2 loop ends at its IK5; a following AK2/AK9 without one means IK5 is missing. */
  #closeSet(): void {
    const set = this.#currentSet;
    if (set !== null && set.acknowledgment === null) {
      throw new X12Error('MISSING_SEGMENT', 'AK2 loop has no IK5', locate(set.ak2, 0));
    }
    this.#currentSet = null;
    this.#currentSegmentError = null;
    this.#currentElementError = null;
  }

  #unexpected(segment: Segment, message: string): X12Error {
    return new X12Error(
      'UNEXPECTED_SEGMENT',
      `999 segment ${segment.ordinal}: ${message}`,
      locate(segment, 0),
    );
  }
}

export function create999Parser(context: TransactionContext): TransactionParser<Acknowledgment999> {
  return new Parser999(context);
}
