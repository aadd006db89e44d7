// Batch intake: an uploaded X12 837 file (POST /v1/claim-batches) becomes claims and a 999.
//
// 1. The file is archived (S3) and a batch record stored (RECEIVED, leased to this request)
//    before it is parsed. The batch id is derived from the tenant and the content hash: the same
//    file uploaded again finds the first batch and creates nothing.
// 2. The file is read with the tolerant 837 parser (a set the parser refuses is rejected alone).
//    A file that cannot be read at all, has interchange (ISA/IEA) defects, holds no transaction
//    set or more than MAX_BATCH_CLAIMS claims is REJECTED as a whole, with the problem's code and
//    location, and no 999. When the problem is the interchange's and its ISA could be read, a TA1
//    R (TA105 from TA1_NOTE_CODE_TABLE) answers it; batch.acknowledged tells the refusal too.
// 3. Every claim is judged with the JSON API's edits (batch-verdicts.ts); a set is accepted only
//    whole. The claims of accepted sets are stored and queued exactly as JSON submissions
//    (storeClaim: RECEIVED, then QUEUED), under ids derived from the batch and their place in the
//    file, so a resumed batch finds them instead of storing them twice.
// 4. The claims' outcomes are written in pages, the 999 generated (ISA13/GS06 from the control
//    number counter of the reply's sender/receiver pair) and archived (with a TA1 A for each
//    interchange whose ISA14 asks for one), batch.acknowledged put on the notify queue, and the
//    batch finished (ACCEPTED, PARTIALLY_ACCEPTED or REJECTED).
//
// A request that dies midway leaves the batch RECEIVED with a lease: a repeat upload waits (409)
// while the lease runs, then takes it over and resumes from step 2 (stored claims are found again,
// the notification has a stable id).
import { logger, metrics } from '#shared/observability/logger';
import {
  CLAIMS_PER_PAGE,
  type BatchAcknowledgment,
  type BatchClaimEntry,
  type BatchCounts,
  type BatchProblem,
  type BatchRecord,
  type BatchRepository,
  type BatchTa1,
  type Verdict,
} from '#shared/storage/dynamodb/batch-repository';
import { ClaimAlreadyExistsError } from '#shared/storage/dynamodb/claim-repository';
import type { ClaimKind, ClaimRecord } from '#shared/domain/claims/claim-record';
import type { ControlNumbers } from '#shared/transmission/control-numbers';
import { sha256Hex } from '#shared/storage/s3/content-hash';
import { batchNotificationOf, type BatchOutcome } from '#shared/webhooks/batch-notification';
import type { NotifyMessage } from '#shared/webhooks/claim-notification';
import {
  acknowledge837Interchange,
  isUnreadable837,
  replyEnvelope,
  tolerant837Parsers,
  type InterchangeAcknowledgment,
} from '#shared/x12/acknowledge-837';
import { X12Error } from '#shared/x12/errors';
import { generate999, verdictOf } from '#shared/x12/generate-999';
import { generateTa1, TA1_NOTE_CODES, ta1NoteCodeOf } from '#shared/x12/generate-ta1';
import {
  inboundLayout,
  salvageIsa,
  type InboundLayout,
  type InterchangeHeaderFields,
  type InterchangeLayout,
} from '#shared/x12/inbound-layout';
import { parseX12, type GroupDocument, type InterchangeDocument } from '#shared/x12/parse-document';
import { formatInterchangeControlNumber } from '#shared/x12/writer';
import { batchArchiveKey } from '#shared/storage/s3/archive-keys';
import type { BatchArchive } from './batch-archive.ts';
import {
  judgeSet,
  setNotAcceptedError,
  setRejectedError,
  unreadableSetError,
  type JudgedClaim,
} from './batch-verdicts.ts';
import {
  derivedId,
  storeClaim,
  type IntakeDependencies,
  type ValidatedClaim,
} from './claim-intake.ts';
import { enqueueReceivedClaim } from './enqueue-claim.ts';

/**
 * Largest upload: API Gateway takes 10 MB, but a Lambda proxy event (body, headers and context,
 * JSON-escaped) must stay under Lambda's 6 MB synchronous payload limit.
 */
