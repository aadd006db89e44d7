// A local stand-in for the API Gateway REST API: turns HTTP requests into the Lambda proxy event
// (payload v1), runs the REQUEST authorizer as API Gateway does (identity source x-api-key, cached
// policy checked against the method ARN) and answers its own errors from the table the deployed
// gateway's responses are made of (shared/api/gateway-problems.ts), as problem+json.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes, randomUUID } from 'node:crypto';
import type {
  APIGatewayAuthorizerResult,
  APIGatewayEventIdentity,
  APIGatewayProxyEvent,
  APIGatewayProxyResult,
  APIGatewayRequestAuthorizerEvent,
  Context,
} from 'aws-lambda';
import { createLambdaContext, LOCAL_ACCOUNT_ID } from './lambda-context.ts';
import { evaluateAuthorizerPolicy } from './authorizer-policy.ts';
import {
  API_GATEWAY_MAX_BODY_BYTES,
  gatewayProblemDocument,
  gatewayProblems,
  type GatewayProblem,
} from '#shared/api/gateway-problems';
import { PROBLEM_MEDIA_TYPE } from '#shared/api/problem';

/** The API handler, async as the nodejs24.x runtime requires (middy handlers fit). */
export type ApiHandler = (
  event: APIGatewayProxyEvent,
  context: Context,
) => Promise<APIGatewayProxyResult>;

/** A REQUEST authorizer; throw Error('Unauthorized') for 401, return a Deny policy for 403. */
export type RequestAuthorizer = (
  event: APIGatewayRequestAuthorizerEvent,
  context: Context,
) => Promise<APIGatewayAuthorizerResult>;

/** A method on an exact resource path that has no authorizer, e.g. GET /v1/health. */
export interface PublicRoute {
  /** an HTTP method, or ANY */
  readonly method: string;
  readonly path: string;
}

export interface LocalApiGatewayOptions {
  /** 0 lets the OS choose */
  readonly port: number;
  /** default 127.0.0.1 */
  readonly host?: string;
  readonly handler: ApiHandler;
  readonly authorizer: RequestAuthorizer;
  readonly publicRoutes: readonly PublicRoute[];
  /** API Gateway's payload limit, 10 MB; requests above it get 413 before anything runs */
  readonly maxBodyBytes?: number;
  /** default 'local' */
  readonly stage?: string;
  /** the greedy proxy resource is `${basePath}/{proxy+}`; default '/v1' */
  readonly basePath?: string;
  /** for ARNs and contexts; default AWS_REGION or us-east-1 */
  readonly region?: string;
  /** API Gateway's authorizer result TTL; default 300, 0 turns the cache off */
  readonly authorizerCacheTtlSeconds?: number;
  /** API Gateway's integration timeout; default 29 s (answers 504 after it) */
  readonly integrationTimeoutMs?: number;
  /** names in the Lambda contexts; default 'api' and 'authorizer' */
  readonly handlerFunctionName?: string;
  readonly authorizerFunctionName?: string;
  /** access lines and errors; never given bodies. Default console. */
  readonly logger?: Pick<Console, 'info' | 'error'>;
}

