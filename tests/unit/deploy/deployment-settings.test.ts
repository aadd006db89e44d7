import { describe, expect, it } from 'vitest';
import {
  contextSettings,
  DeploymentSettingsError,
  readDeploymentSettings,
} from '#infra/deploy/deployment-settings';

const lookup =
  (context: Record<string, unknown>) =>
  (key: string): unknown =>
    context[key];

describe('readDeploymentSettings', () => {
  it('gives every default when nothing is set', () => {
    expect(readDeploymentSettings({}, {})).toEqual({
      stageName: 'prod',
      fixedEgress: false,
      rateLimitPerIp: 3000,
      rateLimitPerApiKey: 6000,
    });
  });

  it('reads --context clearinghouse.<name> strings over the cdk.json object', () => {
    const context = contextSettings(
      lookup({
        clearinghouse: { stageName: 'prod', fixedEgress: false },
        'clearinghouse.fixedEgress': 'true',
        'clearinghouse.rateLimitPerIp': '500',
      }),
    );
    expect(readDeploymentSettings(context, {})).toMatchObject({
      stageName: 'prod',
      fixedEgress: true,
      rateLimitPerIp: 500,
    });
  });

  it('lets CLEARINGHOUSE_* variables win over the context', () => {
    expect(
      readDeploymentSettings(
        { stageName: 'prod' },
        { CLEARINGHOUSE_STAGE_NAME: 'staging', CLEARINGHOUSE_REGION: 'eu-west-1' },
      ),
    ).toMatchObject({ stageName: 'staging', region: 'eu-west-1' });
  });

  it('lists every bad or unknown setting at once, in one line', () => {
    const attempt = () =>
      readDeploymentSettings(
        {
          stageName: 'Prod!',
          fixedEgress: 'maybe',
          publicBaseUrl: 'http://api.example.com',
          nat: 1,
        },
        {},
      );
    expect(attempt).toThrow(DeploymentSettingsError);
    try {
      attempt();
    } catch (error) {
      const problems = (error as DeploymentSettingsError).problems;
      expect(problems.map((problem) => problem.split(':')[0])).toEqual(
        expect.arrayContaining([
          'stageName',
          'fixedEgress',
          'publicBaseUrl',
          'unknown setting nat',
        ]),
      );
      expect((error as Error).message).not.toContain('\n');
    }
  });
});