export const MAX_BATCH_BYTES = 5 * 1024 * 1024;
/** Most claims in one upload (the TR3's own recommended maximum of CLMs per transaction set). */
export const MAX_BATCH_CLAIMS = 5000;
/** A request holds a batch this long: longer than the api function's 29 s timeout. */
const LEASE_MS = 30_000;
/** Claims stored at once: 5,000 claims of about 5 calls each fit well inside the 29 s. */
const DEFAULT_CONCURRENCY = 16;

export interface BatchIntakeDependencies extends IntakeDependencies {
  readonly batches: BatchRepository;
  readonly archive: BatchArchive;
  readonly controlNumbers: ControlNumbers;
  readonly notifier: { publish(messages: readonly NotifyMessage[]): Promise<void> };
  readonly concurrency?: number;
}

/** Another request is processing the same file; retry after the given seconds. */
export class BatchInProgressError extends Error {
  readonly retryAfterSeconds: number;
  constructor(retryAfterSeconds: number) {
    super('this file is being processed by another request');
    this.name = 'BatchInProgressError';
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

export interface BatchSubmission {
  readonly batchId: string;
  /** false: the file had been uploaded before and its first batch stands */
  readonly processed: boolean;
}

export function batchIdOf(tenantId: string, contentSha256: string): string {
  return derivedId('bat_', 'batch', tenantId, contentSha256);
}

export async function submitBatch(
  dependencies: BatchIntakeDependencies,
  request: { readonly tenantId: string; readonly content: string; readonly requestId?: string },
): Promise<BatchSubmission> {
  const { batches } = dependencies;
  const now = dependencies.now();
  const contentSha256 = sha256Hex(request.content);
  const batchId = batchIdOf(request.tenantId, contentSha256);
  const lease = new Date(now.getTime() + LEASE_MS).toISOString();
  let batch = await batches.get(request.tenantId, batchId);
  if (batch === undefined) {
    const rawFileKey = batchArchiveKey(request.tenantId, batchId, '837');
    await dependencies.archive.put(rawFileKey, request.content);
    const record: BatchRecord = {
      tenantId: request.tenantId,
      batchId,
      status: 'RECEIVED',
      contentSha256,
      sizeBytes: Buffer.byteLength(request.content, 'utf8'),
      rawFileKey,
      receivedAt: now.toISOString(),
      updatedAt: now.toISOString(),
      attempts: 1,
      leaseUntil: lease,
      ...(request.requestId ? { requestId: request.requestId } : {}),
    };
    if (await batches.create(record)) {
      metrics.addMetric('BatchesReceived', 'Count', 1);
      await processLeased(dependencies, record, request, lease);
      return { batchId, processed: true };
    }
    // a twin request stored it first
    batch = await batches.get(request.tenantId, batchId);
    if (batch === undefined) throw new Error('batch record vanished after a failed create');
  }
  if (batch.status !== 'RECEIVED') return { batchId, processed: false };
  const leaseEnds = Date.parse(batch.leaseUntil ?? '');
  if (leaseEnds > now.getTime()) {
    throw new BatchInProgressError(Math.max(1, Math.ceil((leaseEnds - now.getTime()) / 1000)));
  }
  // its request died or timed out: take it over and resume
  if (!(await batches.takeOver(batch, new Date(lease), now, request.requestId))) {
    throw new BatchInProgressError(1);
  }
  logger.info('resuming an unfinished batch', {
    tenantId: batch.tenantId,
    batchId,
    attempts: batch.attempts + 1,
  });
  await processLeased(dependencies, batch, request, lease);
  return { batchId, processed: true };
}

async function processLeased(
  dependencies: BatchIntakeDependencies,
  batch: BatchRecord,
  request: { readonly content: string; readonly requestId?: string },
  lease: string,
): Promise<void> {
  try {
    await processBatch(dependencies, batch, request);
  } catch (error) {
    await dependencies.batches.release(batch, lease, dependencies.now()).catch(() => undefined); // the lease then runs out on its own
    throw error;
  }
}

interface ReadInterchange {
  readonly document: InterchangeDocument;
  readonly layout: InterchangeLayout;
}

/** A file refused whole: why, what it held (all rejected), and the ISA a TA1 answers, if any. */
export interface RefusedFile {
  readonly ok: false;
  readonly problem: BatchProblem;
  readonly counts: BatchCounts;
  /** the interchange whose envelope is defective, when its ISA could be read */
  readonly ta1For?: InterchangeHeaderFields;
}

type ReadOutcome =
  { readonly ok: true; readonly interchanges: readonly ReadInterchange[] } | RefusedFile;

/** Reads the file; refuses it whole when it cannot be answered with a 999. */
export function readBatchFile(content: string): ReadOutcome {
  // the layout (a cheap tokenizer pass) counts the CLMs before any claim is parsed
  const layout = inboundLayout(content);
  const sets = layout.interchanges
    .flatMap((interchange) => interchange.groups)
    .flatMap((group) => group.sets);
  const claims = sets.reduce((total, set) => total + set.claims.length, 0);
  const refused = (problem: BatchProblem, ta1For?: InterchangeHeaderFields): RefusedFile => ({
    ok: false,
    problem,
    counts: {
      transactionSets: { received: sets.length, accepted: 0, rejected: sets.length },
      claims: { received: claims, accepted: 0, rejected: claims },
    },
    ...(ta1For === undefined ? {} : { ta1For }),
  });
  if (claims > MAX_BATCH_CLAIMS) {
    return refused({
      code: 'TOO_MANY_CLAIMS',
      message: `the file holds ${claims} claims; at most ${MAX_BATCH_CLAIMS} are taken in one upload: split it`,
    });
  }
  let document;
  try {
    document = parseX12(content, { parsers: tolerant837Parsers });
  } catch (error) {
    if (!(error instanceof X12Error)) throw error;
    return refused(error.toJSON(), interchangeOfDefect(layout, content, error));
  }
  const envelopeDefect = [
    ...document.warnings,
    ...document.interchanges.flatMap((interchange) => interchange.warnings),
  ].find((warning) => warning.segmentId === 'ISA' || warning.segmentId === 'IEA');
  if (envelopeDefect !== undefined) {
    return refused(
      {
        code: envelopeDefect.code,
        segment: envelopeDefect.segment,
        segmentId: envelopeDefect.segmentId,
        position: envelopeDefect.position,
        message: `${envelopeDefect.message} (an interchange defect: a TA1 answers it, a 999 cannot)`,
      },
      interchangeOfDefect(layout, content, envelopeDefect),
    );
  }
  const groups = document.interchanges.flatMap((interchange) =>
    interchange.groups.filter((group) => group.interchangeLevel !== true),
  );
  if (groups.every((group) => group.transactions.length === 0)) {
    return refused({ code: 'NO_TRANSACTION_SETS', message: 'the file holds no transaction set' });
  }
  const interchanges: ReadInterchange[] = [];
  for (const [index, interchange] of document.interchanges.entries()) {
    const interchangeLayout = layout.interchanges[index];
    // the tokenizer pass read fewer interchanges than the reader: never seen, never guessed
    if (interchangeLayout === undefined) {
      return refused({
        code: 'UNREADABLE_ENVELOPE',
        message: 'the interchange envelopes could not be located',
      });
    }
    interchanges.push({ document: interchange, layout: interchangeLayout });
  }
  return { ok: true, interchanges };
}

/**
 * The interchange a TA1 R answers for a defect at `defect.segment`: the one the defect is in (or
 * follows), or the file's ISA read by its element separator when the tokenizer refused it. None
 * when no ISA names a sender, a receiver and an ISA13 (nobody to answer, nothing to echo).
 */
function interchangeOfDefect(
  layout: InboundLayout,
  content: string,
  defect: { readonly code: string; readonly segment: number; readonly segmentId: string },
): InterchangeHeaderFields | undefined {
  if (layout.interchanges.length === 0) return salvageIsa(content);
  // a later ISA the tokenizer refused is not the interchange before it
  const refusedIsa =
    defect.segmentId === 'ISA' &&
    !layout.interchanges.some((interchange) => interchange.startOrdinal === defect.segment);
  const found = refusedIsa
    ? undefined
    : layout.interchanges.findLast((interchange) => interchange.startOrdinal <= defect.segment);
  const known =
    found !== undefined &&
    found.senderId !== '' &&
    found.receiverId !== '' &&
    found.controlNumber !== '';
  return known ? found : undefined;
}

/** One claim of the file with what intake decided for it. */
interface PlannedClaim {
  readonly entry: BatchClaimEntry;
  /** to store: the claim passed every edit and its set was accepted */
  readonly store?: { readonly kind: ClaimKind; readonly claim: ValidatedClaim };
}

async function processBatch(
  dependencies: BatchIntakeDependencies,
  batch: BatchRecord,
  request: { readonly content: string; readonly requestId?: string },
): Promise<void> {
  const now = dependencies.now();
  const read = readBatchFile(request.content);
  if (!read.ok) {
    await refuseBatch(dependencies, batch, read);
    return;
  }
  const acknowledged = read.interchanges.map((interchange) => ({
    ...interchange,
    acknowledgment: acknowledge837Interchange(
      interchange.document,
      interchange.layout,
      (set, layout) => judgeSet(set, layout, now),
    ),
  }));
  const planned = planClaims(acknowledged.map((interchange) => interchange.acknowledgment));

  const stored = await mapLimited(
    planned,
    dependencies.concurrency ?? DEFAULT_CONCURRENCY,
    async (item, index) => {
      if (item.store === undefined) return item.entry;
      const record = await storeBatchClaim(dependencies, batch, request, index + 1, item.store);
      return { ...item.entry, claimId: record.claimId, status: record.status };
    },
  );
  const pages = Math.ceil(stored.length / CLAIMS_PER_PAGE);
  await mapLimited(
    Array.from({ length: pages }, (_unused, page) => page),
    4,
    async (page) => {
      const entries = stored.slice(page * CLAIMS_PER_PAGE, (page + 1) * CLAIMS_PER_PAGE);
      await dependencies.batches.putClaimPage(batch.tenantId, batch.batchId, page, entries);
    },
  );

  const acknowledgment = await produce999(dependencies, batch, acknowledged);
  // ISA14 = 1: a TA1 A (000) for the envelope, besides the 999 (as pyx12 and payers answer)
  const ta1Requested = acknowledged.filter(({ document }) => document.acknowledgmentRequested);
  const ta1 =
    ta1Requested.length === 0
      ? undefined
      : await produceTa1(
          dependencies,
          batch,
          ta1Requested.map(({ layout }) => ({
            interchange: layout,
            acknowledgment: 'A' as const,
            noteCode: TA1_NOTE_CODES.noError,
          })),
        );
  const sets = acknowledged.flatMap((interchange) => interchange.acknowledgment.sets);
  const claimsAccepted = stored.filter((entry) => entry.outcome === 'ACCEPTED').length;
  const setsAccepted = sets.filter((set) => set.accepted).length;
  const counts: BatchCounts = {
    transactionSets: {
      received: sets.length,
      accepted: setsAccepted,
      rejected: sets.length - setsAccepted,
    },
    claims: {
      received: stored.length,
      accepted: claimsAccepted,
      rejected: stored.length - claimsAccepted,
    },
  };
  const status =
    acknowledgment.verdict === 'R'
      ? 'REJECTED'
      : acknowledgment.verdict === 'P'
        ? 'PARTIALLY_ACCEPTED'
        : 'ACCEPTED';
  // published before the batch is final: a crash in between re-publishes the same id on resume
  const outcome: BatchOutcome = {
    status,
    counts,
    acknowledgment,
    at: acknowledgment.producedAt,
    ...(ta1 === undefined ? {} : { ta1 }),
  };
  await dependencies.notifier.publish([batchNotificationOf(batch, outcome)]);
  await dependencies.batches.finish(
    batch.tenantId,
    batch.batchId,
    { ...outcome, pages },
    dependencies.now(),
  );
  metrics.addMetric('BatchClaimsAccepted', 'Count', claimsAccepted);
  metrics.addMetric('BatchClaimsRefused', 'Count', stored.length - claimsAccepted);
  logger.info('batch acknowledged', {
    tenantId: batch.tenantId,
    batchId: batch.batchId,
    status,
    verdict: acknowledgment.verdict,
    claims: stored.length,
    claimsAccepted,
  });
}

/**
 * A file refused whole: a TA1 R when its interchange's ISA could be read, batch.acknowledged
 * (REJECTED, the problem's code and location, the TA1's verdict), then the batch final.
 */
async function refuseBatch(
  dependencies: BatchIntakeDependencies,
  batch: BatchRecord,
  refused: RefusedFile,
): Promise<void> {
  const { problem, counts } = refused;
  const ta1 =
    refused.ta1For === undefined
      ? undefined
      : await produceTa1(dependencies, batch, [
          { interchange: refused.ta1For, acknowledgment: 'R', noteCode: ta1NoteCodeOf(problem) },
        ]);
  const outcome: BatchOutcome = {
    status: 'REJECTED',
    counts,
    problem,
    at: ta1?.producedAt ?? dependencies.now().toISOString(),
    ...(ta1 === undefined ? {} : { ta1 }),
  };
  // published before the batch is final, as for a 999: a resumed refusal re-sends the same id
  await dependencies.notifier.publish([batchNotificationOf(batch, outcome)]);
  await dependencies.batches.finish(batch.tenantId, batch.batchId, outcome, dependencies.now());
  metrics.addMetric('BatchesRefused', 'Count', 1);
  logger.info('batch refused', {
    tenantId: batch.tenantId,
    batchId: batch.batchId,
    code: problem.code,
    segment: problem.segment,
    segmentId: problem.segmentId,
    position: problem.position,
    ta1NoteCode: ta1?.interchanges[0]?.noteCode,
  });
}

/** Every claim of the file in order, with its outcome (and what to store for accepted ones). */
function planClaims(
  acknowledgments: readonly InterchangeAcknowledgment<JudgedClaim[]>[],
): PlannedClaim[] {
  const planned: PlannedClaim[] = [];
  for (const set of acknowledgments.flatMap((acknowledgment) => acknowledgment.sets)) {
    const controlNumber = set.input.controlNumber;
    if (set.judged === undefined) {
      // not an 837, or unreadable: its claims are known by the layout only
      const error = isUnreadable837(set.transaction)
        ? unreadableSetError(controlNumber, set.transaction.unreadable)
        : setNotAcceptedError(controlNumber, set.input.transactionSetId);
      for (const position of set.layout?.claims ?? []) {
        planned.push({
          entry: {
            seq: planned.length + 1,
            transactionSetControlNumber: controlNumber,
            segmentPosition: position.claimPosition,
            kind: null,
            patientControlNumber: position.patientControlNumber,
            outcome: 'REJECTED',
            errors: [error],
          },
        });
      }
      continue;
    }
    for (const judged of set.judged) {
      const entry = {
        seq: planned.length + 1,
        transactionSetControlNumber: controlNumber,
        segmentPosition: judged.segmentPosition,
        kind: judged.kind,
        patientControlNumber: judged.patientControlNumber,
      };
      if (set.accepted && judged.claim !== null) {
        planned.push({
          entry: { ...entry, outcome: 'ACCEPTED' },
          store: { kind: judged.kind, claim: judged.claim },
        });
      } else {
        const errors = judged.errors.length > 0 ? judged.errors : [setRejectedError(controlNumber)];
        planned.push({ entry: { ...entry, outcome: 'REJECTED', errors } });
      }
    }
  }
  return planned;
}

/** Stores one claim as a JSON submission would be; a resumed batch finds it and queues it. */
async function storeBatchClaim(
  dependencies: BatchIntakeDependencies,
  batch: BatchRecord,
  request: { readonly requestId?: string },
  seq: number,
  item: { readonly kind: ClaimKind; readonly claim: ValidatedClaim },
): Promise<ClaimRecord> {
  const claimId = derivedId('clm_', 'batch', batch.tenantId, batch.batchId, String(seq));
  const source = {
    kind: 'batch' as const,
    ...(request.requestId ? { requestId: request.requestId } : {}),
  };
  try {
    return await storeClaim(
      { ...dependencies, newClaimId: () => claimId },
      {
        tenantId: batch.tenantId,
        kind: item.kind,
        claim: item.claim,
        channel: 'batch',
        batchId: batch.batchId,
        ...(request.requestId ? { requestId: request.requestId } : {}),
      },
    );
  } catch (error) {
    if (!(error instanceof ClaimAlreadyExistsError)) throw error;
    const existing = await dependencies.claims.get(batch.tenantId, claimId);
    // stored by the request that died, maybe before its enqueue: queue it (transmit de-duplicates)
    return existing.status === 'RECEIVED'
      ? await enqueueReceivedClaim(dependencies, existing, source)
      : existing;
  }
}

/** One 999 interchange per inbound interchange, archived; the verdicts over the whole file. */
async function produce999(
  dependencies: BatchIntakeDependencies,
  batch: BatchRecord,
  interchanges: readonly (ReadInterchange & {
    readonly acknowledgment: InterchangeAcknowledgment<JudgedClaim[]>;
  })[],
): Promise<BatchAcknowledgment> {
  const producedAt = dependencies.now();
  const texts: string[] = [];
  const interchangeControlNumbers: string[] = [];
  for (const { document, layout, acknowledgment } of interchanges) {
    if (acknowledgment.groups.length === 0) continue;
    const parties = replyEnvelope(layout, 1, producedAt);
    const controlNumber = await dependencies.controlNumbers.next(parties);
    const first = document.groups.find(
      (group): group is GroupDocument => group.interchangeLevel !== true,
    );
    texts.push(
      generate999({
        interchange: replyEnvelope(layout, controlNumber, producedAt),
        senderCode: first?.receiverCode ?? layout.receiverId,
        receiverCode: first?.senderCode ?? layout.senderId,
        groupControlNumber: controlNumber,
        firstTransactionSetControlNumber: 1,
        groups: acknowledgment.groups,
      }),
    );
    interchangeControlNumbers.push(formatInterchangeControlNumber(controlNumber));
  }
  const rawFileKey = batchArchiveKey(
    batch.tenantId,
    batch.batchId,
    `999-${interchangeControlNumbers.join('-')}`,
  );
  await dependencies.archive.put(rawFileKey, texts.join('\n'));
  const groups = interchanges.flatMap(({ acknowledgment }) =>
    acknowledgment.groups.map((group) => verdictOf(group)),
  );
  return {
    verdict: overallVerdict(groups),
    groups: groups.map((group) => ({
      controlNumber: group.controlNumber,
      acknowledgment: group.acknowledgment,
      included: group.included,
      accepted: group.accepted,
    })),
    rawFileKey,
    interchangeControlNumbers,
    producedAt: producedAt.toISOString(),
  };
}

/**
 * One TA1 interchange per answered interchange (sender and receiver swapped, ISA13 from the same
 * counter as the 999's), archived next to the upload as `ta1-<ISA13>.x12`.
 */
async function produceTa1(
  dependencies: BatchIntakeDependencies,
  batch: BatchRecord,
  answers: readonly {
    readonly interchange: InterchangeHeaderFields;
    readonly acknowledgment: 'A' | 'R';
    readonly noteCode: string;
  }[],
): Promise<BatchTa1> {
  const producedAt = dependencies.now();
  const texts: string[] = [];
  const interchanges: BatchTa1['interchanges'][number][] = [];
  for (const { interchange, acknowledgment, noteCode } of answers) {
    const controlNumber = await dependencies.controlNumbers.next(
      replyEnvelope(interchange, 1, producedAt),
    );
    texts.push(
      generateTa1({
        interchange: replyEnvelope(interchange, controlNumber, producedAt),
        acknowledgedControlNumber: interchange.controlNumber,
        acknowledgedDate: interchange.date,
        acknowledgedTime: interchange.time,
        acknowledgment,
        noteCode,
      }),
    );
    interchanges.push({
      acknowledgedControlNumber: interchange.controlNumber.padStart(9, '0'),
      acknowledgment,
      noteCode,
      interchangeControlNumber: formatInterchangeControlNumber(controlNumber),
    });
  }
  const rawFileKey = batchArchiveKey(
    batch.tenantId,
    batch.batchId,
    `ta1-${interchanges.map((answer) => answer.interchangeControlNumber).join('-')}`,
  );
  await dependencies.archive.put(rawFileKey, texts.join('\n'));
  return { interchanges, rawFileKey, producedAt: producedAt.toISOString() };
}

/** AK9's rule over every group of the file: R none accepted, P some, E or A all. */
export function overallVerdict(
  groups: readonly {
    readonly acknowledgment: Verdict;
    readonly included: number;
    readonly accepted: number;
  }[],
): Verdict {
  const included = groups.reduce((total, group) => total + group.included, 0);
  const accepted = groups.reduce((total, group) => total + group.accepted, 0);
  if (accepted === 0) return 'R';
  if (accepted < included) return 'P';
  return groups.some((group) => group.acknowledgment === 'E') ? 'E' : 'A';
}

/**
 * Runs `work` over the items, at most `limit` at once, and answers the results in item order.
 * The first failure stops the workers from starting more items and is thrown.
 */
async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (!failed && next < items.length) {
      const index = next++;
      try {
        results[index] = await work(items[index] as T, index);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
