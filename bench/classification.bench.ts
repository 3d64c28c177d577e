/**
 * Classification benchmark: a province-sized cycle (default 50,000 staff, 12 months of
 * indicator rows each) in a fresh database. Reports the classification run as the API
 * does it (issue 17: streamed by unit subtree: `loadCyclePlan`, then per part
 * `loadCyclePart` + `createCycleRun().classifyPart`, quota pass included, each part's
 * results let go once counted; NO events appended) as a ratio of a plain full scan of
 * the same indicator rows into Node, plus peak RSS and heap of each phase. The runs are
 * measured BEFORE any scan, so the run's peak RSS is not the scan's.
 * BENCH_MODE=whole measures the former all-at-once run (`loadCycleInputs` + `classifyCycle`).
 *
 *   npm run bench:classification        (BENCH_STAFF=5000 for a smoke run)
 *
 * Progress goes to stderr; one JSON line goes to stdout at the end.
 */
import os from 'node:os';
import pg from 'pg';
import { median, scratchDatabase, timed } from './support.js';
import { NATIONAL_POLICIES, selectPolicy, type StaffCategory } from '#classification';
import { runMigrations } from '#platform';
import { ClassificationFactQueries, IndicatorQueries } from '#read-models';
import { classifyCycle, createCycleRun } from '../apps/api/src/evaluation/classify-cycle.js';
import { loadCycleInputs, loadCyclePart, loadCyclePlan } from '../apps/api/src/evaluation/cycle-inputs.js';
import { classificationBatchesInWorker, CLASSIFICATION_WORKER_SCRIPT } from '../apps/api/src/evaluation/classification-runner.js';

const STAFF = Number.parseInt(process.env.BENCH_STAFF ?? '50000', 10);
const PER_UNIT = Number.parseInt(process.env.BENCH_STAFF_PER_UNIT ?? '100', 10);
const REPS = Number.parseInt(process.env.BENCH_REPS ?? '3', 10);
const MODE = process.env.BENCH_MODE === 'whole' ? 'whole' : process.env.BENCH_MODE === 'worker' ? 'worker' : 'streamed';
/** BENCH_MODE=worker: the classification worker the API runs (README "Memory"), with its heap cap. */
const WORKER_HEAP_MB = Number.parseInt(process.env.BENCH_WORKER_HEAP_MB ?? '512', 10);
const PART_STAFF = Number.parseInt(process.env.BENCH_PART_STAFF ?? '2000', 10);
const YEAR = 2026;
const log = (line: string) => process.stderr.write(`[bench:classification] ${line}\n`);

let peakRss = 0;
let peakHeap = 0;
const sample = () => {
  const m = process.memoryUsage();
  peakRss = Math.max(peakRss, m.rss);
  peakHeap = Math.max(peakHeap, m.heapUsed);
};