export interface LocalApiGateway {
  /** base URL without a trailing slash, e.g. http://127.0.0.1:3000 */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

export { API_GATEWAY_MAX_BODY_BYTES };
const IDENTITY_HEADER = 'x-api-key';

/** One of the gateway's own answers: the table's entry and what API Gateway adds to it. */
interface GatewayResponse {
  readonly problem: GatewayProblem;
  /** the entry's status, or for a DEFAULT_ fallback the status of the error it stands for */
  readonly status: number;
  /** API Gateway's x-amzn-ErrorType header */
  readonly errorType: string;
}

const answer = (problem: GatewayProblem, errorType: string, status?: number): GatewayResponse => ({
  problem,
  status: status ?? problem.status ?? 500,
  errorType,
});

// The cases this server meets, each with the table entry the deployed gateway answers it with.
// No throttling here, so no 429.
const gatewayResponses = {
  // API Gateway raises MISSING_AUTHENTICATION_TOKEN for paths and methods without a route
  noRoute: answer(gatewayProblems.noRoute, 'MissingAuthenticationTokenException'),
  unauthorized: answer(gatewayProblems.unauthorized, 'UnauthorizedException'),
  accessDenied: answer(gatewayProblems.accessDenied, 'AccessDeniedException'),
  authorizerFailure: answer(
    gatewayProblems.authorizerConfigurationError,
    'AuthorizerConfigurationException',
  ),
  requestTooLarge: answer(gatewayProblems.tooLarge, 'RequestTooLargeException'),
  // a crashed handler or a malformed proxy result: Lambda's 502, through DEFAULT_5XX
  integrationFailure: answer(gatewayProblems.otherServerError, 'InternalServerErrorException', 502),
  integrationTimeout: answer(gatewayProblems.integrationTimeout, 'IntegrationTimeoutException'),
} as const satisfies Record<string, GatewayResponse>;

interface CachedAuthorization {
  readonly result: APIGatewayAuthorizerResult;
  readonly expiresAt: number;
}

/** Starts the local REST API; resolves once it listens. */
export async function startLocalApiGateway(
  options: LocalApiGatewayOptions,
): Promise<LocalApiGateway> {
  const settings = {
    host: options.host ?? '127.0.0.1',
    maxBodyBytes: options.maxBodyBytes ?? API_GATEWAY_MAX_BODY_BYTES,
    stage: options.stage ?? 'local',
    basePath: (options.basePath ?? '/v1').replace(/\/+$/, ''),
    region: options.region ?? process.env.AWS_REGION ?? 'us-east-1',
    cacheTtlMs: (options.authorizerCacheTtlSeconds ?? 300) * 1000,
    integrationTimeoutMs: options.integrationTimeoutMs ?? 29_000,
    handlerFunctionName: options.handlerFunctionName ?? 'api',
    authorizerFunctionName: options.authorizerFunctionName ?? 'authorizer',
    logger: options.logger ?? console,
    // API ids are 10 lower-case alphanumerics; fixed for the life of the server like a deployment.
    apiId: randomBytes(8).toString('hex').slice(0, 10),
  };
  const authorizationCache = new Map<string, CachedAuthorization>();

  const server = createServer((request, response) => {
    void serve(request, response).catch((error: unknown) => {
      // Only a bug in this file lands here; the handler's own errors are answered with 502.
      settings.logger.error('local API gateway failed', { error: describeError(error) });
      if (!response.headersSent) response.writeHead(500).end();
      else response.destroy();
    });
  });

  async function serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const requestId = randomUUID();
    const started = Date.now();
    const method = request.method ?? 'GET';
    const rawUrl = request.url ?? '/';
    const queryStart = rawUrl.indexOf('?');
    const path = queryStart === -1 ? rawUrl : rawUrl.slice(0, queryStart);
    const search = queryStart === -1 ? '' : rawUrl.slice(queryStart + 1);
    let status = 0;
    const send = (result: {
      status: number;
      headers?: Record<string, string | string[]>;
      body?: Buffer | string;
    }) => {
      status = result.status;
      response.writeHead(result.status, {
        'x-amzn-RequestId': requestId,
        ...result.headers,
      });
      response.end(result.body);
    };
    const sendGateway = (gateway: GatewayResponse) =>
      send({
        status: gateway.status,
        headers: { 'Content-Type': PROBLEM_MEDIA_TYPE, 'x-amzn-ErrorType': gateway.errorType },
        body: JSON.stringify(gatewayProblemDocument(gateway.problem, requestId)),
      });

    try {
      const body = await readBody(request, settings.maxBodyBytes);
      if (body === 'too-large') {
        sendGateway(gatewayResponses.requestTooLarge);
        return;
      }

      const route = matchRoute(method, path, settings.basePath, options.publicRoutes);
      if (route === undefined) {
        sendGateway(gatewayResponses.noRoute);
        return;
      }

      const { headers, multiValueHeaders } = readHeaders(request, requestId);
      const query = readQuery(search);
      // This server stands in for a custom domain (no stage in the path), so the event carries
      // what API Gateway gives behind one: the domain called, without a port, its first label,
      // and the stage the domain maps to.
      const domainName = hostName(firstHeader(multiValueHeaders, 'host') ?? settings.host);
      const requestContext = {
        accountId: LOCAL_ACCOUNT_ID,
        apiId: settings.apiId,
        domainName,
        domainPrefix: domainName.split('.')[0] ?? domainName,
        extendedRequestId: randomBytes(12).toString('base64url'),
        httpMethod: method,
        identity: identityOf(request, firstHeader(multiValueHeaders, 'user-agent')),
        path,
        protocol: `HTTP/${request.httpVersion}`,
        requestId,
        requestTime: formatRequestTime(new Date(started)),
        requestTimeEpoch: started,
        resourceId: randomBytes(3).toString('hex'),
        resourcePath: route.resource,
        stage: settings.stage,
      };
      const shared = {
        resource: route.resource,
        path,
        httpMethod: method,
        headers,
        multiValueHeaders,
        queryStringParameters: query.single,
        multiValueQueryStringParameters: query.multi,
        pathParameters: route.pathParameters,
        stageVariables: null,
      };

      let authorizerContext: Record<string, string | number> | undefined;
      if (!route.isPublic) {
        const outcome = await authorize(
          firstHeader(multiValueHeaders, IDENTITY_HEADER),
          `arn:aws:execute-api:${settings.region}:${LOCAL_ACCOUNT_ID}:${settings.apiId}/${settings.stage}/${method}/${path.replace(/^\/+/, '')}`,
          (methodArn) => ({
            type: 'REQUEST',
            methodArn,
            ...shared,
            requestContext: { ...requestContext, authorizer: undefined },
          }),
          requestId,
        );
        if ('gateway' in outcome) {
          sendGateway(outcome.gateway);
          return;
        }
        authorizerContext = outcome.context;
      }

      const contentType = firstHeader(multiValueHeaders, 'content-type');
      const isText = isTextMediaType(contentType);
      const event: APIGatewayProxyEvent = {
        ...shared,
        body: body.length === 0 ? null : body.toString(isText ? 'utf8' : 'base64'),
        isBase64Encoded: body.length > 0 && !isText,
        requestContext: { ...requestContext, authorizer: authorizerContext },
      };

      const outcome = await invokeHandler(event, requestId);
      if ('gateway' in outcome) {
        sendGateway(outcome.gateway);
        return;
      }
      send(outcome);
    } finally {
      settings.logger.info('request', {
        method,
        path,
        status,
        ms: Date.now() - started,
        requestId,
      });
    }
  }

