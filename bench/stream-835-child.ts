// Child process of the streaming benchmark: parses one 835 file claim by claim and prints JSON
// with its own peak RSS, so the parent's memory (which built the file) does not count.
// Usage: node --import tsx bench/stream-835-child.ts <file>

import { createReadStream } from 'node:fs';
import { parse835Stream } from '#shared/x12/parse-835';

const path = process.argv[2];
if (path === undefined) throw new Error('usage: stream-835-child.ts <file>');

const start = process.hrtime.bigint();
let claims = 0;
let lines = 0;
const result = await parse835Stream(createReadStream(path, { highWaterMark: 1 << 16 }), (claim) => {
  claims++;
  lines += claim.serviceLines.length;
});
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
process.stdout.write(
  JSON.stringify({
    claims,
    lines,
    transactions: result.transactions.length,
    claimCount: result.transactions[0]?.claimCount ?? 0,
    seconds,
    // resourceUsage().maxRSS is in kilobytes
    maxRssMB: process.resourceUsage().maxRSS / 1024,
  }) + '\n',
);
