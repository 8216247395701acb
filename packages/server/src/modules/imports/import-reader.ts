/**
 * The reading half of every registry import: open the upload (refusals as `AppError`), pick the data
 * sheet when an instruction sheet comes first, stream its rows through core's sheet normaliser, and
 * hand each record to the kind's own checks. Issues and a summary of normalisations are collected as
 * data; memory holds only what the caller keeps from each record.
 */
import {
  type ColumnSpec,
  chooseDataSheet,
  columnLetter,
  createNoticeSummary,
  createSheetNormaliser,
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
};

export type ReadResult = { sheet: string; issues: ImportIssue[]; notices: NoticeSummary[] };

export async function readImportSheet(
  source: ZipSource,
  options: ReadOptions,
  columns: readonly ColumnSpec[],
  visit: (record: SheetRecord, context: RecordContext) => void,
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
    const normaliser = createSheetNormaliser({ sheet, columns, date1904: file.date1904 });
    const context: RecordContext = {
      sheet,
      issue: ({ columnKey, column, ...issue }) => {
        if (columnKey !== undefined) byKey.push({ index: issues.length, key: columnKey });
        issues.push({ ...issue, sheet, column: column ?? '' });
      },
      notice: (notice) => pendingNotices.push({ ...notice, sheet, column: '' }),
    };
    const take = (chunk: ReturnType<typeof normaliser.push>) => {
      issues.push(...chunk.issues);
      for (const notice of chunk.notices) notices.add(notice);
      for (const record of chunk.records) visit(record, context);
    };
    let read = 0;
    for await (const row of file.readSheet(sheetIndex)) {
      take(normaliser.push(row.rowNumber, row.cells));
      read++;
      if (read % progressEvery === 0) options.onProgress?.(read);
    }
    const last = normaliser.end();
    take(last);
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
