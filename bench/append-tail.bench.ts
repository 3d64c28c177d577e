/**
 * Where the append p99 tail comes from (issue 17): at concurrency 8 and 32, per-op
 * latency of
 *   raw       INSERT INTO raw_events (autocommit), pool of size c;
 *   sql       SELECT append_event(...) sent directly on a pool of size c: the database
 *             function alone (revision check, the read of the previous hash, the hash, the insert);
 *   ours      store.append (NOTIFY on a connection of its own: the default);
 *   ours-pool store.append with the coalesced NOTIFY sent on a pool connection (the old way).
 * While each runs, the pool's waiting queue is sampled every millisecond (max and mean).
 *
 *   npm run bench:append-tail          (BENCH_APPEND_EVENTS=8000 by default, BENCH_REPS=2)
 *
 * One JSON line on stdout; see bench/README.md "append tail".
 */
import { randomBytes, randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { PostgresEventStore } from '#event-store';
import { createDatabase, dropDatabase, withDatabase, startEmbeddedPostgres, runMigrations, type EmbeddedDatabase } from '#platform';

const EVENTS = Number(process.env.BENCH_APPEND_EVENTS ?? 8000);
const REPS = Number(process.env.BENCH_REPS ?? 2);
const CONCURRENCIES = (process.env.BENCH_CONCURRENCY ?? '8,32').split(',').map(Number);
const PER_STREAM = 10;
const log = (m: string) => process.stderr.write(`[bench:append-tail] ${m}\n`);
const round = (v: number) => Math.round(v * 100) / 100;
const pct = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

type Kind = 'raw' | 'sql' | 'ours' | 'ours-pool';

const data = (i: number) => ({ assignmentId: `a${i}`, note: 'x'.repeat(120), at: new Date().toISOString(), n: i });

async function run(kind: Kind, c: number, url: string, tag: string): Promise<{ eps: number; p50: number; p99: number; p999: number; waitMax: number; waitMean: number }> {
  const pool = new pg.Pool({ connectionString: url, max: c });
  const store = kind === 'ours' || kind === 'ours-pool' ? new PostgresEventStore({ pool, notifyVia: kind === 'ours' ? 'dedicated' : 'pool' }) : undefined;
  // Open every connection first (plpgsql compiles per session).
  const clients = await Promise.all(Array.from({ length: c }, () => pool.connect()));
  clients.forEach((cl) => cl.release());
  const streams = Math.ceil(EVENTS / PER_STREAM);
  const latencies: number[] = [];
  let waitMax = 0;
  let waitSum = 0;
  let waitSamples = 0;
  const sampler = setInterval(() => {
    waitMax = Math.max(waitMax, pool.waitingCount);
    waitSum += pool.waitingCount;
    waitSamples++;
  }, 1);
  const started = performance.now();
  await Promise.all(
    Array.from({ length: c }, async (_, w) => {
      for (let s = w; s < streams; s += c) {
        const stream = `${tag}-${kind}-${s}`;
        for (let r = 0; r < PER_STREAM; r++) {
          const t0 = performance.now();
          const id = randomUUID();
          if (kind === 'raw') {
            await pool.query(
              'INSERT INTO raw_events (stream_id, revision, id, type, data, metadata, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, now())',
              [stream, r, id, 'BenchEvent', JSON.stringify(data(r)), '{}'],
            );
          } else if (kind === 'sql') {
            await pool.query('SELECT status FROM append_event($1, $2, $3, $4, $5, $6, $7, $8, $9)', [
              stream, r === 0 ? 'no_stream' : 'revision', r === 0 ? null : String(r - 1), id, 'BenchEvent', 1, JSON.stringify(data(r)), '{}', new Date().toISOString(),
            ]);
          } else {
            await store!.append(stream, [{ id, type: 'BenchEvent', data: data(r) }], r === 0 ? 'no_stream' : BigInt(r - 1));
          }
          latencies.push(performance.now() - t0);
        }
      }
    }),
  );
  const elapsed = performance.now() - started;
  clearInterval(sampler);
  await store?.close();
  await pool.end();
  latencies.sort((a, b) => a - b);
  return {
    eps: Math.round((latencies.length / elapsed) * 1000),
    p50: round(pct(latencies, 50)),
    p99: round(pct(latencies, 99)),
    p999: round(pct(latencies, 99.9)),
    waitMax,
    waitMean: round(waitSum / Math.max(1, waitSamples)),
  };
}

async function main(): Promise<void> {
  let embedded: EmbeddedDatabase | undefined;
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    embedded = await startEmbeddedPostgres({ dataDir: path.join(os.tmpdir(), `ledger-tail-${randomBytes(4).toString('hex')}`), persistent: false });
    adminUrl = embedded.adminUrl;
  }
  const dbName = `ledger_bench_tail_${randomBytes(4).toString('hex')}`;
  await createDatabase(adminUrl, dbName);
  const url = withDatabase(adminUrl, dbName);
  try {
    await runMigrations(url);
    const admin = new pg.Pool({ connectionString: url, max: 1 });
    await admin.query(`CREATE TABLE raw_events (position bigserial PRIMARY KEY, stream_id text NOT NULL, revision bigint NOT NULL, id uuid NOT NULL UNIQUE,
      type text NOT NULL, data jsonb NOT NULL, metadata jsonb NOT NULL, recorded_at timestamptz NOT NULL, UNIQUE (stream_id, revision))`);
    await admin.end();
    const loads: number[] = [os.loadavg()[0]!];
    const out: Record<string, Record<Kind, Array<Awaited<ReturnType<typeof run>>>>> = {};
    for (const c of CONCURRENCIES) {
      const kinds: Kind[] = ['raw', 'sql', 'ours', 'ours-pool'];
      out[`c${c}`] = { raw: [], sql: [], ours: [], 'ours-pool': [] };
      for (const k of kinds) await run(k, c, url, `warm-${c}`);
      for (let rep = 0; rep < REPS; rep++) {
        for (const k of rep % 2 ? [...kinds].reverse() : kinds) {
          const r = await run(k, c, url, `r${rep}-c${c}`);
          out[`c${c}`]![k].push(r);
          loads.push(os.loadavg()[0]!);
          log(`c=${c} rep ${rep + 1} ${k.padEnd(9)} ${r.eps} ev/s p50 ${r.p50} p99 ${r.p99} p99.9 ${r.p999} ms; pool queue max ${r.waitMax} mean ${r.waitMean}`);
        }
      }
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const summary = Object.fromEntries(
      Object.entries(out).map(([c, byKind]) => {
        const p99 = (k: Kind) => median(byKind[k].map((r) => r.p99));
        const paired = (k: Kind) => byKind[k].map((r, i) => round(r.p99 / byKind.raw[i]!.p99));
        return [c, {
          p99Ms: { raw: p99('raw'), sql: p99('sql'), ours: p99('ours'), oursPool: p99('ours-pool') },
          p99Ratio: { sql: paired('sql'), ours: paired('ours'), oursPool: paired('ours-pool') },
          poolQueueMax: { raw: Math.max(...byKind.raw.map((r) => r.waitMax)), ours: Math.max(...byKind.ours.map((r) => r.waitMax)), oursPool: Math.max(...byKind['ours-pool'].map((r) => r.waitMax)) },
          eventsPerSec: { raw: median(byKind.raw.map((r) => r.eps)), ours: median(byKind.ours.map((r) => r.eps)), oursPool: median(byKind['ours-pool'].map((r) => r.eps)) },
        }];
      }),
    );
    process.stdout.write(`${JSON.stringify({ bench: 'append-tail', events: EVENTS, reps: REPS, summary, runs: out, loadAverage1m: loads.map((l) => round(l)) })}\n`);
  } finally {
    await dropDatabase(adminUrl, dbName).catch(() => undefined);
    await embedded?.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
