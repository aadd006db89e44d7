// REQUEST authorizer: x-api-key -> tenant. API Gateway caches the answer per key (300 s).
import type { APIGatewayAuthorizerResult, APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { authorizeApiKey } from '#shared/api/authorize-api-key';
import { documentClient } from '#shared/storage/aws-clients';
import { TenantRepository } from '#shared/storage/dynamodb/tenant-repository';
import { defineHandler } from '#functions/runtime/define-handler';

export const handler = defineHandler({
  // the table only: DynamoDB is the one client in this bundle (faster cold start)
  requires: [],
  dependencies: (settings) =>
    new TenantRepository({ documents: documentClient(settings), tableName: settings.TABLE_NAME }),
  handle: (event: APIGatewayRequestAuthorizerEvent, tenants): Promise<APIGatewayAuthorizerResult> =>
    authorizeApiKey(tenants, event),
});
