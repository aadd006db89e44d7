// Webhook subscriptions and their delivery log. The signing secret is in the creation answer only;
// every other answer leaves it out and nothing logs it (nor the URL, which may carry a token).
import { randomBytes } from 'node:crypto';
import * as z from 'zod';
import { logger } from '#shared/observability/logger';
import { WEBHOOK_EVENT_TYPES } from '#shared/webhooks/event-types';
import {
  checkWebhookUrl,
  MAX_WEBHOOK_URL_LENGTH,
  type Resolver,
  type WebhookStage,
} from '#shared/webhooks/url-policy';
import {
  isDeliverySortKey,
  type WebhookDelivery,
  type WebhookRepository,
  type WebhookSubscription,
} from '#shared/storage/dynamodb/webhook-repository';
import { json, type HttpRequest } from '../http.ts';
import { linkTo } from '../public-base-url.ts';
import { problems, type FieldError } from '../problem.ts';
import { invalidCursor, queryIssue } from '../list-query.ts';
import { parseJsonBody } from '../request-body.ts';
import type { Route, RouteHandler } from '../router.ts';

export interface WebhookRouteDependencies {
  readonly webhooks: WebhookRepository;
  readonly stage: WebhookStage;
  readonly now: () => Date;
  readonly maxBodyBytes: number;
  /** DNS for the URL check (tests inject one) */
  readonly resolve?: Resolver;
}

/** A tenant's subscriptions are read whole on every event: keep them few. */
const MAX_SUBSCRIPTIONS_PER_TENANT = 25;

const subscriptionSchema = z.strictObject({
  url: z.string().min(1).max(MAX_WEBHOOK_URL_LENGTH),
  events: z
    .array(z.enum(WEBHOOK_EVENT_TYPES))
    .min(1)
    .max(WEBHOOK_EVENT_TYPES.length)
    .refine((events) => new Set(events).size === events.length, 'events must not repeat'),
});

const deliveriesQuerySchema = z.object({
  cursor: z.string().min(1).max(1000).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});

/** Standard Webhooks secrets: whsec_ and base64 of 24 to 64 random bytes; we use 32. */
function newSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

function newWebhookId(): string {
  return `wh_${randomBytes(12).toString('base64url').replace(/[-_]/g, 'x')}`;
}

