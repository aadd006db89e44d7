// 835 parse throughput on one synthetic file: node-x12 1.7.1 (the baseline, generic segment
// tree) against our full typed parse (tokenizer + envelope reader + 835 state machine).
//
// Fairness: both parsers get the same 835 (node-x12 and our whole-set parse the same string; our
// claim-by-claim parse the same text as UTF-8 bytes, decoding included), in the same process,
// timed with the same clocks, and each figure is the median of several runs. The runs are
// interleaved, so that a neighbour's load on the shared machine falls on both sides alike, with
// an untimed claim-by-claim run before each timed claim-by-claim and node-x12 run: a run leaves
// its garbage (50,000 kept claims, node-x12's segment tree) for the next one to collect, and
// without that buffer the claim-by-claim figure measured the previous run's collection (57
// instead of 92 MB per CPU second). No forced GC between runs: it shrinks the young generation,
// which then costs the next run far more than a long-lived worker ever pays.
// Throughput is given per wall-clock second and per CPU second (process.cpuUsage: user + system
// of every thread, so the garbage collector's helper threads count too).

import { PerformanceObserver, performance } from 'node:perf_hooks';
import { X12Parser } from 'node-x12';
import { create835Parser, parse835Stream } from '#shared/x12/parse-835';
import { parseX12 } from '#shared/x12/parse-document';
import type { Claim835, Remittance835 } from '#shared/x12/remittance-835';

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
  readonly claims: number;
  /** parseX12 + create835Parser: every typed claim kept (the CLI's whole-document parse) */
  readonly whole: Speed;
  /**
   * parse835Stream over the same 835 as 64 KB UTF-8 byte chunks, as read from a file (decoding
   * included, which node-x12's figure does not have): every claim typed and handed to a
   * callback, none kept
   */
  readonly streamed: Speed;
  readonly nodeX12: Speed | null;
  readonly nodeX12Error?: string;
}

interface Elapsed {
  readonly cpu: number;
  readonly wall: number;
  /** performance.now() at start and end, to find the garbage collections inside the run */
  readonly from: number;
  readonly to: number;
}

async function elapsed(run: () => unknown): Promise<Elapsed> {
  const cpuStart = process.cpuUsage();
  const wallStart = process.hrtime.bigint();
  const from = performance.now();
  await run();
  const to = performance.now();
  const cpu = process.cpuUsage(cpuStart);
  return {
    cpu: (cpu.user + cpu.system) / 1e6,
    wall: Number(process.hrtime.bigint() - wallStart) / 1e9,
    from,
    to,
  };
}

/** Garbage-collector pauses (main thread) as performance entries: start and duration in ms. */
function watchCollections(): {
  readonly pauses: { start: number; duration: number }[];
  stop(): void;
} {
  const pauses: { start: number; duration: number }[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      pauses.push({ start: entry.startTime, duration: entry.duration });
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  return {
    pauses,
    stop: () => {
      for (const entry of observer.takeRecords()) {
        pauses.push({ start: entry.startTime, duration: entry.duration });
      }
      observer.disconnect();
    },
  };
}

/** Milliseconds of collector pauses that started inside the run. */
function pausedIn(run: Elapsed, pauses: readonly { start: number; duration: number }[]): number {
  let total = 0;
  for (const pause of pauses) {
    if (pause.start >= run.from && pause.start < run.to) total += pause.duration;
  }
  return total;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? NaN)
    : ((sorted[middle - 1] ?? NaN) + (sorted[middle] ?? NaN)) / 2;
}

function speed(
  megabytes: number,
  times: readonly Elapsed[],
  pauses: readonly { start: number; duration: number }[],
): Speed {
  return {
    cpu: megabytes / median(times.map((time) => time.cpu)),
    wall: megabytes / median(times.map((time) => time.wall)),
    runs: times.length,
    gcShare: median(times.map((time) => pausedIn(time, pauses) / 1000 / time.wall)),
  };
}

/**
 * `runs` rounds timing our claim-by-claim parse, `nodeX12Runs` of them, spread out, node-x12
 * too (it is far slower, so fewer of its runs); then `runs` runs of our whole-set parse.
 */
export async function measureParse835(
  text: string,
  runs: number,
  nodeX12Runs: number,
): Promise<ThroughputResult> {
  const megabytes = Buffer.byteLength(text) / (1024 * 1024);
  let claims = 0;
  const parseWhole = (): void => {
    const document = parseX12(text, { parsers: { '835': create835Parser } });
    const remittance = document.interchanges[0]?.groups[0]?.transactions[0] as Remittance835;
    claims = remittance.claims.length;
  };
  let lines = 0;
  const onClaim = (claim: Claim835): void => {
    lines += claim.serviceLines.length;
  };
  // The production path: bytes as fs.createReadStream gives them (64 KB chunks), decoded by the
  // tokenizer. Encoded once here, outside the timing.
  const bytes = Buffer.from(text, 'utf8');
  const chunks: Uint8Array[] = [];
  for (let start = 0; start < bytes.length; start += 1 << 16) {
    chunks.push(bytes.subarray(start, start + (1 << 16)));
  }
  const parseStreamed = (): Promise<unknown> => parse835Stream(chunks, onClaim);
  // One untimed run first, so the JIT has compiled the hot paths as in a long-lived worker
  // (node-x12 gets its warm-up from its first timed run being over 20 MB long).
  await parseStreamed();
  const streamed: Elapsed[] = [];
  const whole: Elapsed[] = [];
  const baseline: Elapsed[] = [];
  let nodeX12Error: string | undefined;
  // node-x12's runs spread evenly over the rounds (0, 2, 3, 5, 6 of 7), so a neighbour's load
  // over some stretch of the bench falls on both sides.
  const nodeX12Rounds = new Set(
    Array.from({ length: Math.min(nodeX12Runs, runs) }, (_, k) =>
      Math.round((k * (runs - 1)) / Math.max(1, Math.min(nodeX12Runs, runs) - 1)),
    ),
  );
  const collections = watchCollections();
  // The judged comparison: ours claim by claim and node-x12, interleaved. Untimed claim-by-claim
  // runs (little garbage of their own) stand before each timed run, so it starts after the
  // garbage of the one before it has been collected.
  for (let round = 0; round < runs; round++) {
    await parseStreamed();
    streamed.push(await elapsed(parseStreamed));
    if (nodeX12Rounds.has(round) && nodeX12Error === undefined) {
      await parseStreamed();
      try {
        baseline.push(await elapsed(() => new X12Parser().parse(text)));
      } catch (error) {
        nodeX12Error = error instanceof Error ? error.message : String(error);
      }
    }
  }
  // The whole set kept, afterwards: its 90 MB of kept claims per run become garbage that must
  // not be collected inside the judged runs.
  await parseStreamed();
  parseWhole();
  for (let round = 0; round < runs; round++) {
    await parseStreamed();
    whole.push(await elapsed(parseWhole));
  }
  // Entries are delivered after the runs: a macrotask turn lets the last ones arrive.
  await new Promise((resolve) => setImmediate(resolve));
  collections.stop();
  const pauses = collections.pauses;
  if (lines === 0) throw new Error('the streamed parse saw no service lines');
  const result = {
    megabytes,
    claims,
    whole: speed(megabytes, whole, pauses),
    streamed: speed(megabytes, streamed, pauses),
    nodeX12: baseline.length === 0 ? null : speed(megabytes, baseline, pauses),
  };
  return nodeX12Error === undefined ? result : { ...result, nodeX12Error };
}
