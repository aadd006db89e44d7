import { beforeAll, describe, expect, it } from 'vitest';
import { buckets, queues } from '#shared/config/resources';
import { BATCH_ARCHIVE_PREFIX } from '#shared/storage/s3/archive-keys';
import { Template } from 'aws-cdk-lib/assertions';
import { createApp } from '#infra/app';
import type { ClearinghouseStack } from '#infra/stacks/clearinghouse-stack';
import {
  cdkContext,
  synthesizeFunction,
  type FunctionTemplate,
  type Statement,
} from './support.ts';

describe('api function', () => {
  let app: FunctionTemplate;

  beforeAll(() => {
    app = synthesizeFunction((stack) => stack.apiFunction);
  });

  const arnOf = (construct: { node: { defaultChild?: unknown } }) => ({
    'Fn::GetAtt': [app.id(construct), 'Arn'],
  });

  it('sends to the transmit queue (claims) and the notify queue (batch.acknowledged) only', () => {
    const resources = app
      .granting('sqs:SendMessage')
      .flatMap((statement) => [statement.Resource].flat());

    expect(resources).toHaveLength(2);
    expect(resources).toEqual(
      expect.arrayContaining([
        arnOf(app.stack.queues.transmit.queue),
        arnOf(app.stack.queues.notify.queue),
      ]),
    );
    expect(app.granting('sqs:ReceiveMessage')).toEqual([]);
  });

  it('only puts and gets batch files under inbound-batches/ of the archive bucket: no delete or listing', () => {
    expect(app.archiveGrants()).toEqual([
      {
        actions: ['s3:GetObject', 's3:PutObject'],
        resource: app.archiveObjects(BATCH_ARCHIVE_PREFIX),
      },
    ]);
  });

  it('uses the encryption key for S3 objects through S3 only', () => {
    const kms = app.statements.filter((statement) =>
      app.actionsOf(statement).includes('kms:GenerateDataKey'),
    ) as (Statement & { Condition?: unknown })[];
    const viaS3 = kms.filter((statement) => JSON.stringify(statement.Condition).includes('"s3."'));

    expect(viaS3).toHaveLength(1);
    expect(app.actionsOf(viaS3[0] as Statement).toSorted()).toEqual([
      'kms:Decrypt',
      'kms:GenerateDataKey',
    ]);
  });

  it('learns the archive bucket and the notify queue from the variables the definitions name', () => {
    const variables = (
      app.template.findResources('AWS::Lambda::Function')[app.id(app.stack.apiFunction.function)]
        ?.Properties as { Environment: { Variables: Record<string, unknown> } }
    ).Environment.Variables;

    expect(variables).toMatchObject({
      [buckets.archive.environmentVariable]: { Ref: app.id(app.stack.buckets.archive.bucket) },
      [queues.notify.environmentVariable]: { Ref: app.id(app.stack.queues.notify.queue) },
    });
  });

  it('is given PUBLIC_BASE_URL only when the deployment names a public base URL', () => {
    const variablesOf = (stack: ClearinghouseStack) =>
      (
        Template.fromStack(stack).findResources('AWS::Lambda::Function')[
          stack.getLogicalId(stack.apiFunction.function.node.defaultChild as never)
        ]?.Properties as { Environment: { Variables: Record<string, unknown> } }
      ).Environment.Variables;
    const deployment = cdkContext.clearinghouse as Record<string, unknown>;
    const { stack: named } = createApp({
      context: {
        ...cdkContext,
        clearinghouse: { ...deployment, publicBaseUrl: 'https://claims.example.com/api' },
        // the environment is all this test reads: no bundles
        'aws:cdk:bundling-stacks': [],
      },
    });

    expect(variablesOf(named).PUBLIC_BASE_URL).toBe('https://claims.example.com/api');
    expect(variablesOf(app.stack)).not.toHaveProperty('PUBLIC_BASE_URL');
  });
});
