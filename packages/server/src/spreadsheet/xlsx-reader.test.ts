import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '@qunce/core';
import { chooseDataSheet, createSheetNormaliser } from '@qunce/core/import';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { checkSpreadsheetUpload } from './upload-check.ts';
import { openXlsx, peekSheets, type SheetRow, type XlsxWorkbook } from './xlsx-reader.ts';
import { openZip } from './zip-reader.ts';
import { buildMinimalXlsx, buildZip } from './zip-writer.test-support.ts';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../test/fixtures/xlsx');

async function rowsOf(workbook: XlsxWorkbook, sheet: string | number): Promise<SheetRow[]> {
  const rows: SheetRow[] = [];
  for await (const row of workbook.readSheet(sheet)) rows.push(row);
  return rows;
}

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

const utc = (y: number, m: number, d: number, h = 0, min = 0) => new Date(Date.UTC(y, m - 1, d, h, min));

describe('openXlsx on a hand-built minimal workbook', () => {
  // Styles: xf 0 General, xf 1 built-in 14 (m/d/yyyy), xf 2 custom 164 yyyy"年"m"月"d"日",
  // xf 3 custom 165 yyyy/m/d h:mm, xf 4 custom 166 [h]:mm (elapsed: a duration, not a date),
  // xf 5 built-in 31 (zh-CN yyyy"年"m"月"d"日"), xf 6 custom 167 0.00 (a number).
  const styles = {
    cellXfs: [0, 14, 164, 165, 166, 31, 167],
    numFmts: [
      { id: 164, code: 'yyyy"年"m"月"d"日"' },
      { id: 165, code: 'yyyy/m/d h:mm' },
      { id: 166, code: '[h]:mm' },
      { id: 167, code: '0.00' },
    ],
  };
  const dataSheet = [
    '<row r="1"><c r="A1" t="s"><v>0</v></c></row>',
    '<row r="3"><c r="A3" t="s"><v>1</v></c><c r="B3" t="s"><v>2</v></c><c r="C3" t="inlineStr"><is><t>认定日期</t></is></c><c r="D3" t="s"><v>3</v></c></row>',
    '<row r="4"><c r="A4" t="s"><v>4</v></c><c r="B4" t="s"><v>5</v></c><c r="C4" s="1"><v>45047</v></c><c r="D4"><f>E4*2</f><v>2469</v></c><c r="E4" s="6"><v>1234.5</v></c></row>',
    '<row r="5"><c r="A5" t="inlineStr"><is><r><t>9137</t></r><r><rPr><b/></rPr><t>0700MA3C5Q1X3C</t></r></is></c><c r="B5" t="s"><v>6</v></c><c r="C5" s="2"><v>45366</v></c><c r="D5" t="str"><f>"文"&amp;"本"</f><v>文本</v></c><c r="E5" t="b"><v>1</v></c></row>',
    // No cell references: positions follow from the order.
    '<row><c t="e"><v>#N/A</v></c><c/><c s="3"><v>45366.5</v></c><c s="5"><v>45047</v></c><c s="4"><v>1.5</v></c></row>',
    '<row r="8"><c r="A8" s="1"/><c r="B8" t="s"><v>7</v></c></row>',
  ].join('');

  const file = buildMinimalXlsx({
    sheets: [
      {
        name: '填表说明',
        sheetData: '<row r="1"><c r="A1" t="inlineStr"><is><t>请填写企业名录</t></is></c></row>',
      },
      {
        name: '企业名录',
        sheetData: dataSheet,
        after: '<mergeCells count="1"><mergeCell ref="A1:E1"/></mergeCells>',
      },
    ],
    sharedStringItems: [
      '<t>2024年潍坊市集群企业名单</t>',
      '<t>*统一社会信用代码</t>',
      '<t xml:space="preserve">企业名称 </t>',
      '<t>两倍收入</t>',
      '<t>91370700MA3C5Q1X2B</t>',
      // Rich text runs joined; the phonetic guide is not part of the text.
      '<r><t>潍坊</t></r><r><rPr><i/></rPr><t>示范机械</t></r><rPh sb="0" eb="2"><t>ウェイファン</t></rPh>',
      '<t>山东示范动力股份有限公司</t>',
      '<t>填表人：张三</t>',
    ],
    ...styles,
  });

  it('reads the sheet names in tab order and skips nothing: the instruction sheet comes first', async () => {
    const workbook = await openXlsx(file);
    expect(workbook.sheets.map((s) => [s.name, s.index, s.state])).toEqual([
      ['填表说明', 0, 'visible'],
      ['企业名录', 1, 'visible'],
    ]);
    expect(await rowsOf(workbook, '填表说明')).toEqual([{ rowNumber: 1, cells: ['请填写企业名录'] }]);
    await workbook.close();
  });

  it('reads shared strings placed after the sheets in the zip, inline and rich text, formulas by cached value, dates by style', async () => {
    const workbook = await openXlsx(file);
    const sheet = workbook.readSheet('企业名录');
    const rows = [];
    for await (const row of sheet) rows.push(row);
    expect(rows).toEqual([
      { rowNumber: 1, cells: ['2024年潍坊市集群企业名单'] },
      { rowNumber: 3, cells: ['*统一社会信用代码', '企业名称 ', '认定日期', '两倍收入'] },
      // 45047 with built-in format 14 is 2023-05-01; D4 =E4*2 gives its cached 2469; 0.00 stays a number.
      { rowNumber: 4, cells: ['91370700MA3C5Q1X2B', '潍坊示范机械', utc(2023, 5, 1), 2469, 1234.5] },
      // 45366 with yyyy"年"m"月"d"日" is 2024-03-15; a string formula gives its cached text.
      {
        rowNumber: 5,
        cells: ['91370700MA3C5Q1X3C', '山东示范动力股份有限公司', utc(2024, 3, 15), '文本', true],
      },
      // 45366.5 with yyyy/m/d h:mm is 2024-03-15 12:00; zh-CN built-in 31 is a date; [h]:mm is a number.
      { rowNumber: 6, cells: ['#N/A', null, utc(2024, 3, 15, 12), utc(2023, 5, 1), 1.5] },
      // An empty styled cell is null; the footer row comes through for core to recognise.
      { rowNumber: 8, cells: [null, '填表人：张三'] },
    ]);
    expect(sheet.mergedRanges).toEqual(['A1:E1']);
    await workbook.close();
  });

  it('gives core what it needs to choose the data sheet after an instruction sheet and find the header below a title row', async () => {
    const workbook = await openXlsx(file);
    const columns = [
      { key: 'creditCode', header: '统一社会信用代码', required: true, type: 'creditCode' as const },
      { key: 'name', header: '企业名称', required: true, type: 'text' as const },
      { key: 'grantedOn', header: '认定日期', type: 'date' as const },
    ];
    const peeked = await peekSheets(workbook, 30);
    const chosen = chooseDataSheet(peeked, columns);
    expect(chosen?.name).toBe('企业名录');
    // The header is the second non-empty row, Excel row 3 (row 1 is the title, row 2 is empty).
    expect(chosen?.header.rowIndex).toBe(1);
    expect(peeked[1]?.rowNumbers.slice(0, 2)).toEqual([1, 3]);

    const normaliser = createSheetNormaliser({ sheet: '企业名录', columns, date1904: workbook.date1904 });
    const records = [];
    const issues = [];
    for await (const row of workbook.readSheet('企业名录')) {
      const chunk = normaliser.push(row.rowNumber, row.cells);
      records.push(...chunk.records);
      issues.push(...chunk.issues);
    }
    const end = normaliser.end();
    records.push(...end.records);
    expect(records.map((r) => [r.rowNumber, r.values.name, r.values.grantedOn])).toEqual([
      [4, '潍坊示范机械', '2023-05-01'],
      [5, '山东示范动力股份有限公司', '2024-03-15'],
      [6, null, '2024-03-15'],
    ]);
    expect(end.footerRowNumber).toBe(8);
    await workbook.close();
  });

  it('reads the 1904 date system: serial 0 is 1904-01-01, 43585 is 2023-05-01', async () => {
    const workbook = await openXlsx(
      buildMinimalXlsx({
        sheets: [
          {
            name: 'S',
            sheetData: '<row r="1"><c r="A1" s="1"><v>0</v></c><c r="B1" s="1"><v>43585</v></c></row>',
          },
        ],
        cellXfs: [0, 14],
        date1904: true,
      }),
    );
    expect(workbook.date1904).toBe(true);
    expect(await rowsOf(workbook, 0)).toEqual([{ rowNumber: 1, cells: [utc(1904, 1, 1), utc(2023, 5, 1)] }]);
    await workbook.close();
  });

  it('reads archives with data descriptors (streamed zips) and namespace prefixes (x:row, x:c)', async () => {
    const streamed = buildMinimalXlsx({
      sheets: [
        { name: 'S', sheetData: '<row r="2"><c r="B2" t="s"><v>0</v></c><c r="C2"><v>-3.25</v></c></row>' },
      ],
      sharedStrings: ['甲'],
      dataDescriptors: true,
    });
    const workbook = await openXlsx(streamed);
    expect(await rowsOf(workbook, 'S')).toEqual([{ rowNumber: 2, cells: [null, '甲', -3.25] }]);
    await workbook.close();

    const xNamespace = buildZip([
      {
        name: '_rels/.rels',
        data: '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="r" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/xl/workbook.xml"/></Relationships>',
      },
      {
        name: 'xl/workbook.xml',
        data: '<x:workbook xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><x:sheets><x:sheet name="数据" sheetId="1" r:id="R1"/></x:sheets></x:workbook>',
      },
      {
        name: 'xl/_rels/workbook.xml.rels',
        data: '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="R1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet.xml"/></Relationships>',
      },
      {
        name: 'xl/worksheets/sheet.xml',
        data: '<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData><x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>乙</x:t></x:is></x:c><x:c r="B1"><x:v>7</x:v></x:c></x:row></x:sheetData></x:worksheet>',
        store: true,
      },
    ]);
    const second = await openXlsx(xNamespace);
    expect(await rowsOf(second, '数据')).toEqual([{ rowNumber: 1, cells: ['乙', 7] }]);
    await second.close();
  });
});

