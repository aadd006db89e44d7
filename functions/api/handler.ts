// API Gateway (REST, proxy integration) -> the HTTP application in shared/api.
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
// Unexpected errors become problem+json 500s inside the application (shared/api/application.ts).
import { createApplication } from '#shared/api/application';
import type { HttpRequest } from '#shared/api/http';
import { publicBaseUrl } from '#shared/api/public-base-url';
import { documentClient, dynamoDbClient, sqsClient } from '#shared/storage/aws-clients';
import { defineHandler } from '#functions/runtime/define-handler';

export const handler = defineHandler({
  requires: ['TRANSMIT_QUEUE_URL', 'NOTIFY_QUEUE_URL', 'ARCHIVE_BUCKET'],
  dependencies: (settings) => ({
    application: createApplication(settings, {
      clients: {
        dynamo: dynamoDbClient(settings),
        documents: documentClient(settings),
        sqs: sqsClient(settings),
      },
    }),
    configuredBaseUrl: settings.PUBLIC_BASE_URL,
  }),
  handle: async (
    event: APIGatewayProxyEvent,
    { application, configuredBaseUrl },
    context,
  ): Promise<APIGatewayProxyResult> => {
    application.setLambdaContext(context);
    const response = await application.handle(
      toHttpRequest(event, {
        remainingTimeMs: () => context.getRemainingTimeInMillis(),
        configuredBaseUrl,
      }),
    );
    return { statusCode: response.statusCode, headers: response.headers, body: response.body };
  },
});

export function toHttpRequest(
  event: APIGatewayProxyEvent,
  options: {
    readonly remainingTimeMs: () => number;
    /** PUBLIC_BASE_URL, when the deployment sets one */
    readonly configuredBaseUrl: string | undefined;
  },
): HttpRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.headers ?? {})) {
    if (value !== undefined) headers[name.toLowerCase()] = value;
  }
  const query: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.queryStringParameters ?? {})) {
    if (value !== undefined) query[name] = value;
  }
  const tenantId: unknown = event.requestContext.authorizer?.tenantId;
  return {
    method: event.httpMethod,
    path: event.path,
    headers,
    query,
    body:
      event.body === null
        ? undefined
        : event.isBase64Encoded
          ? Buffer.from(event.body, 'base64').toString('utf8')
          : event.body,
    requestId: event.requestContext.requestId,
    tenantId: typeof tenantId === 'string' && tenantId !== '' ? tenantId : undefined,
    baseUrl: publicBaseUrl(options.configuredBaseUrl, event.requestContext),
    remainingTimeMs: options.remainingTimeMs,
  };
}
