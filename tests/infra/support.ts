// Shared by the infra tests: an App with the same feature flags as `cdk synth` (cdk.json), so
// that the tests check the template that would be deployed.
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Template } from 'aws-cdk-lib/assertions';
import { createApp } from '#infra/app';
import { cdkContext } from '#infra/deploy/cdk-context';
import type { ClaimsFunction } from '#infra/constructs/claims-function';
import type { ClearinghouseStack } from '#infra/stacks/clearinghouse-stack';
import type { TableDefinition } from '#shared/config/resources';

export { cdkContext } from '#infra/deploy/cdk-context';

/** The GlobalSecondaryIndexes the template must hold for a table definition. */
export function globalIndexesOf(definition: TableDefinition): unknown[] {
  return definition.globalIndexes.map((index) => ({
    IndexName: index.indexName,
    KeySchema: [
      { AttributeName: index.partitionKey, KeyType: 'HASH' },
      { AttributeName: index.sortKey, KeyType: 'RANGE' },
    ],
    Projection: { ProjectionType: index.projection },
  }));
}

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

/** An IAM policy statement as the synthesized template holds it. */
export type Statement = { Action: string | string[]; Resource: unknown; Effect: string };

/** The synthesized application seen from one of its functions: its policy, ids, event sources. */
export interface FunctionTemplate {
  readonly stack: ClearinghouseStack;
  readonly template: Template;
  /** the statements of the function's managed policy (all its grants) */
  readonly statements: Statement[];
  id(construct: { node: { defaultChild?: unknown } }): string;
  actionsOf(statement: Statement): string[];
  /** the statements that allow `action` */
  granting(action: string): Statement[];
  /** the properties of the function's SQS event source mappings */
  eventSourceMappings(): Record<string, unknown>[];
  /** the function's S3 grants: actions (sorted) and resource, one entry per statement */
  archiveGrants(): { actions: string[]; resource: unknown }[];
  /** the archive bucket's objects under a key prefix, as a grant's resource names them */
  archiveObjects(prefix: string): unknown;
}

/** Synthesizes the whole app (as `cdk synth` does) and looks at the function `select` picks. */
export function synthesizeFunction(
  select: (stack: ClearinghouseStack) => ClaimsFunction,
): FunctionTemplate {
  const { stack } = createApp({ context: cdkContext });
  const template = Template.fromStack(stack);
  const fn = select(stack);
  const id = (construct: { node: { defaultChild?: unknown } }): string =>
    stack.getLogicalId(construct.node.defaultChild as never);
  const policy = template.findResources('AWS::IAM::ManagedPolicy')[id(fn.role.policy)] as {
    Properties: { PolicyDocument: { Statement: Statement[] } };
  };
  const statements = policy.Properties.PolicyDocument.Statement;
  const actionsOf = (statement: Statement) => [statement.Action].flat();
  return {
    stack,
    template,
    statements,
    id,
    actionsOf,
    granting: (action) => statements.filter((statement) => actionsOf(statement).includes(action)),
    eventSourceMappings: () =>
      Object.values(template.findResources('AWS::Lambda::EventSourceMapping'))
        .map((resource) => resource.Properties as Record<string, unknown>)
        .filter((properties) => JSON.stringify(properties.FunctionName).includes(id(fn.function))),
    archiveGrants: () =>
      statements
        .filter((statement) => actionsOf(statement).some((action) => action.startsWith('s3:')))
        .map((statement) => ({
          actions: actionsOf(statement).toSorted(),
          resource: statement.Resource,
        })),
    archiveObjects: (prefix) => ({
      'Fn::Join': [
        '',
        [{ 'Fn::GetAtt': [id(stack.buckets.archive.bucket), 'Arn'] }, `/${prefix}*`],
      ],
    }),
  };
}
