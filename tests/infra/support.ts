// Shared by the infra tests: an App with the same feature flags as `cdk synth` (cdk.json), so
// that the tests check the template that would be deployed.
import { readFileSync } from 'node:fs';
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';

interface CdkJson {
  readonly context: Record<string, unknown>;
}

export const cdkContext: Record<string, unknown> = (
  JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as CdkJson
).context;

/** A stack in an App configured like cdk.json. */
export function testStack(id = 'Test'): Stack {
  return new Stack(new App({ context: cdkContext }), id);
}

export function testKey(stack: Stack): kms.Key {
  return new kms.Key(stack, 'TestKey', { enableKeyRotation: true });
}

/** A function that needs no bundling, for constructs that only need an IFunction. */
export function inlineFunction(stack: Stack, id: string, timeoutSeconds = 10): lambda.Function {
  return new lambda.Function(stack, id, {
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('export const handler = async () => ({});'),
    timeout: Duration.seconds(timeoutSeconds),
  });
}
