// A real SFTP server (ssh2's Server with the SFTP subsystem) over a folder on disk: one folder per
// user under rootDir, which that user sees as "/". It backs the sandbox payer and the connector
// tests, so it speaks the protocol as OpenSSH does for what ssh2-sftp-client uses, and it keeps
// every path inside the user's folder (".." is clamped at "/", symlinks out of the folder refused).
import { createHash, timingSafeEqual } from 'node:crypto';
import { constants as fsConstants, type Stats } from 'node:fs';
import {
  lstat,
  mkdir,
  open,
  readdir,
  realpath,
  rename,
  rmdir,
  stat,
  unlink,
} from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import ssh2 from 'ssh2';
import type { AuthContext, Attributes, Connection, FileEntry, ParsedKey, SFTPWrapper } from 'ssh2';
import { hostKeyFingerprint } from '#shared/connectors/host-key-fingerprint';

// ssh2 is CommonJS: its named exports are reached through the default import
const { Server, utils } = ssh2;
const { STATUS_CODE } = utils.sftp;

export interface SftpUser {
  /** also the name of the user's folder under rootDir */
  readonly username: string;
  readonly password?: string;
  /** OpenSSH public key line (`ssh-ed25519 AAAA... comment`) */
  readonly publicKey?: string;
}

export interface SftpServerOptions {
  /** 0 (default) takes a free port */
  readonly port?: number;
  /** 127.0.0.1 unless set: the sandbox is for this machine only */
  readonly host?: string;
  readonly rootDir: string;
  readonly users: readonly SftpUser[];
  /** private host key (OpenSSH or PEM); a fresh ed25519 key when absent */
  readonly hostKey?: string;
}

export interface RunningSftpServer {
  readonly host: string;
  readonly port: number;
  /** SHA-256 of the host key, base64 without padding (as `ssh-keygen -l` prints after "SHA256:") */
  readonly hostKeySha256: string;
  /** The private host key, to start a later server with the same identity. */
  readonly hostKey: string;
  /** Adds or replaces a user (the sandbox adds one per connection as connections appear). */
  setUser(user: SftpUser): void;
  /** Ends every session and stops listening. */
  close(): Promise<void>;
}

const USERNAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** bounds on what one session may hold or ask for */
const MAX_OPEN_HANDLES = 64;
const MAX_READ_BYTES = 256 * 1024;
const READDIR_BATCH = 100;

/**
 * A new ed25519 key pair (OpenSSH formats) that ssh2 can read back. ssh2 1.17's generator strips
 * leading zero bytes from the public key, so about one pair in 256 is unreadable
 * (mscdex/ssh2#1513); such a pair is thrown away and another made.
 */
export function generateKeyPair(): { readonly private: string; readonly public: string } {
  for (let attempt = 1; ; attempt++) {
    const pair = utils.generateKeyPairSync('ed25519');
    const readable =
      !(utils.parseKey(pair.private) instanceof Error) &&
      !(utils.parseKey(pair.public) instanceof Error);
    if (readable) return pair;
    // 1 in 256 each time: sixteen failures in a row mean something else is wrong.
    if (attempt === 16) throw new Error('could not generate a readable ed25519 key pair');
  }
}

/** A new ed25519 host key (OpenSSH private key format). */
export function generateHostKey(): string {
  return generateKeyPair().private;
}

function parseKeyOrThrow(key: string, what: string): ParsedKey {
  const parsed = utils.parseKey(key);
  if (parsed instanceof Error) throw new Error(`${what} is not a valid SSH key`);
  return parsed;
}

