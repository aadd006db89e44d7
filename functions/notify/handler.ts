// SQS consumer of two queues: the notify queue (claim status changes and acknowledged batches,
// fanned out into webhook deliveries) and the webhook-delivery queue (one signed POST per
// message); shared/webhooks/notify-message.ts tells them apart. Each record gets its own outcome
// (partial batch response).
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { documentClient, sqsClient } from '#shared/storage/aws-clients';
import { ClaimRepository } from '#shared/storage/dynamodb/claim-repository';
import { WebhookRepository } from '#shared/storage/dynamodb/webhook-repository';
import { SqsDeliveryQueue } from '#shared/storage/sqs/webhook-delivery-queue';
import { handleNotifyMessage } from '#shared/webhooks/notify-message';
import type { NotifierDependencies, SubscriptionCache } from '#shared/webhooks/notifier';
import { defineHandler } from '#functions/runtime/define-handler';
import { processEachRecord } from '#functions/runtime/sqs-batch';

export const handler = defineHandler({
  requires: ['WEBHOOK_DELIVERY_QUEUE_URL', 'WEBHOOK_DELIVERY_DLQ_URL'],
  dependencies: (settings): NotifierDependencies => {
    const storage = { documents: documentClient(settings), tableName: settings.TABLE_NAME };
    return {
      webhooks: new WebhookRepository(storage),
      claims: new ClaimRepository(storage),
      queue: new SqsDeliveryQueue({
        sqs: sqsClient(settings),
        queueUrl: settings.WEBHOOK_DELIVERY_QUEUE_URL,
        deadLetterQueueUrl: settings.WEBHOOK_DELIVERY_DLQ_URL,
      }),
      now: () => new Date(),
      stage: settings.STAGE,
    };
  },
  handle: (event: SQSEvent, dependencies, context): Promise<SQSBatchResponse> => {
    // one subscription read per tenant per batch
    const cache: SubscriptionCache = new Map();
    return processEachRecord(event, context, (record) =>
      handleNotifyMessage(dependencies, record, cache),
    );
  },
});
