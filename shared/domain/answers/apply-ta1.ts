// TA1 (X12.md section 3): TA101 = the ISA13 we sent. R: nothing inside was processed, every claim
// of the interchange is rejected; A or E: the interchange was taken, its claims acknowledged.
import type { Ta1 } from '#shared/x12/parse-ta1';
import type { AnswerContext } from './answer-context.ts';
import { answerIdOf } from './answer-context.ts';
import type { AnswerEnvelope } from './answer-envelope.ts';
import type { AnswerDecisions } from './claim-answer.ts';
import { ourSide } from './match-claims.ts';

export async function decideTa1(
  ta1: Ta1,
  envelope: AnswerEnvelope,
  ordinal: number,
  context: AnswerContext,
): Promise<AnswerDecisions> {
  const answerId = answerIdOf(context, ordinal);
  const isa13 = ta1.interchangeControlNumber.padStart(9, '0');
  const indicatedStatus = ta1.acknowledgment === 'R' ? 'REJECTED' : 'ACKNOWLEDGED';
  const codes = [
    { type: 'TA104', code: ta1.acknowledgment },
    ...(ta1.noteCode === null ? [] : [{ type: 'TA105', code: ta1.noteCode }]),
  ];
  const sent = await context.interchanges.byInterchangeControlNumber({
    ...ourSide(envelope),
    isa13,
  });
  if (sent === undefined || sent.tenantId !== context.tenantId) {
    return {
      answers: [],
      unmatched: [
        {
          answerId,
          document: 'TA1',
          reason: sent === undefined ? 'unknown-interchange' : 'other-tenant',
          candidates: 0,
          identifiers: { isa13 },
          indicatedStatus,
          codes,
        },
      ],
    };
  }
  return {
    answers: sent.transactionSets.map((set) => ({
      claimId: set.claimId,
      answerId,
      document: 'TA1',
      indicatedStatus,
      codes,
      controlNumbers: { isa13, st02: set.st02 },
    })),
    unmatched: [],
  };
}
