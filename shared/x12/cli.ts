// `npm run x12 -- parse FILE`: prints the parsed X12 file as JSON.
// `npm run x12 -- build FILE.json`: prints the 837 for a claim (cli-build.ts).
// Errors go to stderr as one JSON object; the exit code is 1 for a malformed file, 2 for misuse.

import { createReadStream } from 'node:fs';
import type { Writable } from 'node:stream';
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
    await writeJson(document, process.stdout);
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

/** Nesting depth down to which JSON is written piece by piece (document > ... > transaction). */
const PIECEWISE_DEPTH = 6;
const FLUSH_AT = 1 << 20;

/**
 * Writes `JSON.stringify(value, null, 2)` plus a newline, in pieces: the document of a large 835
 * would exceed the longest string V8 can build if stringified at once.
 */
export async function writeJson(value: unknown, out: Writable): Promise<void> {
  let buffer = '';
  const flush = async () => {
    if (buffer.length === 0) return;
    const ready = out.write(buffer);
    buffer = '';
    if (!ready) await new Promise((resolve) => out.once('drain', resolve));
  };
  const emit = async (text: string) => {
    buffer += text;
    if (buffer.length >= FLUSH_AT) await flush();
  };
  const walk = async (item: unknown, indent: string, depth: number): Promise<void> => {
    if (depth >= PIECEWISE_DEPTH || item === null || typeof item !== 'object') {
      await emit((JSON.stringify(item, null, 2) ?? 'null').replaceAll('\n', `\n${indent}`));
      return;
    }
    const inner = `${indent}  `;
    if (Array.isArray(item)) {
      const items = item as unknown[];
      if (items.length === 0) return emit('[]');
      await emit('[');
      for (let index = 0; index < items.length; index++) {
        await emit(`${index === 0 ? '' : ','}\n${inner}`);
        await walk(items[index] ?? null, inner, depth + 1);
      }
      return emit(`\n${indent}]`);
    }
    const entries = Object.entries(item as Record<string, unknown>).filter(
      ([, entry]) => entry !== undefined && typeof entry !== 'function',
    );
    if (entries.length === 0) return emit('{}');
    await emit('{');
    for (let index = 0; index < entries.length; index++) {
      const [key, entry] = entries[index] ?? ['', null];
      await emit(`${index === 0 ? '' : ','}\n${inner}${JSON.stringify(key)}: `);
      await walk(entry, inner, depth + 1);
    }
    return emit(`\n${indent}}`);
  };
  await walk(value, '', 0);
  await emit('\n');
  await flush();
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

// Run only as a script, so tests can import writeJson.
if (import.meta.main) process.exitCode = await main(process.argv.slice(2));
