// A queue with the secure defaults of aws-solutions-constructs: its own dead-letter queue,
// customer-managed KMS encryption, a TLS-only policy, and alarms on DLQ depth and backlog age.
// Every number comes from the queue's definition in shared/config/resources.ts.
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as lambdaEventSources from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { QueueDefinition } from '../../shared/config/resources.ts';

export interface MonitoredQueueProps {
  readonly definition: QueueDefinition;
  readonly encryptionKey: kms.IKey;
  /** where both alarms go (AlarmTopic.action) */
  readonly alarmAction: cloudwatch.IAlarmAction;
  /**
   * Alarm when the oldest message is older than this.
   * @default visibility timeout x maxReceiveCount: the longest a message can legitimately spend
   * being retried before it moves to the DLQ; older means nobody is consuming.
   */
  readonly maxMessageAge?: Duration;
}

/** What a consumer must offer: a ClaimsFunction is one. */
export interface QueueConsumer {
  readonly function: lambda.Function;
}

export interface ConsumerOptions {
  /**
   * Most concurrent invocations the event source may run (2 to 1000). Required: a payer's SFTP
   * mailbox accepts only a few sessions at once (docs/ARCHITECTURE.md section 10).
   */
  readonly maxConcurrency: number;
}

export class MonitoredQueue extends Construct {
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;
  readonly definition: QueueDefinition;
  readonly encryptionKey: kms.IKey;
  readonly deadLetterAlarm: cloudwatch.Alarm;
  readonly messageAgeAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: MonitoredQueueProps) {
    super(scope, id);
    const { definition, encryptionKey } = props;
    this.definition = definition;
    this.encryptionKey = encryptionKey;

    const encrypted = {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: encryptionKey,
      // Reusing a data key for 5 minutes keeps KMS calls (and cost) low; the AWS default.
      dataKeyReuse: Duration.minutes(5),
      enforceSSL: true,
      // Messages reference claims; the DLQ is where poison messages wait for a person.
      removalPolicy: RemovalPolicy.RETAIN,
    };

    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      ...encrypted,
      retentionPeriod: Duration.seconds(definition.deadLetterRetentionSeconds),
    });

    this.queue = new sqs.Queue(this, 'Queue', {
      ...encrypted,
      visibilityTimeout: Duration.seconds(definition.visibilityTimeoutSeconds),
      retentionPeriod: Duration.seconds(definition.retentionSeconds),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: definition.maxReceiveCount },
    });

    this.deadLetterAlarm = new cloudwatch.Alarm(this, 'DeadLetterAlarm', {
      alarmDescription: `${definition.id}: messages in the dead-letter queue need a person`,
      metric: this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(1),
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    const maxMessageAge =
      props.maxMessageAge ??
      Duration.seconds(definition.visibilityTimeoutSeconds * definition.maxReceiveCount);
    this.messageAgeAlarm = new cloudwatch.Alarm(this, 'MessageAgeAlarm', {
      alarmDescription: `${definition.id}: oldest message is older than ${maxMessageAge.toSeconds()} s`,
      metric: this.queue.metricApproximateAgeOfOldestMessage({
        period: Duration.minutes(1),
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
      threshold: maxMessageAge.toSeconds(),
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 5,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    for (const alarm of [this.deadLetterAlarm, this.messageAgeAlarm]) {
      alarm.addAlarmAction(props.alarmAction);
      alarm.addOkAction(props.alarmAction);
    }
  }

  /**
   * Makes `consumer` the queue's Lambda consumer: an event source mapping with the definition's
   * batch settings, partial batch responses and bounded concurrency, plus the IAM to consume.
   * Throws at synth when the queue's visibility timeout is under 6 times the function timeout.
   */
  addConsumer(consumer: QueueConsumer, options: ConsumerOptions): void {
    const { consumer: settings, visibilityTimeoutSeconds, id } = this.definition;
    const problems: string[] = [];
    const timeoutSeconds = consumer.function.timeout?.toSeconds() ?? 3;
    const minimumVisibility = 6 * timeoutSeconds + settings.maxBatchingWindowSeconds;
    if (visibilityTimeoutSeconds < minimumVisibility) {
      problems.push(
        `visibility timeout ${visibilityTimeoutSeconds} s is under 6 x the consumer timeout` +
          ` (${timeoutSeconds} s) + batching window: at least ${minimumVisibility} s`,
      );
    }
    if (
      !Number.isInteger(options.maxConcurrency) ||
      options.maxConcurrency < 2 ||
      options.maxConcurrency > 1000
    ) {
      problems.push(
        `maxConcurrency must be an integer from 2 to 1000, got ${options.maxConcurrency}`,
      );
    }
    if (problems.length > 0) {
      throw new Error(`${id}: cannot add consumer:\n${problems.map((p) => `- ${p}`).join('\n')}`);
    }

    // The event source grants the consume permissions (receive, delete, visibility, kms:Decrypt).
    consumer.function.addEventSource(
      new lambdaEventSources.SqsEventSource(this.queue, {
        batchSize: settings.batchSize,
        maxBatchingWindow: Duration.seconds(settings.maxBatchingWindowSeconds),
        reportBatchItemFailures: true,
        maxConcurrency: options.maxConcurrency,
      }),
    );
  }
}
