// The sandbox payer's HTTP mailbox: the `https` kind of a sandbox connection, on this machine.
// It speaks exactly what shared/connectors/https-connector.ts sends (PUT/HEAD an upload by name,
// list, fetch, delete), and keeps files in the same per-connection folders as the SFTP sandbox
// (SANDBOX_FOLDERS under `<rootDir>/<connectionId>/`), so the sandbox payer process answers them
// unchanged, whichever protocol brought them.
//
//   PUT    /mailboxes/<connectionId>/claims/<name>    201; 409 when the name is there already
//   HEAD   /mailboxes/<connectionId>/claims/<name>    200 or 404
//   GET    /mailboxes/<connectionId>/answers          { "files": [{ name, size, modifiedAt }] }
//   GET    /mailboxes/<connectionId>/answers/<name>   the raw file (application/edi-x12)
//   DELETE /mailboxes/<connectionId>/answers/<name>   moved to answers-archive; 404 when gone
//
// Authentication against the connection's local secret (`sandboxSecretName`): Basic with the
// connection id as user name and the secret's `password`, or Bearer with its `token` (else its
// `password`). Plain http on 127.0.0.1 only. Logs carry methods, statuses and connection ids.
import { createHash, timingSafeEqual } from 'node:crypto';
import { link, mkdir, readFile, readdir, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import {
  SANDBOX_FOLDERS,
  SANDBOX_HTTP_MAILBOXES,
  sandboxSecretName,
} from '#shared/connectors/connector-factory';
import type { CredentialsResolver } from '#shared/connectors/payer-connector';
import { isSafeFileName } from '#shared/connectors/payer-file-name';

export interface SandboxHttpOptions {
  /** the SFTP sandbox's root: one folder per connection (created by the sandbox payer's addUser) */
  readonly rootDir: string;
  /** where each connection's secret is read (the local resolver, as the transmit worker's) */
  readonly credentials: CredentialsResolver;
  /** 0 (default) takes a free port */
  readonly port?: number;
  /** largest upload accepted; default 64 MiB (an 837 of 5,000 claims is about 10 MB) */
  readonly maxUploadBytes?: number;
  readonly log?: (message: string, fields: Readonly<Record<string, string | number>>) => void;
}

export interface RunningSandboxHttp {
  /** `http://127.0.0.1:<port>`; a connection's mailbox is under `/mailboxes/<connectionId>` */
  readonly baseUrl: string;
  readonly port: number;
  close(): Promise<void>;
}

const DEFAULT_MAX_UPLOAD = 64 * 1024 * 1024;
/** what the sandbox payer process skips in a folder: uploads and answers still being written */
const IN_FLIGHT = /^\.|\.(tmp|part|partial)$/i;

class HttpError extends Error {
  readonly status: number;
  constructor(status: number) {
    super(`HTTP ${status}`);
    this.status = status;
  }
}

export async function startSandboxHttp(options: SandboxHttpOptions): Promise<RunningSandboxHttp> {
  const rootDir = path.resolve(options.rootDir);
  const log = options.log ?? (() => undefined);
  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      const status = error instanceof HttpError ? error.status : 500;
      if (status === 500)
        log('sandbox http request failed', {
          error: error instanceof Error ? error.name : 'unknown',
        });
      if (!response.headersSent) {
        response.writeHead(status, status === 401 ? { 'www-authenticate': 'Basic' } : {});
      }
      response.end();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const parts = url.pathname.split('/').slice(1).map(decodeSegment);
    const [prefix, connectionId, folder, name, ...rest] = parts;
    if (
      `/${prefix}` !== SANDBOX_HTTP_MAILBOXES ||
      connectionId === undefined ||
      !isSafeFileName(connectionId) ||
      rest.length > 0
    )
      throw new HttpError(404);
    // authenticated before anything about the mailbox is revealed
    await authenticate(connectionId, request.headers.authorization);
    const home = path.join(rootDir, connectionId);
    if (!(await isDirectory(home))) throw new HttpError(404);
    if (name !== undefined && !isSafeFileName(name)) throw new HttpError(400);
    const method = request.method ?? 'GET';
    const folderPath = `/${folder ?? ''}`;

    if (folderPath === SANDBOX_FOLDERS.claims && name !== undefined) {
      const file = path.join(home, SANDBOX_FOLDERS.claims, name);
      if (method === 'HEAD') return end(response, (await isFile(file)) ? 200 : 404);
      if (method === 'PUT') {
        const body = await readBody(request, options.maxUploadBytes ?? DEFAULT_MAX_UPLOAD);
        const created = await publish(file, body);
        log('sandbox http upload', { connectionId, status: created ? 201 : 409 });
        return end(response, created ? 201 : 409);
      }
      throw new HttpError(405);
    }
    if (folderPath === SANDBOX_FOLDERS.answers && name === undefined) {
      if (method !== 'GET') throw new HttpError(405);
      const files = await listAnswers(path.join(home, SANDBOX_FOLDERS.answers));
      const body = JSON.stringify({ files });
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(body);
      return;
    }
    if (folderPath === SANDBOX_FOLDERS.answers && name !== undefined) {
      const file = path.join(home, SANDBOX_FOLDERS.answers, name);
      if (method === 'GET') {
        const content = await readFile(file).catch(() => null);
        if (content === null || IN_FLIGHT.test(name)) throw new HttpError(404);
        response.writeHead(200, {
          'content-type': 'application/edi-x12',
          'content-length': content.length,
        });
        response.end(content);
        return;
      }
      if (method === 'DELETE') {
        const archived = await archive(home, name);
        log('sandbox http acknowledge', { connectionId, status: archived ? 204 : 404 });
        return end(response, archived ? 204 : 404);
      }
      throw new HttpError(405);
    }
    throw new HttpError(404);
  }

  async function authenticate(connectionId: string, header: string | undefined): Promise<void> {
    if (header === undefined) throw new HttpError(401);
    let secret: Readonly<Record<string, string>>;
    try {
      secret = await options.credentials.resolve(sandboxSecretName(connectionId));
    } catch {
      // no mailbox secret: the same answer as wrong credentials, nothing learnt about the id
      throw new HttpError(401);
    }
    const password = secret.password;
    const token = secret.token ?? password;
    const space = header.indexOf(' ');
    const scheme = header.slice(0, space).toLowerCase();
    const value = header.slice(space + 1).trim();
    if (scheme === 'basic' && password !== undefined) {
      const decoded = Buffer.from(value, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (
        colon > 0 &&
        sameSecret(decoded.slice(0, colon), connectionId) &&
        sameSecret(decoded.slice(colon + 1), password)
      )
        return;
    }
    if (scheme === 'bearer' && token !== undefined && sameSecret(value, token)) return;
    throw new HttpError(401);
  }

  server.listen(options.port ?? 0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // keep-alive sockets of fetch's pool would otherwise hold close() open
        server.closeAllConnections();
      }),
  };
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new HttpError(400);
  }
}

