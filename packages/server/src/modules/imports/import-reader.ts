/**
 * The reading half of every registry import: open the upload (refusals as `AppError`), pick the data
 * sheet when an instruction sheet comes first, stream its rows through core's sheet normaliser, and
 * hand each record to the kind's own checks. Issues and a summary of normalisations are collected as
 * data; memory holds only what the caller keeps from each record.
 */
import {
  type AmountUnit,
  type ColumnSpec,
  chooseDataSheet,
  columnLetter,
  createNoticeSummary,
  createSheetNormaliser,
  detectHeaderRow,
  type ImportIssue,
  type ImportNotice,
  type NoticeSummary,
  type SheetRecord,
} from '@qunce/core/import';
import { type OpenSpreadsheetOptions, openSpreadsheet, type SheetCell } from '../../spreadsheet/index.ts';
import type { ZipSource } from '../../spreadsheet/zip-reader.ts';

const peekRows = 30;
const progressEvery = 5000;

export type ReadOptions = OpenSpreadsheetOptions & { onProgress?: (rowsRead: number) => void };

export type RecordContext = {
  sheet: string;
  /** An issue about the record; `columnKey` names the column when its letter is not yet known. */
  issue(issue: Omit<ImportIssue, 'sheet' | 'column'> & { column?: string; columnKey?: string }): void;
  notice(notice: Omit<ImportNotice, 'sheet' | 'column'> & { columnKey: string }): void;
  /** The money unit the file's header names for a column ("数值（亿元）" → 亿元), null when none. */
  headerUnit(columnKey: string): AmountUnit | null;
};

/**
 * What a visitor does with a record. A promise is awaited before the next record is read, so a
 * visitor may write a batch to the database with back-pressure (the second pass of a streaming
 * import, ADR 0010); a synchronous visitor costs nothing extra.
 */
export type RecordVisitor = (record: SheetRecord, context: RecordContext) => void | Promise<void>;

export type ReadResult = { sheet: string; issues: ImportIssue[]; notices: NoticeSummary[] };

export async function readImportSheet(
  source: ZipSource,
  options: ReadOptions,
  columns: readonly ColumnSpec[],
  visit: RecordVisitor,
): Promise<ReadResult> {
  const file = await openSpreadsheet(source, options);
  const issues: ImportIssue[] = [];
  const pendingNotices: (ImportNotice & { columnKey?: string })[] = [];
  const notices = createNoticeSummary();
  const byKey: { index: number; key: string }[] = [];
  try {
    // an instruction sheet (填表说明) may come first: take the sheet whose header names most columns
    let sheetIndex = 0;
    if (file.sheets.length > 1) {
      const peeks: { name: string; rows: SheetCell[][] }[] = [];
      for (const sheet of file.sheets) {
        const peek: SheetCell[][] = [];
        for await (const row of file.readSheet(sheet.index)) {
          peek.push(row.cells);
          if (peek.length >= peekRows) break;
        }
        peeks.push({ name: sheet.name, rows: peek });
      }
      const chosen = chooseDataSheet(peeks, columns);
      sheetIndex = file.sheets.find((s) => s.name === chosen?.name)?.index ?? 0;
    }
    const sheet = file.sheets.find((s) => s.index === sheetIndex)?.name ?? '';
    const normaliser = createSheetNormaliser({
      sheet,
      columns,
      date1904: file.date1904,
      maxScanRows: peekRows,
    });
    // the rows the normaliser buffers until it has found the header; the same detection on the same
    // rows gives the header's units as soon as the first record comes out
    let headRows: SheetCell[][] | null = [];
    let units: Record<string, AmountUnit | null> = {};
    const context: RecordContext = {
      sheet,
      issue: ({ columnKey, column, ...issue }) => {
        if (columnKey !== undefined) byKey.push({ index: issues.length, key: columnKey });
        issues.push({ ...issue, sheet, column: column ?? '' });
      },
      notice: (notice) => pendingNotices.push({ ...notice, sheet, column: '' }),
      headerUnit: (columnKey) => units[columnKey] ?? null,
    };
    const take = async (chunk: ReturnType<typeof normaliser.push>) => {
      issues.push(...chunk.issues);
      for (const notice of chunk.notices) notices.add(notice);
      if (chunk.records.length > 0 && headRows !== null) {
        units = detectHeaderRow(headRows, columns, { maxScanRows: peekRows })?.units ?? {};
        headRows = null;
      }
      for (const record of chunk.records) {
        const pending = visit(record, context);
        if (pending) await pending;
      }
    };
    let read = 0;
    for await (const row of file.readSheet(sheetIndex)) {
      if (headRows !== null && headRows.length < peekRows) headRows.push(row.cells);
      await take(normaliser.push(row.rowNumber, row.cells));
      read++;
      if (read % progressEvery === 0) options.onProgress?.(read);
    }
    const last = normaliser.end();
    await take(last);
    options.onProgress?.(read);
    // column letters of the caller's issues and notices, known once the header was matched
    const letterOf = (key: string | undefined) => {
      const index = key === undefined ? undefined : last.header?.columns[key];
      return index === undefined ? '' : columnLetter(index);
    };
    for (const { index, key } of byKey) {
      const issue = issues[index];
      if (issue) issue.column = letterOf(key);
    }
    for (const { columnKey, ...notice } of pendingNotices)
      notices.add({ ...notice, column: letterOf(columnKey) });
    return { sheet, issues, notices: notices.list() };
  } finally {
    await file.close();
  }
}
