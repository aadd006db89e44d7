// Peak memory of a claim-by-claim parse of a big 835: the file is generated in os.tmpdir()
// (piece by piece), parsed in a child Node process, and deleted afterwards.

import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { synthetic835File } from './synthetic-835.ts';

const run = promisify(execFile);

export interface StreamResult {
  readonly megabytes: number;
  readonly claims: number;
  readonly seconds: number;
  readonly maxRssMB: number;
}

export async function measureStream835(targetMegabytes: number): Promise<StreamResult> {
  const directory = mkdtempSync(join(tmpdir(), 'bench-835-'));
  const path = join(directory, 'big.835');
  try {
    const written = synthetic835File(path, targetMegabytes * 1024 * 1024);
    const child = fileURLToPath(new URL('./stream-835-child.ts', import.meta.url));
    const { stdout } = await run(process.execPath, ['--import', 'tsx', child, path], {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      maxBuffer: 1 << 20,
    });
    const measured = JSON.parse(stdout) as { claims: number; seconds: number; maxRssMB: number };
    if (measured.claims !== written.claims) {
      throw new Error(`streamed ${measured.claims} claims, wrote ${written.claims}`);
    }
    return {
      megabytes: statSync(path).size / (1024 * 1024),
      claims: measured.claims,
      seconds: measured.seconds,
      maxRssMB: measured.maxRssMB,
    };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
