import type { App } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks, HIPAASecurityChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '#infra/app';
import type { ClearinghouseStack } from '#infra/stacks/clearinghouse-stack';
import { buckets, claimsTable, queues } from '#shared/config/resources';
import { cdkContext, globalIndexesOf } from './support.ts';

type Properties = Record<string, unknown>;
type Statement = { Action: string | string[]; Resource: unknown };

describe('ClearinghouseStack', () => {
  let app: App;
  let stack: ClearinghouseStack;
  let template: Template;
  const id = (construct: { node: { defaultChild?: unknown } }): string =>
    stack.getLogicalId(construct.node.defaultChild as never);

  // The whole app, as `cdk synth` builds it (same flags, real bundles), synthesized once.
  beforeAll(() => {
    ({ app, stack } = createApp({ context: cdkContext }));
    template = Template.fromStack(stack);
  });

  const propertiesOf = (type: string, logicalId: string): Properties =>
    (template.findResources(type)[logicalId]?.Properties ?? {}) as Properties;
  const statementsOf = (fn: { role: { policy: { node: { defaultChild?: unknown } } } }) =>
    (
      propertiesOf('AWS::IAM::ManagedPolicy', id(fn.role.policy)).PolicyDocument as {
        Statement: Statement[];
      }
    ).Statement;
  const actions = (statements: Statement[]): string[] =>
    statements.flatMap((s) => [s.Action].flat());

  describe('matches the definitions in shared/config/resources.ts', () => {
    it('creates exactly one table, with the keys, indexes, projections and TTL of the definition', () => {
      template.resourceCountIs('AWS::DynamoDB::Table', 1);
      const table = propertiesOf('AWS::DynamoDB::Table', id(stack.table.table));

      expect(table.KeySchema).toEqual([
        { AttributeName: claimsTable.partitionKey, KeyType: 'HASH' },
        { AttributeName: claimsTable.sortKey, KeyType: 'RANGE' },
      ]);
      expect(table.TimeToLiveSpecification).toEqual({
        AttributeName: claimsTable.timeToLiveAttribute,
        Enabled: true,
      });
      expect(table.GlobalSecondaryIndexes).toEqual(globalIndexesOf(claimsTable));
    });

    it('creates each defined queue and its dead-letter queue with the defined numbers', () => {
      template.resourceCountIs('AWS::SQS::Queue', 2 * Object.keys(queues).length);
      for (const [name, definition] of Object.entries(queues)) {
        const monitored = stack.queues[name as keyof typeof queues];
        const queue = propertiesOf('AWS::SQS::Queue', id(monitored.queue));
        const deadLetterQueue = propertiesOf('AWS::SQS::Queue', id(monitored.deadLetterQueue));

        expect(queue).toMatchObject({
          VisibilityTimeout: definition.visibilityTimeoutSeconds,
          MessageRetentionPeriod: definition.retentionSeconds,
          RedrivePolicy: {
            deadLetterTargetArn: { 'Fn::GetAtt': [id(monitored.deadLetterQueue), 'Arn'] },
            maxReceiveCount: definition.maxReceiveCount,
          },
        });
        expect(deadLetterQueue).toMatchObject({
          MessageRetentionPeriod: definition.deadLetterRetentionSeconds,
        });
      }
    });

    it('creates each defined bucket, plus the access-logs bucket', () => {
      template.resourceCountIs('AWS::S3::Bucket', Object.keys(buckets).length + 1);
      for (const name of Object.keys(buckets)) {
        const bucket = stack.buckets[name as keyof typeof buckets];
        expect(propertiesOf('AWS::S3::Bucket', id(bucket.bucket))).toMatchObject({
          VersioningConfiguration: { Status: 'Enabled' },
        });
      }
    });
  });

  describe('functions', () => {
    const functions = () => ({
      api: stack.apiFunction,
      authorizer: stack.authorizerFunction,
      sweeper: stack.requeueSweeperFunction,
      transmit: stack.transmitFunction,
      noResponseSweeper: stack.noResponseSweeperFunction,
      processResponse: stack.processResponseFunction,
      poll: stack.pollFunction,
      notify: stack.notifyFunction,
    });
    const variablesOf = (fn: { function: { node: { defaultChild?: unknown } } }) =>
      (
        propertiesOf('AWS::Lambda::Function', id(fn.function)).Environment as {
          Variables: Record<string, unknown>;
        }
      ).Variables;

    it('run Node.js 24 on arm64 with X-Ray, Powertools settings and STAGE=cloud', () => {
      template.resourceCountIs('AWS::Lambda::Function', Object.keys(functions()).length);
      for (const fn of Object.values(functions())) {
        const properties = propertiesOf('AWS::Lambda::Function', id(fn.function));
        expect(properties).toMatchObject({
          Runtime: 'nodejs24.x',
          Architectures: ['arm64'],
          TracingConfig: { Mode: 'Active' },
        });
        expect(variablesOf(fn)).toMatchObject({
          STAGE: 'cloud',
          POWERTOOLS_SERVICE_NAME: expect.any(String) as unknown,
          POWERTOOLS_LOG_LEVEL: 'INFO',
          LOG_LEVEL: 'INFO',
        });
        expect(variablesOf(fn)).not.toHaveProperty('POWERTOOLS_LOGGER_LOG_EVENT');
      }
    });

    it('learn the table and the transmit queue from the variables the definitions name', () => {
      const { api, authorizer, sweeper } = functions();
      const table = { Ref: id(stack.table.table) };
      const queue = { Ref: id(stack.queues.transmit.queue) };

      for (const fn of [api, sweeper]) {
        expect(variablesOf(fn)).toMatchObject({
          [claimsTable.environmentVariable]: table,
          [queues.transmit.environmentVariable]: queue,
        });
      }
      expect(variablesOf(authorizer)).toMatchObject({ [claimsTable.environmentVariable]: table });
      expect(variablesOf(authorizer)).not.toHaveProperty(queues.transmit.environmentVariable);
    });

    it('give the authorizer no write access to the table and no access to the queue', () => {
      const granted = actions(statementsOf(stack.authorizerFunction));

      expect(granted).toContain('dynamodb:GetItem');
      for (const write of ['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem']) {
        expect(granted).not.toContain(`dynamodb:${write}`);
      }
      expect(granted.filter((action) => action.startsWith('sqs:'))).toEqual([]);
    });

    it('let the api function and the sweeper write the table and send to the transmit queue', () => {
      const transmitQueue = { 'Fn::GetAtt': [id(stack.queues.transmit.queue), 'Arn'] };
      for (const fn of [stack.apiFunction, stack.requeueSweeperFunction]) {
        const statements = statementsOf(fn);
        const granted = actions(statements);
        expect(granted).toEqual(
          expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:UpdateItem']),
        );
        const send = statements.find((s) => [s.Action].flat().includes('sqs:SendMessage'));
        // the api function sends batch.acknowledged to the notify queue as well
        expect([send?.Resource].flat()).toContainEqual(transmitQueue);
        expect(granted).not.toContain('sqs:ReceiveMessage');
      }
    });

    it('grant nothing on every resource (*) but X-Ray, and no Scan or wildcard action', () => {
      for (const fn of Object.values(functions())) {
        const statements = statementsOf(fn);
        const onEverything = statements.filter((s) => s.Resource === '*');
        expect(actions(onEverything).every((action) => action.startsWith('xray:'))).toBe(true);
        expect(actions(statements)).not.toContain('dynamodb:Scan');
        expect(actions(statements).some((action) => action.includes('*'))).toBe(false);
      }
      template.resourceCountIs('AWS::IAM::Policy', 0);
    });

    it('run the requeue sweeper every 5 minutes', () => {
      template.hasResourceProperties('AWS::Events::Rule', {
        ScheduleExpression: 'rate(5 minutes)',
        Targets: [
          Match.objectLike({
            Arn: { 'Fn::GetAtt': [id(stack.requeueSweeperFunction.function), 'Arn'] },
          }),
        ],
      });
    });
  });

  it('routes the API to the api function behind the authorizer function', () => {
    const authorizer = propertiesOf('AWS::ApiGateway::Authorizer', id(stack.api.authorizer));
    const proxy = propertiesOf('AWS::ApiGateway::Method', id(stack.api.proxyMethod));

    expect(JSON.stringify(authorizer.AuthorizerUri)).toContain(
      id(stack.authorizerFunction.function),
    );
    expect(JSON.stringify(proxy.Integration)).toContain(id(stack.apiFunction.function));
    expect(propertiesOf('AWS::ApiGateway::Method', id(stack.api.healthMethod))).toMatchObject({
      AuthorizationType: 'NONE',
    });
  });

  it('encrypts every log group with the customer-managed key and sets a retention', () => {
    const key = { 'Fn::GetAtt': [id(stack.encryptionKey.key), 'Arn'] };
    const logGroups = Object.values(template.findResources('AWS::Logs::LogGroup'));

    expect(logGroups.length).toBeGreaterThanOrEqual(4);
    for (const logGroup of logGroups) {
      expect(logGroup.Properties).toMatchObject({ KmsKeyId: key, RetentionInDays: 365 });
    }
  });

  it('has no unacknowledged AwsSolutions or HIPAA Security finding, error or warning', () => {
    for (const pack of [new AwsSolutionsChecks(), new HIPAASecurityChecks()]) {
      const report = pack.validateScope(stack);
      const findings = report.violations.map(
        (violation) =>
          `${violation.ruleName} (${violation.severity}): ${violation.violatingResources
            .map((resource) => resource.constructPath)
            .join(', ')}`,
      );
      expect(findings).toEqual([]);
    }
  });

  it('synthesizes the app with the cdk-nag plugins registered, as `npm run synth` does', () => {
    expect(() => app.synth()).not.toThrow();
  });

  it('fails synthesis when a resource breaks a rule and nobody acknowledged it', () => {
    const { app: brokenApp, stack: brokenStack } = createApp({ context: cdkContext });
    new sqs.Queue(brokenStack, 'UnencryptedQueueWithoutDlq', {
      encryption: sqs.QueueEncryption.UNENCRYPTED,
    });

    expect(() => brokenApp.synth()).toThrow(/AwsSolutions-SQS3|HIPAA\.Security-SQSQueue/);
  });
});
