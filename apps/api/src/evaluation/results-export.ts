import type { Writable } from 'node:stream';
import type { EvaluationResultRow } from '#read-models';
import { toCsv, writeXlsx, type Cell, type Column, type Sheet } from './tabular-export.js';

/** One row of a cycle's results, as the API and the CLI export them (read by EvaluationResultQueries). */
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
