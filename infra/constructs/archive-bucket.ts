// A bucket for raw X12 files in and out (docs/ARCHITECTURE.md section 8: archived before acted on):
// customer-managed KMS, versioned (an archived file is never silently overwritten), private,
// TLS only, with server access logs.
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { BucketDefinition } from '../../shared/config/resources.ts';

export interface ArchiveBucketProps {
  readonly definition: BucketDefinition;
  readonly encryptionKey: kms.IKey;
  readonly serverAccessLogsBucket: s3.IBucket;
}

export class ArchiveBucket extends Construct {
  readonly bucket: s3.Bucket;
  readonly definition: BucketDefinition;

  constructor(scope: Construct, id: string, props: ArchiveBucketProps) {
    super(scope, id);
    this.definition = props.definition;
    this.bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: props.encryptionKey,
      // One KMS call per bucket key period instead of one per object: cost and throttling.
      bucketKeyEnabled: true,
      versioned: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      serverAccessLogsBucket: props.serverAccessLogsBucket,
      serverAccessLogsPrefix: `${props.definition.id}/`,
      lifecycleRules: [{ abortIncompleteMultipartUploadAfter: Duration.days(7) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    Validations.of(this.bucket).acknowledge({
      id: 'HIPAA.Security-S3BucketReplicationEnabled',
      reason:
        'PHI stays in the region the customer deployed to; cross-region replication is a per-customer disaster-recovery choice (data residency, BAA scope) made outside this stack. Versioning protects against overwrite and deletion.',
    });
  }
}
