// One side of the 835 parse benchmark in a process of its own, so that no side's garbage is
// collected inside another side's run: `streamed` (ours, claim by claim from 64 KB byte chunks),
// `whole` (ours, every claim kept in one document) or `node-x12` (the baseline). The parent
// (parse-835-throughput.ts) sends "run" over IPC and gets back one timed run at a time. The
// streamed side lives through all its runs; whole and node-x12, which leave 90 MB and about
// 1.2 GB of garbage per run, get a fresh process per run, whose exit frees it at once.
// Usage (by the parent only): node --import tsx bench/parse-835-side.ts <file> <side>

import { readFileSync } from 'node:fs';
import { PerformanceObserver } from 'node:perf_hooks';
import { X12Interchange, X12Parser } from 'node-x12';
import { create835Parser, parse835Stream } from '#shared/x12/parse-835';
import { parseX12 } from '#shared/x12/parse-document';
import type { Remittance835 } from '#shared/x12/remittance-835';

export type Side = 'streamed' | 'whole' | 'node-x12';

/** One timed run as the side reports it. */
export interface SideRun {
  /** seconds */
  readonly wall: number;
  /** CPU seconds of this process, every thread (the collector's helpers included) */
  readonly cpu: number;
  /** milliseconds of garbage-collector pauses during the run */
  readonly gcPauses: number;
  /** claims seen (streamed, whole) or segments (node-x12), as a check that the work was done */
  readonly items: number;
}

const [path, side] = process.argv.slice(2);
if (path === undefined || (side !== 'streamed' && side !== 'whole' && side !== 'node-x12')) {
  throw new Error('usage: parse-835-side.ts <file> streamed|whole|node-x12');
}
const send = (message: unknown): void => {
  process.send?.(message);
};

const bytes = readFileSync(path);
// The whole set and node-x12 parse the file as one string; the streamed side reads bytes only.
const text = side === 'streamed' ? '' : bytes.toString('utf8');
// As fs.createReadStream gives them: 64 KB byte chunks, decoded by the tokenizer.
const chunks: Uint8Array[] = [];
for (let start = 0; start < bytes.length; start += 1 << 16) {
  chunks.push(bytes.subarray(start, start + (1 << 16)));
}

async function parseOnce(): Promise<number> {
  switch (side) {
    case 'streamed': {
      let claims = 0;
      let lines = 0;
      await parse835Stream(chunks, (claim) => {
        claims++;
        lines += claim.serviceLines.length;
      });
      return lines === 0 ? 0 : claims;
    }
    case 'whole': {
      const document = parseX12(text, { parsers: { '835': create835Parser } });
      const remittance = document.interchanges[0]?.groups[0]?.transactions[0] as Remittance835;
      return remittance.claims.length;
    }
    default: {
      const interchange = new X12Parser().parse(text);
      if (!(interchange instanceof X12Interchange)) return 0;
      return interchange.functionalGroups[0]?.transactions[0]?.segments.length ?? 0;
    }
  }
}

let pauses = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) pauses += entry.duration;
}).observe({ entryTypes: ['gc'] });

// Warm-up, as in a worker that parses one file after another: the JIT has compiled the hot
// paths and the heap has grown to the size a parse of this file needs (a first parse in a fresh
// process also pays for growing it from nothing: the whole set measured at half its speed). The
// timed run then collects the garbage of the warm-up, as such a worker collects the last file's.
await parseOnce();
if (side === 'streamed') await parseOnce();
send({ ready: true });

process.on('message', (message: unknown) => {
  if (message !== 'run') {
    // "stop": the parent waits for this exit before its next run.
    process.exit(0);
  }
  void (async () => {
    // Collector entries arrive asynchronously: let the previous run's arrive first.
    await new Promise((resolve) => setImmediate(resolve));
    const pausesBefore = pauses;
    const cpuStart = process.cpuUsage();
    const wallStart = process.hrtime.bigint();
    const items = await parseOnce();
    const wall = Number(process.hrtime.bigint() - wallStart) / 1e9;
    const cpu = process.cpuUsage(cpuStart);
    await new Promise((resolve) => setImmediate(resolve));
    const run: SideRun = {
      wall,
      cpu: (cpu.user + cpu.system) / 1e6,
      gcPauses: pauses - pausesBefore,
      items,
    };
    send({ run });
  })().catch((error: unknown) => {
    send({ error: error instanceof Error ? error.message : String(error) });
  });
});
