// A conditional write whose failed condition is an answer, not an error: "the id is taken", "the
// lease is held", "the revision moved on". Other errors are thrown as they are.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';

/** True when the write happened, false when DynamoDB refused it on its condition. */
export async function conditionHolds(write: () => Promise<unknown>): Promise<boolean> {
  try {
    await write();
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}
