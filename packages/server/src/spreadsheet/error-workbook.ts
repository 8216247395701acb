/**
 * The error workbook a user downloads after a refused import. Up to `rewriteLimit` bytes (20 MB),
 * the uploaded workbook itself comes back with every bad cell filled red and a note giving the
 * reason (a whole-row issue marks the row's first cell), plus an error list sheet (错误清单). Above
 * that, loading the upload into memory to restyle it would cost gigabytes, so the upload's zip entries
 * are copied as they are stored (never inflated) and one sheet is added: the error list with each
 * cell's address in A1 notation. A CSV upload gets a workbook holding the error list alone.
 */
import type { Writable } from 'node:stream';
import { AppError } from '@qunce/core';
import type { ImportIssue } from '@qunce/core/import';
import ExcelJS from 'exceljs';
import { neutraliseFormula } from './export-writer.ts';
import { openZip, type ZipSource } from './zip-reader.ts';
import { createZipWriter } from './zip-writer.ts';

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

const relationshipsNs = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const worksheetType = `${relationshipsNs}/worksheet`;
const worksheetContentType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml';

/** XML text: escaped, without the control characters XML 1.0 forbids. */
function xmlText(text: string): string {
  let kept = '';
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    const forbidden =
      (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0xfffe || code === 0xffff;
    if (!forbidden) kept += ch;
  }
  return kept.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function errorSheetXml(issues: readonly ImportIssue[], fileName: string | undefined): Buffer {
  const cell = (ref: string, value: string | number | null) =>
    value === null || value === ''
      ? ''
      : typeof value === 'number'
        ? `<c r="${ref}"><v>${value}</v></c>`
        : `<c r="${ref}" t="inlineStr"><is><t xml:space="preserve">${xmlText(value)}</t></is></c>`;
  const letters = ['A', 'B', 'C', 'D', 'E', 'F', 'G'];
  const row = (r: number, values: readonly (string | number | null)[]) =>
    `<row r="${r}">${values.map((v, i) => cell(`${letters[i]}${r}`, v)).join('')}</row>`;
  const rows = [
    row(
      1,
      listColumns.map((c) => c.header),
    ),
  ];
  issues.forEach((issue, i) => {
    const l = listRow(issue);
    rows.push(row(i + 2, [l.sheet, l.cell, l.row, l.column, l.header, l.value, l.reason]));
  });
  if (fileName) {
    rows.push(
      row(issues.length + 3, [
        `文件较大，错误未逐格标注，请按单元格地址修改 / the file is large: find each cell by its address in "${fileName}"`,
      ]),
    );
  }
  const cols = listColumns.map(
    (c, i) => `<col min="${i + 1}" max="${i + 1}" width="${c.width}" customWidth="1"/>`,
  );
  return Buffer.from(
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
      '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
      '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>' +
      `<cols>${cols.join('')}</cols><sheetData>${rows.join('')}</sheetData></worksheet>`,
    'utf8',
  );
}

function malformed(part: string): AppError {
  return new AppError(
    'invalid_input',
    `工作簿结构无法识别（${part}） / unrecognised workbook structure (${part})`,
    {
      reason: 'not_a_workbook',
    },
  );
}

/**
 * The upload with an error list sheet added, without inflating or rewriting its own parts: every
 * entry is copied as stored except the workbook, its relationships and the content types, which gain
 * the new sheet. Memory holds those three small parts and the error list, never the sheets.
 */
export async function writeWorkbookWithErrorSheet(
  output: Writable,
  upload: ZipSource,
  issues: readonly ImportIssue[],
  options: { fileName?: string } = {},
): Promise<void> {
  const zip = await openZip(upload);
  try {
    const text = async (name: string) => {
      const entry = zip.findEntry(name);
      if (!entry) throw malformed(name);
      return { entry, xml: (await zip.readEntry(entry)).toString('utf8') };
    };
    const root = await text('_rels/.rels');
    const workbookPath =
      /<(?:\w+:)?Relationship\b[^>]*Type="[^"]*\/officeDocument"[^>]*Target="\/?([^"]+)"/.exec(
        root.xml,
      )?.[1] ??
      /<(?:\w+:)?Relationship\b[^>]*Target="\/?([^"]+)"[^>]*Type="[^"]*\/officeDocument"/.exec(
        root.xml,
      )?.[1] ??
      'xl/workbook.xml';
    const slash = workbookPath.lastIndexOf('/');
    const folder = slash < 0 ? '' : workbookPath.slice(0, slash);
    const workbook = await text(workbookPath);
    const rels = await text(
      `${folder === '' ? '' : `${folder}/`}_rels/${workbookPath.slice(slash + 1)}.rels`,
    );
    const types = await text('[Content_Types].xml');

    const names = [...workbook.xml.matchAll(/<(?:\w+:)?sheet\b[^>]*\bname="([^"]*)"/g)].map(
      (m) => m[1] ?? '',
    );
    const sheetName = uniqueSheetName(names, errorListSheetName);
    const sheetId =
      Math.max(0, ...[...workbook.xml.matchAll(/\bsheetId="(\d+)"/g)].map((m) => Number(m[1]))) + 1;
    let relId = 'rIdQunceErrors';
    while (rels.xml.includes(`Id="${relId}"`)) relId += 'X';
    // sheetN.xml after the last one: some readers (ExcelJS) find sheets by that name, not by relationship.
    const sheetNumbers = [...zip.entries.keys()].map((name) =>
      Number(/worksheets\/sheet(\d+)\.xml$/i.exec(name)?.[1]),
    );
    const partName = `worksheets/sheet${Math.max(0, ...sheetNumbers.filter(Number.isFinite)) + 1}.xml`;
    const partPath = folder === '' ? partName : `${folder}/${partName}`;

    const sheetsClose = /<\/(\w+:)?sheets>/.exec(workbook.xml);
    if (!sheetsClose) throw malformed(workbookPath);
    const prefix = sheetsClose[1] ?? '';
    const relPrefix = new RegExp(`xmlns:(\\w+)="${relationshipsNs}"`).exec(workbook.xml)?.[1];
    const idAttribute = relPrefix
      ? `${relPrefix}:id="${relId}"`
      : `xmlns:qr="${relationshipsNs}" qr:id="${relId}"`;
    const sheetXml = `<${prefix}sheet name="${xmlText(sheetName)}" sheetId="${sheetId}" ${idAttribute}/>`;
    const patchedWorkbook = workbook.xml.replace(sheetsClose[0], `${sheetXml}${sheetsClose[0]}`);

    const relsClose = /<\/(\w+:)?Relationships>/.exec(rels.xml);
    if (!relsClose) throw malformed(rels.entry.name);
    const relXml = `<${relsClose[1] ?? ''}Relationship Id="${relId}" Type="${worksheetType}" Target="${partName}"/>`;
    const patchedRels = rels.xml.replace(relsClose[0], `${relXml}${relsClose[0]}`);

    const typesClose = /<\/(\w+:)?Types>/.exec(types.xml);
    if (!typesClose) throw malformed('[Content_Types].xml');
    const typeXml = `<${typesClose[1] ?? ''}Override PartName="/${partPath}" ContentType="${worksheetContentType}"/>`;
    const patchedTypes = types.xml.replace(typesClose[0], `${typeXml}${typesClose[0]}`);

    const patched = new Map([
      [workbook.entry.name, patchedWorkbook],
      [rels.entry.name, patchedRels],
      [types.entry.name, patchedTypes],
    ]);
    const writer = createZipWriter(output);
    for (const entry of zip.entries.values()) {
      const replacement = patched.get(entry.name);
      if (replacement !== undefined) await writer.addFile(entry.name, Buffer.from(replacement, 'utf8'));
      else await writer.addStored(entry, zip.openRawEntry(entry));
    }
    await writer.addFile(partPath, errorSheetXml(issues, options.fileName));
    await writer.finish();
    output.end();
  } finally {
    await zip.close();
  }
}

/**
 * The error workbook for an upload: the highlighted workbook when the upload is an .xlsx of at most
 * `rewriteLimit` bytes; above it, the upload with an error list sheet added; for a CSV, the error
 * list alone.
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
): Promise<'highlighted' | 'error-sheet' | 'list'> {
  if (input.kind === 'csv') {
    await writeErrorListWorkbook(output, input.issues, { fileName: input.fileName });
    return 'list';
  }
  if (input.upload.length <= (input.rewriteLimit ?? defaultRewriteLimit)) {
    const bytes = await writeHighlightedWorkbook(input.upload, input.issues);
    output.end(bytes);
    return 'highlighted';
  }
  await writeWorkbookWithErrorSheet(output, input.upload, input.issues, { fileName: input.fileName });
  return 'error-sheet';
}
