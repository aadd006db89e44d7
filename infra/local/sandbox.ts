// The sandbox payer on this machine: a real SFTP server (one user and folder per sandbox
// connection), optionally its HTTP mailbox on the same folders (`protocol: "https"` sandbox
// connections), and the process that answers the 837s uploaded to it. Used by `npm start` (inside
// the local system) and by `npm run sandbox-payer` (alone).
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { SandboxEndpoint } from '#shared/connectors/connector-factory';
import { sandboxSecretName } from '#shared/connectors/connector-factory';
import { localCredentials, secretEnvironmentVariable } from '#shared/connectors/credentials';
import { startSandboxHttp, type RunningSandboxHttp } from '#infra/local/sandbox-payer/sandbox-http';
import { startSandboxPayer } from '#infra/local/sandbox-payer/sandbox-payer';
import { generateHostKey, startSftpServer } from '#infra/local/sftp-server/sftp-server';

export interface LocalSandboxOptions {
  /** 0 takes a free port */
  readonly port: number;
  /** the HTTP mailbox's port on 127.0.0.1 (0 takes a free one); not served when absent */
  readonly httpPort?: number;
  /** host key, SFTP folders and the payer's state live here */
  readonly dataDir: string;
  /** seconds between answer stages (TA1/999, 277CA, 835, ...) */
  readonly delaySeconds: number;
  readonly log?: (message: string, fields: Record<string, unknown>) => void;
}

export interface LocalSandbox {
  readonly endpoint: SandboxEndpoint;
  /**
   * Opens a mailbox for a sandbox connection: an SFTP user named after it, with a random password
   * published as the connection's local secret (the variable the local credentials resolver reads).
   */
  openMailbox(connectionId: string, password?: string): Promise<void>;
  /** One pass of the payer (tests; the timer runs it otherwise). */
  poll(): Promise<void>;
  stop(): Promise<void>;
}

export async function startLocalSandbox(options: LocalSandboxOptions): Promise<LocalSandbox> {
  const dataDir = path.resolve(options.dataDir);
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const rootDir = path.join(dataDir, 'sftp');
  const server = await startSftpServer({
    port: options.port,
    rootDir,
    users: [],
    hostKey: await persistentHostKey(dataDir),
  });
  const payer = await startSandboxPayer({
    rootDir,
    users: [],
    stateFile: path.join(dataDir, 'state.json'),
    stepSeconds: options.delaySeconds,
    ...(options.log ? { log: options.log } : {}),
  });
  // same folders as the SFTP users; passwords checked against the secrets openMailbox publishes
  let http: RunningSandboxHttp | undefined;
  if (options.httpPort !== undefined) {
    http = await startSandboxHttp({
      rootDir,
      port: options.httpPort,
      credentials: localCredentials({}),
      ...(options.log ? { log: options.log } : {}),
    });
  }
  return {
    endpoint: {
      host: server.host,
      port: server.port,
      hostKeySha256: server.hostKeySha256,
      ...(http ? { http: { baseUrl: http.baseUrl } } : {}),
    },
    async openMailbox(connectionId, password = randomBytes(18).toString('base64url')) {
      process.env[secretEnvironmentVariable(sandboxSecretName(connectionId))] = JSON.stringify({
        password,
      });
      server.setUser({ username: connectionId, password });
      await payer.addUser(connectionId);
    },
    poll: () => payer.poll(),
    async stop() {
      await payer.close();
      await http?.close();
      await server.close();
    },
  };
}

/** The host key is kept, so the fingerprint connections pin survives restarts. */
async function persistentHostKey(dataDir: string): Promise<string> {
  const file = path.join(dataDir, 'host-key');
  const existing = await readFile(file, 'utf8').catch(() => null);
  if (existing !== null) return existing;
  const key = generateHostKey();
  await writeFile(file, key, { mode: 0o600 });
  return key;
}
