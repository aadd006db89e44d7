// The webhook-delivery queue: one message per (event, subscription) attempt, carrying ids and the
// attempt number only (the payload stays in the delivery item). Retries are new messages with
// DelaySeconds (at most 900, the SQS limit); a message that arrives before its due time is sent
// again with the remaining delay, so waits of hours chain through 15-minute hops and no receive
// count is spent on waiting. Parked deliveries go to the queue's dead-letter queue.
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
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

/** SQS's largest DelaySeconds. */
export const MAX_DELAY_SECONDS = 900;

export interface DeliveryQueue {
  /** sends the message, delayed until its dueAt or by 15 minutes, whichever is sooner */
  schedule(message: DeliveryMessage, now: Date): Promise<void>;
  /** the dead-letter queue: deliveries that exhausted their attempts, for a person */
  park(message: DeliveryMessage): Promise<void>;
}

export function delaySecondsUntil(dueAt: string, now: Date): number {
  const seconds = Math.ceil((Date.parse(dueAt) - now.getTime()) / 1000);
  return Math.min(MAX_DELAY_SECONDS, Math.max(0, Number.isFinite(seconds) ? seconds : 0));
}

export class SqsDeliveryQueue implements DeliveryQueue {
  readonly #sqs: SQSClient;
  readonly #queueUrl: string;
  readonly #deadLetterQueueUrl: string;

  constructor(options: { sqs: SQSClient; queueUrl: string; deadLetterQueueUrl: string }) {
    this.#sqs = options.sqs;
    this.#queueUrl = options.queueUrl;
    this.#deadLetterQueueUrl = options.deadLetterQueueUrl;
  }

  async schedule(message: DeliveryMessage, now: Date): Promise<void> {
    await this.#sqs.send(
      new SendMessageCommand({
        QueueUrl: this.#queueUrl,
        MessageBody: JSON.stringify(message),
        DelaySeconds: delaySecondsUntil(message.dueAt, now),
      }),
    );
  }

  async park(message: DeliveryMessage): Promise<void> {
    await this.#sqs.send(
      new SendMessageCommand({
        QueueUrl: this.#deadLetterQueueUrl,
        MessageBody: JSON.stringify(message),
      }),
    );
  }
}