function end(response: ServerResponse, status: number): void {
  response.writeHead(status);
  response.end();
}

/** Compares by digest in constant time, whatever the lengths. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

async function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new HttpError(413);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/**
 * Writes to a dot name (the payer process skips it), then links it under the final name, which
 * fails if the name exists: never a half file under the final name, never an overwrite (as the
 * SFTP server's rename). false when the name was there already.
 */
async function publish(file: string, content: Buffer): Promise<boolean> {
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.part`);
  await writeFile(temporary, content);
  try {
    await link(temporary, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await unlink(temporary).catch(() => undefined);
  }
}

async function listAnswers(
  folder: string,
): Promise<{ name: string; size: number; modifiedAt: string }[]> {
  const names = await readdir(folder).catch(() => [] as string[]);
  const files: { name: string; size: number; modifiedAt: string }[] = [];
  for (const name of names.toSorted()) {
    if (IN_FLIGHT.test(name) || !isSafeFileName(name)) continue;
    const info = await stat(path.join(folder, name)).catch(() => null);
    if (info === null || !info.isFile()) continue;
    files.push({ name, size: info.size, modifiedAt: info.mtime.toISOString() });
  }
  return files;
}

/** Moves an answer into the archive folder (a repeated name gets `.<epoch ms>`); false when gone. */
async function archive(home: string, name: string): Promise<boolean> {
  if (IN_FLIGHT.test(name)) return false;
  const source = path.join(home, SANDBOX_FOLDERS.answers, name);
  const folder = path.join(home, SANDBOX_FOLDERS.archive);
  await mkdir(folder, { recursive: true });
  const target = (await isFile(path.join(folder, name)))
    ? path.join(folder, `${name}.${Date.now()}`)
    : path.join(folder, name);
  try {
    await rename(source, target);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

async function isFile(file: string): Promise<boolean> {
  return (await stat(file).catch(() => null))?.isFile() ?? false;
}

async function isDirectory(folder: string): Promise<boolean> {
  return (await stat(folder).catch(() => null))?.isDirectory() ?? false;
}
