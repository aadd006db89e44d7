// The webhook-delivery queue: one message per (event, subscription) attempt, carrying ids and the
// attempt number only (the payload stays in the delivery item). Retries are new messages with
// DelaySeconds (at most 900, the SQS limit); a message that arrives before its due time is sent
// again with the remaining delay, so waits of hours chain through 15-minute hops and no receive
// count is spent on waiting. Parked deliveries go to the queue's dead-letter queue. The SQS queue,
// and the delay it can take, is shared/storage/sqs/webhook-delivery-queue.ts.
import * as z from 'zod/mini';

export const DELIVERY_MESSAGE_KIND = 'webhook.delivery';

export interface DeliveryMessage {
  readonly kind: typeof DELIVERY_MESSAGE_KIND;
  readonly tenantId: string;
  readonly webhookId: string;
  readonly eventAt: string;
  readonly notificationId: string;
  /** the attempt this message is for, from 1 */
  readonly attempt: number;
  /** ISO time before which the attempt must not be made */
  readonly dueAt: string;
}

const deliveryMessageSchema = z.object({
  kind: z.literal(DELIVERY_MESSAGE_KIND),
  tenantId: z.string().check(z.minLength(1)),
  webhookId: z.string().check(z.minLength(1)),
  eventAt: z.string().check(z.minLength(1)),
  notificationId: z.string().check(z.minLength(1)),
  attempt: z.number().check(z.int(), z.positive()),
  dueAt: z.string().check(z.minLength(1)),
});

/** A delivery message, or undefined when the body is something else. */
export function parseDeliveryMessage(body: unknown): DeliveryMessage | undefined {
  const parsed = deliveryMessageSchema.safeParse(body);
  return parsed.success ? parsed.data : undefined;
}

export interface DeliveryQueue {
  /** sends the message, delayed until its dueAt or by 15 minutes, whichever is sooner */
  schedule(message: DeliveryMessage, now: Date): Promise<void>;
  /** the dead-letter queue: deliveries that exhausted their attempts, for a person */
  park(message: DeliveryMessage): Promise<void>;
}
