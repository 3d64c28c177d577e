import { Params, subtreePatterns, unitScopeSql, type Sql, type UnitScope } from '../shared/sql.js';

/** One row of a cycle's results (evaluation_results_v1 with the staff member's name), as the API and the CLI export them. */
export interface EvaluationResultRow {
  staffId: string;
  fullName: string | null;
  unitId: string | null;
  policyId: string | null;
  policyVersion: number | null;
  generalCriteriaScore: number | null;
  score: number | null;
  proposedLevel: string | null;
  decidedLevel: string | null;
  decisionNo: string | null;
  basis: string | null;
  appealStatus: string | null;
  revisedLevel: string | null;
  finalLevel: string | null;
  /** When the standing proposal was made (business time). */
  proposedAt: Date | null;
  selfLevel: string | null;
  runId: string | null;
  proposalEvent: { streamId: string | null; revision: number | null };
  indicators: Record<string, unknown> | null;
  trace: Array<{ rule: string; outcome: string; effect?: string }> | null;
  version: number;
}

/** The one definition of the columns of evaluation_results_v1 as read (alias `r`, staff `s`). */
const RESULT_COLUMNS = `r.staff_id AS "staffId", s.full_name AS "fullName", r.unit_id AS "unitId", r.policy_id AS "policyId", r.policy_version AS "policyVersion",
  r.general_criteria_score::float8 AS "generalCriteriaScore", r.score::float8 AS score, r.proposed_level AS "proposedLevel",
  r.decided_level AS "decidedLevel", r.decision_no AS "decisionNo", r.basis, r.appeal_status AS "appealStatus", r.revised_level AS "revisedLevel",
  r.final_level AS "finalLevel", r.proposed_at AS "proposedAt", r.self_level AS "selfLevel", r.run_id AS "runId",
  jsonb_build_object('streamId', r.proposal_stream, 'revision', r.proposal_revision) AS "proposalEvent",
  r.indicators, r.trace, r.version`;

export interface EvaluationResultFilter {
  readonly unitId?: string;
  /** The level that stands (final, else proposed). */
  readonly level?: string;
  /** Only this staff member's row (a staff member reading their own). */
  readonly staffId?: string;
  /** Only rows of units in this scope. */
  readonly scope?: UnitScope;
}

/** Reads of the evaluation results (evaluation_results_v1), beside EvaluationProjection. */
export class EvaluationResultQueries {
  constructor(private readonly db: Sql) {}

  /** A cycle's results by unit then staff id (at most 10,000 rows). */
  async results(cycleId: string, filter: EvaluationResultFilter = {}): Promise<EvaluationResultRow[]> {
    const p = new Params(cycleId);
    const where = ['r.cycle_id = $1'];
    if (filter.staffId !== undefined) where.push(`r.staff_id = ${p.add(filter.staffId)}`);
    if (filter.scope) where.push(unitScopeSql('r.unit_id', filter.scope, p));
    if (filter.unitId) where.push(`r.unit_id = ${p.add(filter.unitId)}`);
    if (filter.level) where.push(`COALESCE(r.final_level, r.proposed_level) = ${p.add(filter.level)}`);
    const { rows } = await this.db.query<EvaluationResultRow>(
      `SELECT ${RESULT_COLUMNS} FROM evaluation_results_v1 r LEFT JOIN staff_v1 s ON s.id = r.staff_id
        WHERE ${where.join(' AND ')} ORDER BY r.unit_id NULLS LAST, r.staff_id LIMIT 10000`,
      p.values,
    );
    return rows;
  }

  /** Staff with a proposed but undecided classification in the cycle, by id. */
  async undecided(cycleId: string): Promise<string[]> {
    const { rows } = await this.db.query<{ staff_id: string }>(
      'SELECT staff_id FROM evaluation_results_v1 WHERE cycle_id = $1 AND proposed_level IS NOT NULL AND decided_level IS NULL ORDER BY staff_id',
      [cycleId],
    );
    return rows.map((r) => r.staff_id);
  }

  /** The staff member's unit (indicator_staff_v1) and whether it lies in the cycle's unit subtree; undefined for an unknown id. */
  async staffInCycle(staffId: string, scopeUnitId: string): Promise<{ unitId: string; inCycle: boolean } | undefined> {
    const { rows } = await this.db.query<{ unitId: string; inCycle: boolean }>(
      `SELECT s.unit_id AS "unitId", EXISTS (SELECT 1 FROM units_v1 u WHERE u.id = s.unit_id AND u.path LIKE $2) AS "inCycle" FROM indicator_staff_v1 s WHERE s.staff_id = $1`,
      [staffId, subtreePatterns([scopeUnitId])[0]],
    );
    return rows[0];
  }
}
