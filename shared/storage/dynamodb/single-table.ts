// The one table as every repository reaches it: the document client, the table name, and the
// three requests they all repeat (a consistent read of one item, a put that must not overwrite,
// every page of one partition). A repository adds its keys, items and conditions.
import {
  GetCommand,
  PutCommand,
  QueryCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { conditionHolds } from './conditional-write.ts';
import type { ItemKey } from './keys.ts';

/** What every repository is built from. */
export interface TableOptions {
  readonly documents: DynamoDBDocumentClient;
  readonly tableName: string;
}

export type TableItem = Record<string, unknown>;

export class SingleTable {
  readonly documents: DynamoDBDocumentClient;
  readonly name: string;

  constructor(options: TableOptions) {
    this.documents = options.documents;
    this.name = options.tableName;
  }

  /** One item by key, read consistently; undefined when there is none. */
  async getItem(key: ItemKey): Promise<TableItem | undefined> {
    const result = await this.documents.send(
      new GetCommand({ TableName: this.name, Key: key, ConsistentRead: true }),
    );
    return result.Item;
  }

  /** Puts an item unless one with its key exists: true when written, false when one was there. */
  async putNew(item: TableItem): Promise<boolean> {
    return conditionHolds(() =>
      this.documents.send(
        new PutCommand({
          TableName: this.name,
          Item: item,
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
  }

  /** Every item of a partition (with a sort key that starts with `sortPrefix`), all pages. */
  async queryAll(
    pk: string,
    sortPrefix?: string,
    options: { readonly consistentRead?: boolean } = {},
  ): Promise<TableItem[]> {
    const items: TableItem[] = [];
    let after: TableItem | undefined;
    do {
      const page = await this.documents.send(
        new QueryCommand({
          TableName: this.name,
          ...(sortPrefix === undefined
            ? { KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk } }
            : {
                KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
                ExpressionAttributeValues: { ':pk': pk, ':prefix': sortPrefix },
              }),
          ...(options.consistentRead === true ? { ConsistentRead: true } : {}),
          ...(after ? { ExclusiveStartKey: after } : {}),
        }),
      );
      items.push(...(page.Items ?? []));
      after = page.LastEvaluatedKey;
    } while (after !== undefined);
    return items;
  }
}
