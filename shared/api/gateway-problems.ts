// API Gateway's own answers (what it refuses before, or instead of, the api function) as
// problem+json, in one table for both runtimes: infra/constructs/claims-api.ts makes a gateway
// response of each entry and the local gateway (infra/local/api-gateway.ts) answers from the same
// entries, so a client sees one error format whether the function or the gateway answered.
import { problemDocument, problems, problemType, type Problem } from './problem.ts';

/** API Gateway's REST payload limit; bodies above it are answered 413 before anything runs. */
export const API_GATEWAY_MAX_BODY_BYTES = 10 * 1024 * 1024;

/** The gateway response types the table customizes (API Gateway's names). */
export type GatewayResponseType =
  | 'UNAUTHORIZED'
  | 'ACCESS_DENIED'
  | 'MISSING_AUTHENTICATION_TOKEN'
  | 'REQUEST_TOO_LARGE'
  | 'THROTTLED'
  | 'AUTHORIZER_FAILURE'
  | 'AUTHORIZER_CONFIGURATION_ERROR'
  | 'INTEGRATION_TIMEOUT'
  | 'DEFAULT_4XX'
  | 'DEFAULT_5XX';

export interface GatewayProblem {
  readonly responseType: GatewayResponseType;
  /**
   * The status answered. Undefined for the DEFAULT_ fallbacks: a status set on one becomes the
   * status of every 4XX (5XX) it stands for, so they keep the original status and their body
   * leaves `status` out (RFC 9457 makes it optional; API Gateway's templates cannot insert it).
   */
  readonly status: number | undefined;
  readonly type: string;
  readonly title: string;
  /**
   * Fixed text. Never API Gateway's own message ($context.error.messageString): for some
   * errors it quotes the request (a header, a path), which may carry a key or PHI.
   */
  readonly detail: string;
}

/** An entry that answers as the api function's own problem of the same kind does. */
function like(responseType: GatewayResponseType, problem: Problem, detail?: string) {
  return {
    responseType,
    status: problem.status,
    type: problem.type,
    title: problem.title,
    detail: detail ?? problem.detail ?? problem.title,
  } satisfies GatewayProblem;
}

// The authorizer failed or could not be reached (API Gateway's two names for it): a 500 of ours.
const authorizerUnavailable = {
  status: 500,
  type: problemType('authorizer-unavailable'),
  title: 'The API key could not be checked',
  detail: problems.internal().problem.detail ?? 'retry later',
} as const;

export const gatewayProblems = {
  /** no x-api-key (the authorizer is not called) or one the authorizer refused */
  unauthorized: like(
    'UNAUTHORIZED',
    problems.unauthorized().problem,
    'send the API key of an active tenant in the x-api-key header',
  ),
  /** the authorizer's policy denies this method */
  accessDenied: {
    responseType: 'ACCESS_DENIED',
    status: 403,
    type: problemType('access-denied'),
    title: 'Access denied',
    detail: 'this API key may not call this method',
  },
  /** API Gateway's answer to a path or method without a route: 404 as the api function's */
  noRoute: like('MISSING_AUTHENTICATION_TOKEN', problems.notFound('route').problem),
  tooLarge: like('REQUEST_TOO_LARGE', problems.tooLarge(API_GATEWAY_MAX_BODY_BYTES).problem),
  throttled: {
    responseType: 'THROTTLED',
    status: 429,
    type: problemType('too-many-requests'),
    title: 'Too many requests',
    detail: 'the request rate limit was reached; retry after a pause',
  },
  authorizerFailure: { responseType: 'AUTHORIZER_FAILURE', ...authorizerUnavailable },
  authorizerConfigurationError: {
    responseType: 'AUTHORIZER_CONFIGURATION_ERROR',
    ...authorizerUnavailable,
  },
  integrationTimeout: {
    responseType: 'INTEGRATION_TIMEOUT',
    status: 504,
    type: problemType('gateway-timeout'),
    title: 'The API did not answer in time',
    detail: 'a submission may have been stored all the same: retry with the same Idempotency-Key',
  },
  otherClientError: {
    responseType: 'DEFAULT_4XX',
    status: undefined,
    type: problemType('request-refused'),
    title: 'The request was refused before it reached the API',
    detail: 'check the method, path, headers and body against GET /v1/openapi.json',
  },
  /** a crashed api function or a malformed answer from it (502), Lambda refusing the call (500) */
  otherServerError: { ...like('DEFAULT_5XX', problems.internal().problem), status: undefined },
} as const satisfies Record<string, GatewayProblem>;

/** The problem document of a gateway answer, in the shape (and key order) of the API's own. */
export function gatewayProblemDocument(problem: GatewayProblem, requestId: string) {
  const { type, title, status, detail } = problem;
  return problemDocument(
    { type, title, ...(status === undefined ? {} : { status }), detail },
    requestId,
  );
}
