// 835 parse throughput on one synthetic file: node-x12 1.7.1 (the baseline, generic segment
// tree) against our full typed parse (tokenizer + envelope reader + 835 state machine).

import { X12Parser } from 'node-x12';
import { create835Parser } from '#shared/x12/parse-835';
import { parseX12 } from '#shared/x12/parse-document';
import type { Remittance835 } from '#shared/x12/remittance-835';

export interface ThroughputResult {
  readonly megabytes: number;
  readonly claims: number;
  /** best of `runs` */
  readonly oursMBps: number;
  readonly nodeX12MBps: number | null;
  readonly nodeX12Error?: string;
}

function seconds(run: () => void): number {
  const start = process.hrtime.bigint();
  run();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

export function measureParse835(text: string, runs: number, nodeX12Runs: number): ThroughputResult {
  const megabytes = Buffer.byteLength(text) / (1024 * 1024);
  let claims = 0;
  let best = Infinity;
  // One untimed run first, so the JIT has compiled the hot paths as in a long-lived worker.
  parseX12(text, { parsers: { '835': create835Parser } });
  for (let i = 0; i < runs; i++) {
    best = Math.min(
      best,
      seconds(() => {
        const document = parseX12(text, { parsers: { '835': create835Parser } });
        const remittance = document.interchanges[0]?.groups[0]?.transactions[0] as Remittance835;
        claims = remittance.claims.length;
      }),
    );
  }
  let nodeX12Best = Infinity;
  let nodeX12Error: string | undefined;
  for (let i = 0; i < nodeX12Runs; i++) {
    try {
      nodeX12Best = Math.min(
        nodeX12Best,
        seconds(() => new X12Parser().parse(text)),
      );
    } catch (error) {
      nodeX12Error = error instanceof Error ? error.message : String(error);
      break;
    }
  }
  const result = {
    megabytes,
    claims,
    oursMBps: megabytes / best,
    nodeX12MBps: Number.isFinite(nodeX12Best) ? megabytes / nodeX12Best : null,
  };
  return nodeX12Error === undefined ? result : { ...result, nodeX12Error };
}
