import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { EncryptionKey } from '#infra/constructs/encryption-key';
import { testStack } from './support.ts';

describe('EncryptionKey', () => {
  let template: Template;
  beforeAll(() => {
    const stack = testStack();
    new EncryptionKey(stack, 'EncryptionKey', { aliasName: 'clearinghouse' });
    template = Template.fromStack(stack);
  });

  it('creates one customer-managed key with yearly rotation, kept when the stack is deleted', () => {
    template.resourceCountIs('AWS::KMS::Key', 1);
    template.hasResource('AWS::KMS::Key', {
      Properties: { EnableKeyRotation: true, PendingWindowInDays: 30 },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
    template.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/clearinghouse' });
  });

  it('lets CloudWatch Logs of this account only (by encryption context) use the key', () => {
    const [key] = Object.values(template.findResources('AWS::KMS::Key'));
    const statements = (key?.Properties as { KeyPolicy: { Statement: Record<string, unknown>[] } })
      .KeyPolicy.Statement;
    const logs = statements.find(
      (statement) => statement.Sid === 'AllowCloudWatchLogsOfThisAccount',
    );

    expect(logs).toMatchObject({
      Effect: 'Allow',
      Principal: {
        Service: { 'Fn::Join': ['', ['logs.', { Ref: 'AWS::Region' }, '.amazonaws.com']] },
      },
      Action: expect.arrayContaining([
        'kms:Encrypt*',
        'kms:Decrypt*',
        'kms:GenerateDataKey*',
      ]) as unknown,
      Condition: {
        ArnLike: {
          'kms:EncryptionContext:aws:logs:arn': {
            'Fn::Join': [
              '',
              [
                'arn:',
                { Ref: 'AWS::Partition' },
                ':logs:',
                { Ref: 'AWS::Region' },
                ':',
                { Ref: 'AWS::AccountId' },
                ':log-group:*',
              ],
            ],
          },
        },
      },
    });
  });
});
