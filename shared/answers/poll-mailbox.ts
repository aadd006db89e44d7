// The scheduled mailbox poller (docs/ARCHITECTURE.md sections 2 and 8). For each tenant's active payer
// connection whose poll interval has elapsed: list the inbound mailbox, and per file, in this
// order:
// 1. fetch it and hash its bytes (SHA-256);
// 2. archive the raw bytes to S3 (same bytes, same key: a repeated put is harmless);
// 3. record the arrival by content hash with a condition: bytes already queued are a duplicate,
//    recorded and not queued again;
// 4. put a reference on the response queue and mark the receipt QUEUED;
// 5. only then acknowledge (remove or archive) the file at the payer.
// A crash or error anywhere before 5 leaves the file in the mailbox: the next run picks it up
// again, and the receipt (RECEIVED, not QUEUED) makes that run queue it. Nothing is skipped.
// One connection's failure never stops the others; an unreachable mailbox is due again at the
// next run and counted in the MailboxUnreachable metric.
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { PayerUnavailableError, type PayerConnector } from '#shared/connectors/payer-connector';
import type { PayerConnection } from '#shared/domain/payers/payer-connection';
import { logger, metrics } from '#shared/observability/logger';
import type {
  InboundFileRepository,
  PollOutcome,
} from '#shared/storage/dynamodb/inbound-file-repository';
import type { AnswerFileQueue } from '#shared/storage/sqs/response-queue';
import { contentHash } from './answer-file.ts';
import { inboundArchiveKey } from '#shared/storage/s3/archive-keys';
import type { InboundArchive } from './inbound-archive.ts';

export interface PollDependencies {
  readonly tenants: { listTenantIds(): Promise<readonly { readonly tenantId: string }[]> };
  readonly connections: { forTenant(tenantId: string): Promise<readonly PayerConnection[]> };
  readonly inbound: Pick<
    InboundFileRepository,
    'recordArrival' | 'markQueued' | 'claimPoll' | 'finishPoll'
  >;
  readonly archive: InboundArchive;
  readonly queue: AnswerFileQueue;
  readonly connectors: { open(connection: PayerConnection): Promise<PayerConnector> };
  readonly now: () => Date;
  /** seconds between polls of a connection; default its pollIntervalSeconds */
  readonly intervalSeconds?: (connection: PayerConnection) => number;
  /** files taken from one mailbox per run; the rest are due at the next run. Default 100 */
  readonly maxFilesPerConnection?: number;
  /** mailboxes polled at once; default 4 */
  readonly concurrency?: number;
  /** milliseconds left in the invocation; no new file is started under `reserveMs` */
  readonly remainingMs?: () => number;
  /** time one more file may take (fetch, archive, queue, acknowledge); default 15 s */
  readonly reserveMs?: number;
}

export interface PollResult {
  readonly tenants: number;
  /** active connections seen */
  readonly connections: number;
  /** connections whose mailbox was due and polled by this run */
  readonly polled: number;
  /** files queued for processing (first arrivals, and arrivals never confirmed queued) */
  readonly queued: number;
  /** arrivals of bytes already queued: recorded, acknowledged, not queued */
  readonly duplicates: number;
  /** mailboxes that could not be reached (retried at the next run) */
  readonly unreachable: number;
  /** connections whose poll failed otherwise (read, archive, queue, refused credentials) */
  readonly failed: number;
  /** connections that left files for the next run (file bound or time left) */
  readonly leftFiles: number;
}

const DEFAULT_MAX_FILES = 100;
const DEFAULT_CONCURRENCY = 4;
const DEFAULT_RESERVE_MS = 15_000;
/** how long a run holds a mailbox when it does not know its own deadline */
const DEFAULT_LEASE_MS = 5 * 60_000;

