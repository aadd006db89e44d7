// The public REST API (/v1): one proxy integration to the api function for every route, a
// REQUEST authorizer on the `x-api-key` header (API key -> tenant), `GET /v1/health` open,
// throttling, request validation, X-Ray, and PHI-free access logs in a KMS-encrypted log group.
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import {
  gatewayProblemDocument,
  gatewayProblems,
  type GatewayProblem,
  type GatewayResponseType,
} from '#shared/api/gateway-problems';
import { PROBLEM_MEDIA_TYPE } from '#shared/api/problem';

export const apiKeyHeader = 'x-api-key';

export interface ClaimsApiProps {
  /** the api function: answers every /v1 route, including 404 for unknown ones */
  readonly handler: lambda.IFunction;
  /** the REQUEST authorizer: resolves the x-api-key header to `{ tenantId }` */
  readonly authorizer: lambda.IFunction;
  readonly encryptionKey: kms.IKey;
  /** @default 'prod' */
  readonly stageName?: string;
  /** steady-state requests per second for the whole stage @default 100 */
  readonly throttlingRateLimit?: number;
  /** @default 200 */
  readonly throttlingBurstLimit?: number;
  /** @default one year */
  readonly accessLogRetention?: logs.RetentionDays;
}

// Access log fields. Deliberately absent: request and response bodies (claims are PHI), headers
// (the API key), and query strings (`cursor` is an opaque token that can carry key material and
// `payerId` is not needed to trace a request). `$context.path` carries only our own opaque ids.
// The caller's IP is kept: callers are billing companies' systems, not patients, and the address
// is what a security review needs first.
const F = apigateway.AccessLogField;
const accessLogFormat = apigateway.AccessLogFormat.custom(
  JSON.stringify({
    requestId: F.contextRequestId(),
    extendedRequestId: F.contextExtendedRequestId(),
    requestTime: F.contextRequestTime(),
    httpMethod: F.contextHttpMethod(),
    resourcePath: F.contextResourcePath(),
    path: F.contextPath(),
    protocol: F.contextProtocol(),
    status: F.contextStatus(),
    responseLength: F.contextResponseLength(),
    responseLatency: F.contextResponseLatency(),
    integrationLatency: F.contextIntegrationLatency(),
    integrationStatus: F.contextIntegrationStatus(),
    authorizeStatus: F.contextAuthorizeStatus(),
    authorizeLatency: F.contextAuthorizeLatency(),
    tenantId: F.contextAuthorizer('tenantId'),
    errorType: F.contextErrorResponseType(),
    errorMessage: F.contextErrorMessage(),
    sourceIp: F.contextIdentitySourceIp(),
    xrayTraceId: F.contextXrayTraceId(),
  }),
);

// API Gateway's own errors (bad key, denied, unknown route, too large, throttled, 5xx) answer in the
// API's format, from the one table the local gateway answers from too (shared/api/gateway-problems.ts).
// Gateway response templates are plain substitution, not VTL: $context.requestId is inserted as is
// (a UUID, inside the JSON string of `instance`).
const GATEWAY_REQUEST_ID = '$context.requestId';

/** The gateway response body for one entry: the local gateway's body with API Gateway's request id. */
function gatewayResponseTemplate(problem: GatewayProblem): string {
  return JSON.stringify(gatewayProblemDocument(problem, GATEWAY_REQUEST_ID));
}

// Ids of the gateway responses deployed before the table: a new id would replace the resource, and
// CloudFormation deletes the old one after creating the new, which resets that response type to
// API Gateway's default.
const deployedIds: Partial<Record<GatewayResponseType, string>> = {
  UNAUTHORIZED: 'Problem401',
  ACCESS_DENIED: 'Problem403',
  MISSING_AUTHENTICATION_TOKEN: 'Problem404',
  REQUEST_TOO_LARGE: 'Problem413',
  THROTTLED: 'Problem429',
};

export class ClaimsApi extends Construct {
  readonly api: apigateway.RestApi;
  readonly authorizer: apigateway.RequestAuthorizer;
  readonly accessLogGroup: logs.LogGroup;
  readonly healthMethod: apigateway.Method;
  readonly proxyMethod: apigateway.Method;

