// REQUEST authorizer: x-api-key -> tenant. API Gateway caches the answer per key (300 s).
import type { APIGatewayAuthorizerResult, APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { config } from '#shared/config/config';
import { authorizeApiKey } from '#shared/api/authorize-api-key';
import { createDynamoDbClients } from '#shared/storage/aws-clients';
import { TenantRepository } from '#shared/storage/dynamodb/tenant-repository';
import { lambdaHandler } from '../lambda-handler.ts';

const settings = config();
const tenants = new TenantRepository({
  documents: createDynamoDbClients(settings).documents,
  tableName: settings.TABLE_NAME,
});

export const handler = lambdaHandler<APIGatewayRequestAuthorizerEvent, APIGatewayAuthorizerResult>(
  async (event) => authorizeApiKey(tenants, event),
);
