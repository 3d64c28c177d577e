import pg from 'pg';
import { classifyCycle, createCycleRun, NATIONAL_POLICIES, selectPolicy, type StaffCategory } from '#classification';
import { ClassificationFactQueries, IndicatorQueries } from '#read-models';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/database.js';
import { loadCycleInputs, loadCyclePart, loadCyclePlan } from './cycle-inputs.js';

/**
 * The streamed run's reads (plan, then one part at a time) give the classification of the
 * whole-cycle read (issue 17): same staff in scope (leavers, joiners, units outside the
 * scope), same posts held in the year, scores and discipline of the part's staff only.
 */
describe('a classification run read part by part equals the whole-cycle read', () => {
  let db: TestDatabase;
  let pool: pg.Pool;
  const YEAR = 2026;

  beforeAll(async () => {
    db = await createTestDatabase();
    pool = new pg.Pool({ connectionString: db.url, max: 4 });
    const units: Array<[string, string | null, string]> = [
      ['prov', null, '/prov/'],
      ['other', null, '/other/'],
    ];
    for (let d = 1; d <= 3; d++) {
      units.push([`d${d}`, 'prov', `/prov/d${d}/`]);
      for (let t = 1; t <= 3; t++) units.push([`d${d}t${t}`, `d${d}`, `/prov/d${d}/d${d}t${t}/`]);
    }
    for (const [id, parent, path] of units) {
      await pool.query(`INSERT INTO units_v1 (id, name, parent_unit_id, path, status, established_on, version) VALUES ($1, $1, $2, $3, 'active', '2020-01-01', 1)`, [id, parent, path]);
    }
    let n = 0;
    for (const [unit] of units) {
      for (let i = 0; i < 7; i++) {
        const id = `s${String(++n).padStart(3, '0')}`;
        const posts: unknown[] = [];
        if (unit === 'prov' && i >= 1 && i <= 3) posts.push({ role: 'head', unitId: `d${i}`, from: '2020-01-01', to: null }); // seated above the unit led
        else if (i === 0) posts.push({ role: 'head', unitId: unit, from: '2020-01-01', to: null });
        if (i === 1 && unit.endsWith('t1')) posts.push({ role: 'deputy', unitId: unit.replace(/t1$/, 't3'), from: '2026-03-01', to: null }); // a sibling team
        if (i === 4) posts.push({ role: 'deputy', unitId: unit, from: '2019-01-01', to: '2025-06-30' }); // ended before the year
        const joined = i === 5 ? '2026-04-01' : i === 6 && n % 3 === 0 ? '2027-02-01' : '2015-01-01';
        const left = i === 3 && n % 4 === 0 ? '2025-12-31' : null;
        await pool.query(
          `INSERT INTO indicator_staff_v1 (staff_id, category, unit_id, job_position, joined_on, left_on, leaves, posts)
           VALUES ($1, 'civil_servant', $2, $3, $4, $5, $6::jsonb, $7::jsonb)`,
          [id, unit, i % 2 ? 'clerk' : 'officer', joined, left, i === 2 ? '[{"kind":"sick","from":"2026-02-01","to":"2026-03-15"}]' : '[]', JSON.stringify(posts)],
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
        if (n % 11 !== 0) {
          await pool.query(`INSERT INTO evaluation_results_v1 (cycle_id, staff_id, general_criteria_score, version) VALUES ('c1', $1, $2, 1)`, [id, 15 + ((n * 7) % 16)]);
        }
        if (n % 9 === 0) {
          await pool.query(
            `INSERT INTO indicator_discipline_v1 (case_id, subject_id, form, decision_no, effective_from, related_to_duties, violation_ids)
             VALUES ($1, $2, 'reprimand', $1, '2026-06-01', true, '["v1"]'::jsonb)`,
            [`k${n}`, id],
          );
        }
      }
    }
  });

  afterAll(async () => {
    await pool.end();
    await db.drop();
  });

  it.each([1, 15, 10_000])('parts of about %i staff: the same results, skips and indicators', async (maxStaff) => {
    const policy = selectPolicy(NATIONAL_POLICIES, { year: YEAR, category: 'civil_servant' });
    const policyFor = (c: StaffCategory) => (c === 'civil_servant' ? policy : undefined);
    const indicators = new IndicatorQueries(pool);
    const facts = new ClassificationFactQueries(pool);
    const query = { cycleId: 'c1', year: YEAR, scopeUnitId: 'prov' };
    const whole = await loadCycleInputs(indicators, query, facts);
    const expected = classifyCycle(whole.staff, policyFor, { units: whole.units });

    const plan = await loadCyclePlan(indicators, query, facts, maxStaff);
    expect(plan.staff).toBe(whole.staff.length);
    const run = createCycleRun(policyFor, { units: plan.units });
    const results = [];
    const skipped = [];
    const inputs = new Map();
    for (const part of plan.parts) {
      const c = run.classifyPart(await loadCyclePart(indicators, query, part, plan.facts));
      results.push(...c.results);
      skipped.push(...c.skipped);
      for (const [k, v] of c.inputs) inputs.set(k, v);
    }
    if (maxStaff === 1) expect(plan.parts.length).toBeGreaterThan(3);
    const byId = <T extends { staffId: string }>(xs: readonly T[]) => xs.slice().sort((a, b) => (a.staffId < b.staffId ? -1 : 1));
    expect(expected.results.length).toBeGreaterThan(50);
    expect(expected.skipped.length).toBeGreaterThan(0);
    expect(byId(results)).toEqual(byId(expected.results));
    expect(byId(skipped)).toEqual(byId(expected.skipped));
    expect(new Map([...inputs].sort())).toEqual(new Map([...expected.inputs].sort()));
  });
});
