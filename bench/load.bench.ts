/**
 * Mixed-load benchmark (issue 17): autocannon, 32 connections, 80 % reads / 20 % commands
 * over a seeded demo province, against the real API (inline projector). Reports errors,
 * p50/p99 overall and per kind, the API's peak RSS and the projections' largest lag.
 *
 *   npm run bench:load                          (fresh database, 2,000 staff, 3 minutes)
 *   BENCH_DURATION=60 npm run bench:load        (shorter, for a busy machine)
 *   BENCH_STAFF=400 BENCH_DURATION=20 ...       (smoke run)
 *
 * The database server is BENCH_DATABASE_URL (admin URL) when set, else an embedded one of
 * its own. Progress goes to stderr; one JSON line to stdout. See bench/README.md.
 */
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import { writeSigningKeyFile } from '#event-store';
import { mintDevToken } from '../apps/api/src/auth/jwt.verifier.js';
import { allProjections } from '#read-models';
import { seedDemo } from '../apps/cli/src/seed/seed-demo.js';
import { dropDatabase, startEmbeddedPostgres, runMigrations, type EmbeddedDatabase } from '#platform';
import { cpuMs, ensureDatabase, freePort, handoffTargets, processMemoryMb, startChild } from './support.js';

const env = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback);
const config = {
  staff: env('BENCH_STAFF', 2000),
  connections: env('BENCH_CONNECTIONS', 32),
  duration: env('BENCH_DURATION', 180),
  readShare: env('BENCH_READ_SHARE', 0.8),
  /** BENCH_RATE: a fixed offered load (requests/s over all connections) instead of as fast as possible: for A/B runs of the API's CPU per request on a busy machine. */
  rate: env('BENCH_RATE', 0),
  year: new Date().getUTCFullYear() - 1,
};
const SECRET = 'load-bench-secret-0123456789abcdefghijklmnop';
const here = path.dirname(fileURLToPath(import.meta.url));
const log = (m: string) => process.stderr.write(`[bench:load] ${m}\n`);
const round = (v: number, d = 1) => Math.round(v * 10 ** d) / 10 ** d;





const percentile = (xs: number[], p: number) => {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!);
};

