// The webhook notifier: turns claim status changes and acknowledged batches (notify queue) into
// deliveries, one per subscription that wants the event, and makes each delivery attempt
// (webhook-delivery queue).
//
// - fanOut / fanOutBatch: find the tenant's subscriptions for the event type, writes one delivery item each
//   (keyed by the notify message id: a re-sent message lands on the same item) and queues its
//   first attempt. No HTTP here, so a slow receiver never holds up the notify queue.
// - attemptDelivery: one signed POST (Standard Webhooks); 2xx delivered; 410 disables the
//   subscription; anything else is retried on the schedule of retry-schedule.ts by sending a new,
//   delayed message (never by failing the SQS message, which would spend its receive count); the
//   last failure parks the delivery in the dead-letter queue and marks it failed.
import { createHash } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import type { ClaimNotification } from '#shared/webhooks/claim-notification';
import {
  ClaimNotFoundError,
  type ClaimRepository,
} from '#shared/storage/dynamodb/claim-repository';
import {
  DELIVERY_MESSAGE_KIND,
  type DeliveryMessage,
  type DeliveryQueue,
} from './delivery-queue.ts';
import type { BatchNotification } from './batch-notification.ts';
import { webhookEventTypeOf, type WebhookEventType } from './event-types.ts';
import { buildBatchPayload, buildPayload } from './payload.ts';
import { postWebhook, type AttemptResult, type PostOptions } from './post-webhook.ts';
import { DEFAULT_RETRY_DELAYS_SECONDS, retryDelaySeconds } from './retry-schedule.ts';
import type { Resolver, WebhookStage } from './url-policy.ts';
import type {
  DeliveryAttempt,
  WebhookRepository,
  WebhookSubscription,
} from '../storage/dynamodb/webhook-repository.ts';

export interface NotifierDependencies {
  readonly webhooks: WebhookRepository;
  readonly claims: Pick<ClaimRepository, 'get'>;
  readonly queue: DeliveryQueue;
  readonly now: () => Date;
  readonly stage: WebhookStage;
  /** delays between attempts; the tests shorten them */
  readonly retryDelaysSeconds?: readonly number[];
  readonly timeoutMs?: number;
  readonly resolve?: Resolver;
  /** the HTTP attempt (tests may observe it) */
  readonly post?: (options: PostOptions) => Promise<AttemptResult>;
}

/** The webhook-id of an event's delivery to a subscription: the same on every attempt. */
export function deliveryIdOf(notificationId: string, webhookId: string): string {
  const digest = createHash('sha256').update(`${notificationId}\n${webhookId}`).digest('hex');
  return `msg_${digest.slice(0, 32)}`;
}

export type SubscriptionCache = Map<string, Promise<WebhookSubscription[]>>;

/** Creates and queues the deliveries of one status change; returns how many it queued. */
export async function fanOut(
  dependencies: NotifierDependencies,
  notification: ClaimNotification,
  cache: SubscriptionCache = new Map(),
): Promise<number> {
  const type = webhookEventTypeOf(notification);
  if (type === undefined) return 0;
  return await fanOutEvent(
    dependencies,
    { ...notification, type, subject: { claimId: notification.claimId } },
    async () => {
      const claim = await dependencies.claims
        .get(notification.tenantId, notification.claimId)
        .catch((error: unknown) => {
          // the payload then carries what the message has; a missing claim is no reason to stop
          if (error instanceof ClaimNotFoundError) return undefined;
          throw error;
        });
      return JSON.stringify(buildPayload(type, notification, claim));
    },
    cache,
  );
}

/** Creates and queues the deliveries of an acknowledged batch; returns how many it queued. */
export async function fanOutBatch(
  dependencies: NotifierDependencies,
  notification: BatchNotification,
  cache: SubscriptionCache = new Map(),
): Promise<number> {
  return await fanOutEvent(
    dependencies,
    { ...notification, subject: { batchId: notification.batchId } },
    () => Promise.resolve(JSON.stringify(buildBatchPayload(notification))),
    cache,
  );
}

