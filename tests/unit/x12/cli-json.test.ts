import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { writeJson } from '#shared/x12/cli';
import { parseX12 } from '#shared/x12/parse-document';
import { CORPUS_PRESENT, corpusFiles, corpusSuite, readCorpus } from './corpus-files.ts';

function collector(): { out: Writable; text: () => string } {
  const parts: string[] = [];
  const out = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      parts.push(chunk.toString('utf8'));
      callback();
    },
  });
  return { out, text: () => parts.join('') };
}

describe('writeJson', () => {
  it('writes exactly what JSON.stringify(value, null, 2) gives, plus a newline', async () => {
    const value = {
      a: [],
      b: {},
      c: [1, 'two', null, { d: [{ e: { f: { g: [{ h: 'deep\nline' }] } } }] }],
      skipped: undefined,
      list: [undefined, 3],
    };
    const { out, text } = collector();

    await writeJson(value, out);

    expect(text()).toBe(`${JSON.stringify(value, null, 2)}\n`);
  });
});

describe.skipIf(!CORPUS_PRESENT)(corpusSuite('writeJson'), () => {
  it('writes every corpus document identically to JSON.stringify', async () => {
    for (const file of corpusFiles()) {
      const document = parseX12(readCorpus(file));
      const { out, text } = collector();

      await writeJson(document, out);

      expect(text(), file).toBe(`${JSON.stringify(document, null, 2)}\n`);
    }
  });
});
