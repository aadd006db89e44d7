// Every sandbox scenario end to end, as `npm start` runs it: claims over HTTP, the transmit
// consumer, SFTP to the sandbox payer, its answers polled from the mailbox, archived and queued,
// the response consumer applying them; the final status and history read back over HTTP.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { sandboxConnectionId } from '#infra/local/sandbox-connection';
import { WORK_QUEUES } from '#shared/domain/follow-up/work-queue-rules';
import { SANDBOX_FOLDERS } from '#shared/connectors/connector-factory';
import { AnswerRepository } from '#shared/storage/dynamodb/answer-repository';
import { createAwsClients } from '#shared/storage/aws-clients';
import { InboundFileRepository } from '#shared/storage/dynamodb/inbound-file-repository';
import {
  matchedPath,
  memberIdFor,
  SCENARIO_EXPECTATIONS,
  statusPath,
  type ScenarioExpectation,
} from '#infra/local/demo/scenario-expectations';
import { sandboxClaim } from '#infra/local/demo/sandbox-claim';
import { eventually, submitProfessional, testSystemPerFile } from '../support/local-system.ts';

// a stage every second and a poll every quarter second: each stage's files are read and applied
// before the next stage's appear, so the history follows the payer's order
const DELAY_SECONDS = 1;
const POLL_EVERY_MS = 250;

/** One claim per sandbox scenario; what each must come to is shared with `npm run demo`. */
const SUFFIX = '1';
type Scenario = ScenarioExpectation & { readonly memberId: string };
const SCENARIOS: readonly Scenario[] = SCENARIO_EXPECTATIONS.map((expectation) => ({
  ...expectation,
  memberId: memberIdFor(expectation, SUFFIX),
}));

interface HistoryEvent {
  readonly type: string;
  readonly status: string;
  readonly source: {
    readonly kind: string;
    readonly rawFileKey?: string;
    readonly answerId?: string;
  };
}

interface History {
  readonly status: string;
  readonly events: readonly HistoryEvent[];
}

const test = testSystemPerFile({
  name: 'Sandbox scenarios e2e',
  tenantId: 'tn_e2e_scenarios',
  sandboxDelaySeconds: DELAY_SECONDS,
  pollEveryMs: POLL_EVERY_MS,
});

async function submit(scenario: Scenario): Promise<string> {
  return submitProfessional(test, await sandboxClaim(scenario, SUFFIX));
}

async function history(claimId: string): Promise<History> {
  const response = await test.api('GET', `/v1/claims/${claimId}/events`);
  expect(response.status).toBe(200);
  return (await response.json()) as History;
}

const pathOf = statusPath;

const reached = (scenario: Scenario, events: readonly HistoryEvent[]): boolean =>
  matchedPath(scenario, events) !== undefined;

/** The follow-up work queue the claim is in (null: none), from GET /v1/work-queues/{queue}. */
async function workQueueOf(claimId: string): Promise<string | null> {
  for (const queue of WORK_QUEUES) {
    const response = await test.api('GET', `/v1/work-queues/${queue}?limit=100`);
    expect(response.status).toBe(200);
    const { items } = (await response.json()) as { items: { claimId?: string }[] };
    if (items.some((item) => item.claimId === claimId)) return queue;
  }
  return null;
}

const sha256 = (content: Buffer): string => createHash('sha256').update(content).digest('hex');

