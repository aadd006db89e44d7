// The notify-queue message of an uploaded batch once it is answered (batch.acknowledged): ids,
// counts, the 999's verdicts or, for a file refused whole, the problem's code and location and
// the TA1's verdicts; never claim data nor an element value (docs/ARCHITECTURE.md section 5). Its id is the
// batch id, the same on every re-send, so the notifier creates one delivery per subscription
// however often a resumed upload publishes it.
import * as z from 'zod/mini';
import type {
  BatchAcknowledgment,
  BatchCounts,
  BatchProblem,
  BatchRecord,
  BatchStatus,
  BatchTa1,
} from '#shared/storage/dynamodb/batch-repository';

export const BATCH_NOTIFICATION_KIND = 'batch';

export interface BatchNotification {
  readonly kind: typeof BATCH_NOTIFICATION_KIND;
  /** `<batchId>:acknowledged` */
  readonly id: string;
  readonly type: 'batch.acknowledged';
  readonly tenantId: string;
  readonly batchId: string;
  /** when the 999 (or, for a refused file, the TA1 or the refusal) was produced */
  readonly at: string;
  readonly status: Exclude<BatchStatus, 'RECEIVED'>;
  /** the 999's verdicts; absent when the file was refused whole */
  readonly acknowledgment?: Pick<
    BatchAcknowledgment,
    'verdict' | 'groups' | 'interchangeControlNumbers'
  >;
  readonly counts: BatchCounts;
  /** why the file was refused whole: code and location only (messages stay out) */
  readonly problem?: Pick<BatchProblem, 'code' | 'segment' | 'segmentId' | 'position'>;
  /** the TA1's verdicts, when we answered with one */
  readonly ta1?: Pick<BatchTa1, 'interchanges'>;
}

/** What a batch ended with: the 999 of a judged file, or the problem of a refused one. */
export interface BatchOutcome {
  readonly status: Exclude<BatchStatus, 'RECEIVED'>;
  readonly counts: BatchCounts;
  /** when it was answered */
  readonly at: string;
  readonly acknowledgment?: BatchAcknowledgment;
  readonly problem?: BatchProblem;
  readonly ta1?: BatchTa1;
}

export function batchNotificationOf(
  batch: Pick<BatchRecord, 'tenantId' | 'batchId'>,
  outcome: BatchOutcome,
): BatchNotification {
  const { acknowledgment, problem, ta1 } = outcome;
  return {
    kind: BATCH_NOTIFICATION_KIND,
    id: `${batch.batchId}:acknowledged`,
    type: 'batch.acknowledged',
    tenantId: batch.tenantId,
    batchId: batch.batchId,
    at: outcome.at,
    status: outcome.status,
    ...(acknowledgment
      ? {
          acknowledgment: {
            verdict: acknowledgment.verdict,
            groups: acknowledgment.groups.map((group) => ({
              controlNumber: group.controlNumber,
              acknowledgment: group.acknowledgment,
              included: group.included,
              accepted: group.accepted,
            })),
            interchangeControlNumbers: [...acknowledgment.interchangeControlNumbers],
          },
        }
      : {}),
    counts: {
      transactionSets: tally(outcome.counts.transactionSets),
      claims: tally(outcome.counts.claims),
    },
    ...(problem
      ? {
          problem: {
            code: problem.code,
            ...(problem.segment === undefined ? {} : { segment: problem.segment }),
            ...(problem.segmentId === undefined ? {} : { segmentId: problem.segmentId }),
            ...(problem.position === undefined ? {} : { position: problem.position }),
          },
        }
      : {}),
    ...(ta1
      ? {
          ta1: {
            interchanges: ta1.interchanges.map((answer) => ({
              acknowledgedControlNumber: answer.acknowledgedControlNumber,
              acknowledgment: answer.acknowledgment,
              noteCode: answer.noteCode,
              interchangeControlNumber: answer.interchangeControlNumber,
            })),
          },
        }
      : {}),
  };
}

/** Only the three counts (a record may carry more fields). */
function tally(counts: BatchCounts['claims']): BatchCounts['claims'] {
  return { received: counts.received, accepted: counts.accepted, rejected: counts.rejected };
}

const count = z.number().check(z.int(), z.nonnegative());
const verdict = z.enum(['A', 'E', 'P', 'R']);
const tallySchema = z.object({ received: count, accepted: count, rejected: count });

const batchNotificationSchema = z.object({
  kind: z.literal(BATCH_NOTIFICATION_KIND),
  id: z.string().check(z.minLength(1)),
  type: z.literal('batch.acknowledged'),
  tenantId: z.string().check(z.minLength(1)),
  batchId: z.string().check(z.minLength(1)),
  at: z.string().check(z.minLength(1)),
  status: z.enum(['ACCEPTED', 'PARTIALLY_ACCEPTED', 'REJECTED']),
  acknowledgment: z.optional(
    z.object({
      verdict,
      groups: z.array(
        z.object({
          controlNumber: z.string(),
          acknowledgment: verdict,
          included: count,
          accepted: count,
        }),
      ),
      interchangeControlNumbers: z.array(z.string()),
    }),
  ),
  counts: z.object({ transactionSets: tallySchema, claims: tallySchema }),
  problem: z.optional(
    z.object({
      code: z.string().check(z.minLength(1)),
      segment: z.optional(count),
      segmentId: z.optional(z.string()),
      position: z.optional(count),
    }),
  ),
  ta1: z.optional(
    z.object({
      interchanges: z.array(
        z.object({
          acknowledgedControlNumber: z.string(),
          acknowledgment: z.enum(['A', 'E', 'R']),
          noteCode: z.string(),
          interchangeControlNumber: z.string(),
        }),
      ),
    }),
  ),
});

/** A batch notification, or undefined when the body is something else. */
export function parseBatchNotification(body: unknown): BatchNotification | undefined {
  const parsed = batchNotificationSchema.safeParse(body);
  return parsed.success ? parsed.data : undefined;
}
