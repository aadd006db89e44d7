// The envelope layout of an inbound 837 file, read segment by segment: for each interchange its
// ISA values, for each group and transaction set their segment ordinals, and for each claim the
// position (in its set, ST = 1) of the subscriber NM1*IL and the CLM. The 999 needs positions
// that the claim JSON does not carry, and a file too broken for parseX12 still has an ISA the TA1
// must echo. Reading stops at the first structural error; what was read until then is kept.

import { X12Error } from './errors.ts';
import { element, type Delimiters } from './segment.ts';
import { segmentsOf } from './tokenizer.ts';
import type { InterchangeParties } from './transaction-parser.ts';

export interface ClaimPositions {
  /** CLM01 */
  readonly patientControlNumber: string;
  /** position in the set of the 2010BA NM1*IL that precedes the claim */
  readonly subscriberNamePosition: number | null;
  readonly claimPosition: number;
}

export interface SetLayout {
  readonly controlNumber: string;
  /** file ordinals of ST and SE (SE null when the set never ended) */
  readonly startOrdinal: number;
  endOrdinal: number | null;
  readonly claims: ClaimPositions[];
}

export interface GroupLayout {
  readonly startOrdinal: number;
  endOrdinal: number | null;
  readonly sets: SetLayout[];
}

export interface InterchangeLayout extends InterchangeParties {
  /** ISA09 YYMMDD, ISA10 HHMM, ISA13 as written */
  readonly date: string;
  readonly time: string;
  readonly controlNumber: string;
  /** ISA15 P or T */
  readonly usageIndicator: string;
  readonly delimiters: Delimiters;
  readonly startOrdinal: number;
  endOrdinal: number | null;
  readonly groups: GroupLayout[];
}

export interface InboundLayout {
  readonly interchanges: InterchangeLayout[];
  /** the structural error that stopped reading, if any */
  readonly error: X12Error | null;
}

export function inboundLayout(text: string): InboundLayout {
  const interchanges: InterchangeLayout[] = [];
  let interchange: InterchangeLayout | null = null;
  let group: GroupLayout | null = null;
  let set: SetLayout | null = null;
  let subscriberNamePosition: number | null = null;
  try {
    for (const segment of segmentsOf(text)) {
      switch (segment.id) {
        case 'ISA':
          interchange = {
            senderQualifier: element(segment, 5).trim(),
            senderId: element(segment, 6).trim(),
            receiverQualifier: element(segment, 7).trim(),
            receiverId: element(segment, 8).trim(),
            date: element(segment, 9),
            time: element(segment, 10),
            controlNumber: element(segment, 13).trim(),
            usageIndicator: element(segment, 15),
            delimiters: segment.delimiters,
            startOrdinal: segment.ordinal,
            endOrdinal: null,
            groups: [],
          };
          interchanges.push(interchange);
          break;
        case 'IEA':
          if (interchange !== null) interchange.endOrdinal = segment.ordinal;
          break;
        case 'GS':
          group = { startOrdinal: segment.ordinal, endOrdinal: null, sets: [] };
          interchange?.groups.push(group);
          break;
        case 'GE':
          if (group !== null) group.endOrdinal = segment.ordinal;
          break;
        case 'ST':
          set = {
            controlNumber: element(segment, 2).trim(),
            startOrdinal: segment.ordinal,
            endOrdinal: null,
            claims: [],
          };
          subscriberNamePosition = null;
          group?.sets.push(set);
          break;
        case 'SE':
          if (set !== null) set.endOrdinal = segment.ordinal;
          break;
        case 'NM1':
          if (set !== null && element(segment, 1) === 'IL') {
            subscriberNamePosition = segment.ordinal - set.startOrdinal + 1;
          }
          break;
        case 'CLM':
          set?.claims.push({
            patientControlNumber: element(segment, 1),
            subscriberNamePosition,
            claimPosition: segment.ordinal - set.startOrdinal + 1,
          });
          break;
        default:
          break;
      }
    }
  } catch (error) {
    if (error instanceof X12Error) return { interchanges, error };
    throw error;
  }
  return { interchanges, error: null };
}

/** What a reply to an interchange needs of its ISA: the parties, ISA09/ISA10, ISA13 and ISA15. */
export type InterchangeHeaderFields = Pick<
  InterchangeLayout,
  | 'senderQualifier'
  | 'senderId'
  | 'receiverQualifier'
  | 'receiverId'
  | 'date'
  | 'time'
  | 'controlNumber'
  | 'usageIndicator'
>;

/**
 * The first ISA of a file whose ISA the tokenizer refused (an unusable ISA16 or segment
 * terminator), read by its element separator alone; undefined when even that is unusable or the
 * ISA names no sender, no receiver or no 9-digit ISA13 (nobody to answer, nothing to echo).
 */
export function salvageIsa(text: string): InterchangeHeaderFields | undefined {
  const start = /^\uFEFF?\s*ISA/.exec(text);
  if (start === null) return undefined;
  const from = start[0].length - 3;
  const separator = text.charAt(from + 3);
  if (separator === '' || /[\p{L}\p{N}\s]/u.test(separator)) return undefined;
  // 16 elements of a fixed-width ISA fit well inside 128 characters (it is 106)
  const elements = text.slice(from, from + 128).split(separator);
  if (elements.length < 17) return undefined;
  const field = (position: number) => (elements[position] ?? '').trim();
  const header: InterchangeHeaderFields = {
    senderQualifier: field(5),
    senderId: field(6),
    receiverQualifier: field(7),
    receiverId: field(8),
    date: field(9),
    time: field(10),
    controlNumber: field(13),
    usageIndicator: field(15),
  };
  const readable =
    header.senderId !== '' && header.receiverId !== '' && /^\d{9}$/.test(header.controlNumber);
  return readable ? header : undefined;
}
