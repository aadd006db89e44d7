import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalSandbox, type LocalSandbox } from '#infra/local/sandbox';
import {
  SANDBOX_FOLDERS,
  SANDBOX_HTTP_MAILBOXES,
  SandboxUnavailableError,
  createConnector,
  sandboxSecretName,
} from '#shared/connectors/connector-factory';
import { localCredentials, secretEnvironmentVariable } from '#shared/connectors/credentials';
import { PayerRequestError } from '#shared/connectors/https-connector';
import type { PayerConnection } from '#shared/domain/payers/payer-connection';
import { parseX12 } from '#shared/x12/parse-document';
import type { Remittance835 } from '#shared/x12/remittance-835';
import { sandboxTestConnection } from '../../../support/payer-connections.ts';
import { professional837 } from '../../../unit/local/sandbox-payer/inbound-837.ts';

const CONNECTION_ID = 'http-sandbox-conn';
let dataDir: string;
let sandbox: LocalSandbox;
let baseUrl: string;

function httpsSandboxConnection(connectionId = CONNECTION_ID): PayerConnection {
  return sandboxTestConnection('tn_http_sandbox', {
    connectionId,
    name: 'Sandbox payer over HTTP',
    transport: { kind: 'sandbox', protocol: 'https' },
  });
}

async function eventually(check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the sandbox payer');
    await sandbox.poll();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'sandbox-http-'));
  sandbox = await startLocalSandbox({ port: 0, httpPort: 0, dataDir, delaySeconds: 0.1 });
  await sandbox.openMailbox(CONNECTION_ID);
  baseUrl = sandbox.endpoint.http?.baseUrl ?? '';
});

afterAll(async () => {
  await sandbox.stop();
  delete process.env[secretEnvironmentVariable(sandboxSecretName(CONNECTION_ID))];
  await rm(dataDir, { recursive: true, force: true });
});

describe('sandbox payer over HTTP', () => {
  it('takes an 837 from an https sandbox connection and serves its answers through the https connector', async () => {
    expect(baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const connector = createConnector(httpsSandboxConnection(), {
      credentials: localCredentials({}),
      sandbox: sandbox.endpoint,
    });
    const fileName = `${CONNECTION_ID}-20250320-000000301.837`;
    const content = professional837([{ memberId: 'U1234567801' }, { memberId: 'SBX-DENY-7' }], {
      controlNumber: 301,
    });
    const home = path.join(dataDir, 'sftp', CONNECTION_ID);

    expect(await connector.hasSent(fileName)).toBe(false);
    await connector.send(fileName, content);
    // the same folder the SFTP user sees, so the sandbox payer process answers it as usual
    expect(await readFile(path.join(home, SANDBOX_FOLDERS.claims, fileName), 'utf8')).toBe(content);
    expect(await connector.hasSent(fileName)).toBe(true);
    // a repeated upload (a retry after a crash) succeeds and leaves the first file
    await connector.send(fileName, 'ISA*OTHER~');
    expect(await readFile(path.join(home, SANDBOX_FOLDERS.claims, fileName), 'utf8')).toBe(content);

    await eventually(async () => (await connector.listInbound()).length >= 3);
    const listed = await connector.listInbound();
    const names = listed.map((file) => file.name);
    expect(names.map((name) => name.slice(name.lastIndexOf('.') + 1)).toSorted()).toEqual([
      '277',
      '835',
      '999',
    ]);
    expect(listed.every((file) => typeof file.size === 'number' && file.size > 0)).toBe(true);

    const remittanceName = names.find((name) => name.endsWith('.835')) ?? '';
    const document = parseX12((await connector.fetchInbound(remittanceName)).toString('utf8'), {
      strict: true,
    });
    const remittance = document.interchanges[0]?.groups[0]?.transactions[0] as Remittance835;
    expect(remittance.claims.map((claim) => claim.statusCode)).toEqual(['1', '4']);

    for (const name of names) await connector.acknowledgeInbound(name);
    await connector.acknowledgeInbound(remittanceName); // twice: already gone is fine
    expect(await connector.listInbound()).toEqual([]);
    expect((await readdir(path.join(home, SANDBOX_FOLDERS.archive))).toSorted()).toEqual(
      names.toSorted(),
    );
    await connector.close();
  });

  it('refuses a wrong password, an unknown mailbox and a name that is not one plain segment', async () => {
    const wrongPassword = createConnector(httpsSandboxConnection(), {
      credentials: localCredentials({
        environment: {
          [secretEnvironmentVariable(sandboxSecretName(CONNECTION_ID))]: JSON.stringify({
            password: 'not-the-password',
          }),
        },
      }),
      sandbox: sandbox.endpoint,
    });
    await expect(wrongPassword.listInbound()).rejects.toMatchObject({
      name: 'PayerRequestError',
      status: 401,
    });
    await expect(wrongPassword.send('x.837', 'ISA~')).rejects.toBeInstanceOf(PayerRequestError);

    const mailbox = `${baseUrl}${SANDBOX_HTTP_MAILBOXES}/${CONNECTION_ID}`;
    const secret = process.env[secretEnvironmentVariable(sandboxSecretName(CONNECTION_ID))] ?? '';
    const { password } = JSON.parse(secret) as { password: string };
    // Bearer with the password works too; a mailbox without a secret answers as a wrong password
    const bearer = { authorization: `Bearer ${password}` };
    expect((await fetch(`${mailbox}/answers`, { headers: bearer })).status).toBe(200);
    expect(
      (await fetch(`${baseUrl}/mailboxes/nobody-here/answers`, { headers: bearer })).status,
    ).toBe(401);
    expect((await fetch(`${mailbox}/answers`)).status).toBe(401);
    expect(
      (await fetch(`${mailbox}/claims/..%2Fsecret`, { method: 'HEAD', headers: bearer })).status,
    ).toBe(400);
    expect(
      (await fetch(`${mailbox}/claims/.hidden.837`, { method: 'PUT', headers: bearer, body: 'x' }))
        .status,
    ).toBe(400);
  });

  it('opens https sandbox connections only where the sandbox serves HTTP', () => {
    const { http: _http, ...sftpOnly } = sandbox.endpoint;
    expect(() =>
      createConnector(httpsSandboxConnection(), {
        credentials: localCredentials({}),
        sandbox: sftpOnly,
      }),
    ).toThrow(SandboxUnavailableError);
  });
});
