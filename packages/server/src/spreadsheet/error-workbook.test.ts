import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { ImportIssue } from '@qunce/core/import';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { errorListSheetName, issueAddress, writeErrorWorkbook } from './error-workbook.ts';
import { openXlsx } from './xlsx-reader.ts';
import { openZip } from './zip-reader.ts';
import { crc32 } from './zip-writer.ts';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../test/fixtures/xlsx');
const upload = readFileSync(path.join(fixtures, 'libreoffice.xlsx'));

const issues: ImportIssue[] = [
  {
    sheet: '企业名录',
    row: 3,
    column: 'A',
    header: '*统一社会信用代码',
    value: '91370700MA3C5Q1X2B',
    reason: '校验位错误 / wrong check digit',
  },
  {
    sheet: '企业名录',
    row: 4,
    column: 'E',
    header: '营业收入（万元）',
    value: '-20',
    reason: '不能为负数 / must not be negative',
  },
  { sheet: '企业名录', row: 4, column: '', value: null, reason: '与第 3 行重复 / duplicates row 3' },
  {
    sheet: '企业名录',
    row: 0,
    column: '',
    value: null,
    reason: '缺少必填列“所在城市” / missing required column',
  },
  { sheet: '企业名录', row: 5, column: 'B', value: '=cmd', reason: '公式 / formula' },
];

async function run(rewriteLimit?: number) {
  const output = new PassThrough();
  const chunks: Buffer[] = [];
  output.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve) => output.on('end', resolve));
  const mode = await writeErrorWorkbook(output, {
    upload,
    kind: 'xlsx',
    issues,
    fileName: '名单.xlsx',
    rewriteLimit,
  });
  await done;
  const workbook = new ExcelJS.Workbook();
  const bytes = Buffer.concat(chunks);
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  return { mode, workbook, bytes };
}

const noteOf = (cell: ExcelJS.Cell) => {
  const value = cell.note;
  return typeof value === 'string' ? value : (value?.texts ?? []).map((t) => t.text).join('');
};

describe('issueAddress', () => {
  it('gives A1 notation: C5 for a cell, 5:5 for a row, "" for the sheet', () => {
    expect(issueAddress({ sheet: 'S', row: 5, column: 'C', value: null, reason: '' })).toBe('C5');
    expect(issueAddress({ sheet: 'S', row: 5, column: '', value: null, reason: '' })).toBe('5:5');
    expect(issueAddress({ sheet: 'S', row: 0, column: '', value: null, reason: '' })).toBe('');
  });
});

