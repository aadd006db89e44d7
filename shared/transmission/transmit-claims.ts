// The transmit flow: a batch of transmit requests in, 837 interchanges out, each claim revision
// sent exactly once (docs/ARCHITECTURE.md sections 3 and 8; the protocol and its write units are in README.md).
// It never throws for one claim's or one payer's trouble: every message gets an outcome that the
// handler turns into a partial batch response. Only a crash of the process stops it.
import { notificationOf, type ClaimNotifier } from '#shared/webhooks/claim-notification';
import { randomUUID } from 'node:crypto';
import type { InstitutionalClaim } from '#shared/domain/claims/institutional-claim';
import type { ProfessionalClaim } from '#shared/domain/claims/professional-claim';
import { IllegalTransitionError, type ClaimStatus } from '#shared/domain/lifecycle/claim-status';
import {
  connectionForPayer,
  interchangeFileName,
  type PayerConnection,
} from '#shared/domain/payers/payer-connection';
import { PayerRequestError } from '#shared/connectors/https-connector';
import { PayerUnavailableError, type PayerConnector } from '#shared/connectors/payer-connector';
import { HostKeyMismatchError, PayerAuthenticationError } from '#shared/connectors/sftp-connector';
import { logger, metrics } from '#shared/observability/logger';
import {
  ClaimNotFoundError,
  type ClaimRepository,
} from '#shared/storage/dynamodb/claim-repository';
import type { ClaimEvent, ClaimKind, ClaimRecord } from '#shared/domain/claims/claim-record';
import type { TransmitRequest } from '#shared/storage/sqs/transmit-queue';
import type { ClaimToSend, Interchange837Envelope } from '#shared/x12/claim-837-envelope';
import { buildInstitutionalInterchange } from '#shared/x12/generate-837-institutional';
import { buildProfessionalInterchange } from '#shared/x12/generate-837-professional';
import {
  formatInterchangeControlNumber,
  formatTransactionSetControlNumber,
} from '#shared/x12/writer';
import type { ConnectionSlotSource } from '#shared/storage/dynamodb/connection-slots';
import { partiesId, type ControlNumbers, type InterchangeParties } from './control-numbers.ts';
import type {
  InterchangeClaim,
  InterchangeRecord,
  InterchangeRecordRepository,
} from '#shared/storage/dynamodb/interchange-record-repository';
import { outboundArchiveKey } from '#shared/storage/s3/archive-keys';
import { sha256Hex } from '#shared/storage/s3/content-hash';
import type { OutboundArchive } from './outbound-archive.ts';

/** One SQS message as the flow needs it. */
export interface TransmitMessage {
  readonly messageId: string;
  /** undefined when the body is not a transmit request */
  readonly request: TransmitRequest | undefined;
  /** ApproximateReceiveCount */
  readonly receiveCount: number;
}

/**
 * done: delete the message. retry: report it failed, back off. dead-letter: report it failed and
 * let the queue's redrive take it (its claim, if any, is already TRANSMISSION_FAILED).
 */
export type MessageOutcome =
  | { readonly kind: 'done'; readonly reason: DoneReason }
  /** delaySeconds: come back then (the batching window), instead of the backoff */
  | { readonly kind: 'retry'; readonly reason: string; readonly delaySeconds?: number }
  | { readonly kind: 'dead-letter'; readonly reason: string };

export type DoneReason = 'transmitted' | 'already-handled' | 'stale' | 'transmission-failed';

/** Another worker holds the upload lease of the interchange: try again later. */
export class InterchangeBusyError extends Error {
  constructor(interchangeId: string) {
    super(`interchange ${interchangeId} is being uploaded by another worker`);
    this.name = 'InterchangeBusyError';
  }
}

/** Every upload slot of the connection (its `concurrency`) stayed taken: try again later. */
export class ConnectionBusyError extends Error {
  constructor(connectionId: string) {
    super(`payer connection ${connectionId} has no free upload slot`);
    this.name = 'ConnectionBusyError';
  }
}

/** A recorded interchange names a connection the tenant no longer has. */
export class ConnectionMissingError extends Error {
  constructor(connectionId: string) {
    super(`connection ${connectionId} not found`);
    this.name = 'ConnectionMissingError';
  }
}

export interface PayerConnectionSource {
  /** The tenant's connections (active or not); empty for an unknown tenant. */
  forTenant(tenantId: string): Promise<readonly PayerConnection[]>;
}

export interface ConnectorFactory {
  open(connection: PayerConnection): Promise<PayerConnector>;
}

