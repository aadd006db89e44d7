import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import {
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { buckets, claimsTable, queues } from '#shared/config/resources';
import { provisionLocalResources, type ProvisionedResources } from '#infra/local/provision';
import { loadConfig } from '#shared/config/config';

const region = 'us-east-1';
const suffix = `-${randomBytes(4).toString('hex')}`;

describe('provisionLocalResources', () => {
  const dynamoEndpoint = inject('dynamoEndpoint');
  const awsEndpoint = inject('awsEndpoint');
  const dynamo = new DynamoDBClient({ endpoint: dynamoEndpoint, region });
  const sqs = new SQSClient({ endpoint: awsEndpoint, region });
  const s3 = new S3Client({ endpoint: awsEndpoint, region, forcePathStyle: true });
  let resources: ProvisionedResources;

  beforeAll(async () => {
    resources = await provisionLocalResources({ dynamoEndpoint, awsEndpoint, region, suffix });
  });

  it('creates the table with the keys, indexes, billing mode and TTL of the definition', async () => {
    const { Table } = await dynamo.send(
      new DescribeTableCommand({ TableName: resources.table.name }),
    );
    const ttl = await dynamo.send(
      new DescribeTimeToLiveCommand({ TableName: resources.table.name }),
    );

    expect(resources.table.name).toBe(claimsTable.localName + suffix);
    expect(Table?.KeySchema).toEqual([
      { AttributeName: claimsTable.partitionKey, KeyType: 'HASH' },
      { AttributeName: claimsTable.sortKey, KeyType: 'RANGE' },
    ]);
    expect(Table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
    const indexes = (Table?.GlobalSecondaryIndexes ?? []).map((index) => ({
      indexName: index.IndexName,
      keys: index.KeySchema?.map((key) => [key.AttributeName, key.KeyType]),
      projection: index.Projection?.ProjectionType,
    }));
    expect(indexes).toHaveLength(claimsTable.globalIndexes.length);
    expect(indexes).toEqual(
      expect.arrayContaining(
        claimsTable.globalIndexes.map((index) => ({
          indexName: index.indexName,
          keys: [
            [index.partitionKey, 'HASH'],
            [index.sortKey, 'RANGE'],
          ],
          projection: index.projection,
        })),
      ),
    );
    expect(ttl.TimeToLiveDescription).toEqual({
      TimeToLiveStatus: 'ENABLED',
      AttributeName: claimsTable.timeToLiveAttribute,
    });
  });

  it('creates every queue with its dead-letter queue, redrive policy, visibility and retention', async () => {
    for (const [key, definition] of Object.entries(queues)) {
      const queue = resources.queues[key as keyof typeof queues];
      const { Attributes: main } = await sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: queue.url, AttributeNames: ['All'] }),
      );
      const { Attributes: dlq } = await sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: queue.deadLetterQueue.url,
          AttributeNames: ['All'],
        }),
      );

      expect(queue.name).toBe(definition.localName + suffix);
      expect(queue.deadLetterQueue.name).toBe(`${definition.localName}${suffix}-dlq`);
      expect(main?.QueueArn).toBe(queue.arn);
      expect(main?.VisibilityTimeout).toBe(String(definition.visibilityTimeoutSeconds));
      expect(main?.MessageRetentionPeriod).toBe(String(definition.retentionSeconds));
      expect(JSON.parse(main?.RedrivePolicy ?? 'null')).toEqual({
        deadLetterTargetArn: queue.deadLetterQueue.arn,
        maxReceiveCount: definition.maxReceiveCount,
      });
      expect(dlq?.QueueArn).toBe(queue.deadLetterQueue.arn);
      expect(dlq?.MessageRetentionPeriod).toBe(String(definition.deadLetterRetentionSeconds));
    }
  });

  it('creates every bucket', async () => {
    for (const [key, definition] of Object.entries(buckets)) {
      const bucket = resources.buckets[key as keyof typeof buckets];

      const head = await s3.send(new HeadBucketCommand({ Bucket: bucket.name }));

      expect(bucket.name).toBe(definition.localName + suffix);
      expect(head.$metadata.httpStatusCode).toBe(200);
    }
  });

  it('returns an environment that the configuration module accepts, keyed by each definition', () => {
    const config = loadConfig(resources.environment);

    expect(config.STAGE).toBe('local');
    expect(config.AWS_REGION).toBe(region);
    expect(config.DYNAMODB_ENDPOINT).toBe(dynamoEndpoint);
    expect(config.SQS_ENDPOINT).toBe(awsEndpoint);
    expect(config.S3_ENDPOINT).toBe(awsEndpoint);
    expect(resources.environment[claimsTable.environmentVariable]).toBe(resources.table.name);
    for (const [key, definition] of Object.entries(queues)) {
      expect(resources.environment[definition.environmentVariable]).toBe(
        resources.queues[key as keyof typeof queues].url,
      );
    }
    for (const [key, definition] of Object.entries(buckets)) {
      expect(resources.environment[definition.environmentVariable]).toBe(
        resources.buckets[key as keyof typeof buckets].name,
      );
    }
  });

  it('runs again over existing resources and returns the same names and URLs', async () => {
    const again = await provisionLocalResources({ dynamoEndpoint, awsEndpoint, region, suffix });

    expect(again.environment).toEqual(resources.environment);
    expect(again.queues).toEqual(resources.queues);
  });

  it('refuses a suffix that would make an invalid bucket name', async () => {
    await expect(
      provisionLocalResources({ dynamoEndpoint, awsEndpoint, region, suffix: '_Upper' }),
    ).rejects.toThrow(/suffix/);
  });
});
