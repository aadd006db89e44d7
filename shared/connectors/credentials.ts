// Credentials resolvers: a payer connection names a secret; these find its JSON object of strings
// (`{ "password": ... }`, `{ "privateKey": ... }`, `{ "token": ... }`). Secrets Manager in the cloud;
// locally an environment variable or a file. Values never appear in errors or logs: errors name
// the secret, never its content.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { CredentialsResolver } from './payer-connector.ts';

export type Credentials = Readonly<Record<string, string>>;

export class SecretNotFoundError extends Error {
  readonly secretName: string;
  constructor(secretName: string, options?: ErrorOptions) {
    super(`secret ${secretName} not found`, options);
    this.name = 'SecretNotFoundError';
    this.secretName = secretName;
  }
}

/** The secret exists but is not a JSON object of strings (its content is never quoted). */
export class SecretFormatError extends Error {
  readonly secretName: string;
  constructor(secretName: string) {
    super(`secret ${secretName} is not a JSON object of string values`);
    this.name = 'SecretFormatError';
    this.secretName = secretName;
  }
}

/** Parses a secret's text; a parse error is replaced, since JSON.parse quotes the text it read. */
export function parseSecret(secretName: string, text: string): Credentials {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new SecretFormatError(secretName);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new SecretFormatError(secretName);
  const entries = Object.entries(parsed);
  if (!entries.every(([, value]) => typeof value === 'string'))
    throw new SecretFormatError(secretName);
  return Object.freeze(Object.fromEntries(entries) as Record<string, string>);
}

/** The environment variable that holds a secret locally: `SECRET_` + the name upper-cased, non-alphanumerics as `_`. */
export function secretEnvironmentVariable(secretName: string): string {
  return 'SECRET_' + secretName.toUpperCase().replace(/[^A-Z0-9]/g, '_');
}

/**
 * Local secrets (npm start, tests): the variable `SECRET_<NAME>` first, then the file
 * `<directory>/<name>.json` (directory from LOCAL_SECRETS_DIR). Read on every call, so a changed
 * file takes effect at once.
 */
export function localCredentials(options: {
  readonly environment?: NodeJS.ProcessEnv;
  /** defaults to LOCAL_SECRETS_DIR of the environment */
  readonly directory?: string;
}): CredentialsResolver {
  const environment = options.environment ?? process.env;
  const directory = options.directory ?? environment.LOCAL_SECRETS_DIR;
  return {
    async resolve(secretName) {
      const fromEnvironment = environment[secretEnvironmentVariable(secretName)];
      if (fromEnvironment !== undefined) return parseSecret(secretName, fromEnvironment);
      if (directory === undefined) throw new SecretNotFoundError(secretName);
      const root = path.resolve(directory);
      const file = path.resolve(root, `${secretName}.json`);
      // names may hold "/" (as in Secrets Manager) but never lead out of the folder
      if (!file.startsWith(root + path.sep)) throw new SecretNotFoundError(secretName);
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT')
          throw new SecretNotFoundError(secretName);
        throw error;
      }
      return parseSecret(secretName, text);
    },
  };
}

/**
 * Secrets Manager (the secret string is JSON). Values are cached for `cacheTtlMs` (default five
 * minutes) per warm function: a rotation is seen within that time, and a busy worker does not
 * call Secrets Manager for every interchange.
 */
export function secretsManagerCredentials(options: {
  readonly client: SecretsManagerClient;
  readonly cacheTtlMs?: number;
  readonly now?: () => number;
}): CredentialsResolver {
  const ttl = options.cacheTtlMs ?? 5 * 60_000;
  const now = options.now ?? Date.now;
  const cache = new Map<string, { readonly value: Credentials; readonly until: number }>();
  return {
    async resolve(secretName) {
      const cached = cache.get(secretName);
      if (cached !== undefined && cached.until > now()) return cached.value;
      let secretString: string | undefined;
      try {
        ({ SecretString: secretString } = await options.client.send(
          new GetSecretValueCommand({ SecretId: secretName }),
        ));
      } catch (error) {
        if ((error as { name?: string } | null)?.name === 'ResourceNotFoundException')
          throw new SecretNotFoundError(secretName, { cause: error });
        throw error;
      }
      if (secretString === undefined) throw new SecretFormatError(secretName);
      const value = parseSecret(secretName, secretString);
      cache.set(secretName, { value, until: now() + ttl });
      return value;
    },
  };
}
