/**
 * Where the append p99 tail comes from (issue 17): at concurrency 8 and 32, per-op
 * latency of
 *   raw       INSERT INTO raw_events (autocommit), pool of size c (the event-store bench's raw side);
 *   wide      the same INSERT into a copy of \`events\` (same columns, indexes and row width, the
 *             hashes passed in): what the wider row and its indexes cost, without the function;
 *   sql       SELECT append_event(...) sent directly on a pool of size c: the database
 *             function alone (revision check, the read of the previous hash, the hash, the insert);
 *   ours      store.append (NOTIFY on a connection of its own: the default);
 *   ours-pool store.append with the coalesced NOTIFY sent on a pool connection (the old way);
 *   ours-nonotify  store.append with its NOTIFY switched off (diagnostic: what the NOTIFY costs);
 *   ours-syncnotify store.append with its NOTIFY committed synchronously, as before 2026-12-01 (A/B).
 * While each runs: the pool's waiting queue (every ms), Node's event-loop delay, and the
 * bench's backends in pg_stat_activity (state and wait event, sampled every ~2 ms by a
 * connection of its own): how the op's time splits between PostgreSQL on CPU (or runnable),
 * WAL flush (IO:WALSync / LWLock:WALWrite), locks, and the client (idle: Client:ClientRead).
 * With track_functions = pl, the server time of append_event per call (total and self);
 * from /proc (same host), the CPU per append of this process and of the pool's backends.
 *
 *   npm run bench:append-tail   (BENCH_APPEND_EVENTS=8000, BENCH_REPS=2, BENCH_CONCURRENCY=8,32,
 *                                BENCH_KINDS=raw,wide,sql,ours,ours-pool)
 *
 * One JSON line on stdout; see bench/README.md "append tail".
 */
