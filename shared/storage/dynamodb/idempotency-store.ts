// Idempotency records (Powertools Idempotency) in the single table. Powertools' own single-table
// mode puts every record under one static partition key, a hot partition at scale; here each
// record gets a partition of its own (the key is a hash that includes the tenant).
import type { AttributeValue, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { claimsTable } from '#shared/config/resources';
import { idempotencyRecordKey } from './keys.ts';

export class SingleTableIdempotencyStore extends DynamoDBPersistenceLayer {
  constructor(options: { client: DynamoDBClient; tableName: string }) {
    super({
      tableName: options.tableName,
      awsSdkV3Client: options.client,
      keyAttr: claimsTable.partitionKey,
      sortKeyAttr: claimsTable.sortKey,
      expiryAttr: claimsTable.timeToLiveAttribute,
    });
  }

  protected override getKey(idempotencyKey: string): Record<string, AttributeValue> {
    const key = idempotencyRecordKey(idempotencyKey);
    return {
      [claimsTable.partitionKey]: { S: key.pk },
      [claimsTable.sortKey]: { S: key.sk },
    };
  }
}
