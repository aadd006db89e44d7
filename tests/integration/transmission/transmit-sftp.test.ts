import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSftpConnector } from '#shared/connectors/sftp-connector';
import { startSftpServer, type RunningSftpServer } from '#infra/local/sftp-server/sftp-server';
import { transmitClaims } from '#shared/transmission/transmit-claims';
import { crashingFlow } from './crash-points.ts';
import { parseInterchange } from './parsed-interchange.ts';
import { harnessPerFile, newTenantId, statusesOf, testConnection } from './transmit-harness.ts';

const harness = harnessPerFile();
let server: RunningSftpServer;
let rootDir: string;
const password = 'test-only-password';

beforeAll(async () => {
  rootDir = await mkdtemp(path.join(tmpdir(), 'transmit-sftp-'));
  await mkdir(path.join(rootDir, 'payer', 'in'), { recursive: true });
  server = await startSftpServer({ rootDir, users: [{ username: 'payer', password }] });
});

afterAll(async () => {
  await server.close();
  await rm(rootDir, { recursive: true, force: true });
});

describe('transmit worker over SFTP', () => {
  it('uploads the interchange to the payer mailbox and, run again, finds it there instead of sending twice', async () => {
    const tenantId = newTenantId();
    const connection = testConnection({
      tenantId,
      connectionId: `s${tenantId.slice(3)}`,
      transport: {
        kind: 'sftp',
        host: '127.0.0.1',
        port: server.port,
        username: 'payer',
        hostKeySha256: server.hostKeySha256,
        credentialsSecret: 'test/payer',
        outboundPath: '/in',
        inboundPath: '/in',
      },
    });
    harness.connections.set(tenantId, [connection]);
    const claimIds = [
      await harness.submit(tenantId, 'professional-full', '87726'),
      await harness.submit(tenantId, 'professional-minimal', '87726'),
    ];
    const uploads: string[] = [];
    const flow = {
      ...harness.flowDependencies(),
      connectors: {
        open: () => {
          const connector = createSftpConnector({
            connectionId: connection.connectionId,
            transport: connection.transport.kind === 'sftp' ? connection.transport : never(),
            credentials: { resolve: () => Promise.resolve({ password }) },
          });
          // the real connector, counting the uploads it makes
          return Promise.resolve({
            send: async (name: string, content: string) => {
              uploads.push(name);
              await connector.send(name, content);
            },
            hasSent: (name: string) => connector.hasSent(name),
            listInbound: () => connector.listInbound(),
            fetchInbound: (name: string) => connector.fetchInbound(name),
            acknowledgeInbound: (name: string) => connector.acknowledgeInbound(name),
            close: () => connector.close(),
          });
        },
      },
      leaseMs: 0, // the crashed worker's lease is over at once
    };
    const messages = claimIds.map((claimId, index) => ({
      messageId: `m${index}`,
      request: { tenantId, claimId, revision: 1 },
      receiveCount: 1,
    }));

    // the first run crashes after the upload, the second finds the file at the payer
    const crashing = crashingFlow(flow, { afterUpload: true });
    await expect(
      crashing.run(() => transmitClaims(crashing.dependencies, messages)),
    ).rejects.toThrow('injected crash');
    const outcomes = await transmitClaims(flow, messages);

    expect([...outcomes.values()].map((outcome) => outcome.kind)).toEqual(['done', 'done']);
    expect(uploads).toHaveLength(1);
    const files = await readdir(path.join(rootDir, 'payer', 'in'));
    expect(files).toEqual(uploads);
    const file = parseInterchange(
      await readFile(path.join(rootDir, 'payer', 'in', files[0] ?? ''), 'utf8'),
    );
    expect(file.claimIds.toSorted()).toEqual(claimIds.toSorted());
    const claims = await statusesOf(harness, tenantId, claimIds);
    expect(claims.map((claim) => claim.status)).toEqual(['TRANSMITTED', 'TRANSMITTED']);
  });
});

function never(): never {
  throw new Error('not an sftp connection');
}
