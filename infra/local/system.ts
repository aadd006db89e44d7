// The whole system on one machine: DynamoDB Local and fauxqs, the resources of shared/config/resources.ts,
// the local API Gateway with the real authorizer and API handlers, and the schedules. Used by
// `npm start` (start.ts) and by the end-to-end tests, so both run exactly the same wiring.
import { startDynamoDbLocal, startSqsAndS3, type RunningEngine } from './engines.ts';
import { assertPortFree, findFreePort } from './ports.ts';
import {
  provisionLocalResources,
  type ProvisionedQueue,
  type ProvisionedResources,
} from './provision.ts';
import {
  startLocalApiGateway,
  type ApiHandler,
  type LocalApiGateway,
  type RequestAuthorizer,
} from './api-gateway.ts';
import { startSchedule, type ScheduledHandler } from './schedules.ts';
import { startSqsEventSource, type SqsBatchHandler } from './sqs-event-source.ts';
import { SQSClient } from '@aws-sdk/client-sqs';
import { resetConfig } from '#shared/config/config';
import { createAwsClients } from '#shared/storage/aws-clients';
import { PayerConnectionRepository } from '#shared/storage/dynamodb/payer-connection-repository';
import { TenantRepository } from '#shared/storage/dynamodb/tenant-repository';
import { startLocalSandbox, type LocalSandbox } from './sandbox.ts';
import { sandboxConnection } from './sandbox-connection.ts';
import type { PayerConnection } from '#shared/domain/payers/payer-connection';

/** The deployment's functions, by service name (POWERTOOLS_SERVICE_NAME in the stack). */
export interface LocalHandlers {
  readonly api: ApiHandler;
  readonly authorizer: RequestAuthorizer;
  readonly 'requeue-sweeper': ScheduledHandler;
  readonly 'no-response-sweeper': ScheduledHandler;
  readonly transmit: SqsBatchHandler;
  readonly poll: ScheduledHandler;
  readonly 'process-response': SqsBatchHandler;
  readonly notify: SqsBatchHandler;
}

/** What runs the functions: the source modules (default) or the synthesized bundles. */
export interface LocalFunctions {
  readonly handlers: LocalHandlers;
  /** a tenant's connection to the sandbox payer; default: the sandbox connection (local stage) */
  readonly sandboxConnection?: (
    tenantId: string,
    sandbox: LocalSandbox,
  ) => Promise<PayerConnection>;
  stop(): Promise<void>;
}

/** The handlers of functions/, in this process: importing them reads no environment. */
async function sourceFunctions(): Promise<LocalFunctions> {
  const [api, authorizer, requeue, noResponse, transmit, poll, processResponse, notify] =
    await Promise.all([
      import('#functions/api/handler'),
      import('#functions/authorizer/handler'),
      import('#functions/requeue-sweeper/handler'),
      import('#functions/no-response-sweeper/handler'),
      import('#functions/transmit/handler'),
      import('#functions/poll/handler'),
      import('#functions/process-response/handler'),
      import('#functions/notify/handler'),
    ]);
  return {
    handlers: {
      api: api.handler,
      authorizer: authorizer.handler,
      'requeue-sweeper': requeue.handler,
      'no-response-sweeper': noResponse.handler,
      transmit: transmit.handler,
      poll: poll.handler,
      'process-response': processResponse.handler,
      notify: notify.handler,
    },
    stop: () => Promise.resolve(),
  };
}

export interface LocalSystemOptions {
  /** API port (PORT); 0 picks a free one */
  readonly port: number;
  /** DynamoDB Local port (DYNAMODB_PORT); 0 picks a free one; ignored when dynamoEndpoint is given */
  readonly dynamoPort: number;
  /** fauxqs port (AWS_PORT); 0 picks a free one; ignored when awsEndpoint is given */
  readonly awsPort: number;
  /** use engines that are already running (the tests' global setup) */
  readonly dynamoEndpoint?: string;
  readonly awsEndpoint?: string;
  /** appended to resource names so several systems can share engines */
  readonly suffix?: string;
  readonly region?: string;
  /** how often the requeue sweeper runs; default every minute */
  readonly sweepEveryMs?: number;
  /** how often the no-response sweeper runs; default hourly (daily in the cloud) */
  readonly noResponseSweepEveryMs?: number;
  /** consume the transmit queue with the transmit function (as deployed); default true */
  readonly transmit?: boolean;
  /**
   * how often the poll function reads the payer mailboxes (every minute in the cloud); default
   * every 5 s, so sandbox answers come back quickly; false leaves the poller out (answer files
   * then stay in the mailboxes). The response queue's consumer runs either way.
   */
  readonly pollEveryMs?: number | false;
  /** the sandbox payer (SFTP server and answering process); false to leave it out */
  readonly sandbox?:
    { readonly port: number; readonly dataDir: string; readonly delaySeconds: number } | false;
  /** authorizer cache TTL; API Gateway's is 300 s */
  readonly authorizerCacheTtlSeconds?: number;
  readonly logger?: Pick<Console, 'info' | 'error'>;
  /**
   * What runs the functions, given the system's environment (resources, endpoints); default the
   * source handlers in this process. infra/local/bundles runs the synthesized bundles instead.
   */
  readonly functions?: (environment: Readonly<Record<string, string>>) => Promise<LocalFunctions>;
}

