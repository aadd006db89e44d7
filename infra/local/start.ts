// `npm start`: the whole clearinghouse on this machine, offline, with a demo tenant and its key.
import { z } from 'zod';
import { ConfigurationError } from '#shared/config/config';
import { createAwsClients } from '#shared/storage/aws-clients';
import { TenantRepository } from '#shared/storage/tenant-repository';
import { PortInUseError } from './ports.ts';
import { startLocalSystem } from './system.ts';

const port = z.coerce.number().int().min(0).max(65535);
const settingsSchema = z.object({
  PORT: port.default(3000),
  DYNAMODB_PORT: port.default(8000),
  AWS_PORT: port.default(4566),
});

export const DEMO_TENANT_ID = 'tn_demo';

/** One line per log call: `request {"method":"GET",...}` (the gateway never passes bodies). */
function printLine(...parts: unknown[]): void {
  console.log(
    parts.map((part) => (typeof part === 'string' ? part : JSON.stringify(part))).join(' '),
  );
}

async function main(): Promise<void> {
  const parsed = settingsSchema.safeParse(process.env);
  if (!parsed.success) {
    throw new ConfigurationError(
      parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
    );
  }
  const settings = parsed.data;
  console.log('Starting DynamoDB Local, fauxqs (SQS, S3) and the API...');
  const system = await startLocalSystem({
    port: settings.PORT,
    dynamoPort: settings.DYNAMODB_PORT,
    awsPort: settings.AWS_PORT,
    logger: { info: printLine, error: printLine },
  });

  const tenants = new TenantRepository({
    documents: createAwsClients({
      AWS_REGION: system.environment.AWS_REGION ?? 'us-east-1',
      DYNAMODB_ENDPOINT: system.environment.DYNAMODB_ENDPOINT,
      SQS_ENDPOINT: system.environment.SQS_ENDPOINT,
    }).documents,
    tableName: system.resources.table.name,
  });
  await tenants.createTenant('Demo Billing Company', new Date(), DEMO_TENANT_ID);
  const { apiKey } = await tenants.createApiKey(DEMO_TENANT_ID, new Date());

  console.log(`API_URL=${system.apiUrl.replace('127.0.0.1', 'localhost')}`);
  console.log(`DEMO_API_KEY=${apiKey}`);
  console.log(`DEMO_TENANT_ID=${DEMO_TENANT_ID}`);
  console.log(`DYNAMODB_ENDPOINT=${system.environment.DYNAMODB_ENDPOINT}`);
  console.log(`TABLE_NAME=${system.resources.table.name}`);
  console.log('Ready. Press Ctrl-C to stop.');

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping...`);
    system
      .stop()
      .then(() => {
        console.log('Stopped.');
        process.exit(0);
      })
      .catch((error: unknown) => {
        console.error('Error while stopping:', error instanceof Error ? error.message : error);
        process.exit(1);
      });
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof PortInUseError || error instanceof ConfigurationError) {
    console.error(error.message);
  } else {
    console.error(
      'npm start failed:',
      error instanceof Error ? (error.stack ?? error.message) : error,
    );
  }
  process.exit(1);
});
