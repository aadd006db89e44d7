// TA1 interchange acknowledgment writer: one TA1 in its own ISA/IEA (no functional group, so
// IEA01 = 0). TA101-TA103 echo the received ISA13, ISA09 and ISA10; parseTa1 reads it back.

import type { Ta1Acknowledgment } from './parse-ta1.ts';
import { STANDARD_DELIMITERS, type Delimiters } from './segment.ts';
import type { InterchangeEnvelope } from './writer.ts';
import { SegmentWriter, formatInterchangeControlNumber, isaSegment } from './writer.ts';

/** TA105 note codes the sandbox payer uses (X12.md section 3). */
export const TA1_NOTE_CODES = {
  noError: '000',
  controlNumberMismatch: '001',
  invalidSegmentTerminator: '004',
  invalidSenderId: '006',
  invalidReceiverId: '008',
  invalidControlNumber: '018',
  invalidGroupCount: '021',
  invalidControlStructure: '022',
  improperEndOfFile: '023',
  invalidContent: '024',
} as const;

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
