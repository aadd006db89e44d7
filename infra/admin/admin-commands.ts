// The admin commands: tenant, API key and payer connection administration, against the tables of
// a running `npm start` (default) or a deployed stack (set TABLE_NAME, and AWS credentials and region).
import { readFile } from 'node:fs/promises';
import * as z from 'zod';
import { en } from 'zod/locales';
import { claimsTable, connectionSecrets } from '#shared/config/resources';
import {
  payerConnectionSchema,
  type PayerConnection,
} from '#shared/domain/payers/payer-connection';
import { createAwsClients } from '#shared/storage/aws-clients';
import { PayerConnectionRepository } from '#shared/storage/dynamodb/payer-connection-repository';
import { TenantNotFoundError, TenantRepository } from '#shared/storage/dynamodb/tenant-repository';

// English messages for the schemas written with zod/mini (the payer connection), which carry none
z.config(en());

const USAGE = `Usage:
  npm run admin -- create-tenant NAME        creates a tenant, prints TENANT_ID=...
  npm run admin -- create-api-key TENANT_ID  creates an API key, prints API_KEY=... (shown once)
  npm run admin -- connection put FILE.json [--tenant TENANT_ID]
                                             creates or replaces a payer connection (validated;
                                             tenant from --tenant or the file's tenantId)
  npm run admin -- connection list --tenant TENANT_ID
  npm run admin -- connection show CONNECTION_ID --tenant TENANT_ID

Targets the local system of "npm start" (DynamoDB Local on DYNAMODB_PORT, default 8000) unless
TABLE_NAME is set: then the deployed table in AWS_REGION, with the usual AWS credentials. There
(or with STAGE=cloud) a connection's credentials secret must be under "${connectionSecrets.namePrefix}",
the only secrets the transmit function may read; STAGE=local lifts that for a local table.`;

const environmentSchema = z.object({
  TABLE_NAME: z.string().min(3).optional(),
  DYNAMODB_ENDPOINT: z.url().optional(),
  DYNAMODB_PORT: z.coerce.number().int().min(1).max(65535).default(8000),
  AWS_REGION: z.string().min(1).default('us-east-1'),
  STAGE: z.enum(['local', 'cloud']).optional(),
});

export async function runAdmin(
  args: readonly string[],
  environment: NodeJS.ProcessEnv,
): Promise<number> {
  const [command, ...rest] = args;
  const settings = environmentSchema.parse(environment);
  const local = settings.TABLE_NAME === undefined;
  // the deployed profile: secrets must be readable by the transmit function there
  const cloud =
    settings.STAGE === 'cloud' || (settings.STAGE !== 'local' && settings.TABLE_NAME !== undefined);
  if (local) {
    // DynamoDB Local accepts any credentials but the SDK insists on having some
    environment.AWS_ACCESS_KEY_ID ??= 'local';
    environment.AWS_SECRET_ACCESS_KEY ??= 'local';
  }
  const table = {
    documents: createAwsClients({
      AWS_REGION: settings.AWS_REGION,
      DYNAMODB_ENDPOINT:
        settings.DYNAMODB_ENDPOINT ??
        (local ? `http://127.0.0.1:${settings.DYNAMODB_PORT}` : undefined),
      SQS_ENDPOINT: undefined,
    }).documents,
    tableName: settings.TABLE_NAME ?? claimsTable.localName,
  };
  const tenants = new TenantRepository(table);
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
    case 'connection':
      return runConnectionCommand(rest, tenants, new PayerConnectionRepository(table), { cloud });
    default:
      return usage(command === undefined ? undefined : `unknown command ${command}`);
  }
}