export async function startSftpServer(options: SftpServerOptions): Promise<RunningSftpServer> {
  const hostKey = options.hostKey ?? generateHostKey();
  const parsedHostKey = parseKeyOrThrow(hostKey, 'the host key');
  const rootDir = path.resolve(options.rootDir);
  await mkdir(rootDir, { recursive: true });

  const users = new Map<string, { password?: Buffer; publicKey?: ParsedKey }>();
  const setUser = (user: SftpUser): void => {
    if (!USERNAME.test(user.username))
      throw new Error('an SFTP username must be a safe folder name');
    if (user.password === undefined && user.publicKey === undefined)
      throw new Error(`SFTP user ${user.username} needs a password or a public key`);
    users.set(user.username, {
      ...(user.password !== undefined ? { password: digest(user.password) } : {}),
      ...(user.publicKey !== undefined
        ? { publicKey: parseKeyOrThrow(user.publicKey, `the public key of ${user.username}`) }
        : {}),
    });
  };
  options.users.forEach(setUser);

  const clients = new Set<Connection>();
  const server = new Server({ hostKeys: [hostKey] }, (client) => {
    clients.add(client);
    // without it each small SFTP answer waits for a delayed ACK (uploads 100 times slower)
    // (ssh2's server Connection has setNoDelay; @types/ssh2 omits it)
    (client as unknown as { setNoDelay(noDelay: boolean): void }).setNoDelay(true);
    client.on('close', () => clients.delete(client));
    // a client that drops mid-handshake must not take the server down; nothing to report
    client.on('error', () => undefined);
    let username: string | undefined;
    client.on('authentication', (context) => {
      const user = users.get(context.username);
      if (user !== undefined && authenticates(context, user)) {
        username = context.username;
        context.accept();
        return;
      }
      context.reject(['password', 'publickey']);
    });
    client.on('ready', () => {
      if (username === undefined) return client.end();
      const home = path.join(rootDir, username);
      client.on('session', (acceptSession) => {
        const session = acceptSession();
        // exec, shell and the rest have no listener, so ssh2 refuses them
        session.on('sftp', (acceptSftp, rejectSftp) => {
          // accepted only once the handlers are attached: ssh2 answers a request that arrives
          // before them with "Operation unsupported" (a session's first list failed at random)
          mkdir(home, { recursive: true }).then(
            () => serveSftp(acceptSftp(), home),
            () => rejectSftp(),
          );
        });
      });
    });
  });

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  return {
    host,
    port,
    hostKeySha256: hostKeyFingerprint(parsedHostKey.getPublicSSH()),
    hostKey,
    setUser,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of clients) client.end();
        server.close(() => resolve());
      }),
  };
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

function authenticates(
  context: AuthContext,
  user: { password?: Buffer; publicKey?: ParsedKey },
): boolean {
  if (context.method === 'password') {
    // compare digests so the comparison takes the same time whatever the length
    return user.password !== undefined && timingSafeEqual(digest(context.password), user.password);
  }
  if (context.method === 'publickey') {
    const allowed = user.publicKey;
    if (allowed === undefined || !allowed.getPublicSSH().equals(context.key.data)) return false;
    // without a signature the client only asks whether this key would do
    if (context.signature === undefined || context.blob === undefined) return true;
    return allowed.verify(context.blob, context.signature, context.hashAlgo);
  }
  return false;
}

type OpenHandle =
  | { readonly kind: 'file'; readonly file: FileHandle }
  | { readonly kind: 'dir'; readonly dir: string; pending?: FileEntry[] };

/** Refused request: carries an SFTP status code and a message that names no server path. */
class SftpStatusError extends Error {
  readonly code: number;
  constructor(code: number, message: string) {
    super(message);
    this.name = 'SftpStatusError';
    this.code = code;
  }
}