async function seed(pool: pg.Pool): Promise<void> {
  const units = Math.ceil(STAFF / PER_UNIT);
  await pool.query(`INSERT INTO units_v1 (id, name, parent_unit_id, path, status, established_on, version) VALUES ('prov', 'Province', NULL, '/prov/', 'active', '2020-01-01', 1)`);
  await pool.query(
    `INSERT INTO units_v1 (id, name, parent_unit_id, path, status, established_on, version)
     SELECT 'u' || g, 'Unit ' || g, 'prov', '/prov/u' || g || '/', 'active', '2020-01-01', 1 FROM generate_series(1, $1) g`,
    [units],
  );
  // Staff: civil servants; the first of each unit heads it; 1 in 50 joined mid-year, 1 in 40 had leave.
  await pool.query(
    `INSERT INTO indicator_staff_v1 (staff_id, category, unit_id, job_position, joined_on, leaves, posts)
     SELECT 's' || g, 'civil_servant', 'u' || ((g - 1) / $2 + 1), 'group-' || (g % 3),
            CASE WHEN g % 50 = 0 THEN DATE '2026-05-01' ELSE DATE '2015-01-01' END,
            CASE WHEN g % 40 = 0 THEN '[{"kind":"sick","from":"2026-02-01","to":"2026-03-15"}]'::jsonb ELSE '[]'::jsonb END,
            CASE WHEN (g - 1) % $2 = 0 THEN jsonb_build_array(jsonb_build_object('role', 'head', 'unitId', 'u' || ((g - 1) / $2 + 1), 'from', '2020-01-01', 'to', NULL)) ELSE '[]'::jsonb END
       FROM generate_series(1, $1) g`,
    [STAFF, PER_UNIT],
  );
  // 12 months of indicator rows per person, deterministic pseudo-random counts.
  await pool.query(
    `INSERT INTO staff_indicators_v1 (staff_id, year, month, assigned, completed, completed_on_time, on_time_meeting_quality, late, quality_exceeded, quality_met, quality_below,
                                      handoffs_initiated, handoffs_received, declines, extensions)
     SELECT 's' || g, $2, m, a, c, t, q, c - t, e, c - e - b, b, (g + m) % 3, (g * m) % 2, (g + m) % 5 / 4, (g * 7 + m) % 4 / 3
       FROM generate_series(1, $1) g, generate_series(1, 12) m,
            LATERAL (SELECT 4 + (g * 31 + m * 17) % 9 AS a) x1,
            LATERAL (SELECT a - ((g * 13 + m) % 7 = 0)::int AS c) x2,
            LATERAL (SELECT c - ((g * 11 + m * 3) % 5 = 0)::int AS t) x3,
            LATERAL (SELECT GREATEST(0, ((g + m) % 3 = 0)::int) AS b) x4,
            LATERAL (SELECT LEAST(c - b, (g * 5 + m) % 4) AS e) x5,
            LATERAL (SELECT GREATEST(0, t - b) AS q) x6`,
    [STAFF, YEAR],
  );
  await pool.query(
    `INSERT INTO evaluation_results_v1 (cycle_id, staff_id, general_criteria_score, version)
     SELECT 'bench', 's' || g, 15 + (g * 7) % 16, 1 FROM generate_series(1, $1) g`,
    [STAFF],
  );
  // Classification reads a decision's recorded consequences (issue 16).
  await pool.query(
    `INSERT INTO discipline_consequences_v1 (case_id, subject_id, kind, decision_no, form, from_date, until_date, source)
     SELECT 'k' || g, 's' || g, k.kind, 'QD-' || g, 'reprimand', DATE '2026-06-01', k.until, 'bench'
       FROM generate_series(7, $1, 200) g,
            (VALUES ('decision_in_effect', DATE '2027-05-31'), ('classification_not_completed', DATE '2026-12-31')) AS k(kind, until)`,
    [STAFF],
  );
  await pool.query('ANALYZE');
}

