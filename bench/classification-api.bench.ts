/**
 * A classification run through the API as deployed (README "Memory"): the API child is
 * started from dist/apps/api/src/main.js, so with its production heap settings, over a
 * seeded province (BENCH_LOAD_DB on BENCH_DATABASE_URL, as bench:load leaves it; seeded
 * with BENCH_STAFF when missing); an HR caller opens a cycle for the seeded year over the
 * whole province and POSTs a classification run. Reports the run's time, its answer
 * (classified, proposed, skipped), and the API's RSS before, peak during (sampled every
 * 100 ms, the classification worker included: same process) and after. One JSON line.
 *
 *   BENCH_DATABASE_URL=postgres://... BENCH_LOAD_DB=<seeded db> node dist/bench/classification-api.bench.js
 *   CLASSIFICATION_WORKER=off ...   (the same run computed in the API thread, for the A/B)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { writeSigningKeyFile } from '#event-store';
import { runMigrations } from '#platform';
import { mintDevToken } from '../apps/api/src/auth/jwt.verifier.js';
import { ensureDatabase } from './support.js';
import { seedDemo } from '../apps/cli/src/seed/seed-demo.js';

const SECRET = 'cls-api-bench-secret-0123456789abcdefghijklmnop';
const here = path.dirname(fileURLToPath(import.meta.url));
const rssMb = (pid: number) => Math.round(Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024);

async function main(): Promise<void> {
  const adminUrl = process.env.BENCH_DATABASE_URL;
  const dbName = process.env.BENCH_LOAD_DB;
  if (!adminUrl || !dbName) throw new Error('set BENCH_DATABASE_URL and BENCH_LOAD_DB');
  const year = new Date().getUTCFullYear() - 1;
  const { url, existed: exists } = await ensureDatabase(adminUrl, dbName);
  await runMigrations(url);
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  if (!exists) await seedDemo({ databaseUrl: url, staff: Number(process.env.BENCH_STAFF ?? 2000), year, seed: 'load', progress: { silent: true } });
  const root = (await pool.query<{ id: string }>('SELECT id FROM units_v1 WHERE parent_unit_id IS NULL ORDER BY id LIMIT 1')).rows[0]!.id;
  await pool.end();

  const keyFile = path.join(os.tmpdir(), `cls-api-bench-${randomBytes(4).toString('hex')}.key`);
  writeSigningKeyFile(keyFile);
  const port = process.env.BENCH_PORT ?? '3103';
  const api: ChildProcess = spawn(process.execPath, [path.join(here, '../apps/api/src/main.js')], {
    env: {
      ...process.env, DATABASE_URL: url, PORT: port, HOST: '127.0.0.1', PROJECTOR_INLINE: 'true', LOG_LEVEL: 'warn', JWT_SECRET: SECRET, JWT_ALLOW_HS256: 'true',
      LEDGER_SIGNING_KEY_FILE: keyFile, NODE_ENV: 'production', DOCS_UI: 'false', RATE_LIMIT_ENABLED: 'false',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}/api/v1`;
  try {
    for (let i = 0; ; i++) {
      if (api.exitCode !== null) throw new Error(`API exited ${api.exitCode}`);
      if (await fetch(`http://127.0.0.1:${port}/health/live`).then((r) => r.ok, () => false)) break;
      if (i > 480) throw new Error('API did not start');
      await new Promise((r) => setTimeout(r, 250));
    }
    await new Promise((r) => setTimeout(r, 5000));
    const hr = await mintDevToken(SECRET, { sub: 'bench-hr', roles: ['hr'], units: ['*'] });
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${hr}` };
    const before = rssMb(api.pid!);
    const opened = await fetch(`${base}/evaluation-cycles`, { method: 'POST', headers, body: JSON.stringify({ year, scopeUnitId: root }) });
    if (!opened.ok) throw new Error(`open cycle: ${opened.status} ${await opened.text()}`);
    const { id } = (await opened.json()) as { id: string };
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, rssMb(api.pid!))), 100);
    const started = performance.now();
    const run = await fetch(`${base}/evaluation-cycles/${id}/classification-runs`, { method: 'POST', headers, body: '{}' });
    const ms = Math.round(performance.now() - started);
    clearInterval(sampler);
    const body = (await run.json()) as { classified?: number; proposed?: number; unchanged?: number; skipped?: unknown[]; refused?: unknown[]; levels?: unknown };
    if (!run.ok) throw new Error(`classification run: ${run.status} ${JSON.stringify(body)}`);
    const after = rssMb(api.pid!);
    const result = {
      bench: 'classification-api',
      at: new Date().toISOString(),
      worker: process.env.CLASSIFICATION_WORKER ?? 'auto',
      apiHeapFlags: readFileSync(`/proc/${api.pid}/cmdline`, 'utf8').split('\0').filter((a) => a.startsWith('--max-')),
      runMs: ms,
      classified: body.classified, proposed: body.proposed, unchanged: body.unchanged, skipped: body.skipped?.length, refused: body.refused?.length, levels: body.levels,
      apiRssMb: { before, peakDuringRun: peak, after },
      loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    api.kill('SIGTERM');
    await new Promise((r) => api.once('exit', r));
    rmSync(keyFile, { force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
