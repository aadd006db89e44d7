// Builds the 999 (005010X231A1) we send back to a submitter for the 837 interchange they sent:
// one 999 transaction set per acknowledged functional group (AK1), one AK2..IK5 per
// transaction set with its segment (IK3 + CTX) and element (IK4) errors, and the group verdict
// (AK9) with its counts. Envelope counts and control numbers come from writer.ts.
//
// Verdicts: a set with any problem of severity 'error' (the default) is rejected (IK5 R); with
// only 'warning' problems it is accepted with errors (E); otherwise accepted (A). The group is A
// when every set is A, E when all are accepted but some with errors, R when none is accepted and
// P (partially accepted) otherwise. IK502/AK905 codes default to 5 ("one or more segments in
// error" / "number of included transaction sets does not match") only where X231A1 requires one.

import type { ElementValue, InterchangeEnvelope, SegmentWriter } from './writer.ts';
import { writeInterchange } from './writer.ts';
import { STANDARD_DELIMITERS, type Delimiters } from './segment.ts';
import type { GroupAcknowledgment, SetAcknowledgment } from './parse-999.ts';

export const X231A1 = '005010X231A1';

export interface ElementProblem {
  /** IK401-1: element position in the segment */
  readonly position: number;
  /** IK401-2 */
  readonly componentPosition?: number;
  /** IK401-3 */
  readonly repeatPosition?: number;
  /** IK402: data element reference number, e.g. 1028 for CLM01 */
  readonly elementReference?: string;
  /** IK403: 1 required element missing, 2 conditional required missing, 4 too short, 5 too long,
   * 6 invalid character, 7 invalid code value, 8 invalid date, 9 invalid time, I12 implementation pattern... */
  readonly code: string;
  /** IK404 copy of the bad value (omitted when it contains one of our delimiters) */
  readonly badValue?: string;
}

export interface SegmentProblem {
  /** IK301 */
  readonly segmentId: string;
  /** IK302: position of the segment in the transaction set, ST = 1 */
  readonly position: number;
  /** IK303, e.g. 2300 */
  readonly loopId?: string;
  /** IK304: 1 unrecognized segment, 2 unexpected, 3 required missing, 4 loop occurs over max,
   * 5 segment exceeds max use, 6 not in defined set, 7 not in proper sequence, 8 data element errors,
   * I4 implementation "not used" segment present, I6 implementation dependent segment missing... */
  readonly code: string;
  /** CTX business unit, e.g. { name: 'CLM01', reference: <patient control number> } */
  readonly businessUnit?: { readonly name: string; readonly reference: string };
  readonly elementErrors?: readonly ElementProblem[];
  /** 'warning' problems leave the set accepted with errors (IK5 E); default 'error' */
  readonly severity?: 'error' | 'warning';
}

export interface AcknowledgedTransactionSetInput {
  /** ST01 of the received set, e.g. 837 */
  readonly transactionSetId: string;
  /** ST02 of the received set */
  readonly controlNumber: string;
  /** ST03 of the received set */
  readonly implementationReference?: string | null;
  readonly problems: readonly SegmentProblem[];
  /** IK502..IK506 set-level codes (2 trailer missing, 3 ST02/SE02 mismatch, 4 SE01 wrong, ...);
   * any code rejects the set */
  readonly setErrorCodes?: readonly string[];
}

export interface AcknowledgedGroupInput {
  /** GS01 of the received group (HC for 837) */
  readonly functionalIdCode: string;
  /** GS06 of the received group */
  readonly controlNumber: string;
  /** GS08 of the received group */
  readonly version: string;
  readonly transactionSets: readonly AcknowledgedTransactionSetInput[];
  /** AK905..AK909 group-level codes (e.g. 4 GE02 mismatch, 5 GE01 wrong); any code rejects the group */
  readonly groupErrorCodes?: readonly string[];
}

export interface Generate999Input {
  /** our interchange envelope (we are the sender; ISA13 from the caller's allocator) */
  readonly interchange: InterchangeEnvelope;
  /** GS02/GS03 of the 999 group */
  readonly senderCode: string;
  readonly receiverCode: string;
  /** GS06 of the 999 group */
  readonly groupControlNumber: number;
  /** ST02 of the first 999 set; the next groups get the following numbers */
  readonly firstTransactionSetControlNumber: number;
  readonly groups: readonly AcknowledgedGroupInput[];
  readonly delimiters?: Delimiters;
}

export interface SetVerdict {
  readonly controlNumber: string;
  readonly acknowledgment: SetAcknowledgment;
}

