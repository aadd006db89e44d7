import { describe, expect, it } from 'vitest';
import { X12Error } from '#shared/x12/errors';
import { parseX12, parseX12Stream } from '#shared/x12/parse-document';
import { segmentsOf } from '#shared/x12/tokenizer';
import { random } from '../../support/seeded-random.ts';
import { CORPUS_PRESENT, corpusFiles, corpusSuite, readCorpus } from './corpus-files.ts';

const FILES = corpusFiles();

const INTERESTING_BYTES = [...'*~:^|>\r\n ISAGSTEIA0123456789'].map((char) => char.charCodeAt(0));

function mutate(bytes: Uint8Array, next: () => number): Uint8Array {
  const at = (limit: number) => Math.floor(next() * limit);
  const position = at(bytes.length);
  switch (at(5)) {
    case 0: {
      const copy = bytes.slice();
      for (let flips = 1 + at(3); flips > 0; flips--) {
        copy[at(copy.length)] =
          next() < 0.5 ? (INTERESTING_BYTES[at(INTERESTING_BYTES.length)] ?? 0) : at(256);
      }
      return copy;
    }
    case 1:
      return bytes.slice(0, position);
    case 2: {
      const length = 1 + at(40);
      return Uint8Array.from([
        ...bytes.subarray(0, position),
        ...bytes.subarray(position + length),
      ]);
    }
    case 3: {
      const length = 1 + at(200);
      const piece = bytes.subarray(position, position + length);
      const target = at(bytes.length);
      return Uint8Array.from([...bytes.subarray(0, target), ...piece, ...bytes.subarray(target)]);
    }
    default: {
      // Cut the ISA itself, where delimiters are read.
      const copy = bytes.slice();
      copy[at(Math.min(110, copy.length))] = INTERESTING_BYTES[at(INTERESTING_BYTES.length)] ?? 0;
      return copy;
    }
  }
}

describe.skipIf(!CORPUS_PRESENT)(corpusSuite('parseX12'), () => {
  it('finds every folder of the corpus', () => {
    expect(FILES.length).toBeGreaterThanOrEqual(37);
  });

  for (const file of FILES) {
    it(`parses ${file} to a document without throwing`, () => {
      const bytes = readCorpus(file);

      const document = parseX12(bytes);

      const transactions = document.interchanges.flatMap((item) =>
        item.groups.flatMap((group) => group.transactions as { type: string }[]),
      );
      expect(transactions.length).toBeGreaterThan(0);
      expect(transactions.every((transaction) => typeof transaction.type === 'string')).toBe(true);
      const segmentCount = [...segmentsOf(bytes.toString('utf8'))].length;
      expect(segmentCount).toBeGreaterThanOrEqual(3);
    });
  }

  it('types every corpus transaction by its folder through the default registry', () => {
    const expectedType: Record<string, string> = {
      ta1: 'TA1',
      '999': '999',
      '277ca': '277',
      '835': '835',
      '837p': '837',
      '837i': '837',
    };
    for (const file of FILES) {
      const document = parseX12(readCorpus(file));
      const types = document.interchanges.flatMap((item) =>
        item.groups.flatMap((group) =>
          (group.transactions as { type: string; unsupported?: boolean }[]).map((transaction) =>
            transaction.unsupported === true ? 'unsupported' : transaction.type,
          ),
        ),
      );

      expect(new Set(types), file).toEqual(new Set([expectedType[file.split('/')[0] ?? '']]));
    }
  });

  it('walks the three interchanges of one 835 file, each with its own control number', () => {
    const document = parseX12(readCorpus('835/oopfactory-835-multiple-interchanges.txt'));

    expect(document.interchanges.map((item) => item.controlNumber)).toEqual([
      '000000031',
      '000000032',
      '000000033',
    ]);
    expect(document.interchanges.every((item) => item.warnings.length === 0)).toBe(true);
  });

  it('gives the same document from 1-to-64-byte stream chunks as from the whole file', async () => {
    const next = random(7);
    for (const file of FILES) {
      const bytes = readCorpus(file);
      const chunks: Uint8Array[] = [];
      for (let start = 0; start < bytes.length;) {
        const size = 1 + Math.floor(next() * 64);
        chunks.push(bytes.subarray(start, start + size));
        start += size;
      }

      expect(await parseX12Stream(chunks), file).toEqual(parseX12(bytes));
    }
  });

  it('yields a document or an X12Error, never another exception or a hang, on mutated files', () => {
    const next = random(20240102);
    const crashes: string[] = [];
    const wrapped: string[] = [];
    let slowest = 0;
    let errors = 0;
    for (const file of FILES) {
      const original = new Uint8Array(readCorpus(file));
      for (let round = 0; round < 40; round++) {
        const mutated = mutate(original, next);
        const started = performance.now();
        try {
          parseX12(mutated);
        } catch (error) {
          errors++;
          if (!(error instanceof X12Error)) crashes.push(`${file}#${round}: ${String(error)}`);
          else if (error.cause !== undefined) {
            wrapped.push(
              `${file}#${round}: ${error.cause instanceof Error ? error.cause.message : 'non-Error cause'}`,
            );
          }
        }
        slowest = Math.max(slowest, performance.now() - started);
      }
    }

    expect(crashes).toEqual([]);
    // A wrapped error is a parser bug met by odd input (turned into an X12Error by the reader).
    expect(wrapped).toEqual([]);
    expect(slowest).toBeLessThan(1000);
    expect(errors).toBeGreaterThan(0);
  });
});
