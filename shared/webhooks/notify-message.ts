// One message of the notify function's two queues, which tell which they are by shape: a webhook
// delivery attempt (the webhook-delivery queue), or a batch or claim notification (the notify
// queue) fanned out into deliveries. A retry of a delivery is a new delayed message, so only an
// unreadable message or an unexpected error fails the message.
import * as z from 'zod/mini';
import type { ClaimNotification } from '#shared/webhooks/claim-notification';
import { logger } from '#shared/observability/logger';
import { parseBatchNotification } from './batch-notification.ts';
import { parseDeliveryMessage } from './delivery-queue.ts';
import {
  attemptDelivery,
  fanOut,
  fanOutBatch,
  type NotifierDependencies,
  type SubscriptionCache,
} from './notifier.ts';

const notificationSchema = z.object({
  id: z.string().check(z.minLength(1)),
  type: z.string(),
  tenantId: z.string().check(z.minLength(1)),
  claimId: z.string().check(z.minLength(1)),
  status: z.string().check(z.minLength(1)),
  previousStatus: z.nullable(z.string()),
  at: z.string().check(z.minLength(1)),
  source: z.string(),
  codes: z.array(z.object({ type: z.string(), code: z.string(), group: z.optional(z.string()) })),
});

export class UnreadableMessageError extends Error {
  constructor() {
    super('notify message is neither a claim or batch notification nor a webhook delivery');
    this.name = 'UnreadableMessageError';
  }
}

/** Handles one message; `cache` spares a subscription read per tenant within a batch. */
export async function handleNotifyMessage(
  dependencies: NotifierDependencies,
  message: { readonly messageId: string; readonly body: string },
  cache: SubscriptionCache,
): Promise<void> {
  let body: unknown;
  try {
    body = JSON.parse(message.body);
  } catch {
    body = undefined;
  }
  const delivery = parseDeliveryMessage(body);
  if (delivery !== undefined) {
    const outcome = await attemptDelivery(dependencies, delivery);
    // ids and outcome only: never the URL, the payload or the receiver's answer
    logger.info('webhook attempt', {
      tenantId: delivery.tenantId,
      webhookId: delivery.webhookId,
      attempt: delivery.attempt,
      outcome,
    });
    return;
  }
  const batch = parseBatchNotification(body);
  if (batch !== undefined) {
    const queued = await fanOutBatch(dependencies, batch, cache);
    logger.info('webhook fan-out', {
      tenantId: batch.tenantId,
      batchId: batch.batchId,
      deliveries: queued,
    });
    return;
  }
  const notification = notificationSchema.safeParse(body);
  if (!notification.success) {
    logger.warn('unreadable notify message', { messageId: message.messageId });
    throw new UnreadableMessageError();
  }
  // the schema checked the shape; statuses are the claim's own, passed through as they are
  const queued = await fanOut(dependencies, notification.data as ClaimNotification, cache);
  logger.info('webhook fan-out', {
    tenantId: notification.data.tenantId,
    claimId: notification.data.claimId,
    deliveries: queued,
  });
}