function serveSftp(sftp: SFTPWrapper, home: string): void {
  const handles = new Map<string, OpenHandle>();
  let nextHandle = 0;

  const newHandle = (entry: OpenHandle): Buffer => {
    if (handles.size >= MAX_OPEN_HANDLES)
      throw new SftpStatusError(STATUS_CODE.FAILURE, 'too many open handles');
    const id = Buffer.alloc(4);
    id.writeUInt32BE(nextHandle++ % 0x1_0000_0000);
    handles.set(id.toString('hex'), entry);
    return id;
  };
  const handleOf = (id: Buffer): OpenHandle => {
    const entry = handles.get(id.toString('hex'));
    if (entry === undefined) throw new SftpStatusError(STATUS_CODE.FAILURE, 'invalid handle');
    return entry;
  };
  const fileOf = (id: Buffer): FileHandle => {
    const entry = handleOf(id);
    if (entry.kind !== 'file') throw new SftpStatusError(STATUS_CODE.FAILURE, 'not a file handle');
    return entry.file;
  };

  /** Runs one request; any failure becomes a status answer (never an unhandled rejection). */
  const serve = (requestId: number, work: () => Promise<void>): void => {
    work().catch((error: unknown) => {
      const { code, message } = statusOf(error);
      sftp.status(requestId, code, message);
    });
  };
  const ok = (requestId: number) => sftp.status(requestId, STATUS_CODE.OK);
  const local = (virtualPath: string) => confine(home, virtualPath);

  sftp.on('REALPATH', (requestId, requested) => {
    const virtual = path.posix.resolve('/', requested);
    sftp.name(requestId, [{ filename: virtual, longname: virtual, attrs: emptyAttributes() }]);
  });
  sftp.on('OPEN', (requestId, filename, flags) =>
    serve(requestId, async () => {
      const mode = utils.sftp.flagsToString(flags);
      if (mode === null) throw new SftpStatusError(STATUS_CODE.OP_UNSUPPORTED, 'unsupported flags');
      // O_NOFOLLOW: a file swapped for a symlink after the check is refused, not followed
      const file = await open(await local(filename), openFlags(mode), 0o640);
      try {
        sftp.handle(requestId, newHandle({ kind: 'file', file }));
      } catch (error) {
        await file.close();
        throw error;
      }
    }),
  );
  sftp.on('READ', (requestId, id, offset, length) =>
    serve(requestId, async () => {
      const file = fileOf(id);
      const buffer = Buffer.alloc(Math.min(length, MAX_READ_BYTES));
      const { bytesRead } = await file.read(buffer, 0, buffer.length, offset);
      if (bytesRead === 0) sftp.status(requestId, STATUS_CODE.EOF);
      else sftp.data(requestId, buffer.subarray(0, bytesRead));
    }),
  );
  sftp.on('WRITE', (requestId, id, offset, data) =>
    serve(requestId, async () => {
      await fileOf(id).write(data, 0, data.length, offset);
      ok(requestId);
    }),
  );
  sftp.on('CLOSE', (requestId, id) =>
    serve(requestId, async () => {
      const entry = handleOf(id);
      handles.delete(id.toString('hex'));
      if (entry.kind === 'file') await entry.file.close();
      ok(requestId);
    }),
  );
  sftp.on('FSTAT', (requestId, id) =>
    serve(requestId, async () => sftp.attrs(requestId, attributesOf(await fileOf(id).stat()))),
  );
  // attributes are not ours to change (ownership, modes); accepted and ignored, as many servers do
  sftp.on('FSETSTAT', (requestId, id) =>
    serve(requestId, async () => {
      await fileOf(id).stat();
      ok(requestId);
    }),
  );
  sftp.on('SETSTAT', (requestId, requested) =>
    serve(requestId, async () => {
      await stat(await local(requested));
      ok(requestId);
    }),
  );
  sftp.on('STAT', (requestId, requested) =>
    serve(requestId, async () =>
      sftp.attrs(requestId, attributesOf(await stat(await local(requested)))),
    ),
  );
  sftp.on('LSTAT', (requestId, requested) =>
    serve(requestId, async () =>
      sftp.attrs(requestId, attributesOf(await lstat(await local(requested)))),
    ),
  );
  sftp.on('OPENDIR', (requestId, requested) =>
    serve(requestId, async () => {
      const dir = await local(requested);
      if (!(await stat(dir)).isDirectory())
        throw new SftpStatusError(STATUS_CODE.FAILURE, 'not a directory');
      sftp.handle(requestId, newHandle({ kind: 'dir', dir }));
    }),
  );
  sftp.on('READDIR', (requestId, id) =>
    serve(requestId, async () => {
      const entry = handleOf(id);
      if (entry.kind !== 'dir') throw new SftpStatusError(STATUS_CODE.FAILURE, 'not a directory');
      entry.pending ??= await listDirectory(entry.dir);
      const batch = entry.pending.splice(0, READDIR_BATCH);
      if (batch.length === 0) sftp.status(requestId, STATUS_CODE.EOF);
      else sftp.name(requestId, batch);
    }),
  );
  sftp.on('REMOVE', (requestId, requested) =>
    serve(requestId, async () => {
      await unlink(await local(requested));
      ok(requestId);
    }),
  );
  sftp.on('RMDIR', (requestId, requested) =>
    serve(requestId, async () => {
      const dir = await local(requested);
      if (dir === home)
        throw new SftpStatusError(STATUS_CODE.PERMISSION_DENIED, 'permission denied');
      await rmdir(dir);
      ok(requestId);
    }),
  );
  sftp.on('MKDIR', (requestId, requested) =>
    serve(requestId, async () => {
      await mkdir(await local(requested), { mode: 0o750 });
      ok(requestId);
    }),
  );
  sftp.on('RENAME', (requestId, from, to) =>
    serve(requestId, async () => {
      const [source, target] = [await local(from), await local(to)];
      // SFTP v3 (and OpenSSH) refuse to replace an existing file: a rename never overwrites
      if (await exists(target)) throw new SftpStatusError(STATUS_CODE.FAILURE, 'target exists');
      await rename(source, target);
      ok(requestId);
    }),
  );
  for (const unsupported of ['READLINK', 'SYMLINK'] as const) {
    sftp.on(unsupported, (requestId: number) =>
      sftp.status(requestId, STATUS_CODE.OP_UNSUPPORTED, 'not supported'),
    );
  }
  sftp.on('close', () => {
    for (const entry of handles.values()) if (entry.kind === 'file') void entry.file.close();
    handles.clear();
  });
}

