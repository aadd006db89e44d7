// Test harness of the transmit worker: a private table/queues/bucket on the local engines, claims
// submitted through the real intake (stored, enqueued, QUEUED), an in-memory payer mailbox, and
// the real handler driven by the local SQS event source (real visibility, receive counts, DLQ).
import type { ClaimNotification } from '#shared/webhooks/claim-notification';
import { randomBytes } from 'node:crypto';
import { inject, onTestFinished } from 'vitest';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { S3Client } from '@aws-sdk/client-s3';
import type { Context, SQSEvent } from 'aws-lambda';
import { createTransmitHandler } from '#functions/transmit/handler';
import { startSqsEventSource, type SqsEventSource } from '#infra/local/sqs-event-source';
import {
  PayerUnavailableError,
  type InboundFile,
  type PayerConnector,
} from '#shared/connectors/payer-connector';
import {
  payerConnectionSchema,
  type PayerConnection,
  type PayerConnectionInput,
} from '#shared/domain/payers/payer-connection';
import { submitClaim } from '#shared/intake/claim-intake';
import { ClaimRepository } from '#shared/storage/dynamodb/claim-repository';
import type { ClaimRecord } from '#shared/domain/claims/claim-record';
import { SqsClaimQueue } from '#shared/storage/sqs/transmit-queue';
import { DynamoControlNumberCounter } from '#shared/storage/dynamodb/control-number-counter';
import { CountedControlNumbers } from '#shared/transmission/control-numbers';
import { InterchangeRecordRepository } from '#shared/storage/dynamodb/interchange-record-repository';
import { S3OutboundArchive } from '#shared/storage/s3/raw-file-archive';
import type {
  ConnectorFactory,
  TransmitDependencies,
  TransmitMessage,
} from '#shared/transmission/transmit-claims';
import { claimFixture, type FixtureName } from '../../support/claims.ts';
import { provisionTestResources, type TestResources } from '../../support/local-resources.ts';
import { crashingFlow, type CrashPoints } from './crash-points.ts';
import { perFile } from '../../support/per-file.ts';

/** A payer mailbox in memory: what arrived under which name, and a switch to take it down. */
export class InMemoryPayer implements ConnectorFactory {
  readonly files = new Map<string, string>();
  /** every send, in order, duplicates included */
  readonly sends: string[] = [];
  down = false;
  /** connections opened (attempts), whether the payer was up or not */
  opened = 0;

  open(_connection: PayerConnection): Promise<PayerConnector> {
    this.opened++;
    const check = () => {
      if (this.down) throw new PayerUnavailableError('payer down (test)');
    };
    const connector: PayerConnector = {
      send: (fileName, content) => {
        check();
        this.sends.push(fileName);
        this.files.set(fileName, content);
        return Promise.resolve();
      },
      hasSent: (fileName) => {
        check();
        return Promise.resolve(this.files.has(fileName));
      },
      listInbound: () => Promise.resolve<InboundFile[]>([]),
      fetchInbound: () => Promise.reject(new Error('no inbound files')),
      acknowledgeInbound: () => Promise.resolve(),
      close: () => Promise.resolve(),
    };
    return Promise.resolve(connector);
  }
}

export function testConnection(
  overrides: Partial<PayerConnectionInput> & Pick<PayerConnectionInput, 'tenantId'>,
): PayerConnection {
  return payerConnectionSchema.parse({
    connectionId: 'payer-a',
    name: 'Payer A',
    payerIds: ['87726'],
    usageIndicator: 'T',
    interchange: {
      senderQualifier: 'ZZ',
      senderId: 'CLEARINGHOUSE',
      receiverQualifier: 'ZZ',
      receiverId: 'PAYERA',
      applicationSenderCode: 'CLEARINGHOUSE',
      applicationReceiverCode: 'PAYERA',
      submitterId: 'SUBMITTER1',
      receiverIdCode: 'RECEIVER1',
    },
    transport: { kind: 'sandbox' },
    // claims go at once unless a test sets a window
    batching: { windowSeconds: 0, maxClaimsPerInterchange: 500 },
    ...overrides,
  });
}