export function webhookRoutes(dependencies: WebhookRouteDependencies): Route[] {
  const { webhooks } = dependencies;

  const find = async (
    request: HttpRequest,
    params: Readonly<Record<string, string>>,
  ): Promise<WebhookSubscription> => {
    const subscription = await webhooks.getSubscription(
      request.tenantId as string,
      params.webhookId ?? '',
    );
    // another tenant's id is simply not found: 404, never 403
    if (subscription === undefined) throw problems.notFound('webhook');
    return subscription;
  };

  const create: RouteHandler = async (request) => {
    const tenantId = request.tenantId as string;
    const parsed = subscriptionSchema.safeParse(parseJsonBody(request, dependencies.maxBodyBytes));
    if (!parsed.success) throw problems.validation(parsed.error.issues.map(bodyIssue));
    const verdict = await checkWebhookUrl(parsed.data.url, {
      stage: dependencies.stage,
      ...(dependencies.resolve ? { resolve: dependencies.resolve } : {}),
    });
    if (!verdict.allowed) {
      throw problems.validation([
        { path: 'url', code: verdict.code, message: `url is not allowed: ${verdict.reason}` },
      ]);
    }
    const existing = await webhooks.listSubscriptions(tenantId);
    if (existing.length >= MAX_SUBSCRIPTIONS_PER_TENANT) {
      throw problems.validation([
        {
          path: '',
          code: 'TOO_MANY_WEBHOOKS',
          message: `a tenant may have at most ${MAX_SUBSCRIPTIONS_PER_TENANT} webhooks`,
        },
      ]);
    }
    const at = dependencies.now().toISOString();
    const subscription: WebhookSubscription = {
      tenantId,
      webhookId: newWebhookId(),
      url: parsed.data.url,
      events: parsed.data.events,
      secret: newSecret(),
      enabled: true,
      createdAt: at,
      updatedAt: at,
    };
    await webhooks.createSubscription(subscription);
    audit('webhook.created', request, subscription.webhookId);
    return json(
      201,
      { ...view(request, subscription), secret: subscription.secret },
      { location: linkTo(request, `/v1/webhooks/${subscription.webhookId}`) },
    );
  };

  const list: RouteHandler = async (request) => {
    const items = await webhooks.listSubscriptions(request.tenantId as string);
    return json(200, { items: items.map((item) => view(request, item)) });
  };

  const read: RouteHandler = async (request, params) =>
    json(200, view(request, await find(request, params)));

  const remove: RouteHandler = async (request, params) => {
    const deleted = await webhooks.deleteSubscription(
      request.tenantId as string,
      params.webhookId ?? '',
    );
    if (!deleted) throw problems.notFound('webhook');
    audit('webhook.deleted', request, params.webhookId ?? '');
    return { statusCode: 204, headers: {}, body: '' };
  };

  const deliveries: RouteHandler = async (request, params) => {
    const subscription = await find(request, params);
    const parsed = deliveriesQuerySchema.safeParse(request.query);
    if (!parsed.success) throw problems.badQuery(parsed.error.issues.map(queryIssue));
    const after = parsed.data.cursor === undefined ? undefined : decodeCursor(parsed.data.cursor);
    const page = await webhooks.listDeliveries(subscription.tenantId, subscription.webhookId, {
      limit: parsed.data.limit,
      ...(after ? { after } : {}),
    });
    return json(200, {
      items: page.items.map(deliveryView),
      ...(page.after ? { nextCursor: Buffer.from(page.after, 'utf8').toString('base64url') } : {}),
    });
  };

  const notFound = { 404: 'no such webhook for this tenant' };
  return [
    {
      method: 'POST',
      path: '/v1/webhooks',
      handle: create,
      doc: {
        summary:
          'Subscribe a URL to event types; the answer carries the signing secret, shown this once',
        responses: {
          201: 'the subscription (id, url, events, enabled, createdAt) and its secret (whsec_...)',
          400: 'invalid body, unknown event type, or a URL that is not https or reaches a private address',
          415: 'not application/json',
        },
      },
    },
    {
      method: 'GET',
      path: '/v1/webhooks',
      handle: list,
      doc: {
        summary: "The tenant's webhook subscriptions (never their secrets)",
        responses: { 200: 'items' },
      },
    },
    {
      method: 'GET',
      path: '/v1/webhooks/{webhookId}',
      handle: read,
      doc: {
        summary: 'One webhook subscription',
        responses: { 200: 'the subscription', ...notFound },
      },
    },
    {
      method: 'DELETE',
      path: '/v1/webhooks/{webhookId}',
      handle: remove,
      doc: {
        summary: 'Delete a webhook subscription (pending deliveries are cancelled)',
        responses: { 204: 'deleted', ...notFound },
      },
    },
    {
      method: 'GET',
      path: '/v1/webhooks/{webhookId}/deliveries',
      handle: deliveries,
      doc: {
        summary: 'The delivery log: one item per event, newest first, with every attempt',
        responses: {
          200: 'items (id, eventType, state pending|delivered|failed|cancelled, attempts, log) and nextCursor',
          400: 'invalid query',
          ...notFound,
        },
        query: [
          {
            name: 'cursor',
            description: 'nextCursor of the previous page',
            schema: { type: 'string' },
          },
          {
            name: 'limit',
            description: '1 to 100, default 25',
            schema: { type: 'integer', minimum: 1, maximum: 100 },
          },
        ],
      },
    },
  ];
}

function view(request: HttpRequest, subscription: WebhookSubscription): Record<string, unknown> {
  return {
    id: subscription.webhookId,
    url: subscription.url,
    events: subscription.events,
    enabled: subscription.enabled,
    ...(subscription.disabledReason ? { disabledReason: subscription.disabledReason } : {}),
    createdAt: subscription.createdAt,
    updatedAt: subscription.updatedAt,
    links: {
      self: linkTo(request, `/v1/webhooks/${subscription.webhookId}`),
      deliveries: linkTo(request, `/v1/webhooks/${subscription.webhookId}/deliveries`),
    },
  };
}

function deliveryView(delivery: WebhookDelivery): Record<string, unknown> {
  return {
    id: delivery.deliveryId,
    eventType: delivery.eventType,
    eventAt: delivery.eventAt,
    ...(delivery.claimId ? { claimId: delivery.claimId } : {}),
    ...(delivery.batchId ? { batchId: delivery.batchId } : {}),
    state: delivery.state,
    attempts: delivery.attempts,
    ...(delivery.nextAttemptAt && delivery.state === 'pending'
      ? { nextAttemptAt: delivery.nextAttemptAt }
      : {}),
    log: delivery.log,
    createdAt: delivery.createdAt,
    updatedAt: delivery.updatedAt,
  };
}

function decodeCursor(text: string): string {
  const sortKey = Buffer.from(text, 'base64url').toString('utf8');
  if (isDeliverySortKey(sortKey)) return sortKey;
  throw invalidCursor();
}

function audit(action: string, request: HttpRequest, webhookId: string): void {
  logger.info('audit', {
    audit: true,
    action,
    tenantId: request.tenantId,
    webhookId,
    requestId: request.requestId,
  });
}

function bodyIssue(issue: z.core.$ZodIssue): FieldError {
  const path = issue.path.join('.');
  const code =
    issue.code === 'unrecognized_keys'
      ? 'UNKNOWN_FIELD'
      : path.startsWith('events')
        ? 'INVALID_EVENT_TYPE'
        : 'INVALID_FIELD';
  return { path, code, message: `${path || 'body'}: ${issue.message}` };
}