export interface TransmitDependencies {
  readonly claims: ClaimRepository;
  readonly interchanges: InterchangeRecordRepository;
  readonly controlNumbers: ControlNumbers;
  readonly archive: OutboundArchive;
  readonly connections: PayerConnectionSource;
  readonly connectors: ConnectorFactory;
  readonly now: () => Date;
  /** how long an upload lease lasts: at least the longest upload (the function's time left) */
  readonly leaseMs: number;
  /** the queue's maxReceiveCount: at this receive a still-failing claim becomes TRANSMISSION_FAILED */
  readonly maxReceiveCount: number;
  /** identifies this invocation as a lease owner; random by default */
  readonly workerId?: string;
  /**
   * The per-connection upload slots (`connection.concurrency` sessions at once across workers).
   * Without it nothing limits sessions per connection (tests of other behaviour).
   */
  readonly slots?: ConnectionSlotSource;
  /** how long an upload waits for a free slot before its messages are retried; 10 s, at most leaseMs / 4 */
  readonly slotWaitMs?: number;
  /** claim.transmitted and claim.transmission_failed go to the notify queue (webhooks) */
  readonly notifier?: ClaimNotifier;
}

/** Transmission codes on TRANSMISSION_FAILED events (type `transmission`). */
export type FailureCode =
  | 'NO_CONNECTION'
  | 'X12_BUILD_FAILED'
  | 'PAYER_UNAVAILABLE'
  | 'CONNECTION_BUSY'
  | 'DELIVERY_UNKNOWN'
  | 'TRANSMIT_ERROR'
  // the payer's answer needs a person, so the claim fails at once (no retries)
  | 'HOST_KEY_MISMATCH'
  | 'PAYER_AUTHENTICATION_FAILED'
  | 'PAYER_REQUEST_REFUSED';

const NEEDS_PERSON: readonly FailureCode[] = [
  'HOST_KEY_MISMATCH',
  'PAYER_AUTHENTICATION_FAILED',
  'PAYER_REQUEST_REFUSED',
];

/** Errors a retry cannot cure (see shared/connectors/README.md): their failure code, else undefined. */
function needsPersonCode(error: unknown): FailureCode | undefined {
  if (error instanceof HostKeyMismatchError) return 'HOST_KEY_MISMATCH';
  if (error instanceof PayerAuthenticationError) return 'PAYER_AUTHENTICATION_FAILED';
  if (error instanceof PayerRequestError) return 'PAYER_REQUEST_REFUSED';
  return undefined;
}

const DEFAULT_SLOT_WAIT_MS = 10_000;

const WAITING_STATUSES: readonly ClaimStatus[] = ['RECEIVED', 'QUEUED'];
/** statuses a claim of a SENT interchange may still be in (see #markTransmitted) */
const REPAIRABLE_STATUSES: readonly ClaimStatus[] = [...WAITING_STATUSES, 'TRANSMISSION_FAILED'];
const CLAIM_READ_CONCURRENCY = 10;
/** passes over a batch when interchanges get abandoned under contention */
const MAX_ROUNDS = 3;

interface ClaimWork {
  readonly tenantId: string;
  readonly claimId: string;
  readonly messages: TransmitMessage[];
}

/** A claim that waits for transmission, with what the flow learnt about it. */
interface WaitingClaim {
  readonly work: ClaimWork;
  readonly record: ClaimRecord;
  /** the revision its marker is keyed on */
  readonly queueRevision: number;
}

export async function transmitClaims(
  dependencies: TransmitDependencies,
  messages: readonly TransmitMessage[],
): Promise<Map<string, MessageOutcome>> {
  const flow = new TransmitFlow(dependencies);
  return flow.run(messages);
}

class TransmitFlow {
  readonly #deps: TransmitDependencies;
  readonly #workerId: string;
  readonly #outcomes = new Map<string, MessageOutcome>();
  readonly #connections = new Map<string, Promise<readonly PayerConnection[]>>();
  /** the batch's claims, by tenant and claim id */
  readonly #works = new Map<string, ClaimWork>();

  constructor(dependencies: TransmitDependencies) {
    this.#deps = dependencies;
    this.#workerId = dependencies.workerId ?? randomUUID();
  }

