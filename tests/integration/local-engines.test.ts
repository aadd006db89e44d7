import { describe, expect, it, inject } from 'vitest';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';

describe('local engines', () => {
  it('answers DynamoDB ListTables on the endpoint the global setup provides', async () => {
    const client = new DynamoDBClient({ endpoint: inject('dynamoEndpoint') });
    const result = await client.send(new ListTablesCommand({}));
    expect(result.TableNames).toBeInstanceOf(Array);
  });
});
