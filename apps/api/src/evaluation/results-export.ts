import type { EvaluationResultRow } from '#read-models';
import { toCsv, toXlsx, type Cell } from './tabular-export.js';

/** One row of a cycle's results, as the API and the CLI export them. */
export type ResultRow = EvaluationResultRow;

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
