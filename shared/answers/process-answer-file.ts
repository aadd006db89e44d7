// One payer answer file end to end (the process-response function's work; the poller archived
// the raw bytes to S3 before queueing it, docs/ARCHITECTURE.md section 8):
// 1. the file is claimed by content hash with a conditional write: a DONE or PARKED file is not
//    processed again; a PROCESSING one (a worker died) is resumed;
// 2. it is read and checked whole (answer-file.ts); a malformed file is parked (recorded with
//    where it broke, logged as an error and counted in a metric the alarm watches), and the
//    caller goes on with the rest of its batch;
// 3. every answer is matched to claims and applied: one conditional write per claim, which
//    skips an answer already in the claim's history (same file hash and place in the file);
//    answers that match no claim, or several, are recorded as unmatched;
// 4. one notify message per status change; a resumed file re-sends the status changes it had
//    made (same message ids), because the first run may have died before sending them.
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logger, metrics } from '#shared/observability/logger';
import {
  type AnswerFileCounts,
  type AnswerFileProblem,
  type AnswerRepository,
} from '#shared/storage/dynamodb/answer-repository';
import {
  ClaimNotFoundError,
  type ClaimRepository,
} from '#shared/storage/dynamodb/claim-repository';
import { ANSWER_RECORDED_EVENT } from '#shared/domain/lifecycle/decide-answer';
import type { AnswerContext } from '#shared/domain/answers/answer-context';
import {
  forEach835Claim,
  MalformedAnswerError,
  readAnswerFile,
  contentHash,
  type AnswerTransaction,
} from './answer-file.ts';
import { decide277ca, type BillingProviderDirectory } from '#shared/domain/answers/apply-277ca';
import { decide835Claim } from '#shared/domain/answers/apply-835';
import { decide999 } from '#shared/domain/answers/apply-999';
import { decideTa1 } from '#shared/domain/answers/apply-ta1';
import {
  eventTypeOf,
  sourceKindOf,
  type AnswerDecisions,
  type ClaimAnswer,
  type UnmatchedDraft,
} from '#shared/domain/answers/claim-answer';
import {
  notificationOf,
  type ClaimNotification,
  type ClaimNotifier,
} from '../webhooks/claim-notification.ts';
import type { ClaimDirectory, InterchangeLookup } from '#shared/domain/answers/match-claims';

export interface AnswerFileInput {
  /** the tenant whose payer connection delivered the file */
  readonly tenantId: string;
  /** the archive key of the raw file (on every history event it causes) */
  readonly rawFileKey: string;
  readonly content: Uint8Array;
  readonly receivedAt: Date;
}

export interface AnswerProcessingDependencies {
  readonly claims: ClaimRepository;
  readonly answers: AnswerRepository;
  readonly interchanges: InterchangeLookup;
  readonly directory: ClaimDirectory & BillingProviderDirectory;
  readonly notifier: ClaimNotifier;
  readonly now?: () => Date;
}

export type AnswerFileResult =
  | { readonly outcome: 'processed'; readonly resumed: boolean; readonly counts: AnswerFileCounts }
  | { readonly outcome: 'duplicate'; readonly state: 'DONE' | 'PARKED' | 'PROCESSING' }
  | { readonly outcome: 'parked'; readonly problem: AnswerFileProblem };

/** 835 claims applied at once: bounded, so a big remittance never needs a big function. */
const CLAIM_BATCH = 25;

