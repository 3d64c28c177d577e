/**
 * CPU per request of the two read routes (GET trail, GET staff indicators) in two builds,
 * run side by side (A and B at the same time, route after route): a same-run A/B that a
 * loaded machine disturbs far less than req/s do.
 *
 *   node bench/http-cpu-ab.mjs <checkout A> <checkout B> [requests per run = 1000] [rounds = 3]
 *
 * Each checkout must have been built (`npm run build:fast`) and reach node_modules. Each run
 * is a child process that builds that checkout's app in-process (no projector, LOG_LEVEL
 * warn, production mode), warms up, then sends the requests through `fastify.inject` (the
 * whole Fastify + Nest pipeline, no sockets), 4 in flight. Printed per run: the CPU time
 * (user + system) of the process and of the PostgreSQL backends of the database per
 * request. The database: BENCH_AB_DB (default postgres://postgres@127.0.0.1:5432/p10read_http),
 * a database seeded by bench:http (BENCH_HTTP_DB). One JSON line per run on stdout.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const url = process.env.BENCH_AB_DB ?? 'postgres://postgres@127.0.0.1:5432/p10read_http';

async function child(root, route, n) {
  const keyFile = path.join(os.tmpdir(), `http-cpu-ab-${randomBytes(3).toString('hex')}.key`);
  const es = await import(`${root}/dist/libs/event-store/src/index.js`);
  es.writeSigningKeyFile(keyFile);
  // Its own application_name, so the backends of the other build, run at the same time, are not counted.
  const appName = `http-cpu-ab-${process.pid}`;
  Object.assign(process.env, { PGAPPNAME: appName, DATABASE_URL: url, JWT_SECRET: 'http-bench-secret-0123456789abcdefghijklmnop', JWT_ALLOW_HS256: 'true', NODE_ENV: 'production', LOG_LEVEL: 'warn', RATE_LIMIT_ENABLED: 'false', PROJECTOR_INLINE: 'false', DOCS_UI: 'false', LEDGER_SIGNING_KEY_FILE: keyFile });
  const platform = await import(`${root}/dist/libs/platform/src/index.js`);
  const { createApp } = await import(`${root}/dist/apps/api/src/app.factory.js`);
  const { mintDevToken } = await import(`${root}/dist/apps/api/src/auth/jwt.verifier.js`);
  const pg = (await import('pg')).default;
  const app = await createApp(platform.loadConfig(), url);
  await app.init();
  const fastify = app.getHttpAdapter().getInstance();
  await fastify.ready();
  const token = await mintDevToken(process.env.JWT_SECRET, { sub: 'bench-hr', roles: ['hr'], units: ['*'] });
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  const year = Number((await pool.query('SELECT max(year) AS y FROM staff_indicators_v1')).rows[0].y);
  const ids = (await pool.query(route === 'trail' ? 'SELECT id FROM assignment_board_v1 ORDER BY id' : 'SELECT id FROM staff_v1 ORDER BY id')).rows.map((r) => r.id);
  const pathOf = (i) => (route === 'trail' ? `/api/v1/assignments/${ids[i % ids.length]}/trail` : `/api/v1/staff/${ids[i % ids.length]}/indicators?year=${year}`);
  const cpuMs = (pid) => {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) * 10;
  };
  const dbCpu = async () => {
    const { rows } = await pool.query('SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name = $1', [appName]);
    const m = new Map();
    for (const { pid } of rows) {
      try {
        m.set(pid, cpuMs(pid));
      } catch {
        // gone
      }
    }
    return m;
  };
  let bytes = 0;
  const one = async (i) => {
    const r = await fastify.inject({ method: 'GET', url: pathOf(i), headers: { authorization: `Bearer ${token}` } });
    if (r.statusCode !== 200) throw new Error(`${r.statusCode} ${r.body}`);
    bytes += r.body.length;
  };
  for (let i = 0; i < 300; i++) await one(i);
  bytes = 0;
  const d0 = await dbCpu();
  const c0 = process.cpuUsage();
  let next = 0;
  await Promise.all(Array.from({ length: 4 }, async () => {
    while (next < n) await one(next++);
  }));
  const c1 = process.cpuUsage(c0);
  const d1 = await dbCpu();
  let db = 0;
  for (const [pid, ms] of d1) db += ms - (d0.get(pid) ?? 0);
  process.stdout.write(`${JSON.stringify({ checkout: root, route, n, apiCpuMsPerReq: +((c1.user + c1.system) / 1000 / n).toFixed(3), dbCpuMsPerReq: +(db / n).toFixed(3), bytesPerReq: Math.round(bytes / n), load1: +os.loadavg()[0].toFixed(2) })}\n`);
  await pool.end();
  await app.close();
  rmSync(keyFile, { force: true });
}

const args = process.argv.slice(2);
if (args[0] === '--child') {
  await child(path.resolve(args[1]), args[2], Number(args[3]));
} else {
  const [a, b, n = '1000', rounds = '3'] = args;
  if (!a || !b) throw new Error('usage: node bench/http-cpu-ab.mjs <checkout A> <checkout B> [requests] [rounds]');
  const self = fileURLToPath(import.meta.url);
  const runOne = (root, route) =>
    new Promise((resolve) => {
      const run = spawn(process.execPath, [self, '--child', root, route, n], { stdio: ['ignore', 'inherit', 'inherit'] });
      run.on('exit', (code) => {
        if (code !== 0) process.exitCode = 1;
        resolve(undefined);
      });
    });
  for (let r = 0; r < Number(rounds); r++) {
    // A and B at the same time: both see the same machine (and each other), whatever else runs.
    for (const route of ['trail', 'indicators']) await Promise.all([runOne(a, route), runOne(b, route)]);
  }
}
