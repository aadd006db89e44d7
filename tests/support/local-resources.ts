// Test helper: a private set of the real resources (table, queues, buckets) on the shared engines.
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { provisionLocalResources, type ProvisionedResources } from '#infra/local/provision';
import { loadConfig, type Config } from '#shared/config/config';
import { createAwsClients, type AwsClients } from '#shared/storage/aws-clients';
import { TenantRepository } from '#shared/storage/dynamodb/tenant-repository';

export interface TestResources {
  readonly resources: ProvisionedResources;
  readonly clients: AwsClients;
  readonly tableName: string;
  readonly transmitQueueUrl: string;
}

export async function provisionTestResources(): Promise<TestResources> {
  const dynamoEndpoint = inject('dynamoEndpoint');
  const awsEndpoint = inject('awsEndpoint');
  for (const endpoint of [dynamoEndpoint, awsEndpoint]) {
    // tests must never reach a real AWS account
    if (!/^http:\/\/(127\.0\.0\.1|localhost)[:/]/.test(endpoint))
      throw new Error(`refusing non-local endpoint ${endpoint}`);
  }
  const resources = await provisionLocalResources({
    dynamoEndpoint,
    awsEndpoint,
    region: 'us-east-1',
    suffix: '-' + randomBytes(4).toString('hex'),
  });
  const clients = createAwsClients({
    AWS_REGION: 'us-east-1',
    DYNAMODB_ENDPOINT: dynamoEndpoint,
    SQS_ENDPOINT: awsEndpoint,
  });
  return {
    resources,
    clients,
    tableName: resources.table.name,
    transmitQueueUrl: resources.queues.transmit.url,
  };
}

/**
 * Test resources, the configuration the functions would read from them, and tenants (id: name)
 * created an hour ago, so that listings and sweeps of "since the tenant exists" include now.
 */
export async function provisionTestTenants(
  tenants: Readonly<Record<string, string>>,
): Promise<TestResources & { readonly config: Config }> {
  const test = await provisionTestResources();
  const repository = new TenantRepository({
    documents: test.clients.documents,
    tableName: test.tableName,
  });
  const since = new Date(Date.now() - 60 * 60_000);
  for (const [tenantId, name] of Object.entries(tenants)) {
    await repository.createTenant(name, since, tenantId);
  }
  return { ...test, config: loadConfig({ ...test.resources.environment }) };
}
