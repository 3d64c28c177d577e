/**
 * Event-store benchmark: our PostgreSQL adapter against raw SQL on the same server,
 * in the same database, side by side. See bench/README.md for what each figure means.
 *
 *   npx tsc -p bench/tsconfig.json && node dist/bench/event-store.bench.js
 *
 * Progress goes to stderr; exactly one JSON line goes to stdout at the end.
 * Sizes can be lowered for a smoke run with BENCH_* variables (see `config`).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { EventToAppend, ExpectedRevision, RecordedEvent } from '#event-store';
import { PostgresEventStore } from '#event-store';
import { createDatabase, dropDatabase, withDatabase } from '#platform';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '#platform';
import { runMigrations } from '#platform';

// ---------------------------------------------------------------------------------------------
// Configuration

function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number.parseInt(raw, 10);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive integer`);
  return value;
}

const config = {
  /** Each measure is repeated this many times, raw and ours alternating; the median is reported. */
  reps: envInt('BENCH_REPS', 3),
  concurrencies: (process.env.BENCH_CONCURRENCY ?? '8,32').split(',').map((c) => Number.parseInt(c, 10)),
  appendEvents: envInt('BENCH_APPEND_EVENTS', 20_000),
  appendStreams: envInt('BENCH_APPEND_STREAMS', 2_000),
  catchupEvents: envInt('BENCH_CATCHUP_EVENTS', 100_000),
  catchupBatch: envInt('BENCH_CATCHUP_BATCH', 500),
  /** Writers appending while the subscriber catches up (the lost/duplicated check). */
  concurrentWriters: envInt('BENCH_CONCURRENT_WRITERS', 8),
  /** How long the writers keep going once the subscriber has caught up with the seeded events. */
  liveTailMs: envInt('BENCH_LIVE_TAIL_MS', 1_500),
  rehydrateIterations: { 100: envInt('BENCH_REHYDRATE_100_ITER', 600), 1000: envInt('BENCH_REHYDRATE_1000_ITER', 80) } as Record<
    number,
    number
  >,
};

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

// ---------------------------------------------------------------------------------------------
// Statistics