/**
 * The local path of a client path: resolved against "/" (so ".." stops at the user's root), then
 * checked after following symlinks (so a link inside the folder cannot lead out of it).
 */
export async function confine(home: string, virtualPath: string): Promise<string> {
  if (virtualPath.includes('\0')) throw new SftpStatusError(STATUS_CODE.BAD_MESSAGE, 'bad path');
  const virtual = path.posix.resolve('/', virtualPath);
  const candidate = path.join(home, ...virtual.split('/').filter((part) => part !== ''));
  const realHome = await realpath(home);
  // the deepest existing ancestor decides where the path really leads
  let existing = candidate;
  let real: string | undefined;
  for (;;) {
    try {
      real = await realpath(existing);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      const parent = path.dirname(existing);
      if (parent === existing) break;
      existing = parent;
    }
  }
  if (real === undefined || !(real === realHome || real.startsWith(realHome + path.sep)))
    throw new SftpStatusError(STATUS_CODE.PERMISSION_DENIED, 'permission denied');
  return candidate;
}

function openFlags(mode: string): number {
  const { O_RDONLY, O_WRONLY, O_RDWR, O_CREAT, O_TRUNC, O_EXCL, O_APPEND, O_NOFOLLOW } =
    fsConstants;
  const read = mode.includes('r') || mode.includes('+');
  const write = !mode.startsWith('r') || mode.includes('+');
  let flags = read && write ? O_RDWR : write ? O_WRONLY : O_RDONLY;
  if (mode.includes('w')) flags |= O_CREAT | O_TRUNC;
  if (mode.includes('a')) flags |= O_CREAT | O_APPEND;
  if (mode.includes('x')) flags |= O_EXCL;
  return flags | O_NOFOLLOW;
}

async function exists(localPath: string): Promise<boolean> {
  try {
    await lstat(localPath);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

async function listDirectory(dir: string): Promise<FileEntry[]> {
  const names = (await readdir(dir)).sort();
  const entries: FileEntry[] = [];
  for (const name of names) {
    try {
      const attrs = attributesOf(await lstat(path.join(dir, name)));
      entries.push({ filename: name, longname: longName(name, attrs), attrs });
    } catch {
      // removed between readdir and lstat: it is simply not listed
    }
  }
  return entries;
}

function attributesOf(stats: Stats): Attributes {
  return {
    mode: stats.mode,
    uid: stats.uid,
    gid: stats.gid,
    size: stats.size,
    atime: Math.floor(stats.atimeMs / 1000),
    mtime: Math.floor(stats.mtimeMs / 1000),
  };
}

function emptyAttributes(): Attributes {
  return { mode: 0, uid: 0, gid: 0, size: 0, atime: 0, mtime: 0 };
}

/** `ls -l` style line: clients read the type and permissions from its first ten characters. */
function longName(name: string, attrs: Attributes): string {
  const type =
    (attrs.mode & 0o170000) === 0o040000 ? 'd' : (attrs.mode & 0o170000) === 0o120000 ? 'l' : '-';
  const bits = 'rwxrwxrwx'
    .split('')
    .map((letter, index) => (attrs.mode & (1 << (8 - index)) ? letter : '-'))
    .join('');
  const date = new Date(attrs.mtime * 1000).toISOString().slice(0, 16).replace('T', ' ');
  return `${type}${bits} 1 ${attrs.uid} ${attrs.gid} ${attrs.size} ${date} ${name}`;
}

function statusOf(error: unknown): { code: number; message: string } {
  if (error instanceof SftpStatusError) return { code: error.code, message: error.message };
  switch ((error as NodeJS.ErrnoException | null)?.code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return { code: STATUS_CODE.NO_SUCH_FILE, message: 'no such file' };
    case 'EACCES':
    case 'EPERM':
    case 'ELOOP': // O_NOFOLLOW met a symlink
      return { code: STATUS_CODE.PERMISSION_DENIED, message: 'permission denied' };
    case 'EEXIST':
      return { code: STATUS_CODE.FAILURE, message: 'file exists' };
    case 'ENOTEMPTY':
      return { code: STATUS_CODE.FAILURE, message: 'directory not empty' };
    case 'EISDIR':
      return { code: STATUS_CODE.FAILURE, message: 'is a directory' };
    default:
      // the message of a file-system error names local paths: never sent to the client
      return { code: STATUS_CODE.FAILURE, message: 'failure' };
  }
}
