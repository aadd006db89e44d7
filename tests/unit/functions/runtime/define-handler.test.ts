import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defineHandler, withDependencies } from '#functions/runtime/define-handler';
import { createLambdaContext } from '#infra/local/lambda-context';
import { ConfigurationError, resetConfig } from '#shared/config/config';

const context = () =>
  createLambdaContext({ functionName: 'test', timeoutMs: 10_000, region: 'us-east-1' });

const variables = [
  'TABLE_NAME',
  'TRANSMIT_QUEUE_URL',
  'NOTIFY_QUEUE_URL',
  'AWS_LAMBDA_FUNCTION_NAME',
] as const;
let saved: Record<string, string | undefined>;

beforeEach(() => {
  saved = Object.fromEntries(variables.map((name) => [name, process.env[name]]));
  for (const name of variables) delete process.env[name];
  resetConfig();
});

afterEach(() => {
  for (const name of variables) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
  resetConfig();
});

describe('defineHandler', () => {
  it('reads no setting and builds nothing until the first invocation, then builds once', async () => {
    const build = vi.fn((settings: { TABLE_NAME: string; TRANSMIT_QUEUE_URL: string }) => ({
      table: settings.TABLE_NAME,
      queue: settings.TRANSMIT_QUEUE_URL,
    }));
    const handler = defineHandler({
      requires: ['TRANSMIT_QUEUE_URL'],
      dependencies: build,
      handle: (event: { n: number }, dependencies) =>
        Promise.resolve({ ...dependencies, n: event.n }),
    });
    expect(build).not.toHaveBeenCalled();

    process.env.TABLE_NAME = 'claims';
    process.env.TRANSMIT_QUEUE_URL = 'http://127.0.0.1:4566/000000000000/transmit';
    expect(await handler({ n: 1 }, context())).toEqual({
      table: 'claims',
      queue: 'http://127.0.0.1:4566/000000000000/transmit',
      n: 1,
    });
    expect(await handler({ n: 2 }, context())).toMatchObject({ n: 2 });
    expect(build).toHaveBeenCalledTimes(1);
  });

  it('names every missing required setting at once, never a value, and builds once they are set', async () => {
    process.env.TABLE_NAME = 'secret-looking-table';
    const build = vi.fn(() => 'built');
    const handler = defineHandler({
      requires: ['TRANSMIT_QUEUE_URL', 'NOTIFY_QUEUE_URL'],
      dependencies: build,
      handle: (_event: unknown, dependencies) => Promise.resolve(dependencies),
    });

    const failure = await handler({}, context()).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ConfigurationError);
    expect((failure as ConfigurationError).problems).toEqual([
      'TRANSMIT_QUEUE_URL is required by this function',
      'NOTIFY_QUEUE_URL is required by this function',
    ]);
    expect((failure as Error).message).not.toContain('secret-looking-table');
    expect(build).not.toHaveBeenCalled();

    process.env.TRANSMIT_QUEUE_URL = 'http://127.0.0.1:4566/000000000000/transmit';
    process.env.NOTIFY_QUEUE_URL = 'http://127.0.0.1:4566/000000000000/notify';
    resetConfig();
    expect(await handler({}, context())).toBe('built');
  });
});

describe('defineHandler inside Lambda (AWS_LAMBDA_FUNCTION_NAME set)', () => {
  beforeEach(() => {
    process.env.AWS_LAMBDA_FUNCTION_NAME = 'Clearinghouse-TransmitFunction';
  });

  it('builds the dependencies while the module loads (the init phase), once', async () => {
    process.env.TABLE_NAME = 'claims';
    process.env.TRANSMIT_QUEUE_URL = 'http://127.0.0.1:4566/000000000000/transmit';
    const build = vi.fn(() => 'built');
    const handler = defineHandler({
      requires: ['TRANSMIT_QUEUE_URL'],
      dependencies: build,
      handle: (_event: unknown, dependencies) => Promise.resolve(dependencies),
    });
    expect(build).toHaveBeenCalledTimes(1);
    expect(await handler({}, context())).toBe('built');
    expect(build).toHaveBeenCalledTimes(1);
  });

  it('fails at definition with one line naming every missing or malformed variable', () => {
    process.env.TRANSMIT_QUEUE_URL = 'not a url';
    const define = () =>
      defineHandler({
        requires: ['TRANSMIT_QUEUE_URL', 'NOTIFY_QUEUE_URL'],
        dependencies: () => 'built',
        handle: (_event: unknown, dependencies) => Promise.resolve(dependencies),
      });
    expect(define).toThrow(ConfigurationError);
    expect(define).toThrow(
      /^Invalid configuration: TABLE_NAME is required; TRANSMIT_QUEUE_URL must be a valid url$/,
    );
  });
});

describe('withDependencies', () => {
  it('runs the handle over the given dependencies, without settings', async () => {
    const run = withDependencies((event: number, dependencies: { add: number }) =>
      Promise.resolve(event + dependencies.add),
    );
    expect(await run({ add: 2 })(40, context())).toBe(42);
  });
});