import { randomBytes, randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import pg from 'pg';
import { PostgresEventStore } from '#event-store';
import { createDatabase, dropDatabase, withDatabase, startEmbeddedPostgres, runMigrations, type EmbeddedDatabase } from '#platform';

const EVENTS = Number(process.env.BENCH_APPEND_EVENTS ?? 8000);
const REPS = Number(process.env.BENCH_REPS ?? 2);
const CONCURRENCIES = (process.env.BENCH_CONCURRENCY ?? '8,32').split(',').map(Number);
const ALL_KINDS = ['raw', 'wide', 'sql', 'ours', 'ours-pool', 'ours-nonotify', 'ours-syncnotify'] as const;
type Kind = (typeof ALL_KINDS)[number];
const KINDS = (process.env.BENCH_KINDS ?? ALL_KINDS.join(',')).split(',').filter((k): k is Kind => (ALL_KINDS as readonly string[]).includes(k));
const PER_STREAM = 10;
const log = (m: string) => process.stderr.write(`[bench:append-tail] ${m}\n`);
const round = (v: number) => Math.round(v * 100) / 100;
const pct = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

const data = (i: number) => ({ assignmentId: `a${i}`, note: 'x'.repeat(120), at: new Date().toISOString(), n: i });
const HASH = 'ab'.repeat(32);

interface RunResult {
  eps: number;
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  waitMax: number;
  waitMean: number;
  /** Node event-loop delay while the run went on (ms). */
  loopP99: number;
  loopMax: number;
  /** Share of the bench backends' samples per state/wait event (pg_stat_activity). */
  backends: Record<string, number>;
  /** Server time per append_event call (track_functions), µs. */
  fnTotalUs?: number;
  fnSelfUs?: number;
  /** CPU per append, µs: this Node process (the client) and the pool's PostgreSQL backends (/proc, same host only). */
  clientCpuUs: number;
  serverCpuUs?: number;
}

/** utime + stime of processes, in µs (clock ticks of 10 ms); undefined when /proc is not readable (remote server). */
async function cpuOf(pids: number[]): Promise<number | undefined> {
  const { readFile } = await import('node:fs/promises');
  try {
    let ticks = 0;
    for (const pid of pids) {
      const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    }
    return ticks * 10_000;
  } catch {
    return undefined;
  }
}

/** Samples the backends of one application_name until stopped (one query at a time on its own connection). */
function sampleBackends(url: string, app: string): { stop(): Promise<Record<string, number>> } {
  const client = new pg.Client({ connectionString: url, application_name: 'append-tail-sampler' });
  const tally = new Map<string, number>();
  let total = 0;
  let stopped = false;
  const loop = (async () => {
    await client.connect();
    while (!stopped) {
      const { rows } = await client.query<{ k: string }>(
        `SELECT state || coalesce(' ' || wait_event_type || ':' || wait_event, '') AS k FROM pg_stat_activity WHERE application_name = $1`,
        [app],
      );
      for (const r of rows) {
        tally.set(r.k, (tally.get(r.k) ?? 0) + 1);
        total++;
      }
      await new Promise((r) => setTimeout(r, 2));
    }
    await client.end();
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      return Object.fromEntries([...tally.entries()].sort((a, b) => b[1] - a[1]).map(([k, n]) => [k, round(n / Math.max(1, total))]));
    },
  };
}

async function run(kind: Kind, c: number, url: string, tag: string): Promise<RunResult> {
  const app = `append-tail-${kind}`;
  const pool = new pg.Pool({ connectionString: url, max: c, application_name: app, options: '-c track_functions=pl' });
  const store = kind.startsWith('ours') ? new PostgresEventStore({ pool, notifyVia: kind === 'ours-pool' ? 'pool' : 'dedicated' }) : undefined;
  // Diagnostic only: the store without its coalesced NOTIFY (what the wake-up of other processes costs the writers).
  if (kind === 'ours-nonotify') (store as unknown as { announce(): void }).announce = () => undefined;
  // Diagnostic only: the store as it was before 2026-12-01, its NOTIFY committed with synchronous_commit on.
  if (kind === 'ours-syncnotify') {
    const s = store as unknown as { ensureNotifier(): Promise<pg.Client | undefined> };
    const own = s.ensureNotifier.bind(store);
    let on: Promise<pg.Client | undefined> | undefined;
    s.ensureNotifier = () => (on ??= own().then(async (client) => (await client?.query('SET synchronous_commit = on'), client)));
  }
  // Open every connection first (plpgsql compiles per session).
  const clients = await Promise.all(Array.from({ length: c }, () => pool.connect()));
  clients.forEach((cl) => cl.release());
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query('SELECT pg_stat_reset()');
  const pids = (await admin.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE application_name = $1', [app])).rows.map((r) => r.pid);
  const serverCpu0 = await cpuOf(pids);
  const clientCpu0 = process.cpuUsage();
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
  const backends = sampleBackends(url, app);
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: c }, async (_, w) => {
      for (let s = w; s < streams; s += c) {
        const stream = `${tag}-${kind}-${s}`;
        for (let r = 0; r < PER_STREAM; r++) {
          const t0 = performance.now();
          const id = randomUUID();
          if (kind === 'raw' || kind === 'wide') {
            await pool.query(
              `INSERT INTO ${kind === 'raw' ? 'raw_events' : 'wide_events'} (stream_id, revision, id, type, schema_version, data, metadata, recorded_at, prev_hash, hash${kind === 'wide' ? ', leaf_hash' : ''})
               VALUES ($1, $2, $3, $4, 1, $5, $6, $7, $8, $9${kind === 'wide' ? ", decode($9, 'hex')" : ''})`,
              [stream, r, id, 'BenchEvent', JSON.stringify(data(r)), '{}', new Date().toISOString(), r === 0 ? '' : HASH, HASH],
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
  const clientCpu = process.cpuUsage(clientCpu0);
  const serverCpu1 = await cpuOf(pids);
  loop.disable();
  clearInterval(sampler);
  const shares = await backends.stop();
  await store?.close();
  await pool.end();
  // Function statistics reach shared memory when a backend goes idle (at most once a second).
  await new Promise((r) => setTimeout(r, 1200));
  const fn = (
    await admin.query<{ calls: string; total: number; self: number }>(
      `SELECT calls::text, total_time AS total, self_time AS self FROM pg_stat_user_functions WHERE funcname = 'append_event'`,
    )
  ).rows[0];
  await admin.end();
  latencies.sort((a, b) => a - b);
  const calls = fn ? Number(fn.calls) : 0;
  return {
    eps: Math.round((latencies.length / elapsed) * 1000),
    p50: round(pct(latencies, 50)),
    p90: round(pct(latencies, 90)),
    p99: round(pct(latencies, 99)),
    p999: round(pct(latencies, 99.9)),
    waitMax,
    waitMean: round(waitSum / Math.max(1, waitSamples)),
    loopP99: round(loop.percentile(99) / 1e6),
    loopMax: round(loop.max / 1e6),
    backends: shares,
    clientCpuUs: Math.round((clientCpu.user + clientCpu.system) / latencies.length),
    ...(serverCpu0 !== undefined && serverCpu1 !== undefined ? { serverCpuUs: Math.round((serverCpu1 - serverCpu0) / latencies.length) } : {}),
    ...(calls > 0 ? { fnTotalUs: Math.round((fn!.total * 1000) / calls), fnSelfUs: Math.round((fn!.self * 1000) / calls) } : {}),
  };
}

const RAW_COLUMNS = `stream_id text NOT NULL, revision bigint NOT NULL CHECK (revision >= 0), id uuid NOT NULL UNIQUE, type text NOT NULL,
  schema_version integer NOT NULL CHECK (schema_version >= 1), data jsonb NOT NULL, metadata jsonb NOT NULL, recorded_at timestamptz NOT NULL,
  tx_id xid8 NOT NULL DEFAULT pg_current_xact_id(), prev_hash text NOT NULL, hash text NOT NULL, UNIQUE (stream_id, revision)`;

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
    // raw: the event-store bench's raw table; wide: events' own columns, row width and indexes.
    await admin.query(`CREATE TABLE raw_events (position bigserial PRIMARY KEY, ${RAW_COLUMNS})`);
    await admin.query(`CREATE TABLE wide_events (position bigserial PRIMARY KEY, ${RAW_COLUMNS},
      chain_version smallint NOT NULL DEFAULT 2, leaf_hash bytea CHECK (leaf_hash IS NULL OR length(leaf_hash) = 32))`);
    await admin.end();
    const loads: number[] = [os.loadavg()[0]!];
    const out: Record<string, Partial<Record<Kind, RunResult[]>>> = {};
    for (const c of CONCURRENCIES) {
      const byKind: Partial<Record<Kind, RunResult[]>> = Object.fromEntries(KINDS.map((k) => [k, []]));
      out[`c${c}`] = byKind;
      for (const k of KINDS) await run(k, c, url, `warm-${c}`);
      for (let rep = 0; rep < REPS; rep++) {
        for (const k of rep % 2 ? [...KINDS].reverse() : KINDS) {
          const r = await run(k, c, url, `r${rep}-c${c}`);
          byKind[k]!.push(r);
          loads.push(os.loadavg()[0]!);
          const top = Object.entries(r.backends).slice(0, 4).map(([w, v]) => `${w} ${Math.round(v * 100)}%`).join(', ');
          log(`c=${c} rep ${rep + 1} ${k.padEnd(9)} ${r.eps} ev/s p50 ${r.p50} p90 ${r.p90} p99 ${r.p99} p99.9 ${r.p999} ms; queue max ${r.waitMax}; loop p99 ${r.loopP99} ms; fn ${r.fnTotalUs ?? '-'}/${r.fnSelfUs ?? '-'} µs; cpu/op client ${r.clientCpuUs} server ${r.serverCpuUs ?? '-'} µs; ${top}; load ${round(os.loadavg()[0]!)}`);
        }
      }
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const summary = Object.fromEntries(
      Object.entries(out).map(([c, byKind]) => {
        const raw = byKind.raw;
        const of = (k: Kind, f: (r: RunResult) => number) => (byKind[k] ? median(byKind[k]!.map(f)) : undefined);
        const paired = (k: Kind, f: (r: RunResult) => number) => (byKind[k] && raw ? byKind[k]!.map((r, i) => round(f(r) / f(raw[i]!))) : undefined);
        const kinds = KINDS.filter((k) => byKind[k]);
        return [c, {
          p50Ms: Object.fromEntries(kinds.map((k) => [k, of(k, (r) => r.p50)])),
          p99Ms: Object.fromEntries(kinds.map((k) => [k, of(k, (r) => r.p99)])),
          p99Ratio: Object.fromEntries(kinds.filter((k) => k !== 'raw').map((k) => [k, paired(k, (r) => r.p99)])),
          p99RatioMedian: Object.fromEntries(kinds.filter((k) => k !== 'raw').map((k) => [k, raw ? median(paired(k, (r) => r.p99)!) : undefined])),
          p50RatioMedian: Object.fromEntries(kinds.filter((k) => k !== 'raw').map((k) => [k, raw ? median(paired(k, (r) => r.p50)!) : undefined])),
          clientCpuUs: Object.fromEntries(kinds.map((k) => [k, of(k, (r) => r.clientCpuUs)])),
          serverCpuUs: Object.fromEntries(kinds.map((k) => [k, of(k, (r) => r.serverCpuUs ?? NaN)])),
          eventsPerSec: Object.fromEntries(kinds.map((k) => [k, of(k, (r) => r.eps)])),
          poolQueueMax: Object.fromEntries(kinds.map((k) => [k, Math.max(...byKind[k]!.map((r) => r.waitMax))])),
        }];
      }),
    );
    process.stdout.write(`${JSON.stringify({ bench: 'append-tail', at: new Date().toISOString(), events: EVENTS, reps: REPS, kinds: KINDS, summary, runs: out, loadAverage1m: loads.map((l) => round(l)) })}\n`);
  } finally {
    await dropDatabase(adminUrl, dbName).catch(() => undefined);
    await embedded?.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
