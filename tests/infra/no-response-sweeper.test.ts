import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '#infra/app';
import type { ClearinghouseStack } from '#infra/stacks/clearinghouse-stack';
import { claimsTable } from '#shared/config/resources';
import { cdkContext } from './support.ts';

describe('no-response sweeper and work-queue index in the stack', () => {
  let stack: ClearinghouseStack;
  let template: Template;
  beforeAll(() => {
    ({ stack } = createApp({ context: cdkContext }));
    template = Template.fromStack(stack);
  });

  it('runs the no-response sweeper function once a day', () => {
    const fnId = stack.getLogicalId(
      stack.noResponseSweeperFunction.function.node.defaultChild as never,
    );
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 day)',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [fnId, 'Arn'] } })],
    });
  });

  it('builds the sparse work-queue index gsi3 from the table definition', () => {
    const gsi3 = claimsTable.globalIndexes.find((index) => index.indexName === 'gsi3');
    expect(gsi3).toMatchObject({ partitionKey: 'gsi3pk', sortKey: 'gsi3sk', projection: 'ALL' });
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      GlobalSecondaryIndexes: Match.arrayWith([
        Match.objectLike({ IndexName: 'gsi3', Projection: { ProjectionType: 'ALL' } }),
      ]),
    });
  });
});
