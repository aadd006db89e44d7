// The webhook event types (docs/ARCHITECTURE.md section 5) and how a notify-queue message maps to one.
import type { ClaimNotification } from '#shared/webhooks/claim-notification';

export const WEBHOOK_EVENT_TYPES = [
  'claim.transmitted',
  'claim.acknowledged',
  'claim.rejected',
  'claim.accepted',
  'claim.pended',
  'claim.paid',
  'claim.partially_paid',
  'claim.denied',
  'claim.reversed',
  'claim.no_response',
  'claim.transmission_failed',
  'batch.acknowledged',
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

const eventTypes: ReadonlySet<string> = new Set(WEBHOOK_EVENT_TYPES);

export function isWebhookEventType(value: string): value is WebhookEventType {
  return eventTypes.has(value);
}

/**
 * The event type a status change is published as, or undefined when no webhook exists for it
 * (claim.received, claim.queued, corrections). The message's own type wins when it names an event
 * type (claim.no_response keeps the status it had); otherwise the new status decides.
 */
export function webhookEventTypeOf(
  notification: Pick<ClaimNotification, 'type' | 'status'>,
): WebhookEventType | undefined {
  if (isWebhookEventType(notification.type)) return notification.type;
  const fromStatus = `claim.${notification.status.toLowerCase()}`;
  return isWebhookEventType(fromStatus) ? fromStatus : undefined;
}
