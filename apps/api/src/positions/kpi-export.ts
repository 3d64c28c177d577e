import { PassThrough } from 'node:stream';
import { Logger, StreamableFile } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { ScoreSheetRow } from '#read-models';
import { toCsv, writeXlsx, type Cell, type Column } from '../evaluation/tabular-export.js';
import { XLSX_CONTENT_TYPE } from '../evaluation/results-export.js';

/** One KPI row: a staff member, a position or a unit subtree for a period. */
export interface KpiRow {
  key: string;
  label: string | null;
  period: string;
  sheets: number;
  plannedUnits: number;
  deliveredUnits: number;
  onTimeShare: number | null;
  qualityShare: number | null;
  taskPoints: number | null;
  rankInTaskGroup: number | null;
}

const r4 = (x: number) => Math.round(x * 1e4) / 1e4;

/**
 * KPI rows from the sheets: per staff (with the rank in the task group), or summed per
 * position, per unit, or for the whole subtree read (`subtree`: one row per period, keyed
 * by `subtreeKey`).
 */
export function kpiRows(sheets: readonly ScoreSheetRow[], groupBy: 'staff' | 'position' | 'unit' | 'subtree', subtreeKey = 'all'): KpiRow[] {
  if (groupBy === 'staff') {
    return sheets.map((s) => ({
      key: s.staffId, label: s.fullName, period: s.period, sheets: 1, plannedUnits: s.plannedUnits, deliveredUnits: s.deliveredUnits,
      onTimeShare: s.onTimeShare, qualityShare: s.qualityShare, taskPoints: s.taskPoints, rankInTaskGroup: s.rankInTaskGroup,
    }));
  }
  const groups = new Map<string, { key: string; label: string | null; period: string; n: number; planned: number; delivered: number; onTime: number; quality: number; points: number; scored: number }>();
  for (const s of sheets) {
    const key = groupBy === 'position' ? (s.positionId ?? '(none)') : groupBy === 'subtree' ? subtreeKey : s.unitId;
    const id = `${key}\u0000${s.period}`;
    let g = groups.get(id);
    if (!g) groups.set(id, (g = { key, label: groupBy === 'position' ? s.positionTitle ?? null : null, period: s.period, n: 0, planned: 0, delivered: 0, onTime: 0, quality: 0, points: 0, scored: 0 }));
    g.n++;
    g.planned += s.plannedUnits;
    g.delivered += s.deliveredUnits;
    g.onTime += (s.onTimeShare ?? 0) * s.plannedUnits;
    g.quality += (s.qualityShare ?? 0) * s.plannedUnits;
    if (s.taskPoints !== null) {
      g.points += s.taskPoints;
      g.scored++;
    }
  }
  return [...groups.values()].map((g) => ({
    key: g.key, label: g.label, period: g.period, sheets: g.n, plannedUnits: r4(g.planned), deliveredUnits: r4(g.delivered),
    onTimeShare: g.planned > 0 ? r4(g.onTime / g.planned) : null, qualityShare: g.planned > 0 ? r4(g.quality / g.planned) : null,
    taskPoints: g.scored > 0 ? r4(g.points / g.scored) : null, rankInTaskGroup: null,
  }));
}

const KPI_COLUMNS: readonly Column[] = [
  { header: 'key', kind: 'text', width: 18 },
  { header: 'label', kind: 'text', width: 28 },
  { header: 'period', kind: 'text' },
  { header: 'sheets', kind: 'number' },
  { header: 'plannedUnits', kind: 'number' },
  { header: 'deliveredUnits', kind: 'number' },
  { header: 'onTimeShare', kind: 'number' },
  { header: 'qualityShare', kind: 'number' },
  { header: 'taskPoints', kind: 'number' },
  { header: 'rankInTaskGroup', kind: 'number' },
];

const SHEET_COLUMNS: readonly Column[] = [
  { header: 'staffId', kind: 'text', width: 16 },
  { header: 'fullName', kind: 'text', width: 28 },
  { header: 'period', kind: 'text' },
  { header: 'unitId', kind: 'text', width: 16 },
  { header: 'positionId', kind: 'text', width: 20 },
  { header: 'positionTitle', kind: 'text', width: 32 },
  { header: 'taskGroup', kind: 'text' },
  { header: 'status', kind: 'text' },
  { header: 'plannedUnits', kind: 'number' },
  { header: 'deliveredUnits', kind: 'number' },
  { header: 'onTimeShare', kind: 'number' },
  { header: 'qualityShare', kind: 'number' },
  { header: 'computedPoints', kind: 'number' },
  { header: 'adjustmentPoints', kind: 'number' },
  { header: 'taskPoints', kind: 'number' },
  { header: 'qualityDeductions', kind: 'number' },
  { header: 'progressDeductions', kind: 'number' },
  { header: 'rankInTaskGroup', kind: 'number' },
  { header: 'products', kind: 'text', width: 40 },
];

const kpiCells = (r: KpiRow): Cell[] => [r.key, r.label, r.period, r.sheets, r.plannedUnits, r.deliveredUnits, r.onTimeShare, r.qualityShare, r.taskPoints, r.rankInTaskGroup];
const sheetCells = (s: ScoreSheetRow): Cell[] => [
  s.staffId, s.fullName, s.period, s.unitId, s.positionId, s.positionTitle ?? null, s.taskGroup, s.status, s.plannedUnits, s.deliveredUnits, s.onTimeShare, s.qualityShare,
  s.computedPoints, s.adjustmentPoints, s.taskPoints, s.qualityDeductions, s.progressDeductions, s.rankInTaskGroup,
  Object.entries(s.products).map(([k, v]) => `${k}=${v}`).join(' '),
];

/** CSV text or a streamed XLSX workbook of KPI rows or sheets. */
export function exportRows(kind: 'kpi' | 'sheets', rows: readonly KpiRow[] | readonly ScoreSheetRow[], format: 'csv' | 'xlsx', reply: FastifyReply, name: string): string | StreamableFile {
  const columns = kind === 'kpi' ? KPI_COLUMNS : SHEET_COLUMNS;
  const cells = kind === 'kpi' ? (rows as KpiRow[]).map(kpiCells) : (rows as ScoreSheetRow[]).map(sheetCells);
  if (format === 'csv') {
    void reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}.csv"`);
    return toCsv(columns, cells);
  }
  const body = new PassThrough();
  writeXlsx(body, columns, [{ name: kind === 'kpi' ? 'KPI' : 'Score sheets', rows: cells }]).catch((error: unknown) => {
    new Logger('KpiExport').error(error);
    body.destroy(error as Error);
  });
  return new StreamableFile(body, { type: XLSX_CONTENT_TYPE, disposition: `attachment; filename="${name}.xlsx"` });
}
