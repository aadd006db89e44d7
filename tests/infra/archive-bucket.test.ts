import * as s3 from 'aws-cdk-lib/aws-s3';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, it } from 'vitest';
import { ArchiveBucket } from '#infra/constructs/archive-bucket';
import { buckets } from '#shared/config/resources';
import { testKey, testStack } from './support.ts';

describe('ArchiveBucket', () => {
  let template: Template;
  let ids: { key: string; logs: string; archive: string };
  beforeAll(() => {
    const stack = testStack();
    const key = testKey(stack);
    const logs = new s3.Bucket(stack, 'Logs');
    const archive = new ArchiveBucket(stack, 'Archive', {
      definition: buckets.archive,
      encryptionKey: key,
      serverAccessLogsBucket: logs,
    });
    const logicalId = (construct: { node: { defaultChild?: unknown } }): string =>
      stack.getLogicalId(construct.node.defaultChild as never);
    ids = { key: logicalId(key), logs: logicalId(logs), archive: logicalId(archive.bucket) };
    template = Template.fromStack(stack);
  });

  it('encrypts objects with the customer-managed key and a bucket key', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          {
            BucketKeyEnabled: true,
            ServerSideEncryptionByDefault: {
              SSEAlgorithm: 'aws:kms',
              KMSMasterKeyID: { 'Fn::GetAtt': [ids.key, 'Arn'] },
            },
          },
        ],
      },
    });
  });

  it('is versioned, private, and logs access to the access-logs bucket under its own prefix', () => {
    template.hasResource('AWS::S3::Bucket', {
      Properties: {
        VersioningConfiguration: { Status: 'Enabled' },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
        LoggingConfiguration: {
          DestinationBucketName: { Ref: ids.logs },
          LogFilePrefix: `${buckets.archive.id}/`,
        },
      },
      DeletionPolicy: 'Retain',
    });
  });

  it('denies requests without TLS', () => {
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: ids.archive },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });
});