export async function processAnswerFile(
  input: AnswerFileInput,
  dependencies: AnswerProcessingDependencies,
): Promise<AnswerFileResult> {
  const now = dependencies.now ?? (() => new Date());
  const contentSha256 = contentHash(input.content);
  const log = { tenantId: input.tenantId, contentSha256 };
  const begun = await dependencies.answers.beginFile({
    tenantId: input.tenantId,
    contentSha256,
    rawFileKey: input.rawFileKey,
    receivedAt: input.receivedAt.toISOString(),
  });
  if (!begun.proceed) {
    logger.info('answer file already processed', { ...log, state: begun.record.state });
    return { outcome: 'duplicate', state: begun.record.state };
  }

  let file;
  try {
    file = readAnswerFile(input.content);
  } catch (error) {
    if (!(error instanceof MalformedAnswerError)) throw error;
    await dependencies.answers.parkFile(
      input.tenantId,
      contentSha256,
      error.problem,
      now().toISOString(),
    );
    logger.error('answer file parked: malformed', {
      ...log,
      code: error.problem.code,
      segment: error.problem.segment,
      segmentId: error.problem.segmentId,
      position: error.problem.position,
    });
    metrics.addMetric('AnswerFilesParked', MetricUnit.Count, 1);
    return { outcome: 'parked', problem: error.problem };
  }
  if (file.unbalanced835Count > 0) {
    // applied all the same (the payer's money is what it is), and flagged for a person
    logger.warn('835 does not balance', { ...log, unbalancedSets: file.unbalanced835Count });
  }

  const context: AnswerContext & { providers: BillingProviderDirectory } = {
    tenantId: input.tenantId,
    contentSha256,
    interchanges: dependencies.interchanges,
    claims: dependencies.directory,
    providers: dependencies.directory,
  };
  const counts = {
    transactions: file.transactions.length,
    answers: 0,
    statusChanges: 0,
    recordedOnly: 0,
    alreadyApplied: 0,
    unmatched: 0,
    warnings: file.warningCount,
  };

  const applyAll = async (
    answers: readonly ClaimAnswer[],
    unmatched: readonly UnmatchedDraft[],
  ): Promise<void> => {
    const notifications: ClaimNotification[] = [];
    // claims in parallel, but one claim's answers in file order (a reversal before its correction)
    const byClaim = new Map<string, ClaimAnswer[]>();
    for (const answer of answers) {
      const list = byClaim.get(answer.claimId);
      if (list === undefined) byClaim.set(answer.claimId, [answer]);
      else list.push(answer);
    }
    const groups = [...byClaim.values()];
    for (let start = 0; start < groups.length; start += CLAIM_BATCH) {
      const results = await Promise.all(
        groups.slice(start, start + CLAIM_BATCH).map(async (group) => {
          const sent: ClaimNotification[] = [];
          for (const answer of group) {
            const notification = await apply(answer);
            if (notification !== undefined) sent.push(notification);
          }
          return sent;
        }),
      );
      notifications.push(...results.flat());
    }
    for (const draft of unmatched) await recordUnmatched(draft);
    await dependencies.notifier.publish(notifications);
  };

  const apply = async (answer: ClaimAnswer): Promise<ClaimNotification | undefined> => {
    counts.answers++;
    try {
      if (answer.remittance !== undefined) {
        // before the claim write, so the summary never names a details item that is not there
        await dependencies.answers.putRemittance({
          tenantId: input.tenantId,
          claimId: answer.claimId,
          answerId: answer.answerId,
          rawFileKey: input.rawFileKey,
          ...answer.remittance,
        });
      }
      const result = await dependencies.claims.applyAnswer({
        tenantId: input.tenantId,
        claimId: answer.claimId,
        answerId: answer.answerId,
        indicatedStatus: answer.indicatedStatus,
        type:
          answer.indicatedStatus === null
            ? ANSWER_RECORDED_EVENT
            : eventTypeOf(answer.indicatedStatus),
        source: {
          kind: sourceKindOf(answer.document),
          rawFileKey: input.rawFileKey,
          controlNumbers: answer.controlNumbers,
        },
        codes: answer.codes,
        ...(answer.payerAnswer === undefined ? {} : { payerAnswer: answer.payerAnswer }),
        now: now(),
      });
      const changed = result.event.type !== ANSWER_RECORDED_EVENT;
      if (result.alreadyApplied) {
        counts.alreadyApplied++;
        return begun.resumed && changed
          ? notificationOf(input.tenantId, answer.claimId, result.event)
          : undefined;
      }
      if (!result.statusChanged) {
        counts.recordedOnly++;
        return undefined;
      }
      counts.statusChanges++;
      return notificationOf(input.tenantId, answer.claimId, result.event);
    } catch (error) {
      if (!(error instanceof ClaimNotFoundError)) throw error;
      // an interchange record naming a claim that does not exist: never guess another one
      counts.answers--;
      await recordUnmatched({
        answerId: answer.answerId,
        document: answer.document,
        reason: 'unknown-claim',
        candidates: 0,
        identifiers: { ...answer.controlNumbers },
        indicatedStatus: answer.indicatedStatus,
        codes: answer.codes,
      });
      return undefined;
    }
  };

  const recordUnmatched = async (draft: UnmatchedDraft): Promise<void> => {
    counts.unmatched++;
    await dependencies.answers.putUnmatched({
      ...draft,
      tenantId: input.tenantId,
      rawFileKey: input.rawFileKey,
      receivedAt: input.receivedAt.toISOString(),
    });
  };

  for (const transaction of file.transactions) {
    const decided = await decideTransaction(transaction, context);
    if (decided !== null) await applyAll(decided.answers, decided.unmatched);
  }

  if (file.documents.includes('835')) {
    const envelopes = file.transactions.filter((t) => t.document === '835').map((t) => t.envelope);
    let batch: (ClaimAnswer | UnmatchedDraft)[] = [];
    const flush = async () => {
      const answers = batch.filter((item): item is ClaimAnswer => 'claimId' in item);
      const unmatched = batch.filter((item): item is UnmatchedDraft => !('claimId' in item));
      batch = [];
      await applyAll(answers, unmatched);
    };
    let setIndex = -1;
    let lastHeader: unknown = null;
    await forEach835Claim(input.content, file, async (claim, header, ordinal) => {
      // a new header object starts the next 835 set that has claims
      if (header !== lastHeader) {
        lastHeader = header;
        setIndex = nextSetWithClaims(file.transactions, setIndex);
      }
      const envelope = envelopes[Math.max(setIndex, 0)] ?? envelopes[0];
      if (envelope === undefined) return;
      batch.push(await decide835Claim(claim, header, envelope, ordinal, context));
      if (batch.length >= CLAIM_BATCH) await flush();
    });
    await flush();
  }

  await dependencies.answers.completeFile(input.tenantId, contentSha256, {
    documents: file.documents,
    counts,
    finishedAt: now().toISOString(),
  });
  logger.info('answer file processed', { ...log, resumed: begun.resumed, ...counts });
  return { outcome: 'processed', resumed: begun.resumed, counts };
}

/** The decisions of one TA1, 999 or 277CA transaction; null for an 835 (streamed claim by claim). */
function decideTransaction(
  transaction: AnswerTransaction,
  context: AnswerContext & { readonly providers: BillingProviderDirectory },
): Promise<AnswerDecisions> | null {
  switch (transaction.document) {
    case 'TA1':
      return decideTa1(transaction.ta1, transaction.envelope, transaction.ordinal, context);
    case '999':
      return decide999(
        transaction.acknowledgment,
        transaction.envelope,
        transaction.ordinal,
        context,
      );
    case '277CA':
      return decide277ca(
        transaction.acknowledgment,
        transaction.envelope,
        transaction.ordinal,
        context,
      );
    case '835':
      return null;
  }
}

/** Index (among the file's 835 sets) of the next set after `current` that holds claims. */
function nextSetWithClaims(
  transactions: ReturnType<typeof readAnswerFile>['transactions'],
  current: number,
): number {
  const sets = transactions.filter((t) => t.document === '835');
  for (let index = current + 1; index < sets.length; index++) {
    const set = sets[index];
    if (set?.document === '835' && set.remittance.claimCount > 0) return index;
  }
  return current;
}
