// Test helper: everything the process writes to stdout and stderr while `run` runs (log lines of
// Powertools and console), to assert what never reaches a log.
export async function capturedOutput(run: () => Promise<unknown>): Promise<string> {
  const writes: string[] = [];
  const stdout = process.stdout.write.bind(process.stdout);
  const stderr = process.stderr.write.bind(process.stderr);
  const tap =
    (original: typeof process.stdout.write) =>
    (chunk: string | Uint8Array, ...rest: never[]): boolean => {
      writes.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return original(chunk, ...rest);
    };
  process.stdout.write = tap(stdout);
  process.stderr.write = tap(stderr);
  try {
    await run();
  } finally {
    process.stdout.write = stdout;
    process.stderr.write = stderr;
  }
  return writes.join('');
}
