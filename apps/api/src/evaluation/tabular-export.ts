import { PassThrough, type Writable } from 'node:stream';
import ExcelJS from 'exceljs';

/** A cell: text, a number, an instant, or empty (null). */
export type Cell = string | number | Date | null;

/** A column of an export: its header, the kind of value it holds and its width in characters. */
export interface Column {
  header: string;
  kind: 'text' | 'number' | 'date';
  /** Width in characters (XLSX); default from the header and the kind. */
  width?: number;
}

/** One sheet of a workbook (a CSV export concatenates the sheets' rows). */
export interface Sheet {
  name: string;
  rows: ReadonlyArray<readonly Cell[]>;
}

/**
 * Characters that make a spreadsheet program read a cell as a formula or that hide
 * one, per OWASP's CSV injection guidance: `=`, `+`, `-`, `@`, tab and carriage return,
 * plus the full-width forms `＝＋－＠` that LibreOffice and Excel in East Asian locales
 * normalise to their ASCII forms before parsing.
 */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

/**
 * One CSV field. Strings that could start a formula get a leading `'` (OWASP: "prepend
 * each cell field with a single quote"); every text field is quoted so a separator,
 * quote or line break inside it stays in the field. Numbers and dates are written as
 * values (a negative number stays a number).
 */
export function csvField(v: Cell): string {
  if (v === null) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (v instanceof Date) return v.toISOString();
  const safe = FORMULA_START.test(v) ? `'${v}` : v;
  return `"${safe.replace(/"/g, '""')}"`;
}

/** RFC 4180 CSV with a UTF-8 BOM (so spreadsheet programs read Vietnamese names correctly). */
export function toCsv(columns: readonly Column[], rows: ReadonlyArray<readonly Cell[]>): string {
  const lines = [columns.map((c) => csvField(c.header)).join(',')];
  for (const r of rows) lines.push(r.map(csvField).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

// Sheet names: at most 31 characters, none of \ / ? * [ ] :, unique within the workbook.
function sheetNames(sheets: readonly Sheet[]): string[] {
  const used = new Set<string>();
  return sheets.map((s) => {
    const base = (s.name.replace(/[\\/?*[\]:]/g, '_').trim() || 'Sheet').slice(0, 31);
    let name = base;
    for (let i = 2; used.has(name.toLowerCase()); i++) name = `${base.slice(0, 31 - String(i).length - 1)}~${i}`;
    used.add(name.toLowerCase());
    return name;
  });
}

// XML 1.0 cannot carry most C0 control characters; exceljs would write them as they are.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g;

/**
 * Writes an XLSX workbook to `out` with exceljs's streaming writer (each row is
 * committed as it is written, so a large export does not hold the sheet in memory):
 * per sheet a bold, frozen header row with an autofilter, column widths, numbers as
 * numbers and dates as dates (`yyyy-mm-dd hh:mm`, UTC).
 */
export async function writeXlsx(out: Writable, columns: readonly Column[], sheets: readonly Sheet[]): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  workbook.creator = 'accountability-ledger';
  const names = sheetNames(sheets.length > 0 ? sheets : [{ name: 'Results', rows: [] }]);
  for (const [i, sheet] of (sheets.length > 0 ? sheets : [{ name: 'Results', rows: [] }]).entries()) {
    const ws = workbook.addWorksheet(names[i], { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = columns.map((c) => ({
      header: c.header,
      key: c.header,
      width: c.width ?? Math.max(c.header.length + 2, c.kind === 'date' ? 18 : c.kind === 'number' ? 10 : 14),
      style: c.kind === 'date' ? { numFmt: 'yyyy-mm-dd hh:mm' } : c.kind === 'number' ? { numFmt: '0.##' } : {},
    }));
    ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
    const header = ws.getRow(1);
    header.font = { bold: true };
    header.commit();
    for (const r of sheet.rows) {
      ws.addRow(r.map((v, ci) => (v === null ? null : columns[ci]?.kind === 'text' || typeof v === 'string' ? String(v).replace(CONTROL, '') : v))).commit();
    }
    ws.commit();
  }
  await workbook.commit();
}

/** The workbook as a buffer (tests, and callers that need the whole file). */
export async function toXlsx(columns: readonly Column[], sheets: readonly Sheet[]): Promise<Buffer> {
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    sink.on('end', resolve);
    sink.on('error', reject);
  });
  await writeXlsx(sink, columns, sheets);
  await done;
  return Buffer.concat(chunks);
}
