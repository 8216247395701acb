/**
 * The error workbook a user downloads after a refused import, written at the zip level so that a
 * 20 MB upload costs a stream, not gigabytes (loading it into ExcelJS to restyle it took 42 s and
 * 2.7 GB for 20 MB): every part of the upload is copied as stored, and only what must change is
 * rewritten. Up to `rewriteLimit` bytes (20 MB) each bad cell is filled red (its sheet streamed through
 * `sheet-highlighter.ts`) and commented with the reason (a whole-row issue marks the row's first cell);
 * every workbook gets an error list sheet (错误清单) with each cell's address in A1 notation. Above
 * the limit the sheets are copied untouched and the error list is the guide. A CSV upload gets a
 * workbook holding the error list alone.
 */

import type { Writable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { AppError } from '@qunce/core';
import { columnIndex, type ImportIssue } from '@qunce/core/import';
import ExcelJS from 'exceljs';
import { neutraliseFormula } from './export-writer.ts';
import {
  type CellComment,
  commentsXml,
  createStylePatcher,
  unescapeXml,
  vmlDrawingXml,
  xmlText,
} from './highlight-parts.ts';
import { createSheetHighlighter } from './sheet-highlighter.ts';
import { openZip, type ZipSource } from './zip-reader.ts';
import { createZipWriter } from './zip-writer.ts';

export const errorListSheetName = '错误清单';
export const defaultRewriteLimit = 20 * 1024 * 1024;

/** Comments written per sheet at most; further bad cells are filled and listed only. */
export const maxCommentsPerSheet = 10_000;

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

type Relationship = { id: string; type: string; target: string };

function relationshipsOf(xml: string, folder: string): Relationship[] {
  return [...xml.matchAll(/<(?:\w+:)?Relationship\b([^>]*)>/g)].flatMap((m) => {
    const attributes = m[1] ?? '';
    const get = (name: string) => new RegExp(`\\b${name}="([^"]*)"`).exec(attributes)?.[1];
    const target = get('Target');
    if (target === undefined || get('TargetMode') === 'External') return [];
    return [
      { id: get('Id') ?? '', type: get('Type') ?? '', target: resolvePart(folder, unescapeXml(target)) },
    ];
  });
}

function resolvePart(folder: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = folder === '' ? [] : folder.split('/');
  for (const piece of target.split('/')) {
    if (piece === '..') parts.pop();
    else if (piece !== '.' && piece !== '') parts.push(piece);
  }
  return parts.join('/');
}

function relsPathOf(part: string): string {
  const slash = part.lastIndexOf('/');
  return `${slash < 0 ? '' : `${part.slice(0, slash)}/`}_rels/${part.slice(slash + 1)}.rels`;
}

/** Inserts `xml` before the closing tag of the root element named `root`. */
function insertBeforeClose(
  document: string,
  root: string,
  xml: (prefix: string) => string,
  part: string,
): string {
  const close = new RegExp(`<\\/(\\w+:)?${root}>`).exec(document);
  if (!close) throw malformed(part);
  return document.replace(close[0], `${xml(close[1] ?? '')}${close[0]}`);
}

type SheetPlan = {
  part: string;
  marks: Map<number, Set<number>>;
  comments: CellComment[];
  drawingRelId: string | null;
};

/**
 * Writes the upload with an error list sheet added and, when `highlight`, its bad cells filled and
 * commented. Memory holds the small parts (workbook, relationships, styles, content types), the
 * error list and one chunk of each sheet, never a whole sheet.
 */
export async function writePatchedWorkbook(
  output: Writable,
  upload: ZipSource,
  issues: readonly ImportIssue[],
  options: { highlight: boolean; fileName?: string },
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
      relationshipsOf(root.xml, '').find((r) => r.type.endsWith('/officeDocument'))?.target ??
      'xl/workbook.xml';
    const slash = workbookPath.lastIndexOf('/');
    const folder = slash < 0 ? '' : workbookPath.slice(0, slash);
    const workbook = await text(workbookPath);
    const rels = await text(relsPathOf(workbookPath));
    const workbookRels = relationshipsOf(rels.xml, folder);
    const types = await text('[Content_Types].xml');
    const patched = new Map<string, string>();
    const added = new Map<string, string>();
    let contentTypes = types.xml;
    const addOverride = (partPath: string, contentType: string) => {
      contentTypes = insertBeforeClose(
        contentTypes,
        'Types',
        (p) => `<${p}Override PartName="/${partPath}" ContentType="${contentType}"/>`,
        '[Content_Types].xml',
      );
    };

    const sheetTags = [...workbook.xml.matchAll(/<(?:\w+:)?sheet\b([^>]*)>/g)].map((m) => m[1] ?? '');
    const sheets = sheetTags.map((attributes) => ({
      name: unescapeXml(/\bname="([^"]*)"/.exec(attributes)?.[1] ?? ''),
      relId: /\b[\w.-]+:id="([^"]*)"/.exec(attributes)?.[1] ?? '',
    }));

    // Highlighting: marks and comments per sheet part, highlighted styles, comment parts.
    const plans = new Map<string, SheetPlan>();
    const stylesRel = workbookRels.find((r) => r.type.endsWith('/styles'));
    const stylesEntry = stylesRel ? zip.findEntry(stylesRel.target) : undefined;
    const styles =
      options.highlight && stylesEntry
        ? createStylePatcher((await zip.readEntry(stylesEntry)).toString('utf8'))
        : null;
    if (options.highlight) {
      for (const issue of issues) {
        if (issue.row === 0) continue;
        const sheet = sheets.find((s) => s.name === issue.sheet);
        const part = workbookRels.find((r) => r.id === sheet?.relId && r.type.endsWith('/worksheet'))?.target;
        if (!part || !zip.findEntry(part)) continue;
        const plan: SheetPlan = plans.get(part) ?? {
          part,
          marks: new Map(),
          comments: [],
          drawingRelId: null,
        };
        plans.set(part, plan);
        const column = issue.column === '' ? 0 : columnIndex(issue.column);
        const row = plan.marks.get(issue.row) ?? new Set<number>();
        row.add(column);
        plan.marks.set(issue.row, row);
        const text = issue.column === '' ? `整行 / whole row: ${issue.reason}` : issue.reason;
        const existing = plan.comments.find((c) => c.row === issue.row && c.column === column);
        if (existing) existing.text += `\n${text}`;
        else if (plan.comments.length < maxCommentsPerSheet)
          plan.comments.push({ row: issue.row, column, text });
      }
      let block = 1;
      let commentsNumber = 1;
      let hasVmlDefault = /Extension="vml"/i.test(contentTypes);
      for (const plan of plans.values()) {
        const sheetRelsPath = relsPathOf(plan.part);
        const sheetRelsEntry = zip.findEntry(sheetRelsPath);
        const sheetFolder = plan.part.slice(0, plan.part.lastIndexOf('/'));
        const sheetRelsXml = sheetRelsEntry
          ? (await zip.readEntry(sheetRelsEntry)).toString('utf8')
          : '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>';
        const sheetRels = relationshipsOf(sheetRelsXml, sheetFolder);
        // A sheet that already has comments keeps them: its bad cells are filled, not commented.
        if (sheetRels.some((r) => r.type.endsWith('/comments') || r.type.endsWith('/vmlDrawing'))) continue;
        if (plan.comments.length === 0) continue;
        while (
          zip.findEntry(`${folder}/comments${commentsNumber}.xml`) ||
          zip.findEntry(`${folder}/drawings/vmlDrawing${commentsNumber}.vml`)
        )
          commentsNumber++;
        const commentsPath = `${folder}/comments${commentsNumber}.xml`;
        const vmlPath = `${folder}/drawings/vmlDrawing${commentsNumber}.vml`;
        commentsNumber++;
        const vml = vmlDrawingXml(plan.comments, block);
        block += vml.blocks;
        added.set(commentsPath, commentsXml(plan.comments));
        added.set(vmlPath, vml.xml);
        plan.drawingRelId = 'rIdQunceVml';
        const relative = (path: string) => `../${path.slice(folder.length + 1)}`;
        const patchedSheetRels = insertBeforeClose(
          sheetRelsXml,
          'Relationships',
          (p) =>
            `<${p}Relationship Id="rIdQunceComments" Type="${relationshipsNs}/comments" Target="${relative(commentsPath)}"/>` +
            `<${p}Relationship Id="rIdQunceVml" Type="${relationshipsNs}/vmlDrawing" Target="${relative(vmlPath)}"/>`,
          sheetRelsPath,
        );
        if (sheetRelsEntry) patched.set(sheetRelsPath, patchedSheetRels);
        else added.set(sheetRelsPath, patchedSheetRels);
        addOverride(commentsPath, 'application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml');
        if (!hasVmlDefault) {
          contentTypes = insertBeforeClose(
            contentTypes,
            'Types',
            (p) =>
              `<${p}Default Extension="vml" ContentType="application/vnd.openxmlformats-officedocument.vmlDrawing"/>`,
            '[Content_Types].xml',
          );
          hasVmlDefault = true;
        }
      }
    }

    // The error list sheet.
    const sheetName = uniqueSheetName(
      sheets.map((s) => s.name),
      errorListSheetName,
    );
    const sheetId =
      Math.max(0, ...[...workbook.xml.matchAll(/\bsheetId="(\d+)"/g)].map((m) => Number(m[1]))) + 1;
    let relId = 'rIdQunceErrors';
    while (workbookRels.some((r) => r.id === relId)) relId += 'X';
    // sheetN.xml after the last one: some readers (ExcelJS) find sheets by that name, not by relationship.
    const sheetNumbers = [...zip.entries.keys()].map((name) =>
      Number(/worksheets\/sheet(\d+)\.xml$/i.exec(name)?.[1]),
    );
    const partName = `worksheets/sheet${Math.max(0, ...sheetNumbers.filter(Number.isFinite)) + 1}.xml`;
    const partPath = folder === '' ? partName : `${folder}/${partName}`;
    const relPrefix = new RegExp(`xmlns:([\\w.-]+)="${relationshipsNs}"`).exec(workbook.xml)?.[1];
    const idAttribute = relPrefix
      ? `${relPrefix}:id="${relId}"`
      : `xmlns:qr="${relationshipsNs}" qr:id="${relId}"`;
    patched.set(
      workbook.entry.name,
      insertBeforeClose(
        workbook.xml,
        'sheets',
        (p) => `<${p}sheet name="${xmlText(sheetName)}" sheetId="${sheetId}" ${idAttribute}/>`,
        workbookPath,
      ),
    );
    patched.set(
      rels.entry.name,
      insertBeforeClose(
        rels.xml,
        'Relationships',
        (p) => `<${p}Relationship Id="${relId}" Type="${worksheetType}" Target="${partName}"/>`,
        rels.entry.name,
      ),
    );
    addOverride(partPath, worksheetContentType);
    added.set(
      partPath,
      errorSheetXml(issues, options.highlight ? undefined : options.fileName).toString('utf8'),
    );

    const writer = createZipWriter(output);
    for (const entry of zip.entries.values()) {
      const plan = plans.get(entry.name);
      if (entry.name === types.entry.name || (styles && entry === stylesEntry)) continue; // written last
      const replacement = patched.get(entry.name);
      if (replacement !== undefined) await writer.addFile(entry.name, Buffer.from(replacement, 'utf8'));
      else if (plan && styles) {
        const highlighter = createSheetHighlighter({
          marks: plan.marks,
          styleFor: (original) => styles.styleFor(original),
          legacyDrawingRelId: plan.drawingRelId,
        });
        const decoder = new StringDecoder('utf8');
        const rewritten = async function* () {
          for await (const chunk of zip.openEntry(entry))
            yield Buffer.from(highlighter.write(decoder.write(chunk)), 'utf8');
          yield Buffer.from(highlighter.write(decoder.end()) + highlighter.end(), 'utf8');
        };
        await writer.addStream(entry.name, rewritten());
      } else await writer.addStored(entry, zip.openRawEntry(entry));
    }
    if (styles && stylesEntry) await writer.addFile(stylesEntry.name, Buffer.from(styles.patch(), 'utf8'));
    for (const [name, xml] of added) await writer.addFile(name, Buffer.from(xml, 'utf8'));
    await writer.addFile(types.entry.name, Buffer.from(contentTypes, 'utf8'));
    await writer.finish();
    output.end();
  } finally {
    await zip.close();
  }
}

/**
 * The error workbook for an upload: an .xlsx comes back with an error list sheet and, up to
 * `rewriteLimit` bytes, its bad cells filled and commented; a CSV gets the error list alone.
 */
export async function writeErrorWorkbook(
  output: Writable,
  input: {
    upload: ZipSource;
    kind: 'xlsx' | 'csv';
    issues: readonly ImportIssue[];
    fileName?: string;
    /** Size of the upload in bytes, when it is a file on disk. */
    size?: number;
    rewriteLimit?: number;
  },
): Promise<'highlighted' | 'error-sheet' | 'list'> {
  if (input.kind === 'csv') {
    await writeErrorListWorkbook(output, input.issues, { fileName: input.fileName });
    return 'list';
  }
  const size = Buffer.isBuffer(input.upload) ? input.upload.length : (input.size ?? Number.POSITIVE_INFINITY);
  const highlight = size <= (input.rewriteLimit ?? defaultRewriteLimit);
  await writePatchedWorkbook(output, input.upload, input.issues, { highlight, fileName: input.fileName });
  return highlight ? 'highlighted' : 'error-sheet';
}
