/**
 * Streaming CSV/TSV reader. Encoding by core's `detectTextEncoding`: a byte-order mark decides,
 * otherwise UTF-8 when the first non-ASCII bytes are valid UTF-8 and GB18030 (the superset of GBK
 * that Chinese Excel writes) when not. The decision waits for the first non-ASCII bytes, so a GBK
 * file whose first thousand lines are ASCII is still read as GBK. Fields follow RFC 4180: quoted
 * fields may hold the delimiter, doubled quotes and line breaks. The delimiter is a comma unless the
 * first line has more tabs than commas (a TSV), or a first line `sep=\t` says so (Excel's hint).
 */
import { createReadStream } from 'node:fs';
import { TextDecoder } from 'node:util';
import { AppError } from '@qunce/core';
import { detectTextEncoding, type TextEncoding } from '@qunce/core/import';

export type CsvRow = {
  /** 1-based record number, as Excel numbers the rows when it opens the file. */
  rowNumber: number;
  cells: string[];
};

export type CsvSource = Buffer | { path: string } | AsyncIterable<Uint8Array>;

export type CsvReadOptions = {
  delimiter?: ',' | '\t' | ';';
  /** Longest record in characters: an unclosed quote must not swallow the whole file. */
  maxRecordLength?: number;
};

export type CsvFile = {
  /** Known once the first non-ASCII bytes (or the end) have been read: read rows first. */
  encoding(): TextEncoding | 'ascii';
  delimiter(): string;
  rows: AsyncIterable<CsvRow>;
};

const defaultMaxRecordLength = 1024 * 1024;
/** Bytes after the first non-ASCII byte examined before deciding between UTF-8 and GB18030. */
const encodingSampleBytes = 4096;

function chunksOf(source: CsvSource): AsyncIterable<Uint8Array> {
  if (Buffer.isBuffer(source)) {
    return (async function* () {
      for (let i = 0; i < source.length; i += 65_536) yield source.subarray(i, i + 65_536);
    })();
  }
  if ('path' in source) return createReadStream(source.path, { highWaterMark: 65_536 });
  return source;
}

/** Decodes a byte stream to text, choosing the encoding on the way. */
async function* decodeText(
  source: AsyncIterable<Uint8Array>,
  onEncoding: (encoding: TextEncoding | 'ascii') => void,
): AsyncGenerator<string> {
  const state: { decoder: TextDecoder | null } = { decoder: null };
  let pending = Buffer.alloc(0);
  let seenNonAscii = false;
  let atStart = true;
  /** Chooses the encoding from `bytes` and decodes them (without the byte-order mark). */
  const start = (bytes: Buffer, final: boolean): string => {
    const { encoding, bom } = detectTextEncoding(bytes);
    const created = new TextDecoder(encoding);
    state.decoder = created;
    onEncoding(encoding);
    return created.decode(bytes.subarray(bom), { stream: !final });
  };
  for await (const chunk of source) {
    const current = state.decoder;
    if (current) {
      yield current.decode(chunk, { stream: true });
      continue;
    }
    pending = Buffer.concat([pending, chunk]);
    if (atStart) {
      if (pending.length < 3) continue;
      atStart = false;
      const hasBom =
        (pending[0] === 0xef && pending[1] === 0xbb && pending[2] === 0xbf) ||
        (pending[0] === 0xff && pending[1] === 0xfe) ||
        (pending[0] === 0xfe && pending[1] === 0xff);
      if (hasBom) {
        yield start(pending, false);
        pending = Buffer.alloc(0);
        continue;
      }
    }
    if (!seenNonAscii) {
      const firstNonAscii = pending.findIndex((b) => b >= 0x80);
      if (firstNonAscii < 0) {
        yield pending.toString('latin1');
        pending = Buffer.alloc(0);
        continue;
      }
      // ASCII before the first non-ASCII byte reads the same in every candidate encoding.
      seenNonAscii = true;
      yield pending.subarray(0, firstNonAscii).toString('latin1');
      pending = pending.subarray(firstNonAscii);
    }
    if (pending.length >= encodingSampleBytes) {
      yield start(pending, false);
      pending = Buffer.alloc(0);
    }
  }
  const current = state.decoder;
  if (current) yield current.decode();
  else if (pending.length > 0) yield start(pending, true);
  else onEncoding('ascii');
}

