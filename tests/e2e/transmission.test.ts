// Claims over HTTP all the way to the sandbox payer's SFTP mailbox, and its answers back in it:
// the same wiring as `npm start` (API, transmit consumer, SFTP, sandbox payer).
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sandboxConnectionId } from '#infra/local/sandbox-connection';
import { parseX12 } from '#shared/x12/parse-document';
import { eventually, submitForMember, testSystemPerFile } from '../support/local-system.ts';

const test = testSystemPerFile({
  name: 'Transmission e2e',
  tenantId: 'tn_e2e_transmit',
  sandboxDelaySeconds: 0.2,
  // this test reads the answers in the mailbox itself: no poller may take them away
  pollEveryMs: false,
});

async function statusOf(
  claimId: string,
): Promise<{ status: string; events: { source: { controlNumbers?: Record<string, string> } }[] }> {
  const response = await test.api('GET', `/v1/claims/${claimId}/events`);
  return (await response.json()) as {
    status: string;
    events: { source: { controlNumbers?: Record<string, string> } }[];
  };
}

describe('transmission to the sandbox payer', () => {
  it('transmits queued claims as one 837 interchange over SFTP and the sandbox answers with a 999 that rejects only the SBX-REJ999 claim', async () => {
    const accepted = await submitForMember(test, 'M12345678');
    const rejected = await submitForMember(test, 'SBX-REJ999-1');
    const transmitted = await eventually(async () => {
      const both = await Promise.all([statusOf(accepted), statusOf(rejected)]);
      return both.every((claim) => claim.status === 'TRANSMITTED') ? both : undefined;
    });
    const fileNames = transmitted.map(
      (claim) => claim.events.at(-1)?.source.controlNumbers?.fileName,
    );
    expect(fileNames[0]).toMatch(/\.837$/);

    const mailbox = path.join(test.dataDir, 'sftp', sandboxConnectionId(test.tenantId));
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
