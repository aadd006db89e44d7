// The HTTPS payer connector, for upstream clearinghouse APIs with a report mailbox (list, fetch,
// delete; the shape of Optum's Claims Responses and Reports v2). Global fetch with a timeout on
// every request; https only, except http on this machine (the local sandbox).
//
// Upload: PUT {baseUrl}{uploadPath}/{name} (or {name} in uploadPath replaced): a PUT of the same
// name is idempotent, and 409 (already there) counts as sent. hasSent: HEAD on that same URL
// (2xx: there; 404: not there), chosen over listing because a mailbox lists reports, not uploads.
import type { HttpsTransport } from '#shared/domain/payers/payer-connection';
import {
  PayerUnavailableError,
  type CredentialsResolver,
  type InboundFile,
  type PayerConnector,
} from './payer-connector.ts';
import { checkedFileName, isSafeFileName } from './payer-file-name.ts';

export interface HttpsConnectorOptions {
  readonly connectionId: string;
  readonly transport: Omit<HttpsTransport, 'kind'>;
  readonly credentials: CredentialsResolver;
}

/** The payer answered with a status that retrying will not change (4xx other than 408/429, 3xx). */
export class PayerRequestError extends Error {
  readonly status: number;
  constructor(connectionId: string, operation: string, status: number) {
    super(`payer connection ${connectionId}: ${operation} answered HTTP ${status}`);
    this.name = 'PayerRequestError';
    this.status = status;
  }
}

/** The base URL is plain http to another machine: credentials and PHI would cross the network in clear. */
export class InsecurePayerUrlError extends Error {
  constructor(connectionId: string) {
    super(`payer connection ${connectionId}: https is required (http only for localhost)`);
    this.name = 'InsecurePayerUrlError';
  }
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

export function createHttpsConnector(options: HttpsConnectorOptions): PayerConnector {
  const base = new URL(options.transport.baseUrl);
  if (!(
    base.protocol === 'https:' ||
    (base.protocol === 'http:' && LOCAL_HOSTS.has(base.hostname))
  ))
    throw new InsecurePayerUrlError(options.connectionId);
  return new HttpsConnector(options, base);
}

/** Statuses worth retrying later, as the payer itself says (busy, overloaded, timed out). */
const retryable = (status: number): boolean => status >= 500 || status === 408 || status === 429;

class HttpsConnector implements PayerConnector {
  readonly #options: HttpsConnectorOptions;
  readonly #base: URL;

  constructor(options: HttpsConnectorOptions, base: URL) {
    this.#options = options;
    this.#base = base;
  }

