// Uploaded 837 batches in DynamoDB (key design in README.md):
// - the batch item: status, counts, the 999's verdicts, the TA1's and archive keys; written before the file
//   is parsed (RECEIVED, with a lease held by the request that processes it), then once more when
//   the 999 is produced (ACCEPTED, PARTIALLY_ACCEPTED or REJECTED);
// - its claims in pages of CLAIMS_PER_PAGE, file order, each written once (gzip JSON): outcome,
//   claim id, patient control number and, for refused claims, every error.
import { gzipSync, gunzipSync } from 'node:zlib';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ClaimStatus } from '#shared/domain/lifecycle/claim-status';
import type { GroupAcknowledgment } from '#shared/x12/parse-999';
import type { ClaimKind } from '#shared/domain/claims/claim-record';
import { batchClaimPageKey, batchKey } from './keys.ts';
import { SingleTable, type TableOptions } from './single-table.ts';
import { conditionHolds } from './conditional-write.ts';

/** RECEIVED until the 999 is produced; then the 999's verdict over the whole file. */
export type BatchStatus = 'RECEIVED' | 'ACCEPTED' | 'PARTIALLY_ACCEPTED' | 'REJECTED';

/** 999 AK901 verdicts (we produce A, E, P and R). */
export type Verdict = GroupAcknowledgment;

export interface Tally {
  readonly received: number;
  readonly accepted: number;
  readonly rejected: number;
}

export interface BatchCounts {
  readonly transactionSets: Tally;
  readonly claims: Tally;
}

/** Why a whole file was refused: a code and, for X12 defects, where (never a value). */
export interface BatchProblem {
  readonly code: string;
  readonly message: string;
  /** 1-based ordinal of the segment in the file */
  readonly segment?: number;
  readonly segmentId?: string;
  /** element position, 0 for the whole segment */
  readonly position?: number;
}

export interface BatchAcknowledgment {
  /** A, E, P or R over every group of the file (as AK9 would be for one group) */
  readonly verdict: Verdict;
  /** AK9 of each acknowledged group (GS06 of the submitter's group) */
  readonly groups: readonly {
    readonly controlNumber: string;
    readonly acknowledgment: Verdict;
    readonly included: number;
    readonly accepted: number;
  }[];
  /** archive key of the 999 we produced */
  readonly rawFileKey: string;
  /** ISA13 of each 999 interchange */
  readonly interchangeControlNumbers: readonly string[];
  readonly producedAt: string;
}

/** The TA1 we answered an interchange with (R for a refused envelope, A when ISA14 asked). */
export interface BatchTa1 {
  /** one TA1 per answered interchange, in file order */
  readonly interchanges: readonly {
    /** TA101: ISA13 of the submitter's interchange */
    readonly acknowledgedControlNumber: string;
    /** TA104 */
    readonly acknowledgment: 'A' | 'E' | 'R';
    /** TA105 (000 no error) */
    readonly noteCode: string;
    /** ISA13 of our TA1 interchange */
    readonly interchangeControlNumber: string;
  }[];
  /** archive key of the TA1 file we produced */
  readonly rawFileKey: string;
  readonly producedAt: string;
}

export interface BatchRecord {
  readonly tenantId: string;
  readonly batchId: string;
  readonly status: BatchStatus;
  readonly contentSha256: string;
  readonly sizeBytes: number;
  /** archive key of the uploaded file */
  readonly rawFileKey: string;
  readonly receivedAt: string;
  readonly updatedAt: string;
  /** how many requests started processing it (above 1: one resumed after a crash or timeout) */
  readonly attempts: number;
  /** while RECEIVED: the processing request's lease; another request waits until it ends */
  readonly leaseUntil?: string;
  readonly requestId?: string;
  readonly counts?: BatchCounts;
  readonly acknowledgment?: BatchAcknowledgment;
  readonly problem?: BatchProblem;
  readonly ta1?: BatchTa1;
  /** claim pages written (claims / CLAIMS_PER_PAGE, rounded up) */
  readonly pages?: number;
}

export interface BatchClaimError {
  readonly path: string;
  readonly code: string;
  readonly message: string;
}

/** One claim of an uploaded file. */
export interface BatchClaimEntry {
  /** 1-based position of the claim in the file */
  readonly seq: number;
  /** ST02 of its transaction set */
  readonly transactionSetControlNumber: string;
  /** the CLM's position in its set (ST = 1), as the 999's IK302 counts */
  readonly segmentPosition: number | null;
  readonly kind: ClaimKind | null;
  readonly patientControlNumber: string;
  readonly outcome: 'ACCEPTED' | 'REJECTED';
  readonly claimId?: string;
  /** the claim's status when intake stored it (RECEIVED or QUEUED) */
  readonly status?: ClaimStatus;
  readonly errors?: readonly BatchClaimError[];
}

/** Claims per page item: a page of refused claims with every error stays far below 400 KB. */
export const CLAIMS_PER_PAGE = 100;

