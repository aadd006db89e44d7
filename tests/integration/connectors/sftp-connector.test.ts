import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import SftpClient from 'ssh2-sftp-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { localCredentials } from '#shared/connectors/credentials';
import { PayerUnavailableError, type PayerConnector } from '#shared/connectors/payer-connector';
import {
  HostKeyMismatchError,
  PayerAuthenticationError,
  createSftpConnector,
  partName,
  type SftpConnectorOptions,
} from '#shared/connectors/sftp-connector';
import {
  generateKeyPair,
  startSftpServer,
  type RunningSftpServer,
} from '#infra/local/sftp-server/sftp-server';

const PASSWORD = 'payer-mailbox-password-1';
const clientKey = generateKeyPair();
const credentials = localCredentials({
  environment: {
    SECRET_PAYERS_ACME_SFTP: JSON.stringify({ password: PASSWORD }),
    SECRET_PAYERS_ACME_WRONG: JSON.stringify({ password: 'not-it' }),
    SECRET_PAYERS_KEYED: JSON.stringify({ privateKey: clientKey.private }),
  },
});

let rootDir: string;
let server: RunningSftpServer;
const opened: PayerConnector[] = [];

beforeAll(async () => {
  rootDir = await mkdtemp(path.join(tmpdir(), 'sftp-connector-'));
  server = await startSftpServer({
    rootDir,
    users: [
      { username: 'acme', password: PASSWORD },
      { username: 'keyed', publicKey: clientKey.public },
    ],
  });
  for (const folder of ['acme/outbound', 'acme/inbound', 'acme/archive', 'keyed/outbound'])
    await mkdir(path.join(rootDir, folder), { recursive: true });
});

afterEach(async () => {
  await Promise.all(opened.splice(0).map((connector) => connector.close()));
});

afterAll(async () => {
  await server.close();
  await rm(rootDir, { recursive: true, force: true });
});

function connector(overrides: Partial<SftpConnectorOptions['transport']> = {}): PayerConnector {
  const created = createSftpConnector({
    connectionId: 'acme-sftp',
    credentials,
    readyTimeoutMs: 5000,
    transport: {
      host: '127.0.0.1',
      port: server.port,
      username: 'acme',
      hostKeySha256: server.hostKeySha256,
      credentialsSecret: 'payers/acme-sftp',
      outboundPath: '/outbound',
      inboundPath: '/inbound',
      ...overrides,
    },
  });
  opened.push(created);
  return created;
}

const outbound = (name: string) => path.join(rootDir, 'acme/outbound', name);
const inbound = (name: string) => path.join(rootDir, 'acme/inbound', name);

