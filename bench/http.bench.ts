/**
 * HTTP benchmark: our API (NestJS + Fastify, auth, validation, event store, inline
 * projector) against a bare Fastify route on the same database, with autocannon.
 *
 *   npm run bench:http      (= npm run build:fast && node dist/bench/http.bench.js)
 *
 * Progress goes to stderr; one JSON line to stdout. See bench/README.md "## HTTP".
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import { mintDevToken } from '../apps/api/src/auth/jwt.verifier.js';
import { seedDemo } from '../apps/cli/src/seed/seed-demo.js';
import { dropDatabase } from '#platform';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '#platform';
import { runMigrations } from '#platform';
import { writeSigningKeyFile } from '#event-store';
import { cpuMs, ensureDatabase, freePort, handoffTargets, processMemoryMb, startChild } from './support.js';

const env = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback);
const config = {
  staff: env('BENCH_STAFF', 400),
  connections: env('BENCH_CONNECTIONS', 32),
  duration: env('BENCH_DURATION', 10),
  warmup: env('BENCH_WARMUP', 3),
  reps: env('BENCH_REPS', 2),
  year: new Date().getUTCFullYear() - 1,
};
const SECRET = 'http-bench-secret-0123456789abcdefghijklmnop';
const here = path.dirname(fileURLToPath(import.meta.url));
const log = (m: string) => process.stderr.write(`[bench:http] ${m}\n`);
const round = (v: number, d = 2) => Math.round(v * 10 ** d) / 10 ** d;

interface Sample {
  /** CPU time (user + system) the server process answering the route spent per request. */
  cpuMsPerReq?: number;
  /** CPU time the PostgreSQL backends of the bench database spent per request (local server only). */
  dbCpuMsPerReq?: number;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  /** Counts of the non-2xx statuses, when there were any. */
  statuses?: Record<string, number>;
}

interface Target {
  name: string;
  url: string;
  /** The server process answering (for its CPU time per request). */
  pid?: number;
  requests: NonNullable<Parameters<typeof autocannon>[0]['requests']>;
}





/**
 * CPU used so far by each PostgreSQL backend serving the bench database (a server on this
 * machine only; undefined otherwise). Only one route runs at a time, so the difference over
 * a run is that route's database cost.
 */
async function dbCpuMs(pool: pg.Pool | undefined): Promise<Map<number, number> | undefined> {
  if (!pool) return undefined;
  try {
    const { rows } = await pool.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()');
    const out = new Map<number, number>();
    for (const { pid } of rows) {
      try {
        out.set(pid, cpuMs(pid));
      } catch {
        // gone, or not on this machine
      }
    }
    return out.size > 0 ? out : undefined;
  } catch {
    return undefined;
  }
}

/** CPU the backends used between two readings (a backend opened meanwhile counts in full; one closed meanwhile is missed). */
function dbCpuSpent(before: Map<number, number> | undefined, after: Map<number, number> | undefined): number | undefined {
  if (!before || !after) return undefined;
  let total = 0;
  for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0);
  return total;
}

let statsPool: pg.Pool | undefined;

/** CPU seconds the process has used (user + system). */
const cpuSeconds = (pid: number): number => cpuMs(pid) / 1000;

async function run(target: Target, duration: number): Promise<Sample> {
  const cpu0 = target.pid ? cpuMs(target.pid) : 0;
  const db0 = await dbCpuMs(statsPool);
  const r = await autocannon({ url: target.url, connections: config.connections, duration, requests: target.requests });
  const cpuMsPerReq = target.pid && r.requests.total > 0 ? round((cpuMs(target.pid) - cpu0) / r.requests.total, 3) : undefined;
  const db1 = await dbCpuMs(statsPool);
  const dbSpent = dbCpuSpent(db0, db1);
  const dbCpuMsPerReq = dbSpent !== undefined && r.requests.total > 0 ? round(dbSpent / r.requests.total, 3) : undefined;
  const statuses = Object.fromEntries(Object.entries((r as { statusCodeStats?: Record<string, { count: number }> }).statusCodeStats ?? {}).filter(([c]) => !c.startsWith('2')).map(([c, v]) => [c, v.count]));
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx, errors: r.errors + r.timeouts, cpuMsPerReq, dbCpuMsPerReq, ...(r.non2xx ? { statuses } : {}) };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const spread = (xs: number[]) => (Math.max(...xs) - Math.min(...xs)) / Math.max(1e-9, median(xs));

