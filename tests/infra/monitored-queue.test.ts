import { Duration, type Stack } from 'aws-cdk-lib';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { MonitoredQueue } from '#infra/constructs/monitored-queue';
import { queues } from '#shared/config/resources';
import { inlineFunction, testKey, testStack } from './support.ts';

const definition = queues.transmit;

function alarmAction(stack: Stack): cloudwatchActions.SnsAction {
  return new cloudwatchActions.SnsAction(new sns.Topic(stack, 'Alarms'));
}

describe('MonitoredQueue', () => {
  let template: Template;
  let ids: { queue: string; deadLetterQueue: string; key: string; consumer: string; topic: string };
  beforeAll(() => {
    const stack = testStack();
    const key = testKey(stack);
    const topic = new sns.Topic(stack, 'Alarms');
    const queue = new MonitoredQueue(stack, 'Transmit', {
      definition,
      encryptionKey: key,
      alarmAction: new cloudwatchActions.SnsAction(topic),
    });
    const consumer = inlineFunction(stack, 'Consumer', 20);
    queue.addConsumer({ function: consumer }, { maxConcurrency: 4 });
    const logicalId = (construct: { node: { defaultChild?: unknown } }): string =>
      stack.getLogicalId(construct.node.defaultChild as never);
    ids = {
      queue: logicalId(queue.queue),
      deadLetterQueue: logicalId(queue.deadLetterQueue),
      key: logicalId(key),
      consumer: logicalId(consumer),
      topic: logicalId(topic),
    };
    template = Template.fromStack(stack);
  });

  it('creates the queue with the visibility timeout and retention of its definition', () => {
    template.hasResourceProperties('AWS::SQS::Queue', {
      VisibilityTimeout: definition.visibilityTimeoutSeconds,
      MessageRetentionPeriod: definition.retentionSeconds,
    });
  });

  it('redrives to its own dead-letter queue after maxReceiveCount receives', () => {
    const queue = template.findResources('AWS::SQS::Queue')[ids.queue];
    expect(queue?.Properties).toMatchObject({
      RedrivePolicy: {
        deadLetterTargetArn: { 'Fn::GetAtt': [ids.deadLetterQueue, 'Arn'] },
        maxReceiveCount: definition.maxReceiveCount,
      },
    });
    const deadLetterQueue = template.findResources('AWS::SQS::Queue')[ids.deadLetterQueue];
    expect(deadLetterQueue?.Properties).toMatchObject({
      MessageRetentionPeriod: definition.deadLetterRetentionSeconds,
    });
  });

  it('encrypts both queues with the customer-managed key', () => {
    for (const id of [ids.queue, ids.deadLetterQueue]) {
      expect(template.findResources('AWS::SQS::Queue')[id]?.Properties).toMatchObject({
        KmsMasterKeyId: { 'Fn::GetAtt': [ids.key, 'Arn'] },
      });
    }
  });

  it('denies every request to either queue that is not over TLS', () => {
    for (const id of [ids.queue, ids.deadLetterQueue]) {
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: id }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Deny',
              Action: 'sqs:*',
              Principal: { AWS: '*' },
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            }),
          ]),
        },
      });
    }
  });

  it('alarms as soon as one message is in the dead-letter queue', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [
        { Name: 'QueueName', Value: { 'Fn::GetAtt': [ids.deadLetterQueue, 'QueueName'] } },
      ],
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
    });
  });

  it('alarms when the oldest message outlives every retry the definition allows', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateAgeOfOldestMessage',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [ids.queue, 'QueueName'] } }],
      Threshold: definition.visibilityTimeoutSeconds * definition.maxReceiveCount,
      ComparisonOperator: 'GreaterThanThreshold',
    });
  });

  it('sends both alarms, and their recovery, to the alarm action', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm'));

    expect(alarms).toHaveLength(2);
    for (const alarm of alarms) {
      expect(alarm.Properties).toMatchObject({
        AlarmActions: [{ Ref: ids.topic }],
        OKActions: [{ Ref: ids.topic }],
      });
    }
  });

  it('adds a consumer with the batch settings of the definition, partial failures and bounded concurrency', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [ids.queue, 'Arn'] },
      FunctionName: { Ref: ids.consumer },
      BatchSize: definition.consumer.batchSize,
      MaximumBatchingWindowInSeconds: definition.consumer.maxBatchingWindowSeconds,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 4 },
    });
  });

  it('refuses at synth a consumer whose timeout does not fit 6 times in the visibility timeout, listing every problem', () => {
    const stack = testStack();
    const queue = new MonitoredQueue(stack, 'Transmit', {
      definition,
      encryptionKey: testKey(stack),
      alarmAction: alarmAction(stack),
    });
    const slow = inlineFunction(stack, 'Slow', 60);

    expect(() => queue.addConsumer({ function: slow }, { maxConcurrency: 1 })).toThrow(
      /visibility timeout 180 s is under 6 x the consumer timeout \(60 s\)[\s\S]*maxConcurrency must be an integer from 2 to 1000/,
    );
  });

  it('accepts a longer age threshold for the oldest-message alarm', () => {
    const stack = testStack();
    new MonitoredQueue(stack, 'Transmit', {
      definition,
      encryptionKey: testKey(stack),
      alarmAction: alarmAction(stack),
      maxMessageAge: Duration.hours(2),
    });

    Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateAgeOfOldestMessage',
      Threshold: 7200,
    });
  });
});
