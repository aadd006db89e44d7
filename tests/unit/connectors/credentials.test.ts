import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  SecretFormatError,
  SecretNotFoundError,
  localCredentials,
  secretEnvironmentVariable,
  secretsManagerCredentials,
} from '#shared/connectors/credentials';

const SECRET_VALUE = 'correct-horse-battery-staple';

afterEach(() => {
  vi.restoreAllMocks();
});

/** Every console line written while running work (none is expected from a resolver). */
async function consoleDuring(work: () => Promise<unknown>): Promise<string> {
  const lines: string[] = [];
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const)
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      lines.push(args.map(String).join(' '));
    });
  await work().catch(() => undefined);
  return lines.join('\n');
}

describe('secretEnvironmentVariable', () => {
  it('upper-cases the name and turns every other character into an underscore', () => {
    expect(secretEnvironmentVariable('payers/acme-sftp.v2')).toBe('SECRET_PAYERS_ACME_SFTP_V2');
  });
});

describe('localCredentials', () => {
  it('reads a secret from its SECRET_ variable before any file', async () => {
    const folder = await mkdtemp(path.join(tmpdir(), 'secrets-'));
    await mkdir(path.join(folder, 'payers'));
    await writeFile(path.join(folder, 'payers/acme.json'), JSON.stringify({ password: 'file' }));
    const resolver = localCredentials({
      environment: { SECRET_PAYERS_ACME: JSON.stringify({ password: SECRET_VALUE }) },
      directory: folder,
    });
    expect(await resolver.resolve('payers/acme')).toEqual({ password: SECRET_VALUE });
  });

  it('reads <name>.json from LOCAL_SECRETS_DIR, folders included', async () => {
    const folder = await mkdtemp(path.join(tmpdir(), 'secrets-'));
    await mkdir(path.join(folder, 'sandbox'));
    await writeFile(path.join(folder, 'sandbox/demo-payer.json'), '{"password":"from-file"}');
    const resolver = localCredentials({ environment: { LOCAL_SECRETS_DIR: folder } });
    expect(await resolver.resolve('sandbox/demo-payer')).toEqual({ password: 'from-file' });
  });

  it('names a missing secret without reading outside the folder', async () => {
    const folder = await mkdtemp(path.join(tmpdir(), 'secrets-'));
    await writeFile(path.join(path.dirname(folder), 'escape.json'), '{"password":"x"}');
    const resolver = localCredentials({ environment: {}, directory: folder });

    await expect(resolver.resolve('payers/absent')).rejects.toThrow(
      new SecretNotFoundError('payers/absent'),
    );
    await expect(resolver.resolve('../escape')).rejects.toBeInstanceOf(SecretNotFoundError);
    await expect(localCredentials({ environment: {} }).resolve('x')).rejects.toBeInstanceOf(
      SecretNotFoundError,
    );
  });

  it('refuses a secret that is not a JSON object of strings, never quoting its content', async () => {
    const cases = [
      `{"password": "${SECRET_VALUE}"`,
      JSON.stringify([SECRET_VALUE]),
      JSON.stringify({ password: SECRET_VALUE, port: 22 }),
    ];
    for (const text of cases) {
      const resolver = localCredentials({ environment: { SECRET_BROKEN: text } });
      const error = await resolver.resolve('broken').catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(SecretFormatError);
      expect((error as Error).message).toContain('broken');
      expect((error as Error).message).not.toContain(SECRET_VALUE);
    }
  });

  it('writes nothing to the console, whatever happens', async () => {
    const resolver = localCredentials({
      environment: {
        SECRET_GOOD: JSON.stringify({ password: SECRET_VALUE }),
        SECRET_BAD: SECRET_VALUE,
      },
    });
    const output = await consoleDuring(async () => {
      await resolver.resolve('good');
      await resolver.resolve('bad').catch(() => undefined);
      await resolver.resolve('missing');
    });
    expect(output).toBe('');
  });
});

describe('secretsManagerCredentials', () => {
  it('parses the JSON secret string and caches it until the time to live ends', async () => {
    const secretsManager = mockClient(SecretsManagerClient);
    secretsManager
      .on(GetSecretValueCommand, { SecretId: 'payers/acme' })
      .resolves({ SecretString: JSON.stringify({ privateKey: SECRET_VALUE }) });
    let now = 1_000;
    const resolver = secretsManagerCredentials({
      client: new SecretsManagerClient({ region: 'us-east-1' }),
      cacheTtlMs: 60_000,
      now: () => now,
    });

    expect(await resolver.resolve('payers/acme')).toEqual({ privateKey: SECRET_VALUE });
    now += 59_000;
    await resolver.resolve('payers/acme');
    expect(secretsManager.commandCalls(GetSecretValueCommand)).toHaveLength(1);
    now += 2_000;
    await resolver.resolve('payers/acme');
    expect(secretsManager.commandCalls(GetSecretValueCommand)).toHaveLength(2);
    secretsManager.restore();
  });

  it('turns a missing secret into SecretNotFoundError and a non-JSON one into SecretFormatError', async () => {
    const secretsManager = mockClient(SecretsManagerClient);
    secretsManager
      .on(GetSecretValueCommand, { SecretId: 'absent' })
      .rejects(Object.assign(new Error('not found'), { name: 'ResourceNotFoundException' }));
    secretsManager
      .on(GetSecretValueCommand, { SecretId: 'plain' })
      .resolves({ SecretString: SECRET_VALUE });
    const resolver = secretsManagerCredentials({
      client: new SecretsManagerClient({ region: 'us-east-1' }),
    });

    await expect(resolver.resolve('absent')).rejects.toBeInstanceOf(SecretNotFoundError);
    const error = await resolver.resolve('plain').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SecretFormatError);
    expect((error as Error).message).not.toContain(SECRET_VALUE);
    secretsManager.restore();
  });
});