function cpuIdle(): { total: number; idle: number; steal: number } {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  return { total: f.slice(0, 8).reduce((a, b) => a + b, 0), idle: (f[3] ?? 0) + (f[4] ?? 0), steal: f[7] ?? 0 };
}

async function main(): Promise<void> {
  const benchStarted = Date.now();
  let embedded: EmbeddedDatabase | undefined;
  // Its own embedded server by default: a shared server's other clients would be noise, and its connection limit a failure.
  let adminUrl = process.env.BENCH_DATABASE_URL;
  if (!adminUrl) {
    log('BENCH_DATABASE_URL not set: starting an embedded PostgreSQL of its own');
    embedded = await startEmbeddedPostgres({ dataDir: path.join(os.tmpdir(), `ledger-httpbench-${randomBytes(4).toString('hex')}`), persistent: false });
    adminUrl = embedded.adminUrl;
  }
  // BENCH_HTTP_DB: a database on that server seeded by an earlier run and kept (seeding is
  // the slow part on a loaded machine); created and seeded when it does not exist yet.
  const kept = process.env.BENCH_HTTP_DB;
  const dbName = kept ?? `ledger_httpbench_${randomBytes(4).toString('hex')}`;
  const { url } = await ensureDatabase(adminUrl, dbName);
  const children: ChildProcess[] = [];
  const topology = benchTopology();
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  statsPool = pool;
  const keyFile = path.join(os.tmpdir(), `http-bench-signing-${randomBytes(4).toString('hex')}.key`);
  try {
    await runMigrations(url);
    let seeded = { events: Number((await pool.query('SELECT count(*) AS n FROM events')).rows[0].n), timings: { totalMs: 0 } };
    if (seeded.events === 0) {
      log(`seeding a demo province of ${config.staff} staff for ${config.year} into ${dbName}`);
      seeded = await seedDemo({ databaseUrl: url, staff: config.staff, year: config.year, seed: 'bench', progress: { tty: false, silent: true } });
      log(`  ${seeded.events} events in ${(seeded.timings.totalMs / 1000).toFixed(1)} s`);
    } else log(`reusing ${dbName} (${seeded.events} events)`);
    await pool.query(`CREATE TABLE IF NOT EXISTS bare_events (position bigserial PRIMARY KEY, stream_id text NOT NULL, id uuid NOT NULL UNIQUE, type text NOT NULL,
      data jsonb NOT NULL, metadata jsonb NOT NULL, recorded_at timestamptz NOT NULL)`);
    await pool.query('VACUUM ANALYZE');

    // Handoff targets: open work, each with a colleague in the same unit to alternate with.
    const handoffs = await handoffTargets(pool);
    const { rows: all } = await pool.query<{ id: string }>('SELECT id FROM assignment_board_v1 ORDER BY id');
    const { rows: staff } = await pool.query<{ id: string }>('SELECT id FROM staff_v1 ORDER BY id');
    log(`${handoffs.length} open assignments to hand off back and forth, ${all.length} trails, ${staff.length} staff`);
    if (handoffs.length < config.connections * 4) throw new Error('too few open assignments for the handoff route; raise BENCH_STAFF');

    // Production mode as deployed: HS256 dev tokens allowed explicitly, a signing key of its own.
    writeSigningKeyFile(keyFile);
    const apiPort = await freePort();
    const barePort = await freePort();
    // BENCH_API_SCRIPT=<path of another build's dist/apps/api/src/main.js>: the same run against
    // another build of the API (A/B: e.g. a build of main, alternating with this one).
    const api = await startChild(
      process.env.BENCH_API_SCRIPT ?? path.join(here, '../apps/api/src/main.js'),
      {
        DATABASE_URL: url, PORT: String(apiPort), HOST: '127.0.0.1', LOG_LEVEL: 'warn', JWT_SECRET: SECRET, JWT_ALLOW_HS256: 'true', LEDGER_SIGNING_KEY_FILE: keyFile, RATE_LIMIT_ENABLED: 'false', NODE_ENV: 'production', DOCS_UI: 'false',
        // deployed: as deploy/compose.yaml and deploy/k8s run it (projections and sealer in apps/projector);
        // inline: everything in the API process (PROJECTOR_INLINE=true, the development default).
        ...(topology === 'deployed' ? { PROJECTOR_INLINE: 'false', LEDGER_SEALER: 'off' } : { PROJECTOR_INLINE: 'true' }),
      },
      `http://127.0.0.1:${apiPort}/api/v1/health/live`,
      // BENCH_API_CPU_PROF=<dir>: a V8 CPU profile of the API, written when it exits (see "Profiling" in bench/README.md).
      process.env.BENCH_API_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_API_CPU_PROF}`] : [],
    );
    children.push(api);
    // The projector process of the deployed topology (projections, process managers, sealer; no NATS relay here).
    const projector =
      topology === 'deployed'
        ? await startLogged(path.join(here, '../apps/projector/src/main.js'), { DATABASE_URL: url, NODE_ENV: 'production', JWT_SECRET: SECRET, JWT_ALLOW_HS256: 'true', LEDGER_SIGNING_KEY_FILE: keyFile, NATS_URL: '', LOG_LEVEL: 'warn' }, /projections started/)
        : undefined;
    if (projector) children.push(projector);
    const bare = await startChild(path.join(here, 'bare-server.js'), { DATABASE_URL: url, PORT: String(barePort), POOL_SIZE: '20' }, `http://127.0.0.1:${barePort}/bare/assignments/x/trail`);
    children.push(bare);
    log(`API pid ${api.pid} on :${apiPort}, bare Fastify pid ${bare.pid} on :${barePort}`);
    // BENCH_API_B=<path to another build's dist/apps/api/src/main.js>: a second API (e.g. main's
    // build) on the same database, for a same-run A/B of the GET routes (routes trailB, indicatorsB).
    let apiBPid: number | undefined;
    const apiB = process.env.BENCH_API_B
      ? await (async () => {
          const port = await freePort();
          const child = await startChild(
            path.resolve(process.env.BENCH_API_B!),
            { DATABASE_URL: url, PORT: String(port), HOST: '127.0.0.1', PROJECTOR_INLINE: 'false', LOG_LEVEL: 'warn', JWT_SECRET: SECRET, JWT_ALLOW_HS256: 'true', LEDGER_SIGNING_KEY_FILE: keyFile, RATE_LIMIT_ENABLED: 'false', NODE_ENV: 'production', DOCS_UI: 'false' },
            `http://127.0.0.1:${port}/api/v1/health/live`,
          );
          children.push(child);
          apiBPid = child.pid;
          log(`API B (${process.env.BENCH_API_B}) pid ${child.pid} on :${port}`);
          return `http://127.0.0.1:${port}`;
        })()
      : undefined;

    const head = await mintDevToken(SECRET, { sub: 'bench-head', roles: ['unit_head'], units: ['*'] });
    const hr = await mintDevToken(SECRET, { sub: 'bench-hr', roles: ['hr'], units: ['*'] });
    const json = { 'content-type': 'application/json' };
    if (topology === 'deployed') {
      const readBack = [`/api/v1/assignments/${all[0]!.id}/trail`, `/api/v1/staff/${staff[0]!.id}/indicators?year=${config.year}`];
      settleDeployed = async (maxMs) => {
        const started = Date.now();
        const { rows } = await pool.query<{ p: string | null }>('SELECT max(position)::text AS p FROM events');
        const last = rows[0]?.p ?? '0';
        for (const route of readBack) {
          for (;;) {
            const res = await fetch(`http://127.0.0.1:${apiPort}${route}`, { headers: { authorization: `Bearer ${hr}`, 'ledger-min-position': last } });
            await res.arrayBuffer();
            if (res.status === 200) break;
            if (res.status !== 503 || Date.now() - started > maxMs) throw new Error(`read-back of ${route} at position ${last}: ${res.status}`);
          }
        }
        return Date.now() - started;
      };
    }

    let h = 0;
    const handoffRequest = (prefix: string, token: string | null): Target['requests'] => [
      {
        method: 'POST',
        setupRequest: (req, ctx) => {
          // Round-robin over many assignments so two connections rarely touch the same stream.
          let a = handoffs[h++ % handoffs.length]!;
          for (let tries = 0; a.busy && tries < handoffs.length; tries++) a = handoffs[h++ % handoffs.length]!;
          a.busy = true;
          const to = a.holder === a.pair[0] ? a.pair[1] : a.pair[0];
          ctx.a = a;
          ctx.to = to;
          return {
            ...req,
            path: `${prefix}/assignments/${a.id}/handoffs`,
            headers: token ? { ...json, authorization: `Bearer ${token}` } : json,
            body: JSON.stringify({ to, reason: 'reassignment', justification: 'Phân công lại theo khối lượng công việc (bench)' }),
          };
        },
        onResponse: (status, _body, ctx) => {
          const a = ctx.a as (typeof handoffs)[number];
          if (status === 200 && token) a.holder = ctx.to as string;
          a.busy = false;
        },
      },
    ];
    let q = 0;
    const trailRequest = (prefix: string, token: string | null): Target['requests'] => [
      {
        method: 'GET',
        setupRequest: (req) => ({ ...req, path: `${prefix}/assignments/${all[q++ % all.length]!.id}/trail`, headers: token ? { authorization: `Bearer ${token}` } : ({} as Record<string, string>) }),
      },
    ];
    let s = 0;
    const indicatorsRequest: Target['requests'] = [
      {
        method: 'GET',
        setupRequest: (req) => ({ ...req, path: `/api/v1/staff/${staff[s++ % staff.length]!.id}/indicators?year=${config.year}`, headers: { authorization: `Bearer ${hr}` } }),
      },
    ];
    const apiUrl = `http://127.0.0.1:${apiPort}`;
    const bareUrl = `http://127.0.0.1:${barePort}`;
    const allTargets: Record<string, Target> = {
      bareInsert: { name: 'bare INSERT', url: bareUrl, pid: bare.pid, requests: handoffRequest('/bare', null) },
      handoff: { name: 'POST handoff', url: apiUrl, pid: api.pid, requests: handoffRequest('/api/v1', head) },
      bareSelect: { name: 'bare SELECT', url: bareUrl, pid: bare.pid, requests: trailRequest('/bare', null) },
      trail: { name: 'GET trail', url: apiUrl, pid: api.pid, requests: trailRequest('/api/v1', hr) },
      indicators: { name: 'GET indicators', url: apiUrl, pid: api.pid, requests: indicatorsRequest },
      ...(apiB
        ? {
            trailB: { name: 'GET trail (B)', url: apiB, pid: apiBPid, requests: trailRequest('/api/v1', hr) },
            indicatorsB: { name: 'GET indic. (B)', url: apiB, pid: apiBPid, requests: indicatorsRequest },
          }
        : {}),
    };
    // BENCH_ROUTES=trail,indicators,bareSelect: measure only these (ratios need both sides).
    const only = process.env.BENCH_ROUTES?.split(',').map((r) => r.trim()).filter(Boolean);
    const targets = only ? Object.fromEntries(Object.entries(allTargets).filter(([k]) => only.includes(k))) : allTargets;
    if (Object.keys(targets).length === 0) throw new Error(`BENCH_ROUTES=${process.env.BENCH_ROUTES}: no such route (${Object.keys(allTargets).join(', ')})`);

    // Sanity: each route answers 2xx once before the clock starts.
    for (const t of Object.values(targets)) {
      const r = await autocannon({ url: t.url, connections: 1, amount: env('BENCH_SANITY_REQUESTS', 3), requests: t.requests });
      if (r.non2xx > 0 || r['2xx'] === 0) throw new Error(`${t.name}: ${r.non2xx} non-2xx of ${r.requests.sent} in the sanity run`);
    }
    log(`warm-up ${config.warmup} s per route`);
    for (const t of Object.values(targets)) await run(t, config.warmup);

    const samples: Record<string, Sample[]> = Object.fromEntries(Object.keys(targets).map((k) => [k, []]));
    const settles: Record<string, number[]> = Object.fromEntries(Object.keys(targets).map((k) => [k, []]));
    const apiCpu: Record<string, Array<{ seconds: number; requests: number }>> = Object.fromEntries(Object.keys(targets).map((k) => [k, []]));
    await settle(apiUrl);
    let rssMaxMb = 0;
    let projectorRssMaxMb = 0;
    const sampler = setInterval(() => {
      try {
        rssMaxMb = Math.max(rssMaxMb, processMemoryMb(api.pid!).rssMb);
        if (projector) projectorRssMaxMb = Math.max(projectorRssMaxMb, processMemoryMb(projector.pid!).rssMb);
      } catch {
        // the child is gone; reported below
      }
    }, 250);
    const load0 = os.loadavg()[0]!;
    const cpu0 = cpuIdle();
    const order = Object.keys(targets);
    for (let rep = 0; rep < config.reps; rep++) {
      // Alternate the order so drift (autovacuum, other sessions) does not favour one side.
      const keys = rep % 2 === 0 ? order : [...order].reverse();
      for (const k of keys) {
        const apiCpu0 = cpuSeconds(api.pid!);
        const r = await run(targets[k]!, config.duration);
        samples[k]!.push(r);
        // The inline projector applies a run's events after the run: wait for it, so the
        // next route is not measured against that catch-up (its time is the write's cost).
        const settleMs = await settle(apiUrl);
        settles[k]!.push(settleMs);
        // The API's CPU for the run and its projections' catch-up, per answered request (bare routes: the API idles).
        apiCpu[k]!.push({ seconds: cpuSeconds(api.pid!) - apiCpu0, requests: r.rps * config.duration });
        log(`rep ${rep + 1} ${targets[k]!.name.padEnd(15)} ${Math.round(r.rps)} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms, CPU ms/req server ${r.cpuMsPerReq ?? '?'} db ${r.dbCpuMsPerReq ?? '?'}, non-2xx ${r.non2xx}${r.statuses ? ` ${JSON.stringify(r.statuses)}` : ''}, errors ${r.errors}; read models caught up ${Math.round(settleMs)} ms later`);
      }
    }
    clearInterval(sampler);
    const cpu1 = cpuIdle();
    const load1 = os.loadavg()[0]!;
    const mem = processMemoryMb(api.pid!);
    const oneStream = env('BENCH_ONE_STREAM_COMMANDS', 1000) > 0 ? await oneStreamRun(pool, apiUrl) : undefined;
    if (oneStream) log(`one stream: ${oneStream.commands} commands, ${oneStream.concurrency} at a time: ${JSON.stringify(oneStream.statuses)}, ${oneStream.rps} req/s, p99 ${oneStream.p99} ms`);
    const stat = (k: string) => {
      const xs = samples[k]!;
      return {
        rps: round(median(xs.map((x) => x.rps)), 0),
        p50: median(xs.map((x) => x.p50)),
        p99: median(xs.map((x) => x.p99)),
        non2xx: xs.reduce((n, x) => n + x.non2xx, 0),
        errors: xs.reduce((n, x) => n + x.errors, 0),
        noisePct: round(spread(xs.map((x) => x.rps)) * 100, 0),
        cpuMsPerReq: xs.every((x) => x.cpuMsPerReq !== undefined) ? round(median(xs.map((x) => x.cpuMsPerReq!)), 3) : undefined,
        dbCpuMsPerReq: xs.every((x) => x.dbCpuMsPerReq !== undefined) ? round(median(xs.map((x) => x.dbCpuMsPerReq!)), 3) : undefined,
        ...(xs.some((x) => x.statuses) ? { statuses: xs.map((x) => x.statuses ?? {}) } : {}),
      };
    };
    /** Requests per second counting the projections' catch-up after the run (the sustained write rate). */
    const sustained = (k: string) => round(median(samples[k]!.map((x, i) => (x.rps * config.duration) / (config.duration + settles[k]![i]! / 1000))), 0);
    const ratio = (ours: string, bare: string) => {
      if (!samples[ours] || !samples[bare]) return undefined;
      const paired = samples[ours]!.map((o, i) => o.rps / samples[bare]![i]!.rps);
      return { ratio: round(median(paired)), range: [round(Math.min(...paired)), round(Math.max(...paired))] };
    };
    const result = {
      bench: 'http',
      at: new Date().toISOString(),
      node: process.version,
      cpus: os.cpus().length,
      connections: config.connections,
      durationS: config.duration,
      reps: config.reps,
      seed: { staff: config.staff, events: seeded.events, seconds: round(seeded.timings.totalMs / 1000, 1) },
      routes: Object.fromEntries(Object.keys(targets).map((k) => [k, stat(k)])),
      ratios: {
        command: ratio('handoff', 'bareInsert'),
        trail: ratio('trail', 'bareSelect'),
        indicators: ratio('indicators', 'bareSelect'),
        ...(apiB ? { trailB: ratio('trailB', 'bareSelect'), indicatorsB: ratio('indicatorsB', 'bareSelect'), trailVsB: ratio('trail', 'trailB'), indicatorsVsB: ratio('indicators', 'indicatorsB') } : {}),
      },
      ...(apiB ? { apiB: process.env.BENCH_API_B } : {}),
      ...(only ? { onlyRoutes: only } : {}),
      p99Ratio: { command: samples.handoff && samples.bareInsert ? round(median(samples.handoff.map((x, i) => x.p99 / samples.bareInsert![i]!.p99))) : undefined },
      /** ms until every read model had applied the run's events (inline projector), per repetition. */
      catchUpMs: Object.fromEntries(Object.keys(targets).map((k) => [k, settles[k]!.map((v) => Math.round(v))])),
      handoffSustained: samples.handoff && samples.bareInsert ? { rps: sustained('handoff'), ratio: round(sustained('handoff') / median(samples.bareInsert.map((x) => x.rps))) } : undefined,
      routesRun: Object.keys(targets),
      apiScript: process.env.BENCH_API_SCRIPT,
      topology,
      memoryMb: { rssAfter: mem.rssMb, rssMaxSampled: rssMaxMb, hwm: mem.hwmMb, ...(projector ? { projectorRssMaxSampled: projectorRssMaxMb, projectorCpuS: cpuSeconds(projector.pid!) } : {}) },
      apiHeapFlags: readFileSync(`/proc/${api.pid}/cmdline`, 'utf8').split('\0').filter((a) => a.startsWith('--max-')),
      /** The API's CPU ms per request of each of its routes (all repetitions): what a smaller heap costs in GC. */
      apiCpuMsPerRequest: Object.fromEntries(
        ['handoff', 'trail', 'indicators'].filter((k) => apiCpu[k]).map((k) => [k, round((apiCpu[k]!.reduce((n, x) => n + x.seconds, 0) * 1000) / Math.max(1, apiCpu[k]!.reduce((n, x) => n + x.requests, 0)), 2)]),
      ),
      oneStream,
      targets: { command: 0.5, trail: 0.6, indicators: 0.5, memoryMb: 250 },
      machine: {
        load1Before: round(load0),
        load1After: round(load1),
        idlePct: round(((cpu1.idle - cpu0.idle) / Math.max(1, cpu1.total - cpu0.total)) * 100, 1),
        stealPct: round(((cpu1.steal - cpu0.steal) / Math.max(1, cpu1.total - cpu0.total)) * 100, 1),
      },
      totalS: round((Date.now() - benchStarted) / 1000, 1),
    };
    const met = {
      command: result.ratios.command ? result.ratios.command.ratio >= 0.5 : undefined,
      trail: result.ratios.trail ? result.ratios.trail.ratio >= 0.6 : undefined,
      indicators: result.ratios.indicators ? result.ratios.indicators.ratio >= 0.5 : undefined,
      memory: mem.hwmMb <= 250,
      oneStream: oneStream ? oneStream.statuses['409'] === undefined && Object.keys(oneStream.statuses).every((c) => Number(c) < 500) : undefined,
    };
    process.stdout.write(`${JSON.stringify({ ...result, met })}\n`);
  } finally {
    for (const c of children) c.kill('SIGTERM');
    await Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : undefined)));
    await pool.end();
    rmSync(keyFile, { force: true });
    if (!kept) await dropDatabase(adminUrl, dbName).catch((e: unknown) => log(`could not drop ${dbName}: ${String(e)}`));
    await embedded?.stop();
  }
}

