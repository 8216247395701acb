import { type ColumnSpec, chooseDataSheet, createSheetNormaliser } from '@qunce/core/import';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import {
  codeListSheetName,
  type TemplateColumn,
  templateHeader,
  writeImportTemplate,
} from './template-writer.ts';
import { openXlsx, peekSheets } from './xlsx-reader.ts';

// 40 industries joined exceed Excel's 255-character inline list, so they go to 代码表.
const industries = Array.from({ length: 40 }, (_, i) => `高端装备制造产业第${i + 1}类`);

const columns: TemplateColumn[] = [
  {
    key: 'creditCode',
    header: '统一社会信用代码',
    required: true,
    type: 'creditCode',
    note: '18 位，含校验位',
  },
  { key: 'name', header: '企业名称', required: true, type: 'text' },
  {
    key: 'city',
    header: '所在城市',
    required: true,
    type: 'code',
    allowedValues: ['济南市', '青岛市', '潍坊市'],
  },
  { key: 'industry', header: '主导产业', required: false, type: 'code', allowedValues: industries },
  { key: 'revenue', header: '营业收入', required: false, type: 'amount', unit: '万元' },
  { key: 'aboveScale', header: '是否规上', required: false, type: 'boolean' },
  { key: 'grantedOn', header: '认定日期', required: false, type: 'date', example: '2024-03-15' },
];

async function loadTemplate(): Promise<{ bytes: Buffer; workbook: ExcelJS.Workbook }> {
  const bytes = await writeImportTemplate({
    title: '企业名录导入模板 / Enterprise roster template',
    sheetName: '企业名录',
    columns,
  });
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  return { bytes, workbook };
}

type Validation = { type: string; formulae: string[]; allowBlank?: boolean };