  constructor(scope: Construct, id: string, props: ClaimsApiProps) {
    super(scope, id);

    this.accessLogGroup = new logs.LogGroup(this, 'AccessLogs', {
      retention: props.accessLogRetention ?? logs.RetentionDays.ONE_YEAR,
      encryptionKey: props.encryptionKey,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.api = new apigateway.RestApi(this, 'Api', {
      description: 'Claims clearinghouse API (v1)',
      endpointTypes: [apigateway.EndpointType.REGIONAL],
      // The account-wide CloudWatch role is a per-region singleton; we use access logs instead.
      cloudWatchRole: false,
      deployOptions: {
        stageName: props.stageName ?? 'prod',
        accessLogDestination: new apigateway.LogGroupLogDestination(this.accessLogGroup),
        accessLogFormat,
        tracingEnabled: true,
        metricsEnabled: true,
        // Execution logs with data tracing would write request bodies (PHI) to logs.
        dataTraceEnabled: false,
        loggingLevel: apigateway.MethodLoggingLevel.OFF,
        throttlingRateLimit: props.throttlingRateLimit ?? 100,
        throttlingBurstLimit: props.throttlingBurstLimit ?? 200,
      },
    });

    for (const problem of Object.values(gatewayProblems)) {
      const { responseType, status } = problem;
      this.api.addGatewayResponse(deployedIds[responseType] ?? `Problem${responseType}`, {
        type: apigateway.ResponseType.of(responseType),
        // none on the DEFAULT_ fallbacks: theirs would replace the status of every error they cover
        ...(status === undefined ? {} : { statusCode: String(status) }),
        responseHeaders: { 'Content-Type': `'${PROBLEM_MEDIA_TYPE}'` },
        templates: { 'application/json': gatewayResponseTemplate(problem) },
      });
    }

    this.authorizer = new apigateway.RequestAuthorizer(this, 'Authorizer', {
      handler: props.authorizer,
      identitySources: [apigateway.IdentitySource.header(apiKeyHeader)],
      resultsCacheTtl: Duration.seconds(300),
    });

    // Parameters are checked here (the key header must be present); bodies are validated by the
    // api function, which names every bad field in problem+json (API Gateway's validator cannot).
    const validator = this.api.addRequestValidator('RequestValidator', {
      validateRequestParameters: true,
      validateRequestBody: true,
    });

    const integration = new apigateway.LambdaIntegration(props.handler, {
      proxy: true,
      allowTestInvoke: false,
    });
    const v1 = this.api.root.addResource('v1');

    this.healthMethod = v1.addResource('health').addMethod('GET', integration, {
      authorizationType: apigateway.AuthorizationType.NONE,
    });
    Validations.of(this.healthMethod).acknowledge(
      {
        id: 'AwsSolutions-APIG4',
        reason:
          'GET /v1/health is the liveness probe for load balancers and uptime checks; it returns no tenant data.',
      },
      {
        id: 'AwsSolutions-COG4',
        reason:
          'GET /v1/health is the liveness probe; every other route uses the x-api-key REQUEST authorizer (tenants are API clients, not Cognito users).',
      },
    );

    this.proxyMethod = v1.addResource('{proxy+}').addMethod('ANY', integration, {
      authorizationType: apigateway.AuthorizationType.CUSTOM,
      authorizer: this.authorizer,
      requestValidator: validator,
      requestParameters: { [`method.request.header.${apiKeyHeader}`]: true },
    });
    Validations.of(this.proxyMethod).acknowledge({
      id: 'AwsSolutions-COG4',
      reason:
        'Tenants are API clients authenticated by API key through the REQUEST authorizer (docs/ARCHITECTURE.md section 4), not Cognito users.',
    });

    Validations.of(this.api.deploymentStage).acknowledge(
      {
        id: 'AwsSolutions-APIG3',
        reason:
          'No WAF web ACL yet: callers are authenticated API clients, the stage is throttled, and a WAF adds per-request cost that each deployment should choose; to be revisited with rate-based rules per tenant.',
      },
      {
        id: 'AwsSolutions-APIG6',
        reason:
          'Execution logging needs the region-wide API Gateway CloudWatch role and writes to a log group outside our KMS key; encrypted access logs, Lambda logs and X-Ray cover tracing without the risk of data traces (PHI).',
      },
      {
        id: 'HIPAA.Security-APIGWExecutionLoggingEnabled',
        reason:
          'Execution logging needs the region-wide API Gateway CloudWatch role and writes to a log group outside our KMS key; encrypted access logs, Lambda logs and X-Ray cover tracing without the risk of data traces (PHI).',
      },
      {
        id: 'HIPAA.Security-APIGWCacheEnabledAndEncrypted',
        reason:
          'No response cache: answers are per tenant and change with claim status; caching them would hold PHI outside the table.',
      },
      {
        id: 'HIPAA.Security-APIGWSSLEnabled',
        reason:
          'Client certificates authenticate API Gateway to HTTP backends; the only backend is Lambda, invoked through IAM, and clients reach the API over TLS only.',
      },
    );
  }

  get url(): string {
    return this.api.url;
  }
}