async function main(): Promise<void> {
  const sampler = setInterval(sample, 20);
  const { url, name: dbName, drop } = await scratchDatabase('ledger_bench_cls', log);
  const pool = new pg.Pool({ connectionString: url, max: 6 });
  try {
    await runMigrations(url);
    log(`seeding ${STAFF} staff x 12 months in ${dbName}`);
    const seeded = await timed(() => seed(pool));
    log(`seeded in ${(seeded.ms / 1000).toFixed(1)} s`);
    const policy = selectPolicy(NATIONAL_POLICIES, { year: YEAR, category: 'civil_servant' });
    const policyFor = (c: StaffCategory) => (c === 'civil_servant' ? policy : undefined);

    const indicators = new IndicatorQueries(pool);
    const facts = new ClassificationFactQueries(pool);
    const query = { cycleId: 'bench', year: YEAR, scopeUnitId: 'prov' };
    /** One classification run; returns the level counts, the skips and the time spent reading. */
    const classifyRun = async () => {
      const levels: Record<string, number> = {};
      let skipped = 0;
      let readMs = 0;
      const count = (c: { results: readonly { level: string }[]; skipped: readonly unknown[] }) => {
        for (const r of c.results) levels[r.level] = (levels[r.level] ?? 0) + 1;
        skipped += c.skipped.length;
      };
      if (MODE === 'whole') {
        const read = await timed(() => loadCycleInputs(indicators, query, facts));
        readMs += read.ms;
        sample();
        count(classifyCycle(read.value.staff, policyFor, { units: read.value.units }));
        return { levels, skipped, readMs, parts: 1 };
      }
      if (MODE === 'worker') {
        // What POST /classification-runs does before appending: the worker reads and classifies part by part and hands
        // the proposals (fingerprinted) over 200 at a time. The read time is inside the worker: not split out here.
        const input = {
          cycleId: query.cycleId, year: YEAR, scopeUnitId: query.scopeUnitId, policies: [{ category: 'civil_servant', policyId: policy!.id }],
          taskGroups: [], outstandingUnits: {}, partStaff: PART_STAFF, batchSize: 200,
        };
        let batches = 0;
        for await (const batch of classificationBatchesInWorker(CLASSIFICATION_WORKER_SCRIPT, url, input, { heapMb: WORKER_HEAP_MB })) {
          batches++;
          count({ results: batch.proposals, skipped: batch.skipped });
          sample();
        }
        return { levels, skipped, readMs, parts: batches };
      }
      const plan = await timed(() => loadCyclePlan(indicators, query, facts, PART_STAFF));
      readMs += plan.ms;
      const run = createCycleRun(policyFor, { units: plan.value.units });
      for (const part of plan.value.parts) {
        const staff = await timed(() => loadCyclePart(indicators, query, part, plan.value.facts));
        readMs += staff.ms;
        sample();
        count(run.classifyPart(staff.value));
        sample();
      }
      return { levels, skipped, readMs, parts: plan.value.parts.length };
    };

    // The runs first (warm-up, then REPS), so their peak RSS is theirs, not the scan's.
    await classifyRun();
    const runs: number[] = [];
    const reads: number[] = [];
    const facts_: number[] = [];
    let levels: Record<string, number> = {};
    let skipped = 0;
    let parts = 0;
    for (let i = 0; i < REPS; i++) {
      const run = await timed(classifyRun);
      runs.push(run.ms);
      reads.push(run.value.readMs);
      ({ levels, skipped, parts } = run.value);
      sample();
      // The part of the read that comes from recorded findings and earlier cycles (issue 15), timed on its own.
      facts_.push((await timed(() => facts.forCycle({ year: YEAR, scopeUnitId: 'prov' }))).ms);
      log(`rep ${i + 1}: ${MODE} run ${run.ms.toFixed(0)} ms (read ${run.value.readMs.toFixed(0)} ms, ${parts} parts)`);
    }
    sample();
    const runPeakRss = peakRss;
    const runPeakHeap = peakHeap;

    const scans: number[] = [];
    let rows = 0;
    await pool.query(`SELECT * FROM staff_indicators_v1 WHERE year = $1`, [YEAR]); // warm-up
    for (let i = 0; i < REPS; i++) {
      const scan = await timed(() => pool.query(`SELECT * FROM staff_indicators_v1 WHERE year = $1`, [YEAR]));
      scans.push(scan.ms);
      rows = scan.value.rowCount ?? 0;
      sample();
      scan.value.rows.length = 0;
      log(`rep ${i + 1}: scan ${scan.ms.toFixed(0)} ms`);
    }
    sample();
    const scanMs = median(scans);
    const runMs = median(runs);
    const result = {
      bench: 'classification',
      staff: STAFF,
      indicatorRows: rows,
      reps: REPS,
      appendsEvents: false,
      mode: MODE,
      partStaff: MODE === 'streamed' ? PART_STAFF : null,
      parts,
      scanMs: Math.round(scanMs),
      runMs: Math.round(runMs),
      readMs: Math.round(median(reads)),
      recordedFactsMs: Math.round(median(facts_)),
      classifyAndQuotaMs: Math.round(runMs - median(reads)),
      ratio: Math.round((runMs / scanMs) * 100) / 100,
      target: 2,
      runPeakRssMb: Math.round(runPeakRss / 1048576),
      runPeakHeapMb: Math.round(runPeakHeap / 1048576),
      rssTargetMb: 600,
      peakRssMb: Math.round(peakRss / 1048576),
      peakHeapMb: Math.round(peakHeap / 1048576),
      loadAverage: os.loadavg().map((x) => Math.round(x * 100) / 100),
      levels,
      skipped,
      node: process.version,
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
    };
    log(
      `classification ${MODE} run ${result.runMs} ms vs scan ${result.scanMs} ms: ratio ${result.ratio}x (target <= 2x); run peak RSS ${result.runPeakRssMb} MB (target <= 600), heap ${result.runPeakHeapMb} MB; with the scans: ${result.peakRssMb} MB; load ${result.loadAverage.join(' ')}`,
    );
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    clearInterval(sampler);
    await pool.end();
    await drop();
  }
}

main().catch((error: unknown) => {
  log(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
});
