import { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/database.js';
import type { RecordedEvent } from '#event-store';
import { PositionsProjection } from './positions.projection.js';
import { ScoreSheetsProjection } from './score-sheets.projection.js';
import { ScoreSheetQueries } from './score-sheets.queries.js';

let position = 0n;
const revisions = new Map<string, bigint>();
function recorded(streamId: string, type: string, data: Record<string, unknown>): RecordedEvent {
  const revision = revisions.get(streamId) ?? 0n;
  revisions.set(streamId, revision + 1n);
  return { id: `e${++position}`, streamId, revision, position, type, schemaVersion: 1, data, metadata: {} as RecordedEvent['metadata'], recordedAt: '2026-11-01T00:00:00Z', prevHash: '', hash: '' };
}

/** A recorded event is a fact: the projections of issue 14 never throw on odd data (issue 12), and keep the good rows. */
describe('positions_v1 and score_sheets_v1 projections tolerate odd data', () => {
  let db: TestDatabase;
  let ds: DataSource;
  beforeAll(async () => {
    db = await createTestDatabase();
    ds = new DataSource({ type: 'postgres', url: db.url, entities: [] });
    await ds.initialize();
  });
  afterAll(async () => {
    await ds.destroy();
    await db.drop();
  });

  it('applies a batch with poison instants, numbers and shapes without throwing', async () => {
    const events = [
      recorded('position-p', 'PositionEstablished', { positionId: 'p', unitId: 'u', code: 'C', title: 'T', category: 'professional', taskGroup: 'g', competencies: 'not a list', effectiveFrom: '2026-01-01', effectiveTo: null }),
      recorded('position-p', 'StaffAppointedToPosition', { positionId: 'p', staffId: 's', main: 'yes', from: '2026-01-01' }),
      recorded('catalogue-p', 'CatalogueVersionPublished', { catalogueId: 'p', ownerKind: 'position', ownerId: 'p', unitId: 'u', version: 1, effectiveFrom: '2026-01-01', products: null, basis: 'x' }),
      recorded('assignment-a', 'AssignmentIssued', { assignmentId: 'a', assignee: 's', unitId: 'u', title: 'T', dueAt: '+010000-01-01T00:00:00Z' }),
      recorded('assignment-a', 'AssignmentProductNamed', { assignmentId: 'a', productCode: 7, quantity: 'many', coefficient: Infinity, catalogueVersion: 1.5 }),
      recorded('assignment-a', 'AssignmentCompleted', { assignmentId: 'a', completedAt: 'yesterday', late: 'no', completedBy: null }),
      recorded('assignment-a', 'CompletionReviewed', { assignmentId: 'a', quality: 'splendid' }),
      recorded('scoresheet-s-2026-11', 'ScoreSheetDrafted', { staffId: 's', period: '2026-11', unitId: 'u', items: [{ productCode: 'X', quantity: 2, coefficient: 'x' }], computation: { plannedUnits: 'NaN', taskPoints: '70', lines: {} } }),
      recorded('scoresheet-s-2026-11', 'ScoreSheetConfirmed', { staffId: 's', period: '2026-11', adjustments: [{ points: 'lots' }, null], computation: null, taskPoints: 1e300 }),
      recorded('scoresheet-s-2026-11', 'ScoreSheetPublished', { staffId: 's', period: '2026-11', contestUntil: '-001000-01-01T00:00:00Z' }),
      recorded('scoresheet-x-2026-11', 'ScoreSheetContested', { staffId: 42 }),
    ];
    await ds.transaction(async (m) => {
      await new PositionsProjection().apply(events, m);
      await new ScoreSheetsProjection().apply(events, m);
    });
    const [work] = (await ds.query('SELECT due_at, quantity, coefficient, product_code, quality, completed_at, status FROM work_products_v1')) as Array<Record<string, unknown>>;
    expect(work).toMatchObject({ due_at: null, quantity: null, coefficient: null, product_code: null, quality: null, completed_at: null, status: 'reviewed' });
    const [sheet] = (await ds.query('SELECT status, planned_units::float8 AS planned, task_points, adjustment_points::float8 AS adj, contest_until, products FROM score_sheets_v1')) as Array<Record<string, unknown>>;
    expect(sheet).toMatchObject({ status: 'published', planned: 0, task_points: null, adj: 0, contest_until: null, products: { X: 0 } });
    const [pos] = (await ds.query('SELECT competencies FROM positions_v1')) as Array<{ competencies: unknown }>;
    expect(pos!.competencies).toEqual([]);
  });

  it('folds a batch as the per-event statements did: an end closes only the open appointment, an odd end date is kept as PostgreSQL read it', async () => {
    const events = [
      recorded('position-q', 'PositionEstablished', { positionId: 'q', unitId: 'u', code: 'Q', title: 'T', category: 'c', taskGroup: 'g', competencies: [], effectiveFrom: '2026-01-01' }),
      recorded('position-q', 'PositionEstablished', { positionId: 'q', unitId: 'other', code: 'Z', title: 'Z', category: 'c', taskGroup: 'g', competencies: [], effectiveFrom: '2027-01-01' }),
      recorded('position-q', 'StaffAppointedToPosition', { positionId: 'q', staffId: 's', main: true, from: '2026-01-01' }),
      recorded('position-q', 'StaffAppointmentEnded', { positionId: 'q', staffId: 's', to: '2026-01-31' }),
      recorded('position-q', 'StaffAppointedToPosition', { positionId: 'q', staffId: 's', main: false, from: '2026-02-01' }),
      recorded('position-q', 'StaffAppointmentEnded', { positionId: 'q', staffId: 's', to: 20260228 }),
      recorded('position-q', 'StaffAppointmentEnded', { positionId: 'q', staffId: 'nobody', to: '2026-03-01' }),
    ];
    // Cut in two batches: the second one reads the rows the first one wrote.
    await ds.transaction((m) => new PositionsProjection().apply(events.slice(0, 4), m));
    await ds.transaction((m) => new PositionsProjection().apply(events.slice(4), m));
    expect(await ds.query("SELECT staff_id, main, from_date, to_date FROM position_appointments_v1 WHERE position_id = 'q' ORDER BY from_date")).toEqual([
      { staff_id: 's', main: true, from_date: '2026-01-01', to_date: '2026-01-31' },
      { staff_id: 's', main: false, from_date: '2026-02-01', to_date: '20260228' },
    ]);
    expect(await ds.query("SELECT unit_id, code, version FROM positions_v1 WHERE position_id = 'q'")).toEqual([{ unit_id: 'u', code: 'Q', version: 7 }]);
  });

  it('reads the objective causes inspection findings confirmed for the items (withdrawn ones do not count)', async () => {
    await ds.query(
      `INSERT INTO inspection_findings_v1 (inspection_id, finding_id, seq, kind, staff_id, assignment_id, failure, status, recorded_revision, facts)
       VALUES ('t1', 'f1', 1, 'objective_cause', 's', 'a', 'delay', 'in_force', 1, '{}'), ('t1', 'f2', 2, 'objective_cause', 's', 'a', 'quality', 'withdrawn', 1, '{}'),
              ('t1', 'f3', 3, 'degradation', 's', 'a', NULL, 'in_force', 1, '{}')`,
    );
    const causes = await new ScoreSheetQueries({ query: (text: string, params?: unknown[]) => ds.query(text, params).then((rows: unknown[]) => ({ rows })) } as never).objectiveCauses(['a', 'b']);
    expect([...causes.entries()]).toEqual([['a', [{ assignmentId: 'a', kind: 'delay', reason: 'inspection finding inspection-t1/f1' }]]]);
  });
});
