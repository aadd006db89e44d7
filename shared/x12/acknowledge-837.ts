// The 999 verdicts of an inbound 837 interchange, for whoever answers one: the sandbox payer
// (answering the 837s we send) and batch intake (answering a submitter's upload).
// - Envelope defects the reader reported as warnings become set and group codes: SE01/SE02 wrong
//   IK502 4/3, a repeated ST02 IK502 23, GE01/GE02 wrong AK905 5/4.
// - A set that is not an 837 is rejected with IK502 6; an 837 set whose content broke the parser
//   (read with `tolerant837Parsers`) is rejected with an IK3 at the segment that broke it.
// - The caller judges the claims of every readable 837 set and answers the IK3 problems.
// A set is accepted only whole (IK5 A/E in a group that is not rejected): a 999 has no verdict per
// claim, so a set with one bad claim takes its other claims down with it, as X12 requires.

import { X12Error } from './errors.ts';
import {
  verdictOf,
  type AcknowledgedGroupInput,
  type AcknowledgedTransactionSetInput,
  type ElementProblem,
  type SegmentProblem,
} from './generate-999.ts';
import type { InterchangeLayout, SetLayout } from './inbound-layout.ts';
import type { ParserRegistry, X12Warning } from './interchange-reader.ts';
import { create837Parser, type Claims837 } from './parse-837.ts';
import type { GroupDocument, InterchangeDocument } from './parse-document.ts';
import { element, type Segment } from './segment.ts';
import type { TransactionParser } from './transaction-parser.ts';
import type { InterchangeEnvelope } from './writer.ts';

/** An 837 set whose content the 837 parser refused: where and why (never a value). */
export interface Unreadable837 {
  readonly type: '837';
  readonly controlNumber: string;
  readonly unreadable: ReturnType<X12Error['toJSON']>;
}

function asX12Error(error: unknown, segment: Segment): X12Error {
  if (error instanceof X12Error) return error;
  return new X12Error(
    'UNEXPECTED_SEGMENT',
    'the 837 parser failed on this segment',
    { segment: segment.ordinal, segmentId: segment.id, position: 0 },
    { cause: error },
  );
}

/**
 * The default 837 parser, except that a set it refuses becomes an `Unreadable837` instead of
 * ending the whole file: the other sets are still read and answered.
 */
export const tolerant837Parsers: ParserRegistry = {
  '837': (context) => {
    const controlNumber = element(context.header, 2);
    let inner: TransactionParser<Claims837> | null = null;
    let failure: X12Error | null = null;
    try {
      inner = create837Parser(context);
    } catch (error) {
      failure = asX12Error(error, context.header);
    }
    return {
      segment(segment) {
        if (failure !== null || inner === null) return;
        try {
          inner.segment(segment);
        } catch (error) {
          failure = asX12Error(error, segment);
        }
      },
      finish(trailer): Claims837 | Unreadable837 {
        if (failure === null && inner !== null) {
          try {
            return inner.finish(trailer);
          } catch (error) {
            failure = asX12Error(error, trailer);
          }
        }
        const unreadable = (failure ?? asX12Error(undefined, trailer)).toJSON();
        return { type: '837', controlNumber, unreadable };
      },
    };
  },
};

export function isUnreadable837(transaction: unknown): transaction is Unreadable837 {
  return typeof transaction === 'object' && transaction !== null && 'unreadable' in transaction;
}

export function isClaims837(transaction: unknown): transaction is Claims837 {
  const set = transaction as Partial<Claims837> | null;
  return set?.type === '837' && set.claims !== undefined && set.variant !== undefined;
}

/** Position of a file ordinal in its set (ST = 1), as IK302 wants it. */
export function positionInSet(ordinal: number, set: SetLayout | undefined): number {
  return set === undefined ? 1 : Math.max(1, ordinal - set.startOrdinal + 1);
}

/** The IK3 (and IK4) of an X12Error inside a set. */
export function problemOfX12Error(
  error: Pick<X12Error, 'code' | 'segment' | 'segmentId' | 'position'>,
  set: SetLayout | undefined,
): SegmentProblem {
  const elementCode: Partial<Record<X12Error['code'], string>> = {
    MISSING_ELEMENT: '1', // required data element missing
    INVALID_ELEMENT: '7', // invalid code value
    UNSUPPORTED_TRANSACTION: '7',
  };
  const segmentCode: Partial<Record<X12Error['code'], string>> = {
    UNEXPECTED_SEGMENT: '2', // unexpected segment
    MISSING_SEGMENT: '3', // required segment missing
  };
  const code = elementCode[error.code];
  const elementErrors: ElementProblem[] =
    code !== undefined && error.position > 0 ? [{ position: error.position, code }] : [];
  return {
    segmentId: error.segmentId,
    position: positionInSet(error.segment, set),
    code: segmentCode[error.code] ?? '8', // segment has data element errors
    ...(elementErrors.length > 0 ? { elementErrors } : {}),
  };
}

