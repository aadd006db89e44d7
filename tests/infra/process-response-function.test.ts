import { beforeAll, describe, expect, it } from 'vitest';
import { buckets, claimsTable, queues } from '#shared/config/resources';
import { synthesizeFunction, type FunctionTemplate } from './support.ts';

describe('process-response function', () => {
  let app: FunctionTemplate;

  beforeAll(() => {
    app = synthesizeFunction((stack) => stack.processResponseFunction);
  });

  const queueArn = (name: keyof typeof queues) => ({
    'Fn::GetAtt': [app.id(app.stack.queues[name].queue), 'Arn'],
  });

  it('consumes the response queue one file per invocation with partial batch responses', () => {
    const mappings = app.eventSourceMappings();

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
      app.template.findResources('AWS::Lambda::Function')[
        app.id(app.stack.processResponseFunction.function)
      ];
    const timeout = (fn?.Properties as { Timeout: number }).Timeout;

    expect(timeout).toBe(900);
    expect(6 * timeout + queues.response.consumer.maxBatchingWindowSeconds).toBeLessThanOrEqual(
      queues.response.visibilityTimeoutSeconds,
    );
  });

  it('sends to the notify queue only, and may change visibility on the response queue only', () => {
    expect(app.granting('sqs:SendMessage').map((statement) => statement.Resource)).toEqual([
      queueArn('notify'),
    ]);
    expect(
      app.granting('sqs:ChangeMessageVisibility').map((statement) => statement.Resource),
    ).toEqual([queueArn('response')]);
  });

  it('only gets inbound answer files from the archive bucket: no put, delete or listing', () => {
    expect(app.archiveGrants()).toEqual([
      { actions: ['s3:GetObject'], resource: app.archiveObjects('inbound/') },
    ]);
  });

  it('reads no secrets and reads and writes the claims table without Scan', () => {
    const variables = (
      app.template.findResources('AWS::Lambda::Function')[
        app.id(app.stack.processResponseFunction.function)
      ]?.Properties as { Environment: { Variables: Record<string, unknown> } }
    ).Environment.Variables;

    expect(
      app.statements.filter((statement) =>
        app.actionsOf(statement).some((action) => action.startsWith('secretsmanager:')),
      ),
    ).toEqual([]);
    expect(app.granting('dynamodb:UpdateItem')).toHaveLength(1);
    expect(app.granting('dynamodb:Scan')).toEqual([]);
    expect(variables).toMatchObject({
      [claimsTable.environmentVariable]: { Ref: app.id(app.stack.table.table) },
      [buckets.archive.environmentVariable]: { Ref: app.id(app.stack.buckets.archive.bucket) },
      [queues.response.environmentVariable]: { Ref: app.id(app.stack.queues.response.queue) },
      [queues.notify.environmentVariable]: { Ref: app.id(app.stack.queues.notify.queue) },
    });
  });

  it('alarms the alarm topic when a malformed answer file is parked', () => {
    const alarm = app.template.findResources('AWS::CloudWatch::Alarm')[
      app.id(app.stack.parkedAnswerFilesAlarm)
    ]?.Properties as Record<string, unknown>;

    expect(alarm).toMatchObject({
      Namespace: 'Clearinghouse',
      MetricName: 'AnswerFilesParked',
      Dimensions: [{ Name: 'service', Value: 'process-response' }],
      Statistic: 'Sum',
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
    });
    expect(alarm.AlarmActions).toEqual([{ Ref: app.id(app.stack.alarms.topic) }]);
  });
});
