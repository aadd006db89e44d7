import { mkdtemp, mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type ssh2 from 'ssh2';
import SftpClient from 'ssh2-sftp-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  generateKeyPair,
  startSftpServer,
  type RunningSftpServer,
} from '#infra/local/sftp-server/sftp-server';
import { hostKeyFingerprint } from '#shared/connectors/host-key-fingerprint';

const clientKey = generateKeyPair();
let rootDir: string;
let server: RunningSftpServer;

beforeAll(async () => {
  rootDir = await mkdtemp(path.join(tmpdir(), 'sftp-server-'));
  server = await startSftpServer({
    rootDir,
    users: [
      { username: 'alice', password: 'alice-password' },
      { username: 'bob', publicKey: clientKey.public },
    ],
  });
});

afterAll(async () => {
  await server.close();
  await rm(rootDir, { recursive: true, force: true });
});

async function connect(
  credentials: { username: string; password?: string; privateKey?: string },
  onHostKey?: (key: Buffer) => void,
): Promise<SftpClient> {
  const client = new SftpClient('test', {
    error: () => undefined,
    end: () => undefined,
    close: () => undefined,
  });
  await client.connect({
    host: '127.0.0.1',
    port: server.port,
    readyTimeout: 5000,
    ...credentials,
    hostVerifier: (key: Buffer) => {
      onHostKey?.(key);
      return true;
    },
  });
  // as the connector does: without it every small request waits for a delayed ACK
  (client as unknown as { client: ssh2.Client }).client.setNoDelay(true);
  return client;
}

describe('startSftpServer', () => {
  it('serves put, get, list, stat, exists, mkdir, rename and delete inside the user folder', async () => {
    const client = await connect({ username: 'alice', password: 'alice-password' });
    try {
      await client.mkdir('/outbound/nested', true);
      await client.put(Buffer.from('ISA*00*~'), '/outbound/nested/a.837');
      await client.rename('/outbound/nested/a.837', '/outbound/b.837');

      expect(((await client.get('/outbound/b.837')) as Buffer).toString()).toBe('ISA*00*~');
      expect(await client.exists('/outbound/b.837')).toBe('-');
      expect(await client.exists('/outbound/nested')).toBe('d');
      expect(await client.exists('/outbound/a.837')).toBe(false);
      expect((await client.stat('/outbound/b.837')).size).toBe(8);
      expect((await client.list('/outbound')).map((entry) => [entry.type, entry.name])).toEqual([
        ['-', 'b.837'],
        ['d', 'nested'],
      ]);
      expect(await readFile(path.join(rootDir, 'alice/outbound/b.837'), 'utf8')).toBe('ISA*00*~');
      await client.delete('/outbound/b.837');
      expect(await client.exists('/outbound/b.837')).toBe(false);
    } finally {
      await client.end();
    }
  });

  it('refuses a rename onto an existing file, as SFTP v3 servers do', async () => {
    const client = await connect({ username: 'alice', password: 'alice-password' });
    try {
      await client.put(Buffer.from('one'), '/first');
      await client.put(Buffer.from('two'), '/second');
      await expect(client.rename('/first', '/second')).rejects.toThrow();
      expect(((await client.get('/second')) as Buffer).toString()).toBe('two');
    } finally {
      await client.end();
    }
  });

  it('reads a file larger than one read request whole', async () => {
    const client = await connect({ username: 'alice', password: 'alice-password' });
    try {
      const big = Buffer.alloc(700_000, 'x');
      await client.put(big, '/big');
      expect((await client.get('/big')) as Buffer).toEqual(big);
    } finally {
      await client.end();
    }
  });

  it('authenticates with a public key and refuses a wrong password', async () => {
    const client = await connect({ username: 'bob', privateKey: clientKey.private });
    expect(await client.exists('/')).toBe('d');
    await client.end();

    await expect(connect({ username: 'alice', password: 'wrong' })).rejects.toThrow(
      /authentication/i,
    );
    await expect(connect({ username: 'bob', password: 'anything' })).rejects.toThrow(
      /authentication/i,
    );
  });

  it('confines every path to the user folder: ".." stops at "/" and symlinks out are refused', async () => {
    await writeFile(path.join(rootDir, 'outside.txt'), 'secret');
    await mkdir(path.join(rootDir, 'bob'), { recursive: true });
    await writeFile(path.join(rootDir, 'bob', 'bobs.txt'), 'bob only');
    await mkdir(path.join(rootDir, 'alice'), { recursive: true });
    await symlink(path.join(rootDir, 'bob'), path.join(rootDir, 'alice', 'to-bob'));
    const client = await connect({ username: 'alice', password: 'alice-password' });
    try {
      await expect(client.get('/../outside.txt')).rejects.toThrow(/no such file/i);
      await expect(client.get('../../outside.txt')).rejects.toThrow();
      await expect(client.get('/../bob/bobs.txt')).rejects.toThrow(/no such file/i);
      await expect(client.get('/to-bob/bobs.txt')).rejects.toThrow(/permission denied/i);
      await expect(client.put(Buffer.from('x'), '/to-bob/planted')).rejects.toThrow();
      await expect(client.rename('/first', '/../../escaped')).resolves.toBeDefined();
      expect(await client.realPath('/../..')).toBe('/');
      expect(await readFile(path.join(rootDir, 'alice', 'escaped'), 'utf8')).toBe('one');
      await expect(readFile(path.join(rootDir, 'bob', 'planted'))).rejects.toThrow();
    } finally {
      await client.end();
    }
  });

  it('presents a host key whose SHA-256 fingerprint is the one it publishes', async () => {
    let presented: Buffer | undefined;
    const client = await connect(
      { username: 'alice', password: 'alice-password' },
      (key) => (presented = key),
    );
    await client.end();
    expect(presented && hostKeyFingerprint(presented)).toBe(server.hostKeySha256);
    expect(server.hostKeySha256).toMatch(/^[A-Za-z0-9+/]{43}$/);
  });

  it('accepts a user added while running', async () => {
    server.setUser({ username: 'carol', password: 'carol-password' });
    const client = await connect({ username: 'carol', password: 'carol-password' });
    expect(await client.list('/')).toEqual([]);
    await client.end();
  });
});
