// The notify queue (the webhook notifier's input): claim status changes and acknowledged batches,
// sent in batches of ten (the SQS limit). Messages carry ids, status and codes, never claim data.
import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { ClaimNotifier, NotifyMessage } from '#shared/webhooks/claim-notification';

export class SqsClaimNotifier implements ClaimNotifier {
  readonly #sqs: SQSClient;
  readonly #queueUrl: string;

  constructor(options: { sqs: SQSClient; queueUrl: string }) {
    this.#sqs = options.sqs;
    this.#queueUrl = options.queueUrl;
  }

  async publish(notifications: readonly NotifyMessage[]): Promise<void> {
    for (let start = 0; start < notifications.length; start += 10) {
      const batch = notifications.slice(start, start + 10);
      const result = await this.#sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: this.#queueUrl,
          Entries: batch.map((notification, index) => ({
            Id: String(index),
            MessageBody: JSON.stringify(notification),
          })),
        }),
      );
      if ((result.Failed ?? []).length > 0) {
        // the file stays PROCESSING and its retry re-sends (same ids): nothing is lost
        throw new Error(
          `notify queue refused ${result.Failed?.length} of ${batch.length} messages`,
        );
      }
    }
  }
}
