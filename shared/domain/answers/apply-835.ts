// 835 claims (X12.md section 6): matched by CLP01 + payer + charge, then by payer claim number
// (reversal and correction); the outcome per docs/ARCHITECTURE.md section 3 (remittance-outcome.ts). The claim
// item gets a summary (payer claim number, paid, patient responsibility); the adjustments (claim
// and line: group, CARC, amount) and remark codes go to a details item written once per 835 claim.
import { formatCents } from '#shared/domain/money/cents';
import type { Adjustment835, Claim835, Remittance835Header } from '#shared/x12/remittance-835';
import type { StoredAdjustment } from './answer-records.ts';
import type { AnswerContext } from './answer-context.ts';
import { answerIdOf } from './answer-context.ts';
import type { AnswerEnvelope } from './answer-envelope.ts';
import type { ClaimAnswer, EventCodes, UnmatchedDraft } from './claim-answer.ts';
import { identifiersOf } from './choose-claim.ts';
import { patientResponsibilityCents, remittanceOutcome } from './remittance-outcome.ts';
import { match835Claim } from './match-claims.ts';

const stored = (adjustments: readonly Adjustment835[]): StoredAdjustment[] =>
  adjustments.map(({ group, reason, amount }) => ({ group, reason, amount }));

/** CLP02, then each distinct group/CARC and RARC of the claim and its lines (for the history). */
function codesOf(claim: Claim835): EventCodes {
  const seen = new Set<string>();
  const codes: { type: string; code: string; group?: string }[] = [
    { type: 'CLP02', code: claim.statusCode },
  ];
  const add = (code: { type: string; code: string; group?: string }) => {
    const key = `${code.type}:${code.group ?? ''}:${code.code}`;
    if (seen.has(key)) return;
    seen.add(key);
    codes.push(code);
  };
  const adjustments = [claim.adjustments, ...claim.serviceLines.map((line) => line.adjustments)];
  for (const adjustment of adjustments.flat()) {
    add({ type: 'CARC', code: adjustment.reason, group: adjustment.group });
  }
  const remarks = [claim.remarkCodes, ...claim.serviceLines.map((line) => line.remarkCodes)];
  for (const remark of remarks.flat()) add({ type: 'RARC', code: remark });
  return codes;
}

export async function decide835Claim(
  claim: Claim835,
  header: Remittance835Header,
  envelope: AnswerEnvelope,
  claimOrdinal: number,
  context: AnswerContext,
): Promise<ClaimAnswer | UnmatchedDraft> {
  const answerId = answerIdOf(context, 'c' + String(claimOrdinal));
  const keys = {
    patientControlNumber: claim.patientControlNumber,
    payerId: header.payer.id,
    chargeAmount: claim.chargeAmount,
    payerClaimControlNumber: claim.payerClaimControlNumber,
  };
  const indicatedStatus = remittanceOutcome(claim);
  const codes = codesOf(claim);
  const match = await match835Claim(context.claims, context.tenantId, keys);
  if (match.matched === null) {
    return {
      answerId,
      document: '835',
      reason: match.reason,
      candidates: match.candidates,
      identifiers: { ...identifiersOf(keys), paidAmount: claim.paidAmount },
      indicatedStatus,
      codes,
    };
  }
  const patientResponsibilityAmount = formatCents(patientResponsibilityCents(claim));
  return {
    claimId: match.matched.claimId,
    answerId,
    document: '835',
    indicatedStatus,
    codes,
    controlNumbers: {
      isa13: envelope.controlNumber,
      ...(envelope.groupControlNumber === null ? {} : { gs06: envelope.groupControlNumber }),
      st02: header.controlNumber,
    },
    payerAnswer: {
      ...(claim.payerClaimControlNumber === null
        ? {}
        : { payerClaimControlNumber: claim.payerClaimControlNumber }),
      paidAmount: claim.paidAmount,
      patientResponsibilityAmount,
    },
    remittance: {
      claimStatusCode: claim.statusCode,
      outcome: indicatedStatus ?? match.matched.status,
      payerClaimControlNumber: claim.payerClaimControlNumber,
      chargeAmount: claim.chargeAmount,
      paidAmount: claim.paidAmount,
      patientResponsibilityAmount,
      adjustments: stored(claim.adjustments),
      remarkCodes: claim.remarkCodes,
      serviceLines: claim.serviceLines.map((line) => ({
        procedureCode: line.procedureCode,
        lineItemControlNumber: line.lineItemControlNumber,
        chargeAmount: line.chargeAmount,
        paidAmount: line.paidAmount,
        adjustments: stored(line.adjustments),
        remarkCodes: line.remarkCodes,
      })),
      paymentDate: header.payment.date,
      paymentTrace: header.payment.traceNumber,
    },
  };
}