/** `connection put FILE.json | list | show ID`, with `--tenant TENANT_ID`. */
async function runConnectionCommand(
  args: readonly string[],
  tenants: TenantRepository,
  connections: PayerConnectionRepository,
  profile: { readonly cloud: boolean },
): Promise<number> {
  const { tenant, positional } = tenantOption(args);
  const [subcommand, argument] = positional;
  switch (subcommand) {
    case 'put': {
      if (argument === undefined) return usage('connection put needs a FILE.json');
      const input = await readConnectionFile(argument);
      if (input === undefined) return 1;
      if (tenant !== undefined) {
        if (input.tenantId !== undefined && input.tenantId !== tenant) {
          console.error(`The file names another tenant than --tenant ${tenant}.`);
          return 2;
        }
        input.tenantId = tenant;
      }
      const parsed = payerConnectionSchema.safeParse(input);
      const problems = parsed.success
        ? [
            ...credentialsInUrl(parsed.data),
            ...(profile.cloud ? secretOutsidePrefix(parsed.data) : []),
          ]
        : [];
      if (!parsed.success || problems.length > 0) {
        console.error(`${argument} is not a valid payer connection:`);
        for (const issue of parsed.error?.issues ?? [])
          console.error(`- ${issue.path.join('.') || '(root)'}: ${issue.message}`);
        for (const problem of problems) console.error(`- ${problem}`);
        return 1;
      }
      const connection = parsed.data;
      if (!(await tenantExists(tenants, connection.tenantId))) return 1;
      const { created } = await connections.put(connection, new Date());
      console.log(`CONNECTION_ID=${connection.connectionId}`);
      console.error(
        `${created ? 'created' : 'replaced'} connection ${connection.connectionId} (${connection.transport.kind}) for tenant ${connection.tenantId}`,
      );
      return 0;
    }
    case 'list': {
      if (tenant === undefined) return usage('connection list needs --tenant TENANT_ID');
      const records = await connections.listForTenant(tenant);
      if (records.length === 0) console.error(`No connections for tenant ${tenant}.`);
      for (const { connection } of records) {
        console.log(
          [
            connection.connectionId,
            connection.transport.kind,
            connection.active ? 'active' : 'inactive',
            connection.payerIds.join(','),
            connection.name,
          ].join('\t'),
        );
      }
      return 0;
    }
    case 'show': {
      if (argument === undefined || tenant === undefined)
        return usage('connection show needs a CONNECTION_ID and --tenant TENANT_ID');
      const record = await connections.get(tenant, argument);
      if (record === undefined) {
        console.error(`No connection ${argument} for tenant ${tenant}.`);
        return 1;
      }
      const shown = { ...record, connection: withoutUrlCredentials(record.connection) };
      console.log(JSON.stringify(shown, null, 2));
      return 0;
    }
    default:
      return usage(
        subcommand === undefined
          ? 'connection needs put, list or show'
          : `unknown connection command ${subcommand}`,
      );
  }
}

function tenantOption(args: readonly string[]): { tenant?: string; positional: string[] } {
  const positional: string[] = [];
  let tenant: string | undefined;
  for (let index = 0; index < args.length; index++) {
    const arg = args[index] as string;
    if (arg === '--tenant') tenant = args[++index];
    else if (arg.startsWith('--tenant=')) tenant = arg.slice('--tenant='.length);
    else positional.push(arg);
  }
  return tenant === undefined ? { positional } : { tenant, positional };
}

/** The file's JSON object, or undefined after saying what is wrong (never quoting the file). */
async function readConnectionFile(file: string): Promise<Record<string, unknown> | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    console.error(`Cannot read ${file}.`);
    return undefined;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    console.error(`${file} is not valid JSON.`);
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    console.error(`${file} must hold one JSON object.`);
    return undefined;
  }
  return parsed as Record<string, unknown>;
}

async function tenantExists(tenants: TenantRepository, tenantId: string): Promise<boolean> {
  try {
    await tenants.getTenant(tenantId);
    return true;
  } catch (error) {
    if (!(error instanceof TenantNotFoundError)) throw error;
    console.error(`No tenant ${tenantId}.`);
    return false;
  }
}

/** Credentials belong in the named secret, never in a stored URL. */
function credentialsInUrl(connection: PayerConnection): string[] {
  if (connection.transport.kind !== 'https') return [];
  const url = new URL(connection.transport.baseUrl);
  return url.username !== '' || url.password !== ''
    ? ['transport.baseUrl: must not hold credentials (put them in the secret)']
    : [];
}

/**
 * In the cloud the transmit function may read only secrets under `connectionSecrets.namePrefix`
 * (its IAM policy): a connection naming another secret would fail on every upload.
 */
function secretOutsidePrefix(connection: PayerConnection): string[] {
  const { transport } = connection;
  const [field, name] =
    transport.kind === 'sftp'
      ? ['transport.credentialsSecret', transport.credentialsSecret]
      : transport.kind === 'https'
        ? ['transport.auth.credentialsSecret', transport.auth.credentialsSecret]
        : [undefined, undefined];
  if (field === undefined || name.startsWith(connectionSecrets.namePrefix)) return [];
  return [
    `${field}: must start with "${connectionSecrets.namePrefix}" (the transmit function may read only secrets under that prefix; got "${name}")`,
  ];
}

/** A record written before the check above could hold URL credentials: never printed. */
function withoutUrlCredentials(connection: PayerConnection): PayerConnection {
  if (connection.transport.kind !== 'https') return connection;
  const url = new URL(connection.transport.baseUrl);
  if (url.username === '' && url.password === '') return connection;
  url.username = 'redacted';
  url.password = '';
  return { ...connection, transport: { ...connection.transport, baseUrl: url.toString() } };
}

function usage(problem: string | undefined): number {
  if (problem !== undefined) console.error(problem);
  console.error(USAGE);
  return 2;
}
