import { beforeAll, describe, expect, it } from 'vitest';
import { buckets, claimsTable, connectionSecrets, queues } from '#shared/config/resources';
import { synthesizeFunction, type FunctionTemplate, type Statement } from './support.ts';

describe('poll function', () => {
  let app: FunctionTemplate;

  beforeAll(() => {
    app = synthesizeFunction((stack) => stack.pollFunction);
  });

  it('runs every minute on an EventBridge schedule, and within that minute', () => {
    const rules = Object.values(app.template.findResources('AWS::Events::Rule'))
      .map((resource) => resource.Properties as Record<string, unknown>)
      .filter((properties) =>
        JSON.stringify(properties.Targets).includes(app.id(app.stack.pollFunction.function)),
      );
    const fn =
      app.template.findResources('AWS::Lambda::Function')[app.id(app.stack.pollFunction.function)];

    expect(rules).toHaveLength(1);
    expect(rules[0]).toMatchObject({ ScheduleExpression: 'rate(1 minute)', State: 'ENABLED' });
    expect((fn?.Properties as { Timeout: number }).Timeout).toBeLessThan(60);
  });

  it('sends to the response queue only, and consumes no queue', () => {
    expect(app.granting('sqs:SendMessage').map((statement) => statement.Resource)).toEqual([
      { 'Fn::GetAtt': [app.id(app.stack.queues.response.queue), 'Arn'] },
    ]);
    expect(app.granting('sqs:ReceiveMessage')).toEqual([]);
    const mappings = Object.values(
      app.template.findResources('AWS::Lambda::EventSourceMapping'),
    ).filter((resource) =>
      JSON.stringify(resource.Properties).includes(app.id(app.stack.pollFunction.function)),
    );
    expect(mappings).toEqual([]);
  });

  it('only puts answer files under inbound/ of the archive bucket: no get, delete or listing', () => {
    expect(app.archiveGrants()).toEqual([
      { actions: ['s3:PutObject'], resource: app.archiveObjects('inbound/') },
    ]);
  });

  it('reads only the payer connection secrets, by their name prefix', () => {
    const secrets = app.statements.filter((statement) =>
      app.actionsOf(statement).some((action) => action.startsWith('secretsmanager:')),
    );

    expect(secrets).toHaveLength(1);
    expect(app.actionsOf(secrets[0] as Statement)).toEqual(['secretsmanager:GetSecretValue']);
    expect(JSON.stringify(secrets[0]?.Resource)).toContain(
      `:secret:${connectionSecrets.namePrefix}*`,
    );
  });

  it('reads and writes the claims table without Scan and learns the table, queue and bucket', () => {
    const variables = (
      app.template.findResources('AWS::Lambda::Function')[app.id(app.stack.pollFunction.function)]
        ?.Properties as { Environment: { Variables: Record<string, unknown> } }
    ).Environment.Variables;

    expect(app.granting('dynamodb:PutItem')).toHaveLength(1);
    expect(app.granting('dynamodb:Scan')).toEqual([]);
    expect(variables).toMatchObject({
      [claimsTable.environmentVariable]: { Ref: app.id(app.stack.table.table) },
      [buckets.archive.environmentVariable]: { Ref: app.id(app.stack.buckets.archive.bucket) },
      [queues.response.environmentVariable]: { Ref: app.id(app.stack.queues.response.queue) },
    });
    expect(variables).not.toHaveProperty(queues.transmit.environmentVariable);
  });
});
