import { join, relative } from 'node:path';
import { Duration, type Stack } from 'aws-cdk-lib';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as events from 'aws-cdk-lib/aws-events';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { ArchiveBucket } from '#infra/constructs/archive-bucket';
import { ClaimsFunction, projectRoot } from '#infra/constructs/claims-function';
import { ClaimsTable } from '#infra/constructs/claims-table';
import { MonitoredQueue } from '#infra/constructs/monitored-queue';
import { buckets, claimsTable, queues } from '#shared/config/resources';
import { testKey, testStack } from './support.ts';

const entry = relative(projectRoot, join(import.meta.dirname, 'fixtures/handler.ts'));

type Statement = { Action: string | string[]; Resource: unknown; Condition?: unknown };

describe('ClaimsFunction', () => {
  let stack: Stack;
  let template: Template;
  let ids: Record<'writer' | 'reader' | 'table' | 'queue' | 'bucket' | 'key', string>;

  // One stack, one bundle (both functions share the entry, so esbuild runs once). What the
  // synthesized bundles hold and that they run: tests/e2e/synthesized-bundles.test.ts.
  beforeAll(() => {
    stack = testStack();
    const key = testKey(stack);
    const table = new ClaimsTable(stack, 'Table', { definition: claimsTable, encryptionKey: key });
    const queue = new MonitoredQueue(stack, 'Queue', {
      definition: queues.transmit,
      encryptionKey: key,
      alarmAction: new cloudwatchActions.SnsAction(new sns.Topic(stack, 'Alarms')),
    });
    const bucket = new ArchiveBucket(stack, 'Archive', {
      definition: buckets.archive,
      encryptionKey: key,
      serverAccessLogsBucket: new s3.Bucket(stack, 'Logs'),
    });
    const writer = new ClaimsFunction(stack, 'Writer', {
      entry,
      serviceName: 'writer',
      encryptionKey: key,
      timeout: Duration.seconds(20),
      logLevel: 'DEBUG',
      environment: { EXTRA: 'yes', LOG_LEVEL: 'WARN' },
    })
      .bindTable(table, 'RW')
      .bindQueue(queue, 'send')
      .bindBucket(bucket, 'RW');
    writer.runOnSchedule(events.Schedule.rate(Duration.minutes(5)), 'test schedule');
    const reader = new ClaimsFunction(stack, 'Reader', {
      entry,
      serviceName: 'reader',
      encryptionKey: key,
    }).bindTable(table, 'RO');

    const logicalId = (construct: { node: { defaultChild?: unknown } }): string =>
      stack.getLogicalId(construct.node.defaultChild as never);
    ids = {
      writer: logicalId(writer.function),
      reader: logicalId(reader.function),
      table: logicalId(table.table),
      queue: logicalId(queue.queue),
      bucket: logicalId(bucket.bucket),
      key: logicalId(key),
    };
    template = Template.fromStack(stack);
  });

  const fn = (id: string): unknown =>
    (template.findResources('AWS::Lambda::Function')[id] as { Properties?: unknown } | undefined)
      ?.Properties;
  const policyOf = (functionId: string): Statement[] => {
    const roleId = (fn(functionId) as { Role: { 'Fn::GetAtt': [string, string] } }).Role[
      'Fn::GetAtt'
    ][0];
    const policies = Object.values(template.findResources('AWS::IAM::ManagedPolicy')).filter(
      (policy) => JSON.stringify(policy.Properties).includes(`"Ref":"${roleId}"`),
    );
    return policies.flatMap(
      (policy) =>
        (policy.Properties as { PolicyDocument: { Statement: Statement[] } }).PolicyDocument
          .Statement,
    );
  };
  const actionsOf = (functionId: string): string[] =>
    policyOf(functionId).flatMap((statement) => [statement.Action].flat());

  it('runs on Node.js 24 on arm64 with active X-Ray tracing and the given timeout', () => {
    expect(fn(ids.writer)).toMatchObject({
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      TracingConfig: { Mode: 'Active' },
      Timeout: 20,
      MemorySize: 1024,
      Handler: 'index.handler',
    });
    expect(fn(ids.reader)).toMatchObject({ Timeout: 10 });
  });

  it('sets the Powertools variables and STAGE=cloud, merging the caller environment over them', () => {
    const variables = (fn(ids.writer) as { Environment: { Variables: Record<string, unknown> } })
      .Environment.Variables;

    expect(variables).toMatchObject({
      STAGE: 'cloud',
      POWERTOOLS_SERVICE_NAME: 'writer',
      POWERTOOLS_LOG_LEVEL: 'DEBUG',
      LOG_LEVEL: 'WARN',
      EXTRA: 'yes',
      NODE_OPTIONS: '--enable-source-maps',
    });
    expect(variables).not.toHaveProperty('POWERTOOLS_LOGGER_LOG_EVENT');
  });

  it('sets each bound resource variable, named by its definition', () => {
    const variables = (fn(ids.writer) as { Environment: { Variables: Record<string, unknown> } })
      .Environment.Variables;

    expect(variables).toMatchObject({
      [claimsTable.environmentVariable]: { Ref: ids.table },
      [queues.transmit.environmentVariable]: { Ref: ids.queue },
      [buckets.archive.environmentVariable]: { Ref: ids.bucket },
    });
  });

  it('logs to its own log group, encrypted with the key and kept for a year', () => {
    const logGroupId = (fn(ids.writer) as { LoggingConfig: { LogGroup: { Ref: string } } })
      .LoggingConfig.LogGroup.Ref;

    expect(template.findResources('AWS::Logs::LogGroup')[logGroupId]).toMatchObject({
      Properties: { RetentionInDays: 365, KmsKeyId: { 'Fn::GetAtt': [ids.key, 'Arn'] } },
      DeletionPolicy: 'Retain',
    });
    expect(fn(ids.writer)).toMatchObject({ LoggingConfig: { LogFormat: 'JSON' } });
  });

  it('grants item reads and writes on the table and each index for RW, without Scan', () => {
    const statement = policyOf(ids.writer).find((s) =>
      [s.Action].flat().includes('dynamodb:PutItem'),
    );

    expect([statement?.Action].flat()).toEqual(
      expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:UpdateItem']),
    );
    expect(JSON.stringify(statement?.Resource)).toContain('/index/gsi1');
    expect(actionsOf(ids.writer)).not.toContain('dynamodb:Scan');
  });

  it('grants no write action on the table for RO', () => {
    const actions = actionsOf(ids.reader);

    expect(actions).toContain('dynamodb:GetItem');
    for (const write of ['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem']) {
      expect(actions).not.toContain(`dynamodb:${write}`);
    }
    expect(actions).not.toContain('kms:Encrypt');
    expect(actions.some((action) => action.startsWith('sqs:'))).toBe(false);
  });

  it('lets the key be used only through the service that needs it', () => {
    const kmsConditions = policyOf(ids.writer)
      .filter((statement) => [statement.Action].flat().includes('kms:GenerateDataKey'))
      .map((statement) => JSON.stringify(statement.Condition));

    expect(
      kmsConditions.some((c) => c.includes('kms:ViaService') && c.includes('"dynamodb."')),
    ).toBe(true);
    expect(kmsConditions.some((c) => c.includes('kms:ViaService') && c.includes('"sqs."'))).toBe(
      true,
    );
  });

  it('grants sending to the queue for send', () => {
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: Match.arrayWith(['sqs:SendMessage']),
            Resource: { 'Fn::GetAtt': [ids.queue, 'Arn'] },
          }),
        ]),
      },
    });
  });

  it('keeps every permission in a managed policy, none inline', () => {
    template.resourceCountIs('AWS::IAM::Policy', 0);
  });

  it('runs on an EventBridge schedule when asked', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(5 minutes)',
      State: 'ENABLED',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [ids.writer, 'Arn'] } })],
    });
  });
});
