// The webhook-delivery queue and its dead-letter queue: one message per (event, subscription)
// attempt, delayed until its due time or by 15 minutes, whichever is sooner (the message and the
// retry schedule are the notifier's, shared/webhooks/delivery-queue.ts).
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { DeliveryMessage, DeliveryQueue } from '#shared/webhooks/delivery-queue';

/** SQS's largest DelaySeconds. */
export const MAX_DELAY_SECONDS = 900;

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
