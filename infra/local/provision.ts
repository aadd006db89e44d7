// Creates the table, queues (each with its dead-letter queue) and buckets on the local engines by
// iterating shared/config/resources.ts, the definitions the CDK stack builds from as well. Idempotent.
import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
  type GlobalSecondaryIndex,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  SetQueueAttributesCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import {
  CreateBucketCommand,
  HeadBucketCommand,
  S3Client,
  type BucketLocationConstraint,
} from '@aws-sdk/client-s3';
import {
  buckets,
  claimsTable,
  queues,
  type BucketDefinition,
  type QueueDefinition,
  type TableDefinition,
} from '#shared/config/resources';

export interface ProvisionOptions {
  readonly dynamoEndpoint: string;
  /** fauxqs endpoint, serving both SQS and S3 */
  readonly awsEndpoint: string;
  readonly region: string;
  /** appended to every local name so parallel suites sharing the engines do not collide */
  readonly suffix?: string;
}

export interface ProvisionedQueue {
  readonly definition: QueueDefinition;
  readonly name: string;
  readonly url: string;
  readonly arn: string;
  readonly deadLetterQueue: { readonly name: string; readonly url: string; readonly arn: string };
}

export type QueueKey = keyof typeof queues;
export type BucketKey = keyof typeof buckets;

export interface ProvisionedResources {
  readonly table: { readonly definition: TableDefinition; readonly name: string };
  readonly queues: Readonly<Record<QueueKey, ProvisionedQueue>>;
  readonly buckets: Readonly<
    Record<BucketKey, { readonly definition: BucketDefinition; readonly name: string }>
  >;
  /** what the handlers read through shared/config (merge it into process.env before they load) */
  readonly environment: Readonly<Record<string, string>>;
}

/** The table exists already with a shape the definition does not describe. */
export class ProvisioningMismatchError extends Error {
  readonly problems: readonly string[];
  constructor(resource: string, problems: readonly string[]) {
    super(
      `${resource} exists with another shape than shared/config/resources.ts describes ` +
        `(restart the local engines to recreate it):\n${problems.map((p) => `- ${p}`).join('\n')}`,
    );
    this.name = 'ProvisioningMismatchError';
    this.problems = problems;
  }
}

// The emulators check no signatures, but without credentials the SDK would go looking for them
// (instance metadata included), which is slow and wrong offline.
const localCredentials = { accessKeyId: 'local', secretAccessKey: 'local' };

export async function provisionLocalResources(
  options: ProvisionOptions,
): Promise<ProvisionedResources> {
  const suffix = options.suffix ?? '';
  // Bucket names allow only lower-case letters, digits and hyphens; so the suffix must too.
  if (!/^[a-z0-9-]*$/.test(suffix)) {
    throw new Error(`suffix must hold only lower-case letters, digits and hyphens: "${suffix}"`);
  }
  const clientOptions = { region: options.region, credentials: localCredentials };
  const dynamo = new DynamoDBClient({ ...clientOptions, endpoint: options.dynamoEndpoint });
  const sqs = new SQSClient({ ...clientOptions, endpoint: options.awsEndpoint });
  const s3 = new S3Client({
    ...clientOptions,
    endpoint: options.awsEndpoint,
    forcePathStyle: true,
  });
  try {
    const tableName = claimsTable.localName + suffix;
    await provisionTable(dynamo, claimsTable, tableName);

    const provisionedQueues = await mapValues(queues, (definition) =>
      provisionQueue(sqs, definition, definition.localName + suffix),
    );
    const provisionedBuckets = await mapValues(buckets, async (definition) => {
      const name = definition.localName + suffix;
      await provisionBucket(s3, name, options.region);
      return { definition, name };
    });

    const environment: Record<string, string> = {
      STAGE: 'local',
      AWS_REGION: options.region,
      // Lambda sets these for every function; locally they are placeholders the emulators accept.
      AWS_ACCESS_KEY_ID: localCredentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: localCredentials.secretAccessKey,
      DYNAMODB_ENDPOINT: options.dynamoEndpoint,
      SQS_ENDPOINT: options.awsEndpoint,
      S3_ENDPOINT: options.awsEndpoint,
      [claimsTable.environmentVariable]: tableName,
    };
    for (const queue of Object.values(provisionedQueues)) {
      environment[queue.definition.environmentVariable] = queue.url;
    }
    for (const bucket of Object.values(provisionedBuckets)) {
      environment[bucket.definition.environmentVariable] = bucket.name;
    }

    return {
      table: { definition: claimsTable, name: tableName },
      queues: provisionedQueues,
      buckets: provisionedBuckets,
      environment,
    };
  } finally {
    dynamo.destroy();
    sqs.destroy();
    s3.destroy();
  }
}