/** What the caller says of one readable 837 set: its IK3 problems, and anything it keeps. */
export interface SetJudgement<T> {
  readonly problems: readonly SegmentProblem[];
  readonly result: T;
}

export interface AcknowledgedSet<T> {
  readonly group: GroupDocument;
  readonly transaction: unknown;
  readonly layout: SetLayout | undefined;
  readonly input: AcknowledgedTransactionSetInput;
  /** the 999 accepts the set (IK5 A or E, and AK9 is not R) */
  readonly accepted: boolean;
  /** the judgement of a readable 837 set; undefined for any other set */
  readonly judged: T | undefined;
}

export interface InterchangeAcknowledgment<T> {
  /** the AK1 groups of the 999 */
  readonly groups: AcknowledgedGroupInput[];
  /** every set, in file order */
  readonly sets: AcknowledgedSet<T>[];
}

export function acknowledge837Interchange<T>(
  interchange: InterchangeDocument,
  layout: InterchangeLayout,
  judge: (set: Claims837, layout: SetLayout | undefined) => SetJudgement<T>,
): InterchangeAcknowledgment<T> {
  const groups = interchange.groups.filter(
    (group): group is GroupDocument => group.interchangeLevel !== true,
  );
  const sets: AcknowledgedSet<T>[] = [];
  const acknowledged = groups.map((group, groupIndex): AcknowledgedGroupInput => {
    const groupLayout = layout.groups[groupIndex];
    const groupWarnings = interchange.warnings.filter(
      (warning) => warning.segmentId === 'GE' && warning.segment === groupLayout?.endOrdinal,
    );
    const groupSets = group.transactions.map((transaction, setIndex) => {
      const setLayout = groupLayout?.sets[setIndex];
      const { input, judged } = acknowledgeSet(transaction, setLayout, interchange.warnings, judge);
      return { group, transaction, layout: setLayout, input, judged };
    });
    const input: AcknowledgedGroupInput = {
      functionalIdCode: group.functionalIdCode,
      controlNumber: group.controlNumber,
      version: group.version,
      groupErrorCodes: groupWarnings.map((warning) =>
        warning.code === 'COUNT_MISMATCH' ? '5' : '4',
      ),
      transactionSets: groupSets.map((set) => set.input),
    };
    const verdict = verdictOf(input);
    groupSets.forEach((set, index) => {
      const setVerdict = verdict.transactionSets[index]?.acknowledgment;
      sets.push({
        ...set,
        accepted: verdict.acknowledgment !== 'R' && (setVerdict === 'A' || setVerdict === 'E'),
      });
    });
    return input;
  });
  return { groups: acknowledged, sets };
}

function acknowledgeSet<T>(
  transaction: unknown,
  layout: SetLayout | undefined,
  warnings: readonly X12Warning[],
  judge: (set: Claims837, layout: SetLayout | undefined) => SetJudgement<T>,
): { input: AcknowledgedTransactionSetInput; judged: T | undefined } {
  const set = transaction as { type: string; controlNumber: string };
  const setErrorCodes: string[] = warnings
    .filter((warning) => layout !== undefined && warning.segment === layout.endOrdinal)
    .map((warning) => (warning.code === 'COUNT_MISMATCH' ? '4' : '3'));
  if (layout !== undefined && warnings.some((w) => w.segment === layout.startOrdinal)) {
    setErrorCodes.push('23'); // ST02 not unique within the group
  }
  if (isUnreadable837(transaction)) {
    return {
      input: {
        transactionSetId: '837',
        controlNumber: set.controlNumber,
        problems: [problemOfX12Error(transaction.unreadable, layout)],
        setErrorCodes,
      },
      judged: undefined,
    };
  }
  if (!isClaims837(transaction)) {
    return {
      input: {
        transactionSetId: set.type,
        controlNumber: set.controlNumber,
        problems: [],
        setErrorCodes: ['6'], // not a transaction set this receiver accepts
      },
      judged: undefined,
    };
  }
  const judgement = judge(transaction, layout);
  return {
    input: {
      transactionSetId: '837',
      controlNumber: transaction.controlNumber,
      implementationReference: transaction.implementationReference,
      problems: judgement.problems,
      setErrorCodes,
    },
    judged: judgement.result,
  };
}

/** The envelope of an answer to an inbound interchange: its sender and receiver swapped. */
export function replyEnvelope(
  layout: Pick<
    InterchangeLayout,
    'senderQualifier' | 'senderId' | 'receiverQualifier' | 'receiverId' | 'usageIndicator'
  >,
  controlNumber: number,
  createdAt: Date,
): InterchangeEnvelope {
  return {
    senderQualifier: layout.receiverQualifier,
    senderId: layout.receiverId,
    receiverQualifier: layout.senderQualifier,
    receiverId: layout.senderId,
    controlNumber,
    usageIndicator: layout.usageIndicator === 'P' ? 'P' : 'T',
    acknowledgmentRequested: false,
    createdAt,
  };
}
