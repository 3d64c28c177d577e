import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { NATIONAL_POLICIES, selectPolicy } from '#classification';
import { ClassificationFactQueries, IndicatorQueries, ScoreSheetQueries } from '#read-models';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/database.js';
import { classificationBatches, type ClassificationBatch, type ClassificationRunInput } from './classification-batches.js';
import { classificationBatchesInWorker, classificationSource } from './classification-runner.js';

/**
 * The classification run in the worker thread (README "Memory") hands over the same
 * proposals (levels, scores, traces, indicators, fingerprints: the data of the
 * ClassificationProposed events), skips and order as the run in the API thread.
 */
describe('a classification run in the worker thread equals the run in the API thread', () => {
  let db: TestDatabase;
  let pool: pg.Pool;
  const YEAR = 2026;
  // The compiled worker, as the API runs it (npm start, the container).
  const SCRIPT = pathToFileURL(path.resolve('dist/apps/api/src/evaluation/classification-worker.js'));
  const policy = selectPolicy(NATIONAL_POLICIES, { year: YEAR, category: 'civil_servant' });
  const input = (over: Partial<ClassificationRunInput> = {}): ClassificationRunInput => ({
    cycleId: 'c1', year: YEAR, scopeUnitId: 'prov', policies: [{ category: 'civil_servant', policyId: policy!.id }],
    taskGroups: [{ unitId: 'd1t1', groupId: 'desk', jobPositions: ['clerk'] }], outstandingUnits: { d2: { share: 0.5, decisionRef: 'QD-1/2026' } },
    partStaff: 15, batchSize: 7, ...over,
  });
  const collect = async (batches: AsyncIterable<ClassificationBatch>) => {
    const out: ClassificationBatch[] = [];
    for await (const b of batches) out.push(b);
    return out;
  };

  beforeAll(async () => {
    execFileSync('npm', ['run', 'build:fast', '--silent'], { stdio: 'ignore', timeout: 600_000 });
    db = await createTestDatabase();
    pool = new pg.Pool({ connectionString: db.url, max: 4 });
    const units: Array<[string, string | null, string]> = [['prov', null, '/prov/']];
    for (let d = 1; d <= 3; d++) {
      units.push([`d${d}`, 'prov', `/prov/d${d}/`]);
      for (let t = 1; t <= 2; t++) units.push([`d${d}t${t}`, `d${d}`, `/prov/d${d}/d${d}t${t}/`]);
    }
    for (const [id, parent, p] of units) {
      await pool.query(`INSERT INTO units_v1 (id, name, parent_unit_id, path, status, established_on, version) VALUES ($1, $1, $2, $3, 'active', '2020-01-01', 1)`, [id, parent, p]);
    }
    let n = 0;
    for (const [unit] of units) {
      for (let i = 0; i < 6; i++) {
        const id = `s${String(++n).padStart(3, '0')}`;
        const posts = i === 0 ? [{ role: 'head', unitId: unit, from: '2020-01-01', to: null }] : [];
        await pool.query(
          `INSERT INTO indicator_staff_v1 (staff_id, category, unit_id, job_position, joined_on, left_on, leaves, posts)
           VALUES ($1, 'civil_servant', $2, $3, $4, NULL, '[]'::jsonb, $5::jsonb)`,
          [id, unit, i % 2 ? 'clerk' : 'officer', i === 5 && n % 2 ? '2026-11-01' : '2015-01-01', JSON.stringify(posts)],
        );
        for (let m = 1; m <= 12; m++) {
          const a = 4 + ((n * 31 + m * 17) % 9);
          const c = a - Number((n * 13 + m) % 7 === 0);
          const e = (n * 5 + m) % 4;
          await pool.query(
            `INSERT INTO staff_indicators_v1 (staff_id, year, month, assigned, completed, completed_on_time, on_time_meeting_quality, late, quality_exceeded, quality_met, quality_below,
                                              handoffs_initiated, handoffs_received, declines, extensions)
             VALUES ($1, $2, $3, $4, $5, $5, $5, 0, $6, $7, 0, 0, 0, 0, 0)`,
            [id, YEAR, m, a, c, Math.min(c, n % 3 === 0 ? a : e), c - Math.min(c, n % 3 === 0 ? a : e)],
          );
        }
        await pool.query(`INSERT INTO evaluation_results_v1 (cycle_id, staff_id, general_criteria_score, version) VALUES ('c1', $1, $2, 1)`, [id, 15 + ((n * 7) % 16)]);
      }
    }
  });

  afterAll(async () => {
    await pool.end();
    await db.drop();
  });

  const reads = () => ({ indicators: new IndicatorQueries(pool), facts: new ClassificationFactQueries(pool), scoreSheets: new ScoreSheetQueries(pool) });

  it('the same batches, proposals and skips in the same order, part by part', async () => {
    const inProcess = await collect(classificationBatches(reads(), input()));
    const inWorker = await collect(classificationBatchesInWorker(SCRIPT, db.url, input(), { heapMb: 128 }));
    const proposals = inProcess.flatMap((b) => b.proposals);
    expect(proposals.length).toBeGreaterThan(30);
    expect(inProcess.flatMap((b) => b.skipped).length).toBeGreaterThan(0);
    expect(inProcess.length).toBeGreaterThan(4);
    expect(new Set(proposals.map((p) => p.level)).size).toBeGreaterThan(1);
    expect(inWorker).toEqual(inProcess);
    // The mode switch picks the worker when asked, and gives the same.
    expect(await collect(classificationSource('on', { reads: reads(), databaseUrl: db.url, heapMb: 128, script: SCRIPT }, input()))).toEqual(inProcess);
    expect(await collect(classificationSource('off', { reads: reads(), databaseUrl: db.url, heapMb: 128, script: SCRIPT }, input()))).toEqual(inProcess);
  });

  it('stops the worker when the caller leaves the run early (an append failed)', async () => {
    const batches = classificationBatchesInWorker(SCRIPT, db.url, input(), { heapMb: 128 });
    for await (const b of batches) {
      expect(b.proposals.length).toBeGreaterThan(0);
      break;
    }
    // A finished generator: nothing more, no worker left running.
    expect(await batches.next()).toEqual({ done: true, value: undefined });
  });

  it('a worker over its heap cap fails the run, not the process that started it', async () => {
    // 4 MB: not even the worker's modules fit. The API stays up; the route answers an error.
    await expect(collect(classificationBatchesInWorker(SCRIPT, db.url, input(), { heapMb: 4 }))).rejects.toThrow(/classification worker failed: .*memory/i);
    expect(await collect(classificationBatchesInWorker(SCRIPT, db.url, input(), { heapMb: 128 }))).not.toHaveLength(0);
  });

  it('reports the worker\'s failure to the caller (here: a database it cannot reach)', async () => {
    const bad = db.url.replace(/\/[^/?]+(\?|$)/, '/no_such_database_here$1');
    await expect(collect(classificationBatchesInWorker(SCRIPT, bad, input(), { heapMb: 128 }))).rejects.toThrow(/classification worker: .*no_such_database_here/);
  });
});
