/**
 * Ledger benchmark (issue 11): sealing cost and lag under appends at c=32, proof
 * latency at 1,000,000 leaves, full and incremental verification. See bench/README.md.
 *
 *   npm run bench:ledger        (DATABASE_URL when set, else an embedded PostgreSQL)
 *
 * Progress on stderr; one JSON line on stdout. Smaller runs: BENCH_LEDGER_* variables.
 */
import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { CheckpointSigner, CompactRange, leafHash, PostgresEventStore, PostgresLedger } from '#event-store';
import { createDatabase, dropDatabase, runMigrations, startEmbeddedPostgres, withDatabase, type EmbeddedDatabase } from '#platform';

function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number.parseInt(raw, 10);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive integer`);
  return value;
}

const config = {
  reps: envInt('BENCH_REPS', 3),
  concurrency: envInt('BENCH_LEDGER_CONCURRENCY', 32),
  appendEvents: envInt('BENCH_LEDGER_APPEND_EVENTS', 20_000),
  streams: envInt('BENCH_LEDGER_STREAMS', 2_000),
  treeLeaves: envInt('BENCH_LEDGER_TREE_LEAVES', 1_000_000),
  proofs: envInt('BENCH_LEDGER_PROOFS', 2_000),
  verifyEvents: envInt('BENCH_LEDGER_VERIFY_EVENTS', 200_000),
  incrementalEvents: envInt('BENCH_LEDGER_INCREMENTAL_EVENTS', 10_000),
};

const log = (line: string): boolean => process.stderr.write(`[bench:ledger] ${line}\n`);
const nowMs = (): number => Number(process.hrtime.bigint()) / 1e6;
const round = (v: number, d = 3): number => Math.round(v * 10 ** d) / 10 ** d;
const median = (v: number[]): number => {
  const s = [...v].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const pct = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;

const signer = new CheckpointSigner(generateKeyPairSync('ed25519').privateKey);

/** c workers, each owning streams i mod c, one event per append with the exact revision. */
async function appendRun(store: PostgresEventStore, tag: string): Promise<number> {
  const revisions = new Map<string, bigint>();
  let next = 0;
  const started = nowMs();
  await Promise.all(
    Array.from({ length: config.concurrency }, async () => {
      for (;;) {
        const i = next++;
        if (i >= config.appendEvents) return;
        const stream = `assignment-${tag}-${i % config.streams}`;
        const rev = revisions.get(stream);
        await store.append(stream, [{ id: randomUUID(), type: 'AssignmentNoted', data: { n: i, unitId: 'u-1', note: 'x'.repeat(120) } }], rev === undefined ? 'no_stream' : rev);
        revisions.set(stream, (rev ?? -1n) + 1n);
      }
    }),
  );
  return config.appendEvents / ((nowMs() - started) / 1000);
}

async function sealedCount(pool: pg.Pool): Promise<number> {
  const { rows } = await pool.query('SELECT coalesce(max(idx) + 1, 0)::int AS n FROM ledger_leaves');
  return rows[0].n;
}

async function eventCount(pool: pg.Pool): Promise<number> {
  return (await pool.query('SELECT count(*)::int AS n FROM events')).rows[0].n;
}

async function sealing(url: string): Promise<Record<string, unknown>> {
  const store = new PostgresEventStore({ connectionString: url, poolSize: config.concurrency });
  const sealerPool = new pg.Pool({ connectionString: url, max: 3 });
  const ledger = new PostgresLedger({ pool: sealerPool, signer, checkpointEvery: 1000, checkpointIntervalMs: 1000, pollIntervalMs: 100 });
  const without: number[] = [];
  const withSealer: number[] = [];
  const lags: number[] = [];
  try {
    await appendRun(store, 'warm');
    for (let rep = 0; rep < config.reps; rep++) {
      for (const on of rep % 2 === 0 ? [false, true] : [true, false]) {
        if (on) {
          ledger.start();
          // Start from a caught-up log, so the measure is the cost of keeping pace.
          while ((await sealedCount(sealerPool)) < (await eventCount(sealerPool))) await new Promise((r) => setTimeout(r, 50));
          const rate = await appendRun(store, `r${rep}on`);
          const ended = nowMs();
          const target = await eventCount(sealerPool);
          while ((await sealedCount(sealerPool)) < target) await new Promise((r) => setTimeout(r, 10));
          lags.push(nowMs() - ended);
          withSealer.push(rate);
          await ledger.stop();
        } else {
          without.push(await appendRun(store, `r${rep}off`));
        }
      }
      log(`sealing rep ${rep + 1}: without ${Math.round(without.at(-1)!)} ev/s, with ${Math.round(withSealer.at(-1)!)} ev/s, lag at the end ${Math.round(lags.at(-1)!)} ms`);
    }
  } finally {
    await ledger.stop();
    await store.close();
    await sealerPool.end();
  }
  const ratios = withSealer.map((w, i) => w / without[i]!);
  return {
    concurrency: config.concurrency,
    eventsPerRun: config.appendEvents,
    withoutEventsPerSec: Math.round(median(without)),
    withEventsPerSec: Math.round(median(withSealer)),
    ratio: round(median(ratios)),
    ratioRange: [round(Math.min(...ratios)), round(Math.max(...ratios))],
    costPct: round((1 - median(ratios)) * 100, 1),
    lagAtEndMs: { median: Math.round(median(lags)), max: Math.round(Math.max(...lags)) },
  };
}

/** A synthetic log of n leaves in the sealer's table layout (ledger_leaves, ledger_nodes). */
async function buildTree(pool: pg.Pool, n: number): Promise<void> {
  const range = new CompactRange();
  const batch = 20_000;
  for (let start = 0; start < n; start += batch) {
    const idx: string[] = [];
    const pos: string[] = [];
    const hashes: Buffer[] = [];
    const levels: number[] = [];
    const nidx: string[] = [];
    const nh: Buffer[] = [];
    for (let i = start; i < Math.min(n, start + batch); i++) {
      const h = leafHash(`synthetic event ${i}`);
      idx.push(String(i));
      pos.push(String(i + 1));
      hashes.push(h);
      range.append(h, (l, j, x) => {
        levels.push(l);
        nidx.push(String(j));
        nh.push(x);
      });
    }
    await pool.query('INSERT INTO ledger_leaves (idx, position, hash) SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bytea[])', [idx, pos, hashes]);
    await pool.query('INSERT INTO ledger_nodes (level, idx, hash) SELECT * FROM unnest($1::smallint[], $2::bigint[], $3::bytea[])', [levels, nidx, nh]);
  }
  await pool.query('VACUUM ANALYZE ledger_leaves');
  await pool.query('VACUUM ANALYZE ledger_nodes');
}

async function proofs(url: string): Promise<Record<string, unknown>> {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  try {
    const t0 = nowMs();
    await buildTree(pool, config.treeLeaves);
    log(`built a ${config.treeLeaves}-leaf tree in ${round((nowMs() - t0) / 1000, 1)} s`);
    const ledger = new PostgresLedger({ pool });
    const n = config.treeLeaves;
    const rnd = (k: number): number => Math.floor(Math.random() * k);
    for (let i = 0; i < 200; i++) await ledger.inclusionProofByIndex(rnd(n), n);
    const inc: number[] = [];
    for (let i = 0; i < config.proofs; i++) {
      const s = nowMs();
      const size = n - rnd(1000);
      await ledger.inclusionProofByIndex(rnd(size), size);
      inc.push(nowMs() - s);
    }
    const cons: number[] = [];
    for (let i = 0; i < config.proofs; i++) {
      const to = n - rnd(1000);
      const s = nowMs();
      await ledger.consistencyProof(1 + rnd(to - 1), to);
      cons.push(nowMs() - s);
    }
    inc.sort((a, b) => a - b);
    cons.sort((a, b) => a - b);
    return {
      leaves: n,
      proofs: config.proofs,
      inclusionMs: { p50: round(pct(inc, 50)), p99: round(pct(inc, 99)), max: round(inc.at(-1)!) },
      consistencyMs: { p50: round(pct(cons, 50)), p99: round(pct(cons, 99)), max: round(cons.at(-1)!) },
    };
  } finally {
    await pool.end();
  }
}

/** Seeds events through the store in appends of 100 events, so seeding is quick. */
async function seed(store: PostgresEventStore, count: number, tag: string): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      for (;;) {
        const start = next;
        next += 100;
        if (start >= count) return;
        const events = Array.from({ length: Math.min(100, count - start) }, (_, k) => ({
          id: randomUUID(),
          type: 'AssignmentNoted',
          data: { n: start + k, unitId: 'u-1', note: 'x'.repeat(120), nested: { a: [1, 2, 3], b: 'é' } },
          metadata: { correlationId: randomUUID(), actor: { sub: 'bench', roles: ['hr'] } },
        }));
        await store.append(`assignment-${tag}-${start}`, events, 'no_stream');
      }
    }),
  );
}

/**
 * Seals and signs until the checkpoint covers every event: positions settle only once no older
 * transaction is open anywhere on the server (another client's long transaction holds them back),
 * and a checkpoint short of the end would make the next "incremental" run cover more.
 */
async function sealAll(ledger: PostgresLedger, pool: pg.Pool): Promise<void> {
  const n = await eventCount(pool);
  for (;;) {
    const cp = await ledger.sealAndCheckpointNow();
    if (cp && cp.treeSize >= n) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function verification(url: string): Promise<Record<string, unknown>> {
  const store = new PostgresEventStore({ connectionString: url, poolSize: 8 });
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  const ledger = new PostgresLedger({ pool, signer, batchSize: 10_000 });
  try {
    let t0 = nowMs();
    await seed(store, config.verifyEvents, 'v');
    log(`seeded ${config.verifyEvents} events in ${round((nowMs() - t0) / 1000, 1)} s`);
    t0 = nowMs();
    await sealAll(ledger, pool);
    const sealSeconds = (nowMs() - t0) / 1000;
    log(`sealed in ${round(sealSeconds, 1)} s`);
    await pool.query('VACUUM ANALYZE events');
    const fulls: number[] = [];
    /** CPU time of this (verifier) process per event: what the rate would be if the verifier had a core to itself. */
    const cpuUsPerEvent: number[] = [];
    let last;
    for (let rep = 0; rep < config.reps; rep++) {
      const cpu0 = process.cpuUsage();
      const job = await ledger.startVerification('full', 'bench');
      last = await job.done;
      const cpu = process.cpuUsage(cpu0);
      cpuUsPerEvent.push((cpu.user + cpu.system) / last.eventsChecked);
      if (!last.ok) throw new Error(`verification failed: ${JSON.stringify(last.findings.slice(0, 3))}`);
      fulls.push(last.eventsPerSecond);
      log(`full verify rep ${rep + 1}: ${last.eventsChecked} events in ${round(last.seconds, 2)} s = ${last.eventsPerSecond} ev/s ${JSON.stringify(last.phasesMs)}`);
    }
    await seed(store, config.incrementalEvents, 'inc');
    await sealAll(ledger, pool);
    const job = await ledger.startVerification('incremental', 'bench');
    const inc = await job.done;
    if (!inc.ok || inc.mode !== 'incremental') throw new Error(`incremental verification: ${JSON.stringify(inc).slice(0, 300)}`);
    log(`incremental verify: ${inc.eventsChecked} events in ${round(inc.seconds, 3)} s`);
    return {
      events: last!.eventsChecked,
      sealEventsPerSec: Math.round(config.verifyEvents / sealSeconds),
      fullEventsPerSec: Math.round(median(fulls)),
      fullRange: [Math.min(...fulls), Math.max(...fulls)],
      verifierCpuUsPerEvent: round(median(cpuUsPerEvent), 2),
      verifierCpuBoundEventsPerSec: Math.round(1e6 / median(cpuUsPerEvent)),
      incremental: { events: inc.eventsChecked, seconds: round(inc.seconds, 3) },
    };
  } finally {
    await store.close();
    await pool.end();
  }
}

async function main(): Promise<void> {
  let embedded: EmbeddedDatabase | undefined;
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    embedded = await startEmbeddedPostgres({ dataDir: path.join(os.tmpdir(), `ledger-bench-pg-${randomBytes(4).toString('hex')}`), persistent: false });
    adminUrl = embedded.adminUrl;
  }
  const names: string[] = [];
  const fresh = async (): Promise<string> => {
    const name = `ledger_bench_${randomBytes(4).toString('hex')}`;
    await createDatabase(adminUrl, name);
    names.push(name);
    const url = withDatabase(adminUrl, name);
    await runMigrations(url);
    return url;
  };
  const out: Record<string, unknown> = { bench: 'ledger', at: new Date().toISOString(), cpus: os.cpus().length, loadavg1: os.loadavg()[0] };
  try {
    const only = process.env.BENCH_LEDGER_ONLY?.split(',');
    if (!only || only.includes('sealing')) out.sealing = await sealing(await fresh());
    if (!only || only.includes('proofs')) out.proofs = await proofs(await fresh());
    if (!only || only.includes('verify')) out.verify = await verification(await fresh());
  } finally {
    for (const name of names) await dropDatabase(adminUrl, name).catch(() => undefined);
    await embedded?.stop();
  }
  out.loadavg1End = os.loadavg()[0];
  console.log(JSON.stringify(out));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