  async run(messages: readonly TransmitMessage[]): Promise<Map<string, MessageOutcome>> {
    const works = this.#claimWorks(messages);
    let pending: WaitingClaim[] = [];
    await forEachLimited(works, CLAIM_READ_CONCURRENCY, async (work) => {
      const waiting = await this.#guard([work], () => this.#load(work));
      if (waiting !== undefined) pending.push(waiting);
    });
    // An interchange is abandoned when one of its claims turns out to travel in another one
    // (a concurrent worker); its other claims then go round again, a bounded number of times.
    for (let round = 0; round < MAX_ROUNDS && pending.length > 0; round++) {
      const again = await this.#round(pending);
      pending = again.filter((claim) => !this.#settled(claim.work));
    }
    for (const message of messages) {
      if (!this.#outcomes.has(message.messageId)) {
        this.#outcomes.set(message.messageId, { kind: 'retry', reason: 'not-settled' });
      }
    }
    return this.#outcomes;
  }

  /** One pass: resume the interchanges that already carry claims, record new ones for the rest. */
  async #round(claims: readonly WaitingClaim[]): Promise<WaitingClaim[]> {
    const resume = new Map<string, { tenantId: string; claims: WaitingClaim[] }>();
    const fresh: WaitingClaim[] = [];
    const again: WaitingClaim[] = [];
    await forEachLimited(claims, CLAIM_READ_CONCURRENCY, async (claim) => {
      const live = await this.#guard([claim.work], () => this.#liveInterchange(claim), [claim]);
      if (live === undefined) return;
      if (live === null) {
        fresh.push(claim);
        return;
      }
      const key = `${claim.work.tenantId}\n${live}`;
      const entry = resume.get(key) ?? { tenantId: claim.work.tenantId, claims: [] };
      entry.claims.push(claim);
      resume.set(key, entry);
    });

    for (const [key, entry] of resume) {
      const interchangeId = key.slice(entry.tenantId.length + 1);
      const result = await this.#guard(
        entry.claims.map((claim) => claim.work),
        async () => {
          const record = await this.#deps.interchanges.get(entry.tenantId, interchangeId);
          return this.#complete(record, undefined);
        },
        entry.claims,
      );
      if (result === 'abandoned') again.push(...entry.claims);
    }

