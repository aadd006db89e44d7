// Cheap reachability checks for GET /v1/health: each resolves when the dependency answers and
// throws when it does not. They read no tenant data.
import { GetItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { healthProbeKey } from './dynamodb/keys.ts';

/** A read of a key that never exists: needs no more than the item-level grants. */
export async function probeTable(dynamo: DynamoDBClient, tableName: string): Promise<void> {
  const key = healthProbeKey();
  await dynamo.send(
    new GetItemCommand({
      TableName: tableName,
      Key: { pk: { S: key.pk }, sk: { S: key.sk } },
    }),
  );
}

/** The queue's approximate depth, read and dropped: the queue exists and the grant holds. */
export async function probeQueue(sqs: SQSClient, queueUrl: string): Promise<void> {
  await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: ['ApproximateNumberOfMessages'],
    }),
  );
}