/** A payer channel refused in a way a retry every minute would not fix (credentials, host key). */
class ConnectorRefusedError extends Error {
  constructor(cause: unknown) {
    super('payer connector refused the operation', { cause });
    this.name = 'ConnectorRefusedError';
  }
}

interface ConnectionPoll {
  readonly outcome: PollOutcome | 'not-due';
  readonly queued: number;
  readonly duplicates: number;
  readonly leftFiles: boolean;
}

export async function pollMailboxes(dependencies: PollDependencies): Promise<PollResult> {
  const tenants = await dependencies.tenants.listTenantIds();
  const due: PayerConnection[] = [];
  let failed = 0;
  for (const { tenantId } of tenants) {
    try {
      const connections = await dependencies.connections.forTenant(tenantId);
      due.push(...connections.filter((connection) => connection.active));
    } catch (error) {
      // e.g. a stored connection that no longer validates: the tenant's other tenants go on
      failed++;
      logger.error('payer connections of a tenant could not be read', {
        tenantId,
        errorName: errorName(error),
      });
      metrics.addMetric('MailboxPollFailed', MetricUnit.Count, 1);
    }
  }

  const polls = await inPool(due, dependencies.concurrency ?? DEFAULT_CONCURRENCY, (connection) =>
    pollConnection(connection, dependencies),
  );
  const count = (outcome: ConnectionPoll['outcome']) =>
    polls.filter((poll) => poll.outcome === outcome).length;
  const result: PollResult = {
    tenants: tenants.length,
    connections: due.length,
    polled: polls.length - count('not-due'),
    queued: sum(polls.map((poll) => poll.queued)),
    duplicates: sum(polls.map((poll) => poll.duplicates)),
    unreachable: count('unreachable'),
    failed: failed + count('failed'),
    leftFiles: polls.filter((poll) => poll.leftFiles).length,
  };
  if (result.queued > 0) metrics.addMetric('AnswerFilesReceived', MetricUnit.Count, result.queued);
  if (result.duplicates > 0) {
    metrics.addMetric('AnswerFilesDuplicate', MetricUnit.Count, result.duplicates);
  }
  return result;
}

/** One connection's mailbox, if due. Never throws: the outcome says how it went. */
export async function pollConnection(
  connection: PayerConnection,
  dependencies: PollDependencies,
): Promise<ConnectionPoll> {
  const { tenantId, connectionId } = connection;
  const ids = { tenantId, connectionId };
  const startedAt = dependencies.now();
  const intervalMs =
    1000 * (dependencies.intervalSeconds?.(connection) ?? connection.pollIntervalSeconds);
  // held for the rest of the invocation, so a run that dies lets go when Lambda would stop it
  const leaseMs = dependencies.remainingMs?.() ?? DEFAULT_LEASE_MS;
  const claimed = await dependencies.inbound
    .claimPoll(
      tenantId,
      connectionId,
      startedAt,
      new Date(startedAt.getTime() + intervalMs),
      new Date(startedAt.getTime() + leaseMs),
    )
    .catch((error: unknown) => error);
  if (claimed === false) return { outcome: 'not-due', queued: 0, duplicates: 0, leftFiles: false };
  if (claimed !== true) {
    logger.error('mailbox poll could not start', { ...ids, errorName: errorName(claimed) });
    metrics.addMetric('MailboxPollFailed', MetricUnit.Count, 1);
    return { outcome: 'failed', queued: 0, duplicates: 0, leftFiles: false };
  }

  const counts = { queued: 0, duplicates: 0, leftFiles: false };
  let outcome: PollOutcome = 'ok';
  let retryAtNextRun: boolean;
  try {
    await drainMailbox(connection, dependencies, counts);
    // more files than one run takes: continue at the next run, not after the interval
    retryAtNextRun = counts.leftFiles;
  } catch (error) {
    if (error instanceof PayerUnavailableError) {
      outcome = 'unreachable';
      retryAtNextRun = true;
      logger.warn('payer mailbox unreachable; retried at the next run', {
        ...ids,
        errorName: errorName(error),
        // names the connection and the operation only (connectors/README.md); never the cause
        reason: error.message,
      });
      metrics.addMetric('MailboxUnreachable', MetricUnit.Count, 1);
    } else {
      outcome = 'failed';
      // our own side (S3, SQS, DynamoDB) is retried at the next run; a payer that refused our
      // credentials or host key waits the interval (payers lock accounts after failed logins)
      retryAtNextRun = !(error instanceof ConnectorRefusedError);
      const cause = error instanceof ConnectorRefusedError ? error.cause : error;
      logger.error('mailbox poll failed', {
        ...ids,
        errorName: errorName(cause),
        refusedByPayer: error instanceof ConnectorRefusedError,
      });
      metrics.addMetric('MailboxPollFailed', MetricUnit.Count, 1);
    }
  }
  const finishedAt = dependencies.now();
  await dependencies.inbound
    .finishPoll(tenantId, connectionId, {
      outcome,
      finishedAt,
      nextPollAt: retryAtNextRun ? finishedAt : new Date(startedAt.getTime() + intervalMs),
    })
    .catch((error: unknown) => {
      // the claimed next poll time stands: the mailbox is polled again after its interval
      logger.error('mailbox poll state not recorded', { ...ids, errorName: errorName(error) });
    });
  logger.info('mailbox polled', { ...ids, outcome, ...counts });
  return { outcome, ...counts };
}

