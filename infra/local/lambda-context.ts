// The Lambda `Context` the local runtime hands to handlers, shaped as the nodejs24.x runtime builds
// it, so code that reads awsRequestId or getRemainingTimeInMillis behaves the same on one machine.
import type { Context } from 'aws-lambda';
import { randomBytes, randomUUID } from 'node:crypto';

/** Account id the local runtime puts in ARNs (the one fauxqs uses in queue URLs as well). */
export const LOCAL_ACCOUNT_ID = '000000000000';

export interface LambdaContextOptions {
  readonly functionName: string;
  readonly region: string;
  /** the function's timeout; getRemainingTimeInMillis counts down from it */
  readonly timeoutMs: number;
  readonly memoryLimitInMB?: number;
}

/** A fresh Context for one invocation; the deadline starts now. */
export function createLambdaContext(options: LambdaContextOptions): Context {
  const deadline = Date.now() + options.timeoutMs;
  const day = new Date().toISOString().slice(0, 10).replaceAll('-', '/');
  const unsupported = (name: string) => () => {
    // nodejs24.x dropped callback-style completion; failing loudly keeps local and cloud alike.
    throw new Error(`context.${name}() is not supported by the nodejs24.x runtime`);
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: options.functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${options.region}:${LOCAL_ACCOUNT_ID}:function:${options.functionName}`,
    memoryLimitInMB: String(options.memoryLimitInMB ?? 1024),
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${options.functionName}`,
    logStreamName: `${day}/[$LATEST]${randomBytes(16).toString('hex')}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: unsupported('done'),
    fail: unsupported('fail'),
    succeed: unsupported('succeed'),
  };
}