async function main(): Promise<void> {
  let embedded: EmbeddedDatabase | undefined;
  let adminUrl = process.env.BENCH_DATABASE_URL;
  if (!adminUrl) {
    log('BENCH_DATABASE_URL not set: starting an embedded PostgreSQL of its own');
    embedded = await startEmbeddedPostgres({ dataDir: path.join(os.tmpdir(), `ledger-loadbench-${randomBytes(4).toString('hex')}`), persistent: false });
    adminUrl = embedded.adminUrl;
  }
  // BENCH_LOAD_DB: a database on that server seeded by an earlier run and kept (seeding is the
  // slow part on a loaded machine); created and seeded when it does not exist yet, never dropped.
  const kept = process.env.BENCH_LOAD_DB;
  const dbName = kept ?? `ledger_loadbench_${randomBytes(4).toString('hex')}`;
  const { url, existed: exists } = await ensureDatabase(adminUrl, dbName);
  let api: ChildProcess | undefined;
  const keyFile = path.join(os.tmpdir(), `ledger-loadbench-${randomBytes(4).toString('hex')}.key`);
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  try {
    await runMigrations(url);
    let seeded: { events: number; timings: { totalMs: number } };
    if (exists) {
      const { rows } = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM events');
      seeded = { events: rows[0]!.n, timings: { totalMs: 0 } };
      log(`reusing ${dbName} (${seeded.events} events)`);
    } else {
      log(`seeding ${config.staff} staff for ${config.year} into ${dbName}`);
      seeded = await seedDemo({ databaseUrl: url, staff: config.staff, year: config.year, seed: 'load', progress: { silent: true } });
      log(`  ${seeded.events} events in ${(seeded.timings.totalMs / 1000).toFixed(1)} s`);
    }
    await pool.query('VACUUM ANALYZE');
    const handoffs = await handoffTargets(pool);
    const trails = (await pool.query<{ id: string }>('SELECT id FROM assignment_board_v1 ORDER BY id')).rows.map((r) => r.id);
    const staff = (await pool.query<{ id: string }>('SELECT id FROM staff_v1 ORDER BY id')).rows.map((r) => r.id);
    const units = (await pool.query<{ id: string }>('SELECT id FROM units_v1 ORDER BY id')).rows.map((r) => r.id);
    log(`${handoffs.length} open assignments, ${trails.length} trails, ${staff.length} staff, ${units.length} units`);

    writeSigningKeyFile(keyFile);
    const port = process.env.BENCH_PORT ? Number(process.env.BENCH_PORT) : await freePort();
    const apiEnv = {
      DATABASE_URL: url, PORT: String(port), HOST: '127.0.0.1', PROJECTOR_INLINE: 'true', LOG_LEVEL: 'warn', JWT_SECRET: SECRET, JWT_ALLOW_HS256: 'true',
      LEDGER_SIGNING_KEY_FILE: keyFile, NODE_ENV: 'production', DOCS_UI: 'false', RATE_LIMIT_MAX: '100000000', RATE_LIMIT_HEAVY_MAX: '100000000',
      RATE_LIMIT_AUDIT_MAX: '100000000',
      // e.g. BENCH_API_NODE_OPTIONS='--max-old-space-size=192' to see what a heap cap does to RSS and latency.
      ...(process.env.BENCH_API_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_API_NODE_OPTIONS } : {}),
    };
    api = await startChild(path.join(here, '../apps/api/src/main.js'), apiEnv, `http://127.0.0.1:${port}/api/v1/health/live`);
    log(`API pid ${api.pid} on :${port}`);
    const head = await mintDevToken(SECRET, { sub: 'bench-head', roles: ['unit_head'], units: ['*'] });
    const hr = await mintDevToken(SECRET, { sub: 'bench-hr', roles: ['hr', 'inspector'], units: ['*'] });

    // One request spec, its kind drawn per request: 80 % reads over four routes, 20 % handoffs.
    let n = 0;
    let h = 0;
    const latency: Record<'read' | 'write', number[]> = { read: [], write: [] };
    const statuses: Record<string, number> = {};
    const reads = [
      () => `/api/v1/assignments/${trails[n % trails.length]}/trail`,
      () => `/api/v1/staff/${staff[n % staff.length]}/indicators?year=${config.year}`,
      () => `/api/v1/staff/${staff[(n * 7) % staff.length]}`,
      () => `/api/v1/units/${units[n % units.length]}/indicators?year=${config.year}`,
    ];
    const requests: NonNullable<Parameters<typeof autocannon>[0]['requests']> = [
      {
        setupRequest: (req, ctx) => {
          n++;
          ctx.started = performance.now();
          // Deterministic 80/20 interleaving (every 5th request is a command).
          if (n % 5 !== 0 || handoffs.length === 0 || config.readShare >= 1) {
            ctx.kind = 'read';
            const headers: Record<string, string> = { authorization: `Bearer ${hr}` };
            return { ...req, method: 'GET', path: reads[n % reads.length]!(), headers };
          }
          let a = handoffs[h++ % handoffs.length]!;
          for (let tries = 0; a.busy && tries < handoffs.length; tries++) a = handoffs[h++ % handoffs.length]!;
          a.busy = true;
          const to = a.holder === a.pair[0] ? a.pair[1] : a.pair[0];
          ctx.kind = 'write';
          ctx.a = a;
          ctx.to = to;
          return {
            ...req,
            method: 'POST',
            path: `/api/v1/assignments/${a.id}/handoffs`,
            headers: { 'content-type': 'application/json', authorization: `Bearer ${head}` },
            body: JSON.stringify({ to, reason: 'reassignment', justification: 'Phân công lại theo khối lượng công việc (bench)' }),
          };
        },
        onResponse: (status, _body, ctx) => {
          const kind = ctx.kind as 'read' | 'write';
          latency[kind].push(performance.now() - (ctx.started as number));
          statuses[`${kind} ${status}`] = (statuses[`${kind} ${status}`] ?? 0) + 1;
          if (kind === 'write') {
            const a = ctx.a as (typeof handoffs)[number];
            if (status === 200) a.holder = ctx.to as string;
            a.busy = false;
          }
        },
      },
    ];

    // Before the clock: every projection AND process manager (automation reads the whole seeded log once at start) at the head.
    const projectionNames = allProjections().map((p) => p.name);
    const settleStarted = Date.now();
    let lastAutomation = '';
    for (;;) {
      // Automation checkpoints (rows that are not projections) appear once a manager applied its first batch.
      // Projections at the head of the log; automation (rows that are not projections) has a
      // checkpoint once a manager applied its first batch, and moves it only for the events it
      // handles: it is settled when its checkpoint no longer moves.
      const { rows } = await pool.query<{ behind: number; automation: string }>(
        `SELECT count(*) FILTER (WHERE name = ANY ($1) AND position < (SELECT max(position) FROM events WHERE type <> 'CheckpointSigned'))::int AS behind,
                coalesce(string_agg(position::text, ',' ORDER BY name) FILTER (WHERE NOT (name = ANY ($1))), '') AS automation FROM projection_checkpoints`,
        [projectionNames],
      );
      const waited = Date.now() - settleStarted;
      const automationStill = rows[0]!.automation !== '' && rows[0]!.automation === lastAutomation;
      lastAutomation = rows[0]!.automation;
      if ((rows[0]!.behind === 0 && (automationStill || waited > 60_000)) || waited > 600_000) break;
      await new Promise((r) => setTimeout(r, 3000));
    }
    // The first start on a freshly seeded log seals all of it into the Merkle ledger (issue 11):
    // a one-time pass whose heap high-water mark stays in the RSS. Measure the service as it
    // runs day to day: once sealed, restart it (BENCH_RESTART=false measures the first start).
    if (process.env.BENCH_RESTART !== 'false') {
      for (let waited = 0; waited < 300_000; waited += 2000) {
        const { rows } = await pool.query<{ behind: number }>('SELECT ((SELECT count(*) FROM events) - (SELECT count(*) FROM ledger_leaves))::int AS behind');
        if (rows[0]!.behind <= 0) break;
        await new Promise((r) => setTimeout(r, 2000));
      }
      log(`ledger sealed; API RSS ${processMemoryMb(api.pid!).rssMb} MB after the first start's pass; restarting it`);
      api.kill('SIGTERM');
      await new Promise((r) => api!.once('exit', r));
      api = await startChild(path.join(here, '../apps/api/src/main.js'), apiEnv, `http://127.0.0.1:${port}/api/v1/health/live`);
      await new Promise((r) => setTimeout(r, 10_000));
    }
    const rssBefore = processMemoryMb(api.pid!);
    log(`read models and automation at the head after ${((Date.now() - settleStarted) / 1000).toFixed(1)} s; API RSS ${rssBefore.rssMb} MB (peak so far ${rssBefore.hwmMb} MB)`);

    // Projection lag: the oldest event some projection has not applied yet, sampled every 2 s.
    let maxLagS = 0;
    let maxLagEvents = 0;
    let peakRss = 0;
    const loads: number[] = [os.loadavg()[0]!];
    const sampler = setInterval(() => {
      try {
        peakRss = Math.max(peakRss, processMemoryMb(api!.pid!).rssMb);
      } catch {
        // gone; reported below
      }
    }, 250);
    const lagSampler = setInterval(() => {
      void pool
        .query<{ lag_s: number | null; lag_events: number }>(
          `SELECT max(extract(epoch FROM now() - (SELECT e.recorded_at FROM events e WHERE e.position > c.position ORDER BY e.position LIMIT 1)))::float8 AS lag_s,
                  max((SELECT count(*) FROM events e WHERE e.position > c.position))::int AS lag_events
             FROM projection_checkpoints c WHERE c.name = ANY ($1)`,
          [projectionNames],
        )
        .then(({ rows }) => {
          maxLagS = Math.max(maxLagS, rows[0]?.lag_s ?? 0);
          maxLagEvents = Math.max(maxLagEvents, rows[0]?.lag_events ?? 0);
        })
        .catch(() => undefined);
      loads.push(os.loadavg()[0]!);
    }, 2000);
    log(`warm-up 5 s, then ${config.duration} s at ${config.connections} connections`);
    await autocannon({ url: `http://127.0.0.1:${port}`, connections: config.connections, duration: 5, requests });
    latency.read.length = 0;
    latency.write.length = 0;
    for (const k of Object.keys(statuses)) delete statuses[k];
    maxLagS = 0;
    maxLagEvents = 0;
    const cpuBefore = cpuMs(api.pid!) / 1000;
    const r = await autocannon({ url: `http://127.0.0.1:${port}`, connections: config.connections, duration: config.duration, requests, ...(config.rate > 0 && { overallRate: config.rate }) });
    const apiCpuS = cpuMs(api.pid!) / 1000 - cpuBefore;
    clearInterval(sampler);
    clearInterval(lagSampler);
    const mem = processMemoryMb(api.pid!);
    const all = [...latency.read, ...latency.write];
    const result = {
      bench: 'load',
      at: new Date().toISOString(),
      node: process.version,
      cpus: os.cpus().length,
      connections: config.connections,
      durationS: config.duration,
      offeredRate: config.rate || null,
      apiNodeOptions: process.env.BENCH_API_NODE_OPTIONS ?? null,
      seed: { staff: config.staff, events: seeded.events, seconds: round(seeded.timings.totalMs / 1000) },
      requests: { total: r.requests.sent, perSec: round(r.requests.average, 0), non2xx: r.non2xx, errors: r.errors, timeouts: r.timeouts, statuses },
      latencyMs: {
        autocannon: { p50: r.latency.p50, p99: r.latency.p99, max: r.latency.max },
        all: { p50: percentile(all, 50), p99: percentile(all, 99) },
        reads: { n: latency.read.length, p50: percentile(latency.read, 50), p99: percentile(latency.read, 99) },
        writes: { n: latency.write.length, p50: percentile(latency.write, 50), p99: percentile(latency.write, 99) },
      },
      apiMemoryMb: { peakRssSampledUnderLoad: peakRss, hwm: mem.hwmMb, rssAfter: mem.rssMb, rssBeforeLoad: rssBefore.rssMb, hwmBeforeLoad: rssBefore.hwmMb },
      // The API's CPU per answered request (its inline projector and sealer included): what a smaller heap costs in GC.
      apiCpu: { seconds: round(apiCpuS, 2), msPerRequest: round((apiCpuS * 1000) / Math.max(1, r.requests.total), 2) },
      apiHeapFlags: readFileSync(`/proc/${api.pid}/cmdline`, 'utf8').split('\0').filter((a) => a.startsWith('--max-')),
      projectionLag: { maxSeconds: round(maxLagS, 2), maxEvents: maxLagEvents },
      loadAverage1m: { min: round(Math.min(...loads), 2), max: round(Math.max(...loads), 2), mean: round(loads.reduce((a, b) => a + b, 0) / loads.length, 2) },
      targets: { errors: 0, p99Ms: 150, apiPeakRssMb: 250 },
    };
    const met = { errors: r.non2xx + r.errors + r.timeouts === 0, p99: r.latency.p99 <= 150, memory: peakRss <= 250 };
    process.stdout.write(`${JSON.stringify({ ...result, met })}\n`);
  } finally {
    if (api && api.exitCode === null) {
      api.kill('SIGTERM');
      await new Promise((r) => api!.once('exit', r));
    }
    await pool.end();
    rmSync(keyFile, { force: true });
    if (!kept) await dropDatabase(adminUrl, dbName).catch((e: unknown) => log(`could not drop ${dbName}: ${String(e)}`));
    await embedded?.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
