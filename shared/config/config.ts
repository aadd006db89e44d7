// The one configuration schema: every function, the local runtime and the admin CLI read their
// settings through it. Problems are listed all at once, not the first only.
import { z } from 'zod';

const optionalUrl = z.url().optional();

export const configSchema = z.object({
  /** cloud: deployed by CDK; local: `npm start` and the tests */
  STAGE: z.enum(['local', 'cloud']).default('cloud'),
  AWS_REGION: z.string().min(1).default('us-east-1'),
  TABLE_NAME: z.string().min(3),
  TRANSMIT_QUEUE_URL: z.url(),
  ARCHIVE_BUCKET: z.string().min(3).optional(),
  /** local engines only; unset in the cloud */
  DYNAMODB_ENDPOINT: optionalUrl,
  SQS_ENDPOINT: optionalUrl,
  S3_ENDPOINT: optionalUrl,
  LOG_LEVEL: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT']).default('INFO'),
  /** largest accepted request body; API Gateway's own limit is 10 MB */
  MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(1024 * 1024),
});

export type Config = z.infer<typeof configSchema>;

export class ConfigurationError extends Error {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `- ${problem}`).join('\n')}`);
    this.name = 'ConfigurationError';
    this.problems = problems;
  }
}

/** Reads and validates the configuration from an environment (process.env by default). */
export function loadConfig(environment: NodeJS.ProcessEnv = process.env): Config {
  const result = configSchema.safeParse(environment);
  if (result.success) return result.data;
  throw new ConfigurationError(
    result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`),
  );
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
