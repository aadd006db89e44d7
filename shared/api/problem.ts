// Errors as application/problem+json (RFC 9457) with `errors: [{path, code, message}]`.
// Messages never repeat the values sent (they may be PHI), only where and why.
import type { HttpResponse } from './http.ts';

export interface FieldError {
  readonly path: string;
  readonly code: string;
  readonly message: string;
}

export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail?: string;
  readonly errors?: readonly FieldError[];
  /** extension member: the batch a refused upload was recorded as (GET /v1/claim-batches/{id}) */
  readonly batchId?: string;
  /** extension member: the TA1 a refused upload was answered with (its verdicts and X12 text) */
  readonly ta1?: Readonly<Record<string, unknown>>;
}

export const PROBLEM_MEDIA_TYPE = 'application/problem+json';

/** An error that routes throw to answer with a problem document (never a 500). */
export class HttpProblem extends Error {
  readonly problem: Problem;
  readonly headers: Readonly<Record<string, string>>;
  constructor(problem: Problem, headers: Record<string, string> = {}) {
    super(problem.detail ?? problem.title);
    this.name = 'HttpProblem';
    this.problem = problem;
    this.headers = headers;
  }
}

const PROBLEM_BASE = 'https://docs.clearinghouse.dev/problems/';

/** A problem's `type`: every problem of the API (and of its gateway) is documented under one base. */
export function problemType(slug: string): string {
  return PROBLEM_BASE + slug;
}

function make(
  status: number,
  slug: string,
  title: string,
  detail?: string,
  errors?: readonly FieldError[],
): HttpProblem {
  return new HttpProblem({
    type: problemType(slug),
    title,
    status,
    ...(detail !== undefined ? { detail } : {}),
    ...(errors !== undefined ? { errors } : {}),
  });
}

export const problems = {
  validation: (errors: readonly FieldError[]) =>
    make(
      400,
      'validation-failed',
      'The request has invalid fields',
      `${errors.length} problem(s) found`,
      errors,
    ),
  malformedJson: () =>
    make(400, 'malformed-json', 'The body is not valid JSON', undefined, [
      { path: '', code: 'MALFORMED_JSON', message: 'the request body could not be parsed as JSON' },
    ]),
  badQuery: (errors: readonly FieldError[]) =>
    make(400, 'invalid-query', 'The query parameters are invalid', undefined, errors),
  unauthorized: () => make(401, 'unauthorized', 'A valid x-api-key header is required'),
  notFound: (what = 'resource') => make(404, 'not-found', 'Not found', `no such ${what}`),
  methodNotAllowed: (allowed: readonly string[]) => {
    const problem = make(
      405,
      'method-not-allowed',
      'Method not allowed',
      `allowed: ${allowed.join(', ')}`,
    );
    return new HttpProblem(problem.problem, { allow: allowed.join(', ') });
  },
  conflictInFlight: (retryAfterSeconds: number) =>
    new HttpProblem(
      {
        type: problemType('request-in-progress'),
        title: 'A request with this Idempotency-Key is still being processed',
        status: 409,
        detail: 'retry after the first request has finished',
      },
      { 'retry-after': String(retryAfterSeconds) },
    ),
  idempotencyKeyReused: () =>
    make(
      422,
      'idempotency-key-reused',
      'This Idempotency-Key was used with a different request body',
      'use a new Idempotency-Key for a different request',
    ),
  batchInProgress: (retryAfterSeconds: number) =>
    new HttpProblem(
      {
        type: problemType('batch-in-progress'),
        title: 'This file is still being processed by an earlier upload',
        status: 409,
        detail: 'retry after it has finished; the answer will be that of the first upload',
      },
      { 'retry-after': String(retryAfterSeconds) },
    ),
  batchRefused: (
    batchId: string,
    errors: readonly FieldError[],
    ta1?: Readonly<Record<string, unknown>>,
  ) =>
    new HttpProblem({
      type: problemType('batch-refused'),
      title: 'The file cannot be processed',
      status: 422,
      detail: `the whole file was refused and no claim was stored; see errors${ta1 === undefined ? '' : ' and the TA1'}`,
      errors,
      batchId,
      ...(ta1 === undefined ? {} : { ta1 }),
    }),
  tooLarge: (limit: number) =>
    make(413, 'payload-too-large', 'The body is too large', `the limit is ${limit} bytes`),
  unsupportedMediaType: (expected: string) =>
    make(415, 'unsupported-media-type', 'Unsupported content type', `send ${expected}`),
  illegalTransition: (detail: string) =>
    make(409, 'illegal-status-transition', 'The claim cannot change that way', detail),
  payerClaimNumberUnknown: () =>
    make(
      409,
      'payer-claim-number-unknown',
      'The payer never gave this claim a claim number',
      'only a claim the payer accepted can be corrected or voided; submit it again as a new original claim',
    ),
  unavailable: (detail: string) => make(503, 'unavailable', 'A dependency is unavailable', detail),
  internal: () =>
    make(500, 'internal-error', 'Internal error', 'the error was logged; retry later'),
} as const;

/** The problem document as sent: the problem and the request it answers (`instance`). */
export function problemDocument<P extends Partial<Problem>>(
  problem: P,
  requestId: string,
): P & { readonly instance: string } {
  return { ...problem, instance: `urn:request:${requestId}` };
}

export function problemResponse(error: HttpProblem, requestId: string): HttpResponse {
  return {
    statusCode: error.problem.status,
    headers: { 'content-type': PROBLEM_MEDIA_TYPE, ...error.headers },
    body: JSON.stringify(problemDocument(error.problem, requestId)),
  };
}
