// `npm run deploy`: the CDK command and environment built from the deployment settings, and the
// settings checked before the CLI runs.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { deployCommand, describeDeployment } from '#infra/deploy/deploy';
import { readDeploymentSettings } from '#infra/deploy/deployment-settings';

const defaults = readDeploymentSettings({}, {});

describe('deployCommand', () => {
  it('runs the pinned CDK CLI on the stack, asking before IAM widenings, with the caller’s arguments last', () => {
    const command = deployCommand(defaults, ['--profile', 'ops']);
    expect(command.argv).toEqual([
      'npx',
      'cdk',
      'deploy',
      'Clearinghouse',
      '--no-notices',
      '--require-approval',
      'broadening',
      '--profile',
      'ops',
    ]);
    // no region in the settings: the CLI takes the profile's
    expect(command.env).toEqual({});
  });

  it('puts the settings’ region in AWS_REGION', () => {
    const settings = readDeploymentSettings({ region: 'eu-west-1' }, {});
    expect(deployCommand(settings, []).env).toEqual({ AWS_REGION: 'eu-west-1' });
  });

  it('leaves the approval level to a caller who chose one', () => {
    for (const args of [['--require-approval', 'never'], ['--require-approval=never']]) {
      const { argv } = deployCommand(defaults, args);
      expect(argv.filter((arg) => arg.startsWith('--require-approval'))).toHaveLength(1);
      expect(argv.slice(-args.length)).toEqual(args);
    }
  });
});

describe('describeDeployment', () => {
  it('names the stage, and the region and account or where they will come from', () => {
    const unpinned = describeDeployment(defaults).join('\n');
    expect(unpinned).toContain('stack Clearinghouse');
    expect(unpinned).toMatch(/API stage +prod/);
    expect(unpinned).toMatch(/region +from your AWS profile/);
    expect(unpinned).toMatch(/account +from your AWS credentials/);

    const pinned = describeDeployment(
      readDeploymentSettings({ region: 'us-west-2', account: '123456789012', stageName: 'v1' }, {}),
    ).join('\n');
    expect(pinned).toMatch(/API stage +v1/);
    expect(pinned).toMatch(/region +us-west-2/);
    expect(pinned).toMatch(/account +123456789012/);
  });
});

describe('npm run deploy', () => {
  it('stops with one line naming a bad setting before the CDK CLI runs', () => {
    const result = spawnSync('npx', ['tsx', 'infra/deploy/deploy.ts'], {
      encoding: 'utf8',
      env: { ...process.env, CLEARINGHOUSE_STAGE_NAME: 'Not A Stage' },
      timeout: 30_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([
      'npm run deploy: Invalid deployment settings: stageName: lower-case letters, digits and hyphens, 1 to 30',
    ]);
    expect(result.stdout).not.toContain('Running:');
  });
});
