import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { runAdmin } from '#infra/admin/admin-commands';
import { TenantRepository } from '#shared/storage/dynamodb/tenant-repository';
import { provisionTestResources, type TestResources } from '../../support/local-resources.ts';
import { acmeHttpsTransport, acmeSftpConnection } from '../../support/payer-connections.ts';

let test: TestResources;
let printed: string[];
let errors: string[];

beforeAll(async () => {
  test = await provisionTestResources();
});

afterEach(() => {
  vi.restoreAllMocks();
});

function captureOutput(): void {
  printed = [];
  errors = [];
  vi.spyOn(console, 'log').mockImplementation((line: unknown) => {
    printed.push(String(line));
  });
  vi.spyOn(console, 'error').mockImplementation((line: unknown) => {
    errors.push(String(line));
  });
}

const environment = () => ({
  TABLE_NAME: test.tableName,
  DYNAMODB_ENDPOINT: test.resources.environment.DYNAMODB_ENDPOINT,
  AWS_REGION: 'us-east-1',
});

describe('admin commands', () => {
  it('creates a tenant and an API key that the authorizer lookup resolves to it, storing only its hash', async () => {
    captureOutput();
    expect(await runAdmin(['create-tenant', 'Acme', 'Billing'], environment())).toBe(0);
    const tenantId =
      printed.find((line) => line.startsWith('TENANT_ID='))?.slice('TENANT_ID='.length) ?? '';
    expect(tenantId).toMatch(/^tn_/);

    expect(await runAdmin(['create-api-key', tenantId], environment())).toBe(0);
    const apiKey =
      printed.find((line) => line.startsWith('API_KEY='))?.slice('API_KEY='.length) ?? '';
    expect(apiKey).toMatch(/^chk_[A-Za-z0-9_-]{43}$/);

    const tenants = new TenantRepository({
      documents: test.clients.documents,
      tableName: test.tableName,
    });
    expect(await tenants.tenantForApiKey(apiKey)).toBe(tenantId);
    expect((await tenants.getTenant(tenantId)).name).toBe('Acme Billing');
    const stored = await test.clients.dynamo.send(new ScanCommand({ TableName: test.tableName }));
    expect(JSON.stringify(stored.Items)).not.toContain(apiKey);
  });

  it('refuses a key for an unknown tenant and explains usage errors with exit code 2', async () => {
    captureOutput();
    expect(await runAdmin(['create-api-key', 'tn_nobody'], environment())).toBe(1);
    expect(await runAdmin(['create-tenant'], environment())).toBe(2);
    expect(await runAdmin(['frobnicate'], environment())).toBe(2);
  });
});

async function newTenant(name: string): Promise<string> {
  captureOutput();
  await runAdmin(['create-tenant', name], environment());
  return printed.find((line) => line.startsWith('TENANT_ID='))?.slice('TENANT_ID='.length) ?? '';
}

