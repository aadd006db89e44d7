// Child process of the one-core 835 parse benchmark: builds the synthetic 835, measures ours and
// node-x12 on it (parse-835-throughput.ts) and prints the result as JSON. The parent starts it
// pinned to one CPU (taskset), so both parsers, and their garbage collectors, share one core.
// Usage: node --import tsx bench/parse-835-child.ts <megabytes> <runs> <node-x12 runs>

import { measureParse835 } from './parse-835-throughput.ts';
import { synthetic835Text } from './synthetic-835.ts';

const [megabytes, runs, nodeX12Runs] = process.argv.slice(2).map(Number);
if (megabytes === undefined || runs === undefined || nodeX12Runs === undefined) {
  throw new Error('usage: parse-835-child.ts <megabytes> <runs> <node-x12 runs>');
}
const { text } = synthetic835Text(megabytes * 1024 * 1024);
const result = await measureParse835(text, runs, nodeX12Runs);
process.stdout.write(JSON.stringify(result) + '\n');
