// The notify-queue message of an uploaded batch whose 999 was produced (batch.acknowledged): ids,
// counts and the 999's verdicts, never claim data (DESIGN section 5). Its id is the batch id, the
// same on every re-send, so the notifier creates one delivery per subscription however often a
// resumed upload publishes it.
import * as z from 'zod/mini';
import type {
  BatchAcknowledgment,
  BatchCounts,
  BatchRecord,
  BatchStatus,
} from '#shared/storage/batch-repository';

export const BATCH_NOTIFICATION_KIND = 'batch';

export interface BatchNotification {
  readonly kind: typeof BATCH_NOTIFICATION_KIND;
  /** `<batchId>:acknowledged` */
  readonly id: string;
  readonly type: 'batch.acknowledged';
  readonly tenantId: string;
  readonly batchId: string;
  /** when the 999 was produced */
  readonly at: string;
  readonly status: Exclude<BatchStatus, 'RECEIVED'>;
  readonly acknowledgment: Pick<
    BatchAcknowledgment,
    'verdict' | 'groups' | 'interchangeControlNumbers'
  >;
  readonly counts: BatchCounts;
}

export function batchNotificationOf(
  batch: Pick<BatchRecord, 'tenantId' | 'batchId'>,
  status: Exclude<BatchStatus, 'RECEIVED'>,
  acknowledgment: BatchAcknowledgment,
  counts: BatchCounts,
): BatchNotification {
  return {
    kind: BATCH_NOTIFICATION_KIND,
    id: `${batch.batchId}:acknowledged`,
    type: 'batch.acknowledged',
    tenantId: batch.tenantId,
    batchId: batch.batchId,
    at: acknowledgment.producedAt,
    status,
    acknowledgment: {
      verdict: acknowledgment.verdict,
      groups: acknowledgment.groups,
      interchangeControlNumbers: acknowledgment.interchangeControlNumbers,
    },
    counts,
  };
}

const count = z.number().check(z.int(), z.nonnegative());
const verdict = z.enum(['A', 'E', 'P', 'R']);
const tally = z.object({ received: count, accepted: count, rejected: count });

const batchNotificationSchema = z.object({
  kind: z.literal(BATCH_NOTIFICATION_KIND),
  id: z.string().check(z.minLength(1)),
  type: z.literal('batch.acknowledged'),
  tenantId: z.string().check(z.minLength(1)),
  batchId: z.string().check(z.minLength(1)),
  at: z.string().check(z.minLength(1)),
  status: z.enum(['ACCEPTED', 'PARTIALLY_ACCEPTED', 'REJECTED']),
  acknowledgment: z.object({
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
  counts: z.object({ transactionSets: tally, claims: tally }),
});

/** A batch notification, or undefined when the body is something else. */
export function parseBatchNotification(body: unknown): BatchNotification | undefined {
  const parsed = batchNotificationSchema.safeParse(body);
  return parsed.success ? parsed.data : undefined;
}
