// The admin commands: tenant and API key administration, against the tables of a running
// `npm start` (default) or a deployed stack (set TABLE_NAME, and AWS credentials and region).
import { z } from 'zod';
import { claimsTable } from '#infra/resources';
import { createAwsClients } from '#shared/storage/aws-clients';
import { TenantNotFoundError, TenantRepository } from '#shared/storage/tenant-repository';

const USAGE = `Usage:
  npm run admin -- create-tenant NAME        creates a tenant, prints TENANT_ID=...
  npm run admin -- create-api-key TENANT_ID  creates an API key, prints API_KEY=... (shown once)

Targets the local system of "npm start" (DynamoDB Local on DYNAMODB_PORT, default 8000) unless
TABLE_NAME is set: then the deployed table in AWS_REGION, with the usual AWS credentials.`;

const environmentSchema = z.object({
  TABLE_NAME: z.string().min(3).optional(),
  DYNAMODB_ENDPOINT: z.url().optional(),
  DYNAMODB_PORT: z.coerce.number().int().min(1).max(65535).default(8000),
  AWS_REGION: z.string().min(1).default('us-east-1'),
});

export async function runAdmin(
  args: readonly string[],
  environment: NodeJS.ProcessEnv,
): Promise<number> {
  const [command, ...rest] = args;
  const settings = environmentSchema.parse(environment);
  const local = settings.TABLE_NAME === undefined;
  if (local) {
    // DynamoDB Local accepts any credentials but the SDK insists on having some
    environment.AWS_ACCESS_KEY_ID ??= 'local';
    environment.AWS_SECRET_ACCESS_KEY ??= 'local';
  }
  const tenants = new TenantRepository({
    documents: createAwsClients({
      AWS_REGION: settings.AWS_REGION,
      DYNAMODB_ENDPOINT:
        settings.DYNAMODB_ENDPOINT ??
        (local ? `http://127.0.0.1:${settings.DYNAMODB_PORT}` : undefined),
      SQS_ENDPOINT: undefined,
    }).documents,
    tableName: settings.TABLE_NAME ?? claimsTable.localName,
  });
  switch (command) {
    case 'create-tenant': {
      const name = rest.join(' ').trim();
      if (name === '') return usage('create-tenant needs a NAME');
      const tenant = await tenants.createTenant(name, new Date());
      console.log(`TENANT_ID=${tenant.tenantId}`);
      return 0;
    }
    case 'create-api-key': {
      const tenantId = rest[0];
      if (tenantId === undefined) return usage('create-api-key needs a TENANT_ID');
      try {
        const { apiKey, record } = await tenants.createApiKey(tenantId, new Date());
        console.log(`API_KEY=${apiKey}`);
        console.error(
          `key ${record.keyId} for tenant ${tenantId}; it is shown this once and stored hashed`,
        );
        return 0;
      } catch (error) {
        if (error instanceof TenantNotFoundError) {
          console.error(`No tenant ${tenantId}.`);
          return 1;
        }
        throw error;
      }
    }
    default:
      return usage(command === undefined ? undefined : `unknown command ${command}`);
  }
}

function usage(problem: string | undefined): number {
  if (problem !== undefined) console.error(problem);
  console.error(USAGE);
  return 2;
}