    for (const group of await this.#groups(fresh)) {
      const size = group.connection.batching.maxClaimsPerInterchange;
      const wait = batchingWaitSeconds(group.connection, group.claims, this.#deps.now());
      if (wait > 0) {
        // the connection's batching window: claims wait for company (up to the maximum) until
        // the oldest has waited the window; a full interchange goes at once
        for (const claim of group.claims) {
          this.#settle(claim.work, {
            kind: 'retry',
            reason: 'batching-window',
            delaySeconds: wait,
          });
        }
        continue;
      }
      for (let start = 0; start < group.claims.length; start += size) {
        const chunk = group.claims.slice(start, start + size);
        const result = await this.#guard(
          chunk.map((claim) => claim.work),
          () => this.#recordAndComplete(group.connection, group.kind, chunk),
          chunk,
        );
        if (result === 'abandoned') again.push(...chunk);
      }
    }
    return again;
  }

  // -- reading the batch ------------------------------------------------------------------------

  #claimWorks(messages: readonly TransmitMessage[]): ClaimWork[] {
    for (const message of messages) {
      if (message.request === undefined) {
        logger.error('transmit message is not a transmit request', {
          messageId: message.messageId,
        });
        this.#outcomes.set(message.messageId, { kind: 'dead-letter', reason: 'malformed' });
        continue;
      }
      const { tenantId, claimId } = message.request;
      const key = workKey(tenantId, claimId);
      // SQS may hand the same message twice in one batch: one outcome per message id
      if (this.#works.get(key)?.messages.some((m) => m.messageId === message.messageId)) continue;
      const work = this.#works.get(key) ?? { tenantId, claimId, messages: [] };
      work.messages.push(message);
      this.#works.set(key, work);
    }
    return [...this.#works.values()];
  }

  async #load(work: ClaimWork): Promise<WaitingClaim | undefined> {
    let record: ClaimRecord;
    try {
      record = await this.#deps.claims.get(work.tenantId, work.claimId);
    } catch (error) {
      if (!(error instanceof ClaimNotFoundError)) throw error;
      logger.error('transmit request names no claim', this.#ids(work));
      this.#settle(work, { kind: 'dead-letter', reason: 'claim-not-found' });
      return undefined;
    }
    if (!WAITING_STATUSES.includes(record.status)) {
      logger.info('claim not waiting for transmission; message dropped', {
        ...this.#ids(work),
        status: record.status,
      });
      this.#settle(work, { kind: 'done', reason: 'already-handled' });
      return undefined;
    }
    const queueRevision = queueRevisionOf(record);
    const newest = Math.max(...work.messages.map((m) => m.request?.revision ?? 0));
    if (newest < queueRevision) {
      // a duplicate from an earlier queueing of the claim; the current one has its own message
      logger.info('stale transmit request dropped', { ...this.#ids(work), queueRevision });
      this.#settle(work, { kind: 'done', reason: 'stale' });
      return undefined;
    }
    return { work, record, queueRevision };
  }

  /**
   * The interchange that already carries this claim (any revision), unless abandoned: null when
   * none. A claim is never put into a second live interchange, whatever its revision.
   */
  async #liveInterchange(claim: WaitingClaim): Promise<string | null> {
    const markers = await this.#deps.interchanges.markersOf(
      claim.work.tenantId,
      claim.work.claimId,
    );
    for (const marker of markers.toSorted((a, b) => b.revision - a.revision)) {
      const record = await this.#deps.interchanges.get(claim.work.tenantId, marker.interchangeId);
      if (record.state !== 'ABANDONED') return record.interchangeId;
    }
    return null;
  }

  // -- grouping ---------------------------------------------------------------------------------

  async #groups(
    claims: readonly WaitingClaim[],
  ): Promise<{ connection: PayerConnection; kind: ClaimKind; claims: WaitingClaim[] }[]> {
    const groups = new Map<
      string,
      { connection: PayerConnection; kind: ClaimKind; claims: WaitingClaim[] }
    >();
    for (const claim of claims) {
      const connection = await this.#guard([claim.work], async () =>
        connectionForPayer(await this.#connectionsOf(claim.work.tenantId), claim.record.payerId),
      );
      if (connection === undefined) {
        if (!this.#settled(claim.work)) {
          logger.error('no active payer connection for the claim', {
            ...this.#ids(claim.work),
            payerId: claim.record.payerId,
          });
          await this.#guard([claim.work], () => this.#fail(claim, 'NO_CONNECTION', null));
        }
        continue;
      }
      // one functional group per GS08 version: professional and institutional travel apart
      const key = `${claim.work.tenantId}\n${connection.connectionId}\n${claim.record.kind}`;
      const group = groups.get(key) ?? { connection, kind: claim.record.kind, claims: [] };
      group.claims.push(claim);
      groups.set(key, group);
    }
    return [...groups.values()];
  }

  #connectionsOf(tenantId: string): Promise<readonly PayerConnection[]> {
    let connections = this.#connections.get(tenantId);
    if (connections === undefined) {
      connections = this.#deps.connections.forTenant(tenantId);
      this.#connections.set(tenantId, connections);
    }
    return connections;
  }

  // -- building and recording a new interchange -------------------------------------------------

  async #recordAndComplete(
    connection: PayerConnection,
    kind: ClaimKind,
    chunk: readonly WaitingClaim[],
  ): Promise<'abandoned' | 'sent'> {
    const tenantId = connection.tenantId;
    const bodies = await Promise.all(
      chunk.map(async (claim) => ({
        claim,
        body: await this.#deps.claims.getBody(tenantId, claim.work.claimId),
      })),
    );
    const buildable = await this.#buildable(connection, kind, bodies);
    if (buildable.length === 0) return 'sent';
    const parties = partiesOf(connection);
    const createdAt = this.#deps.now();
    for (let attempt = 0; attempt < 3; attempt++) {
      const controlNumber = await this.#deps.controlNumbers.next(parties);
      const content = build837(connection, kind, buildable, controlNumber, createdAt);
      const isa13 = formatInterchangeControlNumber(controlNumber);
      const contentSha256 = sha256Hex(content);
      const archiveKey = outboundArchiveKey(
        tenantId,
        connection.connectionId,
        createdAt,
        contentSha256,
      );
      // archived first: a recorded interchange always has its bytes, so any worker can resume it
      await this.#deps.archive.put(archiveKey, content);
      const interchangeId = `${partiesId(parties)}>${isa13}`;
      const created = await this.#deps.interchanges.create({
        tenantId,
        interchangeId,
        connectionId: connection.connectionId,
        kind,
        isa13,
        gs06: String(controlNumber),
        fileName: interchangeFileName(connection, isa13, createdAt),
        contentSha256,
        archiveKey,
        createdAt: createdAt.toISOString(),
        claims: buildable.map(({ claim }) => ({
          claimId: claim.work.claimId,
          revision: claim.queueRevision,
        })),
      });
      if (!created) continue; // the number was used before the 999,999,999 wrap: take another
      metrics.addMetric('InterchangesRecorded', 'Count', 1);
      const record = await this.#deps.interchanges.get(tenantId, interchangeId);
      return this.#complete(record, content);
    }
    throw new Error('no free interchange control number after 3 attempts');
  }

  /** The claims whose 837 can be written; the others become TRANSMISSION_FAILED at once. */
  async #buildable(
    connection: PayerConnection,
    kind: ClaimKind,
    bodies: readonly { claim: WaitingClaim; body: unknown }[],
  ): Promise<{ claim: WaitingClaim; body: unknown }[]> {
    try {
      build837(connection, kind, bodies, 1, this.#deps.now());
      return [...bodies];
    } catch {
      // find the claims that cannot be written, one by one (rare: intake validated them)
    }
    const good: { claim: WaitingClaim; body: unknown }[] = [];
    for (const entry of bodies) {
      try {
        build837(connection, kind, [entry], 1, this.#deps.now());
        good.push(entry);
      } catch (error) {
        logger.error('claim cannot be written as an 837', {
          ...this.#ids(entry.claim.work),
          errorName: error instanceof Error ? error.name : 'unknown',
        });
        await this.#fail(entry.claim, 'X12_BUILD_FAILED', null);
      }
    }
    return good;
  }

  // -- completing an interchange (new or resumed) -----------------------------------------------

  /**
   * Drives a recorded interchange to its end: markers, commit, upload under the lease (checking
   * the destination first when an earlier upload may have landed), SENT, then the claims' status
   * writes. `content` is the 837 when this worker built it; a resumed one reads the archive.
   */
  async #complete(
    initial: InterchangeRecord,
    content: string | undefined,
  ): Promise<'abandoned' | 'sent'> {
    let record = initial;
    if (record.state === 'PENDING') {
      const placed = await this.#placeMarkers(record);
      record = placed
        ? await this.#deps.interchanges.commit(record.tenantId, record.interchangeId)
        : await this.#deps.interchanges.abandon(
            record.tenantId,
            record.interchangeId,
            this.#nowMs(),
          );
    }
    if (record.state === 'ABANDONED') {
      logger.info('interchange abandoned before upload', { interchangeId: record.interchangeId });
      return 'abandoned';
    }
    if (record.state === 'COMMITTED') {
      record = await this.#upload(record, content);
    }
    if (record.state !== 'SENT') throw new Error(`interchange in unexpected state ${record.state}`);
    await this.#writeStatuses(record);
    return 'sent';
  }

  async #placeMarkers(record: InterchangeRecord): Promise<boolean> {
    const { interchanges } = this.#deps;
    for (const claim of record.claims) {
      const marker = { ...claim, interchangeId: record.interchangeId };
      const result = await interchanges.placeMarker(record.tenantId, marker);
      if (result.placed) continue;
      const owner = await interchanges.get(record.tenantId, result.ownedBy);
      if (owner.state === 'ABANDONED') {
        if (await interchanges.takeOverMarker(record.tenantId, marker, owner.interchangeId)) {
          continue;
        }
      }
      // the claim revision travels in another live interchange: this one must never be sent
      logger.info('claim already in another interchange', {
        tenantId: record.tenantId,
        claimId: claim.claimId,
        interchangeId: record.interchangeId,
        otherInterchangeId: owner.interchangeId,
      });
      return false;
    }
    return true;
  }

  async #upload(
    record: InterchangeRecord,
    content: string | undefined,
  ): Promise<InterchangeRecord> {
    const { interchanges } = this.#deps;
    const nowMs = this.#nowMs();
    const lease = await interchanges.acquireUploadLease(
      record.tenantId,
      record.interchangeId,
      this.#workerId,
      nowMs,
      nowMs + this.#deps.leaseMs,
    );
    if (!lease.acquired) {
      if (lease.record.state === 'SENT') return lease.record;
      if (lease.record.state === 'COMMITTED') throw new InterchangeBusyError(record.interchangeId);
      throw new Error(`interchange in unexpected state ${lease.record.state}`);
    }
    const leased = lease.record;
    const connection = (await this.#connectionsOf(leased.tenantId)).find(
      (candidate) => candidate.connectionId === leased.connectionId,
    );
    if (connection === undefined) {
      await interchanges.releaseUploadLease(leased.tenantId, leased.interchangeId, this.#workerId);
      throw new ConnectionMissingError(leased.connectionId);
    }
    const bytes =
      content ?? (await this.#deps.archive.get(leased.archiveKey, leased.contentSha256));
    const slot = await this.#takeSlot(connection, leased);
    let connector: PayerConnector | undefined;
    try {
      connector = await this.#deps.connectors.open(connection);
      // always looked at first: an earlier worker may have sent it and died before saying so,
      // and a payer that cannot answer this costs nothing (no send was attempted)
      if (await connector.hasSent(leased.fileName)) {
        logger.info('interchange found at the destination; not sent again', {
          interchangeId: leased.interchangeId,
        });
      } else {
        await interchanges.recordSendAttempt(leased.tenantId, leased.interchangeId, this.#workerId);
        await connector.send(leased.fileName, bytes);
        metrics.addMetric('InterchangesSent', 'Count', 1);
      }
    } catch (error) {
      await interchanges.releaseUploadLease(leased.tenantId, leased.interchangeId, this.#workerId);
      throw error;
    } finally {
      await connector?.close().catch(() => undefined);
      // after close: the slot stands for the session, which lasts until the connector is closed
      await slot?.release().catch(() => undefined);
    }
    const sent = await interchanges.markSent(
      leased.tenantId,
      leased.interchangeId,
      this.#workerId,
      this.#deps.now().toISOString(),
    );
    if (sent.state !== 'SENT') throw new InterchangeBusyError(leased.interchangeId);
    logger.info('interchange sent', {
      tenantId: sent.tenantId,
      interchangeId: sent.interchangeId,
      connectionId: sent.connectionId,
      claims: sent.claims.length,
    });
    return sent;
  }

  /**
   * One of the connection's `concurrency` slots, for the session of this upload (undefined when
   * the flow has no slot source). None free within the wait: the upload lease is given back and
   * ConnectionBusyError makes the messages retry after their backoff, the interchange untouched.
   */
  async #takeSlot(
    connection: PayerConnection,
    leased: InterchangeRecord,
  ): Promise<{ release(): Promise<void> } | undefined> {
    const { slots, interchanges } = this.#deps;
    if (slots === undefined) return undefined;
    const nowMs = this.#nowMs();
    const waitMs = Math.min(this.#deps.slotWaitMs ?? DEFAULT_SLOT_WAIT_MS, this.#deps.leaseMs / 4);
    let slot: { release(): Promise<void> } | null;
    try {
      slot = await slots.acquire(
        {
          tenantId: leased.tenantId,
          connectionId: connection.connectionId,
          limit: connection.concurrency,
          holder: `${this.#workerId}#${leased.interchangeId}`,
          nowMs,
          untilMs: nowMs + this.#deps.leaseMs,
        },
        waitMs,
      );
    } catch (error) {
      await interchanges.releaseUploadLease(leased.tenantId, leased.interchangeId, this.#workerId);
      throw error;
    }
    if (slot === null) {
      await interchanges.releaseUploadLease(leased.tenantId, leased.interchangeId, this.#workerId);
      logger.info('payer connection busy; upload retried later', {
        connectionId: connection.connectionId,
        interchangeId: leased.interchangeId,
        concurrency: connection.concurrency,
      });
      throw new ConnectionBusyError(connection.connectionId);
    }
    return slot;
  }

  /** Every claim of a SENT interchange to TRANSMITTED (those in this batch and any others). */
  async #writeStatuses(record: InterchangeRecord): Promise<void> {
    for (const [index, claim] of record.claims.entries()) {
      await this.#markTransmitted(record, claim, index + 1);
      this.#settleClaim(record.tenantId, claim.claimId, { kind: 'done', reason: 'transmitted' });
    }
  }

  async #markTransmitted(
    record: InterchangeRecord,
    claim: InterchangeClaim,
    st02: number,
  ): Promise<void> {
    const { claims } = this.#deps;
    const current = await claims.get(record.tenantId, claim.claimId);
    if (!REPAIRABLE_STATUSES.includes(current.status)) {
      return; // TRANSMITTED or later: written by an earlier run
    }
    const source: ClaimEvent['source'] = {
      kind: 'transmit',
      rawFileKey: record.archiveKey,
      controlNumbers: {
        isa13: record.isa13,
        gs06: record.gs06,
        st02: formatTransactionSetControlNumber(st02),
        fileName: record.fileName,
        interchangeId: record.interchangeId,
      },
    };
    try {
      if (current.status !== 'QUEUED') {
        // the transition table reaches TRANSMITTED from QUEUED only; TRANSMISSION_FAILED here
        // means the claim was given up while its upload was in doubt, and it did land
        await claims.transition({
          tenantId: record.tenantId,
          claimId: claim.claimId,
          to: 'QUEUED',
          type: 'claim.queued',
          source: { kind: 'transmit' },
          now: this.#deps.now(),
        });
      }
      const transmitted = await claims.transition({
        tenantId: record.tenantId,
        claimId: claim.claimId,
        to: 'TRANSMITTED',
        type: 'claim.transmitted',
        source,
        now: this.#deps.now(),
      });
      metrics.addMetric('ClaimsTransmitted', 'Count', 1);
      await this.#notify(transmitted);
    } catch (error) {
      // a concurrent worker wrote it first
      if (error instanceof IllegalTransitionError) return;
      throw error;
    }
  }

  // -- failures ---------------------------------------------------------------------------------

  /**
   * Runs a step for some claims; on an error, gives their messages a retry outcome, or, when a
   * message has reached the queue's maxReceiveCount, gives the claim up (TRANSMISSION_FAILED)
   * and lets the message go to the DLQ.
   */
  async #guard<T>(
    works: readonly ClaimWork[],
    step: () => Promise<T>,
    claims?: readonly WaitingClaim[],
  ): Promise<T | undefined> {
    try {
      return await step();
    } catch (error) {
      const reason = error instanceof Error ? error.name : 'unknown';
      const needsPerson = needsPersonCode(error);
      if (needsPerson !== undefined) {
        await this.#failFast(works, claims, needsPerson, reason);
        return undefined;
      }
      const payerDown = error instanceof PayerUnavailableError;
      const busy = error instanceof ConnectionBusyError;
      metrics.addMetric(
        busy ? 'ConnectionBusy' : payerDown ? 'PayerUnavailable' : 'TransmitErrors',
        'Count',
        1,
      );
      for (const work of works) {
        if (this.#settled(work)) continue;
        const exhausted = work.messages.some(
          (message) => message.receiveCount >= this.#deps.maxReceiveCount,
        );
        const level = exhausted ? 'error' : 'warn';
        logger[level]('transmission failed for now', { ...this.#ids(work), reason, exhausted });
        if (!exhausted) {
          this.#settle(work, { kind: 'retry', reason });
          continue;
        }
        const claim = claims?.find((candidate) => candidate.work === work);
        try {
          await this.#giveUp(
            work,
            claim,
            busy ? 'CONNECTION_BUSY' : payerDown ? 'PAYER_UNAVAILABLE' : 'TRANSMIT_ERROR',
          );
        } catch {
          this.#settle(work, { kind: 'retry', reason: 'give-up-failed' });
        }
      }
      return undefined;
    }
  }

  /**
   * The payer refused us in a way only a person can fix (host key, credentials, a 4xx): retrying
   * until the last receive would only delay that person and, for logins, risk locking the account.
   * The claims fail now with the specific code and their messages are deleted (not retried).
   */
  async #failFast(
    works: readonly ClaimWork[],
    claims: readonly WaitingClaim[] | undefined,
    code: FailureCode,
    reason: string,
  ): Promise<void> {
    metrics.addMetric('TransmitNeedsAttention', 'Count', 1);
    for (const work of works) {
      if (this.#settled(work)) continue;
      logger.error('transmission refused by the payer; needs a person', {
        ...this.#ids(work),
        reason,
        code,
      });
      const claim = claims?.find((candidate) => candidate.work === work);
      try {
        await this.#giveUp(work, claim, code, { kind: 'done', reason: 'transmission-failed' });
      } catch {
        this.#settle(work, { kind: 'retry', reason: 'give-up-failed' });
      }
    }
  }

  /**
   * Retries are exhausted (or pointless: `#failFast`). The claim's interchange, if any, is abandoned when nothing can have
   * been uploaded; when an upload may have landed, the claim is failed as DELIVERY_UNKNOWN and the
   * interchange stays, so a later run that finds the file marks the claim TRANSMITTED after all.
   */
  async #giveUp(
    work: ClaimWork,
    claim: WaitingClaim | undefined,
    code: FailureCode,
    outcome?: MessageOutcome,
  ): Promise<void> {
    const waiting = claim ?? (await this.#load(work));
    if (waiting === undefined) return;
    const liveId = await this.#liveInterchange(waiting);
    let failure = code;
    if (liveId !== null) {
      const record = await this.#deps.interchanges.abandon(work.tenantId, liveId, this.#nowMs());
      if (record.state === 'SENT') {
        // sent by a concurrent worker meanwhile: the claim is transmitted, not failed
        await this.#writeStatuses(record);
        return;
      }
      // a refusal that needs a person keeps its code; the interchange stays resumable either way
      if (record.state !== 'ABANDONED' && !NEEDS_PERSON.includes(code))
        failure = 'DELIVERY_UNKNOWN';
    }
    await this.#fail(waiting, failure, liveId);
    this.#settle(work, outcome ?? { kind: 'dead-letter', reason: failure });
  }

  /** Moves a waiting claim to TRANSMISSION_FAILED with a transmission code. */
  async #fail(claim: WaitingClaim, code: FailureCode, interchangeId: string | null): Promise<void> {
    const { claims } = this.#deps;
    const { tenantId, claimId } = claim.work;
    const source: ClaimEvent['source'] = {
      kind: 'transmit',
      ...(interchangeId === null ? {} : { controlNumbers: { interchangeId } }),
    };
    const codes = [{ type: 'transmission', code }];
    try {
      const current = await claims.get(tenantId, claimId);
      if (current.status === 'RECEIVED') {
        await claims.transition({
          tenantId,
          claimId,
          to: 'QUEUED',
          type: 'claim.queued',
          source: { kind: 'transmit' },
          now: this.#deps.now(),
        });
      }
      const failed = await claims.transition({
        tenantId,
        claimId,
        to: 'TRANSMISSION_FAILED',
        type: 'claim.transmission_failed',
        source,
        codes,
        now: this.#deps.now(),
      });
      metrics.addMetric('ClaimsTransmissionFailed', 'Count', 1);
      await this.#notify(failed);
    } catch (error) {
      if (!(error instanceof IllegalTransitionError)) throw error;
      // moved on meanwhile (transmitted by a concurrent worker): nothing to fail
    }
    if (code === 'NO_CONNECTION' || code === 'X12_BUILD_FAILED') {
      this.#settle(claim.work, { kind: 'done', reason: 'transmission-failed' });
    }
  }

  /**
   * Tells the notify queue about the status change just written. The status is what counts: a
   * failed publish is logged and counted (alarm), never a reason to transmit again.
   */
  async #notify(claim: ClaimRecord): Promise<void> {
    const event = claim.history.at(-1);
    if (this.#deps.notifier === undefined || event === undefined) return;
    try {
      await this.#deps.notifier.publish([notificationOf(claim.tenantId, claim.claimId, event)]);
    } catch (error) {
      metrics.addMetric('NotificationsLost', 'Count', 1);
      logger.error('claim status notification not published', {
        tenantId: claim.tenantId,
        claimId: claim.claimId,
        eventType: event.type,
        errorName: error instanceof Error ? error.name : 'unknown',
      });
    }
  }

  // -- bookkeeping ------------------------------------------------------------------------------

  #settle(work: ClaimWork, outcome: MessageOutcome): void {
    for (const message of work.messages) this.#outcomes.set(message.messageId, outcome);
  }

  /** Settles a claim's messages if it is in this batch (an interchange may hold others). */
  #settleClaim(tenantId: string, claimId: string, outcome: MessageOutcome): void {
    const work = this.#works.get(workKey(tenantId, claimId));
    if (work !== undefined) this.#settle(work, outcome);
  }

  #settled(work: ClaimWork): boolean {
    return work.messages.every((message) => this.#outcomes.has(message.messageId));
  }

  #ids(work: ClaimWork): { tenantId: string; claimId: string; messageIds: string[] } {
    return {
      tenantId: work.tenantId,
      claimId: work.claimId,
      messageIds: work.messages.map((message) => message.messageId),
    };
  }

  #nowMs(): number {
    return this.#deps.now().getTime();
  }
}

