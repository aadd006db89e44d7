// Owns every Lambda default of the project, so that stacks read like a list: Node.js 24 on
// arm64, esbuild bundle (ESM, minified, source maps, AWS SDK inside), X-Ray, a KMS-encrypted log
// group with retention, Powertools settings, a role whose permissions live in one managed policy,
// and `bind*` helpers that grant IAM and set the environment variable from the definition in
// one call.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as eventsTargets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { ArchiveBucket } from './archive-bucket.ts';
import type { ClaimsTable } from './claims-table.ts';
import { FunctionRole } from './function-role.ts';
import type { MonitoredQueue } from './monitored-queue.ts';

/** Repository root: the lock file and package.json "imports" (#shared/*) live there. */
export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export type LogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'SILENT';
export type TableAccess = 'RO' | 'RW';
export type QueueAccess = 'send' | 'consume';
export type BucketAccess = 'RO' | 'RW';

export interface ClaimsFunctionProps {
  /** handler file, relative to the repository root (e.g. `functions/api/handler.ts`) */
  readonly entry: string;
  /** Powertools service name: the `service` key of every log line, metric and trace */
  readonly serviceName: string;
  readonly description?: string;
  readonly encryptionKey: kms.IKey;
  /** @default 10 seconds */
  readonly timeout?: Duration;
  /** @default 1024 MB (arm64 CPU scales with memory; shorter cold starts) */
  readonly memorySize?: number;
  /** @default INFO */
  readonly logLevel?: LogLevel;
  /** @default one year */
  readonly logRetention?: logs.RetentionDays;
  /**
   * Reserve (and cap) concurrency. Unset by default: an account starts with a limit of 10, of
   * which 10 must stay unreserved, so any reservation fails to deploy there.
   */
  readonly reservedConcurrentExecutions?: number;
  /** merged over the defaults below; a key set here wins */
  readonly environment?: Readonly<Record<string, string>>;
}

// ESM output needs `require` for the CommonJS packages esbuild inlines (ssh2, parts of the SDK).
// ssh2 (transmit, poll) reads __dirname at load: an ESM bundle has neither it nor require.
const esmRequireBanner =
  "import { createRequire as __createRequire } from 'node:module';" +
  "import { dirname as __pathDirname } from 'node:path';" +
  "import { fileURLToPath as __fileURLToPath } from 'node:url';" +
  'const require = __createRequire(import.meta.url);' +
  'const __filename = __fileURLToPath(import.meta.url);' +
  'const __dirname = __pathDirname(__filename);';

const environmentCredentials = resolve(projectRoot, 'functions/runtime/environment-credentials.ts');

// Actions on items only: no Scan (a tenant never reads the whole table) and no table management.
const tableReadActions = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:ConditionCheckItem',
];
// TransactWriteItems is authorized through these item actions; there is no separate IAM action.
const tableWriteActions = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
];

