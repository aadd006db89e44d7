// AWS SDK clients built from the validated configuration: the local engines' endpoints when set,
// the regional endpoints otherwise. Functions take the container's clients (`dynamoDbClient`,
// `documentClient`, `sqsClient`, `s3Client`, `secretsManagerClient`): each made once, on first
// use, and traced (one X-Ray subsegment per SDK call). `create*` builds fresh, untraced clients
// for the CLI, the local runtime and the tests.
// One function per client kind, so a bundle holds only the SDK packages its function uses.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { Config } from '#shared/config/config';
import { tracer } from '#shared/observability/logger';

export interface AwsClients {
  readonly dynamo: DynamoDBClient;
  readonly documents: DynamoDBDocumentClient;
  readonly sqs: SQSClient;
}

type DynamoDbSettings = Pick<Config, 'AWS_REGION' | 'DYNAMODB_ENDPOINT'>;

/** DynamoDB only (the authorizer needs no more: smaller bundle, faster cold start). */
export function createDynamoDbClients(
  config: DynamoDbSettings,
): Pick<AwsClients, 'dynamo' | 'documents'> {
  const dynamo = new DynamoDBClient({
    region: config.AWS_REGION,
    ...(config.DYNAMODB_ENDPOINT ? { endpoint: config.DYNAMODB_ENDPOINT } : {}),
  });
  return { dynamo, documents: documentsOver(dynamo) };
}

function documentsOver(dynamo: DynamoDBClient): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(dynamo, { marshallOptions: { removeUndefinedValues: true } });
}

export function createAwsClients(
  config: Pick<Config, 'AWS_REGION' | 'DYNAMODB_ENDPOINT' | 'SQS_ENDPOINT'>,
): AwsClients {
  return { ...createDynamoDbClients(config), sqs: createSqsClient(config) };
}

function createSqsClient(config: Pick<Config, 'AWS_REGION' | 'SQS_ENDPOINT'>): SQSClient {
  return new SQSClient({
    region: config.AWS_REGION,
    ...(config.SQS_ENDPOINT ? { endpoint: config.SQS_ENDPOINT } : {}),
  });
}

/** S3 (the archive bucket): the local emulator needs path-style addressing. */
export function createS3Client(config: Pick<Config, 'AWS_REGION' | 'S3_ENDPOINT'>): S3Client {
  return new S3Client({
    region: config.AWS_REGION,
    ...(config.S3_ENDPOINT ? { endpoint: config.S3_ENDPOINT, forcePathStyle: true } : {}),
  });
}

// -- the container's clients: once per kind, region and endpoint, reused across invocations ----

const containerClients = new Map<string, unknown>();

function once<T>(key: string, make: () => T): T {
  if (!containerClients.has(key)) containerClients.set(key, make());
  // the map holds what make() returned for this key
  return containerClients.get(key) as T;
}

export function dynamoDbClient(config: DynamoDbSettings): DynamoDBClient {
  return once(`dynamodb ${config.AWS_REGION} ${config.DYNAMODB_ENDPOINT ?? ''}`, () =>
    tracer.captureAWSv3Client(createDynamoDbClients(config).dynamo),
  );
}

/** The document client over the container's DynamoDB client (traced through it). */
export function documentClient(config: DynamoDbSettings): DynamoDBDocumentClient {
  return once(`documents ${config.AWS_REGION} ${config.DYNAMODB_ENDPOINT ?? ''}`, () =>
    documentsOver(dynamoDbClient(config)),
  );
}

export function sqsClient(config: Pick<Config, 'AWS_REGION' | 'SQS_ENDPOINT'>): SQSClient {
  return once(`sqs ${config.AWS_REGION} ${config.SQS_ENDPOINT ?? ''}`, () =>
    tracer.captureAWSv3Client(createSqsClient(config)),
  );
}

export function s3Client(config: Pick<Config, 'AWS_REGION' | 'S3_ENDPOINT'>): S3Client {
  return once(`s3 ${config.AWS_REGION} ${config.S3_ENDPOINT ?? ''}`, () =>
    tracer.captureAWSv3Client(createS3Client(config)),
  );
}

/** Secrets Manager (payer connection credentials, in the cloud only). */
export function secretsManagerClient(config: Pick<Config, 'AWS_REGION'>): SecretsManagerClient {
  return once(`secretsmanager ${config.AWS_REGION}`, () =>
    tracer.captureAWSv3Client(new SecretsManagerClient({ region: config.AWS_REGION })),
  );
}
