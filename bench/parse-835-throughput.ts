// 835 parse throughput on one synthetic file: node-x12 1.7.1 (the baseline, generic segment
// tree) against our full typed parse (tokenizer + envelope reader + 835 state machine).
//
// Throughput is measured per wall-clock second (best run) and per CPU second (process.cpuUsage:
// user + system of every thread, so the garbage collector's helper threads count too). On a
// shared machine the wall clock also measures the neighbours' load; compare both.

import { X12Parser } from 'node-x12';
import { create835Parser, parse835Stream } from '#shared/x12/parse-835';
import { parseX12 } from '#shared/x12/parse-document';
import type { Claim835, Remittance835 } from '#shared/x12/remittance-835';

export interface Speed {
  /** MB per CPU second, best run */
  readonly cpu: number;
  /** MB per wall-clock second, best run */
  readonly wall: number;
}

export interface ThroughputResult {
  readonly megabytes: number;
  readonly claims: number;
  readonly ours: Speed;
  readonly nodeX12: Speed | null;
  readonly nodeX12Error?: string;
}

interface Elapsed {
  readonly cpu: number;
  readonly wall: number;
}

async function elapsed(run: () => unknown): Promise<Elapsed> {
  const cpuStart = process.cpuUsage();
  const wallStart = process.hrtime.bigint();
  await run();
  const cpu = process.cpuUsage(cpuStart);
  return {
    cpu: (cpu.user + cpu.system) / 1e6,
    wall: Number(process.hrtime.bigint() - wallStart) / 1e9,
  };
}

async function best(megabytes: number, runs: number, run: () => unknown): Promise<Speed> {
  let cpu = Infinity;
  let wall = Infinity;
  for (let i = 0; i < runs; i++) {
    const time = await elapsed(run);
    cpu = Math.min(cpu, time.cpu);
    wall = Math.min(wall, time.wall);
  }
  return { cpu: megabytes / cpu, wall: megabytes / wall };
}

export async function measureParse835(
  text: string,
  runs: number,
  nodeX12Runs: number,
): Promise<ThroughputResult> {
  const megabytes = Buffer.byteLength(text) / (1024 * 1024);
  let claims = 0;
  const parseOurs = (): void => {
    const document = parseX12(text, { parsers: { '835': create835Parser } });
    const remittance = document.interchanges[0]?.groups[0]?.transactions[0] as Remittance835;
    claims = remittance.claims.length;
  };
  // One untimed run first, so the JIT has compiled the hot paths as in a long-lived worker.
  parseOurs();
  const ours = await best(megabytes, runs, parseOurs);
  try {
    const nodeX12 = await best(megabytes, nodeX12Runs, () => new X12Parser().parse(text));
    return { megabytes, claims, ours, nodeX12 };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { megabytes, claims, ours, nodeX12: null, nodeX12Error: message };
  }
}

/**
 * The same text through parse835Stream (the path big files take in production): every claim is
 * fully typed and handed to a callback, none is kept. Best of `runs`, after one untimed run.
 */
export async function measureParse835Streaming(text: string, runs: number): Promise<Speed> {
  const megabytes = Buffer.byteLength(text) / (1024 * 1024);
  let lines = 0;
  const onClaim = (claim: Claim835): void => {
    lines += claim.serviceLines.length;
  };
  await parse835Stream([text], onClaim);
  const speed = await best(megabytes, runs, () => parse835Stream([text], onClaim));
  if (lines === 0) throw new Error('the streamed parse saw no service lines');
  return speed;
}
