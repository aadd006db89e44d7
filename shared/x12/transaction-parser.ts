// How the envelope reader hands one transaction set (ST..SE) to the parser of its type.
// Parsers are state machines fed one segment at a time, so a huge 835 never sits in memory whole.

import type { Segment, SegmentView } from './segment.ts';

/** Who sent an interchange to whom, as its ISA says. */
export interface InterchangeParties {
  /** ISA05 */
  readonly senderQualifier: string;
  /** ISA06, trimmed */
  readonly senderId: string;
  /** ISA07 */
  readonly receiverQualifier: string;
  /** ISA08, trimmed */
  readonly receiverId: string;
}

export interface InterchangeHeader extends InterchangeParties {
  /** ISA09 as YYYY-MM-DD */
  readonly date: string;
  /** ISA10 HHMM */
  readonly time: string;
  /** ISA12, e.g. 00501 */
  readonly versionNumber: string;
  /** ISA13 */
  readonly controlNumber: string;
  /** ISA14 */
  readonly acknowledgmentRequested: boolean;
  /** ISA15: P or T */
  readonly usageIndicator: string;
}

export interface GroupHeader {
  /** GS01: HC 837, FA 999, HN 277, HP 835 */
  readonly functionalIdCode: string;
  readonly senderCode: string;
  readonly receiverCode: string;
  /** GS06 */
  readonly controlNumber: string;
  /** GS08, e.g. 005010X221A1 */
  readonly version: string;
}

export interface TransactionContext {
  readonly interchange: InterchangeHeader;
  readonly group: GroupHeader;
  /** the ST segment */
  readonly header: Segment;
}

export interface TransactionParser<T> {
  /** Called for every segment after ST and before SE, in order. Throws X12Error on bad content. */
  segment(segment: Segment): void;
  /**
   * When present, called instead of segment() with the tokenizer's view of the segment, valid
   * only during the call: a parser that reads fields in place then costs no object per segment.
   */
  view?(view: SegmentView): void;
  /** Called at SE; returns the typed transaction (its `type` and `controlNumber` included). */
  finish(trailer: Segment): T;
}

export type TransactionParserFactory<T> = (context: TransactionContext) => TransactionParser<T>;