describe('sftp connector', () => {
  it('uploads under the final name with no temporary file left, and hasSent then sees it', async () => {
    const payer = connector();
    expect(await payer.hasSent('acme-20240105-000000101.837')).toBe(false);

    await payer.send('acme-20240105-000000101.837', 'ISA*00*...~IEA*1*000000101~');

    expect(await readFile(outbound('acme-20240105-000000101.837'), 'utf8')).toBe(
      'ISA*00*...~IEA*1*000000101~',
    );
    expect(existsSync(outbound(partName('acme-20240105-000000101.837')))).toBe(false);
    expect(await payer.hasSent('acme-20240105-000000101.837')).toBe(true);
  });

  it('treats a second send of the same file as done, leaving the first upload in place', async () => {
    const payer = connector();
    await payer.send('acme-20240105-000000102.837', 'first');
    await payer.send('acme-20240105-000000102.837', 'first');
    expect(await readFile(outbound('acme-20240105-000000102.837'), 'utf8')).toBe('first');
    expect(await readdir(path.join(rootDir, 'acme/outbound'))).not.toContain(
      partName('acme-20240105-000000102.837'),
    );
  });

  it('never shows a partial upload under the final name, and a retry replaces the leftover part', async () => {
    const name = 'acme-20240105-000000103.837';
    // a worker dies mid-upload: half a file written to the temporary name, the session cut
    const dying = new SftpClient('dying', {
      error: () => undefined,
      end: () => undefined,
      close: () => undefined,
    });
    const sftp = await dying.connect({
      host: '127.0.0.1',
      port: server.port,
      username: 'acme',
      password: PASSWORD,
      hostVerifier: () => true,
    });
    await new Promise<void>((resolve, reject) => {
      const stream = sftp.createWriteStream(`/outbound/${partName(name)}`);
      stream.on('error', reject);
      stream.write('ISA*00*HALF', () => resolve());
    });
    await dying.end();

    const payer = connector();
    expect(await payer.hasSent(name)).toBe(false);
    expect(existsSync(outbound(name))).toBe(false);

    await payer.send(name, 'ISA*00*WHOLE~');
    expect(await readFile(outbound(name), 'utf8')).toBe('ISA*00*WHOLE~');
    expect(existsSync(outbound(partName(name)))).toBe(false);
  });

  it('lists, fetches and deletes inbound files, ignoring hidden and partial ones', async () => {
    await writeFile(inbound('999-0001.x12'), 'ISA*999~');
    await writeFile(inbound('835-0002.x12'), 'ISA*835~');
    await writeFile(inbound('.835-0003.x12.part'), 'ISA*8');
    await mkdir(inbound('subfolder'), { recursive: true });
    const payer = connector();

    const listed = await payer.listInbound();
    expect(listed.map((file) => file.name)).toEqual(['835-0002.x12', '999-0001.x12']);
    expect(listed[0]?.size).toBe(8);
    expect(String(await payer.fetchInbound('999-0001.x12'))).toBe('ISA*999~');

    await payer.acknowledgeInbound('999-0001.x12');
    await payer.acknowledgeInbound('999-0001.x12');
    expect(existsSync(inbound('999-0001.x12'))).toBe(false);
    expect((await payer.listInbound()).map((file) => file.name)).toEqual(['835-0002.x12']);
    await payer.acknowledgeInbound('835-0002.x12');
  });

  it('moves acknowledged files into the archive folder, keeping both copies of a repeated name', async () => {
    const payer = connector({ inboundArchivePath: '/archive' });
    await writeFile(inbound('277-0001.x12'), 'first');
    await payer.acknowledgeInbound('277-0001.x12');
    await writeFile(inbound('277-0001.x12'), 'again');
    await payer.acknowledgeInbound('277-0001.x12');
    await payer.acknowledgeInbound('277-0001.x12');

    const archived = await readdir(path.join(rootDir, 'acme/archive'));
    expect(archived).toHaveLength(2);
    expect(archived).toContain('277-0001.x12');
    expect(existsSync(inbound('277-0001.x12'))).toBe(false);
  });

  it('signs in with a private key from the secret', async () => {
    const payer = connector({ username: 'keyed', credentialsSecret: 'payers/keyed' });
    await payer.send('keyed-1.837', 'ISA~');
    expect(await readFile(path.join(rootDir, 'keyed/outbound/keyed-1.837'), 'utf8')).toBe('ISA~');
  });

  it('refuses a server whose host key is not the pinned one, naming the connection and not the key', async () => {
    const pinned = 'A'.repeat(43);
    const payer = connector({ hostKeySha256: pinned });

    const error = await payer.hasSent('x.837').catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(HostKeyMismatchError);
    expect(error).not.toBeInstanceOf(PayerUnavailableError);
    expect((error as Error).message).toContain('acme-sftp');
    expect((error as Error).message).not.toContain(pinned);
    expect((error as Error).message).not.toContain(server.hostKeySha256);
  });

  it('reports refused credentials as an authentication error without the password', async () => {
    const payer = connector({ credentialsSecret: 'payers/acme-wrong' });
    const error = await payer.hasSent('x.837').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PayerAuthenticationError);
    expect((error as Error).message).not.toContain('not-it');
  });

  it('reports a server that is down as PayerUnavailableError (retryable)', async () => {
    const gone = await startSftpServer({
      rootDir,
      users: [{ username: 'acme', password: PASSWORD }],
    });
    await gone.close();
    const payer = connector({ port: gone.port, hostKeySha256: gone.hostKeySha256 });

    const error = await payer.send('acme-1.837', 'ISA~').catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(PayerUnavailableError);
    expect((error as Error).message).toMatch(/acme-sftp.*ECONNREFUSED/);
  });

  it('opens a new session after the server drops the old one', async () => {
    const own = await startSftpServer({
      rootDir,
      users: [{ username: 'acme', password: PASSWORD }],
    });
    const payer = connector({ port: own.port, hostKeySha256: own.hostKeySha256 });
    expect(await payer.hasSent('nothing.837')).toBe(false);
    await own.close();
    await expect(payer.hasSent('nothing.837')).rejects.toBeInstanceOf(PayerUnavailableError);

    const again = await startSftpServer({
      rootDir,
      port: own.port,
      hostKey: own.hostKey,
      users: [{ username: 'acme', password: PASSWORD }],
    });
    try {
      expect(await payer.hasSent('acme-20240105-000000101.837')).toBe(true);
    } finally {
      await again.close();
    }
  });

  it('refuses file names that are not one plain path segment before touching the server', async () => {
    const payer = connector();
    await expect(payer.send('../escape.837', 'x')).rejects.toThrow(/one path segment/);
    await expect(payer.fetchInbound('/etc/passwd')).rejects.toThrow(/one path segment/);
  });
});
