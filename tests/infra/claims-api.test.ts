import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { ClaimsApi } from '#infra/constructs/claims-api';
import { startLocalApiGateway } from '#infra/local/api-gateway';
import { gatewayProblemDocument, gatewayProblems } from '#shared/api/gateway-problems';
import { inlineFunction, testKey, testStack } from './support.ts';

type Resource = { Properties: Record<string, unknown> };

describe('ClaimsApi', () => {
  let template: Template;
  let ids: { handler: string; authorizer: string; key: string };
  beforeAll(() => {
    const stack = testStack();
    const key = testKey(stack);
    const handler = inlineFunction(stack, 'Handler');
    const authorizer = inlineFunction(stack, 'Authorizer');
    new ClaimsApi(stack, 'Api', { handler, authorizer, encryptionKey: key });
    const logicalId = (construct: { node: { defaultChild?: unknown } }): string =>
      stack.getLogicalId(construct.node.defaultChild as never);
    ids = { handler: logicalId(handler), authorizer: logicalId(authorizer), key: logicalId(key) };
    template = Template.fromStack(stack);
  });

  const resourceId = (pathPart: string): string => {
    const [id] = Object.entries(template.findResources('AWS::ApiGateway::Resource')).find(
      ([, resource]) => (resource as Resource).Properties.PathPart === pathPart,
    ) ?? ['missing'];
    return id;
  };
  const methodsOn = (pathPart: string): Resource[] =>
    Object.values(template.findResources('AWS::ApiGateway::Method')).filter(
      (method) =>
        JSON.stringify((method as Resource).Properties.ResourceId) ===
        JSON.stringify({ Ref: resourceId(pathPart) }),
    ) as Resource[];

  it('authorizes with a REQUEST authorizer on the x-api-key header, cached 300 s', () => {
    template.hasResourceProperties('AWS::ApiGateway::Authorizer', {
      Type: 'REQUEST',
      IdentitySource: 'method.request.header.x-api-key',
      AuthorizerResultTtlInSeconds: 300,
      AuthorizerUri: Match.objectLike({
        'Fn::Join': Match.arrayWith([Match.arrayWith([{ 'Fn::GetAtt': [ids.authorizer, 'Arn'] }])]),
      }),
    });
  });

  it('serves GET /v1/health without authorization', () => {
    const [health, ...others] = methodsOn('health');

    expect(others).toHaveLength(0);
    expect(health?.Properties).toMatchObject({ HttpMethod: 'GET', AuthorizationType: 'NONE' });
  });

  it('sends every other /v1 request through the authorizer to the api function', () => {
    const [proxy, ...others] = methodsOn('{proxy+}');

    expect(others).toHaveLength(0);
    expect(proxy?.Properties).toMatchObject({
      HttpMethod: 'ANY',
      AuthorizationType: 'CUSTOM',
      RequestParameters: { 'method.request.header.x-api-key': true },
      Integration: { Type: 'AWS_PROXY', IntegrationHttpMethod: 'POST' },
    });
    expect(JSON.stringify(proxy?.Properties.Integration)).toContain(ids.handler);
  });

  it('has no route without the authorizer but the health check', () => {
    const methods = Object.values(template.findResources('AWS::ApiGateway::Method')) as Resource[];
    const open = methods.filter((method) => method.Properties.AuthorizationType !== 'CUSTOM');

    expect(open).toHaveLength(1);
    expect(methods).toHaveLength(2);
  });

  it('validates request parameters and bodies', () => {
    template.hasResourceProperties('AWS::ApiGateway::RequestValidator', {
      ValidateRequestParameters: true,
      ValidateRequestBody: true,
    });
  });

  it('throttles the stage, traces with X-Ray and never logs request data', () => {
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      TracingEnabled: true,
      MethodSettings: [
        Match.objectLike({
          DataTraceEnabled: false,
          ThrottlingRateLimit: 100,
          ThrottlingBurstLimit: 200,
          HttpMethod: '*',
          ResourcePath: '/*',
        }),
      ],
    });
  });

  it('writes access logs to a log group encrypted with the key, in a format without bodies, headers or query strings', () => {
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      KmsKeyId: { 'Fn::GetAtt': [ids.key, 'Arn'] },
      RetentionInDays: 365,
    });
    const [stage] = Object.values(template.findResources('AWS::ApiGateway::Stage')) as Resource[];
    const format = (stage?.Properties.AccessLogSetting as { Format: string }).Format;
    const fields = JSON.parse(format) as Record<string, string>;

    expect(fields).toMatchObject({
      requestId: '$context.requestId',
      status: '$context.status',
      tenantId: '$context.authorizer.tenantId',
    });
    expect(format).not.toMatch(/requestBody|\$input|querystring|header|apiKey|responseBody/i);
  });

  describe('gateway responses', () => {
    type GatewayResponse = {
      Properties: {
        ResponseType: string;
        StatusCode?: string;
        ResponseParameters: Record<string, string>;
        ResponseTemplates: Record<string, string>;
      };
    };
    const responses = () =>
      Object.values(
        template.findResources('AWS::ApiGateway::GatewayResponse'),
      ) as GatewayResponse[];
    const responseOf = (type: string) =>
      responses().find((response) => response.Properties.ResponseType === type)?.Properties;

    it('makes one gateway response of each entry of the gateway problem table and no other', () => {
      const entries = Object.values(gatewayProblems);

      expect(
        responses()
          .map((response) => response.Properties.ResponseType)
          .toSorted(),
      ).toEqual(entries.map((entry) => entry.responseType).toSorted());
      for (const entry of entries) {
        expect(responseOf(entry.responseType)).toEqual({
          RestApiId: expect.anything() as unknown,
          ResponseType: entry.responseType,
          ...(entry.status === undefined ? {} : { StatusCode: String(entry.status) }),
          ResponseParameters: {
            'gatewayresponse.header.Content-Type': "'application/problem+json'",
          },
          ResponseTemplates: {
            'application/json': JSON.stringify(gatewayProblemDocument(entry, '$context.requestId')),
          },
        });
      }
    });

    it('answers 401, 403, 404 (unknown route), 413, 429 and 504 with that status in the body', () => {
      for (const [type, status] of [
        ['UNAUTHORIZED', 401],
        ['ACCESS_DENIED', 403],
        ['MISSING_AUTHENTICATION_TOKEN', 404],
        ['REQUEST_TOO_LARGE', 413],
        ['THROTTLED', 429],
        ['INTEGRATION_TIMEOUT', 504],
      ] as const) {
        const response = responseOf(type);
        const body = JSON.parse(response?.ResponseTemplates['application/json'] ?? '{}') as Record<
          string,
          unknown
        >;

        expect(response?.StatusCode).toBe(String(status));
        expect(body).toMatchObject({
          type: expect.stringMatching(/^https:\/\/docs\.clearinghouse\.dev\/problems\//) as string,
          status,
          instance: 'urn:request:$context.requestId',
        });
      }
    });

    it('leaves the status of the DEFAULT_4XX and DEFAULT_5XX fallbacks alone and keeps their bodies problem+json', () => {
      for (const type of ['DEFAULT_4XX', 'DEFAULT_5XX']) {
        const response = responseOf(type);
        const body = JSON.parse(response?.ResponseTemplates['application/json'] ?? '{}') as Record<
          string,
          unknown
        >;

        expect(response).not.toHaveProperty('StatusCode');
        expect(response?.ResponseParameters['gatewayresponse.header.Content-Type']).toBe(
          "'application/problem+json'",
        );
        expect(Object.keys(body)).toEqual(['type', 'title', 'detail', 'instance']);
      }
    });

    it("uses no gateway variable but the request id (never the gateway's message, which can quote the request)", () => {
      for (const response of responses()) {
        const variables =
          response.Properties.ResponseTemplates['application/json']?.match(/\$[\w.]+/g);

        expect(variables).toEqual(['$context.requestId']);
      }
    });

    it('answers a missing API key with the JSON the local gateway answers it with (the parity of the two runtimes)', async () => {
      const local = await startLocalApiGateway({
        port: 0,
        handler: () => Promise.resolve({ statusCode: 200, body: '{}' }),
        authorizer: () => Promise.reject(new Error('the authorizer is not called without a key')),
        publicRoutes: [],
        logger: { info: () => undefined, error: () => undefined },
      });
      try {
        const answer = await fetch(`${local.url}/v1/claims`);
        const requestId = answer.headers.get('x-amzn-requestid') ?? '';
        // API Gateway's substitution of the one variable the template holds
        const rendered = responseOf('UNAUTHORIZED')?.ResponseTemplates[
          'application/json'
        ]?.replaceAll('$context.requestId', requestId);

        expect(answer.status).toBe(Number(responseOf('UNAUTHORIZED')?.StatusCode));
        expect(answer.headers.get('content-type')).toBe('application/problem+json');
        expect(await answer.text()).toBe(rendered);
        expect(JSON.parse(rendered ?? '{}')).toEqual({
          type: 'https://docs.clearinghouse.dev/problems/unauthorized',
          title: 'A valid x-api-key header is required',
          status: 401,
          detail: 'send the API key of an active tenant in the x-api-key header',
          instance: `urn:request:${requestId}`,
        });
      } finally {
        await local.close();
      }
    });

    it('keeps the ids of the five responses deployed before the table (a new id would reset them to the defaults)', () => {
      const ids = Object.entries(template.findResources('AWS::ApiGateway::GatewayResponse')).map(
        ([logicalId, response]) => [
          (response as GatewayResponse).Properties.ResponseType,
          logicalId,
        ],
      );

      expect(Object.fromEntries(ids)).toMatchObject({
        UNAUTHORIZED: expect.stringMatching(/^ApiProblem401/) as string,
        ACCESS_DENIED: expect.stringMatching(/^ApiProblem403/) as string,
        MISSING_AUTHENTICATION_TOKEN: expect.stringMatching(/^ApiProblem404/) as string,
        REQUEST_TOO_LARGE: expect.stringMatching(/^ApiProblem413/) as string,
        THROTTLED: expect.stringMatching(/^ApiProblem429/) as string,
      });
    });
  });

  it('lets API Gateway invoke the api function only for this API, without test-invoke grants', () => {
    const permissions = Object.values(
      template.findResources('AWS::Lambda::Permission'),
    ) as Resource[];
    const forHandler = permissions.filter((permission) =>
      JSON.stringify(permission.Properties.FunctionName).includes(ids.handler),
    );

    expect(forHandler.length).toBeGreaterThan(0);
    for (const permission of forHandler) {
      expect(JSON.stringify(permission.Properties.SourceArn)).not.toContain('test-invoke-stage');
    }
  });
});
