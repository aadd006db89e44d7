import { beforeAll, describe, expect, it } from 'vitest';
import { buckets, claimsTable, connectionSecrets, queues } from '#shared/config/resources';
import { synthesizeFunction, type FunctionTemplate, type Statement } from './support.ts';

describe('transmit function', () => {
  let app: FunctionTemplate;

  beforeAll(() => {
    app = synthesizeFunction((stack) => stack.transmitFunction);
  });

  it('consumes the transmit queue with the definition batch settings, partial batch responses and bounded concurrency', () => {
    const mappings = app.eventSourceMappings();

    expect(mappings).toHaveLength(1);
    expect(mappings[0]).toMatchObject({
      EventSourceArn: { 'Fn::GetAtt': [app.id(app.stack.queues.transmit.queue), 'Arn'] },
      BatchSize: queues.transmit.consumer.batchSize,
      MaximumBatchingWindowInSeconds: queues.transmit.consumer.maxBatchingWindowSeconds,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: queues.transmit.consumer.maxConcurrency },
    });
  });

  it('has a timeout whose 6 times plus the batching window fits the queue visibility timeout', () => {
    const fn =
      app.template.findResources('AWS::Lambda::Function')[
        app.id(app.stack.transmitFunction.function)
      ];
    const timeout = (fn?.Properties as { Timeout: number }).Timeout;

    expect(6 * timeout + queues.transmit.consumer.maxBatchingWindowSeconds).toBeLessThanOrEqual(
      queues.transmit.visibilityTimeoutSeconds,
    );
  });

  it('may change message visibility on the transmit queue (the backoff) and sends only to the notify queue', () => {
    const visibility = app.granting('sqs:ChangeMessageVisibility');

    expect(visibility.map((statement) => statement.Resource)).toContainEqual({
      'Fn::GetAtt': [app.id(app.stack.queues.transmit.queue), 'Arn'],
    });
    expect(app.granting('sqs:SendMessage').map((statement) => statement.Resource)).toEqual([
      { 'Fn::GetAtt': [app.id(app.stack.queues.notify.queue), 'Arn'] },
    ]);
  });

  it('reads only the payer connection secrets, by their name prefix', () => {
    const secrets = app.statements.filter((statement) =>
      app.actionsOf(statement).some((action) => action.startsWith('secretsmanager:')),
    );

    expect(secrets).toHaveLength(1);
    expect(app.actionsOf(secrets[0] as Statement)).toEqual(['secretsmanager:GetSecretValue']);
    const resource = JSON.stringify(secrets[0]?.Resource);
    expect(resource).toContain(`:secret:${connectionSecrets.namePrefix}*`);
    expect(resource).not.toMatch(/:secret:\*/);
  });

  it('puts and gets outbound files in the archive bucket, and never deletes or lists it', () => {
    expect(app.archiveGrants()).toEqual([
      { actions: ['s3:GetObject', 's3:PutObject'], resource: app.archiveObjects('outbound/') },
    ]);
  });

  it('reads and writes the claims table and learns the table, queue and bucket names', () => {
    const variables = (
      app.template.findResources('AWS::Lambda::Function')[
        app.id(app.stack.transmitFunction.function)
      ]?.Properties as { Environment: { Variables: Record<string, unknown> } }
    ).Environment.Variables;

    expect(app.granting('dynamodb:UpdateItem')).toHaveLength(1);
    expect(app.granting('dynamodb:Scan')).toEqual([]);
    expect(variables).toMatchObject({
      [claimsTable.environmentVariable]: { Ref: app.id(app.stack.table.table) },
      [buckets.archive.environmentVariable]: { Ref: app.id(app.stack.buckets.archive.bucket) },
      [queues.transmit.environmentVariable]: { Ref: app.id(app.stack.queues.transmit.queue) },
    });
  });
});