describe('writeErrorWorkbook', () => {
  it('returns the uploaded workbook with bad cells filled and commented, values untouched, and an error list', async () => {
    const { mode, workbook, bytes } = await run();
    expect(mode).toBe('highlighted');
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['填表说明', '企业名录', errorListSheetName]);
    const sheet = workbook.getWorksheet('企业名录');
    if (!sheet) throw new Error('no sheet');
    const a3 = sheet.getCell('A3');
    expect(a3.value).toBe('91370700MA3C5Q1X2B');
    expect(a3.fill).toMatchObject({ type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFC7CE' } });
    expect(noteOf(a3)).toBe('校验位错误 / wrong check digit');
    expect(sheet.getCell('E4').value).toBe(-20);
    expect(noteOf(sheet.getCell('E4'))).toBe('不能为负数 / must not be negative');
    // A whole-row issue marks the row's first cell.
    expect(noteOf(sheet.getCell('A4'))).toBe('整行 / whole row: 与第 3 行重复 / duplicates row 3');
    expect(sheet.getCell('B3').fill).not.toMatchObject({ pattern: 'solid' });

    const list = workbook.getWorksheet(errorListSheetName);
    const rows: unknown[][] = [];
    list?.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    expect(rows).toHaveLength(1 + issues.length);
    expect(rows[1]).toEqual([
      '企业名录',
      'A3',
      3,
      'A',
      '*统一社会信用代码',
      '91370700MA3C5Q1X2B',
      '校验位错误 / wrong check digit',
    ]);
    expect(rows[4]?.slice(0, 2)).toEqual(['企业名录', undefined]);
    // The value "=cmd" as typed is listed as text, never as a formula.
    expect(rows[5]?.[5]).toBe("'=cmd");

    // Only the marked sheet, the styles and the parts listing the new sheet change; the rest is copied.
    const before = await openZip(upload);
    const after = await openZip(bytes);
    const changed: string[] = [];
    for (const entry of before.entries.values()) {
      const copy = after.findEntry(entry.name);
      if (!copy) throw new Error(`missing ${entry.name}`);
      if (!(await before.readEntry(entry)).equals(await after.readEntry(copy))) changed.push(entry.name);
    }
    expect(changed.sort()).toEqual([
      '[Content_Types].xml',
      'xl/_rels/workbook.xml.rels',
      'xl/styles.xml',
      'xl/workbook.xml',
      'xl/worksheets/sheet2.xml',
    ]);
    expect(
      ['xl/comments1.xml', 'xl/drawings/vmlDrawing1.vml', 'xl/worksheets/_rels/sheet2.xml.rels'].map(
        (n) => after.findEntry(n) !== undefined,
      ),
    ).toEqual([true, true, true]);
    await before.close();
    await after.close();

    // Our own reader still reads the data the user will fix.
    const reread = await openXlsx(bytes);
    const cells = [];
    for await (const row of reread.readSheet('企业名录')) cells.push(row.cells[0]);
    await reread.close();
    expect(cells.slice(2, 4)).toEqual(['91370700MA3C5Q1X2B', '91370700MA3C5Q1X3C']);
  });

  it('above the rewrite limit copies the upload as stored and adds an error sheet with A1 addresses', async () => {
    const { mode, workbook, bytes } = await run(1000);
    expect(mode).toBe('error-sheet');
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['填表说明', '企业名录', errorListSheetName]);
    // The data are untouched and unstyled: cells are not rewritten one by one.
    const data = workbook.getWorksheet('企业名录');
    expect(data?.getCell('A3').value).toBe('91370700MA3C5Q1X2B');
    expect(data?.getCell('A3').fill).not.toMatchObject({ pattern: 'solid' });
    const list = workbook.getWorksheet(errorListSheetName);
    const cellsColumn: unknown[] = [];
    list?.eachRow({ includeEmpty: true }, (row) => cellsColumn.push(row.getCell(2).value));
    expect(cellsColumn.slice(0, 6)).toEqual(['单元格 / cell', 'A3', 'E4', '4:4', null, 'B5']);
    expect(String(list?.getCell(`A${issues.length + 3}`).value)).toContain('名单.xlsx');
    expect(list?.getCell('F6').value).toBe("'=cmd");

    // Every original part is byte-identical after inflating, except the three that list the new sheet.
    const before = await openZip(upload);
    const after = await openZip(bytes);
    const changed: string[] = [];
    for (const entry of before.entries.values()) {
      const copy = after.findEntry(entry.name);
      if (!copy) throw new Error(`missing ${entry.name}`);
      if (!(await before.readEntry(entry)).equals(await after.readEntry(copy))) changed.push(entry.name);
    }
    expect(changed.sort()).toEqual(['[Content_Types].xml', 'xl/_rels/workbook.xml.rels', 'xl/workbook.xml']);
    expect(after.findEntry('xl/worksheets/sheet3.xml')).toBeDefined();
    await before.close();
    await after.close();

    // And the streaming reader reads the new sheet too.
    const reread = await openXlsx(bytes);
    const rows = [];
    for await (const row of reread.readSheet(errorListSheetName)) rows.push(row.cells);
    await reread.close();
    expect(rows[1]).toEqual([
      '企业名录',
      'A3',
      3,
      'A',
      '*统一社会信用代码',
      '91370700MA3C5Q1X2B',
      '校验位错误 / wrong check digit',
    ]);
  });

  it('for a CSV upload writes a workbook holding the error list alone', async () => {
    const output = new PassThrough();
    const chunks: Buffer[] = [];
    output.on('data', (chunk: Buffer) => chunks.push(chunk));
    const done = new Promise<void>((resolve) => output.on('end', resolve));
    const csvIssues = issues.map((issue) => ({ ...issue, sheet: '' }));
    const mode = await writeErrorWorkbook(output, {
      upload: Buffer.from('a,b\n'),
      kind: 'csv',
      issues: csvIssues,
    });
    await done;
    expect(mode).toBe('list');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((w) => w.name)).toEqual([errorListSheetName]);
    expect(workbook.getWorksheet(errorListSheetName)?.getCell('B2').value).toBe('A3');
  });
});

describe('crc32', () => {
  it('is the zip CRC-32: crc32("123456789") = 0xCBF43926', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
  });
});
