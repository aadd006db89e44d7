// The X12 control-number counter of each sender/receiver pair: one atomic counter item per pair,
// incremented with UpdateItem ADD (no read, no condition, no lost update under any number of
// concurrent workers). One write unit per interchange. Naming the pair and wrapping the value into
// nine digits are the transmit flow's (shared/transmission/control-numbers.ts).
import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ControlNumberCounter } from '#shared/transmission/control-numbers';
import { controlNumberCounterKey } from './keys.ts';

export class DynamoControlNumberCounter implements ControlNumberCounter {
  readonly #documents: DynamoDBDocumentClient;
  readonly #tableName: string;

  constructor(options: { documents: DynamoDBDocumentClient; tableName: string }) {
    this.#documents = options.documents;
    this.#tableName = options.tableName;
  }

  async increment(pairId: string): Promise<number> {
    const result = await this.#documents.send(
      new UpdateCommand({
        TableName: this.#tableName,
        Key: controlNumberCounterKey(pairId),
        UpdateExpression: 'ADD #value :one',
        ExpressionAttributeNames: { '#value': 'value' },
        ExpressionAttributeValues: { ':one': 1 },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    const value: unknown = result.Attributes?.value;
    if (typeof value !== 'number') throw new Error('control number counter returned no value');
    return value;
  }
}
