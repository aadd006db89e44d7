// TA1 interchange acknowledgment. A TA1 sits directly in an interchange (outside any GS) and
// reports on one received ISA/IEA envelope: TA101 echoes that envelope's ISA13.

import { shortDate } from './dates.ts';
import { X12Error } from './errors.ts';
import { element, type Segment } from './segment.ts';

export type Ta1Acknowledgment = 'A' | 'E' | 'R';

export interface Ta1 {
  readonly type: 'TA1';
  /** TA101: ISA13 of the interchange being acknowledged */
  readonly interchangeControlNumber: string;
  /** TA102 as YYYY-MM-DD (null when malformed) */
  readonly interchangeDate: string | null;
  /** TA103 HHMM */
  readonly interchangeTime: string;
  /** TA104: A accepted, E accepted with errors, R rejected */
  readonly acknowledgment: Ta1Acknowledgment;
  /** TA105 (000 = no error); null when absent */
  readonly noteCode: string | null;
}

const ACKNOWLEDGMENTS: ReadonlySet<string> = new Set(['A', 'E', 'R']);

export function parseTa1(segment: Segment): Ta1 {
  const location = (position: number) => ({
    segment: segment.ordinal,
    segmentId: segment.id,
    position,
  });
  const controlNumber = element(segment, 1).trim();
  if (controlNumber === '') {
    throw new X12Error('MISSING_ELEMENT', 'TA101 interchange control number is empty', location(1));
  }
  const acknowledgment = element(segment, 4);
  if (!ACKNOWLEDGMENTS.has(acknowledgment)) {
    throw new X12Error(
      'INVALID_ELEMENT',
      'TA104 acknowledgment code must be A, E or R',
      location(4),
    );
  }
  const noteCode = element(segment, 5);
  return {
    type: 'TA1',
    interchangeControlNumber: controlNumber,
    interchangeDate: shortDate(element(segment, 2)),
    interchangeTime: element(segment, 3),
    acknowledgment: acknowledgment as Ta1Acknowledgment,
    noteCode: noteCode === '' ? null : noteCode,
  };
}
