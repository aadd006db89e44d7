import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, it } from 'vitest';
import { AlarmTopic } from '#infra/constructs/alarm-topic';
import { testKey, testStack } from './support.ts';

describe('AlarmTopic', () => {
  let template: Template;
  let keyLogicalId: string;
  beforeAll(() => {
    const stack = testStack();
    const key = testKey(stack);
    new AlarmTopic(stack, 'Alarms', { encryptionKey: key });
    keyLogicalId = stack.getLogicalId(key.node.defaultChild as never);
    template = Template.fromStack(stack);
  });

  it('encrypts the topic with the customer-managed key', () => {
    template.hasResourceProperties('AWS::SNS::Topic', {
      KmsMasterKeyId: { 'Fn::GetAtt': [keyLogicalId, 'Arn'] },
    });
  });

  it('denies publishing and subscribing without TLS', () => {
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
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
