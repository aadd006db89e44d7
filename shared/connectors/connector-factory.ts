// The connector for a payer connection: sftp and https as configured; sandbox through the local
// sandbox payer's SFTP server or HTTP mailbox (its `protocol`), whose endpoint the local runtime
// passes in (the record holds none).
import type { PayerConnection } from '#shared/domain/payers/payer-connection';
import { createHttpsConnector } from './https-connector.ts';
import type { CredentialsResolver, PayerConnector } from './payer-connector.ts';
import { createSftpConnector } from './sftp-connector.ts';

/**
 * Where the sandbox payer listens (npm start, tests). One SFTP user per sandbox connection:
 * username = the connectionId, password in the local secret `sandboxSecretName(connectionId)`
 * (`{ "password": ... }`). In the user's folder we upload to `SANDBOX_FOLDERS.claims` and read
 * answers from `SANDBOX_FOLDERS.answers`.
 */
export interface SandboxEndpoint {
  /** 127.0.0.1 */
  readonly host: string;
  readonly port: number;
  /** the sandbox server's host key fingerprint (RunningSftpServer.hostKeySha256) */
  readonly hostKeySha256: string;
  /** the sandbox payer's HTTP mailbox (`protocol: "https"` connections); absent when not served */
  readonly http?: {
    /** `http://127.0.0.1:<port>` (RunningSandboxHttp.baseUrl) */
    readonly baseUrl: string;
  };
}

/** Folders of a sandbox connection's SFTP user, as seen by that user. */
export const SANDBOX_FOLDERS = {
  /** 837 files we send; the sandbox payer picks them up (ignoring dot files: uploads in flight) */
  claims: '/claims',
  /** TA1, 999, 277CA and 835 files the sandbox payer writes (to a dot name, then renamed) */
  answers: '/answers',
  /** where acknowledged answers are moved, so a run can be inspected afterwards */
  archive: '/answers-archive',
} as const;

/**
 * Path of the sandbox's HTTP mailboxes: a connection's is `<baseUrl>/mailboxes/<connectionId>`,
 * with the SANDBOX_FOLDERS as paths below it (infra/local/sandbox-payer/sandbox-http.ts serves them).
 */
export const SANDBOX_HTTP_MAILBOXES = '/mailboxes';

/** The local secret holding a sandbox connection's SFTP (and HTTP) password. */
export const sandboxSecretName = (connectionId: string): string => `sandbox/${connectionId}`;

export class SandboxUnavailableError extends Error {
  constructor(connectionId: string, reason: string) {
    super(`payer connection ${connectionId} is a sandbox connection: ${reason}`);
    this.name = 'SandboxUnavailableError';
  }
}

export interface ConnectorDependencies {
  readonly credentials: CredentialsResolver;
  /** the running sandbox payer; without it a sandbox connection cannot be opened (as in the cloud) */
  readonly sandbox?: SandboxEndpoint;
  /** SSH handshake limit for sftp connections; default 20 s */
  readonly readyTimeoutMs?: number;
}

export function createConnector(
  connection: PayerConnection,
  dependencies: ConnectorDependencies,
): PayerConnector {
  const { transport, connectionId } = connection;
  const readyTimeout =
    dependencies.readyTimeoutMs === undefined
      ? {}
      : { readyTimeoutMs: dependencies.readyTimeoutMs };
  switch (transport.kind) {
    case 'sftp':
      return createSftpConnector({
        connectionId,
        transport,
        credentials: dependencies.credentials,
        ...readyTimeout,
      });
    case 'https':
      return createHttpsConnector({
        connectionId,
        transport,
        credentials: dependencies.credentials,
      });
    case 'sandbox': {
      const sandbox = dependencies.sandbox;
      if (sandbox === undefined)
        throw new SandboxUnavailableError(connectionId, 'no sandbox payer runs here');
      // the sandbox is a process on this machine; anything else is a misconfiguration
      if (!['127.0.0.1', 'localhost', '::1'].includes(sandbox.host))
        throw new SandboxUnavailableError(
          connectionId,
          'the sandbox endpoint must be on localhost',
        );
      if (transport.protocol === 'https')
        return sandboxHttpsConnector(connectionId, sandbox, dependencies.credentials);
      return createSftpConnector({
        connectionId,
        credentials: dependencies.credentials,
        ...readyTimeout,
        transport: {
          host: sandbox.host,
          port: sandbox.port,
          username: connectionId,
          hostKeySha256: sandbox.hostKeySha256,
          credentialsSecret: sandboxSecretName(connectionId),
          outboundPath: SANDBOX_FOLDERS.claims,
          inboundPath: SANDBOX_FOLDERS.answers,
          inboundArchivePath: SANDBOX_FOLDERS.archive,
        },
      });
    }
  }
}

/**
 * The https connector on the sandbox's HTTP mailbox: Basic auth as the connectionId with the
 * password of the sandbox secret (which holds `{ "password" }` only, as for SFTP: the user name
 * is added here, so one secret serves both protocols).
 */
function sandboxHttpsConnector(
  connectionId: string,
  sandbox: SandboxEndpoint,
  credentials: CredentialsResolver,
): PayerConnector {
  if (sandbox.http === undefined)
    throw new SandboxUnavailableError(connectionId, 'the sandbox payer serves no HTTP here');
  const base = new URL(sandbox.http.baseUrl);
  // the host check above covers SFTP; the HTTP base must be just as local
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(base.hostname))
    throw new SandboxUnavailableError(connectionId, 'the sandbox endpoint must be on localhost');
  base.pathname = `${base.pathname.replace(/\/$/, '')}${SANDBOX_HTTP_MAILBOXES}/${connectionId}`;
  return createHttpsConnector({
    connectionId,
    credentials: {
      resolve: async (secretName) => ({
        username: connectionId,
        ...(await credentials.resolve(secretName)),
      }),
    },
    transport: {
      baseUrl: base.toString(),
      uploadPath: SANDBOX_FOLDERS.claims,
      listPath: SANDBOX_FOLDERS.answers,
      fetchPath: `${SANDBOX_FOLDERS.answers}/{name}`,
      acknowledgePath: `${SANDBOX_FOLDERS.answers}/{name}`,
      auth: { type: 'basic', credentialsSecret: sandboxSecretName(connectionId) },
      timeoutMs: 30_000,
    },
  });
}