describe('sandbox payer scenarios, end to end', () => {
  it('brings a claim of every scenario to its final status through the statuses docs/ARCHITECTURE.md section 3 names, with the payer answers in its history', async () => {
    const claimIds = await Promise.all(SCENARIOS.map(submit));

    const histories = await eventually(async () => {
      const all = await Promise.all(claimIds.map(history));
      return all.every((claim, i) => reached(SCENARIOS[i] as Scenario, claim.events))
        ? all
        : undefined;
    }, 40_000).catch(async (error: unknown) => {
      // name what is missing: each claim's path so far
      const all = await Promise.all(claimIds.map(history));
      throw new Error(
        `${String(error)}:\n${SCENARIOS.map((s, i) => `${s.memberId}: ${pathOf(all[i]?.events ?? []).join(' > ')}`).join('\n')}`,
      );
    });

    // the payer has answered everything (the reversal is its last stage): nothing moves later
    await new Promise((resolve) => setTimeout(resolve, 2 * DELAY_SECONDS * 1000));
    const settled = await Promise.all(claimIds.map(history));

    const connectionId = sandboxConnectionId(test.tenantId);
    for (const [i, scenario] of SCENARIOS.entries()) {
      const claim = settled[i] as History;
      const label = scenario.memberId;
      expect(claim.status, label).toBe(scenario.final);
      expect(pathOf(claim.events), label).toEqual(
        matchedPath(scenario, claim.events) ?? scenario.paths[0],
      );
      expect(histories[i]?.status, label).toBe(scenario.final);

      const answers = claim.events.filter((event) =>
        ['ta1', '999', '277ca', '835'].includes(event.source.kind),
      );
      // each payer answer in the history names the raw file it came from, archived on receipt
      for (const event of answers) {
        expect(event.source.rawFileKey, label).toMatch(
          new RegExp(
            `^inbound/${test.tenantId}/${connectionId}/\\d{4}-\\d{2}-\\d{2}/[0-9a-f]{64}\\.x12$`,
          ),
        );
      }
      const documents = new Set(answers.map((event) => event.source.kind));
      for (const document of scenario.documents) expect(documents, label).toContain(document);
      // every answer applied once, duplicate files included
      const answerIds = answers.map((event) => event.source.answerId);
      expect(new Set(answerIds).size, label).toBe(answerIds.length);
    }

    const byMember = (prefix: string) => {
      const index = SCENARIOS.findIndex((s) => s.memberId.startsWith(prefix));
      return settled[index] as History;
    };
    // the work queue each claim is in follows its final status
    for (const [i, scenario] of SCENARIOS.entries()) {
      const queue = await workQueueOf(claimIds[i] as string);
      expect(queue, scenario.memberId).toBe(scenario.queue);
    }
    const kinds = (claim: History, kind: string) =>
      claim.events.filter((event) => event.source.kind === kind).length;
    // the reversal and its correction: three 835 claims applied, in file order
    expect(kinds(byMember('SBX-REVERSE'), '835')).toBe(3);
    // delivered twice, applied once: one 277CA and one 835
    expect(kinds(byMember('SBX-DUPFILE'), '277ca')).toBe(1);
    expect(kinds(byMember('SBX-DUPFILE'), '835')).toBe(1);
    expect(kinds(byMember('SBX-MALFORMED'), '835')).toBe(0);

    // what the poller took from the mailbox: every answer file, each acknowledged (moved to the
    // archive folder); the copies recorded as duplicates; the truncated 835 parked
    const mailbox = path.join(test.dataDir, 'sftp', connectionId);
    expect(
      (await readdir(path.join(mailbox, SANDBOX_FOLDERS.answers))).filter(
        (name) => !name.startsWith('.'),
      ),
    ).toEqual([]);
    const documents = createAwsClients({
      AWS_REGION: 'us-east-1',
      DYNAMODB_ENDPOINT: inject('dynamoEndpoint'),
    }).documents;
    const tableName = test.system.resources.table.name;
    const inbound = new InboundFileRepository({ documents, tableName });
    const answerFiles = new AnswerRepository({ documents, tableName });
    const archiveFolder = path.join(mailbox, SANDBOX_FOLDERS.archive);
    const delivered = await readdir(archiveFolder);
    const receipts = [];
    /** the processing record of each distinct file, by content hash */
    const records = new Map<string, Awaited<ReturnType<AnswerRepository['getFile']>>>();
    for (const name of delivered) {
      const hash = sha256(await readFile(path.join(archiveFolder, name)));
      receipts.push({ name, receipt: await inbound.getReceipt(test.tenantId, hash) });
      records.set(hash, await answerFiles.getFile(test.tenantId, hash));
    }
    expect(receipts.every(({ receipt }) => receipt?.state === 'QUEUED')).toBe(true);
    const copies = receipts.filter(({ name }) => name.includes('.copy.'));
    expect(copies.length).toBeGreaterThan(0);
    for (const { receipt } of copies) expect(receipt?.duplicates).toBeGreaterThanOrEqual(1);
    const states = [...records.values()].map((record) => record?.state);
    expect(states.filter((state) => state === 'DONE').length).toBe(records.size - 1);
    const parked = [...records.values()].filter((record) => record?.state === 'PARKED');
    expect(parked.map((record) => record?.problem?.code)).toEqual(['TRUNCATED']);
    // every answer matched its claim
    expect(await answerFiles.listUnmatched(test.tenantId)).toEqual([]);
  }, 60_000);
});
