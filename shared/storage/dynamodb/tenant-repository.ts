// Tenants (billing companies) and their API keys. A key is random, shown once, and stored only as
// its SHA-256: keys carry 256 bits of entropy, so a fast hash is safe and keeps the authorizer quick.
import { createHash, randomBytes } from 'node:crypto';
import { GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { apiKeyKey, TENANT_DIRECTORY_PARTITION, tenantDirectoryKey, tenantKey } from './keys.ts';
import { SingleTable, type TableOptions } from './single-table.ts';

export interface Tenant {
  readonly tenantId: string;
  readonly name: string;
  readonly createdAt: string;
  readonly active: boolean;
}

export interface TenantDirectoryEntry {
  readonly tenantId: string;
  readonly createdAt: string;
  /** claims created before this time need no requeue (see shared/intake/requeue-sweeper.ts) */
  readonly requeueCheckpoint?: string;
}

export interface ApiKeyRecord {
  readonly keyId: string;
  readonly tenantId: string;
  /** first characters of the key, to tell keys apart in listings; not enough to use it */
  readonly displayPrefix: string;
  readonly createdAt: string;
  readonly active: boolean;
}

const API_KEY_PREFIX = 'chk_';

export function hashApiKey(apiKey: string): string {
  return createHash('sha256').update(apiKey, 'utf8').digest('hex');
}

export function newApiKey(): string {
  return API_KEY_PREFIX + randomBytes(32).toString('base64url');
}

export function newTenantId(): string {
  return 'tn_' + randomBytes(10).toString('base64url').replace(/[-_]/g, 'x');
}

export class TenantNotFoundError extends Error {
  constructor() {
    super('tenant not found');
    this.name = 'TenantNotFoundError';
  }
}

export class TenantRepository {
  readonly #table: SingleTable;

  constructor(options: TableOptions) {
    this.#table = new SingleTable(options);
  }

  async createTenant(name: string, now: Date, tenantId: string = newTenantId()): Promise<Tenant> {
    const tenant: Tenant = { tenantId, name, createdAt: now.toISOString(), active: true };
    await this.#table.documents.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: this.#table.name,
              Item: { ...tenantKey(tenantId), entity: 'tenant', ...tenant },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            Put: {
              TableName: this.#table.name,
              Item: {
                ...tenantDirectoryKey(tenantId),
                entity: 'tenant-directory',
                tenantId,
                createdAt: tenant.createdAt,
              },
            },
          },
        ],
      }),
    );
    return tenant;
  }

  async getTenant(tenantId: string): Promise<Tenant> {
    const result = await this.#table.documents.send(
      new GetCommand({ TableName: this.#table.name, Key: tenantKey(tenantId) }),
    );
    if (result.Item === undefined) throw new TenantNotFoundError();
    return {
      tenantId: result.Item.tenantId as string,
      name: result.Item.name as string,
      createdAt: result.Item.createdAt as string,
      active: result.Item.active as boolean,
    };
  }

  /** Every tenant id with its creation time and sweeper checkpoint (one small partition). */
  async listTenantIds(): Promise<TenantDirectoryEntry[]> {
    const items = await this.#table.queryAll(TENANT_DIRECTORY_PARTITION);
    return items.map((item) => ({
      tenantId: item.tenantId as string,
      createdAt: item.createdAt as string,
      ...(typeof item.requeueCheckpoint === 'string'
        ? { requeueCheckpoint: item.requeueCheckpoint }
        : {}),
    }));
  }

  /** Remembers up to when the requeue sweeper has nothing left to do for a tenant. */
  async setRequeueCheckpoint(tenantId: string, checkpoint: string): Promise<void> {
    await this.#table.documents.send(
      new UpdateCommand({
        TableName: this.#table.name,
        Key: tenantDirectoryKey(tenantId),
        UpdateExpression: 'SET requeueCheckpoint = :checkpoint',
        ExpressionAttributeValues: { ':checkpoint': checkpoint },
      }),
    );
  }

  /** Creates a key for an existing tenant; the returned key is shown once and never stored. */
  async createApiKey(
    tenantId: string,
    now: Date,
  ): Promise<{ apiKey: string; record: ApiKeyRecord }> {
    await this.getTenant(tenantId);
    const apiKey = newApiKey();
    const record: ApiKeyRecord = {
      keyId: 'key_' + randomBytes(8).toString('hex'),
      tenantId,
      displayPrefix: apiKey.slice(0, API_KEY_PREFIX.length + 4),
      createdAt: now.toISOString(),
      active: true,
    };
    await this.#table.documents.send(
      new PutCommand({
        TableName: this.#table.name,
        Item: { ...apiKeyKey(hashApiKey(apiKey)), entity: 'api-key', ...record },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return { apiKey, record };
  }

  /** The tenant an API key belongs to, or undefined for an unknown, revoked or inactive key. */
  async tenantForApiKey(apiKey: string): Promise<string | undefined> {
    const result = await this.#table.documents.send(
      new GetCommand({ TableName: this.#table.name, Key: apiKeyKey(hashApiKey(apiKey)) }),
    );
    if (result.Item === undefined || result.Item.active !== true) return undefined;
    return result.Item.tenantId as string;
  }
}