  async function authorize(
    identity: string | undefined,
    methodArn: string,
    buildEvent: (methodArn: string) => APIGatewayRequestAuthorizerEvent,
    requestId: string,
  ): Promise<{ gateway: GatewayResponse } | { context: Record<string, string | number> }> {
    // API Gateway answers 401 itself, without calling the authorizer, when the identity source is absent.
    if (identity === undefined || identity === '')
      return { gateway: gatewayResponses.unauthorized };

    const now = Date.now();
    let cached = authorizationCache.get(identity);
    if (cached !== undefined && cached.expiresAt <= now) {
      authorizationCache.delete(identity);
      cached = undefined;
    }
    let result: APIGatewayAuthorizerResult;
    let latency = 0;
    if (cached !== undefined) {
      result = cached.result;
    } else {
      const context = createLambdaContext({
        functionName: settings.authorizerFunctionName,
        region: settings.region,
        timeoutMs: settings.integrationTimeoutMs,
      });
      try {
        result = await options.authorizer(buildEvent(methodArn), context);
      } catch (error) {
        if (error instanceof Error && error.message === 'Unauthorized') {
          return { gateway: gatewayResponses.unauthorized };
        }
        settings.logger.error('authorizer failed', { requestId, error: describeError(error) });
        return { gateway: gatewayResponses.authorizerFailure };
      }
      latency = Date.now() - now;
      const problem = authorizerResultProblem(result);
      if (problem !== undefined) {
        settings.logger.error('authorizer returned an invalid result', { requestId, problem });
        return { gateway: gatewayResponses.authorizerFailure };
      }
      // API Gateway caches the returned policy, whatever its effect, and checks every later
      // request's method ARN against it (a policy naming one method denies the others).
      if (settings.cacheTtlMs > 0) {
        authorizationCache.set(identity, { result, expiresAt: now + settings.cacheTtlMs });
      }
    }

    if (evaluateAuthorizerPolicy(result.policyDocument, methodArn) !== 'Allow') {
      return { gateway: gatewayResponses.accessDenied };
    }
    const context: Record<string, string | number> = {};
    for (const [key, value] of Object.entries(result.context ?? {})) {
      // REST APIs hand context values to the integration as strings.
      if (value !== null && value !== undefined) context[key] = String(value);
    }
    return {
      context: { ...context, principalId: result.principalId, integrationLatency: latency },
    };
  }

