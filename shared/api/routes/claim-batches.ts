// Batch routes: POST /v1/claim-batches (an X12 837 file, body application/edi-x12 or text/plain)
// and GET /v1/claim-batches/{batchId}. The work is in shared/intake/batch-intake.ts.
// - The same file uploaded again answers the first batch (200), whatever its Idempotency-Key; an
//   Idempotency-Key works as on the claim routes as well (a repeat answers the first upload, a
//   reuse with another file 422, a repeat in flight 409).
// - A refused file (unreadable, interchange defects, too many claims) answers 422 with the
//   problem's code and location, the batchId it was recorded as and, for an interchange defect
//   whose ISA could be read, the TA1 R we answered it with (verdicts and X12 text).
// - Answers list the claims in file order; GET pages them (CLAIMS_PER_PAGE a page) and reads their
//   current statuses with one BatchGet per page.
import * as z from 'zod';
import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import type { Context } from 'aws-lambda';
import {
  BatchInProgressError,
  MAX_BATCH_BYTES,
  MAX_BATCH_CLAIMS,
  submitBatch,
  type BatchIntakeDependencies,
  type BatchSubmission,
} from '#shared/intake/batch-intake';
import { x12Path } from '#shared/intake/batch-verdicts';
import { sha256Hex } from '#shared/storage/s3/content-hash';
import {
  CLAIMS_PER_PAGE,
  type BatchClaimEntry,
  type BatchRecord,
  type BatchTa1,
} from '#shared/storage/dynamodb/batch-repository';
import type { ClaimRecord } from '#shared/domain/claims/claim-record';
import { audit } from '../audit.ts';
import { json, type HttpRequest } from '../http.ts';
import { linkTo } from '../public-base-url.ts';
import { IDEMPOTENCY_TTL_SECONDS, idempotencyKeyOf, idempotencyProblem } from '../idempotency.ts';
import { idempotencyKeyPrefix } from '#shared/storage/dynamodb/keys';
import { problems } from '../problem.ts';
import { decodeCursor, encodeCursor, invalidCursor } from '../list-query.ts';
import { requireBodyWithin, requireContentType } from '../request-body.ts';
import type { Route, RouteHandler } from '../router.ts';

export interface BatchRouteDependencies {
  readonly intake: BatchIntakeDependencies;
  readonly idempotencyStore: BasePersistenceLayer;
  readonly lambdaContext: () => Context | undefined;
}

/** The media types of an X12 upload (RFC 1767's, and plain text as many systems send it). */
export const BATCH_MEDIA_TYPES = ['application/edi-x12', 'text/plain'] as const;

/** An answer above this drops the claims' errors and the 999 text (GET has them): Lambda's 6 MB. */
const MAX_ANSWER_CHARS = 4 * 1024 * 1024;

const cursorSchema = z.object({ page: z.number().int().min(1) });

interface BatchInput {
  readonly tenantId: string;
  readonly idempotencyKey: string;
  readonly contentSha256: string;
  readonly content: string;
  readonly requestId: string;
}

