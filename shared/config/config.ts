// The one configuration schema: every function, the local runtime and the admin CLI read their
// settings through it. Problems are listed all at once, not the first only.
// zod/mini, not zod: this module is in every function's cold start (full zod is about 450 KB).
import * as z from 'zod/mini';
import { buckets, queues } from './resources.ts';

const optionalUrl = z.optional(z.url());

export const configSchema = z.object({
  /** cloud: deployed by CDK; local: `npm start` and the tests */
  STAGE: z._default(z.enum(['local', 'cloud']), 'cloud'),
  AWS_REGION: z._default(z.string().check(z.minLength(1)), 'us-east-1'),
  TABLE_NAME: z.string().check(z.minLength(3)),
  /**
   * Queues and bucket, named by their definitions (resources.ts): each function is given only
   * those it uses and names them (`requires` of its handler, or requireSetting).
   */
  [queues.transmit.environmentVariable]: optionalUrl,
  [queues.response.environmentVariable]: optionalUrl,
  [queues.notify.environmentVariable]: optionalUrl,
  [buckets.archive.environmentVariable]: z.optional(z.string().check(z.minLength(3))),
  /** the webhook-delivery queue and its dead-letter queue; required by the notify function */
  [queues.webhookDelivery.environmentVariable]: optionalUrl,
  WEBHOOK_DELIVERY_DLQ_URL: optionalUrl,
  /** local engines only; unset in the cloud */
  DYNAMODB_ENDPOINT: optionalUrl,
  SQS_ENDPOINT: optionalUrl,
  S3_ENDPOINT: optionalUrl,
  LOG_LEVEL: z._default(z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT']), 'INFO'),
  /**
   * where clients reach the API when that is not the execute-api URL (a custom domain with a base
   * path): links and Location headers start with it (shared/api/public-base-url.ts). Unset: from
   * the request.
   */
  PUBLIC_BASE_URL: z.optional(z.url({ protocol: /^https$/ })),
  /** largest accepted request body; API Gateway's own limit is 10 MB */
  MAX_BODY_BYTES: z._default(z.coerce.number().check(z.int(), z.positive()), 1024 * 1024),
});

export type Config = z.infer<typeof configSchema>;

export class ConfigurationError extends Error {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    // one line: a Lambda init error shows the first line of the message
    super(`Invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigurationError';
    this.problems = problems;
  }
}

/** Reads and validates the configuration from an environment (process.env by default). */
export function loadConfig(environment: NodeJS.ProcessEnv = process.env): Config {
  // reportInput only to tell "missing" from "malformed"; values are never printed (could be secrets)
  const result = configSchema.safeParse(environment, { reportInput: true });
  if (result.success) return result.data;
  throw new ConfigurationError(
    result.error.issues.map(
      (issue) => `${issue.path.join('.') || '(root)'} ${describeIssue(issue)}`,
    ),
  );
}

/** Plain words for a configuration problem (zod/mini carries no message texts of its own). */
function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'is required' : `must be a ${issue.expected}`;
    case 'invalid_format':
      return `must be a valid ${issue.format}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map(String).join(', ')}`;
    case 'too_small':
      return `must be at least ${String(issue.minimum)}${issue.origin === 'string' ? ' characters long' : ''}`;
    default:
      return issue.message;
  }
}

/** The configuration with the named (otherwise optional) settings present. */
export type SettingsWith<K extends keyof Config> = Config & {
  readonly [Name in K]-?: NonNullable<Config[Name]>;
};

/**
 * The settings a function cannot work without (the schema leaves per-function settings
 * optional), checked at once: the error names every missing one, never a value.
 */
export function requireSettings<K extends keyof Config>(
  settings: Config,
  names: readonly K[],
): SettingsWith<K> {
  const missing = names.filter((name) => {
    const value = settings[name];
    return value === undefined || value === null || value === '';
  });
  if (missing.length > 0) {
    throw new ConfigurationError(missing.map((name) => `${name} is required by this function`));
  }
  return settings as SettingsWith<K>;
}

/** One setting this function cannot work without. */
export function requireSetting<K extends keyof Config>(
  settings: Config,
  name: K,
): NonNullable<Config[K]> {
  return requireSettings(settings, [name])[name];
}

let cached: Config | undefined;

/** The process-wide configuration, read once (handlers call this at cold start). */
export function config(): Config {
  cached ??= loadConfig();
  return cached;
}

/** Forget the cached configuration (tests and the local runtime change the environment). */
export function resetConfig(): void {
  cached = undefined;
}
