// The lifetime of a local process (`npm start`, the stand-alone sandbox payer): read its
// settings, stop cleanly on Ctrl-C or SIGTERM, and say in one line why it could not start.
import type { z } from 'zod';
import { ConfigurationError } from '#shared/config/config';
import { PortInUseError } from './ports.ts';

/** The process's settings from its environment, or a ConfigurationError naming each bad one. */
export function settingsOf<T>(schema: z.ZodType<T>, environment = process.env): T {
  const parsed = schema.safeParse(environment);
  if (!parsed.success) {
    throw new ConfigurationError(
      parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
    );
  }
  return parsed.data;
}

/** Calls `stop` once on the first SIGINT or SIGTERM, then exits 0, or 1 when stopping failed. */
export function stopOnSignal(stop: () => Promise<void>): void {
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping...`);
    stop()
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        console.error('Error while stopping:', error instanceof Error ? error.message : error);
        process.exit(1);
      });
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

/**
 * Reports why the process could not start and exits 1: the message alone for what the user
 * fixes (a port in use, a bad setting), else `label` and the error as `describe` shows it.
 */
export function exitOnStartFailure(
  error: unknown,
  label: string,
  describe: (error: Error) => string = (known) => known.message,
): never {
  if (error instanceof PortInUseError || error instanceof ConfigurationError) {
    console.error(error.message);
  } else {
    console.error(label, error instanceof Error ? describe(error) : error);
  }
  process.exit(1);
}