  async function invokeHandler(
    event: APIGatewayProxyEvent,
    requestId: string,
  ): Promise<
    | { gateway: GatewayResponse }
    | { status: number; headers: Record<string, string | string[]>; body: Buffer }
  > {
    const context = createLambdaContext({
      functionName: settings.handlerFunctionName,
      region: settings.region,
      timeoutMs: settings.integrationTimeoutMs,
    });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), settings.integrationTimeoutMs);
    });
    let result: APIGatewayProxyResult | 'timeout';
    try {
      result = await Promise.race([options.handler(event, context), timeout]);
    } catch (error) {
      settings.logger.error('handler failed', {
        requestId,
        awsRequestId: context.awsRequestId,
        error: describeError(error),
      });
      return { gateway: gatewayResponses.integrationFailure };
    } finally {
      clearTimeout(timer);
    }
    if (result === 'timeout') {
      settings.logger.error('handler timed out', { requestId, awsRequestId: context.awsRequestId });
      return { gateway: gatewayResponses.integrationTimeout };
    }
    const problem = proxyResultProblem(result);
    if (problem !== undefined) {
      settings.logger.error('malformed Lambda proxy response', { requestId, problem });
      return { gateway: gatewayResponses.integrationFailure };
    }
    const headers: Record<string, string | string[]> = {};
    const multiNames = new Set(Object.keys(result.multiValueHeaders ?? {}).map(lower));
    for (const [name, value] of Object.entries(result.headers ?? {})) {
      // With both maps, API Gateway keeps multiValueHeaders' values for a name present in both.
      if (!multiNames.has(name.toLowerCase())) headers[name] = String(value);
    }
    for (const [name, values] of Object.entries(result.multiValueHeaders ?? {})) {
      headers[name] = values.map(String);
    }
    if (!Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) {
      headers['Content-Type'] = 'application/json';
    }
    const body = Buffer.from(
      result.body ?? '',
      result.isBase64Encoded === true ? 'base64' : 'utf8',
    );
    return { status: result.statusCode, headers, body };
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, settings.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = settings.host.includes(':') ? `[${settings.host}]` : settings.host;

  return {
    url: `http://${urlHost}:${port}`,
    port,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      // Requests still running get a moment to finish before their sockets are cut.
      const grace = setTimeout(() => server.closeAllConnections(), 2000);
      await closed;
      clearTimeout(grace);
    },
  };
}

interface RouteMatch {
  readonly resource: string;
  readonly pathParameters: { proxy: string } | null;
  readonly isPublic: boolean;
}

