// Webhook subscriptions and their delivery log, in the single table (keys in shared/storage/dynamodb/keys.ts).
// A subscription holds its signing secret (the table is encrypted with the customer key); reads
// for the API drop it, only the notifier reads it back. Delivery items hold the exact payload, so
// every retry sends the same bytes, plus one log line per attempt.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  webhookDeliveryKey,
  webhookDeliveryPartition,
  webhookDeliverySortPrefix,
  webhookSubscriptionKey,
  webhookSubscriptionsPartition,
  webhookSubscriptionSortPrefix,
} from './keys.ts';
import { SingleTable, type TableOptions } from './single-table.ts';
import type { WebhookEventType } from '#shared/webhooks/event-types';
import { conditionHolds } from './conditional-write.ts';

export interface WebhookSubscription {
  readonly tenantId: string;
  readonly webhookId: string;
  readonly url: string;
  readonly events: readonly WebhookEventType[];
  /** whsec_<base64>: Standard Webhooks signing secret */
  readonly secret: string;
  readonly enabled: boolean;
  /** why it was disabled (the receiver answered 410 Gone) */
  readonly disabledReason?: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export type DeliveryState = 'pending' | 'delivered' | 'failed' | 'cancelled';

export interface DeliveryAttempt {
  readonly attempt: number;
  readonly at: string;
  readonly statusCode?: number;
  /** fixed words (timeout, HTTP 500, refused: private address ...), never an answer body */
  readonly error?: string;
  readonly durationMs: number;
}

export interface WebhookDelivery {
  readonly tenantId: string;
  readonly webhookId: string;
  /** the webhook-id header: the same for every attempt */
  readonly deliveryId: string;
  readonly notificationId: string;
  readonly eventType: WebhookEventType;
  readonly eventAt: string;
  readonly claimId?: string;
  /** batch.acknowledged: the batch */
  readonly batchId?: string;
  readonly state: DeliveryState;
  readonly attempts: number;
  readonly nextAttemptAt?: string;
  /** the JSON body sent on every attempt */
  readonly payload: string;
  readonly log: readonly DeliveryAttempt[];
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** Delivery items expire 30 days after the event (the log is for operations, not the audit). */
const DELIVERY_TTL_SECONDS = 30 * 24 * 60 * 60;

export interface DeliveryPage {
  readonly items: readonly WebhookDelivery[];
  /** the sort key to continue after */
  readonly after?: string;
}

export class WebhookRepository {
  readonly #table: SingleTable;

  constructor(options: TableOptions) {
    this.#table = new SingleTable(options);
  }

