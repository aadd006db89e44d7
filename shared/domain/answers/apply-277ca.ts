// 277CA (X12.md section 5). Claim loops (2200D) are matched by our trace id (REF*D9), else by
// patient control number (TRN02) + payer + charge (STC04); their categories decide the status
// (status-categories.ts) and REF*1K gives the payer claim number. A rejection above the claim
// level (2000B receiver or 2000C provider STC with a rejecting category, usually with no claim
// loops under it) fans out to every claim of the batch we sent (its 2200B/2200C TRN02 is our
// ISA13), for a provider only to the claims of that billing provider (pitfall 10).
import type { ClaimStatus as X12ClaimStatus } from '#shared/x12/parse-277ca';
import type {
  ClaimAcknowledgment,
  ClaimAcknowledgment277,
  InformationReceiver,
  ProviderLevel,
} from '#shared/x12/parse-277ca';
import type { AnswerContext } from './answer-context.ts';
import { answerIdOf } from './answer-context.ts';
import type { AnswerEnvelope } from './answer-envelope.ts';
import type { AnswerDecisions, ClaimAnswer, EventCodes, UnmatchedDraft } from './claim-answer.ts';
import { identifiersOf } from './choose-claim.ts';
import { isRejectionCategory, statusOfCategories } from './status-categories.ts';
import { match277Claim, ourSide, type SentInterchange } from './match-claims.ts';

/** Billing provider NPI of a claim as submitted (for provider-level rejections). */
export interface BillingProviderDirectory {
  billingProviderNpi(tenantId: string, claimId: string): Promise<string | undefined>;
}

function codesOf(statuses: readonly X12ClaimStatus[]): EventCodes {
  return statuses.map((status) => ({
    type: 'STC',
    code: `${status.categoryCode}:${status.statusCode}`,
    ...(status.entityCode === null ? {} : { group: status.entityCode }),
  }));
}

function payerIdOf(acknowledgment: ClaimAcknowledgment277): string | null {
  // only a payer's own 277CA names the payer; a clearinghouse's (NM1*AY) does not
  const source = acknowledgment.informationSources[0]?.entity;
  return source?.entityCode === 'PR' ? source.id : null;
}

export async function decide277ca(
  acknowledgment: ClaimAcknowledgment277,
  envelope: AnswerEnvelope,
  ordinal: number,
  context: AnswerContext & { readonly providers: BillingProviderDirectory },
): Promise<AnswerDecisions> {
  const answers: ClaimAnswer[] = [];
  const unmatched: UnmatchedDraft[] = [];
  const controlNumbers = {
    isa13: envelope.controlNumber,
    ...(envelope.groupControlNumber === null ? {} : { gs06: envelope.groupControlNumber }),
    st02: acknowledgment.controlNumber,
  };
  const payerId = payerIdOf(acknowledgment);
  for (const [index, claim] of acknowledgment.claims.entries()) {
    const decided = await decideClaim(claim, payerId, index + 1);
    if ('claimId' in decided) answers.push(decided);
    else unmatched.push(decided);
  }
  for (const receiver of acknowledgment.receivers) {
    if (!receiver.statuses.some((status) => isRejectionCategory(status.categoryCode))) continue;
    await fanOut(`R${receiver.hlId}`, receiver.statuses, [receiver.traceNumber], undefined);
  }
  for (const provider of acknowledgment.providers) {
    if (!provider.statuses.some((status) => isRejectionCategory(status.categoryCode))) continue;
    const receiver = acknowledgment.receivers.find((r) => r.hlId === provider.receiverHlId);
    await fanOut(
      `P${provider.hlId}`,
      provider.statuses,
      [provider.traceNumber, receiver?.traceNumber ?? null],
      provider,
    );
  }
  return { answers, unmatched };

  async function decideClaim(
    claim: ClaimAcknowledgment,
    payer: string | null,
    item: number,
  ): Promise<ClaimAnswer | UnmatchedDraft> {
    const answerId = answerIdOf(context, ordinal, item);
    const indicatedStatus = statusOfCategories(claim.statuses.map((s) => s.categoryCode));
    const codes = codesOf(claim.statuses);
    const keys = {
      patientControlNumber: claim.patientControlNumber,
      payerId: payer,
      chargeAmount: claim.chargeAmount,
      payerClaimControlNumber: claim.payerClaimControlNumber,
    };
    const match = await match277Claim(
      context.claims,
      context.tenantId,
      claim.clearinghouseTraceNumber,
      keys,
    );
    if (match.matched === null) {
      return {
        answerId,
        document: '277CA',
        reason: match.reason,
        candidates: match.candidates,
        identifiers: identifiersOf(keys, claim.clearinghouseTraceNumber),
        indicatedStatus,
        codes,
      };
    }
    return {
      claimId: match.matched.claimId,
      answerId,
      document: '277CA',
      indicatedStatus,
      codes,
      controlNumbers,
      ...(claim.payerClaimControlNumber === null
        ? {}
        : { payerAnswer: { payerClaimControlNumber: claim.payerClaimControlNumber } }),
    };
  }

  async function fanOut(
    item: string,
    statuses: InformationReceiver['statuses'],
    traces: readonly (string | null)[],
    provider: ProviderLevel | undefined,
  ): Promise<void> {
    const answerId = answerIdOf(context, ordinal, item);
    const codes = codesOf(statuses);
    let sent: SentInterchange | undefined;
    let trace: string | null = null;
    for (const candidate of traces) {
      if (candidate === null || sent !== undefined) continue;
      trace = candidate;
      sent = await context.interchanges.byInterchangeControlNumber({
        ...ourSide(envelope),
        isa13: /^\d{1,9}$/.test(candidate) ? candidate.padStart(9, '0') : candidate,
      });
    }
    if (sent === undefined || sent.tenantId !== context.tenantId) {
      unmatched.push({
        answerId,
        document: '277CA',
        reason: sent === undefined ? 'unknown-batch' : 'other-tenant',
        candidates: 0,
        identifiers: {
          ...(trace === null ? {} : { batchTrace: trace }),
          ...(provider?.npi ? { providerNpi: provider.npi } : {}),
        },
        indicatedStatus: 'REJECTED',
        codes,
      });
      return;
    }
    for (const set of sent.transactionSets) {
      if (provider !== undefined && provider.npi !== null) {
        const npi = await context.providers.billingProviderNpi(context.tenantId, set.claimId);
        if (npi !== provider.npi) continue;
      }
      answers.push({
        claimId: set.claimId,
        answerId,
        document: '277CA',
        indicatedStatus: 'REJECTED',
        codes,
        controlNumbers,
      });
    }
  }
}
