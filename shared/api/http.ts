// The framework-free request and response that routes work on. The Lambda handler (and through it
// the local API server) maps API Gateway proxy events to and from these.

export interface HttpRequest {
  readonly method: string;
  /** path without query string, e.g. /v1/claims/clm_123 */
  readonly path: string;
  /** header names lower-cased */
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly query: Readonly<Record<string, string | undefined>>;
  /** raw body (decoded from base64 when API Gateway encoded it) */
  readonly body: string | undefined;
  readonly requestId: string;
  /** from the authorizer; undefined on public routes */
  readonly tenantId: string | undefined;
  /**
   * where links and Location headers start (public-base-url.ts): '' for relative paths, or an
   * absolute base without a trailing slash, e.g. https://abc123.execute-api.us-east-1.amazonaws.com/prod
   */
  readonly baseUrl: string;
  /** remaining time budget of the invocation, for idempotency locks */
  readonly remainingTimeMs?: () => number;
}

export interface HttpResponse {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export function json(
  statusCode: number,
  value: unknown,
  headers: Record<string, string> = {},
): HttpResponse {
  return {
    statusCode,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(value),
  };
}