export interface LocalSystem {
  readonly apiUrl: string;
  readonly sandbox?: LocalSandbox;
  /** A tenant with an API key and, with the sandbox running, a sandbox connection for all payers. */
  addTenant(name: string, tenantId?: string): Promise<{ tenantId: string; apiKey: string }>;
  readonly resources: ProvisionedResources;
  readonly environment: Readonly<Record<string, string>>;
  stop(): Promise<void>;
}

export async function startLocalSystem(options: LocalSystemOptions): Promise<LocalSystem> {
  const region = options.region ?? 'us-east-1';
  // fail fast, naming the variable to change, before anything starts
  if (options.port !== 0) await assertPortFree(options.port, 'PORT');
  if (options.dynamoEndpoint === undefined && options.dynamoPort !== 0) {
    await assertPortFree(options.dynamoPort, 'DYNAMODB_PORT');
  }
  if (options.sandbox && options.sandbox.port !== 0) {
    await assertPortFree(options.sandbox.port, 'SANDBOX_SFTP_PORT');
  }
  if (options.awsEndpoint === undefined && options.awsPort !== 0)
    await assertPortFree(options.awsPort, 'AWS_PORT');

  const stoppers: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const stopOne of stoppers.reverse()) await stopOne().catch(() => undefined);
  };
  try {
    const engines: RunningEngine[] = [];
    let dynamoEndpoint = options.dynamoEndpoint;
    if (dynamoEndpoint === undefined) {
      const dynamoPort = options.dynamoPort === 0 ? await findFreePort() : options.dynamoPort;
      const engine = await startDynamoDbLocal(dynamoPort);
      engines.push(engine);
      stoppers.push(() => engine.stop());
      dynamoEndpoint = engine.endpoint;
    }
    let awsEndpoint = options.awsEndpoint;
    if (awsEndpoint === undefined) {
      const engine = await startSqsAndS3(options.awsPort);
      engines.push(engine);
      stoppers.push(() => engine.stop());
      awsEndpoint = engine.endpoint;
    }
    const resources = await provisionLocalResources({
      dynamoEndpoint,
      awsEndpoint,
      region,
      ...(options.suffix ? { suffix: options.suffix } : {}),
    });
    let sandbox: LocalSandbox | undefined;
    if (options.sandbox) {
      const started = await startLocalSandbox({
        httpPort: 0,
        ...options.sandbox,
        ...(options.logger
          ? { log: (message, fields) => options.logger?.info(message, fields) }
          : {}),
      });
      sandbox = started;
      stoppers.push(() => started.stop());
    }
    const environment: Record<string, string> = {
      ...resources.environment,
      // the transmit function reaches the sandbox payer through these (functions/transmit)
      ...(sandbox
        ? {
            SANDBOX_SFTP_PORT: String(sandbox.endpoint.port),
            SANDBOX_SFTP_HOST_KEY_SHA256: sandbox.endpoint.hostKeySha256,
            ...(sandbox.endpoint.http ? { SANDBOX_HTTP_URL: sandbox.endpoint.http.baseUrl } : {}),
          }
        : {}),
      // the notify function parks exhausted webhook deliveries there (functions/notify)
      WEBHOOK_DELIVERY_DLQ_URL: resources.queues.webhookDelivery.deadLetterQueue.url,
      POWERTOOLS_SERVICE_NAME: 'clearinghouse',
      POWERTOOLS_TRACE_ENABLED: 'false',
      POWERTOOLS_METRICS_DISABLED: 'true',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'WARN',
    };
    // the handlers read their configuration on their first invocation, as in Lambda
    Object.assign(process.env, environment);
    resetConfig();
    const functions = await (options.functions ?? sourceFunctions)(environment);
    stoppers.push(() => functions.stop());
    const { handlers } = functions;

    const logging = options.logger ? { logger: options.logger } : {};
    const sqsEndpoint = awsEndpoint;
    /** An SQS client on fauxqs, one per group of consumers, destroyed after they stop. */
    const localSqs = () =>
      new SQSClient({
        region,
        endpoint: sqsEndpoint,
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      });
    /** The queue's consumer, with the event source settings of its definition. */
    const consume = (
      sqs: SQSClient,
      queue: ProvisionedQueue,
      handler: SqsBatchHandler,
      functionName: string,
      // the deployed function's timeout (infra/stacks/clearinghouse-stack.ts)
      functionTimeoutSeconds: number,
    ) =>
      startSqsEventSource({
        sqs,
        queueUrl: queue.url,
        queueArn: queue.arn,
        handler,
        batchSize: queue.definition.consumer.batchSize,
        maxBatchingWindowSeconds: queue.definition.consumer.maxBatchingWindowSeconds,
        maxConcurrency: queue.definition.consumer.maxConcurrency ?? 2,
        functionName,
        functionTimeoutSeconds,
        ...logging,
      });
    /** A rate schedule invoking the function of the same name. */
    const schedule = (
      name: string,
      everyMs: number,
      handler: ScheduledHandler,
      timeoutMs?: number,
    ) =>
      startSchedule({
        name,
        everyMs,
        handler,
        region,
        functionName: name,
        ...(timeoutMs === undefined ? {} : { timeoutMs }),
        ...logging,
      });

    const gateway: LocalApiGateway = await startLocalApiGateway({
      port: options.port,
      handler: handlers.api,
      authorizer: handlers.authorizer,
      publicRoutes: [{ method: 'GET', path: '/v1/health' }],
      region,
      ...(options.authorizerCacheTtlSeconds !== undefined
        ? { authorizerCacheTtlSeconds: options.authorizerCacheTtlSeconds }
        : {}),
      ...logging,
    });
    stoppers.push(() => gateway.close());

    const requeueSchedule = schedule(
      'requeue-sweeper',
      options.sweepEveryMs ?? 60_000,
      handlers['requeue-sweeper'],
    );
    stoppers.push(() => requeueSchedule.stop());

    const noResponseSchedule = schedule(
      'no-response-sweeper',
      options.noResponseSweepEveryMs ?? 3_600_000,
      handlers['no-response-sweeper'],
    );
    stoppers.push(() => noResponseSchedule.stop());

    if (options.transmit ?? true) {
      // the transmit queue's consumer, with the event source settings of its definition
      const sqs = localSqs();
      const transmit = await consume(
        sqs,
        resources.queues.transmit,
        handlers.transmit,
        'transmit',
        25,
      );
      stoppers.push(async () => {
        await transmit.stop();
        sqs.destroy();
      });
    }

    {
      // payer answers: the poll schedule archives mailbox files and queues them on the response
      // queue, whose consumer (process-response) applies them to claims
      const sqs = localSqs();
      // stoppers run in reverse: the client is destroyed after the poller stops
      stoppers.push(() => Promise.resolve(sqs.destroy()));
      const responses = await consume(
        sqs,
        resources.queues.response,
        handlers['process-response'],
        'process-response',
        900,
      );
      stoppers.push(() => responses.stop());
      if (options.pollEveryMs !== false) {
        // the deployed function's timeout: 55 s
        const poll = schedule('poll', options.pollEveryMs ?? 5_000, handlers.poll, 55_000);
        stoppers.push(() => poll.stop());
      }
    }

    {
      // the webhook notifier: claim status changes (notify) and delivery attempts, one handler
      const sqs = localSqs();
      // stoppers run in reverse: the client is destroyed after the pollers stop
      stoppers.push(() => Promise.resolve(sqs.destroy()));
      for (const queue of [resources.queues.notify, resources.queues.webhookDelivery]) {
        const source = await consume(sqs, queue, handlers.notify, 'notify', 25);
        stoppers.push(() => source.stop());
      }
    }

    const documents = createAwsClients({
      AWS_REGION: region,
      DYNAMODB_ENDPOINT: dynamoEndpoint,
      SQS_ENDPOINT: awsEndpoint,
    }).documents;
    const tableName = resources.table.name;
    return {
      apiUrl: gateway.url,
      resources,
      environment,
      ...(sandbox ? { sandbox } : {}),
      async addTenant(name, tenantId) {
        const tenants = new TenantRepository({ documents, tableName });
        const tenant = await tenants.createTenant(name, new Date(), tenantId);
        const { apiKey } = await tenants.createApiKey(tenant.tenantId, new Date());
        if (sandbox) {
          const connection = functions.sandboxConnection
            ? await functions.sandboxConnection(tenant.tenantId, sandbox)
            : sandboxConnection(tenant.tenantId);
          await new PayerConnectionRepository({ documents, tableName }).put(connection, new Date());
          if (!functions.sandboxConnection) await sandbox.openMailbox(connection.connectionId);
        }
        return { tenantId: tenant.tenantId, apiKey };
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
