// SQS consumer of two queues: the notify queue (claim status changes and acknowledged batches,
// fanned out into webhook deliveries) and the webhook-delivery queue (one signed POST per message). Messages tell which
// they are by shape. Each record gets its own outcome (partial batch response); a retry of a
// delivery is a new delayed message, so only an unexpected error fails a record.
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import * as z from 'zod/mini';
import type { ClaimNotification } from '#shared/answers/claim-notifications';
import { config } from '#shared/config/config';
import { logger } from '#shared/observability/logger';
import { createAwsClients } from '#shared/storage/aws-clients';
import { ClaimRepository } from '#shared/storage/dynamodb/claim-repository';
import { parseDeliveryMessage } from '#shared/webhooks/delivery-queue';
import { SqsDeliveryQueue } from '#shared/storage/sqs/webhook-delivery-queue';
import { parseBatchNotification } from '#shared/webhooks/batch-notification';
import {
  attemptDelivery,
  fanOut,
  fanOutBatch,
  type NotifierDependencies,
  type SubscriptionCache,
} from '#shared/webhooks/notifier';
import { WebhookRepository } from '#shared/storage/dynamodb/webhook-repository';
import { lambdaHandler } from '../lambda-handler.ts';

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

class UnreadableMessageError extends Error {
  constructor() {
    super('notify message is neither a claim or batch notification nor a webhook delivery');
    this.name = 'UnreadableMessageError';
  }
}

export function createNotifyHandler(
  dependencies: NotifierDependencies,
): (event: SQSEvent, context: Context) => Promise<SQSBatchResponse> {
  return async (event, context) => {
    // one subscription read per tenant per batch
    const cache: SubscriptionCache = new Map();
    const processor = new BatchProcessor(EventType.SQS);
    return await processPartialResponse(
      event,
      async (record: SQSRecord) => {
        let body: unknown;
        try {
          body = JSON.parse(record.body);
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
          logger.warn('unreadable notify message', { messageId: record.messageId });
          throw new UnreadableMessageError();
        }
        // the schema checked the shape; statuses are the claim's own, passed through as they are
        const queued = await fanOut(dependencies, notification.data as ClaimNotification, cache);
        logger.info('webhook fan-out', {
          tenantId: notification.data.tenantId,
          claimId: notification.data.claimId,
          deliveries: queued,
        });
      },
      processor,
      { context, throwOnFullBatchFailure: false },
    );
  };
}

function fromConfig(): (event: SQSEvent, context: Context) => Promise<SQSBatchResponse> {
  const settings = config();
  const clients = createAwsClients(settings);
  if (!settings.WEBHOOK_DELIVERY_QUEUE_URL || !settings.WEBHOOK_DELIVERY_DLQ_URL) {
    throw new Error(
      'the notify function needs WEBHOOK_DELIVERY_QUEUE_URL and WEBHOOK_DELIVERY_DLQ_URL',
    );
  }
  const options = { documents: clients.documents, tableName: settings.TABLE_NAME };
  return createNotifyHandler({
    webhooks: new WebhookRepository(options),
    claims: new ClaimRepository(options),
    queue: new SqsDeliveryQueue({
      sqs: clients.sqs,
      queueUrl: settings.WEBHOOK_DELIVERY_QUEUE_URL,
      deadLetterQueueUrl: settings.WEBHOOK_DELIVERY_DLQ_URL,
    }),
    now: () => new Date(),
    stage: settings.STAGE,
  });
}

let configured: ((event: SQSEvent, context: Context) => Promise<SQSBatchResponse>) | undefined;

export const handler = lambdaHandler<SQSEvent, SQSBatchResponse>((event, context) => {
  configured ??= fromConfig();
  return configured(event, context);
});