  async send(fileName: string, content: string): Promise<void> {
    const response = await this.#request('send', 'PUT', this.#uploadUrl(fileName), {
      body: content,
      headers: { 'content-type': 'application/edi-x12' },
    });
    // 409: the name is already there, an earlier attempt went through
    if (!response.ok && response.status !== 409) this.#refuse('send', response);
    await response.body?.cancel();
  }

  async hasSent(fileName: string): Promise<boolean> {
    const response = await this.#request('hasSent', 'HEAD', this.#uploadUrl(fileName));
    if (response.status === 404) return false;
    if (!response.ok) this.#refuse('hasSent', response);
    return true;
  }

  async listInbound(): Promise<InboundFile[]> {
    const response = await this.#request(
      'listInbound',
      'GET',
      this.#url(this.#options.transport.listPath),
    );
    if (!response.ok) this.#refuse('listInbound', response);
    const body = (await this.#json('listInbound', response)) as {
      files?: unknown;
      reports?: unknown;
    } | null;
    const files: InboundFile[] = [];
    // `{ files: [{ name, size?, modifiedAt? }] }` (ours) or `{ reports: ["name"] }` (Optum's)
    if (Array.isArray(body?.files)) {
      for (const file of body.files as unknown[]) {
        const entry = file as { name?: unknown; size?: unknown; modifiedAt?: unknown } | null;
        if (typeof entry?.name !== 'string') continue;
        files.push({
          name: entry.name,
          ...(typeof entry.size === 'number' ? { size: entry.size } : {}),
          ...(typeof entry.modifiedAt === 'string' ? { modifiedAt: entry.modifiedAt } : {}),
        });
      }
    } else if (Array.isArray(body?.reports)) {
      for (const name of body.reports as unknown[])
        if (typeof name === 'string') files.push({ name });
    } else {
      throw new PayerUnavailableError(
        `payer connection ${this.#options.connectionId}: listInbound answered an unknown shape`,
      );
    }
    // a name that is not one plain segment cannot be fetched safely; it stays on the server
    return files.filter((file) => isSafeFileName(file.name));
  }

  async fetchInbound(name: string): Promise<Buffer> {
    const response = await this.#request(
      'fetchInbound',
      'GET',
      this.#namedUrl(this.#options.transport.fetchPath, name),
    );
    if (!response.ok) this.#refuse('fetchInbound', response);
    if ((response.headers.get('content-type') ?? '').includes('application/json')) {
      // Optum answers `{ report_content: "ISA*..." }`
      const body = (await this.#json('fetchInbound', response)) as {
        report_content?: unknown;
      } | null;
      if (typeof body?.report_content !== 'string')
        throw new PayerUnavailableError(
          `payer connection ${this.#options.connectionId}: fetchInbound answered JSON without report_content`,
        );
      return Buffer.from(body.report_content, 'utf8');
    }
    return Buffer.from(await this.#body('fetchInbound', response));
  }

  async acknowledgeInbound(name: string): Promise<void> {
    const response = await this.#request(
      'acknowledgeInbound',
      'DELETE',
      this.#namedUrl(this.#options.transport.acknowledgePath, name),
    );
    // already gone is fine: acknowledging twice (a redelivered message) must not fail
    if (!response.ok && response.status !== 404) this.#refuse('acknowledgeInbound', response);
    await response.body?.cancel();
  }

  async close(): Promise<void> {
    // no session: each request stands alone (undici keeps its own connection pool)
  }

  #url(pathAndQuery: string): URL {
    // paths are appended to the base path (new URL(path, base) would drop the base's own path)
    const url = new URL(this.#base);
    url.pathname = url.pathname.replace(/\/$/, '') + pathAndQuery;
    return url;
  }

  #uploadUrl(fileName: string): URL {
    const { uploadPath } = this.#options.transport;
    const withName = uploadPath.includes('{name}')
      ? uploadPath
      : uploadPath.replace(/\/$/, '') + '/{name}';
    return this.#namedUrl(withName, fileName);
  }

  #namedUrl(template: string, name: string): URL {
    return this.#url(template.replaceAll('{name}', encodeURIComponent(checkedFileName(name))));
  }

  async #request(
    operation: string,
    method: string,
    url: URL,
    init: { body?: string; headers?: Record<string, string> } = {},
  ): Promise<Response> {
    const { connectionId, transport } = this.#options;
    const authorization = await this.#authorization();
    try {
      return await fetch(url, {
        method,
        ...(init.body !== undefined ? { body: init.body } : {}),
        headers: { ...init.headers, authorization, accept: 'application/json, */*' },
        // a redirect could carry the credentials elsewhere: refused, not followed
        redirect: 'manual',
        signal: AbortSignal.timeout(transport.timeoutMs),
      });
    } catch (error) {
      throw new PayerUnavailableError(
        `payer connection ${connectionId}: ${operation} failed (${failureKind(error)})`,
        { cause: error },
      );
    }
  }

  async #authorization(): Promise<string> {
    const { auth } = this.#options.transport;
    const secret = await this.#options.credentials.resolve(auth.credentialsSecret);
    if (auth.type === 'bearer') {
      if (secret.token === undefined) throw this.#secretMissing('token');
      return `Bearer ${secret.token}`;
    }
    if (secret.username === undefined || secret.password === undefined)
      throw this.#secretMissing('username and password');
    return `Basic ${Buffer.from(`${secret.username}:${secret.password}`, 'utf8').toString('base64')}`;
  }

  #secretMissing(what: string): Error {
    const { connectionId, transport } = this.#options;
    return new Error(
      `payer connection ${connectionId}: secret ${transport.auth.credentialsSecret} has no ${what}`,
    );
  }

  #refuse(operation: string, response: Response): never {
    void response.body?.cancel();
    const { connectionId } = this.#options;
    if (retryable(response.status))
      throw new PayerUnavailableError(
        `payer connection ${connectionId}: ${operation} answered HTTP ${response.status}`,
      );
    throw new PayerRequestError(connectionId, operation, response.status);
  }

  /** Reads a body; a timeout or drop while reading is as retryable as one before the answer. */
  async #body(operation: string, response: Response): Promise<ArrayBuffer> {
    try {
      return await response.arrayBuffer();
    } catch (error) {
      throw new PayerUnavailableError(
        `payer connection ${this.#options.connectionId}: ${operation} failed (${failureKind(error)})`,
        { cause: error },
      );
    }
  }

  async #json(operation: string, response: Response): Promise<unknown> {
    const bytes = await this.#body(operation, response);
    try {
      return JSON.parse(Buffer.from(bytes).toString('utf8'));
    } catch {
      // JSON.parse quotes the text it read: its message could carry report content
      throw new PayerUnavailableError(
        `payer connection ${this.#options.connectionId}: ${operation} answered invalid JSON`,
      );
    }
  }
}

/** A short description of a failed request: timeout, or the socket error code. */
function failureKind(error: unknown): string {
  const name = (error as { name?: unknown } | null)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') return 'timeout';
  const code = (error as { cause?: { code?: unknown } } | null)?.cause?.code;
  if (typeof code === 'string' && /^[A-Z_]+$/.test(code)) return code;
  return 'network error';
}