const FINAL_FIELDS = ['counts', 'acknowledgment', 'problem', 'ta1', 'pages'] as const;

export class BatchRepository {
  readonly #table: SingleTable;

  constructor(options: TableOptions) {
    this.#table = new SingleTable(options);
  }

  async get(tenantId: string, batchId: string): Promise<BatchRecord | undefined> {
    const item = await this.#table.getItem(batchKey(tenantId, batchId));
    return item === undefined ? undefined : toBatchRecord(item);
  }

  /** Stores a new batch (RECEIVED, leased); false when the batch exists already. */
  async create(record: BatchRecord): Promise<boolean> {
    return this.#table.putNew({
      ...batchKey(record.tenantId, record.batchId),
      entity: 'batch',
      ...record,
    });
  }

  /**
   * Takes over a RECEIVED batch whose lease has run out (its request died or timed out): false
   * when another request took it first or it was finished meanwhile.
   */
  async takeOver(
    batch: BatchRecord,
    leaseUntil: Date,
    now: Date,
    requestId: string | undefined,
  ): Promise<boolean> {
    return conditionHolds(() =>
      this.#table.documents.send(
        new UpdateCommand({
          TableName: this.#table.name,
          Key: batchKey(batch.tenantId, batch.batchId),
          UpdateExpression:
            'SET leaseUntil = :lease, updatedAt = :now, attempts = attempts + :one' +
            (requestId === undefined ? '' : ', requestId = :request'),
          ConditionExpression: '#status = :received AND leaseUntil = :previous',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':lease': leaseUntil.toISOString(),
            ':now': now.toISOString(),
            ':one': 1,
            ':received': 'RECEIVED',
            ':previous': batch.leaseUntil ?? '',
            ...(requestId === undefined ? {} : { ':request': requestId }),
          },
        }),
      ),
    );
  }

  /** Writes one page of claims (the same page again on a resumed batch: same content). */
  async putClaimPage(
    tenantId: string,
    batchId: string,
    page: number,
    entries: readonly BatchClaimEntry[],
  ): Promise<void> {
    await this.#table.documents.send(
      new PutCommand({
        TableName: this.#table.name,
        Item: {
          ...batchClaimPageKey(tenantId, batchId, page),
          entity: 'batch-claims',
          claims: gzipSync(JSON.stringify(entries)),
        },
      }),
    );
  }

  async getClaimPage(
    tenantId: string,
    batchId: string,
    page: number,
  ): Promise<BatchClaimEntry[] | undefined> {
    const result = await this.#table.documents.send(
      new GetCommand({
        TableName: this.#table.name,
        Key: batchClaimPageKey(tenantId, batchId, page),
      }),
    );
    const claims: unknown = result.Item?.claims;
    if (!(claims instanceof Uint8Array)) return undefined;
    return JSON.parse(gunzipSync(claims).toString('utf8')) as BatchClaimEntry[];
  }

  /** Gives up a lease at once (the request failed), so a retry need not wait for it to run out. */
  async release(batch: BatchRecord, lease: string, now: Date): Promise<void> {
    // finished or taken over meanwhile: nothing to give up
    await conditionHolds(() =>
      this.#table.documents.send(
        new UpdateCommand({
          TableName: this.#table.name,
          Key: batchKey(batch.tenantId, batch.batchId),
          UpdateExpression: 'SET leaseUntil = :now',
          ConditionExpression: '#status = :received AND leaseUntil = :lease',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':now': now.toISOString(),
            ':received': 'RECEIVED',
            ':lease': lease,
          },
        }),
      ),
    );
  }

  /**
   * The batch's final state, written once: false when it is final already (a twin request
   * finished it first; its state stands).
   */
  async finish(
    tenantId: string,
    batchId: string,
    final: {
      readonly status: Exclude<BatchStatus, 'RECEIVED'>;
      readonly counts?: BatchCounts;
      readonly acknowledgment?: BatchAcknowledgment;
      readonly problem?: BatchProblem;
      readonly ta1?: BatchTa1;
      readonly pages?: number;
    },
    now: Date,
  ): Promise<boolean> {
    const present = FINAL_FIELDS.filter((field) => final[field] !== undefined);
    return conditionHolds(() =>
      this.#table.documents.send(
        new UpdateCommand({
          TableName: this.#table.name,
          Key: batchKey(tenantId, batchId),
          UpdateExpression:
            'SET #status = :status, updatedAt = :now' +
            present.map((field) => `, ${field} = :${field}`).join('') +
            ' REMOVE leaseUntil',
          ConditionExpression: '#status = :received',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':status': final.status,
            ':now': now.toISOString(),
            ':received': 'RECEIVED',
            ...Object.fromEntries(present.map((field) => [`:${field}`, final[field]])),
          },
        }),
      ),
    );
  }
}

function toBatchRecord(item: Record<string, unknown>): BatchRecord {
  const { pk: _pk, sk: _sk, entity: _entity, ...rest } = item;
  return rest as unknown as BatchRecord;
}
