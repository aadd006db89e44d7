import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '#infra/app';
import { buckets, claimsTable, queues } from '#infra/resources';
import type { ClearinghouseStack } from '#infra/stacks/clearinghouse-stack';
import { cdkContext } from './support.ts';

type Statement = { Action: string | string[]; Resource: unknown; Effect: string };

describe('process-response function', () => {
  let stack: ClearinghouseStack;
  let template: Template;
  let statements: Statement[];
  const id = (construct: { node: { defaultChild?: unknown } }): string =>
    stack.getLogicalId(construct.node.defaultChild as never);
  const actionsOf = (statement: Statement) => [statement.Action].flat();
  const granting = (action: string) =>
    statements.filter((statement) => actionsOf(statement).includes(action));
  const queueArn = (name: keyof typeof queues) => ({
    'Fn::GetAtt': [id(stack.queues[name].queue), 'Arn'],
  });

  beforeAll(() => {
    ({ stack } = createApp({ context: cdkContext }));
    template = Template.fromStack(stack);
    const policy = template.findResources('AWS::IAM::ManagedPolicy')[
      id(stack.processResponseFunction.role.policy)
    ] as { Properties: { PolicyDocument: { Statement: Statement[] } } };
    statements = policy.Properties.PolicyDocument.Statement;
  });

  it('consumes the response queue one file per invocation with partial batch responses', () => {
    const mappings = Object.values(template.findResources('AWS::Lambda::EventSourceMapping'))
      .map((resource) => resource.Properties as Record<string, unknown>)
      .filter((properties) =>
        JSON.stringify(properties.FunctionName).includes(
          id(stack.processResponseFunction.function),
        ),
      );

    expect(mappings).toHaveLength(1);
    expect(mappings[0]).toMatchObject({
      EventSourceArn: queueArn('response'),
      BatchSize: queues.response.consumer.batchSize,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 2 },
    });
  });

  it('has a timeout whose 6 times plus the batching window fits the response queue visibility', () => {
    const fn =
      template.findResources('AWS::Lambda::Function')[id(stack.processResponseFunction.function)];
    const timeout = (fn?.Properties as { Timeout: number }).Timeout;

    expect(timeout).toBe(900);
    expect(6 * timeout + queues.response.consumer.maxBatchingWindowSeconds).toBeLessThanOrEqual(
      queues.response.visibilityTimeoutSeconds,
    );
  });

  it('sends to the notify queue only, and may change visibility on the response queue only', () => {
    expect(granting('sqs:SendMessage').map((statement) => statement.Resource)).toEqual([
      queueArn('notify'),
    ]);
    expect(granting('sqs:ChangeMessageVisibility').map((statement) => statement.Resource)).toEqual([
      queueArn('response'),
    ]);
  });

  it('only gets inbound answer files from the archive bucket: no put, delete or listing', () => {
    const bucketArn = { 'Fn::GetAtt': [id(stack.buckets.archive.bucket), 'Arn'] };
    const archive = statements.filter((statement) =>
      actionsOf(statement).some((action) => action.startsWith('s3:')),
    );

    expect(archive).toHaveLength(1);
    expect(actionsOf(archive[0] as Statement)).toEqual(['s3:GetObject']);
    expect(archive[0]?.Resource).toEqual({ 'Fn::Join': ['', [bucketArn, '/inbound/*']] });
  });

  it('reads no secrets and reads and writes the claims table without Scan', () => {
    const variables = (
      template.findResources('AWS::Lambda::Function')[id(stack.processResponseFunction.function)]
        ?.Properties as { Environment: { Variables: Record<string, unknown> } }
    ).Environment.Variables;

    expect(
      statements.filter((statement) =>
        actionsOf(statement).some((action) => action.startsWith('secretsmanager:')),
      ),
    ).toEqual([]);
    expect(granting('dynamodb:UpdateItem')).toHaveLength(1);
    expect(granting('dynamodb:Scan')).toEqual([]);
    expect(variables).toMatchObject({
      [claimsTable.environmentVariable]: { Ref: id(stack.table.table) },
      [buckets.archive.environmentVariable]: { Ref: id(stack.buckets.archive.bucket) },
      [queues.response.environmentVariable]: { Ref: id(stack.queues.response.queue) },
      [queues.notify.environmentVariable]: { Ref: id(stack.queues.notify.queue) },
    });
  });

  it('alarms the alarm topic when a malformed answer file is parked', () => {
    const alarm = template.findResources('AWS::CloudWatch::Alarm')[id(stack.parkedAnswerFilesAlarm)]
      ?.Properties as Record<string, unknown>;

    expect(alarm).toMatchObject({
      Namespace: 'Clearinghouse',
      MetricName: 'AnswerFilesParked',
      Dimensions: [{ Name: 'service', Value: 'process-response' }],
      Statistic: 'Sum',
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
    });
    expect(alarm.AlarmActions).toEqual([{ Ref: id(stack.alarms.topic) }]);
  });
});
