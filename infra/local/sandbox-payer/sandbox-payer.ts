// The sandbox payer process: watches each SFTP user's outbound folder on the local SFTP server's
// disk, plans the answers to every new 837 with the answer engine, and writes each answer into
// the user's inbound folder when it is due.
//
// - A file is taken once its size and modification time are the same on two polls in a row, so
//   a file still being written is never read half-way (uploads that rename a temporary name into
//   place are seen whole anyway). Hidden files and *.tmp / *.part are ignored.
// - The 837 stays in the outbound folder: the transmit worker checks that folder after a crash to
//   learn whether the file was sent (hasSent), so removing it would cause a second transmission.
// - State (answered files by name and content hash, the answers not yet due, the next control
//   number) is written to one JSON file, atomically, before anything is delivered; a restart
//   neither answers a file twice nor loses a planned answer. An answer is written under a
//   temporary name and renamed into place, so the poller never fetches half a file.
// - Logs carry file names and counts only (names hold connection ids and control numbers, never
//   claim data).

import { SANDBOX_FOLDERS } from '#shared/connectors/connector-factory';
import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { counterFrom, planAnswers, type AnswerFile } from './answer-engine.ts';

// the folders a sandbox connection's connector uses (one definition, in the connector factory)
export const OUTBOUND_FOLDER = SANDBOX_FOLDERS.claims.slice(1);
export const INBOUND_FOLDER = SANDBOX_FOLDERS.answers.slice(1);
/** where the connector moves answers it acknowledged; a rename into a missing folder fails */
export const ARCHIVE_FOLDER = SANDBOX_FOLDERS.archive.slice(1);

export interface SandboxPayerOptions {
  /** the SFTP server's root: one folder per user */
  readonly rootDir: string;
  readonly users: readonly string[];
  /** where the process keeps its state between runs (outside rootDir, users must not see it) */
  readonly stateFile: string;
  /** delay between answer stages, seconds */
  readonly stepSeconds: number;
  /** default 500 */
  readonly pollIntervalMs?: number;
  readonly now?: () => Date;
  /** ids and counts only */
  readonly log?: (message: string, fields: Readonly<Record<string, string | number>>) => void;
}

export interface SandboxPayer {
  /** Starts answering a user's files (a connection created after start); creates its folders. */
  addUser(username: string): Promise<void>;
  /** One pass: pick up new files, deliver due answers. The timer calls it; tests may too. */
  poll(): Promise<void>;
  close(): Promise<void>;
}

interface PendingAnswer {
  readonly user: string;
  readonly dueAt: string;
  readonly fileName: string;
  readonly content: string;
}

interface SandboxState {
  readonly version: 1;
  nextId: number;
  /** "<user>/<file name>" -> sha256 of the content answered */
  answered: Record<string, string>;
  pending: PendingAnswer[];
}

const IGNORED = /^\.|\.(tmp|part|partial)$/i;

