// 835 parse throughput on one synthetic file: node-x12 1.7.1 (the baseline, generic segment
// tree) against our full typed parse (tokenizer + envelope reader + 835 state machine), claim by
// claim (the product's path) and with every claim kept (the CLI's whole document).
//
// Fairness: each side runs in a process of its own (parse-835-side.ts), on the same file, with
// the same clocks, so that no side's garbage (node-x12 leaves a segment tree of about 1.2 GB per
// run, the whole set 90 MB of claims) is collected inside another side's run; in one process it
// was (claim by claim measured 94.5 instead of about 140 MB/s, 24% of it in collector pauses),
// and forcing a collection between runs shrank the young generation, which slowed the next run
// by 15-30%. The parent asks the sides for one timed run at a time, in rounds, so a neighbour's
// load on the shared machine falls on all sides alike; each figure is the median of its runs.
// With `cpu` set, every side is pinned to that one CPU (taskset), so node-x12's parallel
// collector cannot borrow a second core: one core each, as in the product's functions.
// Throughput is given per wall-clock second and per CPU second (each side's own process.cpuUsage:
// user + system of every thread, so the collector's helper threads count too).

import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Side, SideRun } from './parse-835-side.ts';

export interface Speed {
  /** MB per CPU second, median run */
  readonly cpu: number;
  /** MB per wall-clock second, median run */
  readonly wall: number;
  readonly runs: number;
  /** share of the median run's wall time spent in garbage-collector pauses (0..1) */
  readonly gcShare: number;
}

export interface ThroughputResult {
  readonly megabytes: number;
  /**
   * parse835Stream over the 835 as 64 KB UTF-8 byte chunks, as read from a file (decoding
   * included, which node-x12's figure does not have): every claim typed and handed to a
   * callback, none kept
   */
  readonly streamed: Speed;
  /** parseX12 + create835Parser: every typed claim kept (the CLI's whole-document parse) */
  readonly whole: Speed;
  readonly nodeX12: Speed | null;
  readonly nodeX12Error?: string;
}

export interface ParseBenchOptions {
  /** the 835 file every side reads */
  readonly file: string;
  readonly megabytes: number;
  /** timed runs of each of our sides */
  readonly runs: number;
  /** timed runs of node-x12 (far slower, so fewer), spread over the rounds */
  readonly nodeX12Runs: number;
  /** pin every side to this CPU (taskset); all CPUs when absent */
  readonly cpu?: number;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? NaN)
    : ((sorted[middle - 1] ?? NaN) + (sorted[middle] ?? NaN)) / 2;
}

function speed(megabytes: number, runs: readonly SideRun[]): Speed {
  return {
    cpu: megabytes / median(runs.map((run) => run.cpu)),
    wall: megabytes / median(runs.map((run) => run.wall)),
    runs: runs.length,
    gcShare: median(runs.map((run) => run.gcPauses / 1000 / run.wall)),
  };
}

/** The error a side reported, or `otherwise`. */
function describe(message: Record<string, unknown>, otherwise: string): string {
  const error = message['error'];
  return typeof error === 'string' ? error : otherwise;
}

/** A side's process: started, asked for runs one at a time, stopped (see parse-835-side.ts). */
class SideProcess {
  readonly #child: ChildProcess;
  #waiting: ((message: Record<string, unknown>) => void) | null = null;
  #failure: Error | null = null;

  constructor(side: Side, options: ParseBenchOptions) {
    const script = fileURLToPath(new URL('./parse-835-side.ts', import.meta.url));
    const node = [process.execPath, '--import', 'tsx', script, options.file, side];
    const [command, ...args] =
      options.cpu === undefined ? node : ['taskset', '-c', String(options.cpu), ...node];
    this.#child = spawn(command ?? process.execPath, args, {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    this.#child.on('message', (message) => {
      const waiting = this.#waiting;
      this.#waiting = null;
      waiting?.(message as Record<string, unknown>);
    });
    const fail = (error: Error): void => {
      this.#failure = error;
      const waiting = this.#waiting;
      this.#waiting = null;
      waiting?.({ error: error.message });
    };
    this.#child.on('error', fail);
    this.#child.on('exit', (code, signal) => {
      if (code !== 0 && signal === null) fail(new Error(`the ${side} process exited with ${code}`));
    });
  }

  #next(): Promise<Record<string, unknown>> {
    if (this.#failure !== null) return Promise.resolve({ error: this.#failure.message });
    return new Promise((resolve) => {
      this.#waiting = resolve;
    });
  }

  async ready(): Promise<void> {
    const message = await this.#next();
    if (message['ready'] !== true) throw new Error(describe(message, 'not ready'));
  }

  async run(): Promise<SideRun> {
    const answer = this.#next();
    this.#child.send('run');
    const message = await answer;
    const run = message['run'] as SideRun | undefined;
    if (run === undefined || run.items === 0) {
      throw new Error(describe(message, 'the run saw no claims'));
    }
    return run;
  }

  /**
   * Asks the side to end and waits until its process has exited: a process that still frees a
   * heap of a gigabyte or more would take the CPU from the next run.
   */
  async stop(): Promise<void> {
    const child = this.#child;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    if (child.connected) child.send('stop');
    else child.kill();
    // A side that does not end by itself within 10 s is stopped.
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
}

/** One run of a side in a fresh process, which then exits with its garbage. */
async function freshRun(side: Side, options: ParseBenchOptions): Promise<SideRun> {
  const child = new SideProcess(side, options);
  try {
    await child.ready();
    return await child.run();
  } finally {
    await child.stop();
  }
}

/**
 * `runs` rounds, each timing our claim-by-claim and whole-set parses, `nodeX12Runs` of them,
 * spread evenly (rounds 0, 2, 3, 5 and 6 of 7), node-x12 too.
 */
export async function measureParse835(options: ParseBenchOptions): Promise<ThroughputResult> {
  const { runs, nodeX12Runs, megabytes } = options;
  const streamedSide = new SideProcess('streamed', options);
  try {
    await streamedSide.ready();
    const baselineRuns = Math.min(nodeX12Runs, runs);
    const nodeX12Rounds = new Set(
      Array.from({ length: baselineRuns }, (_, k) =>
        Math.round((k * (runs - 1)) / Math.max(1, baselineRuns - 1)),
      ),
    );
    const streamed: SideRun[] = [];
    const whole: SideRun[] = [];
    const baseline: SideRun[] = [];
    let nodeX12Error: string | undefined;
    for (let round = 0; round < runs; round++) {
      streamed.push(await streamedSide.run());
      whole.push(await freshRun('whole', options));
      if (nodeX12Rounds.has(round) && nodeX12Error === undefined) {
        try {
          baseline.push(await freshRun('node-x12', options));
        } catch (error) {
          nodeX12Error = error instanceof Error ? error.message : String(error);
        }
      }
    }
    const result = {
      megabytes,
      streamed: speed(megabytes, streamed),
      whole: speed(megabytes, whole),
      nodeX12: baseline.length === 0 ? null : speed(megabytes, baseline),
    };
    return nodeX12Error === undefined ? result : { ...result, nodeX12Error };
  } finally {
    await streamedSide.stop();
  }
}
