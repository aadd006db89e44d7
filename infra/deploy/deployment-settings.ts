// The settings of one deployment (what `npm run deploy` and `cdk synth` build): the API stage,
// the region and account, the public base URL, fixed egress for payer connections and the WAF
// limits. One schema, read from the CDK context key `clearinghouse` (cdk.json holds the
// defaults; `--context clearinghouse.<name>=<value>` or CLEARINGHOUSE_<NAME> variables override),
// every problem listed at once.
import * as z from 'zod';

/** The CloudFormation stack every deployment is (`cdk deploy Clearinghouse`). */
export const STACK_NAME = 'Clearinghouse';

export const deploymentSettingsSchema = z.object({
  /** API Gateway stage: the first path segment of the execute-api URL (`/prod/v1/...`) */
  stageName: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,29}$/, 'lower-case letters, digits and hyphens, 1 to 30')
    .default('prod'),
  /** AWS region to deploy into; unset: the CLI's (AWS_REGION, then the profile's) */
  region: z
    .string()
    .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'an AWS region such as us-east-1')
    .optional(),
  /** AWS account id; unset: the credentials' account */
  account: z
    .string()
    .regex(/^\d{12}$/, '12 digits')
    .optional(),
  /**
   * Where clients reach the API when it is not the execute-api URL (a custom domain); links and
   * Location headers start with it (the api function's PUBLIC_BASE_URL). Unset: the execute-api
   * URL and stage of the request, or relative paths on a custom domain.
   */
  publicBaseUrl: z.url({ protocol: /^https$/ }).optional(),
  /**
   * Payer connections (transmit, poll) leave from one Elastic IP through a NAT gateway in a VPC,
   * for payers that allow-list their clients' addresses. Costs a NAT gateway per hour.
   */
  fixedEgress: z.boolean().default(false),
  /** WAF rate-based rules: requests per 5 minutes (WAF's evaluation window) */
  rateLimitPerIp: z.number().int().min(100).max(2_000_000_000).default(3000),
  rateLimitPerApiKey: z.number().int().min(100).max(2_000_000_000).default(6000),
});

export type DeploymentSettings = z.infer<typeof deploymentSettingsSchema>;

export class DeploymentSettingsError extends Error {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(`Invalid deployment settings: ${problems.join('; ')}`);
    this.name = 'DeploymentSettingsError';
    this.problems = problems;
  }
}

const environmentNames: Record<keyof DeploymentSettings, string> = {
  stageName: 'CLEARINGHOUSE_STAGE_NAME',
  region: 'CLEARINGHOUSE_REGION',
  account: 'CLEARINGHOUSE_ACCOUNT',
  publicBaseUrl: 'CLEARINGHOUSE_PUBLIC_BASE_URL',
  fixedEgress: 'CLEARINGHOUSE_FIXED_EGRESS',
  rateLimitPerIp: 'CLEARINGHOUSE_RATE_LIMIT_PER_IP',
  rateLimitPerApiKey: 'CLEARINGHOUSE_RATE_LIMIT_PER_API_KEY',
};

/** Context values arrive as strings from `--context`: numbers and booleans are read from them. */
function fromText(name: keyof DeploymentSettings, value: unknown): unknown {
  if (typeof value !== 'string') return value;
  if (name === 'fixedEgress') return value === 'true' ? true : value === 'false' ? false : value;
  if (name === 'rateLimitPerIp' || name === 'rateLimitPerApiKey')
    return /^\d+$/.test(value) ? Number(value) : value;
  return value === '' ? undefined : value;
}

/**
 * The `clearinghouse` context object with `--context clearinghouse.<name>=<value>` overrides of
 * single keys (the CLI passes those as flat keys, which the object does not hold).
 */
export function contextSettings(tryGetContext: (key: string) => unknown): Record<string, unknown> {
  const base: unknown = tryGetContext('clearinghouse');
  const settings: Record<string, unknown> =
    typeof base === 'object' && base !== null ? { ...base } : {};
  for (const name of Object.keys(environmentNames)) {
    const override = tryGetContext(`clearinghouse.${name}`);
    if (override !== undefined) settings[name] = override;
  }
  return settings;
}

/**
 * The deployment's settings: the context (contextSettings), then CLEARINGHOUSE_* variables.
 */
export function readDeploymentSettings(
  context: unknown,
  environment: NodeJS.ProcessEnv = process.env,
): DeploymentSettings {
  const given: Record<string, unknown> =
    typeof context === 'object' && context !== null ? { ...context } : {};
  for (const [name, variable] of Object.entries(environmentNames) as [
    keyof DeploymentSettings,
    string,
  ][]) {
    const fromEnvironment = environment[variable];
    if (fromEnvironment !== undefined) given[name] = fromEnvironment;
    given[name] = fromText(name, given[name]);
  }
  const result = deploymentSettingsSchema.strict().safeParse(given);
  if (result.success) return result.data;
  throw new DeploymentSettingsError(
    result.error.issues.map((issue) => {
      const path = issue.path.join('.') || '(root)';
      return issue.code === 'unrecognized_keys'
        ? `unknown setting ${issue.keys.join(', ')}`
        : `${path}: ${issue.message}`;
    }),
  );
}
