// The demo's (and `npm run smoke`'s) webhook receiver: an HTTP server on loopback that checks every
// delivery's Standard Webhooks signature with the subscription's secret and tallies what arrived,
// per claim (or per batch for batch.acknowledged). It keeps only ids, event types and statuses from the payloads
// (they carry no more PHI than that anyway).
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface ReceivedWebhook {
  /** webhook-id: the same for every attempt of one delivery */
  readonly id: string;
  readonly type: string;
  readonly claimId: string | undefined;
  /** batch.acknowledged: the batch */
  readonly batchId: string | undefined;
  readonly status: string | undefined;
  /** when the status changed (the payload's timestamp) */
  readonly timestamp: string | undefined;
}

export type Verdict =
  | { readonly ok: true; readonly webhook: ReceivedWebhook }
  | {
      readonly ok: false;
      /** the claim the (untrusted) body names, to attribute the failure */
      readonly claimId: string | undefined;
    };

const SIGNATURE_HEADERS = ['webhook-id', 'webhook-timestamp', 'webhook-signature'] as const;

/** Checks one delivery: a valid signature over these exact bytes, then reads its payload. */
export function verifyDelivery(
  secret: string | undefined,
  body: string,
  headers: IncomingHttpHeaders,
): Verdict {
  const payload = parsePayload(body);
  const failed = { ok: false, claimId: payload?.claimId } as const;
  if (secret === undefined) return failed;
  const signatureHeaders: Record<string, string> = {};
  for (const name of SIGNATURE_HEADERS) {
    const value = headers[name];
    if (typeof value !== 'string') return failed;
    signatureHeaders[name] = value;
  }
  try {
    new Webhook(secret).verify(body, signatureHeaders);
  } catch {
    return failed;
  }
  if (payload === undefined) return failed;
  return { ok: true, webhook: { id: signatureHeaders['webhook-id'] as string, ...payload } };
}

function parsePayload(body: string): Omit<ReceivedWebhook, 'id'> | undefined {
  try {
    const parsed = JSON.parse(body) as unknown;
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const { type, timestamp, data } = parsed as {
      type?: unknown;
      timestamp?: unknown;
      data?: unknown;
    };
    if (typeof type !== 'string') return undefined;
    const { claimId, batchId, status } = (
      typeof data === 'object' && data !== null ? data : {}
    ) as { claimId?: unknown; batchId?: unknown; status?: unknown };
    return {
      type,
      claimId: typeof claimId === 'string' ? claimId : undefined,
      batchId: typeof batchId === 'string' ? batchId : undefined,
      status: typeof status === 'string' ? status : undefined,
      timestamp: typeof timestamp === 'string' ? timestamp : undefined,
    };
  } catch {
    return undefined;
  }
}

export interface ClaimWebhooks {
  /** verified deliveries, each once (retries de-duplicated by webhook-id), in arrival order */
  readonly verified: readonly ReceivedWebhook[];
  /** every verified attempt, retries included, in arrival order */
  readonly attempts: readonly ReceivedWebhook[];
  /** deliveries whose signature did not verify */
  readonly failed: number;
}

export interface WebhookReceiver {
  readonly url: string;
  /** the subscription's secret, known once POST /v1/webhooks has answered */
  setSecret(secret: string): void;
  forClaim(claimId: string): ClaimWebhooks;
  forBatch(batchId: string): ClaimWebhooks;
  /** failed deliveries that named no claim */
  readonly unattributedFailures: number;
  close(): Promise<void>;
}

export interface WebhookReceiverOptions {
  /** the port on 127.0.0.1; 0 (the default): any free port */
  readonly port?: number;
  /** the status a verified delivery is answered with (default 204; a 5xx makes the sender retry) */
  readonly answer?: (webhook: ReceivedWebhook) => number;
}

const MAX_BODY_BYTES = 256 * 1024;

export async function startWebhookReceiver(
  options: WebhookReceiverOptions = {},
): Promise<WebhookReceiver> {
  let secret: string | undefined;
  const seen = new Set<string>();
  const verified = new Map<string, ReceivedWebhook[]>();
  const attempts = new Map<string, ReceivedWebhook[]>();
  const failed = new Map<string, number>();
  let unattributedFailures = 0;

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    request.on('end', () => {
      if (request.method !== 'POST' || size > MAX_BODY_BYTES) {
        response.writeHead(request.method !== 'POST' ? 405 : 413).end();
        return;
      }
      const verdict = verifyDelivery(
        secret,
        Buffer.concat(chunks).toString('utf8'),
        request.headers,
      );
      if (!verdict.ok) {
        if (verdict.claimId === undefined) unattributedFailures += 1;
        else failed.set(verdict.claimId, (failed.get(verdict.claimId) ?? 0) + 1);
        response.writeHead(401).end();
        return;
      }
      const { webhook } = verdict;
      const subject = webhook.claimId ?? webhook.batchId;
      if (subject !== undefined) {
        attempts.set(subject, [...(attempts.get(subject) ?? []), webhook]);
        if (!seen.has(webhook.id)) {
          seen.add(webhook.id);
          verified.set(subject, [...(verified.get(subject) ?? []), webhook]);
        }
      }
      response.writeHead(options.answer?.(webhook) ?? 204).end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/webhooks`,
    setSecret(value) {
      secret = value;
    },
    forClaim(claimId) {
      return {
        verified: verified.get(claimId) ?? [],
        attempts: attempts.get(claimId) ?? [],
        failed: failed.get(claimId) ?? 0,
      };
    },
    forBatch(batchId) {
      return {
        verified: verified.get(batchId) ?? [],
        attempts: attempts.get(batchId) ?? [],
        failed: 0,
      };
    },
    get unattributedFailures() {
      return unattributedFailures;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
