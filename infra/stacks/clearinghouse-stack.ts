// The whole clearinghouse in one stack. This file composes constructs and nothing else: every
// default lives in infra/constructs, every name and number of a stateful resource comes from
// infra/resources.ts.
import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import type { Construct } from 'constructs';
import { AccessLogsBucket } from '../constructs/access-logs-bucket.ts';
import { AlarmTopic } from '../constructs/alarm-topic.ts';
import { ArchiveBucket } from '../constructs/archive-bucket.ts';
import { ClaimsApi } from '../constructs/claims-api.ts';
import { ClaimsFunction } from '../constructs/claims-function.ts';
import { ClaimsTable } from '../constructs/claims-table.ts';
import { EncryptionKey } from '../constructs/encryption-key.ts';
import { MonitoredQueue } from '../constructs/monitored-queue.ts';
import { buckets, claimsTable, queues } from '../resources.ts';

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

export class ClearinghouseStack extends Stack {
  readonly encryptionKey: EncryptionKey;
  readonly alarms: AlarmTopic;
  readonly table: ClaimsTable;
  readonly queues: Record<QueueName, MonitoredQueue>;
  readonly buckets: Record<BucketName, ArchiveBucket>;
  readonly apiFunction: ClaimsFunction;
  readonly authorizerFunction: ClaimsFunction;
  readonly requeueSweeperFunction: ClaimsFunction;
  readonly api: ClaimsApi;

  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, props);
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
      .bindQueue(this.queues.transmit, 'send');

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

    this.api = new ClaimsApi(this, 'ClaimsApi', {
      handler: this.apiFunction.function,
      authorizer: this.authorizerFunction.function,
      encryptionKey,
    });
  }
}