function matchRoute(
  method: string,
  path: string,
  basePath: string,
  publicRoutes: readonly PublicRoute[],
): RouteMatch | undefined {
  const explicit = publicRoutes.filter((route) => route.path === path);
  if (explicit.length > 0) {
    // An explicit resource wins over the greedy proxy; a method it lacks is not routed elsewhere.
    const allowed = explicit.some((route) => route.method === method || route.method === 'ANY');
    return allowed ? { resource: path, pathParameters: null, isPublic: true } : undefined;
  }
  const prefix = `${basePath}/`;
  if (!path.startsWith(prefix) || path.length === prefix.length) return undefined;
  const proxy = path.slice(prefix.length);
  return {
    resource: `${basePath}/{proxy+}`,
    pathParameters: { proxy: safeDecode(proxy) },
    isPublic: false,
  };
}

/** Media types API Gateway passes as text; any other body reaches the handler base64-encoded. */
export function isTextMediaType(contentType: string | undefined): boolean {
  if (contentType === undefined) return true;
  const type = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  return (
    type === '' ||
    type.startsWith('text/') ||
    type === 'application/json' ||
    type.endsWith('+json') ||
    type === 'application/edi-x12' ||
    type === 'application/xml' ||
    type === 'application/x-www-form-urlencoded'
  );
}

async function readBody(request: IncomingMessage, maxBytes: number): Promise<Buffer | 'too-large'> {
  const declared = Number(request.headers['content-length'] ?? 0);
  let tooLarge = declared > maxBytes;
  const chunks: Buffer[] = [];
  let total = 0;
  // The rest of an oversized body is read and dropped, so the client sees the 413 rather than a
  // reset connection; past twice the limit the socket is cut.
  for await (const chunk of request as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > maxBytes) tooLarge = true;
    if (tooLarge) {
      chunks.length = 0;
      if (total > maxBytes * 2) {
        request.socket.destroy();
        break;
      }
    } else {
      chunks.push(chunk);
    }
  }
  return tooLarge ? 'too-large' : Buffer.concat(chunks);
}

function readHeaders(
  request: IncomingMessage,
  requestId: string,
): { headers: Record<string, string>; multiValueHeaders: Record<string, string[]> } {
  const multiValueHeaders: Record<string, string[]> = {};
  const raw = request.rawHeaders;
  for (let index = 0; index + 1 < raw.length; index += 2) {
    // Names keep the case the client sent, as in API Gateway.
    const name = raw[index] as string;
    const value = raw[index + 1] as string;
    (multiValueHeaders[name] ??= []).push(value);
  }
  const has = (name: string) => firstHeader(multiValueHeaders, name) !== undefined;
  const remote = stripIpv4Mapping(request.socket.remoteAddress ?? '127.0.0.1');
  // Headers API Gateway adds on the way in.
  if (!has('x-forwarded-for')) multiValueHeaders['X-Forwarded-For'] = [remote];
  if (!has('x-forwarded-port')) {
    multiValueHeaders['X-Forwarded-Port'] = [String(request.socket.localPort ?? '')];
  }
  if (!has('x-forwarded-proto')) multiValueHeaders['X-Forwarded-Proto'] = ['http'];
  if (!has('x-amzn-trace-id')) {
    const epoch = Math.floor(Date.now() / 1000).toString(16);
    const traceId = requestId.replaceAll('-', '').slice(0, 24);
    multiValueHeaders['X-Amzn-Trace-Id'] = [`Root=1-${epoch}-${traceId}`];
  }
  const headers: Record<string, string> = {};
  for (const [name, values] of Object.entries(multiValueHeaders)) {
    const last = values.at(-1);
    if (last !== undefined) headers[name] = last;
  }
  return { headers, multiValueHeaders };
}

function readQuery(search: string): {
  single: Record<string, string> | null;
  multi: Record<string, string[]> | null;
} {
  const params = new URLSearchParams(search);
  const multi: Record<string, string[]> = {};
  for (const [name, value] of params) (multi[name] ??= []).push(value);
  if (Object.keys(multi).length === 0) return { single: null, multi: null };
  const single: Record<string, string> = {};
  for (const [name, values] of Object.entries(multi)) {
    const last = values.at(-1);
    if (last !== undefined) single[name] = last;
  }
  return { single, multi };
}

