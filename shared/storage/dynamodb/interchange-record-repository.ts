// Outbound interchanges and the per-claim markers that tie a queued claim revision to exactly one
// interchange (the exactly-once protocol is described in README.md). Every state change is a
// conditional write, so concurrent workers agree on one outcome.
//
//   PENDING --all markers placed--> COMMITTED --upload confirmed--> SENT
//      \                               |  (upload lease: one uploader at a time)
//       `--a claim is owned elsewhere--+--> ABANDONED (never uploaded; its markers may be taken over)
import { gzipSync, gunzipSync } from 'node:zlib';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ClaimKind } from '#shared/domain/claims/claim-record';
import {
  CLAIM_TRANSMISSION_PREFIX,
  claimPartitionKey,
  claimTransmissionKey,
  interchangeClaimsKey,
  interchangeKey,
} from './keys.ts';
import { SingleTable, type TableOptions } from './single-table.ts';
import { conditionHolds } from './conditional-write.ts';

export type InterchangeState = 'PENDING' | 'COMMITTED' | 'SENT' | 'ABANDONED';

/** A claim in an interchange: its id and the queued revision it was sent for. */
export interface InterchangeClaim {
  readonly claimId: string;
  readonly revision: number;
}

/** What is fixed when the interchange is recorded (before anything is uploaded). */
export interface NewInterchange {
  readonly tenantId: string;
  readonly interchangeId: string;
  readonly connectionId: string;
  readonly kind: ClaimKind;
  /** ISA13 and GS06, 9 digits */
  readonly isa13: string;
  readonly gs06: string;
  readonly fileName: string;
  /** SHA-256 of the 837 bytes, hex */
  readonly contentSha256: string;
  /** archive bucket key of the 837 */
  readonly archiveKey: string;
  readonly createdAt: string;
  /** in file order: the i-th claim is the transaction set with ST02 = i + 1 */
  readonly claims: readonly InterchangeClaim[];
}

export interface InterchangeRecord extends NewInterchange {
  readonly state: InterchangeState;
  /** how many times `send` was called: above 0, the file may be at the destination */
  readonly sendAttempts: number;
  readonly leaseOwner?: string;
  /** epoch milliseconds */
  readonly leaseUntil?: number;
  readonly sentAt?: string;
}

/** A claim's marker: the interchange that carries (or will carry) a queued revision. */
export interface ClaimMarker {
  readonly claimId: string;
  readonly revision: number;
  readonly interchangeId: string;
}

export type MarkerResult =
  { readonly placed: true } | { readonly placed: false; readonly ownedBy: string };

export type LeaseResult =
  | { readonly acquired: true; readonly record: InterchangeRecord }
  | { readonly acquired: false; readonly record: InterchangeRecord };

export class InterchangeNotFoundError extends Error {
  readonly interchangeId: string;
  constructor(interchangeId: string) {
    super(`interchange ${interchangeId} not found`);
    this.name = 'InterchangeNotFoundError';
    this.interchangeId = interchangeId;
  }
}

/** The upload lease expired and another worker took it: this one must not send. */
export class LeaseLostError extends Error {
  constructor(interchangeId: string) {
    super(`upload lease of interchange ${interchangeId} lost`);
    this.name = 'LeaseLostError';
  }
}

export class InterchangeRecordRepository {
  readonly #table: SingleTable;

  constructor(options: TableOptions) {
    this.#table = new SingleTable(options);
  }

