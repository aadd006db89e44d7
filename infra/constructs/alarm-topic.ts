// Where every alarm of the stack goes: one SNS topic, encrypted with the customer-managed key and
// TLS only. Operators subscribe to it (email, chat, paging) outside the stack; alarm text names
// queues and functions, never claims.
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

export interface AlarmTopicProps {
  readonly encryptionKey: kms.IKey;
}

export class AlarmTopic extends Construct {
  readonly topic: sns.Topic;
  /** pass to `alarm.addAlarmAction(...)` (MonitoredQueue does) */
  readonly action: cloudwatchActions.SnsAction;

  constructor(scope: Construct, id: string, props: AlarmTopicProps) {
    super(scope, id);
    this.topic = new sns.Topic(this, 'Topic', {
      displayName: 'Clearinghouse alarms',
      masterKey: props.encryptionKey,
      enforceSSL: true,
    });
    this.action = new cloudwatchActions.SnsAction(this.topic);
  }
}
