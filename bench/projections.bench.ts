/**
 * Projection benchmark (issue 17): rebuild of every projection over a seeded demo
 * province (default 2,000 staff, ~175k events) against a raw batched reader with an
 * upsert of the same data, in the same run. See bench/README.md.
 *
 *   npm run bench:projections                 (fresh database, seeded, dropped at the end)
 *   BENCH_STAFF=300 npm run bench:projections (smoke run)
 *   BENCH_DATABASE_URL=postgres://.../seeded  (an already seeded database; its read models are rebuilt, not dropped)
 *
 * Events/s is always events OF THE LOG per second (each rebuild reads the whole log,
 * whatever share of it the projection applies). Progress goes to stderr; one JSON line
 * goes to stdout at the end.
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { PostgresEventStore } from '#event-store';
import { allProjections, ProjectionRunner } from '#read-models';
import { createDatabase, dropDatabase, withDatabase, startEmbeddedPostgres, runMigrations, type EmbeddedDatabase } from '#platform';
import { seedDemo } from '../apps/cli/src/seed/seed-demo.js';

const STAFF = Number.parseInt(process.env.BENCH_STAFF ?? '2000', 10);
const BATCH = Number.parseInt(process.env.BENCH_BATCH ?? '2000', 10);
/** `false`: only the raw reader and all projections together (the rebuild of each one alone is skipped). */
const EACH = process.env.BENCH_EACH !== 'false';
const log = (line: string) => process.stderr.write(`[bench:projections] ${line}\n`);

/** The raw side: read the log in batches, upsert (id, stream, type, position, data) of each batch in one statement. */
async function rawBatched(pool: pg.Pool): Promise<number> {
  await pool.query('DROP TABLE IF EXISTS bench_raw_projection');
  await pool.query('CREATE UNLOGGED TABLE bench_raw_projection (id uuid PRIMARY KEY, stream_id text NOT NULL, type text NOT NULL, position bigint NOT NULL, data jsonb NOT NULL)');
  const started = performance.now();
  let from = '0';
  for (;;) {
    const { rows } = await pool.query<{ id: string; stream_id: string; type: string; position: string; data: unknown }>(
      'SELECT e.id, e.stream_id, e.type, e.position::text AS position, e.data FROM events e WHERE e.position > $1 ORDER BY e.position LIMIT $2',
      [from, BATCH],
    );
    if (rows.length === 0) break;
    from = rows[rows.length - 1]!.position;
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(
        `INSERT INTO bench_raw_projection (id, stream_id, type, position, data)
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, stream_id text, type text, position bigint, data jsonb)
         ON CONFLICT (id) DO UPDATE SET stream_id = EXCLUDED.stream_id, type = EXCLUDED.type, position = EXCLUDED.position, data = EXCLUDED.data`,
        [JSON.stringify(rows)],
      );
      await client.query(`INSERT INTO projection_checkpoints (name, position, updated_at) VALUES ('bench_raw', $1, now())
        ON CONFLICT (name) DO UPDATE SET position = EXCLUDED.position`, [from]);
      await client.query('COMMIT');
    } finally {
      client.release();
    }
  }
  const ms = performance.now() - started;
  await pool.query('DROP TABLE bench_raw_projection');
  await pool.query(`DELETE FROM projection_checkpoints WHERE name = 'bench_raw'`);
  return ms;
}

async function main(): Promise<void> {
  let embedded: EmbeddedDatabase | undefined;
  let url = process.env.BENCH_DATABASE_URL;
  let drop: (() => Promise<void>) | undefined;
  const load = [os.loadavg()[0]!];
  if (!url) {
    let adminUrl = process.env.DATABASE_URL;
    if (!adminUrl) {
      log('DATABASE_URL not set: starting embedded PostgreSQL');
      embedded = await startEmbeddedPostgres({ dataDir: path.join(os.tmpdir(), `ledger-bench-pg-${randomBytes(4).toString('hex')}`), persistent: false });
      adminUrl = embedded.adminUrl;
    }
    const dbName = `ledger_bench_proj_${randomBytes(4).toString('hex')}`;
    await createDatabase(adminUrl, dbName);
    url = withDatabase(adminUrl, dbName);
    drop = () => dropDatabase(adminUrl, dbName);
    await runMigrations(url);
    log(`seeding ${STAFF} staff into ${dbName} (no projections)`);
    const seeded = await seedDemo({ databaseUrl: url, staff: STAFF, year: 2025, seed: 'bench', catchUp: false, progress: { silent: true }, clock: () => new Date('2026-03-01T00:00:00Z') });
    log(`seeded ${seeded.events} events in ${(seeded.timings.totalMs / 1000).toFixed(1)} s`);
  }
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  const store = new PostgresEventStore({ pool });
  const dataSource = new DataSource({ type: 'postgres', url, synchronize: false, logging: false, extra: { max: allProjections().length + 2 } });
  await dataSource.initialize();
  try {
    const events = Number((await pool.query<{ n: string }>('SELECT count(*)::text AS n FROM events')).rows[0]!.n);
    const rate = (ms: number) => Math.round(events / (ms / 1000));
    log(`${events} events in the log; batches of ${BATCH}`);
    await rawBatched(pool); // warm-up (buffers, plans)
    const raw1 = await rawBatched(pool);
    log(`raw batched reader + upsert: ${(raw1 / 1000).toFixed(1)} s, ${rate(raw1)} events/s`);
    const runner = new ProjectionRunner(store, dataSource, allProjections(), { batchSize: BATCH });
    const each: Array<{ name: string; ms: number }> = [];
    for (const p of EACH ? runner.projections : []) {
      const started = performance.now();
      await runner.rebuild(p.name);
      const ms = performance.now() - started;
      each.push({ name: p.name, ms });
      load.push(os.loadavg()[0]!);
      log(`${p.name}: ${(ms / 1000).toFixed(1)} s, ${rate(ms)} events/s`);
    }
    // Every projection together: emptied, then one shared reader (what seed-demo and `rebuild all` do).
    await dataSource.transaction(async (m) => {
      for (const p of runner.projections) for (const t of p.tables) await m.query(`TRUNCATE TABLE ${t}`);
      await m.query('DELETE FROM projection_checkpoints WHERE name = ANY ($1)', [runner.projections.map((p) => p.name)]);
    });
    const allStarted = performance.now();
    await runner.catchUpAll();
    const allMs = performance.now() - allStarted;
    log(`all together: ${(allMs / 1000).toFixed(1)} s, ${rate(allMs)} events/s`);
    const raw2 = await rawBatched(pool);
    load.push(os.loadavg()[0]!);
    const raw = (raw1 + raw2) / 2;
    log(`raw again: ${(raw2 / 1000).toFixed(1)} s; load average ${load.map((l) => l.toFixed(1)).join(' ')}`);
    const result = {
      bench: 'projections',
      events,
      batch: BATCH,
      raw: { ms: Math.round(raw), eventsPerSec: rate(raw), runs: [Math.round(raw1), Math.round(raw2)] },
      projections: each.map((e) => ({ name: e.name, ms: Math.round(e.ms), eventsPerSec: rate(e.ms), ratio: Number((raw / e.ms).toFixed(2)) })),
      all: { ms: Math.round(allMs), eventsPerSec: rate(allMs), ratio: Number((raw / allMs).toFixed(2)) },
      loadAverage1m: load.map((l) => Number(l.toFixed(2))),
      cpus: os.cpus().length,
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await dataSource.destroy();
    await store.close();
    await pool.end().catch(() => undefined);
    if (drop) await drop().catch((e: unknown) => log(`could not drop the database: ${String(e)}`));
    await embedded?.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