async function provisionTable(
  dynamo: DynamoDBClient,
  definition: TableDefinition,
  name: string,
): Promise<void> {
  const keyAttributes = new Set([
    definition.partitionKey,
    definition.sortKey,
    ...definition.globalIndexes.flatMap((index) => [index.partitionKey, index.sortKey]),
  ]);
  const globalIndexes: GlobalSecondaryIndex[] = definition.globalIndexes.map((index) => ({
    IndexName: index.indexName,
    KeySchema: [
      { AttributeName: index.partitionKey, KeyType: 'HASH' },
      { AttributeName: index.sortKey, KeyType: 'RANGE' },
    ],
    Projection: { ProjectionType: index.projection },
  }));
  try {
    await dynamo.send(
      new CreateTableCommand({
        TableName: name,
        BillingMode: 'PAY_PER_REQUEST',
        // Every key of the single-table design is a string (templates such as CLAIM#v1#...).
        AttributeDefinitions: [...keyAttributes].map((attribute) => ({
          AttributeName: attribute,
          AttributeType: 'S',
        })),
        KeySchema: [
          { AttributeName: definition.partitionKey, KeyType: 'HASH' },
          { AttributeName: definition.sortKey, KeyType: 'RANGE' },
        ],
        ...(globalIndexes.length > 0 ? { GlobalSecondaryIndexes: globalIndexes } : {}),
      }),
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
  const table = await waitForActiveTable(dynamo, name);
  const problems = tableMismatches(definition, table);
  if (problems.length > 0) throw new ProvisioningMismatchError(`Table ${name}`, problems);

  // DynamoDB Local accepts and reports TTL settings (it does not delete expired items); enabling
  // it twice is a ValidationException, so ask first.
  const ttl = await dynamo.send(new DescribeTimeToLiveCommand({ TableName: name }));
  const current = ttl.TimeToLiveDescription;
  if (current?.TimeToLiveStatus === 'ENABLED' || current?.TimeToLiveStatus === 'ENABLING') {
    if (current.AttributeName !== definition.timeToLiveAttribute) {
      throw new ProvisioningMismatchError(`Table ${name}`, [
        `TTL attribute is ${current.AttributeName}, expected ${definition.timeToLiveAttribute}`,
      ]);
    }
    return;
  }
  await dynamo.send(
    new UpdateTimeToLiveCommand({
      TableName: name,
      TimeToLiveSpecification: { AttributeName: definition.timeToLiveAttribute, Enabled: true },
    }),
  );
}

async function waitForActiveTable(dynamo: DynamoDBClient, name: string): Promise<TableDescription> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const { Table } = await dynamo.send(new DescribeTableCommand({ TableName: name }));
    if (Table?.TableStatus === 'ACTIVE') return Table;
    if (Date.now() > deadline) throw new Error(`Table ${name} did not become ACTIVE within 30 s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function tableMismatches(definition: TableDefinition, table: TableDescription): string[] {
  const problems: string[] = [];
  const keyOf = (schema: TableDescription['KeySchema']) =>
    (schema ?? []).map((key) => `${key.AttributeName}:${key.KeyType}`).join(',');
  const expectedKey = `${definition.partitionKey}:HASH,${definition.sortKey}:RANGE`;
  if (keyOf(table.KeySchema) !== expectedKey) {
    problems.push(`key schema is ${keyOf(table.KeySchema)}, expected ${expectedKey}`);
  }
  const actual = new Map(
    (table.GlobalSecondaryIndexes ?? []).map((index) => [
      index.IndexName,
      `${keyOf(index.KeySchema)} ${index.Projection?.ProjectionType}`,
    ]),
  );
  for (const index of definition.globalIndexes) {
    const expected = `${index.partitionKey}:HASH,${index.sortKey}:RANGE ${index.projection}`;
    const found = actual.get(index.indexName);
    if (found !== expected) {
      problems.push(`index ${index.indexName} is ${found ?? 'missing'}, expected ${expected}`);
    }
    actual.delete(index.indexName);
  }
  for (const extra of actual.keys()) problems.push(`index ${extra} is not in the definition`);
  return problems;
}

async function provisionQueue(
  sqs: SQSClient,
  definition: QueueDefinition,
  name: string,
): Promise<ProvisionedQueue> {
  const deadLetterName = `${name}-dlq`;
  const deadLetter = await createOrUpdateQueue(sqs, deadLetterName, {
    MessageRetentionPeriod: String(definition.deadLetterRetentionSeconds),
  });
  const queue = await createOrUpdateQueue(sqs, name, {
    VisibilityTimeout: String(definition.visibilityTimeoutSeconds),
    MessageRetentionPeriod: String(definition.retentionSeconds),
    RedrivePolicy: JSON.stringify({
      deadLetterTargetArn: deadLetter.arn,
      maxReceiveCount: definition.maxReceiveCount,
    }),
  });
  return { definition, name, ...queue, deadLetterQueue: { name: deadLetterName, ...deadLetter } };
}

// CreateQueue refuses an existing name whose attributes differ (QueueNameExists); creating by
// name and then setting the attributes converges instead, which is what a re-run needs.
async function createOrUpdateQueue(
  sqs: SQSClient,
  name: string,
  attributes: Record<string, string>,
): Promise<{ url: string; arn: string }> {
  const { QueueUrl: url } = await sqs.send(new CreateQueueCommand({ QueueName: name }));
  if (url === undefined) throw new Error(`CreateQueue returned no URL for ${name}`);
  await sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: attributes }));
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }),
  );
  const arn = Attributes?.QueueArn;
  if (arn === undefined) throw new Error(`GetQueueAttributes returned no QueueArn for ${name}`);
  return { url, arn };
}

async function provisionBucket(s3: S3Client, name: string, region: string): Promise<void> {
  try {
    await s3.send(new HeadBucketCommand({ Bucket: name }));
    return;
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
  await s3.send(
    new CreateBucketCommand({
      Bucket: name,
      // us-east-1 is the one region where S3 refuses an explicit location constraint.
      ...(region === 'us-east-1'
        ? {}
        : {
            CreateBucketConfiguration: { LocationConstraint: region as BucketLocationConstraint },
          }),
    }),
  );
}

function isNotFound(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return error.name === 'NotFound' || error.name === 'NoSuchBucket' || status === 404;
}

async function mapValues<K extends string, V, R>(
  record: Readonly<Record<K, V>>,
  map: (value: V) => Promise<R>,
): Promise<Record<K, R>> {
  const entries = await Promise.all(
    (Object.entries(record) as [K, V][]).map(
      async ([key, value]) => [key, await map(value)] as const,
    ),
  );
  return Object.fromEntries(entries) as Record<K, R>;
}
