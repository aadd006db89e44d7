// Locates the shared public X12 corpus (outside the repository); absent on a user's machine.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const CORPUS_DIR = fileURLToPath(new URL('../../../../shared/x12-corpus/', import.meta.url));
export const CORPUS_PRESENT = existsSync(CORPUS_DIR);
export const CORPUS_MISSING_MESSAGE = `public X12 corpus not found at ${CORPUS_DIR}; skipped`;

const FOLDERS = ['ta1', '999', '277ca', '835', '837p', '837i'] as const;

/** Every corpus file as `folder/name`, sorted. */
export function corpusFiles(): string[] {
  if (!CORPUS_PRESENT) return [];
  return FOLDERS.flatMap((folder) =>
    existsSync(CORPUS_DIR + folder)
      ? readdirSync(CORPUS_DIR + folder)
          .sort()
          .map((name) => `${folder}/${name}`)
      : [],
  );
}

export function readCorpus(relative: string): Buffer {
  return readFileSync(CORPUS_DIR + relative);
}

export function readCorpusText(relative: string): string {
  return readCorpus(relative).toString('utf8');
}

/** Suite title: says plainly when the suite is skipped for want of the corpus. */
export function corpusSuite(name: string): string {
  return CORPUS_PRESENT ? `${name} on the public corpus` : `${name}: ${CORPUS_MISSING_MESSAGE}`;
}