export class ClaimsFunction extends Construct {
  readonly function: nodejs.NodejsFunction;
  readonly role: FunctionRole;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: ClaimsFunctionProps) {
    super(scope, id);
    const logLevel = props.logLevel ?? 'INFO';

    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      retention: props.logRetention ?? logs.RetentionDays.ONE_YEAR,
      encryptionKey: props.encryptionKey,
      // Logs are part of the audit record; keep them when the stack goes.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.role = new FunctionRole(this, 'Role', {
      description: `${props.serviceName} function: least-privilege execution role`,
    });
    this.logGroup.grantWrite(this.role);

    this.function = new nodejs.NodejsFunction(this, 'Function', {
      entry: resolve(projectRoot, props.entry),
      handler: 'handler',
      projectRoot,
      depsLockFilePath: resolve(projectRoot, 'package-lock.json'),
      description: props.description,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      timeout: props.timeout ?? Duration.seconds(10),
      memorySize: props.memorySize ?? 1024,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      tracing: lambda.Tracing.ACTIVE,
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      awsSdkConnectionReuse: false, // only meaningful for SDK v2; v3 reuses connections itself
      environment: {
        STAGE: 'cloud',
        POWERTOOLS_SERVICE_NAME: props.serviceName,
        POWERTOOLS_METRICS_NAMESPACE: 'Clearinghouse',
        POWERTOOLS_LOG_LEVEL: logLevel,
        LOG_LEVEL: logLevel,
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
      bundling: {
        format: nodejs.OutputFormat.ESM,
        target: 'node24',
        mainFields: ['module', 'main'],
        banner: esmRequireBanner,
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        bundleAwsSDK: true,
        // ssh2's native add-ons are optional (it falls back to Node's crypto when the require
        // fails) and esbuild cannot bundle .node files: leave them out rather than fail to build
        externalModules: ['*.node', 'cpu-features'],
        // Lambda's credentials are in the environment: the SDK's default chain without its other
        // providers (functions/runtime/environment-credentials.ts says why)
        esbuildArgs: { '--alias:@aws-sdk/credential-provider-node': environmentCredentials },
      },
    });

    Validations.of(this.function).acknowledge(
      {
        id: 'HIPAA.Security-LambdaInsideVPC',
        reason:
          'The functions reach only AWS service APIs (DynamoDB, SQS, S3, KMS), over TLS and authorized by IAM; a VPC adds NAT or endpoint cost without isolating anything. Payer SFTP connectors, when added, may need fixed egress IPs and a VPC.',
      },
      {
        id: 'HIPAA.Security-LambdaDLQ',
        reason:
          'A function-level DLQ only catches failed asynchronous invocations. API functions are invoked synchronously (the caller sees the error); scheduled functions carry no data in their event and run again at the next tick; queue consumers fail records back to the SQS queue, whose own DLQ is alarmed.',
      },
    );
    if (props.reservedConcurrentExecutions === undefined) {
      Validations.of(this.function).acknowledge({
        id: 'HIPAA.Security-LambdaConcurrency',
        reason:
          'Concurrency is bounded upstream (API Gateway stage throttling, schedules, event source maximum concurrency); reserving it would fail to deploy in accounts still at the default limit of 10.',
      });
    }
    Validations.of(this.role.policy).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'X-Ray tracing (xray:PutTraceSegments, xray:PutTelemetryRecords) supports no resource-level permissions; the stack test proves no other action is granted on *.',
    });
  }

  /** Grants item access on the table and its indexes and sets the table's variable. */
  bindTable(table: ClaimsTable, access: TableAccess): this {
    const write = access === 'RW';
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: write ? [...tableReadActions, ...tableWriteActions] : tableReadActions,
        resources: table.resourceArns,
      }),
    );
    this.allowKeyThroughService(
      table.encryptionKey,
      'dynamodb',
      write ? ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'] : ['kms:Decrypt'],
    );
    return this.setVariable(table.definition.environmentVariable, table.table.tableName);
  }

  /** Grants sending to or consuming from the queue and sets the queue's URL variable. */
  bindQueue(queue: MonitoredQueue, access: QueueAccess): this {
    if (access === 'send') {
      this.role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          actions: ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'],
          resources: [queue.queue.queueArn],
        }),
      );
      // SQS needs a data key to encrypt, and Decrypt to reuse a cached one.
      this.allowKeyThroughService(queue.encryptionKey, 'sqs', [
        'kms:GenerateDataKey',
        'kms:Decrypt',
      ]);
    } else {
      this.role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          actions: [
            'sqs:ReceiveMessage',
            'sqs:DeleteMessage',
            'sqs:ChangeMessageVisibility',
            'sqs:GetQueueAttributes',
            'sqs:GetQueueUrl',
          ],
          resources: [queue.queue.queueArn],
        }),
      );
      this.allowKeyThroughService(queue.encryptionKey, 'sqs', ['kms:Decrypt']);
    }
    return this.setVariable(queue.definition.environmentVariable, queue.queue.queueUrl);
  }

  /** Grants reading (or reading and writing) objects and sets the bucket's variable. */
  bindBucket(bucket: ArchiveBucket, access: BucketAccess): this {
    if (access === 'RW') bucket.bucket.grantReadWrite(this.role);
    else bucket.bucket.grantRead(this.role);
    return this.setVariable(bucket.definition.environmentVariable, bucket.bucket.bucketName);
  }

  /** Invokes the function on an EventBridge schedule (at-least-once: the handler is idempotent). */
  runOnSchedule(schedule: events.Schedule, description: string): events.Rule {
    return new events.Rule(this, 'Schedule', {
      description,
      schedule,
      targets: [new eventsTargets.LambdaFunction(this.function, { retryAttempts: 2 })],
    });
  }

  private setVariable(name: string, value: string): this {
    this.function.addEnvironment(name, value);
    return this;
  }

  // The key decrypts only what the named service hands it on this function's behalf.
  private allowKeyThroughService(key: kms.IKey, service: string, actions: string[]): void {
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions,
        resources: [key.keyArn],
        conditions: {
          StringEquals: {
            'kms:ViaService': `${service}.${this.function.stack.region}.amazonaws.com`,
          },
        },
      }),
    );
  }
}
