import type pg from 'pg';
import type { DisciplinaryDecisionFact, LeaveKind, PeriodCounts, StaffCategory } from '#classification';
import { serviceMonths, type LeaveSpan } from '#read-models';
import type { CycleStaffInput, CycleUnit } from '#classification';

interface StaffRow {
  staff_id: string;
  category: StaffCategory;
  unit_id: string;
  job_position: string;
  joined_on: string;
  left_on: string | null;
  leaves: LeaveSpan[];
  posts: Array<{ role: string; unitId: string; from: string; to: string | null }>;
}

/**
 * Reads the indicators of everyone in a unit subtree for one year, in four bulk
 * queries (staff, monthly rows, disciplinary decisions, general-criteria scores), and
 * builds the engine's `StaffYearIndicators`. The task group is resolved by the cycle
 * classifier from the job position and the groups declared for the unit.
 */
export async function loadCycleInputs(
  pool: pg.Pool | pg.PoolClient,
  query: { readonly cycleId: string; readonly year: number; readonly scopeUnitId: string },
): Promise<{ staff: CycleStaffInput[]; units: CycleUnit[] }> {
  const { year } = query;
  const yearStart = `${year}-01-01`;
  const yearEnd = `${year}-12-31`;
  const pattern = `%/${query.scopeUnitId.replace(/[\\%_]/g, (c) => `\\${c}`)}/%`;
  const inScope = `SELECT s.staff_id FROM indicator_staff_v1 s JOIN units_v1 u ON u.id = s.unit_id
                    WHERE u.path LIKE $1 AND s.joined_on <= $2::date AND (s.left_on IS NULL OR s.left_on > $3::date)`;
  const [staffRes, monthRes, disciplineRes, scoreRes, unitRes] = await Promise.all([
    pool.query<StaffRow>(
      `SELECT s.staff_id, s.category, s.unit_id, s.job_position, to_char(s.joined_on, 'YYYY-MM-DD') AS joined_on,
              to_char(s.left_on, 'YYYY-MM-DD') AS left_on, s.leaves, s.posts
         FROM indicator_staff_v1 s JOIN units_v1 u ON u.id = s.unit_id
        WHERE u.path LIKE $1 AND s.joined_on <= $2::date AND (s.left_on IS NULL OR s.left_on > $3::date)`,
      [pattern, yearEnd, yearStart],
    ),
    pool.query({
      text: `SELECT i.staff_id, i.month, i.assigned, i.completed, i.completed_on_time, i.on_time_meeting_quality, i.late,
                    i.quality_exceeded, i.quality_met, i.quality_below
               FROM staff_indicators_v1 i WHERE i.year = $4 AND i.staff_id IN (${inScope})`,
      values: [pattern, yearEnd, yearStart, year],
      rowMode: 'array',
    }),
    pool.query<{ subject_id: string; case_id: string; form: string; decision_no: string; related_to_duties: boolean; violation_ids: string[] }>(
      `SELECT d.subject_id, d.case_id, d.form, d.decision_no, d.related_to_duties, d.violation_ids FROM indicator_discipline_v1 d
        WHERE d.form IS NOT NULL AND NOT d.annulled AND d.effective_from BETWEEN $3::date AND $2::date AND d.subject_id IN (${inScope})`,
      [pattern, yearEnd, yearStart],
    ),
    pool.query<{ staff_id: string; score: string }>(
      'SELECT staff_id, general_criteria_score AS score FROM evaluation_results_v1 WHERE cycle_id = $1 AND general_criteria_score IS NOT NULL',
      [query.cycleId],
    ),
    pool.query<{ id: string; parent_unit_id: string | null }>('SELECT id, parent_unit_id FROM units_v1 WHERE path LIKE $1', [pattern]),
  ]);

  const periods = new Map<string, PeriodCounts[]>();
  for (const r of monthRes.rows as Array<[string, number, number, number, number, number, number, number, number, number]>) {
    let list = periods.get(r[0]);
    if (!list) periods.set(r[0], (list = []));
    list.push({
      month: r[1], assigned: r[2], completed: r[3], completedOnTime: r[4], onTimeMeetingQuality: r[5], late: r[6],
      delaysWithObjectiveCause: 0, qualityExceeded: r[7], qualityMet: r[8], qualityBelow: r[9], belowWithObjectiveCause: 0,
    });
  }
  const discipline = new Map<string, DisciplinaryDecisionFact[]>();
  for (const d of disciplineRes.rows) {
    let list = discipline.get(d.subject_id);
    if (!list) discipline.set(d.subject_id, (list = []));
    // Every form of the disciplinary scales in force (reprimand, warning, ...) is reprimand or above.
    list.push({ decisionNo: d.decision_no, form: d.form, reprimandOrAbove: true, publicServiceViolation: d.related_to_duties, violationId: `${d.case_id}:${d.violation_ids.join('+')}` });
  }
  const scores = new Map(scoreRes.rows.map((r) => [r.staff_id, Number(r.score)]));
  const units: CycleUnit[] = unitRes.rows.map((r) => ({ unitId: r.id, parentUnitId: r.parent_unit_id }));

  const staff = staffRes.rows.map((s) => {
    const service = serviceMonths(year, s.joined_on, s.left_on, s.leaves);
    const leads = s.posts
      .filter((p) => p.from <= yearEnd && (p.to === null || p.to >= yearStart))
      .map((p) => ({ unitId: p.unitId, role: p.role === 'deputy' ? ('deputy' as const) : ('head' as const) }));
    const general = scores.get(s.staff_id);
    return {
      leads,
      jobPosition: s.job_position,
      indicators: {
        staffId: s.staff_id,
        unitId: s.unit_id,
        taskGroup: s.job_position,
        category: s.category,
        isLeader: leads.length > 0,
        year,
        monthsWorked: service.monthsWorked,
        leaveMonths: service.leaveMonths as Partial<Record<LeaveKind, number>>,
        periods: (periods.get(s.staff_id) ?? []).sort((a, b) => a.month - b.month),
        ...(general !== undefined ? { generalCriteriaScore: general } : {}),
        disciplinaryDecisions: discipline.get(s.staff_id) ?? [],
        degradationConcluded: false,
        unitHandledForCorruptionOrWaste: false,
      },
    };
  });
  return { staff, units };
}
