import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, it } from 'vitest';
import { AccessLogsBucket } from '#infra/constructs/access-logs-bucket';
import { testStack } from './support.ts';

describe('AccessLogsBucket', () => {
  let template: Template;
  beforeAll(() => {
    const stack = testStack();
    new AccessLogsBucket(stack, 'AccessLogs');
    template = Template.fromStack(stack);
  });

  it('uses SSE-S3, the only default encryption S3 delivers server access logs to', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
        ],
      },
    });
  });

  it('is private, versioned, expires logs after 400 days and is kept with the stack', () => {
    template.hasResource('AWS::S3::Bucket', {
      Properties: {
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        VersioningConfiguration: { Status: 'Enabled' },
        LifecycleConfiguration: {
          Rules: [Match.objectLike({ ExpirationInDays: 400, Status: 'Enabled' })],
        },
      },
      DeletionPolicy: 'Retain',
    });
  });

  it('denies requests without TLS 1.2', () => {
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
          Match.objectLike({
            Effect: 'Deny',
            Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } },
          }),
        ]),
      },
    });
  });
});
