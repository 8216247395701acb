/**
 * List exports as .xlsx (ExcelJS's streaming WorkbookWriter: rows are committed as they come, so a
 * 100,000-row list never sits in memory as a workbook) and as CSV (UTF-8 with a byte-order mark, so
 * Excel opens Chinese text correctly; CRLF line ends; RFC 4180 quoting). Both neutralise formula
 * injection the way OWASP's CSV-injection guidance says.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';

export type ExportValue = string | number | boolean | Date | null | undefined;

export type ExportColumn = {
  key: string;
  /** Header as shown: 企业名称, 营业收入（万元）. */
  header: string;
  width?: number;
  /** Excel number format for the column (yyyy-mm-dd, 0.00%, #,##0.00). */
  numFmt?: string;
};

export type ExportRows = Iterable<Record<string, ExportValue>> | AsyncIterable<Record<string, ExportValue>>;

/** Characters that make a spreadsheet read text as a formula (OWASP): = + - @, tab, carriage return. */
const formulaTriggers = new Set(['=', '+', '-', '@', '\t', '\r']);

/**
 * A text cell that a spreadsheet would take for a formula is written with a leading apostrophe:
 * "=HYPERLINK(...)" → "'=HYPERLINK(...)", "-5" (text) → "'-5". Numbers, including negative numbers,
 * stay numbers; only strings are touched.
 */
export function neutraliseFormula<T extends ExportValue>(value: T): T | string {
  if (typeof value !== 'string' || value.length === 0) return value;
  return formulaTriggers.has(value.charAt(0)) ? `'${value}` : value;
}

/** Display text of a value in a CSV export: dates as 2024-03-15 (UTC), booleans as 是/否. */
export function csvText(value: ExportValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return '';
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.replace('T', ' ').slice(0, 19);
  }
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  return String(neutraliseFormula(value));
}

/** One CSV field, quoted when it holds a comma, a quote, a line break or edge spaces. */
export function csvField(text: string): string {
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

async function write(output: Writable, text: string): Promise<void> {
  if (!output.write(text)) await once(output, 'drain');
}

/** Writes rows as CSV to `output` (left open for the caller to end). */
export async function writeCsvExport(
  output: Writable,
  input: { columns: readonly ExportColumn[]; rows: ExportRows },
): Promise<number> {
  const { columns } = input;
  let buffer = `\uFEFF${columns.map((c) => csvField(neutraliseFormula(c.header))).join(',')}\r\n`;
  let count = 0;
  for await (const row of input.rows) {
    buffer += `${columns.map((c) => csvField(csvText(row[c.key]))).join(',')}\r\n`;
    count++;
    if (buffer.length >= 65_536) {
      await write(output, buffer);
      buffer = '';
    }
  }
  if (buffer.length > 0) await write(output, buffer);
  return count;
}

/**
 * Writes rows as an .xlsx to `output` with a frozen bold header row; returns the number of rows.
 * The stream is ended by ExcelJS when the workbook is committed.
 */
export async function writeXlsxExport(
  output: Writable,
  input: { sheetName: string; columns: readonly ExportColumn[]; rows: ExportRows },
): Promise<number> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: output,
    useStyles: true,
    useSharedStrings: false,
  });
  workbook.creator = 'Qunce 群策';
  const sheet = workbook.addWorksheet(input.sheetName.slice(0, 31), {
    views: [{ state: 'frozen', ySplit: 1, xSplit: 0 }],
  });
  sheet.columns = input.columns.map((column) => ({
    key: column.key,
    width: column.width ?? Math.min(50, Math.max(10, column.header.length * 2 + 2)),
    ...(column.numFmt ? { style: { numFmt: column.numFmt } } : {}),
  }));
  const header = sheet.addRow(input.columns.map((c) => neutraliseFormula(c.header)));
  header.font = { bold: true };
  header.commit();
  let count = 0;
  for await (const row of input.rows) {
    const values: ExcelJS.CellValue[] = input.columns.map((column) => {
      const value = row[column.key];
      if (value === undefined || value === null) return null;
      if (typeof value === 'number' && !Number.isFinite(value)) return null;
      return neutraliseFormula(value);
    });
    sheet.addRow(values).commit();
    count++;
  }
  sheet.commit();
  await workbook.commit();
  return count;
}