  async createSubscription(subscription: WebhookSubscription): Promise<void> {
    await this.#table.documents.send(
      new PutCommand({
        TableName: this.#table.name,
        Item: {
          ...webhookSubscriptionKey(subscription.tenantId, subscription.webhookId),
          entity: 'webhook-subscription',
          ...subscription,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async getSubscription(
    tenantId: string,
    webhookId: string,
  ): Promise<WebhookSubscription | undefined> {
    const item = await this.#table.getItem(webhookSubscriptionKey(tenantId, webhookId));
    return item === undefined ? undefined : toSubscription(item);
  }

  /** Every subscription of the tenant (a few; one small partition). */
  async listSubscriptions(tenantId: string): Promise<WebhookSubscription[]> {
    const items = await this.#table.queryAll(
      webhookSubscriptionsPartition(tenantId),
      webhookSubscriptionSortPrefix,
    );
    return items.map(toSubscription).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  /** Deletes a subscription; false when the tenant has none of that id. */
  async deleteSubscription(tenantId: string, webhookId: string): Promise<boolean> {
    const result = await this.#table.documents.send(
      new DeleteCommand({
        TableName: this.#table.name,
        Key: webhookSubscriptionKey(tenantId, webhookId),
        ReturnValues: 'ALL_OLD',
      }),
    );
    return result.Attributes !== undefined;
  }

  async disableSubscription(
    tenantId: string,
    webhookId: string,
    reason: string,
    now: Date,
  ): Promise<void> {
    // deleted meanwhile: nothing left to disable
    await conditionHolds(() =>
      this.#table.documents.send(
        new UpdateCommand({
          TableName: this.#table.name,
          Key: webhookSubscriptionKey(tenantId, webhookId),
          UpdateExpression: 'SET enabled = :false, disabledReason = :reason, updatedAt = :now',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: {
            ':false': false,
            ':reason': reason,
            ':now': now.toISOString(),
          },
        }),
      ),
    );
  }

  /** Creates the delivery item; an existing one (a re-sent notify message) is returned instead. */
  async createDelivery(
    delivery: WebhookDelivery,
  ): Promise<{ created: true } | { created: false; existing: WebhookDelivery }> {
    const key = webhookDeliveryKey(
      delivery.tenantId,
      delivery.webhookId,
      delivery.eventAt,
      delivery.notificationId,
    );
    try {
      await this.#table.documents.send(
        new PutCommand({
          TableName: this.#table.name,
          Item: {
            ...key,
            entity: 'webhook-delivery',
            ...delivery,
            expiresAt: Math.floor(Date.parse(delivery.createdAt) / 1000) + DELIVERY_TTL_SECONDS,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return { created: true };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const existing = await this.getDelivery(
        delivery.tenantId,
        delivery.webhookId,
        delivery.eventAt,
        delivery.notificationId,
      );
      if (existing === undefined) throw error;
      return { created: false, existing };
    }
  }

  async getDelivery(
    tenantId: string,
    webhookId: string,
    eventAt: string,
    notificationId: string,
  ): Promise<WebhookDelivery | undefined> {
    const item = await this.#table.getItem(
      webhookDeliveryKey(tenantId, webhookId, eventAt, notificationId),
    );
    return item === undefined ? undefined : toDelivery(item);
  }

  /**
   * Records attempt `entry.attempt` and the state it leaves, only if no other worker recorded it
   * first (the attempt count is the condition). False when someone did.
   */
  async recordAttempt(
    delivery: Pick<WebhookDelivery, 'tenantId' | 'webhookId' | 'eventAt' | 'notificationId'>,
    update: {
      readonly entry: DeliveryAttempt;
      readonly state: DeliveryState;
      readonly nextAttemptAt?: string;
      readonly now: Date;
    },
  ): Promise<boolean> {
    return await this.#update(
      delivery,
      update.entry.attempt - 1,
      `SET attempts = :attempts, #state = :state, updatedAt = :now, #log = list_append(#log, :entry)` +
        (update.nextAttemptAt === undefined ? ' REMOVE nextAttemptAt' : ', nextAttemptAt = :next'),
      {
        ':attempts': update.entry.attempt,
        ':state': update.state,
        ':now': update.now.toISOString(),
        ':entry': [update.entry],
        ...(update.nextAttemptAt === undefined ? {} : { ':next': update.nextAttemptAt }),
      },
      { '#log': 'log' },
    );
  }

  /** Ends a pending delivery without an attempt (its subscription was deleted or disabled). */
  async cancelDelivery(
    delivery: Pick<WebhookDelivery, 'tenantId' | 'webhookId' | 'eventAt' | 'notificationId'>,
    attempts: number,
    now: Date,
  ): Promise<boolean> {
    return await this.#update(
      delivery,
      attempts,
      'SET #state = :state, updatedAt = :now REMOVE nextAttemptAt',
      { ':state': 'cancelled', ':now': now.toISOString() },
      {},
    );
  }

  async #update(
    delivery: Pick<WebhookDelivery, 'tenantId' | 'webhookId' | 'eventAt' | 'notificationId'>,
    expectedAttempts: number,
    expression: string,
    values: Record<string, unknown>,
    names: Record<string, string>,
  ): Promise<boolean> {
    return conditionHolds(() =>
      this.#table.documents.send(
        new UpdateCommand({
          TableName: this.#table.name,
          Key: webhookDeliveryKey(
            delivery.tenantId,
            delivery.webhookId,
            delivery.eventAt,
            delivery.notificationId,
          ),
          UpdateExpression: expression,
          ConditionExpression: 'attempts = :expected AND #state = :pending',
          ExpressionAttributeNames: { '#state': 'state', ...names },
          ExpressionAttributeValues: {
            ...values,
            ':expected': expectedAttempts,
            ':pending': 'pending',
          },
        }),
      ),
    );
  }

  /** A subscription's deliveries, newest event first. */
  async listDeliveries(
    tenantId: string,
    webhookId: string,
    options: { readonly limit: number; readonly after?: string },
  ): Promise<DeliveryPage> {
    const pk = webhookDeliveryPartition(tenantId, webhookId);
    const page = await this.#table.documents.send(
      new QueryCommand({
        TableName: this.#table.name,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': pk, ':prefix': webhookDeliverySortPrefix },
        ScanIndexForward: false,
        Limit: options.limit,
        // the cursor is a sort key only; the partition is always the caller's own
        ...(options.after ? { ExclusiveStartKey: { pk, sk: options.after } } : {}),
      }),
    );
    const last: unknown = page.LastEvaluatedKey?.sk;
    return {
      items: (page.Items ?? []).map(toDelivery),
      ...(typeof last === 'string' ? { after: last } : {}),
    };
  }
}

export function isDeliverySortKey(value: string): boolean {
  return value.startsWith(webhookDeliverySortPrefix) && value.length < 512;
}

function isConditionFailure(error: unknown): error is ConditionalCheckFailedException {
  return error instanceof ConditionalCheckFailedException;
}

function toSubscription(item: Record<string, unknown>): WebhookSubscription {
  const { pk: _pk, sk: _sk, entity: _entity, ...rest } = item;
  return rest as unknown as WebhookSubscription;
}

function toDelivery(item: Record<string, unknown>): WebhookDelivery {
  const { pk: _pk, sk: _sk, entity: _entity, expiresAt: _expiresAt, ...rest } = item;
  return rest as unknown as WebhookDelivery;
}
