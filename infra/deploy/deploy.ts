// `npm run deploy [-- CDK_ARGS...]`: reads the deployment settings the CDK app reads (cdk.json's
// `clearinghouse` context, then CLEARINGHOUSE_* variables), stops on a bad one before any AWS
// call, prints what it is about to deploy, then runs the pinned CDK CLI. Credentials, bootstrap
// and account mismatches are the CLI's to report: it says them better than we could.
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import {
  DeploymentSettingsError,
  readDeploymentSettings,
  STACK_NAME,
  type DeploymentSettings,
} from './deployment-settings.ts';

export interface DeployCommand {
  /** the program and its arguments */
  readonly argv: readonly [string, ...string[]];
  /** variables to add to the caller's environment */
  readonly env: Readonly<Record<string, string>>;
}

/**
 * `npx cdk deploy` (the CLI of package.json, via npx) for the stack, with the caller's arguments
 * last (`--profile`, `--context`, ...). IAM and security-group widenings wait for a yes
 * (`--require-approval broadening`) unless the caller chose another approval level. A region in
 * the settings goes to AWS_REGION, so the CLI's own calls (credentials, bootstrap version, assets)
 * go to the region the stack is pinned to.
 */
export function deployCommand(
  settings: DeploymentSettings,
  args: readonly string[],
): DeployCommand {
  const approvalChosen = args.some(
    (arg) => arg === '--require-approval' || arg.startsWith('--require-approval='),
  );
  return {
    argv: [
      'npx',
      'cdk',
      'deploy',
      STACK_NAME,
      '--no-notices',
      ...(approvalChosen ? [] : ['--require-approval', 'broadening']),
      ...args,
    ],
    env: settings.region === undefined ? {} : { AWS_REGION: settings.region },
  };
}

/** What will be deployed, one setting a line (no secrets: the settings hold none). */
export function describeDeployment(settings: DeploymentSettings): string[] {
  const perFiveMinutes = `${settings.rateLimitPerIp} per IP, ${settings.rateLimitPerApiKey} per API key, per 5 minutes`;
  return [
    `Deploying stack ${STACK_NAME} (settings: cdk.json "clearinghouse", then CLEARINGHOUSE_* variables)`,
    `  API stage        ${settings.stageName}`,
    `  region           ${settings.region ?? 'from your AWS profile (AWS_REGION, then the profile)'}`,
    `  account          ${settings.account ?? 'from your AWS credentials'}`,
    `  public base URL  ${settings.publicBaseUrl ?? 'none: the execute-api URL'}`,
    `  fixed egress     ${settings.fixedEgress ? 'on: payer connections leave from one Elastic IP (NAT gateway)' : 'off'}`,
    `  WAF rate limits  ${perFiveMinutes}`,
  ];
}

async function cdkContextSettings(): Promise<unknown> {
  const cdkJson = JSON.parse(
    await readFile(new URL('../../cdk.json', import.meta.url), 'utf8'),
  ) as { context?: Record<string, unknown> };
  return cdkJson.context?.clearinghouse;
}

async function main(args: readonly string[]): Promise<number> {
  let settings: DeploymentSettings;
  try {
    settings = readDeploymentSettings(await cdkContextSettings());
  } catch (error) {
    if (!(error instanceof DeploymentSettingsError)) throw error;
    console.error(`npm run deploy: ${error.message}`);
    return 1;
  }
  for (const line of describeDeployment(settings)) console.log(line);
  const command = deployCommand(settings, args);
  console.log(`Running: ${command.argv.join(' ')}`);
  const [program, ...programArgs] = command.argv;
  return new Promise((resolve) => {
    const child = spawn(program, programArgs, {
      stdio: 'inherit',
      env: { ...process.env, ...command.env },
    });
    child.once('error', (error) => {
      console.error(`npm run deploy: could not run ${program}: ${error.message}`);
      resolve(1);
    });
    child.once('exit', (code, signal) => resolve(code ?? (signal === null ? 0 : 1)));
  });
}

// Run only as `npm run deploy`, not when a test imports deployCommand.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error('npm run deploy failed:', error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
