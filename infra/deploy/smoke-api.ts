// The smoke test's view of the API: URLs joined under the base URL the operator gave (which may
// carry an API Gateway stage, `https://x.execute-api.../prod`), and one call that answers the
// status, the headers and the JSON body. The API key goes in a header and nowhere else: error
// messages name the method, the path and the status, and the problem's title and codes.

/** Whether the base URL is this machine (then a webhook receiver on 127.0.0.1 is reachable). */
export function isLoopback(baseUrl: string): boolean {
  const host = new URL(baseUrl).hostname;
  return host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/**
 * The URL of an API path or link under `baseUrl`. An absolute link is taken as it is; a path is
 * put under the base URL's path (its stage): `/v1/health` under `https://h/prod` is
 * `https://h/prod/v1/health`. A path that already starts with that stage is not given it twice.
 */
export function resolveApiUrl(baseUrl: string, target: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return target;
  const base = new URL(baseUrl);
  const stage = base.pathname.replace(/\/+$/, '');
  const path = target.startsWith('/') ? target : `/${target}`;
  const staged = stage !== '' && (path === stage || path.startsWith(`${stage}/`));
  return `${base.origin}${staged ? '' : stage}${path}`;
}

export interface ApiAnswer {
  readonly status: number;
  readonly headers: Headers;
  /** the JSON body; undefined when there is none or it is not JSON */
  readonly body: unknown;
}

export class ApiCallError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ApiCallError';
  }
}

export interface CallOptions {
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** the statuses that count as an answer; any other is an ApiCallError */
  readonly expect: readonly number[];
  /** send the API key (default true; GET /v1/health needs none) */
  readonly authenticated?: boolean;
}

const CALL_TIMEOUT_MS = 15_000;

export class SmokeApi {
  readonly baseUrl: string;
  readonly #apiKey: string;

  constructor(baseUrl: string, apiKey: string) {
    this.baseUrl = baseUrl;
    this.#apiKey = apiKey;
  }

  url(target: string): string {
    return resolveApiUrl(this.baseUrl, target);
  }

  async call(method: string, target: string, options: CallOptions): Promise<ApiAnswer> {
    const url = this.url(target);
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    if (options.authenticated ?? true) headers['x-api-key'] = this.#apiKey;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers,
        ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
        signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
      });
    } catch (error) {
      throw new ApiCallError(`${method} ${url}: no answer (${networkReason(error)})`, {
        cause: error,
      });
    }
    const text = await response.text();
    let body: unknown;
    try {
      body = text === '' ? undefined : (JSON.parse(text) as unknown);
    } catch {
      body = undefined;
    }
    const answer = { status: response.status, headers: response.headers, body };
    if (!options.expect.includes(answer.status)) {
      throw new ApiCallError(
        `${method} ${new URL(url).pathname} answered ${answer.status}${problemSummary(body)}, expected ${options.expect.join(' or ')}`,
      );
    }
    return answer;
  }
}

/** ECONNREFUSED, a timeout, a DNS failure: what fetch's error (or its cause) says. */
function networkReason(error: unknown): string {
  if (error instanceof DOMException && error.name === 'TimeoutError')
    return `no answer within ${CALL_TIMEOUT_MS / 1000} s`;
  const cause = error instanceof Error ? error.cause : undefined;
  const code = (cause as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string') return code;
  return cause instanceof Error ? cause.message : error instanceof Error ? error.message : 'failed';
}

/** The problem's title and field codes (problem+json never carries claim data, only names). */
function problemSummary(body: unknown): string {
  if (typeof body !== 'object' || body === null) return '';
  const { title, errors } = body as { title?: unknown; errors?: unknown };
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  const codes = Array.isArray(errors)
    ? errors
        .map((e: { path?: unknown; code?: unknown }) => `${text(e.path)} ${text(e.code)}`.trim())
        .filter((field) => field !== '')
    : [];
  const parts = [text(title), codes.join(', ')].filter(Boolean);
  return parts.length === 0 ? '' : ` (${parts.join(': ')})`;
}
