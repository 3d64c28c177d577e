import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/database.js';
import { IndicatorQueries } from './indicators.queries.js';

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  Plans?: PlanNode[];
}

/** Every relation a plan reads with a sequential scan. */
function seqScans(node: PlanNode, out: string[] = []): string[] {
  if (node['Node Type'] === 'Seq Scan' && node['Relation Name']) out.push(node['Relation Name']);
  for (const child of node.Plans ?? []) seqScans(child, out);
  return out;
}

/**
 * A streamed classification run reads one part (a few units) at a time (issue 17). Each
 * part's reads must cost what the part holds, not what the cycle holds: at 200,000 staff
 * the part reads hash-joined against full scans of `indicator_staff_v1` and
 * `evaluation_results_v1` for every part, so the run grew with the square of the staff.
 * Checked on the plans PostgreSQL chooses for the statements the read sends (ANALYZEd
 * tables of 200,000 staff in units of 200, a part of 10 units: the bench's proportions;
 * with a few thousand staff a full scan is the cheaper plan and PostgreSQL rightly takes it).
 * Only the part's staff have monthly rows: that table's reads probed by staff id before
 * and after, so it is seeded small and not asserted on.
 */
describe('the reads of one part of a streamed classification run', () => {
  let db: TestDatabase;
  let pool: pg.Pool;
  const YEAR = 2026;
  const PART = Array.from({ length: 10 }, (_, i) => `u${i + 11}`); // s2001 .. s4000

  beforeAll(async () => {
    db = await createTestDatabase();
    pool = new pg.Pool({ connectionString: db.url, max: 4 });
    await pool.query(
      `INSERT INTO units_v1 (id, name, parent_unit_id, path, status, established_on, version)
       SELECT 'u' || g, 'Unit ' || g, NULL, '/u' || g || '/', 'active', '2020-01-01', 1 FROM generate_series(1, 1000) g`,
    );
    await pool.query(
      `INSERT INTO indicator_staff_v1 (staff_id, category, unit_id, job_position, joined_on, leaves, posts)
       SELECT 's' || g, 'civil_servant', 'u' || ((g - 1) / 200 + 1), 'officer', DATE '2015-01-01', '[]'::jsonb, '[]'::jsonb
         FROM generate_series(1, 200000) g`,
    );
    await pool.query(
      `INSERT INTO staff_indicators_v1 (staff_id, year, month, assigned, completed, completed_on_time, on_time_meeting_quality, late, quality_exceeded, quality_met, quality_below,
                                        handoffs_initiated, handoffs_received, declines, extensions)
       SELECT 's' || g, ${YEAR}, m, 5, 5, 5, 5, 0, 1, 4, 0, 0, 0, 0, 0 FROM generate_series(1, 4000) g, generate_series(1, 12) m`,
    );
    await pool.query(
      `INSERT INTO evaluation_results_v1 (cycle_id, staff_id, general_criteria_score, version)
       SELECT 'c1', 's' || g, 20, 1 FROM generate_series(1, 200000) g`,
    );
    await pool.query('ANALYZE');
  });

  afterAll(async () => {
    await pool.end();
    await db.drop();
  });

  it('probe the staff-id indexes instead of scanning the whole cycle, and read the part exactly', async () => {
    const sent: Array<{ text: string; values: unknown[] }> = [];
    const spy = {
      query: ((config: string | pg.QueryConfig, values?: unknown[]) => {
        const q = typeof config === 'string' ? { text: config, values: values ?? [] } : { text: config.text, values: config.values ?? values ?? [] };
        sent.push(q);
        return pool.query(config as string, values);
      }) as pg.Pool['query'],
    };
    const rows = await new IndicatorQueries(spy).cycleRowsForUnits({ cycleId: 'c1', year: YEAR }, PART);

    expect(rows.staffRes.rows.map((r) => r.staff_id).sort()).toEqual(Array.from({ length: 2000 }, (_, i) => `s${2001 + i}`).sort());
    expect(rows.monthRes.rows).toHaveLength(2000 * 12);
    expect(rows.scoreRes.rows).toHaveLength(2000);

    const scanned: string[] = [];
    for (const q of sent) {
      const { rows: plan } = await pool.query<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>(`EXPLAIN (FORMAT JSON) ${q.text}`, q.values);
      scanned.push(...seqScans(plan[0]!["QUERY PLAN"][0]!.Plan));
    }
    expect(scanned.filter((t) => ['indicator_staff_v1', 'evaluation_results_v1'].includes(t))).toEqual([]);
  });
});
