import pg from 'pg';
import type { EntityManager } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/database.js';
import { TableBatch } from '../shared/table-batch.js';
import { BOARD_ROWS_SQL } from './assignment-board.projection.js';
import { LAST_TRAIL_STEPS_SQL } from './responsibility-trail.projection.js';

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
 * Each batch of the trail projection reads the last step of the assignments it touches
 * (issue 17). That read must probe the (assignment_id, step_no) index per assignment, not
 * scan the whole trail: `DISTINCT ON (assignment_id) ... WHERE assignment_id = ANY ($1)`
 * scanned and sorted 150k rows every batch of a rebuild. Checked on a table of 150,000
 * steps WITHOUT statistics (a rebuild fills the table with autovacuum off or behind).
 */
describe('the trail projection reading the last step of a batch of assignments', () => {
  let db: TestDatabase;
  let pool: pg.Pool;

  beforeAll(async () => {
    db = await createTestDatabase();
    pool = new pg.Pool({ connectionString: db.url, max: 2 });
    await pool.query(`ALTER TABLE responsibility_trail_v1 SET (autovacuum_enabled = false)`);
    await pool.query(
      `INSERT INTO responsibility_trail_v1 (event_id, assignment_id, step_no, action, responsible, holder, unit_id, from_at, actor, ping_pong, event_position)
       SELECT gen_random_uuid(), 'a' || a, s, 'accepted', 'r' || a, 'h' || a || '-' || s, 'u1', TIMESTAMPTZ '2026-01-01' + s * INTERVAL '1 hour', 'x', false, a * 10 + s
         FROM generate_series(1, 30000) a, generate_series(1, 5) s`,
    );
  });

  afterAll(async () => {
    await pool.end();
    await db.drop();
  });

  it('probes the index for each assignment and returns exactly their last steps', async () => {
    const ids = [...Array.from({ length: 1000 }, (_, i) => `a${i * 30 + 1}`), 'unknown'];
    const { rows } = await pool.query<{ assignmentId: string; stepNo: number; holder: string }>(LAST_TRAIL_STEPS_SQL, [ids]);
    expect(rows).toHaveLength(1000);
    expect(rows.every((r) => r.stepNo === 5 && r.holder === `h${r.assignmentId.slice(1)}-5`)).toBe(true);
    expect(new Set(rows.map((r) => r.assignmentId))).toEqual(new Set(ids.slice(0, 1000)));

    const { rows: plan } = await pool.query<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>(`EXPLAIN (FORMAT JSON) ${LAST_TRAIL_STEPS_SQL}`, [ids]);
    expect(seqScans(plan[0]!['QUERY PLAN'][0]!.Plan)).not.toContain('responsibility_trail_v1');
  });
});

/**
 * The board projection reads the rows of the assignments a batch touches (issue 17):
 * `WHERE id = ANY ($1)` read the whole board every batch when the table had no
 * statistics. Checked on 100,000 rows without statistics.
 */
describe('the board projection reading the rows of a batch of assignments', () => {
  let db: TestDatabase;
  let pool: pg.Pool;

  beforeAll(async () => {
    db = await createTestDatabase();
    pool = new pg.Pool({ connectionString: db.url, max: 2 });
    await pool.query(`ALTER TABLE assignment_board_v1 SET (autovacuum_enabled = false)`);
    await pool.query(
      `INSERT INTO assignment_board_v1 (id, kind, title, unit_id, assignee, assigned_by, holder, responsible, status, due_at, issued_at,
         handoffs, ping_pongs, participants, version, last_position)
       SELECT 'a' || g, 'task', 'T' || g, 'u1', 'h' || g, 'b', 'h' || g, 'r', 'issued', TIMESTAMPTZ '2026-02-01', TIMESTAMPTZ '2026-01-01',
              0, 0, ARRAY['h' || g], g % 7 + 1, g
         FROM generate_series(1, 100000) g`,
    );
  });

  afterAll(async () => {
    await pool.end();
    await db.drop();
  });

  it('probes the primary key for each id and returns exactly those rows', async () => {
    const ids = [...Array.from({ length: 1000 }, (_, i) => `a${i * 97 + 1}`), 'unknown'];
    const { rows } = await pool.query<{ id: string; holder: string; version: number }>(BOARD_ROWS_SQL, [ids]);
    expect(rows).toHaveLength(1000);
    expect(rows.every((r) => r.holder === `h${r.id.slice(1)}` && r.version === (Number(r.id.slice(1)) % 7) + 1)).toBe(true);
    expect(new Set(rows.map((r) => r.id))).toEqual(new Set(ids.slice(0, 1000)));

    const { rows: plan } = await pool.query<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>(`EXPLAIN (FORMAT JSON) ${BOARD_ROWS_SQL}`, [ids]);
    expect(seqScans(plan[0]!['QUERY PLAN'][0]!.Plan)).not.toContain('assignment_board_v1');
  });
});