describe('writeImportTemplate', () => {
  it('writes the instruction sheet first, the data sheet, and the long code lists on a hidden sheet', async () => {
    const { workbook } = await loadTemplate();
    expect(workbook.worksheets.map((w) => [w.name, w.state])).toEqual([
      ['填表说明', 'visible'],
      ['企业名录', 'visible'],
      [codeListSheetName, 'hidden'],
    ]);
    const instructions = workbook.getWorksheet('填表说明');
    expect(instructions?.getCell('A1').value).toBe('企业名录导入模板 / Enterprise roster template');
    const texts: string[] = [];
    instructions?.eachRow((row) => texts.push(String(row.getCell(1).value)));
    expect(texts).toContain('*统一社会信用代码');
    expect(texts).toContain('营业收入（万元）');
  });

  it('writes Chinese headers (* for required, unit in brackets), a note on each, a frozen header, text format for codes', async () => {
    const { workbook } = await loadTemplate();
    const sheet = workbook.getWorksheet('企业名录');
    if (!sheet) throw new Error('no data sheet');
    const headers = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(headers).toEqual(columns.map(templateHeader));
    expect(headers).toEqual([
      '*统一社会信用代码',
      '*企业名称',
      '*所在城市',
      '主导产业',
      '营业收入（万元）',
      '是否规上',
      '认定日期',
    ]);
    const note = (cell: ExcelJS.Cell) => {
      const value = cell.note;
      return typeof value === 'string' ? value : (value?.texts ?? []).map((t) => t.text).join('');
    };
    for (let c = 1; c <= columns.length; c++) expect(note(sheet.getCell(1, c))).not.toBe('');
    expect(note(sheet.getCell('A1'))).toContain('18 位，含校验位');
    expect(note(sheet.getCell('E1'))).toContain('万元');
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.getColumn(1).numFmt).toBe('@');
    expect(sheet.getColumn(7).numFmt).toBe('yyyy-mm-dd');
    expect(sheet.getColumn(1).width).toBeGreaterThanOrEqual(20);
  });

  it('adds drop-down lists: short ones inline, long ones by a range on the hidden sheet, 是/否 for booleans', async () => {
    const { workbook } = await loadTemplate();
    const sheet = workbook.getWorksheet('企业名录');
    const validations = (sheet as unknown as { dataValidations: { model: Record<string, Validation> } })
      .dataValidations.model;
    // ExcelJS expands the written ranges (C2:C5001) back into one entry per cell when it loads.
    expect(validations.C2).toMatchObject({ type: 'list', formulae: ['"济南市,青岛市,潍坊市"'] });
    // A required column's list refuses blanks; an optional one allows them.
    expect([validations.C2?.allowBlank ?? false, validations.D2?.allowBlank]).toEqual([false, true]);
    expect(validations.C5001?.formulae).toEqual(['"济南市,青岛市,潍坊市"']);
    expect(validations.D2).toMatchObject({ type: 'list', formulae: [`'代码表'!$A$1:$A$40`] });
    expect(validations.F2?.formulae).toEqual(['"是,否"']);
    expect(validations.A2).toBeUndefined();
    const codes = workbook.getWorksheet(codeListSheetName);
    expect(codes?.getCell('A1').value).toBe('高端装备制造产业第1类');
    expect(codes?.getCell('A40').value).toBe('高端装备制造产业第40类');
  });

  it('round trip: template → filled in (ExcelJS, as a user would) → read → core finds every column and value', async () => {
    const { workbook } = await loadTemplate();
    const sheet = workbook.getWorksheet('企业名录');
    if (!sheet) throw new Error('no data sheet');
    sheet.addRow([
      '91370700MA3C5Q1X2B',
      '潍坊示范机械有限公司',
      '潍坊市',
      '高端装备制造产业第3类',
      12345.6,
      '是',
      new Date(Date.UTC(2023, 4, 1)),
    ]);
    sheet.addRow(['91370100MA3C5Q1X3C', '济南示范动力有限公司', '济南市', null, 800, '否', '2024.3.15']);
    const filled = Buffer.from((await workbook.xlsx.writeBuffer()) as ArrayBuffer);

    const specs: ColumnSpec[] = [
      { key: 'creditCode', header: '统一社会信用代码', required: true, type: 'code' },
      { key: 'name', header: '企业名称', required: true, type: 'text' },
      { key: 'city', header: '所在城市', required: true, type: 'text' },
      { key: 'industry', header: '主导产业', type: 'text' },
      { key: 'revenue', header: '营业收入', type: 'amount', unit: '万元' },
      { key: 'aboveScale', header: '是否规上', type: 'boolean' },
      { key: 'grantedOn', header: '认定日期', type: 'date' },
    ];
    const reader = await openXlsx(filled);
    const chosen = chooseDataSheet(await peekSheets(reader, 30), specs);
    expect(chosen?.name).toBe('企业名录');
    const normaliser = createSheetNormaliser({ sheet: '企业名录', columns: specs });
    const records = [];
    const issues = [];
    for await (const row of reader.readSheet('企业名录')) {
      const chunk = normaliser.push(row.rowNumber, row.cells);
      records.push(...chunk.records);
      issues.push(...chunk.issues);
    }
    const end = normaliser.end();
    records.push(...end.records);
    issues.push(...end.issues);
    await reader.close();
    expect(issues).toEqual([]);
    expect(records).toEqual([
      {
        rowNumber: 2,
        values: {
          creditCode: '91370700MA3C5Q1X2B',
          name: '潍坊示范机械有限公司',
          city: '潍坊市',
          industry: '高端装备制造产业第3类',
          revenue: 12345.6,
          aboveScale: true,
          grantedOn: '2023-05-01',
        },
      },
      {
        rowNumber: 3,
        values: {
          creditCode: '91370100MA3C5Q1X3C',
          name: '济南示范动力有限公司',
          city: '济南市',
          industry: null,
          revenue: 800,
          aboveScale: false,
          // Typed as text "2024.3.15" in a date column: core reads the bureau's date style.
          grantedOn: '2024-03-15',
        },
      },
    ]);
  });
});
