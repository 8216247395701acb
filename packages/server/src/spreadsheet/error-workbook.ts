/**
 * The error workbook a user downloads after a refused import. Up to `rewriteLimit` bytes (20 MB),
 * the uploaded workbook itself comes back with every bad cell filled red and a note giving the
 * reason (a whole-row issue marks the row's first cell), plus an error list sheet (错误清单). Above
 * that, loading the upload into memory to restyle it would cost gigabytes, so a separate workbook
 * holds only the error list with each cell's address in A1 notation, written by the streaming writer.
 */
import type { Writable } from 'node:stream';
import type { ImportIssue } from '@qunce/core/import';
import ExcelJS from 'exceljs';
import { neutraliseFormula } from './export-writer.ts';

export const errorListSheetName = '错误清单';
export const defaultRewriteLimit = 20 * 1024 * 1024;

const errorFill: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFC7CE' } };
const errorFont: Partial<ExcelJS.Font> = { color: { argb: 'FF9C0006' } };

const listColumns = [
  { header: '工作表 / sheet', key: 'sheet', width: 16 },
  { header: '单元格 / cell', key: 'cell', width: 12 },
  { header: '行 / row', key: 'row', width: 8 },
  { header: '列 / column', key: 'column', width: 8 },
  { header: '表头 / header', key: 'header', width: 20 },
  { header: '填写的值 / value', key: 'value', width: 24 },
  { header: '原因 / reason', key: 'reason', width: 70 },
];

/** A1 address of an issue: C5 for a cell, 5:5 for a whole row, "" for the whole sheet. */
export function issueAddress(issue: ImportIssue): string {
  if (issue.row === 0) return '';
  return issue.column === '' ? `${issue.row}:${issue.row}` : `${issue.column}${issue.row}`;
}

function listRow(issue: ImportIssue) {
  return {
    sheet: issue.sheet,
    cell: issueAddress(issue),
    row: issue.row === 0 ? null : issue.row,
    column: issue.column,
    header: neutraliseFormula(issue.header ?? ''),
    value: neutraliseFormula(issue.value ?? ''),
    reason: issue.reason,
  };
}

function uniqueSheetName(existing: readonly string[], wanted: string): string {
  let name = wanted;
  for (let i = 2; existing.includes(name); i++) name = `${wanted}${i}`;
  return name;
}

/**
 * The uploaded .xlsx with its bad cells highlighted and commented, and an error list sheet first.
 * Issues naming a sheet the workbook does not have (a CSV upload) are listed only.
 */
export async function writeHighlightedWorkbook(
  upload: Buffer,
  issues: readonly ImportIssue[],
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(upload as unknown as ArrayBuffer);
  const byCell = new Map<string, { sheet: string; address: string; reasons: string[] }>();
  for (const issue of issues) {
    if (issue.row === 0) continue;
    const address = `${issue.column === '' ? 'A' : issue.column}${issue.row}`;
    const key = `${issue.sheet}\u0000${address}`;
    const entry = byCell.get(key) ?? { sheet: issue.sheet, address, reasons: [] };
    entry.reasons.push(issue.column === '' ? `整行 / whole row: ${issue.reason}` : issue.reason);
    byCell.set(key, entry);
  }
  for (const { sheet: sheetName, address, reasons } of byCell.values()) {
    const sheet = workbook.getWorksheet(sheetName);
    if (!sheet) continue;
    const cell = sheet.getCell(address);
    cell.fill = errorFill;
    cell.font = { ...cell.font, ...errorFont };
    cell.note = reasons.join('\n');
  }
  const names = workbook.worksheets.map((w) => w.name);
  const list = workbook.addWorksheet(uniqueSheetName(names, errorListSheetName), {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  list.columns = listColumns;
  list.getRow(1).font = { bold: true };
  for (const issue of issues) list.addRow(listRow(issue));
  // Open on the error list.
  workbook.views = [
    {
      x: 0,
      y: 0,
      width: 10000,
      height: 20000,
      firstSheet: 0,
      activeTab: workbook.worksheets.length - 1,
      visibility: 'visible',
    },
  ];
  const bytes = await workbook.xlsx.writeBuffer();
  return Buffer.from(bytes as ArrayBuffer);
}

/** A workbook holding only the error list (cell addresses in A1 notation), streamed to `output`. */
export async function writeErrorListWorkbook(
  output: Writable,
  issues: Iterable<ImportIssue> | AsyncIterable<ImportIssue>,
  options: { fileName?: string } = {},
): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: output,
    useStyles: true,
    useSharedStrings: false,
  });
  workbook.creator = 'Qunce 群策';
  const list = workbook.addWorksheet(errorListSheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  list.columns = listColumns;
  list.getRow(1).font = { bold: true };
  list.getRow(1).commit();
  for await (const issue of issues) list.addRow(listRow(issue)).commit();
  if (options.fileName) {
    list.addRow([]).commit();
    list
      .addRow([
        `文件较大，错误未标注在原文件中，请按单元格地址在“${options.fileName}”中修改 / the file is large: find each cell by its address in "${options.fileName}"`,
      ])
      .commit();
  }
  list.commit();
  await workbook.commit();
}

/**
 * The error workbook for an upload: the highlighted workbook when the upload is an .xlsx of at most
 * `rewriteLimit` bytes, the error list alone otherwise (large files and CSV uploads).
 */
export async function writeErrorWorkbook(
  output: Writable,
  input: {
    upload: Buffer;
    kind: 'xlsx' | 'csv';
    issues: readonly ImportIssue[];
    fileName?: string;
    rewriteLimit?: number;
  },
): Promise<'highlighted' | 'list'> {
  if (input.kind === 'xlsx' && input.upload.length <= (input.rewriteLimit ?? defaultRewriteLimit)) {
    const bytes = await writeHighlightedWorkbook(input.upload, input.issues);
    output.end(bytes);
    return 'highlighted';
  }
  await writeErrorListWorkbook(output, input.issues, { fileName: input.fileName });
  return 'list';
}
