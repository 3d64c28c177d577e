/**
 * Score-sheet benchmark (issue 14): computing and storing one month's period score
 * sheets for a province (default 50,000 staff, 4 products each in the month, 3 job
 * positions per unit with 5-product catalogues and a provincial overlay), through the
 * code the `POST /score-sheets/drafts` route runs (`draftSheets`: one scan of the work
 * record, the catalogue in force per position, the access policy and the decider per
 * sheet, `CommandExecutor.executeNew` appending many streams per transaction), against a
 * plain scan of the same work rows into Node, in one run. Each repetition drafts a
 * different month (sheets are new streams each time). Reports peak RSS and heap.
 *
 *   npm run bench:score-sheets          (BENCH_STAFF=5000 for a smoke run)
 *
 * Progress goes to stderr; one JSON line goes to stdout at the end.
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import pg from 'pg';
import { median, scratchDatabase, timed } from './support.js';
import { actor, authorize, type AccessPolicy, type Decider, type DomainCommand, type DomainEvent } from '#domain';
import { PostgresEventStore } from '#event-store';
import { runMigrations } from '#platform';
import { PositionQueries, ScoreSheetQueries, UnitQueries } from '#read-models';
import { ScopeService } from '../apps/api/src/auth/scope.service.js';
import { CommandExecutor } from '../apps/api/src/commands/command-executor.js';
import type { CommandContext } from '../apps/api/src/commands/command-context.js';
import { draftSheets } from '../apps/api/src/positions/sheet-drafting.js';
import { periodInstants } from '../apps/api/src/positions/sheet-inputs.js';

const STAFF = Number.parseInt(process.env.BENCH_STAFF ?? '50000', 10);
const PER_UNIT = Number.parseInt(process.env.BENCH_STAFF_PER_UNIT ?? '100', 10);
const PER_MONTH = Number.parseInt(process.env.BENCH_PRODUCTS_PER_MONTH ?? '4', 10);
const REPS = Number.parseInt(process.env.BENCH_REPS ?? '3', 10);
const YEAR = 2026;
const log = (line: string) => process.stderr.write(`[bench:score-sheets] ${line}\n`);

let peakRss = 0;
let peakHeap = 0;
const sample = () => {
  const m = process.memoryUsage();
  peakRss = Math.max(peakRss, m.rss);
  peakHeap = Math.max(peakHeap, m.heapUsed);
};

const PRODUCTS = (prefix: string) =>
  JSON.stringify([
    {
      version: 1, effectiveFrom: '2026-01-01', basis: 'bench',
      products: [0.25, 0.5, 2, 8, 16].map((c, i) => ({ code: `${prefix}-${i}`, name: `Sản phẩm ${i}`, unitOfMeasure: 'hồ sơ', coefficient: c, qualityCriterion: 'đạt', standardDays: 1 + i })),
    },
  ]);

async function seed(pool: pg.Pool): Promise<void> {
  const units = Math.ceil(STAFF / PER_UNIT);
  await pool.query(`INSERT INTO units_v1 (id, name, parent_unit_id, path, status, established_on, version) VALUES ('prov', 'Province', NULL, '/prov/', 'active', '2020-01-01', 1)`);
  await pool.query(
    `INSERT INTO units_v1 (id, name, parent_unit_id, path, status, established_on, version)
     SELECT 'u' || g, 'Unit ' || g, 'prov', '/prov/u' || g || '/', 'active', '2020-01-01', 1 FROM generate_series(1, $1) g`,
    [units],
  );
  // Three positions per unit, each with its own 5-product catalogue; one provincial overlay.
  await pool.query(
    `INSERT INTO positions_v1 (position_id, unit_id, code, title, category, task_group, competencies, effective_from, version)
     SELECT 'u' || g || '.p' || k, 'u' || g, 'P' || k, 'Vị trí ' || k, 'professional', 'group-' || k, '[]', '2026-01-01', 1
       FROM generate_series(1, $1) g, generate_series(0, 2) k`,
    [units],
  );
  await pool.query(
    `INSERT INTO catalogues_v1 (catalogue_id, owner_kind, owner_id, unit_id, versions)
     SELECT 'u' || g || '.p' || k, 'position', 'u' || g || '.p' || k, 'u' || g, replace($2, 'PX', 'P' || k)::jsonb
       FROM generate_series(1, $1) g, generate_series(0, 2) k`,
    [units, PRODUCTS('PX')],
  );
  await pool.query(`INSERT INTO catalogues_v1 (catalogue_id, owner_kind, owner_id, unit_id, versions) VALUES ('unit.prov', 'unit', 'prov', 'prov', $1::jsonb)`, [PRODUCTS('TINH')]);
  await pool.query(
    `INSERT INTO position_appointments_v1 (position_id, staff_id, main, from_date)
     SELECT 'u' || ((g - 1) / $2 + 1) || '.p' || (g % 3), 's' || g, true, '2026-01-01' FROM generate_series(1, $1) g`,
    [STAFF, PER_UNIT],
  );
  // PER_MONTH products per person per month for REPS months: most done on time and met, some late, below, open or ad hoc.
  await pool.query(
    `INSERT INTO work_products_v1 (assignment_id, holder_id, unit_id, title, due_at, status, completed_at, late, quality, below_reviews,
                                   position_id, product_code, product_name, unit_of_measure, quantity, coefficient, catalogue_id, catalogue_version, ad_hoc_reason)
     SELECT 'a' || g || '-' || m || '-' || j, 's' || g, 'u' || ((g - 1) / $2 + 1), 'Việc ' || j,
            make_timestamptz($4, m, 5 + j * 5, 3, 0, 0, 'UTC'),
            CASE WHEN (g + j) % 17 = 0 THEN 'open' ELSE 'reviewed' END,
            CASE WHEN (g + j) % 17 = 0 THEN NULL ELSE make_timestamptz($4, m, 4 + j * 5, 3, 0, 0, 'UTC') END,
            (g * 7 + j + m) % 11 = 0,
            CASE WHEN (g + j) % 17 = 0 THEN NULL WHEN (g * 3 + j) % 13 = 0 THEN 'below' WHEN (g + j * 5) % 7 = 0 THEN 'exceeded' ELSE 'met' END,
            ((g * 3 + j) % 13 = 0)::int,
            'u' || ((g - 1) / $2 + 1) || '.p' || (g % 3),
            CASE WHEN (g + j) % 23 = 0 THEN NULL ELSE 'P' || (g % 3) || '-' || ((g + j) % 5) END,
            'Sản phẩm', 'hồ sơ', 1 + (g + j) % 12,
            CASE WHEN (g + j) % 23 = 0 THEN 4 ELSE NULL END, NULL, 1,
            CASE WHEN (g + j) % 23 = 0 THEN 'Nhiệm vụ đột xuất' ELSE NULL END
       FROM generate_series(1, $1) g, generate_series(1, $3) m, generate_series(0, $5 - 1) j`,
    [STAFF, PER_UNIT, REPS, YEAR, PER_MONTH],
  );
  await pool.query('ANALYZE');
}

async function main(): Promise<void> {
  const sampler = setInterval(sample, 20);
  const { url, name: dbName, drop } = await scratchDatabase('ledger_bench_sheets', log);
  const pool = new pg.Pool({ connectionString: url, max: 6 });
  const store = new PostgresEventStore({ connectionString: url, poolSize: 6 });
  const load = () => os.loadavg().map((l) => Math.round(l * 100) / 100);
  const loadBefore = load();
  try {
    await runMigrations(url);
    log(`seeding ${STAFF} staff x ${PER_MONTH} products x ${REPS} months in ${dbName} (load ${loadBefore.join(' ')})`);
    const seeded = await timed(() => seed(pool));
    log(`seeded in ${(seeded.ms / 1000).toFixed(1)} s`);
    const positions = new PositionQueries(pool);
    const sheets = new ScoreSheetQueries(pool);
    const executor = new CommandExecutor(store, new ScopeService(new UnitQueries(pool)));
    const who = actor('bench-hr', ['hr'], { all: true, units: new Set() });
    const ctx = (): CommandContext => {
      const now = new Date().toISOString();
      return { principal: { sub: 'bench-hr', roles: ['hr'], units: ['*'] }, now, occurredAt: now, correlationId: randomUUID() };
    };

    // The same drafting with an executor that authorizes and decides but appends nothing:
    // what the run costs besides the event store's appends.
    const dry = {
      async executeNew<S, C extends DomainCommand, E extends DomainEvent>(decider: Decider<S, C, E>, access: AccessPolicy<S, C>, items: ReadonlyArray<{ stream: string; command: Record<string, unknown> }>, c: CommandContext) {
        return items.map((item) => {
          const base = { ...item.command, now: c.now, actor: c.principal.sub } as unknown as C;
          const state = decider.initialState();
          const actingAs = authorize(access, who, state, base);
          return { stream: item.stream, appended: decider.decide({ ...base, actingAs }, state).length };
        });
      },
      execute: () => Promise.reject(new Error('dry run: no existing sheets expected')),
    } as unknown as CommandExecutor;
    const dryRuns: number[] = [];
    const scans: number[] = [];
    const runs: number[] = [];
    let rows = 0;
    let drafted = 0;
    const loads: number[][] = [];
    for (let i = 0; i < REPS; i++) {
      const period = `${YEAR}-${String(i + 1).padStart(2, '0')}`;
      const { from, until } = periodInstants(period);
      const scan = await timed(() => pool.query(`SELECT * FROM work_products_v1 WHERE due_at >= $1 AND due_at < $2`, [from, until]));
      scans.push(scan.ms);
      rows = scan.value.rowCount ?? 0;
      scan.value.rows.length = 0;
      sample();
      const dryRun = await timed(() => draftSheets({ positions, sheets, executor: dry }, { unitId: 'prov', period }, ctx(), who));
      dryRuns.push(dryRun.ms);
      sample();
      const run = await timed(() => draftSheets({ positions, sheets, executor }, { unitId: 'prov', period }, ctx(), who));
      runs.push(run.ms);
      sample();
      drafted = run.value.drafted;
      loads.push(load());
      log(`rep ${i + 1} (${period}): scan ${scan.ms.toFixed(0)} ms (${rows} rows), without appends ${dryRun.ms.toFixed(0)} ms, drafts ${run.ms.toFixed(0)} ms (${run.value.drafted} drafted, ${run.value.unchanged} unchanged), load ${loads.at(-1)!.join(' ')}`);
    }
    const events = Number((await pool.query<{ n: string }>(`SELECT count(*)::text AS n FROM events WHERE stream_id LIKE 'scoresheet-%'`)).rows[0]!.n);
    const scanMs = median(scans);
    const runMs = median(runs);
    const result = {
      bench: 'score-sheets',
      staff: STAFF,
      workRowsPerMonth: rows,
      reps: REPS,
      draftedPerRun: drafted,
      eventsAppended: events,
      scanMs: Math.round(scanMs),
      runMs: Math.round(runMs),
      runsMs: runs.map(Math.round),
      withoutAppendsMs: Math.round(median(dryRuns)),
      withoutAppendsRatio: Math.round((median(dryRuns) / scanMs) * 100) / 100,
      appendsMs: Math.round(runMs - median(dryRuns)),
      scansMs: scans.map(Math.round),
      ratio: Math.round((runMs / scanMs) * 100) / 100,
      targetSeconds: 60,
      targetRssMb: 1024,
      peakRssMb: Math.round(peakRss / 1048576),
      peakHeapMb: Math.round(peakHeap / 1048576),
      loadAverageBefore: loadBefore,
      loadAverageAfterEachRun: loads,
      node: process.version,
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      at: new Date().toISOString(),
    };
    log(`drafts ${result.runMs} ms vs scan ${result.scanMs} ms: ratio ${result.ratio}x; peak RSS ${result.peakRssMb} MB, heap ${result.peakHeapMb} MB (targets: <= 60 s, <= 1024 MB)`);
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    clearInterval(sampler);
    await store.close();
    await pool.end();
    await drop();
  }
}

main().catch((error: unknown) => {
  log(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
});
