// X12 control numbers (ISA13, GS06) that are unique per sender/receiver pair: one atomic counter
// item per pair in DynamoDB, incremented with UpdateItem ADD (no read, no condition, no lost
// update under any number of concurrent workers). One write unit per interchange.
import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { controlNumberCounterKey } from '#shared/storage/dynamodb/keys';

/** ISA13 is 9 digits and GS06 at most 9: after 999,999,999 the numbers start again at 1. */
export const MAX_CONTROL_NUMBER = 999_999_999;

/** The two parties of an interchange as the ISA names them. */
export interface InterchangeParties {
  readonly senderQualifier: string;
  readonly senderId: string;
  readonly receiverQualifier: string;
  readonly receiverId: string;
}

/**
 * The pair as one string, e.g. `ZZ:CLEARINGHOUSE>ZZ:PAYER`. Ids are kept as given (trimmed, as the
 * ISA pads them); the X12 id characters allowed on connections contain none of `:` or `>`.
 */
export function partiesId(parties: InterchangeParties): string {
  const side = (qualifier: string, id: string) => `${qualifier.trim()}:${id.trim()}`;
  return `${side(parties.senderQualifier, parties.senderId)}>${side(parties.receiverQualifier, parties.receiverId)}`;
}

/** Maps the counter's value (1, 2, ...) onto 1..999999999, wrapping. */
export function controlNumberOf(counterValue: number): number {
  return ((counterValue - 1) % MAX_CONTROL_NUMBER) + 1;
}

export interface ControlNumbers {
  /** the next ISA13 (and GS06: one group per interchange, so one number serves both) */
  next(parties: InterchangeParties): Promise<number>;
}

export class DynamoControlNumbers implements ControlNumbers {
  readonly #documents: DynamoDBDocumentClient;
  readonly #tableName: string;

  constructor(options: { documents: DynamoDBDocumentClient; tableName: string }) {
    this.#documents = options.documents;
    this.#tableName = options.tableName;
  }

  async next(parties: InterchangeParties): Promise<number> {
    const result = await this.#documents.send(
      new UpdateCommand({
        TableName: this.#tableName,
        Key: controlNumberCounterKey(partiesId(parties)),
        UpdateExpression: 'ADD #value :one',
        ExpressionAttributeNames: { '#value': 'value' },
        ExpressionAttributeValues: { ':one': 1 },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    const value: unknown = result.Attributes?.value;
    if (typeof value !== 'number') throw new Error('control number counter returned no value');
    return controlNumberOf(value);
  }
}