/**
 * `TableBatch.load`, the read of every set-based projection (indicators, score sheets,
 * positions, ...): the keys of a batch were hash-joined against a full scan of the table
 * whenever it was smaller than about 40,000 rows and had no statistics (the planner takes
 * any key list for 100 keys; a batch brings up to 2,000), i.e. for most of a rebuild (issue
 * 17). Checked on the work products (one key column) and the score sheets (two), 10,000
 * rows each, without statistics.
 */
describe('TableBatch reading the rows of a batch', () => {
  let db: TestDatabase;
  let pool: pg.Pool;
  const sent: Array<{ text: string; values: unknown[] }> = [];
  const manager = {
    query: async (text: string, values: unknown[]) => {
      sent.push({ text, values });
      return (await pool.query(text, values)).rows;
    },
  } as unknown as EntityManager;

  beforeAll(async () => {
    db = await createTestDatabase();
    pool = new pg.Pool({ connectionString: db.url, max: 2 });
    await pool.query(`ALTER TABLE work_products_v1 SET (autovacuum_enabled = false)`);
    await pool.query(`ALTER TABLE score_sheets_v1 SET (autovacuum_enabled = false)`);
    await pool.query(
      `INSERT INTO work_products_v1 (assignment_id, holder_id, title, status) SELECT 'a' || g, 'h' || g, 'T', 'issued' FROM generate_series(1, 10000) g`,
    );
    await pool.query(
      `INSERT INTO score_sheets_v1 (staff_id, period, unit_id, task_group, status, planned_units, delivered_units, on_time_units, meeting_quality_units, products, version)
       SELECT 's' || g, p, 'u1', 'g', 'open', 0, 0, 0, 0, '[]'::jsonb, 1 FROM generate_series(1, 2500) g, unnest(ARRAY['2026-01', '2026-02', '2026-03', '2026-04']) p`,
    );
  });

  afterAll(async () => {
    await pool.end();
    await db.drop();
  });

  async function planScans(): Promise<string[]> {
    const scanned: string[] = [];
    for (const q of sent.splice(0)) {
      const { rows: plan } = await pool.query<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>(`EXPLAIN (FORMAT JSON) ${q.text}`, q.values);
      scanned.push(...seqScans(plan[0]!['QUERY PLAN'][0]!.Plan));
    }
    return scanned;
  }

  it('probes a one-column key for each wanted row', async () => {
    const rows = new TableBatch('work_products_v1', ['assignment_id']);
    const keys = [...Array.from({ length: 1000 }, (_, i) => ({ assignment_id: `a${i * 7 + 1}` })), { assignment_id: 'unknown' }];
    await rows.load(manager, keys);
    expect(keys.filter((k) => rows.get(k)?.holder_id === `h${k.assignment_id.slice(1)}`)).toHaveLength(1000);
    expect(rows.get({ assignment_id: 'unknown' })).toBeUndefined();
    expect(await planScans()).not.toContain('work_products_v1');
  });

  it('probes a two-column key for each wanted row', async () => {
    const rows = new TableBatch('score_sheets_v1', ['staff_id', 'period']);
    const keys = [...Array.from({ length: 1000 }, (_, i) => ({ staff_id: `s${i * 2 + 1}`, period: `2026-0${(i % 4) + 1}` })), { staff_id: 's1', period: '2025-12' }];
    await rows.load(manager, keys);
    expect(keys.filter((k) => rows.get(k)?.version === 1)).toHaveLength(1000);
    expect(rows.get({ staff_id: 's1', period: '2025-12' })).toBeUndefined();
    expect(await planScans()).not.toContain('score_sheets_v1');
  });
});