function firstHeader(headers: Record<string, string[]>, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, values] of Object.entries(headers)) {
    if (key.toLowerCase() === wanted) return values.at(-1);
  }
  return undefined;
}

function identityOf(
  request: IncomingMessage,
  userAgent: string | undefined,
): APIGatewayEventIdentity {
  return {
    accessKey: null,
    accountId: null,
    apiKey: null,
    apiKeyId: null,
    caller: null,
    clientCert: null,
    cognitoAuthenticationProvider: null,
    cognitoAuthenticationType: null,
    cognitoIdentityId: null,
    cognitoIdentityPoolId: null,
    principalOrgId: null,
    sourceIp: stripIpv4Mapping(request.socket.remoteAddress ?? '127.0.0.1'),
    user: null,
    userAgent: userAgent ?? null,
    userArn: null,
  };
}

function authorizerResultProblem(result: unknown): string | undefined {
  if (typeof result !== 'object' || result === null) return 'result is not an object';
  const { principalId, policyDocument, context } = result as Record<string, unknown>;
  if (typeof principalId !== 'string' || principalId === '') return 'principalId is missing';
  if (typeof policyDocument !== 'object' || policyDocument === null) {
    return 'policyDocument is missing';
  }
  if (context !== undefined && context !== null) {
    if (typeof context !== 'object') return 'context is not an object';
    for (const [key, value] of Object.entries(context)) {
      if (value !== null && typeof value === 'object') {
        return `context.${key} is an object or array (API Gateway allows strings, numbers and booleans)`;
      }
    }
  }
  return undefined;
}

function proxyResultProblem(result: unknown): string | undefined {
  if (typeof result !== 'object' || result === null) return 'result is not an object';
  const { statusCode, body, headers, multiValueHeaders } = result as Record<string, unknown>;
  if (typeof statusCode !== 'number' || !Number.isInteger(statusCode)) {
    return 'statusCode is not an integer';
  }
  if (statusCode < 100 || statusCode > 599) return 'statusCode is out of range';
  if (body !== undefined && body !== null && typeof body !== 'string')
    return 'body is not a string';
  if (headers !== undefined && headers !== null) {
    if (typeof headers !== 'object') return 'headers is not an object';
    for (const value of Object.values(headers)) {
      if (typeof value === 'object') return 'a header value is not a string, number or boolean';
    }
  }
  if (multiValueHeaders !== undefined && multiValueHeaders !== null) {
    if (typeof multiValueHeaders !== 'object') return 'multiValueHeaders is not an object';
    for (const value of Object.values(multiValueHeaders)) {
      if (!Array.isArray(value)) return 'a multiValueHeaders value is not an array';
    }
  }
  return undefined;
}

function describeError(error: unknown): Record<string, string | undefined> {
  if (error instanceof Error)
    return { name: error.name, message: error.message, stack: error.stack };
  return { name: typeof error };
}

function formatRequestTime(date: Date): string {
  // API Gateway's $context.requestTime: 09/Apr/2015:12:34:56 +0000
  const months = [
    'Jan',
    'Feb',
    'Mar',
    'Apr',
    'May',
    'Jun',
    'Jul',
    'Aug',
    'Sep',
    'Oct',
    'Nov',
    'Dec',
  ];
  const pad = (value: number) => String(value).padStart(2, '0');
  return (
    `${pad(date.getUTCDate())}/${months[date.getUTCMonth()]}/${date.getUTCFullYear()}:` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`
  );
}

/** The host of a Host header: the port dropped, an IPv6 literal kept in its brackets. */
function hostName(host: string): string {
  if (host.startsWith('[')) return host.slice(0, host.indexOf(']') + 1) || host;
  const colon = host.indexOf(':');
  return colon === -1 ? host : host.slice(0, colon);
}

function stripIpv4Mapping(address: string): string {
  return address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function lower(value: string): string {
  return value.toLowerCase();
}
