// The SFTP payer connector (ssh2-sftp-client): one session per connector, opened on first use,
// the server's host key pinned by its SHA-256 fingerprint. Uploads go to `.<name>.part` and are
// renamed to the final name, so the final name only ever holds a whole file.
import { timingSafeEqual } from 'node:crypto';
import path from 'node:path';
import type { Client } from 'ssh2';
import SftpClient from 'ssh2-sftp-client';
import type { SftpTransport } from '#shared/domain/payers/payer-connection';
import {
  PayerUnavailableError,
  type CredentialsResolver,
  type InboundFile,
  type PayerConnector,
} from './payer-connector.ts';
import { checkedFileName, isSafeFileName } from './payer-file-name.ts';
import { hostKeyFingerprint } from './host-key-fingerprint.ts';

export interface SftpConnectorOptions {
  /** named in errors (never the host key or credentials) */
  readonly connectionId: string;
  readonly transport: Omit<SftpTransport, 'kind'>;
  readonly credentials: CredentialsResolver;
  /** SSH handshake limit; default 20 s */
  readonly readyTimeoutMs?: number;
}

/** The server's host key is not the pinned one: refused, and not worth retrying until a person looks. */
export class HostKeyMismatchError extends Error {
  readonly connectionId: string;
  constructor(connectionId: string) {
    super(
      `payer connection ${connectionId}: the server's host key does not match the pinned fingerprint; connection refused`,
    );
    this.name = 'HostKeyMismatchError';
    this.connectionId = connectionId;
  }
}

/** The server refused our credentials: not retried (payers lock accounts after failed logins). */
export class PayerAuthenticationError extends Error {
  readonly connectionId: string;
  constructor(connectionId: string, options?: ErrorOptions) {
    super(`payer connection ${connectionId}: the server refused the credentials`, options);
    this.name = 'PayerAuthenticationError';
    this.connectionId = connectionId;
  }
}

/** The temporary name an upload is written under before its rename (hidden from listings). */
export const partName = (fileName: string): string => `.${fileName}.part`;

export function createSftpConnector(options: SftpConnectorOptions): PayerConnector {
  return new SftpConnector(options);
}

class SftpConnector implements PayerConnector {
  readonly #options: SftpConnectorOptions;
  #session: Promise<SftpClient> | undefined;
  /** the client of the open session, to tell its drop from an older session's */
  #current: SftpClient | undefined;

  constructor(options: SftpConnectorOptions) {
    this.#options = options;
  }

