// Vitest global setup: one DynamoDB Local and one fauxqs for the whole run, on free ports.
// Suites read the endpoints with inject('dynamoEndpoint') / inject('awsEndpoint').
import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal, startSqsAndS3, type RunningEngine } from '#infra/local/engines';
import { findFreePort } from '#infra/local/ports';

let engines: RunningEngine[] = [];

export async function setup(project: TestProject): Promise<void> {
  const [dynamo, aws] = await Promise.all([
    findFreePort().then(startDynamoDbLocal),
    startSqsAndS3(0),
  ]);
  engines = [dynamo, aws];
  project.provide('dynamoEndpoint', dynamo.endpoint);
  project.provide('awsEndpoint', aws.endpoint);
}

export async function teardown(): Promise<void> {
  await Promise.all(engines.map((engine) => engine.stop()));
}

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
    awsEndpoint: string;
  }
}
