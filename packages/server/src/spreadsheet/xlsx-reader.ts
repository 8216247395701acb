/**
 * Streaming .xlsx reader: a zip opened by its central directory (zip-reader.ts) and a SAX parser
 * (saxes) over each inflated part. Workbook, relationships, styles and shared strings are read first
 * whatever their order in the archive; a sheet is then streamed row by row, so memory holds the shared
 * strings and one chunk of rows, never the sheet. See docs/adr/0006-xlsx-reading.md for why not
 * ExcelJS's WorkbookReader.
 */
import { StringDecoder } from 'node:string_decoder';
import { AppError } from '@qunce/core';
import { columnIndex } from '@qunce/core/import';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { isDateFormat, serialToDate } from './number-format.ts';
import {
  defaultZipLimits,
  openZip,
  type ZipArchive,
  type ZipEntry,
  type ZipLimits,
  type ZipSource,
} from './zip-reader.ts';

/** A cell as the reader hands it over: formulas give their cached value, rich text its plain text. */
export type SheetCell = string | number | boolean | Date | null;

/** One row: `rowNumber` as Excel shows it (1-based), `cells[0]` is column A. */
export type SheetRow = { rowNumber: number; cells: SheetCell[] };

export type SheetInfo = {
  name: string;
  /** 0-based position in the workbook's tab order. */
  index: number;
  state: 'visible' | 'hidden' | 'veryHidden';
  /** Part name inside the zip (xl/worksheets/sheet1.xml). */
  part: string;
};

export type SheetStream = AsyncIterable<SheetRow> & {
  /** Merged ranges ("A1:E1") of the sheet, complete once its rows have all been read. */
  readonly mergedRanges: readonly string[];
};

export type XlsxWorkbook = {
  sheets: readonly SheetInfo[];
  /** Workbook uses the 1904 date system (old Mac files). */
  date1904: boolean;
  /** Streams the rows of a sheet by name or 0-based index; empty rows are skipped. */
  readSheet(sheet: string | number): SheetStream;
  /** Inflated bytes so far (zip-bomb accounting). */
  uncompressedBytes(): number;
  close(): Promise<void>;
};

export type XlsxReadOptions = { zipLimits?: ZipLimits };

const notAWorkbook = (reason: string) =>
  new AppError(
    'invalid_input',
    `文件不是 Excel 工作簿（${reason}），请上传 .xlsx 文件 / not an Excel workbook (${reason}): upload an .xlsx file`,
    { reason: 'not_a_workbook' },
  );

function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

function attribute(tag: SaxesTagPlain, name: string): string | undefined {
  return tag.attributes[name];
}

/** An attribute whatever its namespace prefix (r:id, or another prefix bound to the same namespace). */
function prefixedAttribute(tag: SaxesTagPlain, name: string): string | undefined {
  const direct = tag.attributes[name];
  if (direct !== undefined) return direct;
  for (const [key, value] of Object.entries(tag.attributes)) if (localName(key) === name) return value;
  return undefined;
}

type XmlHandlers = {
  open?: (name: string, tag: SaxesTagPlain) => void;
  close?: (name: string) => void;
  text?: (text: string) => void;
};

function createParser(part: string, handlers: XmlHandlers): SaxesParser {
  const parser = new SaxesParser({ xmlns: false, position: false });
  const { open, close, text } = handlers;
  if (open) parser.on('opentag', (tag) => open(localName(tag.name), tag as SaxesTagPlain));
  if (close) parser.on('closetag', (tag) => close(localName(tag.name)));
  if (text) {
    parser.on('text', text);
    parser.on('cdata', text);
  }
  parser.on('error', (error) => {
    throw notAWorkbook(`${part}: ${error.message}`);
  });
  return parser;
}

async function parsePart(zip: ZipArchive, entry: ZipEntry, handlers: XmlHandlers): Promise<void> {
  const parser = createParser(entry.name, handlers);
  const decoder = new StringDecoder('utf8');
  for await (const chunk of zip.openEntry(entry)) parser.write(decoder.write(chunk));
  parser.write(decoder.end());
  parser.close();
}

/** Resolves a relationship target against the folder of the part that owns it. */
function resolveTarget(baseFolder: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = baseFolder === '' ? [] : baseFolder.split('/');
  for (const piece of target.split('/')) {
    if (piece === '..') parts.pop();
    else if (piece !== '.' && piece !== '') parts.push(piece);
  }
  return parts.join('/');
}

async function readRelationships(zip: ZipArchive, relsPart: string, baseFolder: string) {
  const entry = zip.findEntry(relsPart);
  const rels: { id: string; type: string; target: string }[] = [];
  if (!entry) return rels;
  await parsePart(zip, entry, {
    open: (name, tag) => {
      if (name !== 'Relationship') return;
      const target = attribute(tag, 'Target');
      if (attribute(tag, 'TargetMode') === 'External' || target === undefined) return;
      rels.push({
        id: attribute(tag, 'Id') ?? '',
        type: attribute(tag, 'Type') ?? '',
        target: resolveTarget(baseFolder, target),
      });
    },
  });
  return rels;
}

