import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '#infra/app';
import { buckets, claimsTable, connectionSecrets, queues } from '#infra/resources';
import type { ClearinghouseStack } from '#infra/stacks/clearinghouse-stack';
import { cdkContext } from './support.ts';

type Statement = { Action: string | string[]; Resource: unknown; Effect: string };

describe('transmit function', () => {
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
      id(stack.transmitFunction.role.policy)
    ] as { Properties: { PolicyDocument: { Statement: Statement[] } } };
    statements = policy.Properties.PolicyDocument.Statement;
  });

  it('consumes the transmit queue with the definition batch settings, partial batch responses and bounded concurrency', () => {
    const mappings = Object.values(template.findResources('AWS::Lambda::EventSourceMapping'))
      .map((resource) => resource.Properties as Record<string, unknown>)
      .filter((properties) =>
        JSON.stringify(properties.FunctionName).includes(id(stack.transmitFunction.function)),
      );

    expect(mappings).toHaveLength(1);
    expect(mappings[0]).toMatchObject({
      EventSourceArn: { 'Fn::GetAtt': [id(stack.queues.transmit.queue), 'Arn'] },
      BatchSize: queues.transmit.consumer.batchSize,
      MaximumBatchingWindowInSeconds: queues.transmit.consumer.maxBatchingWindowSeconds,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: queues.transmit.consumer.maxConcurrency },
    });
  });

  it('has a timeout whose 6 times plus the batching window fits the queue visibility timeout', () => {
    const fn = template.findResources('AWS::Lambda::Function')[id(stack.transmitFunction.function)];
    const timeout = (fn?.Properties as { Timeout: number }).Timeout;

    expect(6 * timeout + queues.transmit.consumer.maxBatchingWindowSeconds).toBeLessThanOrEqual(
      queues.transmit.visibilityTimeoutSeconds,
    );
  });

  it('may change message visibility on the transmit queue (the backoff) and sends only to the notify queue', () => {
    const visibility = granting('sqs:ChangeMessageVisibility');

    expect(visibility.map((statement) => statement.Resource)).toContainEqual({
      'Fn::GetAtt': [id(stack.queues.transmit.queue), 'Arn'],
    });
    expect(granting('sqs:SendMessage').map((statement) => statement.Resource)).toEqual([
      { 'Fn::GetAtt': [id(stack.queues.notify.queue), 'Arn'] },
    ]);
  });

  it('reads only the payer connection secrets, by their name prefix', () => {
    const secrets = statements.filter((statement) =>
      actionsOf(statement).some((action) => action.startsWith('secretsmanager:')),
    );

    expect(secrets).toHaveLength(1);
    expect(actionsOf(secrets[0] as Statement)).toEqual(['secretsmanager:GetSecretValue']);
    const resource = JSON.stringify(secrets[0]?.Resource);
    expect(resource).toContain(`:secret:${connectionSecrets.namePrefix}*`);
    expect(resource).not.toMatch(/:secret:\*/);
  });

  it('puts and gets outbound files in the archive bucket, and never deletes or lists it', () => {
    const bucketArn = { 'Fn::GetAtt': [id(stack.buckets.archive.bucket), 'Arn'] };
    const archive = statements.filter((statement) =>
      actionsOf(statement).some((action) => action.startsWith('s3:')),
    );

    expect(archive).toHaveLength(1);
    expect(actionsOf(archive[0] as Statement).toSorted()).toEqual(['s3:GetObject', 's3:PutObject']);
    expect(archive[0]?.Resource).toEqual({ 'Fn::Join': ['', [bucketArn, '/outbound/*']] });
  });

  it('reads and writes the claims table and learns the table, queue and bucket names', () => {
    const variables = (
      template.findResources('AWS::Lambda::Function')[id(stack.transmitFunction.function)]
        ?.Properties as { Environment: { Variables: Record<string, unknown> } }
    ).Environment.Variables;

    expect(granting('dynamodb:UpdateItem')).toHaveLength(1);
    expect(granting('dynamodb:Scan')).toEqual([]);
    expect(variables).toMatchObject({
      [claimsTable.environmentVariable]: { Ref: id(stack.table.table) },
      [buckets.archive.environmentVariable]: { Ref: id(stack.buckets.archive.bucket) },
      [queues.transmit.environmentVariable]: { Ref: id(stack.queues.transmit.queue) },
    });
  });
});