describe('openXlsx on workbooks written by real programs', () => {
  it('reads an ExcelJS-written workbook (sharedStrings after the sheets, styles last) from a file on disk', async () => {
    const source = new ExcelJS.Workbook();
    const sheet = source.addWorksheet('数据');
    sheet.addRow(['名称', '日期', '金额', '合计']);
    sheet.addRow([
      { richText: [{ text: '富' }, { text: '文本', font: { bold: true } }] },
      utc(2023, 5, 1),
      -5,
    ]);
    sheet.getCell('D2').value = { formula: 'C2*2', result: -10 };
    sheet.getCell('B2').numFmt = 'yyyy-mm-dd';
    const tmp = path.join(
      await import('node:os').then((os) => os.tmpdir()),
      `qunce-exceljs-${process.pid}.xlsx`,
    );
    await source.xlsx.writeFile(tmp);
    const workbook = await openXlsx({ path: tmp });
    expect(await rowsOf(workbook, '数据')).toEqual([
      { rowNumber: 1, cells: ['名称', '日期', '金额', '合计'] },
      { rowNumber: 2, cells: ['富文本', utc(2023, 5, 1), -5, -10] },
    ]);
    await workbook.close();
  });

  it('reads a LibreOffice-written workbook (fixture): escaped 年月日 format, formula cache, merged title, footer', async () => {
    const workbook = await openXlsx(readFileSync(path.join(fixtures, 'libreoffice.xlsx')));
    expect(workbook.sheets.map((s) => s.name)).toEqual(['填表说明', '企业名录']);
    const sheet = workbook.readSheet('企业名录');
    const rows = [];
    for await (const row of sheet) rows.push(row);
    expect(rows).toEqual([
      { rowNumber: 1, cells: ['2024年潍坊市集群企业名单'] },
      {
        rowNumber: 2,
        cells: ['*统一社会信用代码', '*企业名称', '认定日期', '成立日期', '营业收入（万元）', '两倍收入'],
      },
      // yyyy\-mm\-dd and yyyy\年m\月d\日 are both dates; F = E*2 by its cached value (1234.5 × 2 = 2469).
      {
        rowNumber: 3,
        cells: [
          '91370700MA3C5Q1X2B',
          '潍坊示范机械有限公司',
          utc(2023, 5, 1),
          utc(2010, 1, 15),
          1234.5,
          2469,
        ],
      },
      {
        rowNumber: 4,
        cells: [
          '91370700MA3C5Q1X3C',
          '山东示范动力股份有限公司',
          utc(2024, 3, 15),
          utc(1999, 12, 31),
          -20,
          -40,
        ],
      },
      { rowNumber: 5, cells: ['填表人：张三'] },
    ]);
    expect(sheet.mergedRanges).toEqual(['A1:F1']);
    await workbook.close();
  });
});