function unclosedQuote(rowNumber: number): AppError {
  return new AppError(
    'invalid_input',
    `CSV 第 ${rowNumber} 行的引号没有闭合 / CSV row ${rowNumber}: a quoted field is never closed`,
    { reason: 'csv_unclosed_quote', row: rowNumber },
  );
}

/** Opens a CSV or TSV for streaming; nothing is read until `rows` is iterated. */
export function openCsv(source: CsvSource, options: CsvReadOptions = {}): CsvFile {
  let encoding: TextEncoding | 'ascii' = 'ascii';
  let delimiter = options.delimiter ?? ',';
  const maxRecordLength = options.maxRecordLength ?? defaultMaxRecordLength;

  async function* rows(): AsyncGenerator<CsvRow> {
    let rowNumber = 0;
    let cells: string[] = [];
    let field = '';
    let recordLength = 0;
    let inQuotes = false;
    let quoteInQuotes = false;
    let afterCr = false;
    let decided = false;
    let head = '';
    const ready: CsvRow[] = [];

    const endRecord = () => {
      cells.push(field);
      field = '';
      rowNumber++;
      if (!(cells.length === 1 && cells[0] === '')) ready.push({ rowNumber, cells });
      cells = [];
      recordLength = 0;
    };

    const consume = (text: string) => {
      for (let i = 0; i < text.length; i++) {
        const ch = text[i] as string;
        if (++recordLength > maxRecordLength) {
          throw new AppError(
            'invalid_input',
            `CSV 第 ${rowNumber + 1} 行超过 ${maxRecordLength} 个字符（引号可能没有闭合） / CSV row ${rowNumber + 1} is longer than ${maxRecordLength} characters (an unclosed quote?)`,
            { reason: 'csv_record_too_long', row: rowNumber + 1 },
          );
        }
        if (afterCr) {
          afterCr = false;
          if (ch === '\n') continue;
        }
        if (inQuotes) {
          if (quoteInQuotes) {
            quoteInQuotes = false;
            if (ch === '"') {
              field += '"';
              continue;
            }
            inQuotes = false; // the quote closed the field; fall through to handle ch
          } else if (ch === '"') {
            quoteInQuotes = true;
            continue;
          } else {
            field += ch;
            continue;
          }
        }
        if (ch === '"' && field === '') inQuotes = true;
        else if (ch === delimiter) {
          cells.push(field);
          field = '';
        } else if (ch === '\n') endRecord();
        else if (ch === '\r') {
          endRecord();
          afterCr = true;
        } else field += ch;
      }
    };

    /**
     * The first line decides the delimiter (outside quotes: more tabs than commas is a TSV); returns
     * the text to parse, without Excel's "sep=;" hint line, which is not a row.
     */
    const chooseDelimiter = (text: string, newline: number): string => {
      const line = newline < 0 ? text : text.slice(0, newline);
      const hint = /^sep=(.)$/.exec(line);
      if (hint?.[1] === '\t' || hint?.[1] === ',' || hint?.[1] === ';') {
        if (options.delimiter === undefined) delimiter = hint[1];
        return newline < 0 ? '' : text.slice(newline + (text.startsWith('\r\n', newline) ? 2 : 1));
      }
      if (options.delimiter !== undefined) return text;
      let commas = 0;
      let tabs = 0;
      let quoted = false;
      for (const ch of line) {
        if (ch === '"') quoted = !quoted;
        else if (!quoted && ch === ',') commas++;
        else if (!quoted && ch === '\t') tabs++;
      }
      delimiter = tabs > commas ? '\t' : ',';
      return text;
    };

    for await (const text of decodeText(chunksOf(source), (e) => {
      encoding = e;
    })) {
      if (!decided) {
        head += text;
        const newline = head.search(/[\r\n]/);
        // Wait for the character after a CR, in case it is the LF of a CRLF.
        if ((newline < 0 || newline === head.length - 1) && head.length < maxRecordLength) continue;
        decided = true;
        consume(chooseDelimiter(head, newline));
        head = '';
      } else consume(text);
      if (ready.length > 0) yield* ready.splice(0, ready.length);
    }
    if (!decided) consume(chooseDelimiter(head, head.search(/[\r\n]/)));
    if (inQuotes && !quoteInQuotes) throw unclosedQuote(rowNumber + 1);
    if (field !== '' || cells.length > 0 || quoteInQuotes) endRecord();
    yield* ready;
  }

  return {
    encoding: () => encoding,
    delimiter: () => delimiter,
    rows: { [Symbol.asyncIterator]: rows },
  };
}
