import { beforeAll, describe, expect, it } from 'vitest';
import { claimsTable, queues } from '#shared/config/resources';
import { totalRetrySeconds } from '#shared/webhooks/retry-schedule';
import { synthesizeFunction, type FunctionTemplate } from './support.ts';

describe('notify function (webhooks)', () => {
  let app: FunctionTemplate;

  beforeAll(() => {
    app = synthesizeFunction((stack) => stack.notifyFunction);
  });

  const arnOf = (construct: { node: { defaultChild?: unknown } }) => ({
    'Fn::GetAtt': [app.id(construct), 'Arn'],
  });

  const mappings = () => app.eventSourceMappings();

  it('consumes the notify queue and the webhook-delivery queue with partial batch responses', () => {
    const found = mappings();

    expect(found).toHaveLength(2);
    expect(found).toContainEqual(
      expect.objectContaining({
        EventSourceArn: arnOf(app.stack.queues.notify.queue),
        BatchSize: queues.notify.consumer.batchSize,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      }),
    );
    expect(found).toContainEqual(
      expect.objectContaining({
        EventSourceArn: arnOf(app.stack.queues.webhookDelivery.queue),
        BatchSize: queues.webhookDelivery.consumer.batchSize,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      }),
    );
  });

  it('has a timeout whose 6 times plus the batching window fits both queues', () => {
    const fn =
      app.template.findResources('AWS::Lambda::Function')[
        app.id(app.stack.notifyFunction.function)
      ];
    const timeout = (fn?.Properties as { Timeout: number }).Timeout;

    for (const definition of [queues.notify, queues.webhookDelivery]) {
      expect(6 * timeout + definition.consumer.maxBatchingWindowSeconds).toBeLessThanOrEqual(
        definition.visibilityTimeoutSeconds,
      );
    }
  });

  it('sends retries to the delivery queue and parks in its DLQ, and sends nowhere else', () => {
    const resources = app.granting('sqs:SendMessage').map((statement) => statement.Resource);

    expect(resources.toSorted()).toEqual(
      [
        arnOf(app.stack.queues.webhookDelivery.queue),
        arnOf(app.stack.queues.webhookDelivery.deadLetterQueue),
      ].toSorted(),
    );
  });

  it('reads and writes the table and learns the table, queue and DLQ names', () => {
    const variables = (
      app.template.findResources('AWS::Lambda::Function')[app.id(app.stack.notifyFunction.function)]
        ?.Properties as { Environment: { Variables: Record<string, unknown> } }
    ).Environment.Variables;

    expect(app.granting('dynamodb:UpdateItem')).toHaveLength(1);
    expect(variables).toMatchObject({
      [claimsTable.environmentVariable]: { Ref: app.id(app.stack.table.table) },
      [queues.webhookDelivery.environmentVariable]: {
        Ref: app.id(app.stack.queues.webhookDelivery.queue),
      },
      WEBHOOK_DELIVERY_DLQ_URL: { Ref: app.id(app.stack.queues.webhookDelivery.deadLetterQueue) },
    });
  });

  it('retries for at least 24 hours with no hop longer than an SQS delay chain allows', () => {
    expect(totalRetrySeconds()).toBeGreaterThanOrEqual(24 * 60 * 60);
    // waiting costs no receive: the queue's receive count only counts crashes
    expect(queues.webhookDelivery.maxReceiveCount).toBeGreaterThanOrEqual(3);
  });
});