/** Rich text runs joined; phonetic guides (<rPh>) are not part of the text. */
function collectText(onItem: (text: string) => void, itemTag: string): XmlHandlers {
  let inItem = false;
  let inText = false;
  let phonetic = 0;
  let text = '';
  return {
    open: (name) => {
      if (name === itemTag) {
        inItem = true;
        text = '';
      } else if (name === 'rPh') phonetic++;
      else if (name === 't' && inItem && phonetic === 0) inText = true;
    },
    close: (name) => {
      if (name === itemTag) {
        inItem = false;
        onItem(text);
      } else if (name === 'rPh') phonetic--;
      else if (name === 't') inText = false;
    },
    text: (value) => {
      if (inText) text += value;
    },
  };
}

/** Opens an .xlsx from memory or from a file; throws `invalid_input` when it is not a workbook. */
export async function openXlsx(source: ZipSource, options: XlsxReadOptions = {}): Promise<XlsxWorkbook> {
  const zip = await openZip(source, options.zipLimits ?? defaultZipLimits);
  try {
    return await readWorkbook(zip);
  } catch (error) {
    await zip.close();
    throw error;
  }
}

async function readWorkbook(zip: ZipArchive): Promise<XlsxWorkbook> {
  const rootRels = await readRelationships(zip, '_rels/.rels', '');
  const workbookPart =
    rootRels.find((rel) => rel.type.endsWith('/officeDocument'))?.target ?? 'xl/workbook.xml';
  const workbookEntry = zip.findEntry(workbookPart);
  if (!workbookEntry) throw notAWorkbook('没有 workbook.xml / no workbook.xml');
  const folder = workbookPart.includes('/') ? workbookPart.slice(0, workbookPart.lastIndexOf('/')) : '';
  const relsPart = `${folder === '' ? '' : `${folder}/`}_rels/${workbookPart.slice(folder.length === 0 ? 0 : folder.length + 1)}.rels`;
  const rels = await readRelationships(zip, relsPart, folder);

  const declared: { name: string; relId: string; state: SheetInfo['state'] }[] = [];
  let date1904 = false;
  await parsePart(zip, workbookEntry, {
    open: (name, tag) => {
      if (name === 'workbookPr') {
        const value = attribute(tag, 'date1904');
        date1904 = value === '1' || value === 'true';
      } else if (name === 'sheet') {
        const state = attribute(tag, 'state');
        declared.push({
          name: attribute(tag, 'name') ?? '',
          relId: prefixedAttribute(tag, 'id') ?? '',
          state: state === 'hidden' || state === 'veryHidden' ? state : 'visible',
        });
      }
    },
  });
  const sheets: SheetInfo[] = [];
  for (const sheet of declared) {
    const rel = rels.find((r) => r.id === sheet.relId);
    // Chart sheets and dialog sheets have no cells.
    if (!rel?.type.endsWith('/worksheet')) continue;
    sheets.push({ name: sheet.name, index: sheets.length, state: sheet.state, part: rel.target });
  }
  if (sheets.length === 0) throw notAWorkbook('没有工作表 / no worksheet');

  const dateStyles: boolean[] = [];
  const stylesPart = rels.find((rel) => rel.type.endsWith('/styles'))?.target;
  const stylesEntry = stylesPart ? zip.findEntry(stylesPart) : undefined;
  if (stylesEntry) {
    const customCodes = new Map<number, string>();
    const xfFormats: number[] = [];
    let inCellXfs = false;
    await parsePart(zip, stylesEntry, {
      open: (name, tag) => {
        if (name === 'numFmt')
          customCodes.set(Number(attribute(tag, 'numFmtId')), attribute(tag, 'formatCode') ?? '');
        else if (name === 'cellXfs') inCellXfs = true;
        else if (name === 'xf' && inCellXfs) xfFormats.push(Number(attribute(tag, 'numFmtId') ?? 0));
      },
      close: (name) => {
        if (name === 'cellXfs') inCellXfs = false;
      },
    });
    for (const id of xfFormats) dateStyles.push(isDateFormat(id, customCodes));
  }

  const sharedStrings: string[] = [];
  const stringsPart = rels.find((rel) => rel.type.endsWith('/sharedStrings'))?.target;
  const stringsEntry = stringsPart ? zip.findEntry(stringsPart) : undefined;
  if (stringsEntry)
    await parsePart(
      zip,
      stringsEntry,
      collectText((text) => sharedStrings.push(text), 'si'),
    );

  const findSheet = (sheet: string | number): SheetInfo => {
    const found = typeof sheet === 'number' ? sheets[sheet] : sheets.find((s) => s.name === sheet);
    if (!found)
      throw new AppError('not_found', `工作表不存在：${sheet} / no such sheet: ${sheet}`, { sheet });
    return found;
  };

  return {
    sheets,
    date1904,
    readSheet: (sheet) => {
      const info = findSheet(sheet);
      const entry = zip.findEntry(info.part);
      const mergedRanges: string[] = [];
      return {
        mergedRanges,
        [Symbol.asyncIterator]: () => {
          if (!entry) throw notAWorkbook(`缺少 ${info.part} / missing ${info.part}`);
          return streamSheet(zip, entry, { sharedStrings, dateStyles, date1904, mergedRanges });
        },
      };
    },
    uncompressedBytes: () => zip.uncompressedBytes(),
    close: () => zip.close(),
  };
}