export interface Harness {
  readonly test: TestResources;
  readonly claims: ClaimRepository;
  readonly interchanges: InterchangeRecordRepository;
  readonly payer: InMemoryPayer;
  readonly deadLetterQueueUrl: string;
  readonly connections: Map<string, PayerConnection[]>;
  /** what the flow published for the notify queue (webhooks) */
  readonly notified: ClaimNotification[];
  flowDependencies(): Omit<TransmitDependencies, 'leaseMs' | 'workerId'>;
  submit(tenantId: string, fixture: FixtureName, payerId: string): Promise<string>;
}

export async function createHarness(): Promise<Harness> {
  const test = await provisionTestResources();
  const documents = test.clients.documents;
  const tableName = test.tableName;
  const claims = new ClaimRepository({ documents, tableName });
  const interchanges = new InterchangeRecordRepository({ documents, tableName });
  const s3 = new S3Client({
    endpoint: inject('awsEndpoint'),
    region: 'us-east-1',
    forcePathStyle: true,
  });
  const archive = new S3OutboundArchive({ s3, bucket: test.resources.buckets.archive.name });
  const payer = new InMemoryPayer();
  const notified: ClaimNotification[] = [];
  const connections = new Map<string, PayerConnection[]>();
  const queue = new SqsClaimQueue({ sqs: test.clients.sqs, queueUrl: test.transmitQueueUrl });
  return {
    test,
    claims,
    interchanges,
    payer,
    connections,
    notified,
    deadLetterQueueUrl: test.resources.queues.transmit.deadLetterQueue.url,
    flowDependencies: () => ({
      claims,
      interchanges,
      controlNumbers: new CountedControlNumbers(
        new DynamoControlNumberCounter({ documents, tableName }),
      ),
      archive,
      connections: {
        forTenant: (tenantId) => Promise.resolve(connections.get(tenantId) ?? []),
      },
      connectors: payer,
      now: () => new Date(),
      maxReceiveCount: test.resources.queues.transmit.definition.maxReceiveCount,
      notifier: {
        publish: (notifications) => {
          notified.push(...notifications);
          return Promise.resolve();
        },
      },
    }),
    async submit(tenantId, fixture, payerId) {
      const body = { ...claimFixture(fixture), tradingPartnerServiceId: payerId };
      const outcome = await submitClaim(
        { claims, queue, now: () => new Date() },
        {
          tenantId,
          kind: fixture.startsWith('professional') ? 'professional' : 'institutional',
          body,
          channel: 'api',
        },
      );
      if (!outcome.accepted) throw new Error('fixture refused by intake');
      return outcome.claimId;
    },
  };
}

/** The harness of a suite file (one table, queues and bucket a file: a test each would be slow). */
export function harnessPerFile(): Harness {
  return perFile(createHarness);
}

export const newTenantId = (): string => `tn_${randomBytes(5).toString('hex')}`;

/**
 * A new tenant with one connection to payer 87726 and `count` minimal professional claims
 * submitted to it (QUEUED). The connection id is `prefix` and the tenant's suffix, so a suite
 * finds its own files at the shared in-memory payer; `connection` overrides its settings.
 */
export async function tenantWithClaims(
  harness: Harness,
  count: number,
  options: {
    prefix: string;
    connection?: (connectionId: string) => Partial<PayerConnectionInput>;
  },
): Promise<{
  tenantId: string;
  connectionId: string;
  connection: PayerConnection;
  claimIds: string[];
}> {
  const tenantId = newTenantId();
  const connectionId = `${options.prefix}${tenantId.slice(3)}`;
  const connection = testConnection({
    tenantId,
    connectionId,
    ...options.connection?.(connectionId),
  });
  harness.connections.set(tenantId, [connection]);
  const claimIds: string[] = [];
  for (let i = 0; i < count; i++) {
    claimIds.push(await harness.submit(tenantId, 'professional-minimal', '87726'));
  }
  return { tenantId, connectionId, connection, claimIds };
}