  async send(fileName: string, content: string): Promise<void> {
    const { outboundPath } = this.#options.transport;
    const finalPath = path.posix.join(outboundPath, checkedFileName(fileName));
    const temporaryPath = path.posix.join(outboundPath, partName(fileName));
    await this.#use('send', async (sftp) => {
      // a leftover .part of a crashed attempt is simply overwritten
      await sftp.put(Buffer.from(content, 'utf8'), temporaryPath);
      try {
        await sftp.rename(temporaryPath, finalPath);
      } catch (error) {
        // SFTP renames never overwrite: a file already there is an earlier attempt that got through
        if ((await sftp.exists(finalPath)) !== '-') throw error;
        await sftp.delete(temporaryPath, true);
      }
    });
  }

  async hasSent(fileName: string): Promise<boolean> {
    const finalPath = path.posix.join(
      this.#options.transport.outboundPath,
      checkedFileName(fileName),
    );
    return this.#use('hasSent', async (sftp) => (await sftp.exists(finalPath)) === '-');
  }

  async listInbound(): Promise<InboundFile[]> {
    const { inboundPath } = this.#options.transport;
    const entries = await this.#use('listInbound', (sftp) => sftp.list(inboundPath));
    return entries
      .filter((entry) => entry.type === '-' && isSafeFileName(entry.name))
      .map((entry) => ({
        name: entry.name,
        size: entry.size,
        modifiedAt: new Date(entry.modifyTime).toISOString(),
      }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  async fetchInbound(name: string): Promise<Buffer> {
    const remotePath = path.posix.join(this.#options.transport.inboundPath, checkedFileName(name));
    const content = await this.#use('fetchInbound', (sftp) => sftp.get(remotePath));
    if (!Buffer.isBuffer(content)) throw new Error('ssh2-sftp-client get returned no buffer');
    return content;
  }

  async acknowledgeInbound(name: string): Promise<void> {
    const { inboundPath, inboundArchivePath } = this.#options.transport;
    const remotePath = path.posix.join(inboundPath, checkedFileName(name));
    await this.#use('acknowledgeInbound', async (sftp) => {
      if (inboundArchivePath === undefined) {
        // already gone is fine: acknowledging twice (a redelivered message) must not fail
        await sftp.delete(remotePath, true);
        return;
      }
      if ((await sftp.exists(remotePath)) === false) return;
      let archivedPath = path.posix.join(inboundArchivePath, name);
      // the payer may send a file of the same name again: keep both copies in the archive
      if ((await sftp.exists(archivedPath)) !== false)
        archivedPath = path.posix.join(inboundArchivePath, `${name}.${Date.now()}`);
      await sftp.rename(remotePath, archivedPath);
    });
  }

  async close(): Promise<void> {
    const session = this.#session;
    this.#session = undefined;
    this.#current = undefined;
    if (session === undefined) return;
    const sftp = await session.catch(() => undefined);
    await sftp?.end().catch(() => undefined);
  }

  /** Runs one operation on the session (opened on first use, reopened after a drop). */
  async #use<T>(operation: string, work: (sftp: SftpClient) => Promise<T>): Promise<T> {
    const sftp = await this.#connect();
    try {
      return await work(sftp);
    } catch (error) {
      throw new PayerUnavailableError(
        `payer connection ${this.#options.connectionId}: sftp ${operation} failed`,
        { cause: error },
      );
    }
  }

  #connect(): Promise<SftpClient> {
    this.#session ??= this.#open().catch((error: unknown) => {
      this.#session = undefined;
      throw error;
    });
    return this.#session;
  }

  async #open(): Promise<SftpClient> {
    const { connectionId, transport } = this.#options;
    const secret = await this.#options.credentials.resolve(transport.credentialsSecret);
    const password = secret.password;
    const privateKey = secret.privateKey;
    if (password === undefined && privateKey === undefined)
      throw new Error(
        `payer connection ${connectionId}: secret ${transport.credentialsSecret} has neither password nor privateKey`,
      );
    let hostKeyRefused = false;
    const forget = () => {
      // the session is gone (dropped, ended): the next operation opens a new one
      if (this.#current !== sftp) return;
      this.#current = undefined;
      this.#session = undefined;
    };
    const sftp: SftpClient = new SftpClient(connectionId, {
      error: forget,
      end: forget,
      close: forget,
    });
    const pinned = Buffer.from(transport.hostKeySha256.replace(/=+$/, ''));
    try {
      await sftp.connect({
        host: transport.host,
        port: transport.port,
        username: transport.username,
        ...(password !== undefined ? { password } : {}),
        ...(privateKey !== undefined ? { privateKey } : {}),
        ...(secret.passphrase !== undefined ? { passphrase: secret.passphrase } : {}),
        readyTimeout: this.#options.readyTimeoutMs ?? 20_000,
        hostVerifier: (key: Buffer) => {
          const presented = Buffer.from(hostKeyFingerprint(key));
          const matches = presented.length === pinned.length && timingSafeEqual(presented, pinned);
          hostKeyRefused = !matches;
          return matches;
        },
      });
    } catch (error) {
      await sftp.end().catch(() => undefined);
      if (hostKeyRefused) throw new HostKeyMismatchError(connectionId);
      if (/authentication methods failed/i.test(errorMessage(error)))
        throw new PayerAuthenticationError(connectionId, { cause: error });
      throw new PayerUnavailableError(
        `payer connection ${connectionId}: could not open an sftp session (${failureKind(error)})`,
        { cause: error },
      );
    }
    // Nagle's algorithm holds each small SFTP request for a delayed ACK: 100 times slower uploads
    // (the client is untyped in @types/ssh2-sftp-client)
    (sftp as unknown as { client: Client }).client.setNoDelay(true);
    this.#current = sftp;
    return sftp;
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A short, secret-free description of why a connection failed. */
function failureKind(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return code;
  const message = errorMessage(error);
  if (/ECONNREFUSED/.test(message)) return 'ECONNREFUSED';
  if (/timed out/i.test(message)) return 'timeout';
  return 'connection error';
}