type SheetContext = {
  sharedStrings: readonly string[];
  dateStyles: readonly boolean[];
  date1904: boolean;
  mergedRanges: string[];
};

/** Column index of a cell reference ("AB12" → 27); -1 when it has none. */
function referenceColumn(reference: string | undefined): number {
  if (!reference) return -1;
  let end = 0;
  while (end < reference.length) {
    const code = reference.charCodeAt(end);
    if (code < 65 || code > 90) break;
    end++;
  }
  return end === 0 ? -1 : columnIndex(reference.slice(0, end));
}

async function* streamSheet(
  zip: ZipArchive,
  entry: ZipEntry,
  context: SheetContext,
): AsyncGenerator<SheetRow> {
  const { sharedStrings, dateStyles, date1904, mergedRanges } = context;
  let ready: SheetRow[] = [];
  let rowNumber = 0;
  let cells: SheetCell[] = [];
  let hasValue = false;
  let column = -1;
  let type = 'n';
  let isDate = false;
  let inValue = false;
  let inInline = false;
  let inInlineText = false;
  let phonetic = 0;
  let text = '';

  const cellValue = (): SheetCell => {
    switch (type) {
      case 's': {
        const shared = sharedStrings[Number(text)];
        return shared === undefined || shared === '' ? null : shared;
      }
      case 'inlineStr':
      case 'str':
      case 'e':
        return text === '' ? null : text;
      case 'b':
        return text === '' ? null : text === '1' || text === 'true';
      case 'd': {
        if (text === '') return null;
        const date = new Date(text.length === 10 ? `${text}T00:00:00Z` : text);
        return Number.isNaN(date.getTime()) ? text : date;
      }
      default: {
        if (text.trim() === '') return null;
        const value = Number(text);
        if (!Number.isFinite(value)) return text;
        return isDate ? serialToDate(value, date1904) : value;
      }
    }
  };

  const parser = createParser(entry.name, {
    open: (name, tag) => {
      switch (name) {
        case 'row': {
          const r = Number(attribute(tag, 'r'));
          rowNumber = Number.isInteger(r) && r > 0 ? r : rowNumber + 1;
          cells = [];
          hasValue = false;
          column = -1;
          break;
        }
        case 'c': {
          const reference = referenceColumn(attribute(tag, 'r'));
          column = reference >= 0 ? reference : column + 1;
          type = attribute(tag, 't') ?? 'n';
          const style = attribute(tag, 's');
          isDate = style !== undefined && dateStyles[Number(style)] === true;
          text = '';
          break;
        }
        case 'v':
          inValue = true;
          break;
        case 'is':
          inInline = true;
          break;
        case 'rPh':
          phonetic++;
          break;
        case 't':
          if (inInline && phonetic === 0) inInlineText = true;
          break;
        case 'mergeCell': {
          const ref = attribute(tag, 'ref');
          if (ref) mergedRanges.push(ref);
          break;
        }
      }
    },
    close: (name) => {
      switch (name) {
        case 'c': {
          const value = cellValue();
          if (value !== null) {
            while (cells.length < column) cells.push(null);
            cells[column] = value;
            hasValue = true;
          }
          break;
        }
        case 'row':
          if (hasValue) ready.push({ rowNumber, cells });
          break;
        case 'v':
          inValue = false;
          break;
        case 'is':
          inInline = false;
          break;
        case 'rPh':
          phonetic--;
          break;
        case 't':
          inInlineText = false;
          break;
      }
    },
    text: (value) => {
      if (inValue || inInlineText) text += value;
    },
  });

  const decoder = new StringDecoder('utf8');
  for await (const chunk of zip.openEntry(entry)) {
    parser.write(decoder.write(chunk));
    if (ready.length > 0) {
      const rows = ready;
      ready = [];
      yield* rows;
    }
  }
  parser.write(decoder.end());
  parser.close();
  yield* ready;
}

/**
 * The first `count` non-empty rows of every sheet, for choosing the data sheet and finding its header
 * row (core's `chooseDataSheet`) before streaming the chosen sheet.
 */
export async function peekSheets(
  workbook: XlsxWorkbook,
  count: number,
): Promise<{ name: string; rows: SheetCell[][]; rowNumbers: number[] }[]> {
  const out: { name: string; rows: SheetCell[][]; rowNumbers: number[] }[] = [];
  for (const sheet of workbook.sheets) {
    const rows: SheetCell[][] = [];
    const rowNumbers: number[] = [];
    if (count > 0) {
      for await (const row of workbook.readSheet(sheet.index)) {
        rows.push(row.cells);
        rowNumbers.push(row.rowNumber);
        if (rows.length >= count) break;
      }
    }
    out.push({ name: sheet.name, rows, rowNumbers });
  }
  return out;
}
