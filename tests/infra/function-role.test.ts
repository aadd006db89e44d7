import * as iam from 'aws-cdk-lib/aws-iam';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { FunctionRole } from '#infra/constructs/function-role';
import { testStack } from './support.ts';

const queueArn = 'arn:aws:sqs:us-east-1:123456789012:transmit';
const tableArn = 'arn:aws:dynamodb:us-east-1:123456789012:table/claims';

describe('FunctionRole', () => {
  let template: Template;
  beforeAll(() => {
    const stack = testStack();
    const role = new FunctionRole(stack, 'Role');
    role.addToPolicy(
      new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [queueArn] }),
    );
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['dynamodb:GetItem'], resources: [tableArn] }),
    );
    template = Template.fromStack(stack);
  });

  it('is assumable by Lambda only', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Action: 'sts:AssumeRole',
            Effect: 'Allow',
            Principal: { Service: 'lambda.amazonaws.com' },
          },
        ],
      },
    });
  });

  it('puts every grant in one customer-managed policy, never in an inline policy', () => {
    template.resourceCountIs('AWS::IAM::Policy', 0);
    template.resourceCountIs('AWS::IAM::ManagedPolicy', 1);
    const [policy] = Object.values(template.findResources('AWS::IAM::ManagedPolicy'));
    const statements = (policy?.Properties as { PolicyDocument: { Statement: unknown[] } })
      .PolicyDocument.Statement;

    expect(statements).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Action: 'sqs:SendMessage', Resource: queueArn }),
        expect.objectContaining({ Action: 'dynamodb:GetItem', Resource: tableArn }),
      ]),
    );
    const [role] = Object.values(template.findResources('AWS::IAM::Role'));
    expect(role?.Properties).not.toHaveProperty('Policies');
    expect(role?.Properties).not.toHaveProperty('ManagedPolicyArns');
  });
});
