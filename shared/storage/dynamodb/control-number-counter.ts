// The X12 control-number counter of each sender/receiver pair: one atomic counter item per pair,
// incremented with UpdateItem ADD (no read, no condition, no lost update under any number of
// concurrent workers). One write unit per interchange. Naming the pair and wrapping the value into
// nine digits are the transmit flow's (shared/transmission/control-numbers.ts).
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ControlNumberCounter } from '#shared/transmission/control-numbers';
import { controlNumberCounterKey } from './keys.ts';
import { SingleTable, type TableOptions } from './single-table.ts';

export class DynamoControlNumberCounter implements ControlNumberCounter {
  readonly #table: SingleTable;

  constructor(options: TableOptions) {
    this.#table = new SingleTable(options);
  }

  async increment(pairId: string): Promise<number> {
    const result = await this.#table.documents.send(
      new UpdateCommand({
        TableName: this.#table.name,
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
