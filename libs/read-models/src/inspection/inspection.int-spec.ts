import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { DataSource } from 'typeorm';
import type { RecordedEvent } from '#event-store';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/database.js';
import { ClassificationFactQueries } from './classification-facts.queries.js';
import { InspectionProjection } from './inspection.projection.js';

let position = 0n;
const revisions = new Map<string, bigint>();
function recorded(streamId: string, type: string, data: Record<string, unknown>): RecordedEvent {
  const revision = revisions.get(streamId) ?? 0n;
  revisions.set(streamId, revision + 1n);
  position += 1n;
  return { id: randomUUID(), streamId, revision, position, type, schemaVersion: 1, data, metadata: {} as RecordedEvent['metadata'], recordedAt: '2026-06-20T00:00:00Z', prevHash: '', hash: '' };
}

const planned = (id: string, extra: Record<string, unknown> = {}) =>
  recorded(`inspection-${id}`, 'InspectionPlanned', {
    inspectionId: id, kind: 'surprise', decisionNo: 'd', scopeUnitIds: ['xa'], team: ['insp-1'], leadInspector: 'insp-1', subject: 's',
    plannedStart: '2026-06-10', plannedBy: 'insp-1', plannedAt: '2026-06-01T00:00:00Z', ...extra,
  });
const story = (id: string, finding: Record<string, unknown>) => [
  planned(id),
  recorded(`inspection-${id}`, 'InspectionStarted', { announcedAt: '2026-06-10T00:00:00Z', startedBy: 'insp-1', startedAt: '2026-06-10T00:00:00Z' }),
  recorded(`inspection-${id}`, 'InspectionConcluded', { conclusionNo: 'KL', concludedOn: '2026-06-20', signer: 's', summary: 's', concludedBy: 'insp-1', concludedAt: '2026-06-20T00:00:00Z' }),
  recorded(`inspection-${id}`, 'FindingRecorded', {
    inspectionId: id, findingId: 'f1', description: 'd', evidence: [], conclusionNo: 'KL', concludedOn: '2026-06-20', recordedBy: 'insp-1', recordedAt: '2026-06-20T00:00:00Z', ...finding,
  }),
];

