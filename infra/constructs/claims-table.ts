// The single table (claims, events, work queues, tenants, counters), created from its definition
// in shared/config/resources.ts so that the cloud and the local runtime cannot drift apart.
import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import type { IndexProjection, TableDefinition } from '../../shared/config/resources.ts';

export interface ClaimsTableProps {
  readonly definition: TableDefinition;
  readonly encryptionKey: kms.IKey;
}

const projections: Record<IndexProjection, dynamodb.ProjectionType> = {
  KEYS_ONLY: dynamodb.ProjectionType.KEYS_ONLY,
  ALL: dynamodb.ProjectionType.ALL,
};

// Every key attribute holds a string built by shared/storage (e.g. `CLAIM#v1#...`).
const stringKey = (name: string): dynamodb.Attribute => ({
  name,
  type: dynamodb.AttributeType.STRING,
});

export class ClaimsTable extends Construct {
  readonly table: dynamodb.Table;
  readonly definition: TableDefinition;
  readonly encryptionKey: kms.IKey;

  constructor(scope: Construct, id: string, props: ClaimsTableProps) {
    super(scope, id);
    this.definition = props.definition;
    this.encryptionKey = props.encryptionKey;
    const { definition } = props;

    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: stringKey(definition.partitionKey),
      sortKey: stringKey(definition.sortKey),
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: props.encryptionKey,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: definition.timeToLiveAttribute,
      // The table is the system of record for claims and their audit trail.
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    for (const index of definition.globalIndexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: stringKey(index.partitionKey),
        sortKey: stringKey(index.sortKey),
        projectionType: projections[index.projection],
      });
    }

    Validations.of(this.table).acknowledge({
      id: 'HIPAA.Security-DynamoDBInBackupPlan',
      reason:
        'Point-in-time recovery keeps 35 days of continuous backups and deletion protection plus RETAIN guard the table; long-term AWS Backup copies belong in a separate backup account whose vault this stack cannot own (follow-up issue).',
    });
  }

  /** ARNs of the table and of each of its indexes, named one by one (no `index/*` wildcard). */
  get resourceArns(): string[] {
    return [
      this.table.tableArn,
      ...this.definition.globalIndexes.map(
        (index) => `${this.table.tableArn}/index/${index.indexName}`,
      ),
    ];
  }
}
