// `npm run x12 -- parse FILE`: prints the parsed X12 file as JSON.
// `npm run x12 -- build FILE.json`: prints the 837 for a claim (cli-build.ts).
// Errors go to stderr as one JSON object; the exit code is 1 for a malformed file, 2 for misuse.

import { createReadStream } from 'node:fs';
import { X12Error } from './errors.ts';
import { parseX12Stream } from './parse-document.ts';

const USAGE = 'usage: x12 parse FILE [--strict] | x12 build FILE.json';

function fail(payload: Record<string, unknown>, exitCode: number): number {
  process.stderr.write(`${JSON.stringify(payload)}\n`);
  return exitCode;
}

async function parseCommand(args: readonly string[]): Promise<number> {
  const strict = args.includes('--strict');
  const files = args.filter((arg) => arg !== '--strict');
  const file = files[0];
  if (file === undefined || files.length !== 1) return fail({ code: 'USAGE', message: USAGE }, 2);
  try {
    const document = await parseX12Stream(createReadStream(file), { strict });
    process.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
    return 0;
  } catch (error) {
    if (error instanceof X12Error) return fail(error.toJSON(), 1);
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EISDIR' || code === 'EACCES') {
      return fail({ code: 'FILE_UNREADABLE', message: `cannot read ${file} (${code})` }, 2);
    }
    throw error;
  }
}

async function buildCommand(args: string[]): Promise<number> {
  let module: { runBuildCommand?: (args: string[]) => Promise<number> };
  try {
    // Dynamic (and by variable, so the type checker does not require the file) so that
    // `parse` works while the 837 builder is absent or broken.
    const builder = './cli-build.ts';
    module = (await import(builder)) as typeof module;
  } catch (error) {
    return fail(
      {
        code: 'BUILD_UNAVAILABLE',
        message: `the 837 builder could not be loaded: ${String(error)}`,
      },
      2,
    );
  }
  if (typeof module.runBuildCommand !== 'function') {
    return fail({ code: 'BUILD_UNAVAILABLE', message: 'cli-build.ts has no runBuildCommand' }, 2);
  }
  return module.runBuildCommand(args);
}

export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'parse') return parseCommand(rest);
  if (command === 'build') return buildCommand(rest);
  return fail({ code: 'USAGE', message: USAGE }, 2);
}

process.exitCode = await main(process.argv.slice(2));