/** One delivery item per enabled subscription that wants the event, and its first attempt. */
async function fanOutEvent(
  dependencies: NotifierDependencies,
  event: {
    readonly id: string;
    readonly tenantId: string;
    readonly type: WebhookEventType;
    readonly at: string;
    /** what the event is about, kept on the delivery for the log */
    readonly subject: { readonly claimId: string } | { readonly batchId: string };
  },
  payloadOf: () => Promise<string>,
  cache: SubscriptionCache,
): Promise<number> {
  let subscriptions = cache.get(event.tenantId);
  if (subscriptions === undefined) {
    subscriptions = dependencies.webhooks.listSubscriptions(event.tenantId);
    cache.set(event.tenantId, subscriptions);
  }
  const wanted = (await subscriptions).filter(
    (subscription) => subscription.enabled && subscription.events.includes(event.type),
  );
  if (wanted.length === 0) return 0;
  const payload = await payloadOf();
  const now = dependencies.now();
  let queued = 0;
  for (const subscription of wanted) {
    const delivery = {
      tenantId: event.tenantId,
      webhookId: subscription.webhookId,
      deliveryId: deliveryIdOf(event.id, subscription.webhookId),
      notificationId: event.id,
      eventType: event.type,
      eventAt: event.at,
      ...event.subject,
      state: 'pending' as const,
      attempts: 0,
      nextAttemptAt: now.toISOString(),
      payload,
      log: [],
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
    };
    const result = await dependencies.webhooks.createDelivery(delivery);
    // a re-sent message whose first attempt never ran queues it again (attempts are idempotent)
    const again =
      !result.created && result.existing.state === 'pending' && result.existing.attempts === 0;
    if (!result.created && !again) continue;
    await dependencies.queue.schedule(
      {
        kind: DELIVERY_MESSAGE_KIND,
        tenantId: delivery.tenantId,
        webhookId: delivery.webhookId,
        eventAt: delivery.eventAt,
        notificationId: delivery.notificationId,
        attempt: 1,
        dueAt: now.toISOString(),
      },
      now,
    );
    queued++;
  }
  return queued;
}

export type AttemptOutcome =
  'delivered' | 'retry' | 'parked' | 'disabled' | 'cancelled' | 'rescheduled' | 'stale';

/** How early a message may arrive and still be attempted (SQS delays are whole seconds). */
const DUE_TOLERANCE_MS = 1_000;

/** One attempt of one delivery (or a re-delay when its time has not come yet). */
export async function attemptDelivery(
  dependencies: NotifierDependencies,
  message: DeliveryMessage,
): Promise<AttemptOutcome> {
  const received = dependencies.now();
  if (Date.parse(message.dueAt) - received.getTime() > DUE_TOLERANCE_MS) {
    await dependencies.queue.schedule(message, received);
    return 'rescheduled';
  }
  const { webhooks } = dependencies;
  const delivery = await webhooks.getDelivery(
    message.tenantId,
    message.webhookId,
    message.eventAt,
    message.notificationId,
  );
  // done already, or a duplicate of an attempt another message made
  if (delivery?.state !== 'pending' || delivery.attempts !== message.attempt - 1) return 'stale';
  const subscription = await webhooks.getSubscription(message.tenantId, message.webhookId);
  if (subscription === undefined || !subscription.enabled) {
    await webhooks.cancelDelivery(delivery, delivery.attempts, received);
    return 'cancelled';
  }

  const attemptAt = dependencies.now();
  const signature = new Webhook(subscription.secret).sign(
    delivery.deliveryId,
    attemptAt,
    delivery.payload,
  );
  const result = await (dependencies.post ?? postWebhook)({
    url: subscription.url,
    headers: {
      'webhook-id': delivery.deliveryId,
      'webhook-timestamp': String(Math.floor(attemptAt.getTime() / 1000)),
      'webhook-signature': signature,
    },
    body: delivery.payload,
    stage: dependencies.stage,
    ...(dependencies.timeoutMs !== undefined ? { timeoutMs: dependencies.timeoutMs } : {}),
    ...(dependencies.resolve ? { resolve: dependencies.resolve } : {}),
  });
  const finished = dependencies.now();
  const entry: DeliveryAttempt = {
    attempt: message.attempt,
    at: attemptAt.toISOString(),
    ...(result.statusCode !== undefined ? { statusCode: result.statusCode } : {}),
    ...(result.error !== undefined ? { error: result.error } : {}),
    durationMs: result.durationMs,
  };

  if (result.ok) {
    await webhooks.recordAttempt(delivery, { entry, state: 'delivered', now: finished });
    return 'delivered';
  }
  if (result.statusCode === 410) {
    // 410 Gone: the receiver asks us to stop (Standard Webhooks); no retries, no more events
    await webhooks.disableSubscription(
      message.tenantId,
      message.webhookId,
      'the receiver answered 410 Gone',
      finished,
    );
    await webhooks.recordAttempt(delivery, {
      entry: { ...entry, error: 'HTTP 410: subscription disabled' },
      state: 'failed',
      now: finished,
    });
    return 'disabled';
  }
  const delay = retryDelaySeconds(
    message.attempt,
    dependencies.retryDelaysSeconds ?? DEFAULT_RETRY_DELAYS_SECONDS,
  );
  if (delay === undefined) {
    await dependencies.queue.park(message);
    await webhooks.recordAttempt(delivery, { entry, state: 'failed', now: finished });
    return 'parked';
  }
  const dueAt = new Date(finished.getTime() + delay * 1000).toISOString();
  // the next message first: a crash before the record is written repeats this attempt rather
  // than losing the chain (the attempt-count condition keeps the record right either way)
  await dependencies.queue.schedule({ ...message, attempt: message.attempt + 1, dueAt }, finished);
  await webhooks.recordAttempt(delivery, {
    entry,
    state: 'pending',
    nextAttemptAt: dueAt,
    now: finished,
  });
  return 'retry';
}
