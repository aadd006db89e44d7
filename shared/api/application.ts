// The HTTP application: every route, built once per process from the configuration.
import type { Context } from 'aws-lambda';
import { requireSetting, type Config } from '#shared/config/config';
import { createAwsClients, s3Client, type AwsClients } from '#shared/storage/aws-clients';
import { BatchRepository } from '#shared/storage/dynamodb/batch-repository';
import type { BatchArchive } from '#shared/intake/batch-archive';
import { S3BatchArchive } from '#shared/storage/s3/raw-file-archive';
import { SqsClaimNotifier } from '#shared/storage/sqs/claim-notifier';
import { DynamoControlNumberCounter } from '#shared/storage/dynamodb/control-number-counter';
import { CountedControlNumbers } from '#shared/transmission/control-numbers';
import { AnswerRepository } from '#shared/storage/dynamodb/answer-repository';
import { ClaimRepository } from '#shared/storage/dynamodb/claim-repository';
import { SingleTableIdempotencyStore } from '#shared/storage/dynamodb/idempotency-store';
import { TenantRepository } from '#shared/storage/dynamodb/tenant-repository';
import { SqsClaimQueue, type ClaimQueue } from '#shared/storage/sqs/transmit-queue';
import { logger } from '#shared/observability/logger';
import { json, type HttpRequest, type HttpResponse } from './http.ts';
import { buildOpenApiDocument } from './openapi.ts';
import { HttpProblem, problemResponse, problems } from './problem.ts';
import { Router } from './router.ts';
import { claimBatchRoutes } from './routes/claim-batches.ts';
import { claimRoutes } from './routes/claims.ts';
import { supersessionRoutes } from './routes/claim-supersession.ts';
import { healthRoutes } from './routes/health.ts';
import { probeQueue, probeTable } from '#shared/storage/health-probes';
import { webhookRoutes } from './routes/webhooks.ts';
import { WebhookRepository } from '#shared/storage/dynamodb/webhook-repository';
import type { Resolver } from '#shared/webhooks/url-policy';
import { workQueueRoutes } from './routes/work-queues.ts';
import { WorkQueueRepository } from '#shared/storage/dynamodb/work-queue-repository';

export interface Application {
  handle(request: HttpRequest): Promise<HttpResponse>;
  /** set by the Lambda handler for each invocation */
  setLambdaContext(context: Context | undefined): void;
}

export function createApplication(
  config: Config,
  options: {
    now?: () => Date;
    clients?: AwsClients;
    queue?: ClaimQueue;
    /** DNS for webhook URL checks (tests) */
    resolve?: Resolver;
    /** the batch archive (tests) */
    archive?: BatchArchive;
  } = {},
): Application {
  const clients = options.clients ?? createAwsClients(config);
  const now = options.now ?? (() => new Date());
  const claims = new ClaimRepository({
    documents: clients.documents,
    tableName: config.TABLE_NAME,
  });
  const tenants = new TenantRepository({
    documents: clients.documents,
    tableName: config.TABLE_NAME,
  });
  const queue =
    options.queue ??
    new SqsClaimQueue({ sqs: clients.sqs, queueUrl: requireSetting(config, 'TRANSMIT_QUEUE_URL') });
  let lambdaContext: Context | undefined;
  // one store per idempotent route: Powertools configures a store once, with the first route's keys
  const idempotencyStore = () =>
    new SingleTableIdempotencyStore({ client: clients.dynamo, tableName: config.TABLE_NAME });
  const transmitQueueUrl = requireSetting(config, 'TRANSMIT_QUEUE_URL');
  const routes = [
    ...healthRoutes({
      probes: {
        table: () => probeTable(clients.dynamo, config.TABLE_NAME),
        transmitQueue: () => probeQueue(clients.sqs, transmitQueueUrl),
      },
    }),
    ...claimRoutes({
      intake: { claims, queue, now },
      claims,
      tenants,
      answers: new AnswerRepository({ documents: clients.documents, tableName: config.TABLE_NAME }),
      idempotencyStore: idempotencyStore(),
      maxBodyBytes: config.MAX_BODY_BYTES,
      lambdaContext: () => lambdaContext,
    }),
    ...supersessionRoutes({
      intake: { claims, queue, now },
      idempotencyStore: idempotencyStore(),
      maxBodyBytes: config.MAX_BODY_BYTES,
      lambdaContext: () => lambdaContext,
    }),
    ...claimBatchRoutes({
      intake: {
        claims,
        queue,
        now,
        batches: new BatchRepository({
          documents: clients.documents,
          tableName: config.TABLE_NAME,
        }),
        archive:
          options.archive ??
          new S3BatchArchive({
            s3: s3Client(config),
            bucket: requireSetting(config, 'ARCHIVE_BUCKET'),
          }),
        controlNumbers: new CountedControlNumbers(
          new DynamoControlNumberCounter({
            documents: clients.documents,
            tableName: config.TABLE_NAME,
          }),
        ),
        notifier: new SqsClaimNotifier({
          sqs: clients.sqs,
          queueUrl: requireSetting(config, 'NOTIFY_QUEUE_URL'),
        }),
      },
      idempotencyStore: idempotencyStore(),
      lambdaContext: () => lambdaContext,
    }),
    ...workQueueRoutes({
      claims,
      now,
      maxBodyBytes: config.MAX_BODY_BYTES,
      workQueues: new WorkQueueRepository({
        documents: clients.documents,
        tableName: config.TABLE_NAME,
      }),
    }),
    ...webhookRoutes({
      webhooks: new WebhookRepository({
        documents: clients.documents,
        tableName: config.TABLE_NAME,
      }),
      stage: config.STAGE,
      now,
      maxBodyBytes: config.MAX_BODY_BYTES,
      ...(options.resolve ? { resolve: options.resolve } : {}),
    }),
  ];
  // built on first request: generating JSON Schema for the claim shapes is not cold-start work
  let openApi: Record<string, unknown> | undefined;
  const router = new Router([
    ...routes,
    {
      method: 'GET',
      path: '/v1/openapi.json',
      handle: () => Promise.resolve(json(200, (openApi ??= buildOpenApiDocument(routes)))),
    },
  ]);
  return {
    setLambdaContext(context) {
      lambdaContext = context;
    },
    async handle(request) {
      try {
        return await router.handle(request);
      } catch (error) {
        if (error instanceof HttpProblem) return problemResponse(error, request.requestId);
        // log the kind and stack only: messages of SDK or library errors may quote data
        logger.error('request failed', {
          requestId: request.requestId,
          errorName: error instanceof Error ? error.name : 'unknown',
          stack:
            error instanceof Error ? error.stack?.split('\n').slice(1, 6).join('\n') : undefined,
        });
        return problemResponse(problems.internal(), request.requestId);
      }
    },
  };
}