/** The transmit messages of the claims' first delivery, as the queue hands them to the flow. */
export function firstDeliveries(tenantId: string, claimIds: readonly string[]): TransmitMessage[] {
  return claimIds.map((claimId, index) => ({
    messageId: `m-${index}`,
    request: { tenantId, claimId, revision: 1 },
    receiveCount: 1,
  }));
}

/**
 * Runs the handler on the transmit queue as Lambda would (batch size and window of the queue's
 * definition), with a short visibility timeout so that crashed batches come back quickly, until
 * the test that started it finishes.
 */
export async function runConsumer(
  harness: Harness,
  handler: (event: SQSEvent, context: Context) => Promise<unknown>,
  options: { maxConcurrency?: number; visibilityTimeoutSeconds?: number } = {},
): Promise<SqsEventSource> {
  const { consumer } = harness.test.resources.queues.transmit.definition;
  const source = await startSqsEventSource({
    sqs: harness.test.clients.sqs,
    queueUrl: harness.test.transmitQueueUrl,
    handler,
    batchSize: consumer.batchSize,
    maxBatchingWindowSeconds: 1,
    maxConcurrency: options.maxConcurrency ?? 1,
    visibilityTimeoutSeconds: options.visibilityTimeoutSeconds ?? 2,
    pollWaitSeconds: 1,
    // the upload lease lasts as long as the invocation may: short, so a crashed one frees it soon
    functionTimeoutSeconds: 3,
    logger: { info: () => undefined, error: () => undefined },
  });
  onTestFinished(() => source.stop());
  return source;
}

/**
 * The handler with test dependencies and zero backoff (tests need no half-hour waits); with
 * `crashAt`, every invocation crashes at those points (InjectedCrashError, see crash-points.ts).
 */
export function testHandler(
  harness: Harness,
  options: {
    crashAt?: CrashPoints;
    backoffSeconds?: number;
    onBackoff?: (receiveCount: number) => void;
  } = {},
): (event: SQSEvent, context: Context) => Promise<unknown> {
  const flow = harness.flowDependencies();
  const crashing = options.crashAt === undefined ? undefined : crashingFlow(flow, options.crashAt);
  const handler = createTransmitHandler({
    flow: crashing?.dependencies ?? flow,
    sqs: harness.test.clients.sqs,
    queueUrl: harness.test.transmitQueueUrl,
    backoff: (receiveCount) => {
      options.onBackoff?.(receiveCount);
      return options.backoffSeconds ?? 0;
    },
    leaseMarginMs: 0,
  });
  if (crashing === undefined) return handler;
  return (event, context) => crashing.run(() => handler(event, context));
}

export async function waitFor<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 20_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > until) throw new Error(`condition not met in ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The claims once every one of them has `status`. */
export async function waitForStatus(
  harness: Harness,
  tenantId: string,
  claimIds: readonly string[],
  status: ClaimRecord['status'],
  timeoutMs?: number,
): Promise<ClaimRecord[]> {
  return waitFor(
    () => statusesOf(harness, tenantId, claimIds),
    (records) => records.every((record) => record.status === status),
    timeoutMs,
  );
}

export async function statusesOf(
  harness: Harness,
  tenantId: string,
  claimIds: readonly string[],
): Promise<ClaimRecord[]> {
  return Promise.all(claimIds.map((claimId) => harness.claims.get(tenantId, claimId)));
}

export async function queueDepth(harness: Harness, queueUrl: string): Promise<number> {
  const { Attributes } = await harness.test.clients.sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return (
    Number(Attributes?.ApproximateNumberOfMessages ?? 0) +
    Number(Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0)
  );
}

/** Waits until the queue holds `depth` messages, visible or in flight. */
export async function waitForQueueDepth(
  harness: Harness,
  queueUrl: string,
  depth: number,
  timeoutMs?: number,
): Promise<void> {
  await waitFor(
    () => queueDepth(harness, queueUrl),
    (n) => n === depth,
    timeoutMs,
  );
}
