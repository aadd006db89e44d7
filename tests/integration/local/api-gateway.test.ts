import { afterEach, describe, expect, it } from 'vitest';
import type {
  APIGatewayAuthorizerResult,
  APIGatewayProxyEvent,
  APIGatewayProxyResult,
  APIGatewayRequestAuthorizerEvent,
  Context,
} from 'aws-lambda';
import {
  startLocalApiGateway,
  type LocalApiGateway,
  type LocalApiGatewayOptions,
} from '#infra/local/api-gateway';
import { gatewayProblems, type GatewayProblem } from '#shared/api/gateway-problems';

const allow = (resource = '*', context: APIGatewayAuthorizerResult['context'] = {}) =>
  ({
    principalId: 'tenant-1',
    policyDocument: {
      Version: '2012-10-17',
      Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: resource }],
    },
    context,
  }) satisfies APIGatewayAuthorizerResult;

const deny: APIGatewayAuthorizerResult = {
  principalId: 'tenant-1',
  policyDocument: {
    Version: '2012-10-17',
    Statement: [{ Action: 'execute-api:Invoke', Effect: 'Deny', Resource: '*' }],
  },
};

interface Harness {
  gateway: LocalApiGateway;
  events: APIGatewayProxyEvent[];
  contexts: Context[];
  authorizerEvents: APIGatewayRequestAuthorizerEvent[];
  logs: unknown[][];
  errors: unknown[][];
}

const running: LocalApiGateway[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((gateway) => gateway.close()));
});