export interface GroupVerdict {
  readonly controlNumber: string;
  readonly acknowledgment: GroupAcknowledgment;
  readonly included: number;
  readonly received: number;
  readonly accepted: number;
  readonly transactionSets: SetVerdict[];
}

const MAX_BAD_VALUE = 99;

function setVerdict(set: AcknowledgedTransactionSetInput): SetAcknowledgment {
  if ((set.setErrorCodes ?? []).length > 0) return 'R';
  if (set.problems.some((problem) => (problem.severity ?? 'error') === 'error')) return 'R';
  return set.problems.length > 0 ? 'E' : 'A';
}

/** The verdicts the 999 will carry, computed without writing it (for the batch status). */
export function verdictOf(group: AcknowledgedGroupInput): GroupVerdict {
  const transactionSets = group.transactionSets.map((set) => ({
    controlNumber: set.controlNumber,
    acknowledgment: setVerdict(set),
  }));
  const accepted = transactionSets.filter(
    (set) => set.acknowledgment === 'A' || set.acknowledgment === 'E',
  ).length;
  const total = transactionSets.length;
  let acknowledgment: GroupAcknowledgment;
  if ((group.groupErrorCodes ?? []).length > 0 || accepted === 0) acknowledgment = 'R';
  else if (accepted < total) acknowledgment = 'P';
  else acknowledgment = transactionSets.some((set) => set.acknowledgment === 'E') ? 'E' : 'A';
  return {
    controlNumber: group.controlNumber,
    acknowledgment,
    included: total,
    received: total,
    accepted: acknowledgment === 'R' ? 0 : accepted,
    transactionSets,
  };
}

function containsDelimiter(value: string, delimiters: Delimiters): boolean {
  for (const char of [
    delimiters.element,
    delimiters.component,
    delimiters.segment,
    delimiters.repetition,
  ]) {
    if (char !== null && value.includes(char)) return true;
  }
  return false;
}

function writeGroupAcknowledgment(
  writer: SegmentWriter,
  group: AcknowledgedGroupInput,
  delimiters: Delimiters,
): void {
  const verdict = verdictOf(group);
  writer.segment('AK1', group.functionalIdCode, group.controlNumber, group.version);
  group.transactionSets.forEach((set, index) => {
    writer.segment('AK2', set.transactionSetId, set.controlNumber, set.implementationReference);
    for (const problem of set.problems) {
      writer.segment('IK3', problem.segmentId, problem.position, problem.loopId, problem.code);
      if (problem.businessUnit !== undefined) {
        writer.segment('CTX', [problem.businessUnit.name, problem.businessUnit.reference]);
      }
      for (const error of problem.elementErrors ?? []) {
        const position: ElementValue =
          error.componentPosition === undefined && error.repeatPosition === undefined
            ? error.position
            : [error.position, error.componentPosition, error.repeatPosition];
        const badValue =
          error.badValue === undefined || containsDelimiter(error.badValue, delimiters)
            ? undefined
            : error.badValue.slice(0, MAX_BAD_VALUE);
        writer.segment('IK4', position, error.elementReference, error.code, badValue);
      }
    }
    const acknowledgment = verdict.transactionSets[index]?.acknowledgment ?? 'R';
    const codes =
      acknowledgment === 'A'
        ? []
        : (set.setErrorCodes ?? []).length > 0
          ? (set.setErrorCodes ?? []).slice(0, 5)
          : ['5'];
    writer.segment('IK5', acknowledgment, ...codes);
  });
  const groupCodes = (group.groupErrorCodes ?? []).slice(0, 5);
  writer.segment(
    'AK9',
    verdict.acknowledgment,
    verdict.included,
    verdict.received,
    verdict.accepted,
    ...groupCodes,
  );
}

/** The whole 999 interchange (ISA..IEA) as X12 text. */
export function generate999(input: Generate999Input): string {
  const delimiters = input.delimiters ?? STANDARD_DELIMITERS;
  return writeInterchange(
    input.interchange,
    [
      {
        group: {
          functionalIdCode: 'FA',
          senderCode: input.senderCode,
          receiverCode: input.receiverCode,
          controlNumber: input.groupControlNumber,
          version: X231A1,
        },
        transactionSets: input.groups.map((group, index) => ({
          id: '999',
          controlNumber: input.firstTransactionSetControlNumber + index,
          implementationReference: X231A1,
          body: (writer: SegmentWriter) => writeGroupAcknowledgment(writer, group, delimiters),
        })),
      },
    ],
    delimiters,
  );
}
