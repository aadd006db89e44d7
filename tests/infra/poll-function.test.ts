import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '#infra/app';
import { buckets, claimsTable, connectionSecrets, queues } from '#infra/resources';
import type { ClearinghouseStack } from '#infra/stacks/clearinghouse-stack';
import { cdkContext } from './support.ts';

type Statement = { Action: string | string[]; Resource: unknown; Effect: string };

describe('poll function', () => {
  let stack: ClearinghouseStack;
  let template: Template;
  let statements: Statement[];
  const id = (construct: { node: { defaultChild?: unknown } }): string =>
    stack.getLogicalId(construct.node.defaultChild as never);
  const actionsOf = (statement: Statement) => [statement.Action].flat();
  const granting = (action: string) =>
    statements.filter((statement) => actionsOf(statement).includes(action));

  beforeAll(() => {
    ({ stack } = createApp({ context: cdkContext }));
    template = Template.fromStack(stack);
    const policy = template.findResources('AWS::IAM::ManagedPolicy')[
      id(stack.pollFunction.role.policy)
    ] as { Properties: { PolicyDocument: { Statement: Statement[] } } };
    statements = policy.Properties.PolicyDocument.Statement;
  });

  it('runs every minute on an EventBridge schedule, and within that minute', () => {
    const rules = Object.values(template.findResources('AWS::Events::Rule'))
      .map((resource) => resource.Properties as Record<string, unknown>)
      .filter((properties) =>
        JSON.stringify(properties.Targets).includes(id(stack.pollFunction.function)),
      );
    const fn = template.findResources('AWS::Lambda::Function')[id(stack.pollFunction.function)];

    expect(rules).toHaveLength(1);
    expect(rules[0]).toMatchObject({ ScheduleExpression: 'rate(1 minute)', State: 'ENABLED' });
    expect((fn?.Properties as { Timeout: number }).Timeout).toBeLessThan(60);
  });

  it('sends to the response queue only, and consumes no queue', () => {
    expect(granting('sqs:SendMessage').map((statement) => statement.Resource)).toEqual([
      { 'Fn::GetAtt': [id(stack.queues.response.queue), 'Arn'] },
    ]);
    expect(granting('sqs:ReceiveMessage')).toEqual([]);
    const mappings = Object.values(
      template.findResources('AWS::Lambda::EventSourceMapping'),
    ).filter((resource) =>
      JSON.stringify(resource.Properties).includes(id(stack.pollFunction.function)),
    );
    expect(mappings).toEqual([]);
  });

  it('only puts answer files under inbound/ of the archive bucket: no get, delete or listing', () => {
    const bucketArn = { 'Fn::GetAtt': [id(stack.buckets.archive.bucket), 'Arn'] };
    const archive = statements.filter((statement) =>
      actionsOf(statement).some((action) => action.startsWith('s3:')),
    );

    expect(archive).toHaveLength(1);
    expect(actionsOf(archive[0] as Statement)).toEqual(['s3:PutObject']);
    expect(archive[0]?.Resource).toEqual({ 'Fn::Join': ['', [bucketArn, '/inbound/*']] });
  });

  it('reads only the payer connection secrets, by their name prefix', () => {
    const secrets = statements.filter((statement) =>
      actionsOf(statement).some((action) => action.startsWith('secretsmanager:')),
    );

    expect(secrets).toHaveLength(1);
    expect(actionsOf(secrets[0] as Statement)).toEqual(['secretsmanager:GetSecretValue']);
    expect(JSON.stringify(secrets[0]?.Resource)).toContain(
      `:secret:${connectionSecrets.namePrefix}*`,
    );
  });

  it('reads and writes the claims table without Scan and learns the table, queue and bucket', () => {
    const variables = (
      template.findResources('AWS::Lambda::Function')[id(stack.pollFunction.function)]
        ?.Properties as { Environment: { Variables: Record<string, unknown> } }
    ).Environment.Variables;

    expect(granting('dynamodb:PutItem')).toHaveLength(1);
    expect(granting('dynamodb:Scan')).toEqual([]);
    expect(variables).toMatchObject({
      [claimsTable.environmentVariable]: { Ref: id(stack.table.table) },
      [buckets.archive.environmentVariable]: { Ref: id(stack.buckets.archive.bucket) },
      [queues.response.environmentVariable]: { Ref: id(stack.queues.response.queue) },
    });
    expect(variables).not.toHaveProperty(queues.transmit.environmentVariable);
  });
});
