// The 835 parse comparison with one core for each side: the child process (parse-835-child.ts)
// runs pinned to one CPU with `taskset`, so node-x12's parallel garbage collector cannot borrow
// a second core, as in the product's functions (one vCPU below 1,769 MB of memory). Where
// taskset is missing (macOS) or refuses, the caller falls back to the in-process figures.

import { execFile } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { ThroughputResult } from './parse-835-throughput.ts';

const run = promisify(execFile);

export type OneCoreResult =
  | { readonly measured: true; readonly cpu: number; readonly result: ThroughputResult }
  | { readonly measured: false; readonly reason: string };

export async function measureParse835OnOneCore(
  megabytes: number,
  runs: number,
  nodeX12Runs: number,
): Promise<OneCoreResult> {
  // The last CPU: the first one takes most interrupts and other processes' work.
  const cpu = availableParallelism() - 1;
  const child = fileURLToPath(new URL('./parse-835-child.ts', import.meta.url));
  try {
    const { stdout } = await run(
      'taskset',
      [
        '-c',
        String(cpu),
        process.execPath,
        '--import',
        'tsx',
        child,
        String(megabytes),
        String(runs),
        String(nodeX12Runs),
      ],
      { cwd: fileURLToPath(new URL('..', import.meta.url)), maxBuffer: 1 << 20 },
    );
    return { measured: true, cpu, result: JSON.parse(stdout) as ThroughputResult };
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return { measured: false, reason: reason ?? 'unknown' };
  }
}
