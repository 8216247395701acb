/**
 * One sheet from grid to records: find the header row, take the data rows, normalise every cell by
 * its column's type, and collect every issue and every normalisation of the sheet at once.
 */
import type { PeriodKind } from '../periods/period.ts';
import { type AmountUnit, normaliseAmount } from './amount-cell.ts';
import { normaliseBoolean } from './boolean-cell.ts';
import { cellDisplay, normaliseCode, normaliseText, type RawCell } from './cell-text.ts';
import { normaliseCreditCodeCell } from './credit-code-cell.ts';
import { createDataRowFilter } from './data-rows.ts';
import { normaliseDate } from './date-cell.ts';
import { type CellNormaliser, createCellNormaliser } from './fast-cell.ts';
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

type PresentColumn = {
  column: ColumnSpec;
  index: number;
  letter: string;
  header: string | undefined;
  unit: AmountUnit | null;
  /** `normaliseCell` for this column, with the shortcuts of `createCellNormaliser`. */
  normalise: CellNormaliser;
};

export type SheetChunk = {
  records: SheetRecord[];
  issues: ImportIssue[];
  notices: ImportNotice[];
};

export type SheetNormaliserOptions = {
  sheet: string;
  columns: readonly ColumnSpec[];
  date1904?: boolean;
  /** How many leading rows may hold the header (default 30). */
  maxScanRows?: number;
};

/**
 * Row-at-a-time normaliser for streamed sheets, so that memory does not grow with the file: rows are
 * buffered only until the header row is known (a row naming every expected column, or the first
 * `maxScanRows` rows), then each pushed row is normalised at once. `push` and `end` return what
 * became final with that call.
 */
export function createSheetNormaliser(options: SheetNormaliserOptions) {
  const { sheet, columns } = options;
  const maxScanRows = options.maxScanRows ?? 30;
  let buffer: { rowNumber: number; cells: readonly RawCell[] }[] = [];
  let header: HeaderMatch | null | undefined;
  let headerRowNumber = 0;
  let present: PresentColumn[] = [];
  const rows = createDataRowFilter(sheet);

  const normaliseRow = (rowNumber: number, cells: readonly RawCell[], out: SheetChunk) => {
    if (!header || rowNumber <= headerRowNumber) return;
    const kind = rows.next(rowNumber, cells);
    if (kind.kind === 'issue') out.issues.push(kind.issue);
    if (kind.kind !== 'data') return;
    const values: Record<string, CellValue> = {};
    for (const column of columns) values[column.key] = null;
    for (const { column, index, letter, header: headerText, normalise } of present) {
      const raw = cells[index] ?? null;
      const where = { sheet, row: rowNumber, column: letter, header: headerText };
      const result = normalise(raw);
      if (!result.ok) {
        out.issues.push({ ...where, value: cellDisplay(raw), reason: result.reason });
        continue;
      }
      values[column.key] = result.value;
      if (result.value === null && column.required) {
        out.issues.push({
          ...where,
          value: cellDisplay(raw),
          reason: `必填项“${column.header}”为空 / required “${column.header}” is empty`,
        });
      }
      if (result.normalised !== null) {
        out.notices.push({
          ...where,
          value: cellDisplay(raw),
          normalisedValue: render(result.value),
          note: result.normalised,
        });
      }
    }
    out.records.push({ rowNumber, values });
  };

  const decide = (out: SheetChunk) => {
    header = detectHeaderRow(
      buffer.map((r) => r.cells),
      columns,
      { maxScanRows },
    );
    if (header) {
      headerRowNumber = buffer[header.rowIndex]?.rowNumber ?? 0;
      const match = header;
      present = columns.flatMap((column) => {
        const index = match.columns[column.key];
        if (index === undefined) return [];
        const unit = match.units[column.key] ?? null;
        const normalise = createCellNormaliser(column, unit, options.date1904);
        return [
          { column, index, letter: columnLetter(index), header: match.headers[column.key], unit, normalise },
        ];
      });
    }
    out.issues.push(...headerIssues(sheet, header, columns, headerRowNumber - (header?.rowIndex ?? 0)));
    for (const row of buffer) normaliseRow(row.rowNumber, row.cells, out);
    buffer = [];
  };

  const emptyChunk = (): SheetChunk => ({ records: [], issues: [], notices: [] });

  return {
    push(rowNumber: number, cells: readonly RawCell[]): SheetChunk {
      const out = emptyChunk();
      if (header === undefined) {
        buffer.push({ rowNumber, cells });
        const complete = detectHeaderRow([cells], columns)?.columns;
        const namesAll = complete !== undefined && Object.keys(complete).length === columns.length;
        if (namesAll || buffer.length >= maxScanRows) decide(out);
      } else {
        normaliseRow(rowNumber, cells, out);
      }
      return out;
    },
    end(): SheetChunk & { header: HeaderMatch | null; footerRowNumber: number | null } {
      const out = emptyChunk();
      if (header === undefined) decide(out);
      return { ...out, header: header ?? null, footerRowNumber: rows.footerRowNumber };
    },
  };
}

export type SheetNormaliser = ReturnType<typeof createSheetNormaliser>;

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
  const normaliser = createSheetNormaliser(input);
  const firstRowNumber = input.firstRowNumber ?? 1;
  const result: NormalisedSheet = {
    sheet: input.sheet,
    header: null,
    records: [],
    issues: [],
    notices: [],
    footerRowNumber: null,
  };
  const add = (chunk: SheetChunk) => {
    result.records.push(...chunk.records);
    result.issues.push(...chunk.issues);
    result.notices.push(...chunk.notices);
  };
  input.rows.forEach((cells, i) => {
    add(normaliser.push(i + firstRowNumber, cells));
  });
  const last = normaliser.end();
  add(last);
  result.header = last.header;
  result.footerRowNumber = last.footerRowNumber;
  return result;
}

/**
 * Tracks a natural key (credit code; carrier name + host) across the records of an import, row by
 * row: a record repeating a key already seen gives an issue naming the first row. Records with a
 * null key part are skipped.
 */
export function createDuplicateTracker(
  sheet: string,
  keys: readonly string[],
  describe: { zh: string; en: string },
  column = '',
) {
  const firstRow = new Map<string, number>();
  return (record: SheetRecord): ImportIssue | null => {
    const parts = keys.map((k) => record.values[k] ?? null);
    if (parts.some((p) => p === null)) return null;
    const key = JSON.stringify(parts);
    const seen = firstRow.get(key);
    if (seen === undefined) {
      firstRow.set(key, record.rowNumber);
      return null;
    }
    const value = parts.map(String).join(' + ');
    return {
      sheet,
      row: record.rowNumber,
      column,
      value,
      reason: `${describe.zh}“${value}”与第 ${seen} 行重复 / ${describe.en} “${value}” repeats row ${seen}`,
    };
  };
}

/** All duplicate-key issues of a list of records (see `createDuplicateTracker`). */
export function duplicateKeyIssues(
  sheet: string,
  records: readonly SheetRecord[],
  keys: readonly string[],
  describe: { zh: string; en: string },
  column = '',
): ImportIssue[] {
  const check = createDuplicateTracker(sheet, keys, describe, column);
  return records.map(check).filter((issue): issue is ImportIssue => issue !== null);
}
