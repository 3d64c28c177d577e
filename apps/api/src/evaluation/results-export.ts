import type pg from 'pg';
import { toCsv, toXlsx, type Cell } from './tabular-export.js';

/** One row of a cycle's results, as the API and the CLI export them. */
export interface ResultRow {
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
  appealStatus: string | null;
  finalLevel: string | null;
  trace: Array<{ rule: string; outcome: string; effect?: string }> | null;
}

/** The trace in one cell: the rules that decided (applied overrides, caps, quota, result). */
export function explain(trace: ResultRow['trace']): string {
  if (!trace) return '';
  return trace
    .filter((t) => t.outcome === 'applied' || t.outcome === 'fail' || t.rule.endsWith('/result'))
    .map((t) => `${t.rule}: ${t.outcome}${t.effect ? ` (${t.effect})` : ''}`)
    .join('; ');
}

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const HEADER = ['staffId', 'fullName', 'unitId', 'policyId', 'policyVersion', 'generalCriteriaScore', 'score', 'proposedLevel', 'decidedLevel', 'decisionNo', 'appealStatus', 'finalLevel', 'explanation'];

/** The results as a CSV text or an XLSX workbook. */
export function exportResults(items: readonly ResultRow[], format: 'csv' | 'xlsx'): string | Buffer {
  const rows: Cell[][] = items.map((i) => [
    i.staffId, i.fullName, i.unitId, i.policyId, i.policyVersion, i.generalCriteriaScore, i.score, i.proposedLevel, i.decidedLevel, i.decisionNo, i.appealStatus, i.finalLevel,
    explain(i.trace),
  ]);
  return format === 'csv' ? toCsv(HEADER, rows) : toXlsx('Results', HEADER, rows);
}

/** Result rows of `evaluation_results_v1` matching `where` (aliases: r = results, s = staff_v1). */
export async function selectResults(pool: pg.Pool, where: string, params: unknown[]): Promise<ResultRow[]> {
  const { rows } = await pool.query<ResultRow>(
      `SELECT r.staff_id AS "staffId", s.full_name AS "fullName", r.unit_id AS "unitId", r.policy_id AS "policyId", r.policy_version AS "policyVersion",
              r.general_criteria_score::float8 AS "generalCriteriaScore", r.score::float8 AS score, r.proposed_level AS "proposedLevel",
              r.decided_level AS "decidedLevel", r.decision_no AS "decisionNo", r.basis, r.appeal_status AS "appealStatus", r.revised_level AS "revisedLevel",
              r.final_level AS "finalLevel", r.self_level AS "selfLevel", r.run_id AS "runId",
              jsonb_build_object('streamId', r.proposal_stream, 'revision', r.proposal_revision) AS "proposalEvent",
              r.indicators, r.trace, r.version
         FROM evaluation_results_v1 r LEFT JOIN staff_v1 s ON s.id = r.staff_id
        WHERE ${where} ORDER BY r.unit_id NULLS LAST, r.staff_id LIMIT 10000`,
    params,
  );
  return rows;
}
