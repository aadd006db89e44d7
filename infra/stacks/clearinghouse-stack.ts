// The whole clearinghouse in one stack. This file composes constructs and nothing else: every
// default lives in infra/constructs, every name and number of a stateful resource comes from
// shared/config/resources.ts.
import { ArnFormat, Duration, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { AccessLogsBucket } from '../constructs/access-logs-bucket.ts';
import { AlarmTopic } from '../constructs/alarm-topic.ts';
import { ArchiveBucket } from '../constructs/archive-bucket.ts';
import { ClaimsApi } from '../constructs/claims-api.ts';
import { ClaimsFunction } from '../constructs/claims-function.ts';
import { ClaimsTable } from '../constructs/claims-table.ts';
import { EncryptionKey } from '../constructs/encryption-key.ts';
import { MonitoredQueue } from '../constructs/monitored-queue.ts';
import {
  deploymentSettingsSchema,
  type DeploymentSettings,
} from '../deploy/deployment-settings.ts';
import {
  buckets,
  claimsTable,
  connectionSecrets,
  queues,
  type QueueDefinition,
} from '../../shared/config/resources.ts';
import {
  BATCH_ARCHIVE_PREFIX,
  INBOUND_ARCHIVE_PREFIX,
  OUTBOUND_ARCHIVE_PREFIX,
} from '#shared/storage/s3/archive-keys';

type QueueName = keyof typeof queues;
type BucketName = keyof typeof buckets;

/** Builds one construct per definition, keyed like the definitions. */
function fromDefinitions<K extends string, D, C>(
  definitions: Readonly<Record<K, D>>,
  build: (definition: D) => C,
): Record<K, C> {
  const entries = Object.entries(definitions) as [K, D][];
  return Object.fromEntries(
    entries.map(([name, definition]) => [name, build(definition)]),
  ) as Record<K, C>;
}

export interface ClearinghouseStackProps extends StackProps {
  /** @default every setting's default (deploymentSettingsSchema) */
  readonly deployment?: DeploymentSettings;
}

export class ClearinghouseStack extends Stack {
  readonly deployment: DeploymentSettings;
  readonly encryptionKey: EncryptionKey;
  readonly alarms: AlarmTopic;
  readonly table: ClaimsTable;
  readonly queues: Record<QueueName, MonitoredQueue>;
  readonly buckets: Record<BucketName, ArchiveBucket>;
  readonly apiFunction: ClaimsFunction;
  readonly authorizerFunction: ClaimsFunction;
  readonly requeueSweeperFunction: ClaimsFunction;
  readonly noResponseSweeperFunction: ClaimsFunction;
  readonly transmitFunction: ClaimsFunction;
  readonly processResponseFunction: ClaimsFunction;
  readonly pollFunction: ClaimsFunction;
  readonly parkedAnswerFilesAlarm: cloudwatch.Alarm;
  readonly notifyFunction: ClaimsFunction;
  readonly api: ClaimsApi;

  constructor(scope: Construct, id: string, props: ClearinghouseStackProps = {}) {
    super(scope, id, props);
    this.deployment = props.deployment ?? deploymentSettingsSchema.parse({});
    const { key: encryptionKey } = (this.encryptionKey = new EncryptionKey(this, 'EncryptionKey'));

    this.alarms = new AlarmTopic(this, 'Alarms', { encryptionKey });
    this.table = new ClaimsTable(this, claimsTable.id, { definition: claimsTable, encryptionKey });
    this.queues = fromDefinitions(
      queues,
      (definition) =>
        new MonitoredQueue(this, definition.id, {
          definition,
          encryptionKey,
          alarmAction: this.alarms.action,
        }),
    );
    const accessLogs = new AccessLogsBucket(this, 'AccessLogsBucket');
    this.buckets = fromDefinitions(
      buckets,
      (definition) =>
        new ArchiveBucket(this, definition.id, {
          definition,
          encryptionKey,
          serverAccessLogsBucket: accessLogs.bucket,
        }),
    );

    this.apiFunction = new ClaimsFunction(this, 'ApiFunction', {
      entry: 'functions/api/handler.ts',
      serviceName: 'api',
      description: 'Every /v1 route of the REST API',
      encryptionKey,
      timeout: Duration.seconds(29), // API Gateway gives up after 29 s
    })
      .bindTable(this.table, 'RW')
      .bindQueue(this.queues.transmit, 'send')
      // batch.acknowledged when an uploaded 837 batch gets its 999
      .bindQueue(this.queues.notify, 'send');
    // links and Location headers: from the request unless the deployment names its public URL
    if (this.deployment.publicBaseUrl !== undefined) {
      this.apiFunction.function.addEnvironment('PUBLIC_BASE_URL', this.deployment.publicBaseUrl);
    }
    this.grantArchive(
      this.apiFunction,
      BATCH_ARCHIVE_PREFIX,
      ['s3:PutObject', 's3:GetObject'],
      'Uploaded 837 batches and their 999s are archived under a key per tenant and batch (derived from the content hash), unknown in advance; access is limited to the inbound-batches/ prefix, with put and get only (GET /v1/claim-batches returns the 999).',
    );

    this.authorizerFunction = new ClaimsFunction(this, 'AuthorizerFunction', {
      entry: 'functions/authorizer/handler.ts',
      serviceName: 'authorizer',
      description: 'REQUEST authorizer: x-api-key to tenant',
      encryptionKey,
      timeout: Duration.seconds(5),
    }).bindTable(this.table, 'RO');

    this.requeueSweeperFunction = new ClaimsFunction(this, 'RequeueSweeperFunction', {
      entry: 'functions/requeue-sweeper/handler.ts',
      serviceName: 'requeue-sweeper',
      description: 'Re-enqueues claims stuck in RECEIVED',
      encryptionKey,
      timeout: Duration.minutes(2),
    })
      .bindTable(this.table, 'RW')
      .bindQueue(this.queues.transmit, 'send');
    this.requeueSweeperFunction.runOnSchedule(
      events.Schedule.rate(Duration.minutes(5)),
      'Re-enqueue claims stuck in RECEIVED',
    );

    this.noResponseSweeperFunction = new ClaimsFunction(this, 'NoResponseSweeperFunction', {
      entry: 'functions/no-response-sweeper/handler.ts',
      serviceName: 'no-response-sweeper',
      description: 'Puts claims without a 277CA or 835 in time into the NO_RESPONSE work queue',
      encryptionKey,
      timeout: Duration.minutes(15),
    }).bindTable(this.table, 'RW');
    // the deadlines are counted in days: a daily run is soon enough and keeps the reads low
    this.noResponseSweeperFunction.runOnSchedule(
      events.Schedule.rate(Duration.days(1)),
      'Move claims without a payer answer in time into NO_RESPONSE',
    );

    this.transmitFunction = new ClaimsFunction(this, 'TransmitFunction', {
      entry: 'functions/transmit/handler.ts',
      serviceName: 'transmit',
      description: 'Sends queued claims to payers as 837 interchanges, once per claim revision',
      encryptionKey,
      // the transmit queue's visibility (180 s) must be 6 x this + the batching window
      timeout: Duration.seconds(25),
    })
      .bindTable(this.table, 'RW')
      .bindQueue(this.queues.transmit, 'consume')
      .bindQueue(this.queues.notify, 'send');
    this.grantArchive(
      this.transmitFunction,
      OUTBOUND_ARCHIVE_PREFIX,
      ['s3:PutObject', 's3:GetObject'],
      'Outbound interchanges are archived under a key per tenant, connection, day and content hash, unknown in advance; access is limited to the outbound/ prefix, with put and get only.',
    );
    this.grantConnectionSecrets(this.transmitFunction);
    this.queues.transmit.addConsumer(this.transmitFunction, {
      maxConcurrency: queues.transmit.consumer.maxConcurrency,
    });

    this.processResponseFunction = new ClaimsFunction(this, 'ProcessResponseFunction', {
      entry: 'functions/process-response/handler.ts',
      serviceName: 'process-response',
      description: 'Applies payer answer files (TA1, 999, 277CA, 835) to claims',
      encryptionKey,
      // one file per message, and an 835 may hold tens of thousands of claims; the response
      // queue's visibility (90 min) is 6 x this
      timeout: Duration.minutes(15),
      memorySize: 1769, // one full vCPU: parsing and matching are CPU-bound
    })
      .bindTable(this.table, 'RW')
      .bindQueue(this.queues.response, 'consume')
      .bindQueue(this.queues.notify, 'send');
    this.grantArchive(
      this.processResponseFunction,
      INBOUND_ARCHIVE_PREFIX,
      ['s3:GetObject'],
      'Answer files are archived by the poller under a key per tenant, connection, day and content hash, unknown in advance; access is limited to the inbound/ prefix, get only.',
    );
    this.queues.response.addConsumer(this.processResponseFunction, {
      // the definition may leave it out: Lambda's smallest maximum concurrency
      maxConcurrency: (queues.response.consumer as QueueDefinition['consumer']).maxConcurrency ?? 2,
    });
    // processAnswerFile counts every malformed file it parks (AnswerFilesParked, service dimension)
    this.parkedAnswerFilesAlarm = new cloudwatch.Alarm(this, 'ParkedAnswerFilesAlarm', {
      alarmDescription: 'A payer answer file was malformed and parked: a person must look at it',
      metric: new cloudwatch.Metric({
        namespace: 'Clearinghouse',
        metricName: 'AnswerFilesParked',
        dimensionsMap: { service: 'process-response' },
        statistic: cloudwatch.Stats.SUM,
        period: Duration.minutes(5),
      }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.parkedAnswerFilesAlarm.addAlarmAction(this.alarms.action);

    this.pollFunction = new ClaimsFunction(this, 'PollFunction', {
      entry: 'functions/poll/handler.ts',
      serviceName: 'poll',
      description: 'Archives the files in payer inbound mailboxes and queues them for processing',
      encryptionKey,
      // under the schedule's minute, so runs rarely overlap (an overlap is harmless: files are
      // recorded by content hash); the poller starts no file in its last 15 s
      timeout: Duration.seconds(55),
    })
      .bindTable(this.table, 'RW')
      .bindQueue(this.queues.response, 'send');
    this.grantArchive(
      this.pollFunction,
      INBOUND_ARCHIVE_PREFIX,
      ['s3:PutObject'],
      'Answer files are archived under a key per tenant, connection, day and content hash, unknown in advance; access is limited to the inbound/ prefix, put only.',
    );
    this.grantConnectionSecrets(this.pollFunction);
    this.pollFunction.runOnSchedule(
      events.Schedule.rate(Duration.minutes(1)),
      'Poll the payer inbound mailboxes that are due',
    );

    this.notifyFunction = new ClaimsFunction(this, 'NotifyFunction', {
      entry: 'functions/notify/handler.ts',
      serviceName: 'notify',
      description: 'Claim status changes to signed webhook deliveries, retried for over 24 hours',
      encryptionKey,
      // one attempt is at most 10 s and a batch's attempts run in parallel; both queues'
      // visibility (180 s) must be 6 x this + the batching window
      timeout: Duration.seconds(25),
    })
      .bindTable(this.table, 'RW')
      .bindQueue(this.queues.notify, 'consume')
      .bindQueue(this.queues.webhookDelivery, 'consume')
      // retries are new delayed messages on the delivery queue (sets its variable once more)
      .bindQueue(this.queues.webhookDelivery, 'send');
    const parked = this.queues.webhookDelivery.deadLetterQueue;
    // exhausted deliveries are parked in the delivery queue's DLQ by the notifier itself
    this.notifyFunction.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [parked.queueArn] }),
    );
    this.notifyFunction.function.addEnvironment('WEBHOOK_DELIVERY_DLQ_URL', parked.queueUrl);
    this.queues.notify.addConsumer(this.notifyFunction, { maxConcurrency: 2 });
    // receivers are the tenants' own servers: a few attempts at once each way is plenty
    this.queues.webhookDelivery.addConsumer(this.notifyFunction, { maxConcurrency: 5 });

    this.api = new ClaimsApi(this, 'ClaimsApi', {
      handler: this.apiFunction.function,
      authorizer: this.authorizerFunction.function,
      encryptionKey,
      stageName: this.deployment.stageName,
    });
  }

  /** Reads the payer connection secrets (by their name prefix), and no other secret. */
  private grantConnectionSecrets(fn: ClaimsFunction): void {
    const connectionSecretArn = this.formatArn({
      service: 'secretsmanager',
      resource: 'secret',
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      // Secrets Manager appends 6 random characters to a secret's name in its ARN
      resourceName: `${connectionSecrets.namePrefix}*`,
    });
    fn.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['secretsmanager:GetSecretValue'],
        resources: [connectionSecretArn],
      }),
    );
    Validations.of(fn.role.policy).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:secretsmanager:<AWS::Region>:<AWS::AccountId>:secret:${connectionSecrets.namePrefix}*]`,
      reason:
        'Payer connection secrets are created per connection by operators; the prefix limits the function to them (secret ARNs end in random characters, so no exact ARN exists in advance).',
    });
  }

  /**
   * Object access under one prefix of the archive bucket, and nothing else: no delete, no listing
   * (the archive is the audit record).
   */
  private grantArchive(
    fn: ClaimsFunction,
    prefix: string,
    actions: readonly ('s3:GetObject' | 's3:PutObject')[],
    reason: string,
  ): void {
    const archive = this.buckets.archive;
    const objects = archive.bucket.arnForObjects(`${prefix}*`);
    fn.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: [...actions], resources: [objects] }),
    );
    const writes = actions.includes('s3:PutObject');
    fn.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: writes ? ['kms:Decrypt', 'kms:GenerateDataKey'] : ['kms:Decrypt'],
        resources: [this.encryptionKey.key.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `s3.${this.region}.amazonaws.com` } },
      }),
    );
    fn.function.addEnvironment(archive.definition.environmentVariable, archive.bucket.bucketName);
    Validations.of(fn.role.policy).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${this.getLogicalId(archive.bucket.node.defaultChild as never)}.Arn>/${prefix}*]`,
      reason,
    });
  }
}
