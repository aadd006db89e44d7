import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { ClaimsApi } from '#infra/constructs/claims-api';
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

  it('answers gateway errors (unknown route 404, bad key 401, throttling 429) as problem+json', () => {
    for (const [type, status] of [
      ['MISSING_AUTHENTICATION_TOKEN', '404'],
      ['UNAUTHORIZED', '401'],
      ['THROTTLED', '429'],
    ]) {
      template.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
        ResponseType: type,
        StatusCode: status,
        ResponseParameters: {
          'gatewayresponse.header.Content-Type': "'application/problem+json'",
        },
        ResponseTemplates: { 'application/json': Match.stringLikeRegexp(`"status":${status}`) },
      });
    }
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
