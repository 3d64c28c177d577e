import ExcelJS from 'exceljs';
import { csvField, toCsv, toXlsx, type Column } from './tabular-export.js';

const COLUMNS: Column[] = [
  { header: 'name', kind: 'text' },
  { header: 'score', kind: 'number' },
  { header: 'at', kind: 'date' },
];

describe('CSV export', () => {
  // OWASP CSV injection: https://owasp.org/www-community/attacks/CSV_Injection
  it.each([
    ['=1+2', `"'=1+2"`],
    ['+1', `"'+1"`],
    ['-1+cmd', `"'-1+cmd"`],
    ['@SUM(A1)', `"'@SUM(A1)"`],
    ['\t=cmd', `"'\t=cmd"`],
    ['\r=cmd', `"'\r=cmd"`],
    ['\uFF1D1+2', `"'\uFF1D1+2"`],
    ['\uFF0B1', `"'\uFF0B1"`],
    ['\uFF0D1', `"'\uFF0D1"`],
    ['\uFF20SUM(A1)', `"'\uFF20SUM(A1)"`],
  ])('neutralises a text cell starting with %j', (input, expected) => {
    expect(csvField(input)).toBe(expected);
  });

  it('quotes every text field and doubles its quotes, so separators stay inside it', () => {
    expect(csvField('a,"b"\r\nc')).toBe('"a,""b""\r\nc"');
    expect(csvField('Nguyễn Văn Ánh')).toBe('"Nguyễn Văn Ánh"');
  });

  it('keeps numbers (negative ones too) and dates as values', () => {
    expect(csvField(-5)).toBe('-5');
    expect(csvField(87.5)).toBe('87.5');
    expect(csvField(new Date('2026-03-01T08:00:00Z'))).toBe('2026-03-01T08:00:00.000Z');
    expect(csvField(null)).toBe('');
  });

  it('starts with a UTF-8 BOM and ends rows with CRLF', () => {
    expect(toCsv(COLUMNS, [['Trần Thị Bình', 70, null]])).toBe('\uFEFF"name","score","at"\r\n"Trần Thị Bình",70,\r\n');
  });
});

describe('XLSX export (read back with exceljs)', () => {
  const at = new Date('2026-12-15T09:30:00Z');

  async function load(buffer: Buffer): Promise<ExcelJS.Workbook> {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
    return wb;
  }

  it('writes a bold frozen header with an autofilter, widths, numbers as numbers, dates as dates and Vietnamese text intact', async () => {
    const wb = await load(await toXlsx(COLUMNS, [{ name: 'Kết quả', rows: [['Nguyễn Thị Ánh Tuyết', 91.5, at], ['=HYPERLINK("x")', null, null]] }]));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Kết quả']);
    const ws = wb.worksheets[0];
    expect(ws.rowCount).toBe(3);
    expect(ws.getRow(1).values).toEqual([undefined, 'name', 'score', 'at']);
    expect(ws.getRow(1).font?.bold).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.autoFilter).toBe('A1:C1');
    expect(ws.getColumn(1).width).toBeGreaterThanOrEqual(10);
    expect(ws.getCell('A2').value).toBe('Nguyễn Thị Ánh Tuyết');
    expect(ws.getCell('B2').type).toBe(ExcelJS.ValueType.Number);
    expect(ws.getCell('B2').value).toBe(91.5);
    expect(ws.getCell('C2').type).toBe(ExcelJS.ValueType.Date);
    expect((ws.getCell('C2').value as Date).toISOString()).toBe(at.toISOString());
    expect(ws.getCell('C2').numFmt).toBe('yyyy-mm-dd hh:mm');
    // Text is a string cell, never a formula.
    expect(ws.getCell('A3').type).toBe(ExcelJS.ValueType.String);
    expect(ws.getCell('A3').value).toBe('=HYPERLINK("x")');
  });

  it('writes one sheet per given sheet, with names Excel accepts and unique', async () => {
    const wb = await load(await toXlsx(COLUMNS, [
      { name: 'unit/a', rows: [['a', 1, null]] },
      { name: 'UNIT/A', rows: [['b', 2, null]] },
      { name: 'x'.repeat(40), rows: [] },
    ]));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['unit_a', 'UNIT_A~2', 'x'.repeat(31)]);
    expect(wb.worksheets[1].getCell('A2').value).toBe('b');
    expect(wb.worksheets[2].rowCount).toBe(1);
  });
});
