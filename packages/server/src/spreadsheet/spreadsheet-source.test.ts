import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '@qunce/core';
import { describe, expect, it } from 'vitest';
import { openSpreadsheet, type SpreadsheetSource } from './spreadsheet-source.ts';
import type { SheetRow } from './xlsx-reader.ts';
import { buildMinimalXlsx } from './zip-writer.test-support.ts';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../test/fixtures/xlsx');

async function rowsOf(source: SpreadsheetSource, sheet: string | number): Promise<SheetRow[]> {
  const rows: SheetRow[] = [];
  for await (const row of source.readSheet(sheet)) rows.push(row);
  return rows;
}

describe('openSpreadsheet', () => {
  it('opens an .xlsx on disk: sheets in tab order, rows of typed cells', async () => {
    const source = await openSpreadsheet(
      { path: path.join(fixtures, 'libreoffice.xlsx') },
      { fileName: '名单.xlsx' },
    );
    expect(source.kind).toBe('xlsx');
    expect(source.sheets.map((s) => s.name)).toEqual(['填表说明', '企业名录']);
    const rows = await rowsOf(source, '企业名录');
    expect(rows[2]?.cells.slice(0, 3)).toEqual([
      '91370700MA3C5Q1X2B',
      '潍坊示范机械有限公司',
      new Date(Date.UTC(2023, 4, 1)),
    ]);
    expect(source.csvFormat()).toBeNull();
    await source.close();
  });

  it('opens a GBK CSV as one sheet "" whose empty fields are null, and reports the encoding found', async () => {
    // 名称,金额 / 山东,  in GBK: 名 C3 FB, 称 B3 C6, 金 BD F0, 额 B6 EE, 山 C9 BD, 东 B6 AB.
    const bytes = Buffer.from([
      0xc3, 0xfb, 0xb3, 0xc6, 0x2c, 0xbd, 0xf0, 0xb6, 0xee, 0x0d, 0x0a, 0xc9, 0xbd, 0xb6, 0xab, 0x2c, 0x0d,
      0x0a,
    ]);
    const file = path.join(tmpdir(), `qunce-${process.pid}-gbk.csv`);
    writeFileSync(file, bytes);
    const source = await openSpreadsheet({ path: file }, { fileName: '名单.csv' });
    expect([source.kind, source.sheets]).toEqual(['csv', [{ name: '', index: 0, state: 'visible' }]]);
    expect(await rowsOf(source, 0)).toEqual([
      { rowNumber: 1, cells: ['名称', '金额'] },
      { rowNumber: 2, cells: ['山东', null] },
    ]);
    expect(source.csvFormat()).toEqual({ encoding: 'gb18030', delimiter: ',' });
  });

  it('refuses an .xls before reading, and a file over the configured limit', async () => {
    const xls = await openSpreadsheet({ path: path.join(fixtures, 'libreoffice.xls') }).catch(
      (e: unknown) => e,
    );
    expect((xls as AppError).code).toBe('unsupported_media_type');
    const workbook = buildMinimalXlsx({ sheets: [{ name: 'S', sheetData: '' }] });
    const big = await openSpreadsheet(workbook, { limit: workbook.length - 1 }).catch((e: unknown) => e);
    expect(big).toBeInstanceOf(AppError);
    expect((big as AppError).code).toBe('payload_too_large');
  });
});
