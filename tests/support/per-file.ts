// One expensive fixture per suite file (local resources, a whole local system), set up before the
// file's first test and torn down after its last, held in a const from the start.
import { afterAll, beforeAll } from 'vitest';

/**
 * Registers the hooks that start the fixture before the first test (and stop it after the last)
 * and returns an object that stands for it: each property read is the started fixture's, so it
 * may be used only once the tests run.
 */
export function perFile<T extends object>(
  start: () => Promise<T>,
  stop?: (fixture: T) => Promise<void>,
): T {
  let started: T | undefined;
  beforeAll(async () => {
    started = await start();
  });
  if (stop) {
    afterAll(async () => {
      if (started) await stop(started);
    });
  }
  const current = (): T => {
    if (!started) throw new Error('a per-file fixture is set up before the first test');
    return started;
  };
  // the target is never read: every property comes from the started fixture
  return new Proxy({} as T, {
    get: (_target, property) => {
      const fixture = current();
      const value: unknown = Reflect.get(fixture, property);
      if (typeof value !== 'function') return value;
      const method = value as (...args: unknown[]) => unknown;
      return method.bind(fixture);
    },
  });
}
