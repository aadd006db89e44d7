// The rules of docs/ARCHITECTURE.md ("Import rules") checked on the code itself, so the map stays
// true as the code changes: who may import whom, no loops between folders, thin handlers,
// complete folder READMEs.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  folderGraph,
  folderOf,
  importLoops,
  importsOf,
  repoRoot,
  sourceFiles,
} from './import-graph.ts';

const edges = sourceFiles().flatMap(importsOf);
const PLATFORM_PACKAGES =
  /^(@aws-sdk\/|@middy\/|@aws-lambda-powertools\/|ssh2|aws-cdk-lib|constructs$|aws-lambda$)/;

function violations(predicate: (edge: (typeof edges)[number]) => boolean): string[] {
  return edges.filter(predicate).map((edge) => `${edge.from} imports ${edge.specifier}`);
}

describe('import rules', () => {
  it('nothing in functions/ or shared/ imports infra/', () => {
    expect(
      violations(
        (edge) =>
          /^(functions|shared)\//.test(edge.from) && edge.target?.startsWith('infra/') === true,
      ),
    ).toEqual([]);
  });

  it('shared/x12 and shared/domain import no AWS SDK, middy, Powertools, ssh2 or CDK', () => {
    expect(
      violations(
        (edge) =>
          /^shared\/(x12|domain)\//.test(edge.from) &&
          edge.target === undefined &&
          PLATFORM_PACKAGES.test(edge.specifier),
      ),
    ).toEqual([]);
  });

  it('shared/domain imports only the domain, the config and the types of shared/x12', () => {
    expect(
      violations((edge) => {
        if (!edge.from.startsWith('shared/domain/') || edge.target === undefined) return false;
        const folder = folderOf(edge.target);
        if (folder === 'shared/domain' || folder === 'shared/config') return false;
        return !(folder === 'shared/x12' && edge.typeOnly);
      }),
    ).toEqual([]);
  });

  it('folders import each other without loops (type-only imports aside)', () => {
    expect(importLoops(folderGraph({ includeTypeOnly: false }))).toEqual([]);
  });

  it('only infra/local imports a function (handlers call shared/, never each other)', () => {
    const inFunctionFolder = (file: string): boolean =>
      /^functions\/[^/]+\//.test(file) && !file.startsWith('functions/runtime/');
    expect(
      violations(
        (edge) =>
          edge.target !== undefined &&
          inFunctionFolder(edge.target) &&
          !edge.from.startsWith('infra/local/') &&
          folderOf(edge.from) !== folderOf(edge.target),
      ),
    ).toEqual([]);
  });
});

describe('handlers', () => {
  const handlers = sourceFiles(['functions']).filter((file) => file.endsWith('/handler.ts'));

  it('finds the handler of every function folder', () => {
    const folders = readdirSync(join(repoRoot, 'functions'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && entry.name !== 'runtime')
      .map((entry) => `functions/${entry.name}/handler.ts`);
    expect(handlers).toEqual(expect.arrayContaining(folders));
    expect(folders.length).toBeGreaterThanOrEqual(8);
  });

  it.each(handlers)('%s is under 80 lines', (file) => {
    const lines = readFileSync(join(repoRoot, file), 'utf8').trimEnd().split('\n').length;
    expect(lines).toBeLessThan(80);
  });
});

describe('folder READMEs', () => {
  const folders: string[] = [];
  const walk = (folder: string): void => {
    folders.push(folder);
    for (const entry of readdirSync(join(repoRoot, folder), { withFileTypes: true })) {
      if (entry.isDirectory()) walk(`${folder}/${entry.name}`);
    }
  };
  for (const root of ['shared', 'functions', 'infra']) walk(root);
  const subfoldersOf = (folder: string): string[] =>
    readdirSync(join(repoRoot, folder), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
  const readme = (folder: string): string | undefined => {
    const path = join(repoRoot, folder, 'README.md');
    return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
  };

  it.each(folders)('%s is described by its own README or its parent README', (folder) => {
    const own = readme(folder);
    // a folder of one file (a function's handler.ts) may be described by its parent's README
    const files = readdirSync(join(repoRoot, folder), { withFileTypes: true }).filter((entry) =>
      entry.isFile(),
    );
    const mustHaveOwn = subfoldersOf(folder).length > 0 || files.length > 1;
    if (own === undefined) {
      expect(mustHaveOwn, `${folder} needs a README.md`).toBe(false);
      const parent = folder.slice(0, folder.lastIndexOf('/'));
      const name = folder.slice(folder.lastIndexOf('/') + 1);
      expect(readme(parent) ?? '', `${parent}/README.md names ${name}/`).toContain(`${name}/`);
      return;
    }
    for (const name of subfoldersOf(folder)) {
      expect(own, `${folder}/README.md names ${name}/`).toContain(`${name}/`);
    }
    expect(own, `${folder}/README.md says what may import it`).toMatch(/import/i);
  });
});

describe('the architecture document', () => {
  it('docs/ARCHITECTURE.md is in the repository', () => {
    expect(existsSync(join(repoRoot, 'docs', 'ARCHITECTURE.md'))).toBe(true);
  });

  it('no code comment cites a design document outside the repository', () => {
    const citing = sourceFiles(['shared', 'functions', 'infra', 'tests', 'bench']).filter((file) =>
      /\bDESIGN\b/.test(readFileSync(join(repoRoot, file), 'utf8')),
    );
    expect(citing).toEqual([]);
  });
});
