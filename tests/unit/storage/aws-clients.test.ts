import { describe, expect, it } from 'vitest';
import {
  documentClient,
  dynamoDbClient,
  s3Client,
  secretsManagerClient,
  sqsClient,
} from '#shared/storage/aws-clients';

const local = {
  AWS_REGION: 'us-east-1',
  DYNAMODB_ENDPOINT: 'http://127.0.0.1:1',
  SQS_ENDPOINT: 'http://127.0.0.1:2',
  S3_ENDPOINT: 'http://127.0.0.1:3',
};

describe('the container clients', () => {
  it('makes each kind once per region and endpoint and reuses it across calls', () => {
    expect(dynamoDbClient(local)).toBe(dynamoDbClient({ ...local }));
    expect(documentClient(local)).toBe(documentClient({ ...local }));
    expect(sqsClient(local)).toBe(sqsClient({ ...local }));
    expect(s3Client(local)).toBe(s3Client({ ...local }));
    expect(secretsManagerClient(local)).toBe(secretsManagerClient({ AWS_REGION: 'us-east-1' }));
    expect(sqsClient(local)).not.toBe(sqsClient({ ...local, SQS_ENDPOINT: 'http://127.0.0.1:4' }));
  });

  it('puts the document client over the container DynamoDB client', () => {
    expect(documentClient(local).config).toBe(dynamoDbClient(local).config);
  });
});
