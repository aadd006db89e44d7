// TA1 interchange acknowledgment writer: one TA1 in its own ISA/IEA (no functional group, so
// IEA01 = 0). TA101-TA103 echo the received ISA13, ISA09 and ISA10; parseTa1 reads it back.

import type { X12ErrorCode } from './errors.ts';
import type { Ta1Acknowledgment } from './parse-ta1.ts';
import { STANDARD_DELIMITERS, type Delimiters } from './segment.ts';
import type { InterchangeEnvelope } from './writer.ts';
import { SegmentWriter, formatInterchangeControlNumber, isaSegment } from './writer.ts';

/** TA105 note codes we answer with (X12.md section 3; X12 code list I18 for 005, 007, 014, 027). */
export const TA1_NOTE_CODES = {
  noError: '000',
  controlNumberMismatch: '001',
  invalidSegmentTerminator: '004',
  invalidSenderQualifier: '005',
  invalidSenderId: '006',
  invalidReceiverQualifier: '007',
  invalidReceiverId: '008',
  invalidDate: '014',
  invalidControlNumber: '018',
  invalidGroupCount: '021',
  invalidControlStructure: '022',
  improperEndOfFile: '023',
  invalidContent: '024',
  invalidComponentSeparator: '027',
} as const;

/** An interchange defect as the reader reports it (an X12Error, an X12Warning or their JSON). */
export interface InterchangeDefect {
  readonly code: string;
  readonly segmentId?: string;
  readonly position?: number;
  readonly message?: string;
}

/**
 * The one table from our X12 error and warning codes to TA105: the first row that matches wins
 * (`segmentId` / `position` / `message` undefined match any); anything else is 024, invalid
 * content. The tokenizer reports both ISA16 and the terminator after it as BAD_ISA at ISA16: its
 * message tells them apart.
 */
export const TA1_NOTE_CODE_TABLE: readonly {
  readonly code: X12ErrorCode;
  readonly segmentId?: string;
  readonly position?: number;
  readonly message?: RegExp;
  readonly noteCode: string;
}[] = [
  { code: 'CONTROL_NUMBER_MISMATCH', segmentId: 'IEA', noteCode: '001' }, // IEA02 differs from ISA13
  { code: 'COUNT_MISMATCH', segmentId: 'IEA', noteCode: '021' }, // IEA01 differs from the GS count
  { code: 'INVALID_ELEMENT', segmentId: 'IEA', position: 1, noteCode: '021' }, // IEA01 no number
  { code: 'BAD_ISA', segmentId: 'ISA', position: 5, noteCode: '005' }, // ISA05 width
  { code: 'BAD_ISA', segmentId: 'ISA', position: 6, noteCode: '006' }, // ISA06 width
  { code: 'BAD_ISA', segmentId: 'ISA', position: 7, noteCode: '007' }, // ISA07 width
  { code: 'BAD_ISA', segmentId: 'ISA', position: 8, noteCode: '008' }, // ISA08 width
  { code: 'BAD_ISA', segmentId: 'ISA', position: 9, noteCode: '014' }, // ISA09 width
  { code: 'BAD_ISA', segmentId: 'ISA', position: 13, noteCode: '018' }, // ISA13 width
  { code: 'BAD_ISA', segmentId: 'ISA', position: 16, message: /terminator/, noteCode: '004' },
  { code: 'BAD_ISA', segmentId: 'ISA', position: 16, noteCode: '027' }, // ISA16 unusable
  { code: 'INVALID_ELEMENT', segmentId: 'ISA', position: 9, noteCode: '014' }, // ISA09 no date
  { code: 'INVALID_ELEMENT', segmentId: 'ISA', position: 13, noteCode: '018' }, // ISA13 not 9 digits
  { code: 'TRUNCATED', noteCode: '023' }, // input ended inside a segment or an envelope
  { code: 'UNEXPECTED_SEGMENT', noteCode: '022' }, // envelopes out of order, SE/GE/IEA missing
];

/** TA105 for an interchange defect (TA1_NOTE_CODE_TABLE). */
export function ta1NoteCodeOf(defect: InterchangeDefect): string {
  const row = TA1_NOTE_CODE_TABLE.find(
    (candidate) =>
      candidate.code === defect.code &&
      (candidate.segmentId === undefined || candidate.segmentId === defect.segmentId) &&
      (candidate.position === undefined || candidate.position === defect.position) &&
      (candidate.message === undefined || candidate.message.test(defect.message ?? '')),
  );
  return row?.noteCode ?? TA1_NOTE_CODES.invalidContent;
}

export interface Ta1Input {
  /** our envelope (we are the sender) */
  readonly interchange: InterchangeEnvelope;
  /** ISA13 of the received interchange (9 digits) */
  readonly acknowledgedControlNumber: string;
  /** ISA09 of the received interchange as YYYY-MM-DD (or YYMMDD as received) */
  readonly acknowledgedDate: string;
  /** ISA10 of the received interchange, HHMM */
  readonly acknowledgedTime: string;
  readonly acknowledgment: Ta1Acknowledgment;
  /** TA105, 000 when accepted */
  readonly noteCode: string;
  readonly delimiters?: Delimiters;
}

export function generateTa1(input: Ta1Input): string {
  const delimiters = input.delimiters ?? STANDARD_DELIMITERS;
  const writer = new SegmentWriter(delimiters);
  writer.raw(isaSegment(input.interchange, delimiters));
  writer.segment(
    'TA1',
    input.acknowledgedControlNumber.padStart(9, '0'),
    yymmdd(input.acknowledgedDate),
    input.acknowledgedTime,
    input.acknowledgment,
    input.noteCode,
  );
  writer.segment('IEA', 0, formatInterchangeControlNumber(input.interchange.controlNumber));
  return writer.toString();
}

function yymmdd(date: string): string {
  const digits = date.replaceAll('-', '');
  return digits.length === 8 ? digits.slice(2) : digits;
}
