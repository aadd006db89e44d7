// The one description of the stateful resources (table, queues, buckets) that both the CDK stack
// and the local runtime (`npm start`, tests) create. A test proves the synthesized template matches.

export type IndexProjection = 'KEYS_ONLY' | 'ALL';

export interface TableIndexDefinition {
  readonly indexName: string;
  readonly partitionKey: string;
  readonly sortKey: string;
  readonly projection: IndexProjection;
  /** why the index exists (the key design is in shared/storage/README.md) */
  readonly purpose: string;
}

export interface TableDefinition {
  readonly id: string;
  /** table name used locally; in the cloud CDK names it */
  readonly localName: string;
  readonly partitionKey: string;
  readonly sortKey: string;
  readonly timeToLiveAttribute: string;
  readonly globalIndexes: readonly TableIndexDefinition[];
  /** environment variable through which functions learn the table name */
  readonly environmentVariable: string;
}

export interface QueueDefinition {
  readonly id: string;
  readonly localName: string;
  /** must be at least 6 times the consumer's timeout (AWS guidance for Lambda event sources) */
  readonly visibilityTimeoutSeconds: number;
  /** receives before a message moves to the dead-letter queue */
  readonly maxReceiveCount: number;
  readonly retentionSeconds: number;
  readonly deadLetterRetentionSeconds: number;
  readonly environmentVariable: string;
  /** event source mapping settings for the consumer, mirrored by the local poller */
  readonly consumer: {
    readonly batchSize: number;
    readonly maxBatchingWindowSeconds: number;
    /** concurrent batches (event source maximum concurrency, 2 to 1000); default 2 */
    readonly maxConcurrency?: number;
  };
}

export interface BucketDefinition {
  readonly id: string;
  readonly localName: string;
  readonly environmentVariable: string;
}

export const claimsTable: TableDefinition = {
  id: 'ClaimsTable',
  localName: 'clearinghouse-claims',
  partitionKey: 'pk',
  sortKey: 'sk',
  timeToLiveAttribute: 'expiresAt',
  environmentVariable: 'TABLE_NAME',
  globalIndexes: [
    {
      indexName: 'gsi1',
      partitionKey: 'gsi1pk',
      sortKey: 'gsi1sk',
      projection: 'KEYS_ONLY',
      purpose: 'claims of a tenant by creation time (GET /v1/claims), day-bucketed partitions',
    },
    {
      indexName: 'gsi2',
      partitionKey: 'gsi2pk',
      sortKey: 'gsi2sk',
      projection: 'KEYS_ONLY',
      purpose: 'claims of a tenant by patient control number (835 and 277CA matching)',
    },
    {
      indexName: 'gsi3',
      partitionKey: 'gsi3pk',
      sortKey: 'gsi3sk',
      // a queue page shows what the item holds (status, payer, codes, amounts, assignee): ALL
      // spares a read per item; the index is sparse, so only items in a queue cost anything
      projection: 'ALL',
      purpose:
        'follow-up work queues of a tenant (sparse: tenant, queue, shard; biggest amount band, then oldest)',
    },
  ],
};

const DAY = 24 * 60 * 60;

export const queues = {
  transmit: {
    id: 'TransmitQueue',
    localName: 'clearinghouse-transmit',
    visibilityTimeoutSeconds: 180,
    maxReceiveCount: 8,
    retentionSeconds: 14 * DAY,
    deadLetterRetentionSeconds: 14 * DAY,
    environmentVariable: 'TRANSMIT_QUEUE_URL',
    // payer mailboxes take a few sessions at once; 5 batches of 50 carry about 100 claims/s,
    // the peak of one million claims a day (shared/transmission/README.md)
    consumer: { batchSize: 50, maxBatchingWindowSeconds: 5, maxConcurrency: 5 },
  },
  /** one message per payer answer file archived by the poller (S3 key and tenant, no content) */
  response: {
    id: 'ResponseQueue',
    localName: 'clearinghouse-response',
    // one file (an 835 can hold tens of thousands of claims) per message: the consumer may run
    // up to 15 minutes, and the visibility timeout must be 6 times that
    visibilityTimeoutSeconds: 6 * 15 * 60,
    maxReceiveCount: 5,
    retentionSeconds: 14 * DAY,
    deadLetterRetentionSeconds: 14 * DAY,
    environmentVariable: 'RESPONSE_QUEUE_URL',
    consumer: { batchSize: 1, maxBatchingWindowSeconds: 0 },
  },
  /** one message per claim status change (ids, status, codes), consumed by the webhook notifier */
  notify: {
    id: 'NotifyQueue',
    localName: 'clearinghouse-notify',
    visibilityTimeoutSeconds: 180,
    maxReceiveCount: 8,
    retentionSeconds: 14 * DAY,
    deadLetterRetentionSeconds: 14 * DAY,
    environmentVariable: 'NOTIFY_QUEUE_URL',
    consumer: { batchSize: 25, maxBatchingWindowSeconds: 2 },
  },
  /**
   * One message per webhook delivery attempt (ids and attempt number, no payload), consumed by
   * the notify function. Retries are new messages delayed up to 15 minutes and re-delayed until
   * due (shared/webhooks/README.md), so hours of backoff spend no receive count: only a crashing
   * consumer does, and 5 crashes park the message. Parked deliveries are also sent to the DLQ.
   */
  webhookDelivery: {
    id: 'WebhookDeliveryQueue',
    localName: 'clearinghouse-webhook-delivery',
    // 10 attempts in parallel of at most 10 s each: the consumer's 25 s timeout x 6 + window
    visibilityTimeoutSeconds: 180,
    maxReceiveCount: 5,
    retentionSeconds: 4 * DAY,
    deadLetterRetentionSeconds: 14 * DAY,
    environmentVariable: 'WEBHOOK_DELIVERY_QUEUE_URL',
    consumer: { batchSize: 10, maxBatchingWindowSeconds: 0 },
  },
} as const satisfies Record<string, QueueDefinition>;

export const buckets = {
  archive: {
    id: 'ArchiveBucket',
    localName: 'clearinghouse-archive',
    environmentVariable: 'ARCHIVE_BUCKET',
  },
} as const satisfies Record<string, BucketDefinition>;

/**
 * Payer connection credentials live in Secrets Manager under this name prefix; the transmit
 * function may read these secrets and no others.
 */
export const connectionSecrets = { namePrefix: 'clearinghouse/connections/' } as const;
