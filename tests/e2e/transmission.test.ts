// Claims over HTTP all the way to the sandbox payer's SFTP mailbox, and its answers back in it:
// the same wiring as `npm start` (API, transmit consumer, SFTP, sandbox payer).
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startLocalSystem, type LocalSystem } from '#infra/local/system';
import { sandboxConnectionId } from '#infra/local/sandbox-connection';
import { parseX12 } from '#shared/x12/parse-document';
import { claimFixture } from '../support/claims.ts';

let system: LocalSystem;
let dataDir: string;
let apiKey: string;
let tenantId: string;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'sandbox-e2e-'));
  system = await startLocalSystem({
    port: 0,
    dynamoPort: 0,
    awsPort: 0,
    dynamoEndpoint: inject('dynamoEndpoint'),
    awsEndpoint: inject('awsEndpoint'),
    suffix: '-' + randomBytes(4).toString('hex'),
    sandbox: { port: 0, dataDir, delaySeconds: 0.2 },
    // this test reads the answers in the mailbox itself: no poller may take them away
    pollEveryMs: false,
    logger: { info: () => undefined, error: () => undefined },
  });
  ({ apiKey, tenantId } = await system.addTenant('Transmission e2e', 'tn_e2e_transmit'));
});

afterAll(async () => {
  await system.stop();
  await rm(dataDir, { recursive: true, force: true });
});

async function submit(memberId: string): Promise<string> {
  const claim = claimFixture('professional-minimal') as { subscriber: { memberId: string } };
  claim.subscriber.memberId = memberId;
  const response = await fetch(`${system.apiUrl}/v1/claims/professional`, {
    method: 'POST',
    headers: { 'x-api-key': apiKey, 'content-type': 'application/json' },
    body: JSON.stringify(claim),
  });
  expect(response.status).toBe(202);
  return ((await response.json()) as { claimId: string }).claimId;
}

async function statusOf(
  claimId: string,
): Promise<{ status: string; events: { source: { controlNumbers?: Record<string, string> } }[] }> {
  const response = await fetch(`${system.apiUrl}/v1/claims/${claimId}/events`, {
    headers: { 'x-api-key': apiKey },
  });
  return (await response.json()) as {
    status: string;
    events: { source: { controlNumbers?: Record<string, string> } }[];
  };
}

async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('transmission to the sandbox payer', () => {
  it('transmits queued claims as one 837 interchange over SFTP and the sandbox answers with a 999 that rejects only the SBX-REJ999 claim', async () => {
    const accepted = await submit('M12345678');
    const rejected = await submit('SBX-REJ999-1');
    const transmitted = await eventually(async () => {
      const both = await Promise.all([statusOf(accepted), statusOf(rejected)]);
      return both.every((claim) => claim.status === 'TRANSMITTED') ? both : undefined;
    });
    const fileNames = transmitted.map(
      (claim) => claim.events.at(-1)?.source.controlNumbers?.fileName,
    );
    expect(fileNames[0]).toMatch(/\.837$/);

    const mailbox = path.join(dataDir, 'sftp', sandboxConnectionId(tenantId));
    const sent = await readdir(path.join(mailbox, 'claims'));
    expect(sent.filter((name) => name.endsWith('.837'))).toEqual(
      expect.arrayContaining(fileNames.filter((name) => name !== undefined)),
    );

    const acknowledgments = await eventually(async () => {
      const names = (await readdir(path.join(mailbox, 'answers'))).filter((name) =>
        name.endsWith('.999'),
      );
      return names.length > 0 ? names : undefined;
    });
    const verdicts = new Map<string, string>();
    for (const name of acknowledgments) {
      const document = parseX12(await readFile(path.join(mailbox, 'answers', name), 'utf8'));
      for (const transaction of document.interchanges
        .flatMap((interchange) => interchange.groups)
        .flatMap((group) => group.transactions)) {
        for (const set of (
          transaction as { transactionSets?: { controlNumber: string; acknowledgment: string }[] }
        ).transactionSets ?? []) {
          verdicts.set(set.controlNumber, set.acknowledgment);
        }
      }
    }
    const setOf = (claim: (typeof transmitted)[number]) =>
      claim.events.at(-1)?.source.controlNumbers?.st02 ?? '';
    expect(verdicts.get(setOf(transmitted[1]))).toBe('R');
    expect(verdicts.get(setOf(transmitted[0]))).toBe('A');
  });
});