async function start(
  overrides: Partial<LocalApiGatewayOptions> & {
    respond?: (event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult>;
    authorize?: (event: APIGatewayRequestAuthorizerEvent) => Promise<APIGatewayAuthorizerResult>;
  } = {},
): Promise<Harness> {
  const harness: Omit<Harness, 'gateway'> = {
    events: [],
    contexts: [],
    authorizerEvents: [],
    logs: [],
    errors: [],
  };
  const { respond, authorize, ...options } = overrides;
  const gateway = await startLocalApiGateway({
    port: 0,
    publicRoutes: [{ method: 'GET', path: '/v1/health' }],
    handler: async (event, context) => {
      harness.events.push(event);
      harness.contexts.push(context);
      return respond
        ? await respond(event)
        : { statusCode: 200, headers: { 'Content-Type': 'application/json' }, body: '{}' };
    },
    authorizer: async (event) => {
      harness.authorizerEvents.push(event);
      return authorize ? await authorize(event) : allow('*', { tenantId: 'tenant-1', tier: 3 });
    },
    logger: {
      info: (...args: unknown[]) => harness.logs.push(args),
      error: (...args: unknown[]) => harness.errors.push(args),
    },
    ...options,
  });
  running.push(gateway);
  return { gateway, ...harness };
}

/**
 * Asserts an answer is the table entry's problem+json: its type, title and detail, its status
 * (for a DEFAULT_ fallback, which has none, the status API Gateway keeps), this request's id.
 */
async function expectGatewayProblem(
  response: Response,
  problem: GatewayProblem,
  status = problem.status,
): Promise<void> {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  expect(await response.json()).toEqual({
    type: problem.type,
    title: problem.title,
    ...(problem.status === undefined ? {} : { status: problem.status }),
    detail: problem.detail,
    instance: `urn:request:${response.headers.get('x-amzn-requestid') ?? 'missing'}`,
  });
}

describe('startLocalApiGateway', () => {
  describe('proxy event', () => {
    it('builds a REST payload v1 event with headers, query, path parameters, authorizer context and the domain and stage of a custom domain', async () => {
      const api = await start();

      const response = await fetch(
        `${api.gateway.url}/v1/claims/abc%20def?status=PAID&payerId=1&payerId=2`,
        {
          method: 'POST',
          headers: { 'x-api-key': 'key-1', 'Content-Type': 'application/json', 'X-Custom': 'a' },
          body: '{"claim":true}',
        },
      );

      expect(response.status).toBe(200);
      const [event] = api.events;
      expect(event).toMatchObject({
        resource: '/v1/{proxy+}',
        path: '/v1/claims/abc%20def',
        httpMethod: 'POST',
        pathParameters: { proxy: 'claims/abc def' },
        queryStringParameters: { status: 'PAID', payerId: '2' },
        multiValueQueryStringParameters: { status: ['PAID'], payerId: ['1', '2'] },
        stageVariables: null,
        body: '{"claim":true}',
        isBase64Encoded: false,
      });
      const headerNames = Object.keys(event?.headers ?? {}).map((name) => name.toLowerCase());
      expect(headerNames).toEqual(
        expect.arrayContaining(['x-api-key', 'content-type', 'x-custom']),
      );
      const custom = Object.entries(event?.multiValueHeaders ?? {}).find(
        ([name]) => name.toLowerCase() === 'x-custom',
      );
      expect(custom?.[1]).toEqual(['a']);
      expect(event?.requestContext).toMatchObject({
        // as behind a custom domain: the host called without its port, and the mapped stage
        domainName: '127.0.0.1',
        domainPrefix: '127',
        stage: 'local',
        httpMethod: 'POST',
        resourcePath: '/v1/{proxy+}',
        identity: { sourceIp: '127.0.0.1' },
        authorizer: { principalId: 'tenant-1', tenantId: 'tenant-1', tier: '3' },
      });
      expect(event?.requestContext.requestId).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
      );
      expect(Math.abs((event?.requestContext.requestTimeEpoch ?? 0) - Date.now())).toBeLessThan(
        5000,
      );
      expect(response.headers.get('x-amzn-requestid')).toBe(event?.requestContext.requestId);
    });

    it('sets query parameters to null and the body to null when the request has none', async () => {
      const api = await start();

      await fetch(`${api.gateway.url}/v1/claims`, { headers: { 'x-api-key': 'key-1' } });

      expect(api.events[0]).toMatchObject({
        queryStringParameters: null,
        multiValueQueryStringParameters: null,
        body: null,
        isBase64Encoded: false,
      });
    });

    it('passes a binary body base64-encoded and an X12 body as text', async () => {
      const api = await start();
      const bytes = Buffer.from([0, 1, 2, 254, 255]);

      await fetch(`${api.gateway.url}/v1/files`, {
        method: 'PUT',
        headers: { 'x-api-key': 'key-1', 'content-type': 'application/octet-stream' },
        body: bytes,
      });
      await fetch(`${api.gateway.url}/v1/claim-batches`, {
        method: 'POST',
        headers: { 'x-api-key': 'key-1', 'content-type': 'application/edi-x12' },
        body: 'ISA*00*~',
      });

      expect(api.events[0]).toMatchObject({
        isBase64Encoded: true,
        body: bytes.toString('base64'),
      });
      expect(api.events[1]).toMatchObject({ isBase64Encoded: false, body: 'ISA*00*~' });
    });

    it('gives the handler a Lambda context with a request id and remaining time', async () => {
      const api = await start({ integrationTimeoutMs: 10_000 });

      await fetch(`${api.gateway.url}/v1/claims`, { headers: { 'x-api-key': 'key-1' } });

      const context = api.contexts[0];
      expect(context?.functionName).toBe('api');
      expect(context?.awsRequestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(context?.invokedFunctionArn).toMatch(
        /^arn:aws:lambda:[a-z0-9-]+:\d{12}:function:api$/,
      );
      expect(context?.getRemainingTimeInMillis()).toBeGreaterThan(5000);
      expect(context?.getRemainingTimeInMillis()).toBeLessThanOrEqual(10_000);
    });
  });

  describe('authorizer', () => {
    it('answers 401 problem+json without calling the authorizer when x-api-key is missing', async () => {
      const api = await start();

      const response = await fetch(`${api.gateway.url}/v1/claims`);

      await expectGatewayProblem(response, gatewayProblems.unauthorized);
      expect(api.authorizerEvents).toHaveLength(0);
      expect(api.events).toHaveLength(0);
    });

    it('answers 401 problem+json when the authorizer throws Unauthorized', async () => {
      const api = await start({
        authorize: () => Promise.reject(new Error('Unauthorized')),
      });

      const response = await fetch(`${api.gateway.url}/v1/claims`, {
        headers: { 'x-api-key': 'bad' },
      });

      await expectGatewayProblem(response, gatewayProblems.unauthorized);
      expect(api.events).toHaveLength(0);
    });

    it('answers 403 problem+json when the authorizer returns a Deny policy', async () => {
      const api = await start({ authorize: () => Promise.resolve(deny) });

      const response = await fetch(`${api.gateway.url}/v1/claims`, {
        headers: { 'x-api-key': 'key-1' },
      });

      await expectGatewayProblem(response, gatewayProblems.accessDenied);
      expect(api.events).toHaveLength(0);
    });

    it('answers 500 problem+json when the authorizer fails otherwise or returns an object in its context', async () => {
      const failing = await start({ authorize: () => Promise.reject(new Error('boom')) });
      const nested = await start({
        authorize: () =>
          Promise.resolve(allow('*', { tenant: { id: 1 } } as unknown as Record<string, string>)),
      });

      const first = await fetch(`${failing.gateway.url}/v1/claims`, {
        headers: { 'x-api-key': 'key-1' },
      });
      const second = await fetch(`${nested.gateway.url}/v1/claims`, {
        headers: { 'x-api-key': 'key-1' },
      });

      await expectGatewayProblem(first, gatewayProblems.authorizerConfigurationError);
      await expectGatewayProblem(second, gatewayProblems.authorizerConfigurationError);
      expect(failing.events).toHaveLength(0);
      expect(nested.events).toHaveLength(0);
    });

    it('sends the authorizer a REQUEST event with the method ARN and the x-api-key header', async () => {
      const api = await start({ stage: 'dev' });

      await fetch(`${api.gateway.url}/v1/claims/c-1?x=1`, { headers: { 'x-api-key': 'key-1' } });

      const [event] = api.authorizerEvents;
      expect(event).toMatchObject({
        type: 'REQUEST',
        httpMethod: 'GET',
        path: '/v1/claims/c-1',
        resource: '/v1/{proxy+}',
        queryStringParameters: { x: '1' },
      });
      expect(event?.methodArn).toMatch(
        /^arn:aws:execute-api:[a-z0-9-]+:\d{12}:[a-z0-9]{10}\/dev\/GET\/v1\/claims\/c-1$/,
      );
      expect(Object.entries(event?.headers ?? {})).toContainEqual(['x-api-key', 'key-1']);
    });

    it('caches the policy per API key for the TTL and calls the authorizer again after it', async () => {
      const api = await start({ authorizerCacheTtlSeconds: 0.3 });
      const call = (key: string) =>
        fetch(`${api.gateway.url}/v1/claims`, { headers: { 'x-api-key': key } });

      await call('key-1');
      await call('key-1');
      await call('key-2');
      const callsWithinTtl = api.authorizerEvents.length;
      await new Promise((resolve) => setTimeout(resolve, 400));
      const afterTtl = await call('key-1');

      expect(callsWithinTtl).toBe(2);
      expect(api.authorizerEvents).toHaveLength(3);
      expect(afterTtl.status).toBe(200);
      expect(api.events.every((event) => event.requestContext.authorizer?.principalId)).toBe(true);
    });

    it('checks a cached policy against the method ARN of each request', async () => {
      const api = await start({
        // A policy naming the one method it was issued for: the classic cached-authorizer trap.
        authorize: (event) => Promise.resolve(allow(event.methodArn)),
      });
      const call = (path: string) =>
        fetch(`${api.gateway.url}${path}`, { headers: { 'x-api-key': 'key-1' } });

      const first = await call('/v1/claims/a');
      const other = await call('/v1/claims/b');

      expect(first.status).toBe(200);
      expect(other.status).toBe(403);
      expect(api.authorizerEvents).toHaveLength(1);
    });

    it('skips the authorizer for a public route and uses its exact resource', async () => {
      const api = await start();

      const response = await fetch(`${api.gateway.url}/v1/health`);

      expect(response.status).toBe(200);
      expect(api.authorizerEvents).toHaveLength(0);
      expect(api.events[0]).toMatchObject({
        resource: '/v1/health',
        pathParameters: null,
        requestContext: { resourcePath: '/v1/health' },
      });
      expect(api.events[0]?.requestContext.authorizer).toBeUndefined();
    });
  });

  describe('routing and limits', () => {
    it('answers 404 problem+json (as the deployed gateway answers MISSING_AUTHENTICATION_TOKEN) outside the API and for a method a public resource lacks', async () => {
      const api = await start();

      const outside = await fetch(`${api.gateway.url}/other`, { headers: { 'x-api-key': 'k' } });
      const bare = await fetch(`${api.gateway.url}/v1`, { headers: { 'x-api-key': 'k' } });
      const wrongMethod = await fetch(`${api.gateway.url}/v1/health`, { method: 'DELETE' });

      for (const response of [outside, bare, wrongMethod]) {
        await expectGatewayProblem(response, gatewayProblems.noRoute);
      }
      expect(api.events).toHaveLength(0);
      expect(api.authorizerEvents).toHaveLength(0);
    });

    it("answers 413 problem+json to a body over API Gateway's 10 MB limit before calling anything", async () => {
      const api = await start();

      const response = await fetch(`${api.gateway.url}/v1/claim-batches`, {
        method: 'POST',
        headers: { 'x-api-key': 'key-1', 'content-type': 'application/edi-x12' },
        body: Buffer.alloc(10 * 1024 * 1024 + 1, 'a'),
      });

      await expectGatewayProblem(response, gatewayProblems.tooLarge);
      expect(api.authorizerEvents).toHaveLength(0);
      expect(api.events).toHaveLength(0);
    });

    it('accepts a body at exactly the configured limit and refuses one byte more', async () => {
      const api = await start({ maxBodyBytes: 1024 });
      const post = (size: number) =>
        fetch(`${api.gateway.url}/v1/claims`, {
          method: 'POST',
          headers: { 'x-api-key': 'key-1', 'content-type': 'text/plain' },
          body: 'a'.repeat(size),
        });

      const atLimit = await post(1024);
      const over = await post(1025);

      expect(atLimit.status).toBe(200);
      expect(over.status).toBe(413);
      expect(api.events).toHaveLength(1);
    });
  });

  describe('responses', () => {
    it('passes status, headers, multi-value headers and body through', async () => {
      const api = await start({
        respond: () =>
          Promise.resolve({
            statusCode: 422,
            headers: {
              'Content-Type': 'application/problem+json',
              'X-One': 'single',
              'X-Both': 'x',
            },
            multiValueHeaders: { 'X-Both': ['m1', 'm2'] },
            body: '{"errors":[]}',
          }),
      });

      const response = await fetch(`${api.gateway.url}/v1/claims`, {
        headers: { 'x-api-key': 'key-1' },
      });

      expect(response.status).toBe(422);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect(response.headers.get('x-one')).toBe('single');
      expect(response.headers.get('x-both')).toBe('m1, m2');
      expect(await response.text()).toBe('{"errors":[]}');
    });

    it('decodes a base64-encoded response body', async () => {
      const bytes = Buffer.from([1, 2, 3, 250]);
      const api = await start({
        respond: () =>
          Promise.resolve({
            statusCode: 200,
            headers: { 'Content-Type': 'application/octet-stream' },
            body: bytes.toString('base64'),
            isBase64Encoded: true,
          }),
      });

      const response = await fetch(`${api.gateway.url}/v1/files/1`, {
        headers: { 'x-api-key': 'key-1' },
      });

      expect(Buffer.from(await response.arrayBuffer())).toEqual(bytes);
    });

    it('answers 502 problem+json (DEFAULT_5XX) when the handler throws and logs the error without the request body', async () => {
      const api = await start({ respond: () => Promise.reject(new TypeError('handler broke')) });

      const response = await fetch(`${api.gateway.url}/v1/claims`, {
        method: 'POST',
        headers: { 'x-api-key': 'key-1', 'content-type': 'application/json' },
        body: '{"patient":"SECRET-PATIENT-NAME"}',
      });

      await expectGatewayProblem(response, gatewayProblems.otherServerError, 502);
      const logged = JSON.stringify([api.errors, api.logs]);
      expect(logged).toContain('handler broke');
      expect(logged).not.toContain('SECRET-PATIENT-NAME');
    });

    it('answers 502 problem+json to a malformed proxy result and 504 after the integration timeout', async () => {
      const malformed = await start({
        respond: () => Promise.resolve({ body: 'no status' } as unknown as APIGatewayProxyResult),
      });
      const slow = await start({
        integrationTimeoutMs: 100,
        respond: () =>
          new Promise((resolve) => setTimeout(() => resolve({ statusCode: 200, body: '' }), 1000)),
      });

      const first = await fetch(`${malformed.gateway.url}/v1/claims`, {
        headers: { 'x-api-key': 'key-1' },
      });
      const second = await fetch(`${slow.gateway.url}/v1/claims`, {
        headers: { 'x-api-key': 'key-1' },
      });

      await expectGatewayProblem(first, gatewayProblems.otherServerError, 502);
      await expectGatewayProblem(second, gatewayProblems.integrationTimeout);
    });

    it('logs one access line per request with method, path, status, duration and request id only', async () => {
      const api = await start();

      await fetch(`${api.gateway.url}/v1/claims?patient=SECRET-QUERY`, {
        method: 'POST',
        headers: { 'x-api-key': 'key-1', 'content-type': 'application/json' },
        body: '{"patient":"SECRET-BODY"}',
      });

      expect(api.logs).toHaveLength(1);
      const [message, fields] = api.logs[0] ?? [];
      expect(message).toBe('request');
      expect(fields).toEqual({
        method: 'POST',
        path: '/v1/claims',
        status: 200,
        ms: expect.any(Number) as number,
        requestId: api.events[0]?.requestContext.requestId,
      });
      expect(JSON.stringify(api.logs)).not.toMatch(/SECRET/);
    });
  });

  it('closes promptly with a keep-alive connection open', async () => {
    const api = await start();
    await fetch(`${api.gateway.url}/v1/health`, { headers: { connection: 'keep-alive' } });
    running.splice(running.indexOf(api.gateway), 1);

    const started = Date.now();
    await api.gateway.close();

    expect(Date.now() - started).toBeLessThan(1000);
    await expect(fetch(`${api.gateway.url}/v1/health`)).rejects.toThrow();
  });
});
