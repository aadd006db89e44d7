import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  SANDBOX_FOLDERS,
  SandboxUnavailableError,
  createConnector,
  sandboxSecretName,
  type SandboxEndpoint,
} from '#shared/connectors/connector-factory';
import { localCredentials, secretEnvironmentVariable } from '#shared/connectors/credentials';
import type { PayerConnection } from '#shared/domain/payers/payer-connection';
import { startSftpServer, type RunningSftpServer } from '#infra/local/sftp-server/sftp-server';
import { sandboxTestConnection } from '../../support/payer-connections.ts';

const SANDBOX_PASSWORD = 'sandbox-password-1';
let rootDir: string;
let server: RunningSftpServer;
let sandbox: SandboxEndpoint;

const credentials = localCredentials({
  environment: {
    [secretEnvironmentVariable(sandboxSecretName('demo-sandbox'))]: JSON.stringify({
      password: SANDBOX_PASSWORD,
    }),
  },
});

function sandboxConnection(protocol: 'sftp' | 'https' = 'sftp'): PayerConnection {
  return sandboxTestConnection('tn_demo', {
    connectionId: 'demo-sandbox',
    name: 'Sandbox payer',
    transport: { kind: 'sandbox', protocol },
  });
}

beforeAll(async () => {
  rootDir = await mkdtemp(path.join(tmpdir(), 'sandbox-sftp-'));
  server = await startSftpServer({
    rootDir,
    users: [{ username: 'demo-sandbox', password: SANDBOX_PASSWORD }],
  });
  for (const folder of Object.values(SANDBOX_FOLDERS))
    await mkdir(path.join(rootDir, 'demo-sandbox', folder), { recursive: true });
  sandbox = { host: '127.0.0.1', port: server.port, hostKeySha256: server.hostKeySha256 };
});

afterAll(async () => {
  await server.close();
  await rm(rootDir, { recursive: true, force: true });
});

describe('createConnector', () => {
  it('reaches a sandbox connection over SFTP as the connectionId user, in the documented folders', async () => {
    const connector = createConnector(sandboxConnection(), { credentials, sandbox });
    const home = path.join(rootDir, 'demo-sandbox');
    try {
      await connector.send('demo-sandbox-20240105-000000001.837', 'ISA*SANDBOX~');
      expect(
        await readFile(path.join(home, 'claims/demo-sandbox-20240105-000000001.837'), 'utf8'),
      ).toBe('ISA*SANDBOX~');

      await writeFile(path.join(home, 'answers/000000001.999'), 'ISA*999~');
      expect((await connector.listInbound()).map((file) => file.name)).toEqual(['000000001.999']);
      await connector.acknowledgeInbound('000000001.999');
      expect(await readFile(path.join(home, 'answers-archive/000000001.999'), 'utf8')).toBe(
        'ISA*999~',
      );
    } finally {
      await connector.close();
    }
  });

  it('refuses a sandbox connection with no sandbox running, off this machine, or over https where the sandbox serves no HTTP', () => {
    expect(() => createConnector(sandboxConnection(), { credentials })).toThrow(
      SandboxUnavailableError,
    );
    expect(() =>
      createConnector(sandboxConnection(), {
        credentials,
        sandbox: { ...sandbox, host: 'sandbox.example.com' },
      }),
    ).toThrow(/localhost/);
    expect(() => createConnector(sandboxConnection('https'), { credentials, sandbox })).toThrow(
      /serves no HTTP/,
    );
  });
});