/**
 * Issue 10: 100 concurrent commands on ONE stream without If-Match (the holder reports
 * progress on one accepted assignment, BENCH_ONE_STREAM_COMMANDS in all). Every answer
 * should be 200: the executor serialises commands on a stream within the process.
 */
/** Waits until the API's inline projections have applied every recorded event (GET /health/ready); returns the time waited. */
/** BENCH_TOPOLOGY: `deployed` (default: the API with PROJECTOR_INLINE=false and LEDGER_SEALER=off, apps/projector beside it, as deploy/ runs them) or `inline` (one process). */
function benchTopology(): 'deployed' | 'inline' {
  const t = process.env.BENCH_TOPOLOGY ?? (process.env.BENCH_PROJECTOR_INLINE === 'true' ? 'inline' : 'deployed');
  if (t !== 'deployed' && t !== 'inline') throw new Error(`BENCH_TOPOLOGY=${t}: expected deployed or inline`);
  return t;
}

/** Starts a process without an HTTP port (the projector) and resolves once its log prints `ready`. */
function startLogged(script: string, childEnv: Record<string, string>, ready: RegExp): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--enable-source-maps', script], { env: { ...process.env, ...childEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`${script} did not start within 180 s: ${output}`));
    }, 180_000);
    const seen = (d: Buffer) => {
      output = (output + d.toString()).slice(-4000);
      if (ready.test(output)) {
        clearTimeout(timer);
        resolve(child);
      }
    };
    child.stdout!.on('data', seen);
    child.stderr!.on('data', seen);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited ${code}: ${output}`));
    });
  });
}

/**
 * Deployed topology: the API's health does not see the projector's lag, so the bench asks the
 * API itself, the way a client would: GET a trail and a staff member's indicators with
 * `Ledger-Min-Position` = the log's last position, until both answer 200 (a 503 means the read
 * models are still behind after the route's bounded wait). Set in main once the tokens exist.
 */
let settleDeployed: ((maxMs: number) => Promise<number>) | undefined;

async function settle(apiUrl: string, maxMs = 180_000): Promise<number> {
  if (settleDeployed) return settleDeployed(maxMs);
  const started = Date.now();
  while (Date.now() - started < maxMs) {
    try {
      const body = (await (await fetch(`${apiUrl}/api/v1/health/ready`)).json()) as { checks?: { projections?: { lagEvents?: number; detail?: string } } };
      const p = body.checks?.projections;
      if (!p || p.lagEvents === 0 || p.lagEvents === undefined) return Date.now() - started;
    } catch {
      // not answering yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  log(`read models still behind after ${maxMs} ms`);
  return Date.now() - started;
}

async function oneStreamRun(pool: pg.Pool, apiUrl: string): Promise<{ commands: number; concurrency: number; statuses: Record<string, number>; rps: number; p50: number; p99: number; seconds: number }> {
  const concurrency = env('BENCH_ONE_STREAM_CONCURRENCY', 100);
  const commands = env('BENCH_ONE_STREAM_COMMANDS', 1000);
  const { rows } = await pool.query<{ id: string; holder: string; status: string }>(
    `SELECT b.id, b.holder, b.status FROM assignment_board_v1 b WHERE b.status IN ('accepted', 'issued') AND b.holder IS NOT NULL ORDER BY b.status, b.id LIMIT 1`,
  );
  if (!rows[0]) throw new Error('no open assignment for the one-stream run');
  const token = await mintDevToken(SECRET, { sub: rows[0].holder, roles: ['staff'] });
  if (rows[0].status === 'issued') {
    const accepted = await fetch(`${apiUrl}/api/v1/assignments/${rows[0].id}/acceptance`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: '{}' });
    if (accepted.status !== 200) throw new Error(`one-stream run: accepting ${rows[0].id} answered ${accepted.status}`);
  }
  let i = 0;
  const r = await autocannon({
    url: apiUrl,
    connections: concurrency,
    amount: commands,
    requests: [
      {
        method: 'POST',
        setupRequest: (req) => ({
          ...req,
          path: `/api/v1/assignments/${rows[0]!.id}/progress`,
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ note: `bench step ${i++}`, percentComplete: i % 101 }),
        }),
      },
    ],
  });
  const statuses: Record<string, number> = {};
  for (const [code, { count }] of Object.entries(r.statusCodeStats)) statuses[code] = count;
  return { commands, concurrency, statuses, rps: round(r.requests.average, 0), p50: r.latency.p50, p99: r.latency.p99, seconds: round(r.duration, 2) };
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
