import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TextDecoder } from 'node:util';
import { AppError } from '@qunce/core';
import { describe, expect, it } from 'vitest';
import { type CsvRow, type CsvSource, openCsv } from './csv-reader.ts';

/**
 * GBK encoder for tests, the inverse of Node's GBK decoder: every double-byte code (lead 0x81–0xFE,
 * trail 0x40–0xFE) decoded once and indexed by the character it gives. Node has no GBK encoder.
 */
const gbkTable = (() => {
  const decoder = new TextDecoder('gbk');
  const table = new Map<string, Buffer>();
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      const bytes = Buffer.from([lead, trail]);
      const ch = decoder.decode(bytes);
      if (ch.length === 1 && ch !== '\ufffd' && !table.has(ch)) table.set(ch, bytes);
    }
  }
  return table;
})();

function gbk(text: string): Buffer {
  return Buffer.concat(
    [...text].map((ch) => {
      if ((ch.codePointAt(0) ?? 0) < 0x80) return Buffer.from(ch, 'latin1');
      const bytes = gbkTable.get(ch);
      if (!bytes) throw new Error(`no GBK code for ${ch}`);
      return bytes;
    }),
  );
}

async function readAll(source: CsvSource, options = {}) {
  const file = openCsv(source, options);
  const rows: CsvRow[] = [];
  for await (const row of file.rows) rows.push(row);
  return { rows, encoding: file.encoding(), delimiter: file.delimiter() };
}

/** Feeds the bytes in small pieces, so that characters and records are cut at chunk boundaries. */
async function* trickle(bytes: Buffer, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

describe('openCsv encodings', () => {
  const text = '统一社会信用代码,企业名称,城市\r\n91370700MA3C5Q1X2B,潍坊示范机械有限公司,潍坊\r\n';
  const expected = [
    { rowNumber: 1, cells: ['统一社会信用代码', '企业名称', '城市'] },
    { rowNumber: 2, cells: ['91370700MA3C5Q1X2B', '潍坊示范机械有限公司', '潍坊'] },
  ];

  it('decodes UTF-8 with a byte-order mark (Excel "CSV UTF-8") and without one', async () => {
    const withBom = await readAll(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]));
    expect(withBom).toEqual({ rows: expected, encoding: 'utf-8', delimiter: ',' });
    const plain = await readAll(Buffer.from(text));
    expect(plain).toEqual({ rows: expected, encoding: 'utf-8', delimiter: ',' });
  });

  it('decodes GBK as Chinese Excel saves CSV: 潍 = CE AB, 坊 = B7 BB', async () => {
    const bytes = gbk(text);
    expect([...gbk('潍坊')]).toEqual([0xce, 0xab, 0xb7, 0xbb]);
    expect(await readAll(bytes)).toEqual({ rows: expected, encoding: 'gb18030', delimiter: ',' });
  });

  it('decodes GBK cut into 3-byte chunks (double-byte characters split across chunks)', async () => {
    const { rows, encoding } = await readAll(trickle(gbk(text), 3));
    expect(encoding).toBe('gb18030');
    expect(rows).toEqual(expected);
  });

  it('decides GBK at the first non-ASCII bytes, even after 5,000 ASCII lines', async () => {
    const ascii = Array.from({ length: 5000 }, (_, i) => `${i},ABC`).join('\n');
    const bytes = Buffer.concat([gbk(`code,name\n${ascii}\n`), gbk('5000,山东\n')]);
    const { rows, encoding } = await readAll({ path: writeTemp('gbk-late.csv', bytes) });
    expect(encoding).toBe('gb18030');
    expect(rows).toHaveLength(5002);
    expect(rows.at(-1)).toEqual({ rowNumber: 5002, cells: ['5000', '山东'] });
  });

  it('decodes UTF-16LE with its byte-order mark (Excel "Unicode text" is tab-separated UTF-16)', async () => {
    const bytes = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from('名称\t城市\r\n山东\t济南\r\n', 'utf16le'),
    ]);
    expect(await readAll(bytes)).toEqual({
      rows: [
        { rowNumber: 1, cells: ['名称', '城市'] },
        { rowNumber: 2, cells: ['山东', '济南'] },
      ],
      encoding: 'utf-16le',
      delimiter: '\t',
    });
  });

  it('reads a pure ASCII file as ASCII', async () => {
    expect(await readAll(Buffer.from('a,b\n1,2'))).toEqual({
      rows: [
        { rowNumber: 1, cells: ['a', 'b'] },
        { rowNumber: 2, cells: ['1', '2'] },
      ],
      encoding: 'ascii',
      delimiter: ',',
    });
  });
});

function writeTemp(name: string, bytes: Buffer): string {
  const file = path.join(tmpdir(), `qunce-${process.pid}-${name}`);
  writeFileSync(file, bytes);
  return file;
}

describe('openCsv fields', () => {
  it('reads quoted fields with embedded commas, doubled quotes and line breaks as one record', async () => {
    const csv =
      'name,address,note\r\n"山东示范动力股份有限公司","潍坊市, 奎文区","第一行\r\n第二行 ""重点"""\r\n末尾,,\n';
    const { rows } = await readAll(trickle(Buffer.from(csv), 7));
    expect(rows).toEqual([
      { rowNumber: 1, cells: ['name', 'address', 'note'] },
      { rowNumber: 2, cells: ['山东示范动力股份有限公司', '潍坊市, 奎文区', '第一行\r\n第二行 "重点"'] },
      { rowNumber: 3, cells: ['末尾', '', ''] },
    ]);
  });

  it('skips blank lines but counts them, so row numbers match what Excel shows', async () => {
    const { rows } = await readAll(Buffer.from('a,b\n\n1,2\r\n\r\n3,4'));
    expect(rows.map((r) => [r.rowNumber, ...r.cells])).toEqual([
      [1, 'a', 'b'],
      [3, '1', '2'],
      [5, '3', '4'],
    ]);
  });

  it('takes tabs as the delimiter when the first line has more tabs than commas (TSV)', async () => {
    const { rows, delimiter } = await readAll(Buffer.from('名称\t金额\n"甲,乙"\t1,234.5\n'));
    expect(delimiter).toBe('\t');
    expect(rows[1]?.cells).toEqual(['甲,乙', '1,234.5']);
  });

  it('follows Excel\'s "sep=;" hint line and does not count it as a row', async () => {
    const { rows, delimiter } = await readAll(Buffer.from('sep=;\na;b\n1,5;2\n'));
    expect(delimiter).toBe(';');
    expect(rows).toEqual([
      { rowNumber: 1, cells: ['a', 'b'] },
      { rowNumber: 2, cells: ['1,5', '2'] },
    ]);
  });

  it('refuses a quoted field that is never closed, naming its row', async () => {
    const error = await readAll(Buffer.from('a,b\n1,"open\n2,3\n')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('invalid_input');
    expect((error as AppError).details?.row).toBe(2);
  });

  it('refuses a record longer than the limit instead of buffering the rest of the file', async () => {
    const error = await readAll(Buffer.from(`a\n"${'x'.repeat(5000)}`), { maxRecordLength: 1000 }).catch(
      (e: unknown) => e,
    );
    expect((error as AppError).details?.reason).toBe('csv_record_too_long');
  });
});
