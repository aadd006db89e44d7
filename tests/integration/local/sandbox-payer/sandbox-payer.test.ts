import { SANDBOX_FOLDERS } from '#shared/connectors/connector-factory';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import SftpClient from 'ssh2-sftp-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandboxPayer, type SandboxPayer } from '#infra/local/sandbox-payer/sandbox-payer';
import { startSftpServer, type RunningSftpServer } from '#infra/local/sftp-server/sftp-server';
import { parseX12 } from '#shared/x12/parse-document';
import type { Remittance835 } from '#shared/x12/remittance-835';
import { professional837 } from '../../../unit/local/sandbox-payer/inbound-837.ts';

const USER = { username: 'sandbox-conn', password: 'sandbox-password' };
let dataDir: string;
let server: RunningSftpServer;

function payerOptions(logs: string[] = []) {
  return {
    rootDir: path.join(dataDir, 'sftp'),
    users: [USER.username],
    stateFile: path.join(dataDir, 'state.json'),
    stepSeconds: 0.2,
    pollIntervalMs: 50,
    log: (message: string, fields: Readonly<Record<string, string | number>>) =>
      logs.push(`${message} ${JSON.stringify(fields)}`),
  };
}

async function connect(): Promise<SftpClient> {
  const client = new SftpClient('sandbox-test', {
    error: () => undefined,
    end: () => undefined,
    close: () => undefined,
  });
  await client.connect({ host: '127.0.0.1', port: server.port, readyTimeout: 5000, ...USER });
  return client;
}

async function inboundNames(client: SftpClient): Promise<string[]> {
  return (await client.list(SANDBOX_FOLDERS.answers)).map((entry) => entry.name).toSorted();
}

async function waitFor(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the sandbox payer');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'sandbox-payer-'));
  server = await startSftpServer({ rootDir: path.join(dataDir, 'sftp'), users: [USER] });
});

afterAll(async () => {
  await server.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('sandbox payer over SFTP', () => {
  it('answers an uploaded 837 with 999, 277CA and 835 files in the inbound folder, and never twice', async () => {
    const logs: string[] = [];
    let payer: SandboxPayer = await startSandboxPayer(payerOptions(logs));
    const client = await connect();
    try {
      await client.put(
        Buffer.from(professional837([{ memberId: 'U1234567801' }, { memberId: 'SBX-DENY-7' }])),
        `${SANDBOX_FOLDERS.claims}/conn-20250320-000000101.837`,
      );

      await waitFor(async () => (await inboundNames(client)).length >= 3);
      const names = await inboundNames(client);
      expect(names.map((name) => name.slice(name.lastIndexOf('.') + 1))).toEqual([
        '999',
        '277',
        '835',
      ]);
      const remittanceName = names.find((name) => name.endsWith('.835')) ?? '';
      const remittanceText = (await client.get(
        `${SANDBOX_FOLDERS.answers}/${remittanceName}`,
      )) as Buffer;
      const document = parseX12(remittanceText.toString('utf8'), { strict: true });
      const remittance = document.interchanges[0]?.groups[0]?.transactions[0] as Remittance835;
      expect(remittance.claims.map((claim) => claim.statusCode)).toEqual(['1', '4']);
      expect(remittance.balance.balanced).toBe(true);
      expect(await client.exists(`${SANDBOX_FOLDERS.claims}/conn-20250320-000000101.837`)).toBe(
        '-',
      );

      // a restart reads the state: the same file is not answered again
      await payer.close();
      for (const name of names) await client.delete(`${SANDBOX_FOLDERS.answers}/${name}`);
      payer = await startSandboxPayer(payerOptions(logs));
      await payer.poll();
      await payer.poll();
      await new Promise((resolve) => setTimeout(resolve, 600));
      expect(await inboundNames(client)).toEqual([]);
      expect(logs.join('\n')).not.toContain('U1234567801');
    } finally {
      await client.end();
      await payer.close();
    }
  });

  it('delivers answers planned before a restart after it', async () => {
    const slow = { ...payerOptions(), stepSeconds: 1 };
    let payer = await startSandboxPayer(slow);
    const client = await connect();
    try {
      await client.put(
        Buffer.from(professional837([{ memberId: 'SBX-PEND-1' }], { controlNumber: 202 })),
        `${SANDBOX_FOLDERS.claims}/conn-20250320-000000202.837`,
      );
      await waitFor(async () => (await inboundNames(client)).some((name) => name.endsWith('.999')));
      await payer.close();

      payer = await startSandboxPayer(slow);
      await waitFor(async () => (await inboundNames(client)).some((name) => name.endsWith('.835')));

      const kinds = (await inboundNames(client)).map((name) =>
        name.slice(name.lastIndexOf('.') + 1),
      );
      expect(kinds.toSorted()).toEqual(['277', '277', '835', '999']);
    } finally {
      await client.end();
      await payer.close();
    }
  });
});