export function claimBatchRoutes(dependencies: BatchRouteDependencies): Route[] {
  const { intake } = dependencies;
  const idempotencyConfig = new IdempotencyConfig({
    eventKeyJmesPath: '[tenantId, idempotencyKey]',
    // the file itself is too big to keep: its hash tells a repeat from a reuse
    payloadValidationJmesPath: 'contentSha256',
    expiresAfterSeconds: IDEMPOTENCY_TTL_SECONDS,
    throwOnNoIdempotencyKey: true,
  });
  const submit = (input: Omit<BatchInput, 'idempotencyKey' | 'contentSha256'>) =>
    submitBatch(intake, input);
  // the stored answer is the batch id only (a batch's claims can pass DynamoDB's item size)
  const submitOnce = makeIdempotent(async (input: BatchInput) => await submit(input), {
    persistenceStore: dependencies.idempotencyStore,
    config: idempotencyConfig,
    keyPrefix: idempotencyKeyPrefix('claim-batches'),
  });

  const upload: RouteHandler = async (request) => {
    requireContentType(request, BATCH_MEDIA_TYPES);
    const content = requireBodyWithin(request, MAX_BATCH_BYTES);
    if (content.trim() === '') {
      throw problems.validation([
        { path: 'body', code: 'EMPTY_BODY', message: 'the body must be an X12 837 file' },
      ]);
    }
    const tenantId = request.tenantId as string;
    const input = { tenantId, content, requestId: request.requestId };
    const idempotencyKey = idempotencyKeyOf(request);
    let submission: BatchSubmission;
    try {
      if (idempotencyKey === undefined) {
        submission = await submit(input);
      } else {
        const context = dependencies.lambdaContext();
        if (context !== undefined) idempotencyConfig.registerLambdaContext(context);
        submission = await submitOnce({
          ...input,
          idempotencyKey,
          contentSha256: sha256Hex(content),
        });
      }
    } catch (error) {
      if (error instanceof BatchInProgressError)
        throw problems.batchInProgress(error.retryAfterSeconds);
      throw idempotencyProblem(error) ?? error;
    }
    const batch = await findBatch(tenantId, submission.batchId);
    audit(submission.processed ? 'claim-batch.submitted' : 'claim-batch.resubmitted', request, {
      batchId: batch.batchId,
    });
    await refuseWhenRefused(batch);
    const entries = await allEntries(batch);
    if (submission.processed) {
      for (const entry of entries) {
        if (entry.claimId !== undefined) {
          audit('claim.submitted', request, { claimId: entry.claimId, batchId: batch.batchId });
        }
      }
    }
    const texts = await answerTexts(batch);
    const full = {
      ...batchView(request, batch, texts),
      claims: entries.map((entry) => claimView(request, entry)),
    };
    let body = JSON.stringify(full);
    if (body.length > MAX_ANSWER_CHARS) {
      body = JSON.stringify({
        ...batchView(request, batch, {}),
        claims: entries.map((entry) => claimView(request, entry, undefined, false)),
        truncated:
          'errors and the 999 and TA1 texts are left out of this answer; GET the batch for them',
      });
    }
    return {
      statusCode: submission.processed ? 202 : 200,
      headers: {
        'content-type': 'application/json',
        location: linkTo(request, `/v1/claim-batches/${batch.batchId}`),
      },
      body,
    };
  };

  const read: RouteHandler = async (request, params) => {
    const tenantId = request.tenantId as string;
    const batch = await findBatch(tenantId, params.batchId ?? '');
    audit('claim-batch.read', request, { batchId: batch.batchId });
    const page = pageOf(request);
    const pages = batch.pages ?? 0;
    if (page > 0 && page >= pages) throw invalidCursor();
    const entries =
      pages === 0 ? [] : ((await intake.batches.getClaimPage(tenantId, batch.batchId, page)) ?? []);
    const claimIds = entries.flatMap((entry) => (entry.claimId ? [entry.claimId] : []));
    const current = new Map(
      (await intake.claims.getMany(tenantId, claimIds)).map((record) => [record.claimId, record]),
    );
    return json(200, {
      ...batchView(request, batch, page === 0 ? await answerTexts(batch) : {}),
      claims: entries.map((entry) => claimView(request, entry, current.get(entry.claimId ?? ''))),
      ...(page + 1 < pages ? { nextCursor: encodeCursor({ page: page + 1 }) } : {}),
    });
  };

  /** The caller's batch (404 for anyone else's). */
  const findBatch = async (tenantId: string, batchId: string): Promise<BatchRecord> => {
    const batch = await intake.batches.get(tenantId, batchId);
    // another tenant's batch id is simply not found: 404, never 403
    if (batch === undefined) throw problems.notFound('claim batch');
    return batch;
  };

  const allEntries = async (batch: BatchRecord): Promise<BatchClaimEntry[]> => {
    const pages = await Promise.all(
      Array.from({ length: batch.pages ?? 0 }, (_unused, page) =>
        intake.batches.getClaimPage(batch.tenantId, batch.batchId, page),
      ),
    );
    return pages.flatMap((page) => page ?? []);
  };

  /** The X12 text of the 999 and of the TA1 we answered the batch with. */
  const answerTexts = async (batch: BatchRecord): Promise<AnswerTexts> => {
    const textOf = async (answer: { readonly rawFileKey: string } | undefined) =>
      answer === undefined ? undefined : await intake.archive.getText(answer.rawFileKey);
    const [ack, ta1] = await Promise.all([textOf(batch.acknowledgment), textOf(batch.ta1)]);
    return { ...(ack === undefined ? {} : { ack }), ...(ta1 === undefined ? {} : { ta1 }) };
  };

  /** Answers 422 for a file refused as a whole, naming the problem's code and location. */
  const refuseWhenRefused = async (batch: BatchRecord): Promise<void> => {
    const problem = batch.problem;
    if (problem === undefined) return;
    const ta1 =
      batch.ta1 === undefined ? undefined : ta1View(batch.ta1, (await answerTexts(batch)).ta1);
    throw problems.batchRefused(
      batch.batchId,
      [
        {
          path:
            problem.segment === undefined
              ? 'body'
              : x12Path(problem.segment, problem.segmentId ?? '', problem.position),
          code: problem.code,
          message: problem.message,
        },
      ],
      ta1,
    );
  };

  return [
    {
      method: 'POST',
      path: '/v1/claim-batches',
      handle: upload,
      doc: {
        summary: `Upload an X12 837P/837I file: every claim is validated as a JSON submission, the claims of accepted transaction sets are stored and queued, and a 999 is produced. At most ${MAX_BATCH_BYTES} bytes and ${MAX_BATCH_CLAIMS} claims; a set is accepted only whole.`,
        requestContentType: BATCH_MEDIA_TYPES[0],
        requestBodySchema: {
          type: 'string',
          description: 'an X12 837 (005010X222A1 or 005010X223A2) file',
        },
        responses: {
          200: 'the same file was uploaded before: its batch (status, counts, 999, TA1, claims)',
          202: 'processed: batchId, status (ACCEPTED, PARTIALLY_ACCEPTED, REJECTED), counts, the 999 (and ta1, a TA1 A, when ISA14 = 1: schema BatchTa1), every claim with its outcome (claimId and status, or its errors)',
          400: 'empty body or malformed Idempotency-Key',
          409: 'the same file (or Idempotency-Key) is still being processed (Retry-After)',
          413: `body over ${MAX_BATCH_BYTES} bytes`,
          415: 'not application/edi-x12 or text/plain',
          422: `the file cannot be answered with a 999 (unreadable, interchange defects, no transaction set, more than ${MAX_BATCH_CLAIMS} claims): errors name the code and segment, batchId the record and, for an ISA/IEA defect whose ISA could be read, ta1 the TA1 R answering it (schema BatchTa1, with its X12 text); or an Idempotency-Key reused with another file`,
        },
      },
    },
    {
      method: 'GET',
      path: '/v1/claim-batches/{batchId}',
      handle: read,
      doc: {
        summary: `A batch: status, counts, the 999 and the TA1 (texts on the first page), the problem of a refused file, and its claims in file order, ${CLAIMS_PER_PAGE} a page, each with its current status or its errors`,
        responses: {
          200: 'the batch and a page of its claims; nextCursor when there are more',
          400: 'invalid cursor',
          404: 'no such batch for this tenant',
        },
        query: [
          {
            name: 'cursor',
            description: 'nextCursor of the previous page',
            schema: { type: 'string' },
          },
        ],
      },
    },
  ];
}

