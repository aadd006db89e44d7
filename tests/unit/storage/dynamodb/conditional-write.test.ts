import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { conditionHolds } from '#shared/storage/dynamodb/conditional-write';

describe('conditionHolds', () => {
  it('answers true when the write happened', async () => {
    await expect(conditionHolds(() => Promise.resolve({}))).resolves.toBe(true);
  });

  it('answers false when DynamoDB refused the write on its condition', async () => {
    const refused = new ConditionalCheckFailedException({ message: 'refused', $metadata: {} });
    await expect(conditionHolds(() => Promise.reject(refused))).resolves.toBe(false);
  });

  it('throws any other error as it is', async () => {
    const throttled = new Error('throttled');
    await expect(conditionHolds(() => Promise.reject(throttled))).rejects.toBe(throttled);
  });
});
