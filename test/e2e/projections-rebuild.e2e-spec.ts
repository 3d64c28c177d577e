import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { PostgresEventStore } from '#event-store';
import { allProjections, ProjectionRunner } from '#read-models';
import { seedDemo } from '../../apps/cli/src/seed/seed-demo.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { dumpTables } from '../support/read-model-dump.js';

/**
 * Every projection is set-based (one read per table, the pure evolve folded in memory,
 * one write per table per batch): its rows must not depend on how the log is cut into
 * batches. Applied in batches of 3 events (nearly event by event: a stream's events land
 * in different batches) and rebuilt in batches of 1000, every table of every projection
 * holds the same rows.
 */
describe('every projection: rebuild in large batches equals incremental application', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedDemo({
      databaseUrl: db.url, staff: 40, year: 2025, seed: 'rebuild-equals-incremental', progress: { silent: true },
      clock: () => new Date('2026-03-01T00:00:00Z'), catchUp: false,
    });
    store = new PostgresEventStore({ connectionString: db.url, poolSize: 4 });
    await appendWhatTheSeedLacks(store);
    dataSource = new DataSource({ type: 'postgres', url: db.url, synchronize: false, logging: false, extra: { max: 4 } });
    await dataSource.initialize();
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await store?.close();
    await db?.drop();
  });

  it('produces identical rows in every table of every projection', async () => {
    const projections = allProjections();
    const tables = projections.flatMap((p) => p.tables);
    // The log is read below the oldest transaction of the (shared) cluster: go on to the head.
    const head = BigInt((await dataSource.query('SELECT max(position)::text AS p FROM events'))[0].p);
    const small = new ProjectionRunner(store, dataSource, projections, { batchSize: 3 });
    await small.catchUpAll(projections, undefined, head);
    const incremental = await dumpTables(db.url, tables);
    const empty = tables.filter((t) => incremental[t]!.length === 0);
    if (empty.length) process.stdout.write(`tables the seeded province leaves empty (compared as empty): ${empty.join(', ')}\n`);
    for (const t of ['staff_v1', 'units_v1', 'assignment_board_v1', 'responsibility_trail_v1', 'staff_indicators_v1', 'avoidance_signals_v1',
      'indicator_assignments_v1', 'indicator_staff_v1', 'indicator_units_v1', 'consultation_register_v1', 'subject_streams_v1', 'evaluation_cycles_v1',
      'evaluation_results_v1', 'innovation_proposals_v1', 'commendations_v1', 'disciplinary_cases_v1', 'inspections_v1', 'inspection_findings_v1',
      'personnel_actions_v1', 'dossiers_v1', 'positions_v1', 'position_appointments_v1', 'catalogues_v1', 'work_products_v1', 'score_sheets_v1']) {
      expect(incremental[t]!.length).toBeGreaterThan(0);
    }

    const large = new ProjectionRunner(store, dataSource, projections, { batchSize: 1000 });
    for (const p of projections) await large.rebuild(p.name);
    await large.catchUpAll(projections, undefined, head);
    const rebuilt = await dumpTables(db.url, tables);
    for (const t of tables) expect({ table: t, rows: rebuilt[t] }).toEqual({ table: t, rows: incremental[t] });
  });

  it('reads every counter the way the per-event code did: one month row per person and month touched', async () => {
    const pool = new pg.Pool({ connectionString: db.url, max: 1 });
    try {
      const { rows } = await pool.query<{ n: string }>(
        `SELECT count(*)::text AS n FROM staff_indicators_v1 WHERE handoffs_received > 0 AND handoffs_received_by_reason = '{}'::jsonb`,
      );
      expect(rows[0]!.n).toBe('0');
    } finally {
      await pool.end();
    }
  });
});

/**
 * Classification results, innovation proposals, inspections (findings, presence checks,
 * personnel actions) and a position's appointment history, catalogue versions and score
 * sheet through contest and revision: the seeded year has none, the comparison needs rows
 * (several events per stream, so batches of 3 cut through them; a few odd values too).
 */
