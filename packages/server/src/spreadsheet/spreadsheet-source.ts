/**
 * One way to read an upload whatever it is: `openSpreadsheet` checks it (size, kind), then opens an
 * .xlsx with the streaming reader or a CSV/TSV with the CSV reader, and gives both the same shape:
 * sheets in tab order and rows of cells. A CSV is one sheet named "" (as `ImportIssue.sheet` expects),
 * its cells are strings, and an empty field is null as an empty workbook cell is.
 */
import { open } from 'node:fs/promises';
import { type CsvReadOptions, openCsv } from './csv-reader.ts';
import { checkSpreadsheetUpload, type SpreadsheetKind } from './upload-check.ts';
import { openXlsx, type SheetInfo, type SheetRow, type SheetStream } from './xlsx-reader.ts';
import type { ZipLimits, ZipSource } from './zip-reader.ts';

export type SpreadsheetSource = {
  kind: SpreadsheetKind;
  sheets: readonly Pick<SheetInfo, 'name' | 'index' | 'state'>[];
  date1904: boolean;
  /** Rows of a sheet by name or 0-based index; a CSV has the one sheet "" (index 0). */
  readSheet(sheet: string | number): SheetStream;
  /** CSV only, known once rows have been read: the encoding and delimiter found. */
  csvFormat(): { encoding: string; delimiter: string } | null;
  close(): Promise<void>;
};

export type OpenSpreadsheetOptions = {
  /** Original file name: a text file named .xlsx is refused rather than read as CSV. */
  fileName?: string;
  /** Largest accepted upload in bytes (config.uploadLimit; default 50 MB). */
  limit?: number;
  zipLimits?: ZipLimits;
  csv?: CsvReadOptions;
};

async function headOf(source: ZipSource): Promise<{ bytes: Uint8Array; size: number }> {
  if (Buffer.isBuffer(source)) return { bytes: source, size: source.length };
  const handle = await open(source.path, 'r');
  try {
    const { size } = await handle.stat();
    const bytes = Buffer.alloc(Math.min(size, 64 * 1024));
    await handle.read(bytes, 0, bytes.length, 0);
    return { bytes, size };
  } finally {
    await handle.close();
  }
}

/** Checks and opens an upload; throws the upload check's or the reader's `AppError` when refused. */
export async function openSpreadsheet(
  source: ZipSource,
  options: OpenSpreadsheetOptions = {},
): Promise<SpreadsheetSource> {
  const head = await headOf(source);
  const kind = checkSpreadsheetUpload({ ...head, fileName: options.fileName, limit: options.limit });
  if (kind === 'xlsx') {
    const workbook = await openXlsx(source, { zipLimits: options.zipLimits });
    return {
      kind,
      sheets: workbook.sheets.map(({ name, index, state }) => ({ name, index, state })),
      date1904: workbook.date1904,
      readSheet: (sheet) => workbook.readSheet(sheet),
      csvFormat: () => null,
      close: () => workbook.close(),
    };
  }
  let format: { encoding: string; delimiter: string } | null = null;
  return {
    kind,
    sheets: [{ name: '', index: 0, state: 'visible' }],
    date1904: false,
    readSheet: (sheet) => {
      if (sheet !== 0 && sheet !== '') throw new RangeError(`a CSV file has one sheet, not ${String(sheet)}`);
      const csv = openCsv(source, options.csv);
      return {
        mergedRanges: [],
        async *[Symbol.asyncIterator](): AsyncGenerator<SheetRow> {
          for await (const row of csv.rows) {
            yield { rowNumber: row.rowNumber, cells: row.cells.map((cell) => (cell === '' ? null : cell)) };
          }
          format = { encoding: csv.encoding(), delimiter: csv.delimiter() };
        },
      };
    },
    csvFormat: () => format,
    close: async () => {},
  };
}
