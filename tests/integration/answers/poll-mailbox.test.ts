// The mailbox poller against the real SFTP server (sandbox connections), DynamoDB Local and
// fauxqs (S3 archive, response queue): archive before acknowledgement, duplicates by content hash,
// an unreachable mailbox retried at the next run.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DeleteMessageCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { findFreePort } from '#infra/local/ports';
import {
  parseAnswerFileReference,
  type AnswerFileReference,
} from '#shared/storage/sqs/answer-file-reference';
import type { InboundArchive } from '#shared/answers/inbound-archive';
import { S3InboundArchive } from '#shared/storage/s3/raw-file-archive';
import { pollMailboxes, type PollDependencies } from '#shared/answers/poll-mailbox';
import {
  SANDBOX_FOLDERS,
  createConnector,
  sandboxSecretName,
  type SandboxEndpoint,
} from '#shared/connectors/connector-factory';
import { localCredentials, secretEnvironmentVariable } from '#shared/connectors/credentials';
import type { PayerConnector } from '#shared/connectors/payer-connector';
import type { PayerConnection } from '#shared/domain/payers/payer-connection';
import { metrics } from '#shared/observability/logger';
import { startSftpServer, type RunningSftpServer } from '#infra/local/sftp-server/sftp-server';
import { InboundFileRepository } from '#shared/storage/dynamodb/inbound-file-repository';
import { PayerConnectionRepository } from '#shared/storage/dynamodb/payer-connection-repository';
import { SqsAnswerFileQueue, type AnswerFileQueue } from '#shared/storage/sqs/response-queue';
import { TenantRepository } from '#shared/storage/dynamodb/tenant-repository';
import { provisionTestResources, type TestResources } from '../../support/local-resources.ts';
import { sandboxTestConnection } from '../../support/payer-connections.ts';

const PASSWORD = 'poll-test-password';
let resources: TestResources;
let server: RunningSftpServer;
let rootDir: string;
let sandbox: SandboxEndpoint;
let s3: S3Client;
let tenants: TenantRepository;
let connections: PayerConnectionRepository;
let inbound: InboundFileRepository;
let responseQueueUrl: string;
/** messages read off the response queue so far, by connection */
const received = new Map<string, AnswerFileReference[]>();
const secrets: Record<string, string> = {};