async function appendWhatTheSeedLacks(store: PostgresEventStore): Promise<void> {
  const at = (d: number) => new Date(Date.UTC(2026, 0, 10 + d)).toISOString();
  const ev = (type: string, data: Record<string, unknown>) => ({ id: randomUUID(), type, data });
  for (let i = 0; i < 6; i++) {
    const base = { cycleId: 'cmp-cycle', staffId: `cmp-s${i}` };
    const events = [
      ev('SelfAssessmentSubmitted', { ...base, text: 'ok', selfLevel: 'good', submittedAt: at(0) }),
      ev('GeneralCriteriaScored', { ...base, score: 27.5, assessor: 'cmp-a', note: null, scoredAt: at(1) }),
      ev('ClassificationProposed', {
        ...base, unitId: 'cmp-u', runId: `run-${i}`, level: 'good', score: 80 + i, policyId: 'p', policyVersion: 1, indicators: { a: i },
        trace: [{ rule: 'r', ok: true }], fingerprint: `f${i}`, proposedAt: at(2),
      }),
      ev('ClassificationDecided', { ...base, level: 'good', proposedLevel: 'good', decidedBy: 'cmp-hr', decisionNo: `${i}/QĐ`, basis: 'proposal', decidedAt: at(3) }),
    ];
    if (i % 2) {
      events.push(ev('ClassificationAppealed', { ...base, by: base.staffId, grounds: 'g', appealedAt: at(4) }));
      events.push(ev('ClassificationRevised', {
        ...base, previousLevel: 'good', level: 'excellent', outcome: 'modified', revisedBy: 'cmp-hr', decisionNo: `${i}b/QĐ`, reason: 'r', revisedAt: at(5),
      }));
    }
    await store.append(`evaluation-cmp-cycle-cmp-s${i}`, events, 'no_stream');
    const innovation = [
      ev('InnovationProposalRegistered', {
        proposalId: `cmp-i${i}`, proposerId: `cmp-s${i}`, unitId: 'cmp-u', title: 't', plan: 'p', scope: 's', relatedAssignmentIds: [`a${i}`], registeredAt: at(0),
      }),
    ];
    if (i % 3 === 1) {
      innovation.push(ev('InnovationProposalApproved', {
        votesFor: 3, votesAgainst: 1, abstentions: 0, headVote: 'for', writtenOverride: false, approvedBy: 'cmp-h', approvedAt: at(1),
      }));
      innovation.push(ev('InnovationOutcomeEvaluated', {
        result: 'partial', damage: { amountVnd: 0 }, personalGain: false, causes: ['c'], evaluatedBy: 'cmp-h', evaluatedAt: at(2),
      }));
    } else if (i % 3 === 2) innovation.push(ev('InnovationProposalRejected', { reason: 'r', rejectedBy: 'cmp-h', rejectedAt: at(1) }));
    await store.append(`innovation-cmp-i${i}`, innovation, 'no_stream');

    const inspectionId = `cmp-insp${i}`;
    const finding = (findingId: string, extra: Record<string, unknown>) => ev('FindingRecorded', {
      inspectionId, findingId, description: 'd', evidence: [], conclusionNo: 'KL', concludedOn: i === 5 ? '2026-02-30' : '2026-02-20', recordedBy: 'cmp-insp',
      recordedAt: at(10), ...extra,
    });
    const inspection = [
      ev('InspectionPlanned', {
        inspectionId, kind: i % 2 ? 'surprise' : 'scheduled', decisionNo: `${i}/QĐ-TTr`, scopeUnitIds: i === 4 ? 'cmp-u' : ['cmp-u'], team: ['cmp-insp'],
        leadInspector: 'cmp-insp', subject: 's', plannedStart: '2026-02-01', plannedBy: 'cmp-insp', plannedAt: at(0),
      }),
      ev('InspectionStarted', { announcedAt: at(1), startedBy: 'cmp-insp', startedAt: i === 3 ? '+010000-01-01T00:00:00Z' : at(1) }),
      ev('InspectionVisitRecorded', { visitId: 'v1', unitId: 'cmp-u', visitedAt: at(2), notes: 'n', recordedBy: 'cmp-insp' }),
      ev('PresenceChecked', { visitId: 'v1', checks: [{ staffId: `cmp-s${i}`, status: 'present' }], checkedBy: 'cmp-insp', checkedAt: at(2) }),
      ev('PresenceChecked', { visitId: 'v1', checks: [{ staffId: `cmp-s${i}`, status: 'late_arrival', note: 'n' }], checkedBy: 'cmp-insp', checkedAt: at(3) }),
      ev('InspectionConcluded', { conclusionNo: 'KL', concludedOn: '2026-02-20', signer: 's', summary: 's', concludedBy: 'cmp-insp', concludedAt: at(9) }),
      finding('f1', { kind: 'degradation_concluded', staffId: `cmp-s${i}`, competentBody: 'UBKT' }),
      finding('f2', { kind: 'corruption_or_waste_handled', unitId: 'cmp-u', leadersInDirectCharge: [`cmp-s${i}`] }),
      ev('FindingContested', { findingId: 'f1', grounds: 'g', contestedBy: `cmp-s${i}`, contestedAt: at(11) }),
      ev('FindingRevised', {
        findingId: 'f1', outcome: i % 2 ? 'withdrawn' : 'upheld', reason: 'r', kind: 'degradation_concluded', staffId: `cmp-s${i}`, revisedBy: 'cmp-insp', revisedAt: at(12),
      }),
    ];
    await store.append(`inspection-${inspectionId}`, inspection, 'no_stream');
    const action = [
      ev('PersonnelActionProposed', {
        actionId: `cmp-act${i}`, staffId: `cmp-s${i}`, unitId: 'cmp-u', kind: 'review', reason: 'r',
        basis: { findings: [{ inspectionId, findingId: 'f1' }], results: [], events: [] }, proposedBy: 'cmp-hr', proposedAt: at(13),
      }),
      ev('PersonnelActionDecided', { decision: i % 2 ? 'rejected' : 'approved', decisionNo: `${i}/QĐ-XL`, decidedBy: 'cmp-h', note: 'n', decidedAt: at(14) }),
    ];
    if (i % 2 === 0) {
      action.push(ev('PersonnelActionCarriedOut', {
        outcome: { streamId: `staff-cmp-s${i}`, revision: 3 }, outcomeType: 'StaffTransferred', note: 'n', recordedBy: 'cmp-hr', recordedAt: at(15),
      }));
    }
    await store.append(`personnel-action-cmp-act${i}`, action, 'no_stream');

    const positionId = `cmp-pos${i}`;
    await store.append(`position-${positionId}`, [
      ev('PositionEstablished', {
        positionId, unitId: 'cmp-u', code: `VT${i}`, title: 't', category: 'specialist', taskGroup: 'g', competencies: [{ code: 'c' }], effectiveFrom: '2026-01-01',
      }),
      ev('StaffAppointedToPosition', { positionId, staffId: `cmp-s${i}`, main: true, from: '2026-01-01' }),
      ev('StaffAppointmentEnded', { positionId, staffId: `cmp-s${i}`, to: '2026-01-31' }),
      ev('StaffAppointedToPosition', { positionId, staffId: `cmp-s${i}`, main: false, from: '2026-02-01' }),
      ev('StaffAppointedToPosition', { positionId, staffId: `cmp-s${(i + 1) % 6}`, main: true, from: '2026-02-01' }),
      ev('StaffAppointmentEnded', { positionId, staffId: `cmp-s${(i + 1) % 6}`, to: '2026-02-28' }),
    ], 'no_stream');
    await store.append(`catalogue-cmp-cat${i}`, [1, 2, 3].map((version) => ev('CatalogueVersionPublished', {
      catalogueId: `cmp-cat${i}`, ownerKind: 'position', ownerId: positionId, unitId: 'cmp-u', version, effectiveFrom: `2026-0${version}-01`,
      products: [{ code: `p${version}`, name: 'n', unitOfMeasure: 'doc', coefficient: version }], basis: 'b',
    })), 'no_stream');
    const sheet = { staffId: `cmp-s${i}`, period: '2026-01' };
    const computation = (points: number) => ({
      plannedUnits: 10, deliveredUnits: 9, onTimeUnits: 8, meetingQualityUnits: 7, taskPoints: points, lines: [{ qualityDeductions: 1, progressDeductions: 2 }],
    });
    const sheetEvents = [
      ev('ScoreSheetDrafted', { ...sheet, unitId: 'cmp-u', positionId, taskGroup: 'g', computation: computation(80), items: [{ productCode: 'p1', quantity: 3, coefficient: 1.5 }] }),
      ev('ScoreSheetSelfAssessed', { ...sheet, selfPoints: 85, comment: 'c' }),
      ev('ScoreSheetConfirmed', { ...sheet, computation: computation(81), taskPoints: 83, adjustments: [{ points: 2, reason: 'r' }] }),
      ev('ScoreSheetPublished', { ...sheet, contestUntil: at(20) }),
    ];
    if (i % 2) {
      sheetEvents.push(ev('ScoreSheetContested', { ...sheet, grounds: 'g' }));
      sheetEvents.push(ev('ScoreSheetRevised', {
        ...sheet, computation: computation(82), taskPoints: 84, adjustments: [{ points: 2 }, { points: 'x' }], answersContest: true, contestUntil: at(25),
      }));
    }
    await store.append(`scoresheet-cmp-s${i}-2026-01`, sheetEvents, 'no_stream');
  }
}
