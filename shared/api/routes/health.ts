// GET /v1/health: liveness plus a cheap check of each dependency (no tenant, no data).
import { GetItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { json } from '../http.ts';
import type { Route } from '../router.ts';

export function healthRoutes(dependencies: {
  dynamo: DynamoDBClient;
  sqs: SQSClient;
  tableName: string;
  transmitQueueUrl: string;
}): Route[] {
  const check = async (probe: () => Promise<unknown>): Promise<'ok' | 'unavailable'> => {
    try {
      await probe();
      return 'ok';
    } catch {
      return 'unavailable';
    }
  };
  return [
    {
      method: 'GET',
      path: '/v1/health',
      public: true,
      doc: {
        summary: 'Liveness and dependency checks (no API key)',
        responses: { 200: 'healthy', 503: 'a dependency is unavailable' },
      },
      handle: async () => {
        const [table, transmitQueue] = await Promise.all([
          // a read of a key that never exists: needs no more than the item-level grants
          check(() =>
            dependencies.dynamo.send(
              new GetItemCommand({
                TableName: dependencies.tableName,
                Key: { pk: { S: 'HEALTH#probe' }, sk: { S: 'HEALTH#probe' } },
              }),
            ),
          ),
          check(() =>
            dependencies.sqs.send(
              new GetQueueAttributesCommand({
                QueueUrl: dependencies.transmitQueueUrl,
                AttributeNames: ['ApproximateNumberOfMessages'],
              }),
            ),
          ),
        ]);
        const healthy = table === 'ok' && transmitQueue === 'ok';
        return json(healthy ? 200 : 503, {
          status: healthy ? 'ok' : 'degraded',
          checks: { table, transmitQueue },
        });
      },
    },
  ];
}
