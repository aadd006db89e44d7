import { beforeAll, describe, expect, it } from 'vitest';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import {
  payerConnectionSchema,
  type PayerConnection,
  type PayerConnectionInput,
} from '#shared/domain/payers/payer-connection';
import { payerConnectionKey } from '#shared/storage/dynamodb/keys';
import {
  PayerConnectionRepository,
  StoredConnectionInvalidError,
} from '#shared/storage/dynamodb/payer-connection-repository';
import { provisionTestResources, type TestResources } from '../../../support/local-resources.ts';
import { acmeSftpConnection } from '../../../support/payer-connections.ts';

let test: TestResources;
let connections: PayerConnectionRepository;

beforeAll(async () => {
  test = await provisionTestResources();
  connections = new PayerConnectionRepository({
    documents: test.clients.documents,
    tableName: test.tableName,
  });
});

function connection(overrides: Partial<PayerConnectionInput> = {}): PayerConnection {
  return payerConnectionSchema.parse(acmeSftpConnection({ tenantId: 'tn_conn_a', ...overrides }));
}

describe('PayerConnectionRepository', () => {
  it('puts a connection and reads it back whole, telling a creation from a replacement', async () => {
    const first = connection();
    expect(await connections.put(first, new Date('2024-01-05T10:00:00Z'))).toEqual({
      created: true,
    });
    const replaced = connection({ name: 'Acme Health (renamed)' });
    expect(await connections.put(replaced, new Date('2024-01-06T10:00:00Z'))).toEqual({
      created: false,
    });

    const stored = await connections.get('tn_conn_a', 'acme-sftp');

    expect(stored?.connection).toEqual(replaced);
    expect(stored?.createdAt).toBe('2024-01-05T10:00:00.000Z');
    expect(stored?.updatedAt).toBe('2024-01-06T10:00:00.000Z');
  });

  it("lists a tenant's connections and never another tenant's", async () => {
    await connections.put(connection({ tenantId: 'tn_conn_b', connectionId: 'b-one' }), new Date());
    await connections.put(connection({ tenantId: 'tn_conn_b', connectionId: 'b-two' }), new Date());
    await connections.put(connection({ tenantId: 'tn_conn_c', connectionId: 'b-one' }), new Date());

    const listed = await connections.forTenant('tn_conn_b');

    expect(listed.map((item) => `${item.tenantId}/${item.connectionId}`)).toEqual([
      'tn_conn_b/b-one',
      'tn_conn_b/b-two',
    ]);
    expect(await connections.get('tn_conn_b', 'acme-sftp')).toBeUndefined();
    expect(await connections.forTenant('tn_conn_nobody')).toEqual([]);
    expect(
      (await connections.listForTenant('tn_conn_c')).map((r) => r.connection.tenantId),
    ).toEqual(['tn_conn_c']);
  });

  it('refuses to put an invalid connection', async () => {
    const invalid = { ...connection(), connectionId: 'Bad Id' };
    await expect(connections.put(invalid, new Date())).rejects.toThrow();
    expect(await connections.get('tn_conn_a', 'Bad Id')).toBeUndefined();
  });

  it('fails loudly, naming the connection and fields, on a stored record that no longer validates', async () => {
    await test.clients.documents.send(
      new PutCommand({
        TableName: test.tableName,
        Item: {
          ...payerConnectionKey('tn_conn_d', 'old-one'),
          entity: 'payer-connection',
          connection: {
            ...connection(),
            tenantId: 'tn_conn_d',
            connectionId: 'old-one',
            transport: { kind: 'ftp' },
          },
          createdAt: '2024-01-01T00:00:00.000Z',
          updatedAt: '2024-01-01T00:00:00.000Z',
        },
      }),
    );
    const error = await connections.forTenant('tn_conn_d').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StoredConnectionInvalidError);
    expect((error as Error).message).toMatch(/old-one.*transport/);
  });
});
