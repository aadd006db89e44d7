// Links and Location headers from the proxy event (real DynamoDB Local): under the execute-api URL
// with its stage, under PUBLIC_BASE_URL when the deployment sets one (through the api function
// itself, which reads it from its environment), relative paths on any other domain.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { handler, toHttpRequest } from '#functions/api/handler';
import { createLambdaContext } from '#infra/local/lambda-context';
import { createApplication, type Application } from '#shared/api/application';
import { resetConfig } from '#shared/config/config';
import { WORK_QUEUES } from '#shared/domain/follow-up/work-queue-rules';
import { claimFixture } from '../../support/claims.ts';
import { provisionTestTenants } from '../../support/local-resources.ts';
import { RecordingQueue } from '../../support/recording-queue.ts';

const EXECUTE_API = 'abc123.execute-api.us-east-1.amazonaws.com';
const PUBLIC_BASE_URL = 'https://claims.example.com/api';
const TENANT = 'tn_links';

let application: Application;
const savedEnvironment = { ...process.env };

beforeAll(async () => {
  const provisioned = await provisionTestTenants({ [TENANT]: 'Links' });
  application = createApplication(provisioned.config, {
    clients: provisioned.clients,
    queue: new RecordingQueue(),
  });
  // what the api function reads at its cold start (the CDK stack sets PUBLIC_BASE_URL likewise)
  Object.assign(process.env, provisioned.resources.environment, { PUBLIC_BASE_URL });
  resetConfig();
});

afterAll(() => {
  process.env = savedEnvironment;
  resetConfig();
});

/** A REST proxy event as API Gateway builds it, with the fields the api function reads. */
function proxyEvent(
  method: string,
  path: string,
  origin: { domainName: string; stage: string },
  body?: unknown,
): APIGatewayProxyEvent {
  // the rest of the event (identity, multi-value maps, ...) is not read by the api function
  return {
    httpMethod: method,
    path,
    resource: '/v1/{proxy+}',
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    queryStringParameters: null,
    body: body === undefined ? null : JSON.stringify(body),
    isBase64Encoded: false,
    requestContext: {
      ...origin,
      requestId: `req-${Math.random().toString(36).slice(2)}`,
      authorizer: { tenantId: TENANT, principalId: TENANT },
    },
  } as unknown as APIGatewayProxyEvent;
}

type Invoke = (event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult>;

/** The application behind toHttpRequest, without a configured base (the deployment default). */
const withoutConfiguredBase: Invoke = async (event) =>
  application.handle(
    toHttpRequest(event, { remainingTimeMs: () => 29_000, configuredBaseUrl: undefined }),
  );

/** The api function as Lambda runs it, with PUBLIC_BASE_URL in its environment. */
const apiFunction: Invoke = (event) =>
  handler(
    event,
    createLambdaContext({ functionName: 'api', region: 'us-east-1', timeoutMs: 29_000 }),
  );

/** Submits a claim, reads it, lists claims and work queues: the Location and the links answered. */
async function linksOf(invoke: Invoke, origin: { domainName: string; stage: string }) {
  const submitted = await invoke(
    proxyEvent('POST', '/v1/claims/professional', origin, claimFixture('professional-minimal')),
  );
  expect(submitted.statusCode).toBe(202);
  const { claimId } = JSON.parse(submitted.body) as { claimId: string };
  const read = await invoke(proxyEvent('GET', `/v1/claims/${claimId}`, origin));
  const listed = await invoke(proxyEvent('GET', '/v1/claims', origin));
  const queues = await invoke(proxyEvent('GET', '/v1/work-queues', origin));
  const listedItem = (
    JSON.parse(listed.body) as { items: { claimId: string; links: unknown }[] }
  ).items.find((item) => item.claimId === claimId);
  return {
    claimId,
    answered: {
      location: submitted.headers?.location,
      read: (JSON.parse(read.body) as { links: unknown }).links,
      listed: listedItem?.links,
      workQueue: (JSON.parse(queues.body) as { queues: { links: unknown }[] }).queues[0]?.links,
    },
  };
}

/** The same Location and links, each under `base`. */
function linksUnder(base: string, claimId: string) {
  const claim = {
    self: `${base}/v1/claims/${claimId}`,
    events: `${base}/v1/claims/${claimId}/events`,
  };
  return {
    location: claim.self,
    read: claim,
    listed: claim,
    workQueue: { items: `${base}/v1/work-queues/${WORK_QUEUES[0]}` },
  };
}

describe('links and Location headers', () => {
  it('start with https://<domainName>/<stage> for a request through the execute-api URL', async () => {
    const { claimId, answered } = await linksOf(withoutConfiguredBase, {
      domainName: EXECUTE_API,
      stage: 'prod',
    });

    expect(answered).toEqual(linksUnder(`https://${EXECUTE_API}/prod`, claimId));
  });

  it('stay relative paths on another domain (a custom domain, or the local server) without a configured base', async () => {
    const { claimId, answered } = await linksOf(withoutConfiguredBase, {
      domainName: 'claims.example.com',
      stage: 'prod',
    });

    expect(answered).toEqual(linksUnder('', claimId));
  });

  it('start with PUBLIC_BASE_URL in the api function when the deployment sets it, even on the execute-api URL', async () => {
    const { claimId, answered } = await linksOf(apiFunction, {
      domainName: EXECUTE_API,
      stage: 'prod',
    });

    expect(answered).toEqual(linksUnder(PUBLIC_BASE_URL, claimId));
  });
});
