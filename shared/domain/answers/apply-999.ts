// 999 (X12.md section 4): AK102 = the GS06 we sent, AK202 = the ST02 of each set. IK5 A/E
// acknowledges the claims of that set, IK5 M/R/W/X rejects them; AK9 R (or M/W/X) rejects every
// claim of the group, listed or not. Sets of ours the 999 does not list take the group verdict.
// Error details kept: IK5/AK9 codes, IK3 segment errors (segment id, code), IK4 element errors
// (position, code) - never IK404, the bad value, which may be PHI.
import type { ClaimStatus } from '#shared/domain/lifecycle/claim-status';
import type { AcknowledgedTransactionSet, Acknowledgment999 } from '#shared/x12/parse-999';
import type { AnswerContext } from './answer-context.ts';
import { answerIdOf } from './answer-context.ts';
import type { AnswerEnvelope } from './answer-envelope.ts';
import type { AnswerDecisions, ClaimAnswer, EventCodes, UnmatchedDraft } from './claim-answer.ts';
import { ourSide } from './match-claims.ts';

const REJECTING: ReadonlySet<string> = new Set(['M', 'R', 'W', 'X']);

const statusOf = (acknowledgment: string): ClaimStatus =>
  REJECTING.has(acknowledgment) ? 'REJECTED' : 'ACKNOWLEDGED';

/** ST02 "0001" and "1" are the same set. */
const sameControlNumber = (a: string, b: string): boolean =>
  a.trim().replace(/^0+(?=.)/, '') === b.trim().replace(/^0+(?=.)/, '');

function groupCodes(acknowledgment: Acknowledgment999): EventCodes {
  return [
    { type: 'AK901', code: acknowledgment.groupAcknowledgment },
    ...acknowledgment.groupErrors.map((code) => ({ type: 'AK905', code })),
  ];
}

function setCodes(set: AcknowledgedTransactionSet): EventCodes {
  const codes: { type: string; code: string; group?: string }[] = [
    { type: 'IK501', code: set.acknowledgment },
    ...set.errorCodes.map((code) => ({ type: 'IK502', code })),
  ];
  for (const error of set.errors) {
    codes.push({ type: 'IK304', code: error.code, group: `${error.segmentId}@${error.position}` });
    for (const element of error.elementErrors) {
      codes.push({
        type: 'IK403',
        code: element.code,
        group: `${error.segmentId}${String(element.position).padStart(2, '0')}`,
      });
    }
  }
  return codes;
}

export async function decide999(
  acknowledgment: Acknowledgment999,
  envelope: AnswerEnvelope,
  ordinal: number,
  context: AnswerContext,
): Promise<AnswerDecisions> {
  const gs06 = acknowledgment.groupControlNumber;
  const sent = await context.interchanges.byGroupControlNumber({ ...ourSide(envelope), gs06 });
  if (sent === undefined || sent.tenantId !== context.tenantId) {
    return {
      answers: [],
      unmatched: [
        {
          answerId: answerIdOf(context, ordinal),
          document: '999',
          reason: sent === undefined ? 'unknown-interchange' : 'other-tenant',
          candidates: 0,
          identifiers: { gs06 },
          indicatedStatus: statusOf(acknowledgment.groupAcknowledgment),
          codes: groupCodes(acknowledgment),
        },
      ],
    };
  }
  const groupRejected = REJECTING.has(acknowledgment.groupAcknowledgment);
  const answers: ClaimAnswer[] = [];
  const unmatched: UnmatchedDraft[] = [];
  const listed = new Set<string>();
  for (const set of acknowledgment.transactionSets) {
    const ours = sent.transactionSets.filter((candidate) =>
      sameControlNumber(candidate.st02, set.controlNumber),
    );
    const codes = [...setCodes(set), ...groupCodes(acknowledgment)];
    const indicatedStatus = groupRejected ? 'REJECTED' : statusOf(set.acknowledgment);
    if (ours.length === 0) {
      unmatched.push({
        answerId: answerIdOf(context, ordinal, set.controlNumber),
        document: '999',
        reason: 'unknown-transaction-set',
        candidates: 0,
        identifiers: { gs06, st02: set.controlNumber },
        indicatedStatus,
        codes,
      });
      continue;
    }
    for (const claim of ours) {
      listed.add(claim.claimId);
      answers.push({
        claimId: claim.claimId,
        answerId: answerIdOf(context, ordinal),
        document: '999',
        indicatedStatus,
        codes,
        controlNumbers: { gs06, st02: claim.st02 },
      });
    }
  }
  for (const claim of sent.transactionSets) {
    if (listed.has(claim.claimId)) continue;
    answers.push({
      claimId: claim.claimId,
      answerId: answerIdOf(context, ordinal),
      document: '999',
      indicatedStatus: statusOf(acknowledgment.groupAcknowledgment),
      codes: groupCodes(acknowledgment),
      controlNumbers: { gs06, st02: claim.st02 },
    });
  }
  return { answers, unmatched };
}