beforeAll(async () => {
  resources = await provisionTestResources();
  const { documents } = resources.clients;
  const tableName = resources.tableName;
  tenants = new TenantRepository({ documents, tableName });
  connections = new PayerConnectionRepository({ documents, tableName });
  inbound = new InboundFileRepository({ documents, tableName });
  responseQueueUrl = resources.resources.queues.response.url;
  s3 = new S3Client({
    region: 'us-east-1',
    endpoint: inject('awsEndpoint'),
    forcePathStyle: true,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  rootDir = await mkdtemp(path.join(tmpdir(), 'poll-mailbox-'));
  server = await startSftpServer({ rootDir, users: [] });
  sandbox = { host: '127.0.0.1', port: server.port, hostKeySha256: server.hostKeySha256 };
});

afterAll(async () => {
  await server.close();
  s3.destroy();
  await rm(rootDir, { recursive: true, force: true });
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** A tenant with one sandbox connection and its SFTP user and folders. */
async function mailbox(): Promise<{ connection: PayerConnection; answers: string }> {
  const suffix = randomBytes(4).toString('hex');
  const tenant = await tenants.createTenant(`Poll ${suffix}`, new Date(), `tn_poll_${suffix}`);
  const connection = sandboxTestConnection(tenant.tenantId, {
    connectionId: `poll-${suffix}`,
    name: 'Sandbox payer',
    pollIntervalSeconds: 300,
  });
  await connections.put(connection, new Date());
  server.setUser({ username: connection.connectionId, password: PASSWORD });
  secrets[secretEnvironmentVariable(sandboxSecretName(connection.connectionId))] = JSON.stringify({
    password: PASSWORD,
  });
  const home = path.join(rootDir, connection.connectionId);
  for (const folder of Object.values(SANDBOX_FOLDERS))
    await mkdir(path.join(home, folder), { recursive: true });
  return { connection, answers: path.join(home, SANDBOX_FOLDERS.answers) };
}

interface Harness {
  readonly dependencies: PollDependencies;
  /** what happened, in order: fetch:<name>, archive:<sha>, enqueue:<sha>, ack:<name> */
  readonly steps: string[];
  readonly clock: { now: Date };
}

/**
 * The poller's real dependencies, scoped to the given tenants (the table's directory holds every
 * test's tenants), with every step recorded; `endpointOf` may send a connection elsewhere.
 */
function harness(options: {
  tenantIds: readonly string[];
  endpointOf?: (connection: PayerConnection) => SandboxEndpoint;
  queue?: AnswerFileQueue;
}): Harness {
  const steps: string[] = [];
  const clock = { now: new Date() };
  const credentials = localCredentials({ environment: secrets });
  const archive = new S3InboundArchive({ s3, bucket: resources.resources.buckets.archive.name });
  const queue =
    options.queue ??
    new SqsAnswerFileQueue({ sqs: resources.clients.sqs, queueUrl: responseQueueUrl });
  const recordingArchive: InboundArchive = {
    async put(key, content) {
      await archive.put(key, content);
      steps.push(`archive:${sha256(content)}`);
    },
  };
  const recordingQueue: AnswerFileQueue = {
    async enqueue(reference) {
      await queue.enqueue(reference);
      steps.push(`enqueue:${reference.sha256}`);
    },
  };
  return {
    steps,
    clock,
    dependencies: {
      tenants: {
        listTenantIds: async () =>
          (await tenants.listTenantIds()).filter((t) => options.tenantIds.includes(t.tenantId)),
      },
      connections,
      inbound,
      archive: recordingArchive,
      queue: recordingQueue,
      connectors: {
        open: (connection) => {
          const connector = createConnector(connection, {
            credentials,
            sandbox: options.endpointOf?.(connection) ?? sandbox,
            readyTimeoutMs: 5_000,
          });
          return Promise.resolve(recording(connector, steps));
        },
      },
      now: () => clock.now,
    },
  };
}

function recording(connector: PayerConnector, steps: string[]): PayerConnector {
  return {
    send: (name, content) => connector.send(name, content),
    hasSent: (name) => connector.hasSent(name),
    listInbound: () => connector.listInbound(),
    async fetchInbound(name) {
      const content = await connector.fetchInbound(name);
      steps.push(`fetch:${name}`);
      return content;
    },
    async acknowledgeInbound(name) {
      await connector.acknowledgeInbound(name);
      steps.push(`ack:${name}`);
    },
    close: () => connector.close(),
  };
}

const sha256 = (content: Uint8Array | string): string =>
  createHash('sha256').update(content).digest('hex');

/** Reads the response queue dry; returns this connection's references seen so far. */
async function referencesOf(connectionId: string): Promise<AnswerFileReference[]> {
  for (;;) {
    const page = await resources.clients.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: responseQueueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 0,
      }),
    );
    const messages = page.Messages ?? [];
    if (messages.length === 0) break;
    for (const message of messages) {
      const reference = parseAnswerFileReference(message.Body ?? '');
      received.set(reference.connectionId, [
        ...(received.get(reference.connectionId) ?? []),
        reference,
      ]);
      await resources.clients.sqs.send(
        new DeleteMessageCommand({
          QueueUrl: responseQueueUrl,
          ReceiptHandle: message.ReceiptHandle,
        }),
      );
    }
  }
  return received.get(connectionId) ?? [];
}

async function archived(key: string): Promise<string> {
  const object = await s3.send(
    new GetObjectCommand({ Bucket: resources.resources.buckets.archive.name, Key: key }),
  );
  return (await object.Body?.transformToString('utf8')) ?? '';
}

const answer = (n: number) => `ISA*00*          *00*answer ${n}~IEA*1*00000000${n}~`;

describe('pollMailboxes', () => {
  it('archives each file to S3 by connection, day and hash, queues a reference, and only then acknowledges it at the payer', async () => {
    const { connection, answers } = await mailbox();
    await writeFile(path.join(answers, 'a.999'), answer(1));
    await writeFile(path.join(answers, 'b.277'), answer(2));
    await writeFile(path.join(answers, '.c.835.part'), answer(3)); // an upload in progress
    const { dependencies, steps, clock } = harness({ tenantIds: [connection.tenantId] });

    const result = await pollMailboxes(dependencies);

    expect(result).toMatchObject({
      polled: 1,
      queued: 2,
      duplicates: 0,
      unreachable: 0,
      failed: 0,
    });
    const [first, second] = [sha256(answer(1)), sha256(answer(2))];
    expect(steps).toEqual([
      'fetch:a.999',
      `archive:${first}`,
      `enqueue:${first}`,
      'ack:a.999',
      'fetch:b.277',
      `archive:${second}`,
      `enqueue:${second}`,
      'ack:b.277',
    ]);
    const day = clock.now.toISOString().slice(0, 10);
    const references = await referencesOf(connection.connectionId);
    expect(references).toEqual([
      {
        tenantId: connection.tenantId,
        connectionId: connection.connectionId,
        s3Key: `inbound/${connection.tenantId}/${connection.connectionId}/${day}/${first}.x12`,
        sha256: first,
        receivedAt: clock.now.toISOString(),
        fileName: 'a.999',
      },
      expect.objectContaining({ sha256: second, fileName: 'b.277' }),
    ]);
    expect(await archived(references[0]?.s3Key ?? '')).toBe(answer(1));
    expect(await readdir(answers)).toEqual(['.c.835.part']);
    expect(await inbound.getReceipt(connection.tenantId, first)).toMatchObject({
      state: 'QUEUED',
      fileName: 'a.999',
      duplicates: 0,
    });
  });

  it('leaves a file that failed between archive and enqueue in the mailbox, and queues it at the next run', async () => {
    const { connection, answers } = await mailbox();
    await writeFile(path.join(answers, 'a.835'), answer(4));
    const real = new SqsAnswerFileQueue({ sqs: resources.clients.sqs, queueUrl: responseQueueUrl });
    let failNext = true;
    const flaky: AnswerFileQueue = {
      async enqueue(reference) {
        if (failNext) {
          failNext = false;
          throw new Error('queue down');
        }
        await real.enqueue(reference);
      },
    };
    const { dependencies, steps, clock } = harness({
      tenantIds: [connection.tenantId],
      queue: flaky,
    });

    const failed = await pollMailboxes(dependencies);
    expect(failed).toMatchObject({ polled: 1, queued: 0, failed: 1 });
    expect(steps).toEqual(['fetch:a.835', `archive:${sha256(answer(4))}`]);
    expect(await readdir(answers)).toEqual(['a.835']);
    expect(await inbound.getReceipt(connection.tenantId, sha256(answer(4)))).toMatchObject({
      state: 'RECEIVED',
    });
    // due again at the next run, not after the connection's 300 s interval
    expect(
      (await inbound.getPollState(connection.tenantId, connection.connectionId))?.nextPollAt,
    ).toBe(clock.now.toISOString());

    clock.now = new Date(clock.now.getTime() + 60_000);
    const retried = await pollMailboxes(dependencies);
    expect(retried).toMatchObject({ polled: 1, queued: 1, duplicates: 0, failed: 0 });
    expect(await readdir(answers)).toEqual([]);
    expect((await referencesOf(connection.connectionId)).map((r) => r.fileName)).toEqual(['a.835']);
  });

  it('records a second arrival of the same bytes as a duplicate: acknowledged, counted once more, never queued again', async () => {
    const { connection, answers } = await mailbox();
    await writeFile(path.join(answers, 'x.835'), answer(5));
    await writeFile(path.join(answers, 'x.copy.835'), answer(5));
    const { dependencies, clock } = harness({ tenantIds: [connection.tenantId] });

    const first = await pollMailboxes(dependencies);
    expect(first).toMatchObject({ queued: 1, duplicates: 1 });
    expect(await readdir(answers)).toEqual([]);

    // the payer delivers the same bytes again a day later
    await writeFile(path.join(answers, 'x-again.835'), answer(5));
    clock.now = new Date(clock.now.getTime() + 24 * 3600_000);
    const second = await pollMailboxes(dependencies);
    expect(second).toMatchObject({ queued: 0, duplicates: 1 });

    expect((await referencesOf(connection.connectionId)).map((r) => r.fileName)).toEqual(['x.835']);
    expect(await inbound.getReceipt(connection.tenantId, sha256(answer(5)))).toMatchObject({
      state: 'QUEUED',
      fileName: 'x.835',
      duplicates: 2,
      lastDuplicateName: 'x-again.835',
    });
  });

  it('polls a connection again only when its interval has elapsed', async () => {
    const { connection, answers } = await mailbox();
    const { dependencies, clock } = harness({ tenantIds: [connection.tenantId] });
    expect(await pollMailboxes(dependencies)).toMatchObject({ connections: 1, polled: 1 });

    await writeFile(path.join(answers, 'late.999'), answer(6));
    clock.now = new Date(clock.now.getTime() + 299_000);
    expect(await pollMailboxes(dependencies)).toMatchObject({ polled: 0, queued: 0 });
    clock.now = new Date(clock.now.getTime() + 1_000);
    expect(await pollMailboxes(dependencies)).toMatchObject({ polled: 1, queued: 1 });
  });

  it('counts an unreachable mailbox in MailboxUnreachable, polls the other connections, and retries it at the next run', async () => {
    const down = await mailbox();
    const up = await mailbox();
    await writeFile(path.join(down.answers, 'd.999'), answer(7));
    await writeFile(path.join(up.answers, 'u.999'), answer(8));
    const closedPort = await findFreePort();
    let reachable = false;
    const addMetric = vi.spyOn(metrics, 'addMetric');
    const { dependencies, clock } = harness({
      tenantIds: [down.connection.tenantId, up.connection.tenantId],
      endpointOf: (connection) =>
        connection.connectionId === down.connection.connectionId && !reachable
          ? { ...sandbox, port: closedPort }
          : sandbox,
    });

    const first = await pollMailboxes(dependencies);
    expect(first).toMatchObject({ polled: 2, queued: 1, unreachable: 1, failed: 0 });
    expect(addMetric).toHaveBeenCalledWith('MailboxUnreachable', 'Count', 1);
    expect(await readdir(down.answers)).toEqual(['d.999']);
    expect(await readdir(up.answers)).toEqual([]);
    expect(
      await inbound.getPollState(down.connection.tenantId, down.connection.connectionId),
    ).toMatchObject({ lastOutcome: 'unreachable', consecutiveFailures: 1 });

    reachable = true;
    clock.now = new Date(clock.now.getTime() + 60_000);
    const second = await pollMailboxes(dependencies);
    // the reachable mailbox is not due yet; the unreachable one is retried
    expect(second).toMatchObject({ polled: 1, queued: 1, unreachable: 0 });
    expect(await readdir(down.answers)).toEqual([]);
    expect((await referencesOf(down.connection.connectionId)).map((r) => r.fileName)).toEqual([
      'd.999',
    ]);
    expect(
      await inbound.getPollState(down.connection.tenantId, down.connection.connectionId),
    ).toMatchObject({ lastOutcome: 'ok', consecutiveFailures: 0 });
  });

  it('lets only one of two overlapping runs poll a mailbox, even one polled at every run', async () => {
    const { connection, answers } = await mailbox();
    await writeFile(path.join(answers, 'once.999'), answer(9));
    const { dependencies } = harness({ tenantIds: [connection.tenantId] });
    const everyRun = { ...dependencies, intervalSeconds: () => 0 };

    const runs = await Promise.all([pollMailboxes(everyRun), pollMailboxes(everyRun)]);

    expect(runs.map((run) => run.polled).sort()).toEqual([0, 1]);
    expect(runs.map((run) => run.queued).sort()).toEqual([0, 1]);
    expect(runs.every((run) => run.unreachable === 0 && run.failed === 0)).toBe(true);
    // the lease ends with the run: the next run polls again
    expect(await pollMailboxes(everyRun)).toMatchObject({ polled: 1, queued: 0 });
  });

  it('takes at most maxFilesPerConnection files per run and continues at the next run', async () => {
    const { connection, answers } = await mailbox();
    for (const n of [1, 2, 3]) await writeFile(path.join(answers, `f${n}.999`), answer(10 + n));
    const { dependencies, clock } = harness({ tenantIds: [connection.tenantId] });
    const bounded = { ...dependencies, maxFilesPerConnection: 2 };

    expect(await pollMailboxes(bounded)).toMatchObject({ queued: 2, leftFiles: 1 });
    expect(await readdir(answers)).toEqual(['f3.999']);
    clock.now = new Date(clock.now.getTime() + 1_000);
    expect(await pollMailboxes(bounded)).toMatchObject({ polled: 1, queued: 1, leftFiles: 0 });
    expect(await readdir(answers)).toEqual([]);
  });
});