async function drainMailbox(
  connection: PayerConnection,
  dependencies: PollDependencies,
  counts: { queued: number; duplicates: number; leftFiles: boolean },
): Promise<void> {
  const { tenantId, connectionId } = connection;
  const maxFiles = dependencies.maxFilesPerConnection ?? DEFAULT_MAX_FILES;
  const reserveMs = dependencies.reserveMs ?? DEFAULT_RESERVE_MS;
  const connector = await payer(() => dependencies.connectors.open(connection));
  try {
    const listed = await payer(() => connector.listInbound());
    for (const [index, file] of listed.entries()) {
      if (index >= maxFiles || (dependencies.remainingMs?.() ?? Infinity) < reserveMs) {
        counts.leftFiles = true;
        return;
      }
      const content = await payer(() => connector.fetchInbound(file.name));
      const receivedAt = dependencies.now();
      const sha256 = contentHash(content);
      const s3Key = inboundArchiveKey(tenantId, connectionId, receivedAt, sha256);
      await dependencies.archive.put(s3Key, content);
      const arrival = await dependencies.inbound.recordArrival({
        tenantId,
        connectionId,
        contentSha256: sha256,
        rawFileKey: s3Key,
        fileName: file.name,
        receivedAt: receivedAt.toISOString(),
      });
      if (arrival.kind === 'duplicate') {
        counts.duplicates++;
        logger.info('inbound file is a duplicate; acknowledged, not queued', {
          tenantId,
          connectionId,
          contentSha256: sha256,
          duplicates: arrival.receipt.duplicates,
        });
      } else {
        await dependencies.queue.enqueue({
          tenantId,
          connectionId,
          s3Key,
          sha256,
          receivedAt: receivedAt.toISOString(),
          fileName: file.name,
        });
        await dependencies.inbound.markQueued(tenantId, sha256, dependencies.now().toISOString());
        counts.queued++;
      }
      await payer(() => connector.acknowledgeInbound(file.name));
    }
  } finally {
    await connector.close().catch(() => undefined);
  }
}

/** A connector call: unavailability stays as it is (retry next run), anything else is a refusal. */
async function payer<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (error instanceof PayerUnavailableError) throw error;
    throw new ConnectorRefusedError(error);
  }
}

/** Runs `work` over `items`, at most `limit` at a time; results in item order. */
async function inPool<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);

const errorName = (error: unknown): string => (error instanceof Error ? error.name : 'unknown');
