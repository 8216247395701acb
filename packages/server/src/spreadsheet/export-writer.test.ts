import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { openCsv } from './csv-reader.ts';
import {
  csvField,
  type ExportColumn,
  neutraliseFormula,
  writeCsvExport,
  writeXlsxExport,
} from './export-writer.ts';
import { openXlsx } from './xlsx-reader.ts';

function collect(): { stream: PassThrough; bytes: Promise<Buffer> } {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  const bytes = new Promise<Buffer>((resolve, reject) => {
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
  return { stream, bytes };
}

const columns: ExportColumn[] = [
  { key: 'name', header: '企业名称' },
  { key: 'revenue', header: '营业收入（万元）', numFmt: '#,##0.00' },
  { key: 'grantedOn', header: '认定日期', numFmt: 'yyyy-mm-dd' },
  { key: 'aboveScale', header: '规上' },
];

// Each hostile value is text a spreadsheet would run as a formula (OWASP CSV injection).
const rows = [
  {
    name: '=HYPERLINK("http://x","点我")',
    revenue: -1234.5,
    grantedOn: new Date(Date.UTC(2024, 2, 15)),
    aboveScale: true,
  },
  { name: '+86 531', revenue: 0, grantedOn: null, aboveScale: false },
  { name: '-5', revenue: -5, grantedOn: undefined, aboveScale: null },
  { name: '@SUM(A1)', revenue: null, grantedOn: null, aboveScale: null },
  { name: '\tcmd', revenue: 1, grantedOn: null, aboveScale: null },
  { name: '\r=1', revenue: 2, grantedOn: null, aboveScale: null },
  { name: '潍坊示范, "机械"', revenue: 3, grantedOn: null, aboveScale: null },
];

describe('neutraliseFormula', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+1', "'+1"],
    ['-1', "'-1"],
    ['@A1', "'@A1"],
    ['\t1', "'\t1"],
    ['\r1', "'\r1"],
    ['山东', '山东'],
    ['', ''],
  ])('text %j → %j', (input, output) => {
    expect(neutraliseFormula(input)).toBe(output);
  });

  it('leaves numbers (negative too), booleans, dates and nulls untouched', () => {
    const date = new Date(Date.UTC(2024, 0, 1));
    expect([
      neutraliseFormula(-5),
      neutraliseFormula(true),
      neutraliseFormula(date),
      neutraliseFormula(null),
    ]).toEqual([-5, true, date, null]);
  });
});

describe('writeCsvExport', () => {
  it('writes UTF-8 with a BOM and CRLF, quotes what needs it, neutralises formulas, keeps negative numbers', async () => {
    const { stream, bytes } = collect();
    const count = await writeCsvExport(stream, { columns, rows });
    stream.end();
    const out = await bytes;
    expect(count).toBe(7);
    expect([...out.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = out.subarray(3).toString('utf8');
    expect(text.split('\r\n').slice(0, 3)).toEqual([
      '企业名称,营业收入（万元）,认定日期,规上',
      `"'=HYPERLINK(""http://x"",""点我"")",-1234.5,2024-03-15,是`,
      "'+86 531,0,,否",
    ]);
    expect(csvField("'-5")).toBe("'-5");

    // Read back with the CSV reader: every hostile cell starts with an apostrophe, numbers are plain.
    const back = [];
    for await (const row of openCsv(out).rows) back.push(row.cells);
    expect(back.slice(1).map((cells) => cells.slice(0, 2))).toEqual([
      [`'=HYPERLINK("http://x","点我")`, '-1234.5'],
      ["'+86 531", '0'],
      ["'-5", '-5'],
      ["'@SUM(A1)", ''],
      ["'\tcmd", '1'],
      ["'\r=1", '2'],
      ['潍坊示范, "机械"', '3'],
    ]);
  });
});

describe('writeXlsxExport', () => {
  it('streams an .xlsx whose text cells cannot run as formulas while numbers and dates keep their types', async () => {
    const { stream, bytes } = collect();
    const count = await writeXlsxExport(stream, { sheetName: '企业名录', columns, rows });
    const out = await bytes;
    expect(count).toBe(7);

    const workbook = await openXlsx(out);
    const read = [];
    for await (const row of workbook.readSheet('企业名录')) read.push(row.cells);
    await workbook.close();
    expect(read[0]).toEqual(['企业名称', '营业收入（万元）', '认定日期', '规上']);
    expect(read[1]).toEqual([
      `'=HYPERLINK("http://x","点我")`,
      -1234.5,
      new Date(Date.UTC(2024, 2, 15)),
      true,
    ]);
    expect(read[3]).toEqual(["'-5", -5]);
    expect(read.slice(1).map((cells) => typeof cells[1])).toEqual([
      'number',
      'number',
      'number',
      'undefined',
      'number',
      'number',
      'number',
    ]);

    // No cell holds a formula, and the header row is frozen.
    const check = new ExcelJS.Workbook();
    await check.xlsx.load(out as unknown as ArrayBuffer);
    const sheet = check.getWorksheet('企业名录');
    let formulas = 0;
    sheet?.eachRow((row) =>
      row.eachCell((cell) => {
        if (cell.type === ExcelJS.ValueType.Formula) formulas++;
      }),
    );
    expect(formulas).toBe(0);
    expect(sheet?.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet?.getCell('B2').numFmt).toBe('#,##0.00');
  });
});
