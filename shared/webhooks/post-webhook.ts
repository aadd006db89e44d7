// One HTTP attempt of a webhook: checked URL, connection pinned to the checked address, a hard
// deadline, no redirects (node:http never follows them; a 3xx is reported as a failure). The
// receiver's answer body is read and thrown away (never stored or logged).
import http from 'node:http';
import https from 'node:https';
import { checkWebhookUrl, pinnedLookup, type Resolver, type WebhookStage } from './url-policy.ts';

export interface AttemptResult {
  /** the receiver's HTTP status, when it answered */
  readonly statusCode?: number;
  /** 2xx */
  readonly ok: boolean;
  /** short, fixed words on a failure: never the answer's body or the URL */
  readonly error?: string;
  readonly durationMs: number;
}

export interface PostOptions {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly stage: WebhookStage;
  /** whole attempt, DNS included; 10 s by default */
  readonly timeoutMs?: number;
  readonly resolve?: Resolver;
}

export const WEBHOOK_TIMEOUT_MS = 10_000;
const MAX_ANSWER_BYTES = 64 * 1024;

export async function postWebhook(options: PostOptions): Promise<AttemptResult> {
  const started = Date.now();
  const timeoutMs = options.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
  const signal = AbortSignal.timeout(timeoutMs);
  const elapsed = () => Date.now() - started;
  const verdict = await withSignal(
    checkWebhookUrl(options.url, {
      stage: options.stage,
      ...(options.resolve ? { resolve: options.resolve } : {}),
    }),
    signal,
  );
  if (verdict === 'timeout') return { ok: false, error: 'timeout', durationMs: elapsed() };
  if (!verdict.allowed)
    return { ok: false, error: `refused: ${verdict.reason}`, durationMs: elapsed() };
  const transport = verdict.url.protocol === 'https:' ? https : http;
  return await new Promise<AttemptResult>((resolve) => {
    const request = transport.request(
      verdict.url,
      {
        method: 'POST',
        headers: {
          ...options.headers,
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(options.body)),
          'user-agent': 'claims-clearinghouse-webhooks/1',
        },
        lookup: pinnedLookup(verdict.address),
        // a fresh connection per attempt: a pooled socket would skip the pinned lookup
        agent: false,
        signal,
      },
      (response) => {
        const statusCode = response.statusCode ?? 0;
        let read = 0;
        response.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > MAX_ANSWER_BYTES) response.destroy();
        });
        const done = () => {
          const ok = statusCode >= 200 && statusCode < 300;
          resolve({
            statusCode,
            ok,
            ...(ok
              ? {}
              : {
                  error:
                    statusCode >= 300 && statusCode < 400
                      ? `redirect refused (HTTP ${statusCode})`
                      : `HTTP ${statusCode}`,
                }),
            durationMs: elapsed(),
          });
        };
        response.on('end', done);
        response.on('close', done);
        response.on('error', done);
      },
    );
    request.on('error', (error: NodeJS.ErrnoException) => {
      resolve({
        ok: false,
        error: signal.aborted ? 'timeout' : `connection failed (${error.code ?? error.name})`,
        durationMs: elapsed(),
      });
    });
    request.end(options.body);
  });
}

async function withSignal<T>(promise: Promise<T>, signal: AbortSignal): Promise<T | 'timeout'> {
  if (signal.aborted) return 'timeout';
  return await new Promise<T | 'timeout'>((resolve, reject) => {
    const onAbort = () => resolve('timeout');
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
