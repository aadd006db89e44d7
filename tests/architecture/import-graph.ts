// Reads the project's own imports (static, dynamic and re-exports) and folds them into a graph
// between folders, so the architecture rules in docs/ARCHITECTURE.md can be checked, not only said.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = normalize(join(dirname(fileURLToPath(import.meta.url)), '..', '..'));

export interface ImportEdge {
  readonly from: string; // file, relative to the repository root, with '/'
  readonly specifier: string;
  readonly target: string | undefined; // the project file it names; undefined for a package
  readonly typeOnly: boolean;
}

const SOURCE_ROOTS = ['shared', 'functions', 'infra'];
const ALIASES: Record<string, string> = {
  '#shared/': 'shared/',
  '#infra/': 'infra/',
  '#functions/': 'functions/',
};
const IMPORT_PATTERN =
  /(?:^|\n)\s*(import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

export function sourceFiles(roots: readonly string[] = SOURCE_ROOTS): string[] {
  const files: string[] = [];
  const walk = (folder: string): void => {
    for (const entry of readdirSync(join(repoRoot, folder), { withFileTypes: true })) {
      const path = `${folder}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts')) files.push(path);
    }
  };
  for (const root of roots) walk(root);
  return files.sort();
}

function resolveSpecifier(from: string, specifier: string): string | undefined {
  for (const [alias, folder] of Object.entries(ALIASES)) {
    if (specifier.startsWith(alias)) return withExtension(folder + specifier.slice(alias.length));
  }
  if (specifier.startsWith('.')) {
    return withExtension(
      relative(repoRoot, join(repoRoot, dirname(from), specifier))
        .split(sep)
        .join('/'),
    );
  }
  return undefined;
}

function withExtension(path: string): string {
  return path.endsWith('.ts') ? path : `${path.replace(/\.js$/, '')}.ts`;
}

export function importsOf(file: string): ImportEdge[] {
  const text = readFileSync(join(repoRoot, file), 'utf8');
  const edges: ImportEdge[] = [];
  for (const match of text.matchAll(IMPORT_PATTERN)) {
    const specifier = match[3] ?? match[4];
    if (specifier === undefined) continue;
    const typeOnly = match[2] !== undefined;
    edges.push({ from: file, specifier, target: resolveSpecifier(file, specifier), typeOnly });
  }
  return edges;
}

/** The folder a file belongs to for the graph: `shared/storage`, `functions/poll`, `infra/local`. */
export function folderOf(file: string): string {
  const parts = file.split('/');
  return parts.length > 2 ? `${parts[0]}/${parts[1]}` : (parts[0] ?? file);
}

export function folderGraph(options: { includeTypeOnly: boolean }): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const file of sourceFiles()) {
    const from = folderOf(file);
    if (!graph.has(from)) graph.set(from, new Set());
    for (const edge of importsOf(file)) {
      if (edge.target === undefined || (edge.typeOnly && !options.includeTypeOnly)) continue;
      const to = folderOf(edge.target);
      if (to !== from) graph.get(from)?.add(to);
    }
  }
  return graph;
}

/** Strongly connected groups of more than one folder: each is an import loop. */
export function importLoops(graph: Map<string, Set<string>>): string[][] {
  let index = 0;
  const order = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const loops: string[][] = [];
  const visit = (node: string): void => {
    order.set(node, index);
    low.set(node, index);
    index += 1;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!order.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node) ?? 0, low.get(next) ?? 0));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node) ?? 0, order.get(next) ?? 0));
      }
    }
    if (low.get(node) === order.get(node)) {
      const group: string[] = [];
      let member: string | undefined;
      do {
        member = stack.pop();
        if (member === undefined) break;
        onStack.delete(member);
        group.push(member);
      } while (member !== node);
      if (group.length > 1) loops.push(group.sort());
    }
  };
  for (const node of [...graph.keys()].sort()) if (!order.has(node)) visit(node);
  return loops;
}