function percentile(sorted: Float64Array | number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** (max - min) / median, in percent: how much the same measure moved between repetitions. */
function spreadPct(values: number[]): number {
  if (values.length < 2) return 0;
  return round(((Math.max(...values) - Math.min(...values)) / median(values)) * 100, 1);
}

function round(value: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

const nowMs = () => Number(process.hrtime.bigint()) / 1e6;

// ---------------------------------------------------------------------------------------------
// Machine noise: CPU steal and the other load on the box while the bench runs.

interface CpuTimes {
  total: number;
  steal: number;
  idle: number;
}

function readCpuTimes(): CpuTimes | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
    const f = line.trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal guest guest_nice
    const total = f.slice(0, 8).reduce((a, b) => a + b, 0);
    return { total, steal: f[7] ?? 0, idle: (f[3] ?? 0) + (f[4] ?? 0) };
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Database setup

const RAW_TABLE = `
  CREATE TABLE raw_events (
    position       bigserial   PRIMARY KEY,
    stream_id      text        NOT NULL,
    revision       bigint      NOT NULL CHECK (revision >= 0),
    id             uuid        NOT NULL,
    type           text        NOT NULL,
    schema_version integer     NOT NULL CHECK (schema_version >= 1),
    data           jsonb       NOT NULL,
    metadata       jsonb       NOT NULL,
    recorded_at    timestamptz NOT NULL,
    tx_id          xid8        NOT NULL DEFAULT pg_current_xact_id(),
    prev_hash      text        NOT NULL,
    hash           text        NOT NULL,
    CONSTRAINT raw_events_id_unique UNIQUE (id),
    CONSTRAINT raw_events_stream_revision_unique UNIQUE (stream_id, revision)
  )`;

const READ_MODEL_TABLES = [
  `CREATE TABLE rm_ours (stream_id text PRIMARY KEY, events integer NOT NULL, last_position bigint NOT NULL)`,
  `CREATE TABLE rm_raw (stream_id text PRIMARY KEY, events integer NOT NULL, last_position bigint NOT NULL)`,
  `CREATE TABLE rm_checkpoints (name text PRIMARY KEY, position bigint NOT NULL)`,
];

const RAW_INSERT = `INSERT INTO raw_events (stream_id, revision, id, type, schema_version, data, metadata, recorded_at, prev_hash, hash)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`;

const RAW_COLUMNS = 'position, stream_id, revision, id, type, schema_version, data, metadata, recorded_at, prev_hash, hash';

// ---------------------------------------------------------------------------------------------
// Workload

const FAKE_HASH = randomBytes(32).toString('hex');
const ACTOR = { sub: 'user-4711', roles: ['clerk'] };

function newEvent(n: number): EventToAppend {
  return {
    id: randomUUID(),
    type: n % 3 === 0 ? 'AssignmentIssued' : n % 3 === 1 ? 'AssignmentAcknowledged' : 'AssignmentCompleted',
    data: {
      assignmentId: `a-${n}`,
      assigneeId: `s-${n % 977}`,
      amount: n % 100,
      title: 'Reply to the petition about the school bus timetable',
      dueAt: '2026-03-01T23:59:59+07:00',
    },
    metadata: { correlationId: randomUUID(), actor: ACTOR },
  };
}

interface AppendOp {
  stream: string;
  revision: number;
  event: EventToAppend;
}

/** Work of one worker: its own streams, round-robin, one event per append, revisions in order. */
function planAppends(tag: string, concurrency: number): AppendOp[][] {
  const perStream = Math.ceil(config.appendEvents / config.appendStreams);
  const streams = Array.from({ length: config.appendStreams }, () => `bench-${tag}-${randomUUID()}`);
  const plans: AppendOp[][] = Array.from({ length: concurrency }, () => []);
  let n = 0;
  for (let revision = 0; revision < perStream; revision += 1) {
    for (let s = 0; s < streams.length && n < config.appendEvents; s += 1) {
      plans[s % concurrency]!.push({ stream: streams[s]!, revision, event: newEvent(n) });
      n += 1;
    }
  }
  return plans;
}

type Kind = 'raw' | 'ours';

interface AppendSample {
  eventsPerSec: number;
  p50: number;
  p99: number;
}

async function runAppends(kind: Kind, plans: AppendOp[][], raw: pg.Pool, store: PostgresEventStore): Promise<AppendSample> {
  const total = plans.reduce((a, p) => a + p.length, 0);
  const latencies = new Float64Array(total);
  let next = 0;
  const one =
    kind === 'raw'
      ? async (op: AppendOp) => {
          await raw.query(RAW_INSERT, rawParams(op.stream, op.revision, op.event));
        }
      : async (op: AppendOp) => {
          const expected: ExpectedRevision = op.revision === 0 ? 'no_stream' : BigInt(op.revision - 1);
          await store.append(op.stream, [op.event], expected);
        };
  const started = nowMs();
  await Promise.all(
    plans.map(async (plan) => {
      for (const op of plan) {
        const t0 = nowMs();
        await one(op);
        latencies[next++] = nowMs() - t0;
      }
    }),
  );
  const elapsed = nowMs() - started;
  latencies.sort();
  return { eventsPerSec: (total / elapsed) * 1000, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

/** Opens every connection of both pools and runs a few appends on each (plpgsql compiles per session). */
async function warmUp(concurrency: number, raw: pg.Pool, store: PostgresEventStore): Promise<void> {
  for (const pool of [raw, store.pool]) {
    const clients = await Promise.all(Array.from({ length: concurrency }, () => pool.connect()));
    clients.forEach((c) => c.release());
  }
  const saved = { events: config.appendEvents, streams: config.appendStreams };
  config.appendEvents = concurrency * 8;
  config.appendStreams = concurrency * 4;
  try {
    await runAppends('raw', planAppends(`warm-raw-${concurrency}`, concurrency), raw, store);
    await runAppends('ours', planAppends(`warm-ours-${concurrency}`, concurrency), raw, store);
  } finally {
    config.appendEvents = saved.events;
    config.appendStreams = saved.streams;
  }
}

// ---------------------------------------------------------------------------------------------
// Read model: one multi-row upsert and the checkpoint, in one transaction per batch.

async function project(pool: pg.Pool, table: 'rm_ours' | 'rm_raw', streams: string[], positions: string[]): Promise<void> {
  const byStream = new Map<string, { n: number; last: string }>();
  for (let i = 0; i < streams.length; i += 1) {
    const entry = byStream.get(streams[i]!);
    if (entry) {
      entry.n += 1;
      entry.last = positions[i]!;
    } else byStream.set(streams[i]!, { n: 1, last: positions[i]! });
  }
  const ids = [...byStream.keys()];
  const counts = ids.map((id) => byStream.get(id)!.n);
  const lasts = ids.map((id) => byStream.get(id)!.last);
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(
      `INSERT INTO ${table} (stream_id, events, last_position)
         SELECT * FROM unnest($1::text[], $2::int[], $3::bigint[])
       ON CONFLICT (stream_id) DO UPDATE
         SET events = ${table}.events + EXCLUDED.events, last_position = EXCLUDED.last_position`,
      [ids, counts, lasts],
    );
    await client.query('UPDATE rm_checkpoints SET position = $2 WHERE name = $1', [table, positions[positions.length - 1]]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

async function resetReadModels(pool: pg.Pool): Promise<void> {
  await pool.query('TRUNCATE rm_ours, rm_raw');
  await pool.query(`INSERT INTO rm_checkpoints (name, position) VALUES ('rm_ours', 0), ('rm_raw', 0)
    ON CONFLICT (name) DO UPDATE SET position = 0`);
}

/** Deliveries seen by a subscriber: lost/duplicated are computed against the table afterwards. */
class Tally {
  readonly seen = new Set<string>();
  deliveries = 0;
  add(id: string): void {
    this.deliveries += 1;
    this.seen.add(id);
  }
  get duplicated(): number {
    return this.deliveries - this.seen.size;
  }
}

interface CatchupSample {
  eventsPerSec: number;
  delivered: number;
  lost: number;
  duplicated: number;
}

async function catchupOurs(url: string, rm: pg.Pool, expected: number): Promise<CatchupSample> {
  const store = new PostgresEventStore({ connectionString: url, poolSize: 2 });
  const tally = new Tally();
  let done!: () => void;
  let failed!: (e: unknown) => void;
  const finished = new Promise<void>((resolve, reject) => {
    done = resolve;
    failed = reject;
  });
  const started = nowMs();
  const subscription = await store.subscribe({
    fromPosition: 0n,
    batchSize: config.catchupBatch,
    handler: async (events: readonly RecordedEvent[]) => {
      await project(
        rm,
        'rm_ours',
        events.map((e) => e.streamId),
        events.map((e) => e.position.toString()),
      );
      for (const e of events) tally.add(e.id);
      if (tally.deliveries >= expected) done();
    },
    onError: (e) => failed(e),
  });
  await finished;
  const elapsed = nowMs() - started;
  await subscription.stop();
  await store.close();
  return { eventsPerSec: (tally.deliveries / elapsed) * 1000, delivered: tally.deliveries, lost: expected - tally.seen.size, duplicated: tally.duplicated };
}

async function catchupRaw(raw: pg.Pool, rm: pg.Pool, expected: number): Promise<CatchupSample> {
  const tally = new Tally();
  const started = nowMs();
  let position = '0';
  while (tally.deliveries < expected) {
    const { rows } = await raw.query(`SELECT ${RAW_COLUMNS} FROM raw_events WHERE position > $1 ORDER BY position LIMIT $2`, [
      position,
      config.catchupBatch,
    ]);
    if (rows.length === 0) break;
    await project(
      rm,
      'rm_raw',
      rows.map((r) => r.stream_id as string),
      rows.map((r) => r.position as string),
    );
    for (const r of rows) tally.add(r.id as string);
    position = rows[rows.length - 1].position as string;
  }
  const elapsed = nowMs() - started;
  return { eventsPerSec: (tally.deliveries / elapsed) * 1000, delivered: tally.deliveries, lost: expected - tally.seen.size, duplicated: tally.duplicated };
}

// ---------------------------------------------------------------------------------------------
// Catch-up while writers append: does the subscriber get every event exactly once?

interface ConcurrentResult {
  initial: number;
  appendedDuringCatchup: number;
  delivered: number;
  distinct: number;
  lost: number;
  duplicated: number;
  seconds: number;
}

async function tableIds(pool: pg.Pool, table: 'events' | 'raw_events'): Promise<Set<string>> {
  const { rows } = await pool.query<{ id: string }>(`SELECT id FROM ${table}`);
  return new Set(rows.map((r) => r.id));
}

function compare(table: Set<string>, tally: Tally, initial: number, started: number): ConcurrentResult {
  let lost = 0;
  for (const id of table) if (!tally.seen.has(id)) lost += 1;
  return {
    initial,
    appendedDuringCatchup: table.size - initial,
    delivered: tally.deliveries,
    distinct: tally.seen.size,
    lost,
    duplicated: tally.duplicated,
    seconds: round((nowMs() - started) / 1000, 2),
  };
}

type WriteOne = (stream: string, revision: number, event: EventToAppend) => Promise<void>;

/** Writers on their own streams, exact expected revisions, until `stop()`. */
function startWriters(label: string, write: WriteOne) {
  let stopping = false;
  let n = 0;
  const workers = Array.from({ length: config.concurrentWriters }, async (_, w) => {
    const streams = Array.from({ length: 50 }, () => `live-${label}-${w}-${randomUUID()}`);
    for (let revision = 0; !stopping; revision += 1) {
      for (const stream of streams) {
        if (stopping) break;
        await write(stream, revision, newEvent(n++));
      }
    }
  });
  return {
    stop: async () => {
      stopping = true;
      await Promise.all(workers);
    },
  };
}

function rawParams(stream: string, revision: number, e: EventToAppend): unknown[] {
  return [stream, revision, e.id, e.type, 1, JSON.stringify(e.data), JSON.stringify(e.metadata), new Date().toISOString(), '', FAKE_HASH];
}

async function concurrentOurs(url: string, admin: pg.Pool, rm: pg.Pool): Promise<ConcurrentResult> {
  await resetReadModels(rm);
  const initial = (await tableIds(admin, 'events')).size;
  // The writers use another store instance: the subscriber is woken by NOTIFY and polling,
  // as a projector in another process would be.
  const writerStore = new PostgresEventStore({ connectionString: url, poolSize: config.concurrentWriters });
  const readerStore = new PostgresEventStore({ connectionString: url, poolSize: 2, pollIntervalMs: 200 });
  const tally = new Tally();
  let failure: unknown;
  const started = nowMs();
  const writers = startWriters('ours', async (stream, revision, event) => {
    await writerStore.append(stream, [event], revision === 0 ? 'no_stream' : BigInt(revision - 1));
  });
  const subscription = await readerStore.subscribe({
    fromPosition: 0n,
    batchSize: config.catchupBatch,
    handler: async (events) => {
      await project(
        rm,
        'rm_ours',
        events.map((e) => e.streamId),
        events.map((e) => e.position.toString()),
      );
      for (const e of events) tally.add(e.id);
    },
    onError: (e) => (failure = e),
  });
  await waitFor(() => tally.seen.size >= initial || failure !== undefined, 120_000);
  await sleep(config.liveTailMs);
  await writers.stop();
  const ids = await tableIds(admin, 'events');
  // Let the subscriber drain what is committed; stop when it has everything or makes no progress for 5 s.
  await waitForSettled(() => tally.deliveries, () => tally.seen.size >= ids.size || failure !== undefined, 5_000);
  await subscription.stop();
  await Promise.all([writerStore.close(), readerStore.close()]);
  if (failure) throw failure;
  return compare(ids, tally, initial, started);
}

async function concurrentRaw(admin: pg.Pool, raw: pg.Pool, rm: pg.Pool): Promise<ConcurrentResult> {
  await resetReadModels(rm);
  const initial = (await tableIds(admin, 'raw_events')).size;
  const tally = new Tally();
  const started = nowMs();
  const writers = startWriters('raw', async (stream, revision, event) => {
    await raw.query(RAW_INSERT, rawParams(stream, revision, event));
  });
  let writersDone = false;
  let position = '0';
  const reader = (async () => {
    for (;;) {
      const { rows } = await admin.query(`SELECT ${RAW_COLUMNS} FROM raw_events WHERE position > $1 ORDER BY position LIMIT $2`, [
        position,
        config.catchupBatch,
      ]);
      if (rows.length === 0) {
        if (writersDone) return;
        await sleep(5);
        continue;
      }
      await project(
        rm,
        'rm_raw',
        rows.map((r) => r.stream_id as string),
        rows.map((r) => r.position as string),
      );
      for (const r of rows) tally.add(r.id as string);
      position = rows[rows.length - 1].position as string;
    }
  })();
  await waitFor(() => tally.seen.size >= initial, 120_000);
  await sleep(config.liveTailMs);
  await writers.stop();
  writersDone = true;
  await reader;
  return compare(await tableIds(admin, 'raw_events'), tally, initial, started);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await sleep(10);
  }
}

async function waitForSettled(progress: () => number, done: () => boolean, idleMs: number): Promise<void> {
  let last = progress();
  let lastChange = Date.now();
  while (!done()) {
    await sleep(20);
    const now = progress();
    if (now !== last) {
      last = now;
      lastChange = Date.now();
    } else if (Date.now() - lastChange > idleMs) return;
  }
}

// ---------------------------------------------------------------------------------------------
// Rehydration: read one stream and fold it.

interface FoldState {
  count: number;
  total: number;
}

function fold(state: FoldState, data: Record<string, unknown>): FoldState {
  state.count += 1;
  state.total += data.amount as number;
  return state;
}

/** Ours: `readForDecision`, the read every command handler starts with (AggregateRepository.load). */
async function rehydrateOurs(store: PostgresEventStore, stream: string): Promise<FoldState> {
  const events = await store.readForDecision(stream);
  let state: FoldState = { count: 0, total: 0 };
  for (const e of events) state = fold(state, e.data);
  return state;
}

async function rehydrateRaw(raw: pg.Pool, stream: string): Promise<FoldState> {
  const { rows } = await raw.query<{ data: Record<string, unknown> }>(
    'SELECT data FROM raw_events WHERE stream_id = $1 ORDER BY revision',
    [stream],
  );
  let state: FoldState = { count: 0, total: 0 };
  for (const r of rows) state = fold(state, r.data);
  return state;
}

interface RehydrateSample {
  meanMs: number;
  p50: number;
  p99: number;
}

async function timeRehydrate(iterations: number, run: () => Promise<FoldState>, expectedCount: number): Promise<RehydrateSample> {
  const latencies = new Float64Array(iterations);
  const started = nowMs();
  for (let i = 0; i < iterations; i += 1) {
    const t0 = nowMs();
    const state = await run();
    latencies[i] = nowMs() - t0;
    if (state.count !== expectedCount) throw new Error(`fold saw ${state.count} events, expected ${expectedCount}`);
  }
  const elapsed = nowMs() - started;
  latencies.sort();
  return { meanMs: elapsed / iterations, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

// ---------------------------------------------------------------------------------------------
// Seeding

/** Appends `count` events through the store (multi-event appends on many streams), fast. */
async function seedOurs(store: PostgresEventStore, count: number, streamPrefix: string, perStream: number, perAppend: number) {
  const streams = Math.ceil(count / perStream);
  let n = 0;
  let nextStream = 0;
  const workers = Array.from({ length: 4 }, async () => {
    for (;;) {
      const s = nextStream++;
      if (s >= streams) return;
      const stream = `${streamPrefix}-${s}`;
      const size = Math.min(perStream, count - s * perStream);
      for (let written = 0; written < size; written += perAppend) {
        const chunk = Array.from({ length: Math.min(perAppend, size - written) }, () => newEvent(n++));
        await store.append(stream, chunk, written === 0 ? 'no_stream' : BigInt(written - 1));
      }
    }
  });
  await Promise.all(workers);
}

/** Copies events into raw_events (same content, positions from the bigserial, in global order). */
async function copyToRaw(pool: pg.Pool, where: string, params: unknown[] = []): Promise<void> {
  await pool.query(
    `INSERT INTO raw_events (stream_id, revision, id, type, schema_version, data, metadata, recorded_at, tx_id, prev_hash, hash)
     SELECT stream_id, revision, id, type, schema_version, data, metadata, recorded_at, tx_id, prev_hash, hash
       FROM events WHERE ${where} ORDER BY position`,
    params,
  );
}

// ---------------------------------------------------------------------------------------------

interface Paired<T> {
  raw: T[];
  ours: T[];
}

function pairStats<T>(p: Paired<T>, pick: (s: T) => number, higherIsBetter: boolean) {
  const raw = p.raw.map(pick);
  const ours = p.ours.map(pick);
  const ratios = ours.map((o, i) => o / raw[i]!);
  return {
    raw: round(median(raw)),
    ours: round(median(ours)),
    ratio: round(median(ratios)),
    ratioMin: round(Math.min(...ratios)),
    ratioMax: round(Math.max(...ratios)),
    noiseRawPct: spreadPct(raw),
    noiseOursPct: spreadPct(ours),
    higherIsBetter,
  };
}

async function main(): Promise<void> {
  const benchStarted = nowMs();
  const cpuStart = readCpuTimes();
  const loadStart = os.loadavg()[0];

  let embedded: EmbeddedDatabase | undefined;
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    log('DATABASE_URL not set: starting embedded PostgreSQL');
    embedded = await startEmbeddedPostgres({
      dataDir: path.join(os.tmpdir(), `ledger-bench-pg-${randomBytes(4).toString('hex')}`),
      persistent: false,
    });
    adminUrl = embedded.adminUrl;
  }
  const dbName = `ledger_bench_${randomBytes(4).toString('hex')}`;
  await createDatabase(adminUrl, dbName);
  const url = withDatabase(adminUrl, dbName);
  log(`database ${dbName} on ${new URL(adminUrl).host}`);

  const admin = new pg.Pool({ connectionString: url, max: 4 });
  const rm = new pg.Pool({ connectionString: url, max: 2 });
  const output: Record<string, unknown> = {};
  try {
    await runMigrations(url);
    await admin.query(RAW_TABLE);
    for (const ddl of READ_MODEL_TABLES) await admin.query(ddl);
    const server = (await admin.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]!.v;
    const settings = (
      await admin.query<{ name: string; setting: string }>(
        "SELECT name, setting FROM pg_settings WHERE name IN ('synchronous_commit','fsync','shared_buffers','wal_sync_method')",
      )
    ).rows;

    // --- catch-up -----------------------------------------------------------------------------
    log(`seeding ${config.catchupEvents} events through the store`);
    {
      const seeder = new PostgresEventStore({ connectionString: url, poolSize: 4 });
      const t0 = nowMs();
      await seedOurs(seeder, config.catchupEvents, 'seed', 50, 50);
      await seeder.close();
      log(`  seeded in ${round((nowMs() - t0) / 1000, 1)} s`);
    }
    await copyToRaw(admin, 'true');
    await admin.query('VACUUM ANALYZE events');
    await admin.query('VACUUM ANALYZE raw_events');

    const catchup: Paired<CatchupSample> = { raw: [], ours: [] };
    const rawReader = new pg.Pool({ connectionString: url, max: 2 });
    for (let rep = 0; rep < config.reps; rep += 1) {
      await resetReadModels(rm);
      const r = await catchupRaw(rawReader, rm, config.catchupEvents);
      await resetReadModels(rm);
      const o = await catchupOurs(url, rm, config.catchupEvents);
      catchup.raw.push(r);
      catchup.ours.push(o);
      log(
        `catch-up rep ${rep + 1}: raw ${Math.round(r.eventsPerSec)} ev/s, ours ${Math.round(o.eventsPerSec)} ev/s` +
          ` (ours lost ${o.lost}, duplicated ${o.duplicated})`,
      );
    }
    const checkRm = (await admin.query<{ n: string }>('SELECT sum(events)::text AS n FROM rm_ours')).rows[0]!.n;
    if (Number(checkRm) !== config.catchupEvents) throw new Error(`read model counted ${checkRm} events`);

    log(`catch-up while ${config.concurrentWriters} writers append (ours)`);
    const liveOurs = await concurrentOurs(url, admin, rm);
    log(`  ours: ${JSON.stringify(liveOurs)}`);
    log(`catch-up while ${config.concurrentWriters} writers insert (raw bigserial reader, for comparison)`);
    const rawWriterPool = new pg.Pool({ connectionString: url, max: config.concurrentWriters });
    const liveRaw = await concurrentRaw(admin, rawWriterPool, rm);
    await rawWriterPool.end();
    log(`  raw: ${JSON.stringify(liveRaw)}`);
    await rawReader.end();

    const c = pairStats(catchup, (s) => s.eventsPerSec, true);
    output.catchup = {
      events: config.catchupEvents,
      batch: config.catchupBatch,
      rawEventsPerSec: Math.round(c.raw),
      oursEventsPerSec: Math.round(c.ours),
      ratio: c.ratio,
      ratioRange: [c.ratioMin, c.ratioMax],
      noiseRawPct: c.noiseRawPct,
      noiseOursPct: c.noiseOursPct,
      lost: Math.max(...catchup.ours.map((s) => s.lost)),
      duplicated: Math.max(...catchup.ours.map((s) => s.duplicated)),
      concurrent: { ours: liveOurs, raw: liveRaw },
    };

    // --- rehydration --------------------------------------------------------------------------
    log('rehydration');
    const rehydration: Record<string, unknown> = {};
    {
      const seeder = new PostgresEventStore({ connectionString: url, poolSize: 2 });
      await seedOurs(seeder, 100, 'rehydrate-100', 100, 100);
      await seedOurs(seeder, 1000, 'rehydrate-1000', 1000, 100);
      await seeder.close();
      await copyToRaw(admin, "stream_id IN ('rehydrate-100-0', 'rehydrate-1000-0')");
      await admin.query('ANALYZE events');
      await admin.query('ANALYZE raw_events');
      const store = new PostgresEventStore({ connectionString: url, poolSize: 1 });
      const raw = new pg.Pool({ connectionString: url, max: 1 });
      for (const size of [100, 1000]) {
        const stream = `rehydrate-${size}-0`;
        const iterations = config.rehydrateIterations[size]!;
        // Warm both paths (plans, caches, JIT of the fold).
        await timeRehydrate(Math.ceil(iterations / 4), () => rehydrateRaw(raw, stream), size);
        await timeRehydrate(Math.ceil(iterations / 4), () => rehydrateOurs(store, stream), size);
        const samples: Paired<RehydrateSample> = { raw: [], ours: [] };
        for (let rep = 0; rep < config.reps; rep += 1) {
          samples.raw.push(await timeRehydrate(iterations, () => rehydrateRaw(raw, stream), size));
          samples.ours.push(await timeRehydrate(iterations, () => rehydrateOurs(store, stream), size));
          log(
            `  ${size} events rep ${rep + 1}: raw ${round(samples.raw[rep]!.meanMs)} ms, ours ${round(samples.ours[rep]!.meanMs)} ms`,
          );
        }
        const mean = pairStats(samples, (s) => s.meanMs, false);
        const p99 = pairStats(samples, (s) => s.p99, false);
        rehydration[`events${size}`] = {
          rawMeanMs: mean.raw,
          oursMeanMs: mean.ours,
          rawP50Ms: round(median(samples.raw.map((s) => s.p50))),
          oursP50Ms: round(median(samples.ours.map((s) => s.p50))),
          rawP99Ms: p99.raw,
          oursP99Ms: p99.ours,
          ratio: mean.ratio,
          ratioRange: [mean.ratioMin, mean.ratioMax],
          noiseRawPct: mean.noiseRawPct,
          noiseOursPct: mean.noiseOursPct,
        };
      }
      await store.close();
      await raw.end();
    }
    output.rehydration = rehydration;

    // --- append -------------------------------------------------------------------------------
    const append: Record<string, unknown> = {};
    for (const concurrency of config.concurrencies) {
      log(`append at concurrency ${concurrency}: ${config.appendEvents} events over ${config.appendStreams} streams`);
      const raw = new pg.Pool({ connectionString: url, max: concurrency });
      const store = new PostgresEventStore({ connectionString: url, poolSize: concurrency });
      await warmUp(concurrency, raw, store);
      const samples: Paired<AppendSample> = { raw: [], ours: [] };
      for (let rep = 0; rep < config.reps; rep += 1) {
        const first: Kind = rep % 2 === 0 ? 'raw' : 'ours';
        for (const kind of [first, first === 'raw' ? 'ours' : 'raw'] as Kind[]) {
          const sample = await runAppends(kind, planAppends(`${kind}-c${concurrency}-r${rep}`, concurrency), raw, store);
          samples[kind].push(sample);
          log(
            `  rep ${rep + 1} ${kind.padEnd(4)}: ${Math.round(sample.eventsPerSec)} ev/s, p50 ${round(sample.p50)} ms, p99 ${round(sample.p99)} ms`,
          );
        }
      }
      await store.close();
      await raw.end();
      const eps = pairStats(samples, (s) => s.eventsPerSec, true);
      const p50 = pairStats(samples, (s) => s.p50, false);
      const p99 = pairStats(samples, (s) => s.p99, false);
      append[`c${concurrency}`] = {
        rawEventsPerSec: Math.round(eps.raw),
        oursEventsPerSec: Math.round(eps.ours),
        ratio: eps.ratio,
        ratioRange: [eps.ratioMin, eps.ratioMax],
        rawP50Ms: p50.raw,
        oursP50Ms: p50.ours,
        p50Ratio: p50.ratio,
        rawP99Ms: p99.raw,
        oursP99Ms: p99.ours,
        p99Ratio: p99.ratio,
        p99RatioRange: [p99.ratioMin, p99.ratioMax],
        noiseRawPct: eps.noiseRawPct,
        noiseOursPct: eps.noiseOursPct,
        noiseRawP99Pct: p99.noiseRawPct,
      };
    }
    output.append = append;

    // --- verdicts -----------------------------------------------------------------------------
    const targets: Record<string, { value: number; target: string; met: boolean }> = {};
    for (const concurrency of config.concurrencies) {
      const a = append[`c${concurrency}`] as { ratio: number; p99Ratio: number };
      targets[`append_c${concurrency}`] = { value: a.ratio, target: '>= 0.6', met: a.ratio >= 0.6 };
      targets[`append_p99_c${concurrency}`] = { value: a.p99Ratio, target: '<= 1.5', met: a.p99Ratio <= 1.5 };
    }
    for (const size of [100, 1000]) {
      const r = rehydration[`events${size}`] as { ratio: number };
      targets[`rehydrate_${size}`] = { value: r.ratio, target: '<= 1.3', met: r.ratio <= 1.3 };
    }
    targets.catchup = { value: c.ratio, target: '>= 0.5', met: c.ratio >= 0.5 };
    targets.catchup_exactly_once = {
      value: liveOurs.lost + liveOurs.duplicated + (output.catchup as { lost: number; duplicated: number }).lost,
      target: '== 0 lost or duplicated',
      met: liveOurs.lost === 0 && liveOurs.duplicated === 0 && catchup.ours.every((s) => s.lost === 0 && s.duplicated === 0),
    };

    const cpuEnd = readCpuTimes();
    const machine: Record<string, unknown> = {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      memoryGb: round(os.totalmem() / 2 ** 30, 1),
      node: process.version,
      postgres: server,
      postgresSettings: Object.fromEntries(settings.map((s) => [s.name, s.setting])),
      embedded: embedded !== undefined,
      loadAvg1mStart: round(loadStart ?? 0, 2),
      loadAvg1mEnd: round(os.loadavg()[0] ?? 0, 2),
    };
    if (cpuStart && cpuEnd) {
      const total = cpuEnd.total - cpuStart.total;
      machine.cpuStealPct = round(((cpuEnd.steal - cpuStart.steal) / total) * 100, 2);
      machine.cpuIdlePct = round(((cpuEnd.idle - cpuStart.idle) / total) * 100, 1);
    }
    const result = {
      bench: 'event-store',
      at: new Date().toISOString(),
      seconds: round((nowMs() - benchStarted) / 1000, 1),
      reps: config.reps,
      machine,
      ratios: {
        ...Object.fromEntries(
          config.concurrencies.flatMap((cc) => {
            const a = append[`c${cc}`] as { ratio: number; p99Ratio: number };
            return [
              [`append_c${cc}`, a.ratio],
              [`append_p99_c${cc}`, a.p99Ratio],
            ];
          }),
        ),
        rehydrate_100: (rehydration.events100 as { ratio: number }).ratio,
        rehydrate_1000: (rehydration.events1000 as { ratio: number }).ratio,
        catchup: c.ratio,
      },
      allTargetsMet: Object.values(targets).every((t) => t.met),
      targets,
      ...output,
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await admin.end().catch(() => undefined);
    await rm.end().catch(() => undefined);
    await dropDatabase(adminUrl, dbName).catch((e: unknown) => log(`could not drop ${dbName}: ${String(e)}`));
    if (embedded) await embedded.stop().catch(() => undefined);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`[bench] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
