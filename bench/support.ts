/** What several benches share: timing, medians and a scratch database. */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createDatabase, dropDatabase, startEmbeddedPostgres, withDatabase, type EmbeddedDatabase } from '#platform';

export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await fn();
  return { ms: performance.now() - started, value };
}

export const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

/**
 * A fresh database named `<prefix>_<random>` on `DATABASE_URL`'s server, or on an embedded
 * PostgreSQL started for the bench when it is unset; `drop()` removes both.
 */
export async function scratchDatabase(prefix: string, log: (line: string) => void): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  let embedded: EmbeddedDatabase | undefined;
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    log('DATABASE_URL not set: starting embedded PostgreSQL');
    embedded = await startEmbeddedPostgres({ dataDir: path.join(os.tmpdir(), `ledger-bench-pg-${randomBytes(4).toString('hex')}`), persistent: false });
    adminUrl = embedded.adminUrl;
  }
  const admin = adminUrl;
  const dbName = `${prefix}_${randomBytes(4).toString('hex')}`;
  await createDatabase(admin, dbName);
  return {
    url: withDatabase(admin, dbName),
    name: dbName,
    async drop() {
      await dropDatabase(admin, dbName).catch((e: unknown) => log(`could not drop ${dbName}: ${String(e)}`));
      await embedded?.stop();
    },
  };
}

/**
 * Open assignments to hand off back and forth between their holder and a colleague of the same
 * unit (bench:http, bench:load). The holder is taken from the stream when its last event is a
 * handoff (an earlier run's on a kept database): the board may lag (another database's open
 * transaction holds back the projections' commit-safe bound), and a handoff to the holder is a 422.
 */
export async function handoffTargets(db: { query<R>(sql: string): Promise<{ rows: R[] }> }): Promise<Array<{ id: string; holder: string; pair: [string, string]; busy: boolean }>> {
  const { rows } = await db.query<{ id: string; holder: string; other: string | null }>(
    `SELECT x.id, x.holder, (SELECT s.id FROM staff_v1 s WHERE s.unit_id = x.unit_id AND s.id <> x.holder ORDER BY s.id LIMIT 1) AS other
       FROM (SELECT b.id, b.unit_id, coalesce((SELECT CASE WHEN e.type = 'AssignmentHandedOff' THEN e.data->>'to' END FROM events e
                                                WHERE e.stream_id = 'assignment-' || b.id ORDER BY e.revision DESC LIMIT 1), b.holder) AS holder
               FROM assignment_board_v1 b WHERE b.status IN ('issued', 'accepted', 'declined') AND b.unit_id IS NOT NULL) x ORDER BY x.id`,
  );
  return rows.filter((r) => r.other !== null).map((r) => ({ id: r.id, holder: r.holder, pair: [r.holder, r.other!], busy: false }));
}

/** The database `name` on the server at `adminUrl`, created when it does not exist yet (`existed` says which); a kept, seeded one is reused by the benches. */
export async function ensureDatabase(adminUrl: string, name: string): Promise<{ url: string; existed: boolean }> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const existed = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1;
  await admin.end();
  if (!existed) await createDatabase(adminUrl, name);
  return { url: withDatabase(adminUrl, name), existed };
}

/** A free TCP port on the loopback interface. */
export async function freePort(): Promise<number> {
  const net = await import('node:net');
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/** Starts `node [execArgv] script` with `childEnv` and resolves once `readyUrl` answers below 500 (`BENCH_START_TIMEOUT_MS`, default 180 s; then the child is killed). */
export function startChild(script: string, childEnv: Record<string, string>, readyUrl: string, execArgv: readonly string[] = []): Promise<ChildProcess> {
  const child = spawn(process.execPath, [...execArgv, script], { env: { ...process.env, ...childEnv }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const timeoutMs = Number(process.env.BENCH_START_TIMEOUT_MS ?? 180_000);
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = async () => {
      if (child.exitCode !== null) return reject(new Error(`${script} exited ${child.exitCode}: ${stderr}`));
      try {
        if ((await fetch(readyUrl)).status < 500) return resolve(child);
      } catch {
        // not listening yet
      }
      if (Date.now() - started > timeoutMs) {
        child.kill();
        return reject(new Error(`${script} did not start in time: ${stderr}`));
      }
      setTimeout(() => void poll(), 200);
    };
    void poll();
  });
}

/** Resident and peak resident memory of a process in MB (Linux /proc). */
export function processMemoryMb(pid: number): { rssMb: number; hwmMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const mb = (key: string) => Math.round(Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) / 102.4) / 10;
  return { rssMb: mb('VmRSS'), hwmMb: mb('VmHWM') };
}

/** CPU time (user + system, ms) a process has used so far (Linux /proc; clock ticks of 10 ms): steadier than req/s on a shared machine. */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}