/**
 * The revision a claim had when it was (last) put on the queue: the marker key, the same for
 * every duplicate message of that queueing whether the claim is still RECEIVED or already QUEUED.
 */
/**
 * Seconds a group of fresh claims should still wait for the connection's batching window: 0 when
 * the window is off, the group already fills an interchange, or its oldest claim (queued at its
 * last status write) has waited the window.
 */
export function batchingWaitSeconds(
  connection: PayerConnection,
  claims: readonly { readonly record: ClaimRecord }[],
  now: Date,
): number {
  const { windowSeconds, maxClaimsPerInterchange } = connection.batching;
  if (windowSeconds <= 0 || claims.length >= maxClaimsPerInterchange) return 0;
  const oldest = Math.min(...claims.map((claim) => Date.parse(claim.record.updatedAt)));
  const waitedSeconds = (now.getTime() - oldest) / 1000;
  return waitedSeconds >= windowSeconds ? 0 : Math.ceil(windowSeconds - waitedSeconds);
}

export function queueRevisionOf(claim: ClaimRecord): number {
  if (claim.status === 'RECEIVED') return claim.revision;
  const queued = claim.history.findLast((event) => event.status === 'QUEUED');
  return queued === undefined ? claim.revision - 1 : queued.seq - 1;
}

function workKey(tenantId: string, claimId: string): string {
  return `${tenantId}\n${claimId}`;
}