  /**
   * Records a new interchange as PENDING: first its claim list (written once), then the small
   * header, conditional on the id being new. Returns false when the id is taken (a control
   * number reused after the 999,999,999 wrap): the caller takes another number.
   */
  async create(interchange: NewInterchange): Promise<boolean> {
    const { claims, ...header } = interchange;
    const claimsWritten = await this.#table.putNew({
      ...interchangeClaimsKey(interchange.tenantId, interchange.interchangeId),
      // gzip of [[id, revision], ...]: 500 claims fit in a few KB, written once
      claims: gzipSync(JSON.stringify(claims.map((c) => [c.claimId, c.revision]))),
    });
    if (!claimsWritten) return false;
    return this.#table.putNew({
      ...interchangeKey(interchange.tenantId, interchange.interchangeId),
      ...header,
      claimCount: claims.length,
      state: 'PENDING' satisfies InterchangeState,
      sendAttempts: 0,
    });
  }

  /** The interchange with its claims (one query: both items share a partition). */
  async get(tenantId: string, interchangeId: string): Promise<InterchangeRecord> {
    const { pk } = interchangeKey(tenantId, interchangeId);
    const result = await this.#table.documents.send(
      new QueryCommand({
        TableName: this.#table.name,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': pk },
        ConsistentRead: true,
      }),
    );
    const items = result.Items ?? [];
    const header = items.find((item) => item.sk === interchangeKey(tenantId, interchangeId).sk);
    const claimsItem = items.find(
      (item) => item.sk === interchangeClaimsKey(tenantId, interchangeId).sk,
    );
    if (header === undefined || claimsItem === undefined) {
      throw new InterchangeNotFoundError(interchangeId);
    }
    return toRecord(header, claimsItem);
  }

  /** Every marker of a claim (one per queued revision that ever got an interchange). */
  async markersOf(tenantId: string, claimId: string): Promise<ClaimMarker[]> {
    const items = await this.#table.queryAll(
      claimPartitionKey(tenantId, claimId),
      CLAIM_TRANSMISSION_PREFIX,
      { consistentRead: true },
    );
    return items.map((item) => ({
      claimId,
      revision: item.revision as number,
      interchangeId: item.interchangeId as string,
    }));
  }

  /**
   * Ties a claim revision to an interchange, unless it is tied to another one already (then
   * says which). Placing the same marker twice is fine (a resumed interchange).
   */
  async placeMarker(tenantId: string, marker: ClaimMarker): Promise<MarkerResult> {
    const key = claimTransmissionKey(tenantId, marker.claimId, marker.revision);
    try {
      await this.#table.documents.send(
        new PutCommand({
          TableName: this.#table.name,
          Item: { ...key, revision: marker.revision, interchangeId: marker.interchangeId },
          ConditionExpression: 'attribute_not_exists(pk) OR interchangeId = :mine',
          ExpressionAttributeValues: { ':mine': marker.interchangeId },
        }),
      );
      return { placed: true };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
    const current = await this.#table.getItem(key);
    const ownedBy: unknown = current?.interchangeId;
    // markers are never deleted, so a failed condition always leaves one to read
    if (typeof ownedBy !== 'string') throw new Error('claim marker vanished');
    return ownedBy === marker.interchangeId ? { placed: true } : { placed: false, ownedBy };
  }

  /** Moves a marker from an ABANDONED interchange to a new one (conditional on the old owner). */
  async takeOverMarker(
    tenantId: string,
    marker: ClaimMarker,
    fromInterchangeId: string,
  ): Promise<boolean> {
    return conditionHolds(() =>
      this.#table.documents.send(
        new UpdateCommand({
          TableName: this.#table.name,
          Key: claimTransmissionKey(tenantId, marker.claimId, marker.revision),
          UpdateExpression: 'SET interchangeId = :to',
          ConditionExpression: 'interchangeId = :from',
          ExpressionAttributeValues: { ':to': marker.interchangeId, ':from': fromInterchangeId },
        }),
      ),
    );
  }

  /** PENDING -> COMMITTED once every marker points here. Returns the state afterwards. */
  async commit(tenantId: string, interchangeId: string): Promise<InterchangeRecord> {
    return this.#conditionalUpdate(tenantId, interchangeId, {
      update: 'SET #state = :committed',
      condition: '#state = :pending',
      values: { ':committed': 'COMMITTED', ':pending': 'PENDING' },
    });
  }

  /**
   * Gives an interchange up. Allowed while PENDING, or COMMITTED when `send` was never called
   * and nobody holds the lease (so the file cannot be at the destination). Returns the state
   * afterwards: ABANDONED when it worked.
   */
  async abandon(
    tenantId: string,
    interchangeId: string,
    nowMs: number,
  ): Promise<InterchangeRecord> {
    return this.#conditionalUpdate(tenantId, interchangeId, {
      update: 'SET #state = :abandoned',
      condition:
        '#state = :pending OR (#state = :committed AND sendAttempts = :zero AND ' +
        '(attribute_not_exists(leaseUntil) OR leaseUntil < :now))',
      values: {
        ':abandoned': 'ABANDONED',
        ':pending': 'PENDING',
        ':committed': 'COMMITTED',
        ':zero': 0,
        ':now': nowMs,
      },
    });
  }

  /**
   * Takes the upload lease of a COMMITTED interchange when nobody holds a live one. Only the
   * lease holder uploads, so two workers never send the same file at once.
   */
  async acquireUploadLease(
    tenantId: string,
    interchangeId: string,
    owner: string,
    nowMs: number,
    untilMs: number,
  ): Promise<LeaseResult> {
    try {
      await this.#table.documents.send(
        new UpdateCommand({
          TableName: this.#table.name,
          Key: interchangeKey(tenantId, interchangeId),
          UpdateExpression: 'SET leaseOwner = :owner, leaseUntil = :until',
          ConditionExpression:
            '#state = :committed AND (attribute_not_exists(leaseUntil) OR leaseUntil < :now)',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: {
            ':owner': owner,
            ':until': untilMs,
            ':committed': 'COMMITTED',
            ':now': nowMs,
          },
        }),
      );
      return { acquired: true, record: await this.get(tenantId, interchangeId) };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      return { acquired: false, record: await this.get(tenantId, interchangeId) };
    }
  }

  /**
   * Counts a call of `send`, just before it is made, by the lease holder: from then on the file
   * may be at the destination, and the interchange can no longer be abandoned.
   */
  async recordSendAttempt(tenantId: string, interchangeId: string, owner: string): Promise<void> {
    const record = await this.#conditionalUpdate(tenantId, interchangeId, {
      update: 'ADD sendAttempts :one',
      condition: '#state = :committed AND leaseOwner = :owner',
      values: { ':one': 1, ':committed': 'COMMITTED', ':owner': owner },
    });
    if (record.leaseOwner !== owner) throw new LeaseLostError(interchangeId);
  }

  /** Gives the lease back early (the upload failed): the next attempt need not wait for it. */
  async releaseUploadLease(tenantId: string, interchangeId: string, owner: string): Promise<void> {
    await conditionHolds(() =>
      this.#table.documents.send(
        new UpdateCommand({
          TableName: this.#table.name,
          Key: interchangeKey(tenantId, interchangeId),
          UpdateExpression: 'REMOVE leaseOwner, leaseUntil',
          ConditionExpression: 'leaseOwner = :owner',
          ExpressionAttributeValues: { ':owner': owner },
        }),
      ),
    );
  }

  /** COMMITTED -> SENT by the lease holder, once the file is at the destination. */
  async markSent(
    tenantId: string,
    interchangeId: string,
    owner: string,
    sentAt: string,
  ): Promise<InterchangeRecord> {
    return this.#conditionalUpdate(tenantId, interchangeId, {
      update: 'SET #state = :sent, sentAt = :at REMOVE leaseOwner, leaseUntil',
      condition: '#state = :committed AND leaseOwner = :owner',
      values: { ':sent': 'SENT', ':at': sentAt, ':committed': 'COMMITTED', ':owner': owner },
    });
  }

  // Applies a conditional update; either way returns the record as it stands afterwards (the
  // caller decides from the state whether its move won or someone else's did).
  async #conditionalUpdate(
    tenantId: string,
    interchangeId: string,
    request: { update: string; condition: string; values: Record<string, unknown> },
  ): Promise<InterchangeRecord> {
    await conditionHolds(() =>
      this.#table.documents.send(
        new UpdateCommand({
          TableName: this.#table.name,
          Key: interchangeKey(tenantId, interchangeId),
          UpdateExpression: request.update,
          ConditionExpression: `attribute_exists(pk) AND (${request.condition})`,
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: request.values,
        }),
      ),
    );
    return this.get(tenantId, interchangeId);
  }
}

function toRecord(
  header: Record<string, unknown>,
  claimsItem: Record<string, unknown>,
): InterchangeRecord {
  const packed = claimsItem.claims;
  const pairs =
    packed instanceof Uint8Array
      ? (JSON.parse(gunzipSync(packed).toString('utf8')) as [string, number][])
      : [];
  return {
    tenantId: header.tenantId as string,
    interchangeId: header.interchangeId as string,
    connectionId: header.connectionId as string,
    kind: header.kind as ClaimKind,
    isa13: header.isa13 as string,
    gs06: header.gs06 as string,
    fileName: header.fileName as string,
    contentSha256: header.contentSha256 as string,
    archiveKey: header.archiveKey as string,
    createdAt: header.createdAt as string,
    state: header.state as InterchangeState,
    sendAttempts: (header.sendAttempts as number | undefined) ?? 0,
    ...(typeof header.leaseOwner === 'string' ? { leaseOwner: header.leaseOwner } : {}),
    ...(typeof header.leaseUntil === 'number' ? { leaseUntil: header.leaseUntil } : {}),
    ...(typeof header.sentAt === 'string' ? { sentAt: header.sentAt } : {}),
    claims: pairs.map(([claimId, revision]) => ({ claimId, revision })),
  };
}
