// `npm start`: the whole clearinghouse on this machine, offline, with a demo tenant and its key.
import * as z from 'zod';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { exitOnStartFailure, settingsOf, stopOnSignal } from './local-process.ts';
import { startLocalSystem } from './system.ts';

const port = z.coerce.number().int().min(0).max(65535);
const settingsSchema = z.object({
  PORT: port.default(3000),
  DYNAMODB_PORT: port.default(8000),
  AWS_PORT: port.default(4566),
  SANDBOX_SFTP_PORT: port.default(2222),
  SANDBOX_DELAY_SECONDS: z.coerce.number().min(0).max(86_400).default(3),
});

export const DEMO_TENANT_ID = 'tn_demo';

/** One line per log call: `request {"method":"GET",...}` (the gateway never passes bodies). */
function printLine(...parts: unknown[]): void {
  console.log(
    parts.map((part) => (typeof part === 'string' ? part : JSON.stringify(part))).join(' '),
  );
}

async function main(): Promise<void> {
  const settings = settingsOf(settingsSchema);
  console.log('Starting DynamoDB Local, fauxqs (SQS, S3) and the API...');
  // a fresh sandbox mailbox each run: the database is in memory, so control numbers (and with
  // them the file names the exactly-once check looks for) start again at 1
  const sandboxDir = await mkdtemp(path.join(tmpdir(), 'clearinghouse-sandbox-'));
  const system = await startLocalSystem({
    port: settings.PORT,
    dynamoPort: settings.DYNAMODB_PORT,
    awsPort: settings.AWS_PORT,
    sandbox: {
      port: settings.SANDBOX_SFTP_PORT,
      dataDir: sandboxDir,
      delaySeconds: settings.SANDBOX_DELAY_SECONDS,
    },
    logger: { info: printLine, error: printLine },
  });
  const { apiKey } = await system.addTenant('Demo Billing Company', DEMO_TENANT_ID);

  console.log(`API_URL=${system.apiUrl.replace('127.0.0.1', 'localhost')}`);
  console.log(`DEMO_API_KEY=${apiKey}`);
  console.log(`DEMO_TENANT_ID=${DEMO_TENANT_ID}`);
  console.log(`DYNAMODB_ENDPOINT=${system.environment.DYNAMODB_ENDPOINT}`);
  console.log(`TABLE_NAME=${system.resources.table.name}`);
  if (system.sandbox) {
    console.log(`SANDBOX_SFTP_PORT=${system.sandbox.endpoint.port}`);
    console.log(`SANDBOX_SFTP_HOST_KEY_SHA256=${system.sandbox.endpoint.hostKeySha256}`);
    if (system.sandbox.endpoint.http)
      console.log(`SANDBOX_HTTP_URL=${system.sandbox.endpoint.http.baseUrl}`);
  }
  console.log('Ready. Press Ctrl-C to stop.');

  stopOnSignal(async () => {
    await system.stop();
    await rm(sandboxDir, { recursive: true, force: true });
    console.log('Stopped.');
  });
}

main().catch((error: unknown) =>
  exitOnStartFailure(error, 'npm start failed:', (known) => known.stack ?? known.message),
);
