import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { ClaimsTable } from '#infra/constructs/claims-table';
import { claimsTable } from '#shared/config/resources';
import { globalIndexesOf, testKey, testStack } from './support.ts';

describe('ClaimsTable', () => {
  let template: Template;
  let keyLogicalId: string;
  let resourceArns: string[];
  beforeAll(() => {
    const stack = testStack();
    const key = testKey(stack);
    const table = new ClaimsTable(stack, 'Claims', { definition: claimsTable, encryptionKey: key });
    resourceArns = stack.resolve(table.resourceArns) as string[];
    keyLogicalId = stack.getLogicalId(key.node.defaultChild as never);
    template = Template.fromStack(stack);
  });

  it('uses the key schema and TTL attribute of the definition, on demand', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: claimsTable.partitionKey, KeyType: 'HASH' },
        { AttributeName: claimsTable.sortKey, KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      TimeToLiveSpecification: { AttributeName: claimsTable.timeToLiveAttribute, Enabled: true },
    });
  });

  it('creates every global index of the definition with its keys and projection', () => {
    const [table] = Object.values(template.findResources('AWS::DynamoDB::Table'));
    const indexes = (table?.Properties as { GlobalSecondaryIndexes: unknown[] })
      .GlobalSecondaryIndexes;

    expect(indexes).toEqual(globalIndexesOf(claimsTable));
  });

  it('encrypts with the customer-managed key and keeps point-in-time recovery on', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      SSESpecification: {
        SSEEnabled: true,
        SSEType: 'KMS',
        KMSMasterKeyId: { 'Fn::GetAtt': [keyLogicalId, 'Arn'] },
      },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    });
  });

  it('is protected from deletion by CloudFormation and by the API', () => {
    template.hasResource('AWS::DynamoDB::Table', {
      Properties: { DeletionProtectionEnabled: true },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  it('names the table and each index ARN for IAM, without an index wildcard', () => {
    expect(resourceArns).toHaveLength(1 + claimsTable.globalIndexes.length);
    expect(JSON.stringify(resourceArns)).not.toContain('index/*');
    for (const index of claimsTable.globalIndexes) {
      expect(JSON.stringify(resourceArns)).toContain(`/index/${index.indexName}`);
    }
  });
});
