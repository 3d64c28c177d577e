/** What several benches share: timing, medians and a scratch database. */
import { randomBytes } from 'node:crypto';
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