/** The X12 texts of a batch's answers (left out of a truncated answer and of later pages). */
interface AnswerTexts {
  readonly ack?: string;
  readonly ta1?: string;
}

function ta1View(ta1: BatchTa1, x12: string | undefined): Record<string, unknown> {
  return {
    interchanges: ta1.interchanges,
    producedAt: ta1.producedAt,
    ...(x12 === undefined ? {} : { x12 }),
  };
}

function batchView(
  request: HttpRequest,
  batch: BatchRecord,
  texts: AnswerTexts,
): Record<string, unknown> {
  const acknowledgment = batch.acknowledgment;
  return {
    batchId: batch.batchId,
    status: batch.status,
    receivedAt: batch.receivedAt,
    updatedAt: batch.updatedAt,
    sizeBytes: batch.sizeBytes,
    contentSha256: batch.contentSha256,
    ...(batch.counts ? { counts: batch.counts } : {}),
    ...(acknowledgment
      ? {
          acknowledgment: {
            verdict: acknowledgment.verdict,
            groups: acknowledgment.groups,
            interchangeControlNumbers: acknowledgment.interchangeControlNumbers,
            producedAt: acknowledgment.producedAt,
            ...(texts.ack === undefined ? {} : { x12: texts.ack }),
          },
        }
      : {}),
    ...(batch.problem ? { problem: batch.problem } : {}),
    ...(batch.ta1 ? { ta1: ta1View(batch.ta1, texts.ta1) } : {}),
    links: { self: linkTo(request, `/v1/claim-batches/${batch.batchId}`) },
  };
}

/** A claim of the batch; `current` is its claim item now (GET), else the status at intake. */
function claimView(
  request: HttpRequest,
  entry: BatchClaimEntry,
  current?: ClaimRecord,
  withErrors = true,
): Record<string, unknown> {
  return {
    sequence: entry.seq,
    transactionSetControlNumber: entry.transactionSetControlNumber,
    ...(entry.segmentPosition === null ? {} : { segmentPosition: entry.segmentPosition }),
    patientControlNumber: entry.patientControlNumber,
    outcome: entry.outcome,
    ...(entry.claimId === undefined
      ? {}
      : {
          claimId: entry.claimId,
          status: current?.status ?? entry.status,
          links: { self: linkTo(request, `/v1/claims/${entry.claimId}`) },
        }),
    ...(entry.errors === undefined
      ? {}
      : withErrors
        ? { errors: entry.errors }
        : { errorCount: entry.errors.length }),
  };
}

function pageOf(request: HttpRequest): number {
  const cursor = request.query.cursor;
  if (cursor === undefined) return 0;
  return decodeCursor(cursor, cursorSchema).page;
}