async function connectionFile(content: unknown): Promise<string> {
  const folder = await mkdtemp(path.join(tmpdir(), 'admin-connection-'));
  const file = path.join(folder, 'connection.json');
  await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

describe('admin connection commands', () => {
  it('puts a connection from a file for the --tenant tenant, then lists and shows it', async () => {
    const tenantId = await newTenant('Connections Co');
    const file = await connectionFile(acmeSftpConnection());

    captureOutput();
    expect(await runAdmin(['connection', 'put', file, '--tenant', tenantId], environment())).toBe(
      0,
    );
    expect(printed).toEqual(['CONNECTION_ID=acme-sftp']);
    expect(errors.join('\n')).toContain('created connection acme-sftp (sftp)');

    captureOutput();
    expect(await runAdmin(['connection', 'list', '--tenant', tenantId], environment())).toBe(0);
    expect(printed).toEqual(['acme-sftp\tsftp\tactive\t87726\tAcme Health SFTP']);

    captureOutput();
    expect(
      await runAdmin(['connection', 'show', 'acme-sftp', `--tenant=${tenantId}`], environment()),
    ).toBe(0);
    const shown = JSON.parse(printed.join('\n')) as {
      connection: { tenantId: string; transport: { port: number; credentialsSecret: string } };
    };
    expect(shown.connection.tenantId).toBe(tenantId);
    expect(shown.connection.transport.port).toBe(22);
    expect(shown.connection.transport.credentialsSecret).toBe(
      'clearinghouse/connections/acme-sftp',
    );
  });

  it("takes the tenant from the file's tenantId and replaces an existing connection", async () => {
    const tenantId = await newTenant('File Tenant Co');
    const file = await connectionFile(acmeSftpConnection({ tenantId }));
    captureOutput();
    expect(await runAdmin(['connection', 'put', file], environment())).toBe(0);
    expect(await runAdmin(['connection', 'put', file], environment())).toBe(0);
    expect(errors.join('\n')).toContain('replaced connection acme-sftp');
  });

  it('lists every problem of an invalid file with its path, and stores nothing', async () => {
    const tenantId = await newTenant('Invalid Co');
    const file = await connectionFile(
      acmeSftpConnection({
        connectionId: 'Not Valid',
        payerIds: [],
        transport: { kind: 'sftp', host: 'sftp.acme.example', hostKeySha256: 'short' },
      }),
    );

    captureOutput();
    expect(await runAdmin(['connection', 'put', file, '--tenant', tenantId], environment())).toBe(
      1,
    );

    const report = errors.join('\n');
    for (const field of [
      'connectionId',
      'payerIds',
      'transport.username',
      'transport.hostKeySha256',
      'transport.credentialsSecret',
      'transport.outboundPath',
    ])
      expect(report).toContain(`- ${field}:`);
    captureOutput();
    await runAdmin(['connection', 'list', '--tenant', tenantId], environment());
    expect(printed).toEqual([]);
  });

  it('refuses credentials in a URL, an unknown tenant, a tenant mismatch and a file that is not JSON', async () => {
    const tenantId = await newTenant('Refusals Co');
    const withPassword = await connectionFile(
      acmeSftpConnection({
        transport: acmeHttpsTransport('https://user:hunter2@api.example.com/v2'),
      }),
    );
    captureOutput();
    expect(
      await runAdmin(['connection', 'put', withPassword, '--tenant', tenantId], environment()),
    ).toBe(1);
    expect(errors.join('\n')).toContain('transport.baseUrl: must not hold credentials');
    expect(errors.join('\n')).not.toContain('hunter2');

    const file = await connectionFile(acmeSftpConnection());
    expect(
      await runAdmin(['connection', 'put', file, '--tenant', 'tn_nobody'], environment()),
    ).toBe(1);
    const other = await connectionFile(acmeSftpConnection({ tenantId: 'tn_other' }));
    expect(await runAdmin(['connection', 'put', other, '--tenant', tenantId], environment())).toBe(
      2,
    );
    const notJson = await connectionFile('{"password": "hunter2",');
    expect(
      await runAdmin(['connection', 'put', notJson, '--tenant', tenantId], environment()),
    ).toBe(1);
    expect(errors.join('\n')).not.toContain('hunter2');
    expect(
      await runAdmin(['connection', 'show', 'nope', '--tenant', tenantId], environment()),
    ).toBe(1);
    expect(await runAdmin(['connection', 'list'], environment())).toBe(2);
    expect(await runAdmin(['connection', 'frobnicate'], environment())).toBe(2);
  });

  it('refuses, in the cloud profile, a credentials secret the transmit function may not read, naming the prefix', async () => {
    const tenantId = await newTenant('Secrets Co');
    const outside = await connectionFile(
      acmeSftpConnection({
        transport: { ...acmeSftpConnection().transport, credentialsSecret: 'payers/acme-sftp' },
      }),
    );
    const httpsOutside = await connectionFile(
      acmeSftpConnection({
        connectionId: 'acme-https',
        transport: acmeHttpsTransport(),
      }),
    );

    // TABLE_NAME set (a deployed table) is the cloud profile
    captureOutput();
    expect(
      await runAdmin(['connection', 'put', outside, '--tenant', tenantId], environment()),
    ).toBe(1);
    expect(errors.join('\n')).toContain(
      'transport.credentialsSecret: must start with "clearinghouse/connections/"',
    );
    expect(
      await runAdmin(['connection', 'put', httpsOutside, '--tenant', tenantId], environment()),
    ).toBe(1);
    expect(errors.join('\n')).toContain(
      'transport.auth.credentialsSecret: must start with "clearinghouse/connections/"',
    );
    // so is STAGE=cloud
    expect(
      await runAdmin(['connection', 'put', outside, '--tenant', tenantId], {
        ...environment(),
        STAGE: 'cloud',
      }),
    ).toBe(1);
    captureOutput();
    await runAdmin(['connection', 'list', '--tenant', tenantId], environment());
    expect(printed).toEqual([]);

    // a local table (STAGE=local) takes any secret name: the local resolver reads them all
    captureOutput();
    expect(
      await runAdmin(['connection', 'put', outside, '--tenant', tenantId], {
        ...environment(),
        STAGE: 'local',
      }),
    ).toBe(0);
    expect(printed).toEqual(['CONNECTION_ID=acme-sftp']);
  });

  it("never shows another tenant's connection", async () => {
    const owner = await newTenant('Owner Co');
    const stranger = await newTenant('Stranger Co');
    captureOutput();
    await runAdmin(
      ['connection', 'put', await connectionFile(acmeSftpConnection()), '--tenant', owner],
      environment(),
    );
    captureOutput();
    expect(
      await runAdmin(['connection', 'show', 'acme-sftp', '--tenant', stranger], environment()),
    ).toBe(1);
    expect(await runAdmin(['connection', 'list', '--tenant', stranger], environment())).toBe(0);
    expect(printed).toEqual([]);
  });
});