describe('inspections read model and the classification facts it gives (issue 15)', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let pool: pg.Pool;
  const projection = new InspectionProjection();
  const apply = (events: RecordedEvent[]) => ds.transaction((m) => projection.apply(events, m));
  const dump = async () => ds.query('SELECT inspection_id, finding_id, kind, staff_id, leaders, status, year, recorded_revision, facts, history FROM inspection_findings_v1 ORDER BY 1, 2');

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = new DataSource({ type: 'postgres', url: db.url, entities: [] });
    await ds.initialize();
    pool = new pg.Pool({ connectionString: db.url, max: 2 });
  });
  afterAll(async () => {
    await pool.end();
    await ds.destroy();
    await db.drop();
  });

  it('never stops on odd data: a date it cannot store becomes null, lists that are not lists become empty', async () => {
    await expect(apply([
      planned('odd', { scopeUnitIds: 'xa', team: null }),
      recorded('inspection-odd', 'InspectionStarted', { announcedAt: 'yesterday', startedBy: 'x', startedAt: '+010000-01-01T00:00:00Z' }),
      recorded('inspection-odd', 'InspectionConcluded', { conclusionNo: 'KL', concludedOn: '2026-02-30', signer: 's', summary: 's' }),
      recorded('inspection-odd', 'FindingRecorded', { findingId: 'f1', kind: 'corruption_or_waste_handled', leadersInDirectCharge: 'head', evidence: 7, concludedOn: 'never' }),
      recorded('inspection-odd', 'FindingRevised', { findingId: 'f1', outcome: 'amended', addedEvidence: 'x', kind: 'corruption_or_waste_handled' }),
    ])).resolves.toBeUndefined();
    const [row] = await ds.query("SELECT scope_unit_ids, team, started_at, concluded_on FROM inspections_v1 WHERE id = 'odd'");
    expect(row).toEqual({ scope_unit_ids: [], team: [], started_at: null, concluded_on: null });
    const [f] = await ds.query("SELECT leaders, year FROM inspection_findings_v1 WHERE inspection_id = 'odd'");
    expect(f).toEqual({ leaders: [], year: null });
  });

  it('a rebuild (one batch) gives the same rows as event-by-event application', async () => {
    const events = [
      ...story('r1', { kind: 'degradation_concluded', staffId: 'an', competentBody: 'UBKT' }),
      recorded('inspection-r1', 'FindingContested', { findingId: 'f1', grounds: 'g', contestedBy: 'an', contestedAt: '2026-06-21T00:00:00Z' }),
      recorded('inspection-r1', 'FindingRevised', { findingId: 'f1', outcome: 'upheld', reason: 'r', kind: 'degradation_concluded', staffId: 'an', revisedBy: 'insp-1', revisedAt: '2026-06-22T00:00:00Z' }),
    ];
    await ds.query('TRUNCATE inspections_v1, inspection_findings_v1, personnel_actions_v1');
    for (const e of events) await apply([e]);
    const incremental = await dump();
    await ds.query('TRUNCATE inspections_v1, inspection_findings_v1, personnel_actions_v1');
    await apply(events);
    expect(await dump()).toEqual(incremental);
    expect(incremental).toEqual([expect.objectContaining({ finding_id: 'f1', status: 'in_force', year: 2026, recorded_revision: 3 })]);
  });

  it('gives the classification its facts: findings in force of the year, and the violations an earlier cycle counted', async () => {
    await ds.query("INSERT INTO units_v1 (id, name, parent_unit_id, path, status, established_on, version) VALUES ('prov', 'p', NULL, '/prov/', 'active', '2020-01-01', 1), ('xa', 'x', 'prov', '/prov/xa/', 'active', '2020-01-01', 1)");
    for (const s of ['an', 'head', 'binh']) {
      await ds.query("INSERT INTO indicator_staff_v1 (staff_id, category, unit_id, job_position, joined_on) VALUES ($1, 'public_employee', 'xa', 'cv', '2020-01-01')", [s]);
    }
    await apply([
      ...story('c1', { kind: 'corruption_or_waste_handled', unitId: 'xa', leadersInDirectCharge: ['head'] }),
      ...story('c2', { kind: 'degradation_concluded', staffId: 'binh', competentBody: 'UBKT' }),
      recorded('inspection-c2', 'FindingRevised', { findingId: 'f1', outcome: 'withdrawn', reason: 'r', kind: 'degradation_concluded', staffId: 'binh', revisedBy: 'insp-1', revisedAt: '2026-06-22T00:00:00Z' }),
    ]);
    await ds.query("INSERT INTO evaluation_cycles_v1 (id, year, scope_unit_id, policies, status, opened_by, opened_at, version) VALUES ('c2025', 2025, 'xa', '[]', 'closed', 'hr', '2025-12-01', 1)");
    await ds.query(
      "INSERT INTO evaluation_results_v1 (cycle_id, staff_id, unit_id, proposed_level, trace, version) VALUES ('c2025', 'an', 'xa', 'not_completed', $1, 1)",
      [JSON.stringify([{ rule: 'vn-decree-90-2020-48-2023/override/discipline', outcome: 'applied', inputs: { countedViolations: 'k1:v1,k2:v9' } }])],
    );
    // Objective causes: a delay (excused in the indicators' delays) and a failed review (read from the finding and the item).
    await ds.query(
      `INSERT INTO indicator_assignments_v1 (assignment_id, kind, holder, unit_id, due_at, status, completed_at, delays, missed_by, quality, returns, stream_id) VALUES
        ('a-late', 'task', 'an', 'xa', '2026-03-20T10:00:00Z', 'completed', '2026-03-25T10:00:00Z', $1, 'an', 'met', 0, 'assignment-a-late'),
        ('a-below', 'task', 'an', 'xa', '2026-04-30T16:59:00Z', 'completed', '2026-04-20T10:00:00Z', '[]', NULL, 'below', 0, 'assignment-a-below')`,
      [JSON.stringify([{ staffId: 'an', dueAt: '2026-03-20T10:00:00.000Z', excusedBy: 'inspection-c3/f1' }])],
    );
    await apply([
      ...story('c3', { kind: 'objective_cause', staffId: 'an', assignmentId: 'a-late', failure: 'delay' }),
      ...story('c4', { kind: 'objective_cause', staffId: 'an', assignmentId: 'a-below', failure: 'quality' }),
    ]);
    const facts = await new ClassificationFactQueries(pool).forCycle({ year: 2026, scopeUnitId: 'prov' });
    expect(facts.excusedDelays).toEqual([{ staffId: 'an', month: 3, count: 1, findings: ['inspection-c3/f1'] }]);
    expect(facts.excusedBelow).toEqual([{ staffId: 'an', month: 4, count: 1, findings: ['inspection-c4/f1'] }]);
    expect(facts.unitCorruptionOrWaste.get('head')).toEqual(['inspection-c1/f1']);
    expect([...facts.degradation.keys()]).not.toContain('binh'); // withdrawn
    expect(facts.countedEarlier.get('an')).toEqual(new Map([['k1:v1', 'c2025'], ['k2:v9', 'c2025']]));
    expect((await new ClassificationFactQueries(pool).forCycle({ year: 2025, scopeUnitId: 'prov' })).countedEarlier.size).toBe(0);
  });
});