export async function startSandboxPayer(options: SandboxPayerOptions): Promise<SandboxPayer> {
  const now = options.now ?? (() => new Date());
  const log = options.log ?? (() => undefined);
  const users = new Set<string>();
  const state = await loadState(options.stateFile);
  /** "<user>/<name>" -> "size:mtime" seen on the previous poll */
  const lastSeen = new Map<string, string>();
  let running: Promise<void> | null = null;
  let closed = false;

  const ensureFolders = async (user: string): Promise<void> => {
    await mkdir(path.join(options.rootDir, user, OUTBOUND_FOLDER), { recursive: true });
    await mkdir(path.join(options.rootDir, user, INBOUND_FOLDER), { recursive: true });
    await mkdir(path.join(options.rootDir, user, ARCHIVE_FOLDER), { recursive: true });
  };

  const saveState = async (): Promise<void> => {
    await mkdir(path.dirname(options.stateFile), { recursive: true });
    const temporary = `${options.stateFile}.tmp`;
    await writeFile(temporary, JSON.stringify(state), { mode: 0o600 });
    await rename(temporary, options.stateFile);
  };

  const pickUp = async (user: string): Promise<void> => {
    const folder = path.join(options.rootDir, user, OUTBOUND_FOLDER);
    const names = await readdir(folder).catch(() => [] as string[]);
    for (const name of names.toSorted()) {
      if (IGNORED.test(name)) continue;
      const key = `${user}/${name}`;
      const file = path.join(folder, name);
      const info = await stat(file).catch(() => null);
      if (info === null || !info.isFile()) continue;
      const signature = `${info.size}:${info.mtimeMs}`;
      const stable = lastSeen.get(key) === signature;
      lastSeen.set(key, signature);
      if (!stable) continue;
      const content = await readFile(file, 'utf8');
      const hash = createHash('sha256').update(content).digest('hex');
      if (state.answered[key] === hash) continue;
      const ids = counterFrom(state.nextId);
      let answers: AnswerFile[];
      try {
        answers = planAnswers({
          fileName: name,
          content,
          receivedAt: now(),
          ids,
          stepSeconds: options.stepSeconds,
        });
      } catch (error) {
        // a defect of ours must not make the sandbox retry the same file forever
        answers = [];
        log('sandbox payer could not answer a file', {
          file: key,
          error: error instanceof Error ? error.name : 'unknown',
        });
      }
      state.nextId = ids.peek();
      state.answered[key] = hash;
      for (const answer of answers) {
        state.pending.push({
          user,
          dueAt: answer.dueAt.toISOString(),
          fileName: answer.fileName,
          content: answer.content,
        });
      }
      await saveState();
      log('sandbox payer picked up a file', { file: key, answers: answers.length });
    }
  };

  const deliver = async (): Promise<void> => {
    const time = now().getTime();
    const due = state.pending.filter((answer) => Date.parse(answer.dueAt) <= time);
    for (const answer of due) {
      const folder = path.join(options.rootDir, answer.user, INBOUND_FOLDER);
      await mkdir(folder, { recursive: true });
      const temporary = path.join(folder, `.${answer.fileName}.tmp`);
      await writeFile(temporary, answer.content);
      await rename(temporary, path.join(folder, answer.fileName));
      state.pending = state.pending.filter((item) => item !== answer);
      await saveState();
      log('sandbox payer delivered a file', { file: `${answer.user}/${answer.fileName}` });
    }
  };

  const cycle = async (): Promise<void> => {
    for (const user of users) {
      await ensureFolders(user);
      await pickUp(user);
    }
    await deliver();
  };

  const poll = (): Promise<void> => {
    // one pass at a time: a timer tick during a slow pass waits for it
    running ??= cycle().finally(() => {
      running = null;
    });
    return running;
  };

  let timer: NodeJS.Timeout | null = null;
  const schedule = (): void => {
    if (closed) return;
    timer = setTimeout(() => {
      poll()
        .catch((error: unknown) =>
          log('sandbox payer poll failed', {
            error: error instanceof Error ? error.name : 'unknown',
          }),
        )
        .finally(schedule);
    }, options.pollIntervalMs ?? 500);
  };

  for (const user of options.users) users.add(user);
  for (const user of users) await ensureFolders(user);
  schedule();

  return {
    addUser: async (username) => {
      users.add(username);
      await ensureFolders(username);
    },
    poll,
    close: async () => {
      closed = true;
      if (timer !== null) clearTimeout(timer);
      await running;
    },
  };
}

async function loadState(file: string): Promise<SandboxState> {
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  if (text === null) return { version: 1, nextId: 1, answered: {}, pending: [] };
  const parsed = JSON.parse(text) as Partial<SandboxState>;
  return {
    version: 1,
    nextId: typeof parsed.nextId === 'number' ? parsed.nextId : 1,
    answered: parsed.answered ?? {},
    pending: Array.isArray(parsed.pending) ? parsed.pending : [],
  };
}
