import type pg from 'pg';
import type { Writable } from 'node:stream';
import { toCsv, writeXlsx, type Cell, type Column, type Sheet } from './tabular-export.js';

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
  proposedAt: Date | null;
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

const COLUMNS: readonly Column[] = [
  { header: 'staffId', kind: 'text', width: 14 },
  { header: 'fullName', kind: 'text', width: 28 },
  { header: 'unitId', kind: 'text', width: 14 },
  { header: 'policyId', kind: 'text', width: 26 },
  { header: 'policyVersion', kind: 'number' },
  { header: 'generalCriteriaScore', kind: 'number' },
  { header: 'score', kind: 'number' },
  { header: 'proposedAt', kind: 'date' },
  { header: 'proposedLevel', kind: 'text' },
  { header: 'decidedLevel', kind: 'text' },
  { header: 'decisionNo', kind: 'text' },
  { header: 'appealStatus', kind: 'text' },
  { header: 'finalLevel', kind: 'text' },
  { header: 'explanation', kind: 'text', width: 80 },
];

const cells = (i: ResultRow): Cell[] => [
  i.staffId, i.fullName, i.unitId, i.policyId, i.policyVersion, i.generalCriteriaScore, i.score, i.proposedAt, i.proposedLevel, i.decidedLevel, i.decisionNo, i.appealStatus, i.finalLevel,
  explain(i.trace),
];

/** The results as CSV text (UTF-8 with BOM, formula guard). */
export function resultsCsv(items: readonly ResultRow[]): string {
  return toCsv(COLUMNS, items.map(cells));
}

/**
 * The results as an XLSX workbook streamed to `out`: one sheet, or one sheet per unit
 * (named by the unit id, in unit order) when `sheetPerUnit` is set.
 */
export function writeResultsXlsx(out: Writable, items: readonly ResultRow[], options: { sheetPerUnit?: boolean } = {}): Promise<void> {
  let sheets: Sheet[];
  if (options.sheetPerUnit) {
    const byUnit = new Map<string, Cell[][]>();
    for (const i of items) {
      const key = i.unitId ?? '(no unit)';
      let rows = byUnit.get(key);
      if (!rows) byUnit.set(key, (rows = []));
      rows.push(cells(i));
    }
    sheets = [...byUnit].map(([name, rows]) => ({ name, rows }));
  } else {
    sheets = [{ name: 'Results', rows: items.map(cells) }];
  }
  return writeXlsx(out, COLUMNS, sheets);
}

/** Result rows of `evaluation_results_v1` matching `where` (aliases: r = results, s = staff_v1). */
export async function selectResults(pool: pg.Pool, where: string, params: unknown[]): Promise<ResultRow[]> {
  const { rows } = await pool.query<ResultRow>(
      `SELECT r.staff_id AS "staffId", s.full_name AS "fullName", r.unit_id AS "unitId", r.policy_id AS "policyId", r.policy_version AS "policyVersion",
              r.general_criteria_score::float8 AS "generalCriteriaScore", r.score::float8 AS score, r.proposed_level AS "proposedLevel",
              r.decided_level AS "decidedLevel", r.decision_no AS "decisionNo", r.basis, r.appeal_status AS "appealStatus", r.revised_level AS "revisedLevel",
              r.final_level AS "finalLevel", r.proposed_at AS "proposedAt", r.self_level AS "selfLevel", r.run_id AS "runId",
              jsonb_build_object('streamId', r.proposal_stream, 'revision', r.proposal_revision) AS "proposalEvent",
              r.indicators, r.trace, r.version
         FROM evaluation_results_v1 r LEFT JOIN staff_v1 s ON s.id = r.staff_id
        WHERE ${where} ORDER BY r.unit_id NULLS LAST, r.staff_id LIMIT 10000`,
    params,
  );
  return rows;
}
