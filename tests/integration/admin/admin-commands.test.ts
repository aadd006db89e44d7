import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { runAdmin } from '#infra/admin/admin-commands';
import { TenantRepository } from '#shared/storage/tenant-repository';
import { provisionTestResources, type TestResources } from '../../support/local-resources.ts';

let test: TestResources;
let printed: string[];

beforeAll(async () => {
  test = await provisionTestResources();
});

afterEach(() => {
  vi.restoreAllMocks();
});

function captureOutput(): void {
  printed = [];
  vi.spyOn(console, 'log').mockImplementation((line: unknown) => {
    printed.push(String(line));
  });
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
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
