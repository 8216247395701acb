/**
 * One sheet from grid to records: find the header row, take the data rows, normalise every cell by
 * its column's type, and collect every issue and every normalisation of the sheet at once.
 */
import type { PeriodKind } from '../periods/period.ts';
import { type AmountUnit, normaliseAmount } from './amount-cell.ts';
import { normaliseBoolean } from './boolean-cell.ts';
import { cellDisplay, normaliseCode, normaliseText, type RawCell } from './cell-text.ts';
import { normaliseCreditCodeCell } from './credit-code-cell.ts';
import { extractDataRows } from './data-rows.ts';
import { normaliseDate } from './date-cell.ts';
import { detectHeaderRow, type HeaderMatch, type HeaderSpec, headerIssues } from './header-row.ts';
import { type CellResult, columnLetter, type ImportIssue, type ImportNotice } from './import-issue.ts';
import type { Lookup } from './lookup-cell.ts';
import { normaliseNumber } from './number-cell.ts';
import { normalisePeriod } from './period-cell.ts';

export type ColumnType =
  | { type: 'text'; maxLength?: number }
  | { type: 'code' }
  | { type: 'creditCode' }
  | { type: 'number'; integer?: boolean; min?: number; max?: number }
  | { type: 'percent'; min?: number; max?: number }
  | { type: 'amount'; unit: AmountUnit; min?: number; max?: number }
  | { type: 'date'; min?: string; max?: string }
  | { type: 'boolean' }
  | { type: 'period'; kind?: PeriodKind }
  | { type: 'lookup'; lookup: Lookup };

export type ColumnSpec = HeaderSpec & ColumnType;

export type CellValue = string | number | boolean | null;

export type SheetRecord = {
  rowNumber: number;
  values: Record<string, CellValue>;
};

export type NormalisedSheet = {
  sheet: string;
  header: HeaderMatch | null;
  records: SheetRecord[];
  issues: ImportIssue[];
  notices: ImportNotice[];
  footerRowNumber: number | null;
};

/** Normalises one cell by its column type; `headerUnit` is the money unit the file's header names. */
export function normaliseCell(
  column: ColumnType,
  raw: RawCell,
  headerUnit: AmountUnit | null = null,
  date1904 = false,
): CellResult<CellValue> {
  switch (column.type) {
    case 'text':
      return normaliseText(raw, { maxLength: column.maxLength });
    case 'code':
      return normaliseCode(raw);
    case 'creditCode':
      return normaliseCreditCodeCell(raw);
    case 'number':
      return normaliseNumber(raw, { integer: column.integer, min: column.min, max: column.max });
    case 'percent':
      return normaliseNumber(raw, { scale: 'percent', min: column.min, max: column.max });
    case 'amount':
      return normaliseAmount(raw, { unit: column.unit, headerUnit, min: column.min, max: column.max });
    case 'date':
      return normaliseDate(raw, { min: column.min, max: column.max, date1904 });
    case 'boolean':
      return normaliseBoolean(raw);
    case 'period':
      return normalisePeriod(raw, { kind: column.kind });
    case 'lookup':
      return column.lookup(raw);
  }
}

function render(value: CellValue): string | null {
  return value === null ? null : String(value);
}

/**
 * Normalises a sheet given as a grid of raw cells (`rows[0]` is Excel row `firstRowNumber`).
 * Required cells left empty, unparseable cells and structural problems all become issues; a record
 * is returned for every data row, with null where a cell was refused, so that a dry run can show
 * everything at once.
 */
export function normaliseSheet(input: {
  sheet: string;
  rows: readonly (readonly RawCell[])[];
  columns: readonly ColumnSpec[];
  firstRowNumber?: number;
  date1904?: boolean;
  maxScanRows?: number;
}): NormalisedSheet {
  const { sheet, rows, columns } = input;
  const firstRowNumber = input.firstRowNumber ?? 1;
  const header = detectHeaderRow(rows, columns, { maxScanRows: input.maxScanRows });
  const issues = headerIssues(sheet, header, columns, firstRowNumber);
  const notices: ImportNotice[] = [];
  if (!header) return { sheet, header, records: [], issues, notices, footerRowNumber: null };
  const data = extractDataRows(sheet, rows, header.rowIndex, firstRowNumber);
  issues.push(...data.issues);
  const present = columns.filter((c) => header.columns[c.key] !== undefined);
  const records: SheetRecord[] = [];
  for (const { rowNumber, cells } of data.rows) {
    const values: Record<string, CellValue> = {};
    for (const column of columns) values[column.key] = null;
    for (const column of present) {
      const index = header.columns[column.key] ?? 0;
      const raw = cells[index] ?? null;
      const letter = columnLetter(index);
      const headerText = header.headers[column.key];
      const result = normaliseCell(column, raw, header.units[column.key] ?? null, input.date1904);
      if (!result.ok) {
        issues.push({
          sheet,
          row: rowNumber,
          column: letter,
          header: headerText,
          value: cellDisplay(raw),
          reason: result.reason,
        });
        continue;
      }
      values[column.key] = result.value;
      if (result.value === null && column.required) {
        issues.push({
          sheet,
          row: rowNumber,
          column: letter,
          header: headerText,
          value: cellDisplay(raw),
          reason: `必填项“${column.header}”为空 / required “${column.header}” is empty`,
        });
      }
      if (result.normalised !== null) {
        notices.push({
          sheet,
          row: rowNumber,
          column: letter,
          header: headerText,
          value: cellDisplay(raw),
          normalisedValue: render(result.value),
          note: result.normalised,
        });
      }
    }
    records.push({ rowNumber, values });
  }
  return { sheet, header, records, issues, notices, footerRowNumber: data.footerRowNumber };
}

/**
 * Rows of a sheet that repeat a natural key (credit code; carrier name + host) already used by an
 * earlier row: each repeat is an issue naming the first row. Records with a null key part are skipped.
 */
export function duplicateKeyIssues(
  sheet: string,
  records: readonly SheetRecord[],
  keys: readonly string[],
  describe: { zh: string; en: string },
  column = '',
): ImportIssue[] {
  const firstRow = new Map<string, number>();
  const issues: ImportIssue[] = [];
  for (const record of records) {
    const parts = keys.map((k) => record.values[k] ?? null);
    if (parts.some((p) => p === null)) continue;
    const key = JSON.stringify(parts);
    const seen = firstRow.get(key);
    if (seen === undefined) {
      firstRow.set(key, record.rowNumber);
      continue;
    }
    const value = parts.map(String).join(' + ');
    issues.push({
      sheet,
      row: record.rowNumber,
      column,
      value,
      reason: `${describe.zh}“${value}”与第 ${seen} 行重复 / ${describe.en} “${value}” repeats row ${seen}`,
    });
  }
  return issues;
}
