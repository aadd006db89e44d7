// Payer connections, per tenant, in one small partition of the tenant (keys.ts). A record holds
// the validated connection as it was put; secrets are referenced by name only (never stored).
// Records are validated again when read, so a record written by an older schema fails loudly,
// naming the connection and the fields, instead of reaching a connector half understood.
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import {
  payerConnectionSchema,
  type PayerConnection,
} from '#shared/domain/payers/payer-connection';
import {
  payerConnectionKey,
  payerConnectionSortPrefix,
  payerConnectionsPartition,
} from './keys.ts';
import { SingleTable, type TableOptions } from './single-table.ts';

export interface StoredPayerConnection {
  readonly connection: PayerConnection;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export class StoredConnectionInvalidError extends Error {
  readonly connectionId: string;
  constructor(connectionId: string, paths: readonly string[]) {
    super(`stored payer connection ${connectionId} no longer validates: ${paths.join(', ')}`);
    this.name = 'StoredConnectionInvalidError';
    this.connectionId = connectionId;
  }
}

export class PayerConnectionRepository {
  readonly #table: SingleTable;

  constructor(options: TableOptions) {
    this.#table = new SingleTable(options);
  }

  /** Creates or replaces a connection (keyed by its tenantId and connectionId). */
  async put(connection: PayerConnection, now: Date): Promise<{ created: boolean }> {
    const valid = payerConnectionSchema.parse(connection);
    const key = payerConnectionKey(valid.tenantId, valid.connectionId);
    const existing = await this.#table.documents.send(
      new GetCommand({ TableName: this.#table.name, Key: key, ProjectionExpression: 'createdAt' }),
    );
    const at = now.toISOString();
    await this.#table.documents.send(
      new PutCommand({
        TableName: this.#table.name,
        Item: {
          ...key,
          entity: 'payer-connection',
          connection: valid,
          createdAt: (existing.Item?.createdAt as string | undefined) ?? at,
          updatedAt: at,
        },
      }),
    );
    return { created: existing.Item === undefined };
  }

  async get(tenantId: string, connectionId: string): Promise<StoredPayerConnection | undefined> {
    const item = await this.#table.getItem(payerConnectionKey(tenantId, connectionId));
    return item === undefined ? undefined : stored(item);
  }

  /** The tenant's connections (active or not), by connectionId; empty for an unknown tenant. */
  async forTenant(tenantId: string): Promise<PayerConnection[]> {
    return (await this.listForTenant(tenantId)).map((record) => record.connection);
  }

  /** As forTenant, with the records' creation and update times. */
  async listForTenant(tenantId: string): Promise<StoredPayerConnection[]> {
    const items = await this.#table.queryAll(
      payerConnectionsPartition(tenantId),
      payerConnectionSortPrefix,
    );
    return items.map(stored);
  }
}

function stored(item: Record<string, unknown>): StoredPayerConnection {
  const parsed = payerConnectionSchema.safeParse(item.connection);
  if (!parsed.success) {
    const connectionId = String(
      (item.connection as { connectionId?: unknown } | undefined)?.connectionId ?? item.sk,
    );
    throw new StoredConnectionInvalidError(
      connectionId,
      parsed.error.issues.map((issue) => issue.path.join('.') || '(root)'),
    );
  }
  return {
    connection: parsed.data,
    createdAt: item.createdAt as string,
    updatedAt: item.updatedAt as string,
  };
}