function partiesOf(connection: PayerConnection): InterchangeParties {
  const { interchange } = connection;
  return {
    senderQualifier: interchange.senderQualifier,
    senderId: interchange.senderId,
    receiverQualifier: interchange.receiverQualifier,
    receiverId: interchange.receiverId,
  };
}

/** The 837 of some claims: ISA13 = GS06 = controlNumber, ST02 = 1..n in order. */
export function build837(
  connection: PayerConnection,
  kind: ClaimKind,
  claims: readonly { claim: { work: { claimId: string } }; body: unknown }[],
  controlNumber: number,
  createdAt: Date,
): string {
  const { interchange } = connection;
  const envelope: Interchange837Envelope = {
    interchange: {
      senderQualifier: interchange.senderQualifier,
      senderId: interchange.senderId,
      receiverQualifier: interchange.receiverQualifier,
      receiverId: interchange.receiverId,
      controlNumber,
      usageIndicator: connection.usageIndicator,
      acknowledgmentRequested: interchange.acknowledgmentRequested,
      createdAt,
    },
    groupControlNumber: controlNumber,
    applicationSenderCode: interchange.applicationSenderCode,
    applicationReceiverCode: interchange.applicationReceiverCode,
    transmission: {
      submitterId: interchange.submitterId,
      receiverId: interchange.receiverIdCode,
      createdAt,
    },
  };
  if (kind === 'professional') {
    const toSend: ClaimToSend<ProfessionalClaim>[] = claims.map(({ claim, body }) => ({
      claimId: claim.work.claimId,
      claim: body as ProfessionalClaim, // stored by intake after validation
    }));
    return buildProfessionalInterchange(toSend, envelope);
  }
  const toSend: ClaimToSend<InstitutionalClaim>[] = claims.map(({ claim, body }) => ({
    claimId: claim.work.claimId,
    claim: body as InstitutionalClaim, // stored by intake after validation
  }));
  return buildInstitutionalInterchange(toSend, envelope);
}

async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  each: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await each(item);
    }
  });
  await Promise.all(workers);
}
