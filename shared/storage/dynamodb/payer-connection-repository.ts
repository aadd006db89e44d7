// Payer connections, per tenant, in one small partition of the tenant (keys.ts). A record holds
// the validated connection as it was put; secrets are referenced by name only (never stored).
// Records are validated again when read, so a record written by an older schema fails loudly,
// naming the connection and the fields, instead of reaching a connector half understood.
import {
  GetCommand,
  PutCommand,
  QueryCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import {
  payerConnectionSchema,
  type PayerConnection,
} from '#shared/domain/payers/payer-connection';
import {
  payerConnectionKey,
  payerConnectionSortPrefix,
  payerConnectionsPartition,
} from './keys.ts';

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
  readonly #documents: DynamoDBDocumentClient;
  readonly #tableName: string;

  constructor(options: { documents: DynamoDBDocumentClient; tableName: string }) {
    this.#documents = options.documents;
    this.#tableName = options.tableName;
  }

  /** Creates or replaces a connection (keyed by its tenantId and connectionId). */
  async put(connection: PayerConnection, now: Date): Promise<{ created: boolean }> {
    const valid = payerConnectionSchema.parse(connection);
    const key = payerConnectionKey(valid.tenantId, valid.connectionId);
    const existing = await this.#documents.send(
      new GetCommand({ TableName: this.#tableName, Key: key, ProjectionExpression: 'createdAt' }),
    );
    const at = now.toISOString();
    await this.#documents.send(
      new PutCommand({
        TableName: this.#tableName,
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
    const result = await this.#documents.send(
      new GetCommand({
        TableName: this.#tableName,
        Key: payerConnectionKey(tenantId, connectionId),
        ConsistentRead: true,
      }),
    );
    return result.Item === undefined ? undefined : stored(result.Item);
  }

  /** The tenant's connections (active or not), by connectionId; empty for an unknown tenant. */
  async forTenant(tenantId: string): Promise<PayerConnection[]> {
    return (await this.listForTenant(tenantId)).map((record) => record.connection);
  }

  /** As forTenant, with the records' creation and update times. */
  async listForTenant(tenantId: string): Promise<StoredPayerConnection[]> {
    const pk = payerConnectionsPartition(tenantId);
    const records: StoredPayerConnection[] = [];
    let after: Record<string, unknown> | undefined;
    do {
      const page = await this.#documents.send(
        new QueryCommand({
          TableName: this.#tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': pk, ':prefix': payerConnectionSortPrefix },
          ...(after ? { ExclusiveStartKey: after } : {}),
        }),
      );
      for (const item of page.Items ?? []) records.push(stored(item));
      after = page.LastEvaluatedKey;
    } while (after !== undefined);
    return records;
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
