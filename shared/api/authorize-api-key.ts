// The authorizer's decision: a known, active API key allows the whole API for its tenant.
// Unknown keys throw 'Unauthorized', which API Gateway turns into a 401.
import type { APIGatewayAuthorizerResult, APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import type { TenantRepository } from '#shared/storage/dynamodb/tenant-repository';
import { logger } from '#shared/observability/logger';

export async function authorizeApiKey(
  tenants: Pick<TenantRepository, 'tenantForApiKey'>,
  event: APIGatewayRequestAuthorizerEvent,
): Promise<APIGatewayAuthorizerResult> {
  const apiKey = headerValue(event.headers, 'x-api-key');
  const tenantId = apiKey === undefined ? undefined : await tenants.tenantForApiKey(apiKey);
  if (tenantId === undefined) {
    logger.info('api key refused', { reason: apiKey === undefined ? 'missing' : 'unknown' });
    throw new Error('Unauthorized');
  }
  return {
    principalId: tenantId,
    // the cached policy covers every method of the API, so one key works on every route
    policyDocument: {
      Version: '2012-10-17',
      Statement: [
        { Action: 'execute-api:Invoke', Effect: 'Allow', Resource: apiWideArn(event.methodArn) },
      ],
    },
    context: { tenantId },
  };
}

/** arn:aws:execute-api:region:account:apiId/stage/METHOD/path -> .../stage/* */
function apiWideArn(methodArn: string): string {
  const [prefix, stage] = methodArn.split('/');
  return `${prefix}/${stage}/*`;
}

function headerValue(
  headers: Record<string, string | undefined> | null,
  name: string,
): string | undefined {
  for (const [key, value] of Object.entries(headers ?? {})) {
    if (key.toLowerCase() === name && value) return value;
  }
  return undefined;
}