describe('refusals', () => {
  it('refuses a real .xls written by LibreOffice (OLE2 magic D0 CF 11 E0) with "save as .xlsx"', () => {
    const bytes = readFileSync(path.join(fixtures, 'libreoffice.xls'));
    expect([...bytes.subarray(0, 4)]).toEqual([0xd0, 0xcf, 0x11, 0xe0]);
    const error = (() => {
      try {
        checkSpreadsheetUpload({ bytes, size: bytes.length, fileName: '名单.xls' });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('unsupported_media_type');
    expect((error as AppError).message).toContain('另存为 .xlsx');
    expect((error as AppError).message).toContain('save it as .xlsx');
  });

  it('refuses a password-protected workbook (an OLE file with an EncryptedPackage stream) with its own advice', () => {
    const bytes = Buffer.concat([
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      Buffer.alloc(504),
      Buffer.from('EncryptedPackage', 'utf16le'),
    ]);
    expect(() => checkSpreadsheetUpload({ bytes, size: bytes.length, fileName: 'a.xlsx' })).toThrow(
      /打开密码/,
    );
  });

  it('refuses a text file renamed .xlsx (415) but takes the same bytes named .csv as CSV', () => {
    const bytes = Buffer.from('统一社会信用代码,企业名称\n91370700MA3C5Q1X2B,潍坊示范\n');
    expect(() => checkSpreadsheetUpload({ bytes, size: bytes.length, fileName: '名单.xlsx' })).toThrow(
      expect.objectContaining({ code: 'unsupported_media_type' }),
    );
    expect(checkSpreadsheetUpload({ bytes, size: bytes.length, fileName: '名单.csv' })).toBe('csv');
  });

  it('refuses a file over the configured limit (413) before looking at it, and an empty file (400)', () => {
    const bytes = Buffer.from('PK\u0003\u0004');
    expect(() => checkSpreadsheetUpload({ bytes, size: 50 * 1024 * 1024 + 1 })).toThrow(
      expect.objectContaining({ code: 'payload_too_large', message: expect.stringContaining('50 MB') }),
    );
    expect(checkSpreadsheetUpload({ bytes, size: 50 * 1024 * 1024 })).toBe('xlsx');
    expect(() => checkSpreadsheetUpload({ bytes: Buffer.alloc(0), size: 0 })).toThrow(
      expect.objectContaining({ code: 'invalid_input' }),
    );
  });

  it('refuses a zip that is not a workbook, a truncated zip and random bytes as invalid_input', async () => {
    const notWorkbook = buildZip([{ name: 'readme.txt', data: 'hello' }]);
    const a = await refusal(openXlsx(notWorkbook));
    expect([a.code, a.details?.reason]).toEqual(['invalid_input', 'not_a_workbook']);
    expect(a.message).toContain('workbook.xml');

    const valid = buildMinimalXlsx({ sheets: [{ name: 'S', sheetData: '' }] });
    const truncated = await refusal(openXlsx(valid.subarray(0, valid.length - 30)));
    expect(truncated.code).toBe('invalid_input');

    const random = await refusal(openXlsx(Buffer.from('PK\u0003\u0004 but nothing else of a zip')));
    expect(random.code).toBe('invalid_input');
  });

  it('refuses a sheet whose XML is broken as invalid_input, naming the part', async () => {
    const broken = buildMinimalXlsx({
      sheets: [{ name: 'S', sheetData: '<row r="1"><c r="A1"><v>1</v></row>' }],
    });
    const workbook = await openXlsx(broken);
    const error = await refusal(rowsOf(workbook, 'S'));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toContain('xl/worksheets/sheet1.xml');
    await workbook.close();
  });

  it('refuses a zip bomb while inflating: 64 MiB of whitespace in a ~64 KiB entry stops at the 100:1 ratio', async () => {
    const bomb = `<row r="1"><c r="A1"><v>1</v></c></row>${' '.repeat(64 * 1024 * 1024)}`;
    const file = buildMinimalXlsx({ sheets: [{ name: 'S', sheetData: bomb }] });
    expect(file.length).toBeLessThan(1024 * 1024);
    const zip = await openZip(file);
    const compressed = zip.findEntry('xl/worksheets/sheet1.xml')?.compressedSize ?? 0;
    await zip.close();
    const workbook = await openXlsx(file);
    const before = workbook.uncompressedBytes();
    const error = await refusal(rowsOf(workbook, 'S'));
    expect([error.code, error.details?.reason]).toEqual(['payload_too_large', 'zip_bomb']);
    // The 100:1 ratio is checked on every inflated chunk (at most 64 KiB) past the 1 MiB grace, so
    // reading stops within one chunk of 100 × the compressed size, far short of the 64 MiB declared.
    const inflated = workbook.uncompressedBytes() - before;
    expect(inflated).toBeLessThanOrEqual(compressed * 100 + 65_536);
    expect(inflated).toBeLessThan(32 * 1024 * 1024);
    await workbook.close();
  });

  it('refuses an archive inflating past the total limit, and one listing more entries than allowed', async () => {
    const rows = Array.from(
      { length: 2000 },
      (_, i) => `<row r="${i + 1}"><c r="A${i + 1}"><v>${i * 7919}</v></c></row>`,
    );
    const file = buildMinimalXlsx({ sheets: [{ name: 'S', sheetData: rows.join('') }] });
    const limits = {
      maxEntries: 100,
      maxUncompressedBytes: 20_000,
      maxCompressionRatio: 100,
      ratioGraceBytes: 1 << 20,
    };
    const workbook = await openXlsx(file, { zipLimits: limits });
    const error = await refusal(rowsOf(workbook, 'S'));
    expect([error.code, error.details?.reason, error.details?.limit]).toEqual([
      'payload_too_large',
      'zip_bomb',
      20_000,
    ]);
    await workbook.close();

    const many = buildZip(Array.from({ length: 12 }, (_, i) => ({ name: `f${i}.xml`, data: '<a/>' })));
    const tooMany = await refusal(openXlsx(many, { zipLimits: { ...limits, maxEntries: 10 } }));
    expect([tooMany.code, tooMany.details?.entries]).toEqual(['payload_too_large', 12]);
  });
});
