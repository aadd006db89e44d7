import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '#infra/app';
import { claimsTable, queues } from '#infra/resources';
import type { ClearinghouseStack } from '#infra/stacks/clearinghouse-stack';
import { totalRetrySeconds } from '#shared/webhooks/retry-schedule';
import { cdkContext } from './support.ts';

type Statement = { Action: string | string[]; Resource: unknown; Effect: string };

describe('notify function (webhooks)', () => {
  let stack: ClearinghouseStack;
  let template: Template;
  let statements: Statement[];
  const id = (construct: { node: { defaultChild?: unknown } }): string =>
    stack.getLogicalId(construct.node.defaultChild as never);
  const actionsOf = (statement: Statement) => [statement.Action].flat();
  const granting = (action: string) =>
    statements.filter((statement) => actionsOf(statement).includes(action));
  const arnOf = (construct: { node: { defaultChild?: unknown } }) => ({
    'Fn::GetAtt': [id(construct), 'Arn'],
  });

  beforeAll(() => {
    ({ stack } = createApp({ context: cdkContext }));
    template = Template.fromStack(stack);
    const policy = template.findResources('AWS::IAM::ManagedPolicy')[
      id(stack.notifyFunction.role.policy)
    ] as { Properties: { PolicyDocument: { Statement: Statement[] } } };
    statements = policy.Properties.PolicyDocument.Statement;
  });

  const mappings = () =>
    Object.values(template.findResources('AWS::Lambda::EventSourceMapping'))
      .map((resource) => resource.Properties as Record<string, unknown>)
      .filter((properties) =>
        JSON.stringify(properties.FunctionName).includes(id(stack.notifyFunction.function)),
      );

  it('consumes the notify queue and the webhook-delivery queue with partial batch responses', () => {
    const found = mappings();

    expect(found).toHaveLength(2);
    expect(found).toContainEqual(
      expect.objectContaining({
        EventSourceArn: arnOf(stack.queues.notify.queue),
        BatchSize: queues.notify.consumer.batchSize,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      }),
    );
    expect(found).toContainEqual(
      expect.objectContaining({
        EventSourceArn: arnOf(stack.queues.webhookDelivery.queue),
        BatchSize: queues.webhookDelivery.consumer.batchSize,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      }),
    );
  });

  it('has a timeout whose 6 times plus the batching window fits both queues', () => {
    const fn = template.findResources('AWS::Lambda::Function')[id(stack.notifyFunction.function)];
    const timeout = (fn?.Properties as { Timeout: number }).Timeout;

    for (const definition of [queues.notify, queues.webhookDelivery]) {
      expect(6 * timeout + definition.consumer.maxBatchingWindowSeconds).toBeLessThanOrEqual(
        definition.visibilityTimeoutSeconds,
      );
    }
  });

  it('sends retries to the delivery queue and parks in its DLQ, and sends nowhere else', () => {
    const resources = granting('sqs:SendMessage').map((statement) => statement.Resource);

    expect(resources.toSorted()).toEqual(
      [
        arnOf(stack.queues.webhookDelivery.queue),
        arnOf(stack.queues.webhookDelivery.deadLetterQueue),
      ].toSorted(),
    );
  });

  it('reads and writes the table and learns the table, queue and DLQ names', () => {
    const variables = (
      template.findResources('AWS::Lambda::Function')[id(stack.notifyFunction.function)]
        ?.Properties as { Environment: { Variables: Record<string, unknown> } }
    ).Environment.Variables;

    expect(granting('dynamodb:UpdateItem')).toHaveLength(1);
    expect(variables).toMatchObject({
      [claimsTable.environmentVariable]: { Ref: id(stack.table.table) },
      [queues.webhookDelivery.environmentVariable]: { Ref: id(stack.queues.webhookDelivery.queue) },
      WEBHOOK_DELIVERY_DLQ_URL: { Ref: id(stack.queues.webhookDelivery.deadLetterQueue) },
    });
  });

  it('retries for at least 24 hours with no hop longer than an SQS delay chain allows', () => {
    expect(totalRetrySeconds()).toBeGreaterThanOrEqual(24 * 60 * 60);
    // waiting costs no receive: the queue's receive count only counts crashes
    expect(queues.webhookDelivery.maxReceiveCount).toBeGreaterThanOrEqual(3);
  });
});
