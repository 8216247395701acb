import { describe, expect, it } from 'vitest';
import type { RawCell } from './cell-text.ts';
import { isFooterRow } from './data-rows.ts';
import { detectHeaderRow, headerKey } from './header-row.ts';
import { createNoticeSummary } from './import-issue.ts';
import { createCityLookup } from './lookup-cell.ts';
import {
  type ColumnSpec,
  createSheetNormaliser,
  duplicateKeyIssues,
  normaliseSheet,
} from './sheet-normaliser.ts';

const city = createCityLookup([
  { code: '370100', name: '济南市', short: '济南' },
  { code: '370200', name: '青岛市', short: '青岛' },
  { code: '370700', name: '潍坊市', short: '潍坊' },
]);

// The roster template: credit code, name, city, revenue in 万元, above-scale flag, founding date.
const columns: ColumnSpec[] = [
  {
    key: 'creditCode',
    header: '统一社会信用代码',
    aliases: ['信用代码', '社会信用代码'],
    required: true,
    type: 'creditCode',
  },
  { key: 'name', header: '企业名称', aliases: ['单位名称'], required: true, type: 'text', maxLength: 100 },
  { key: 'city', header: '所在市', aliases: ['城市', '地市'], required: true, type: 'lookup', lookup: city },
  { key: 'revenue', header: '营业收入', type: 'amount', unit: '万元', min: 0 },
  { key: 'aboveScale', header: '是否规上', aliases: ['规上企业'], type: 'boolean' },
  { key: 'founded', header: '成立日期', type: 'date' },
];

// A sheet as a city bureau sends it: title, 填报单位 row, a blank row, a header with a star, a unit
// in 亿元 and an alias, messy cells, a blank row in the table, a totals row and signatures below.
const grid: RawCell[][] = [
  ['2024年潍坊市先进制造业集群企业名单', null, null, null, null, null],
  ['填报单位：潍坊市工业和信息化局', null, null, '填报日期：2024年10月8日', null, null],
  [],
  ['序号', '*统一社会信用代码', '企业名称', '城市', '营业收入（亿元）', '规上企业', '成立日期'],
  [1, ' 91370200264574251e', '海尔智家股份有限公司 ', '青岛', '1,234.5', '是', '1999.3.31'],
  [2, '91370700576634196A', '山东省港口集团潍坊港有限公司', '潍坊市', 3.2, '√', 36250],
  [null, null, null, null, null, null, null],
  [3, '91370100MA3C5JA57T', '山东尊享新之航旅行社有限公司', '济南', '０．５', 'N', '2016年1月14日'],
  [4, '91370700576634196B', '错误代码有限公司', '苏州', '-', '也许', '2024/13/1'],
  [5, '91370700576634196A', '重复代码有限公司', '潍坊', null, '否', null],
  ['合计', null, null, null, '1,238.2', null, null],
  ['单位负责人：王五', null, '填表人：张三', null, '审核人：李四', null, null],
];

describe('normaliseSheet: a bureau roster', () => {
  const result = normaliseSheet({ sheet: '企业名单', rows: grid, columns });

  it('finds the header on row 4 below the title, the 填报单位 row and a blank row', () => {
    expect(result.header?.rowIndex).toBe(3);
    expect(result.header?.columns).toEqual({
      creditCode: 1,
      name: 2,
      city: 3,
      revenue: 4,
      aboveScale: 5,
      founded: 6,
    });
    expect(result.header?.units.revenue).toBe('亿元');
    expect(result.header?.unknown).toEqual([{ index: 0, header: '序号' }]);
    expect(result.header?.missing).toEqual([]);
  });

  it('stops at the 合计 row (row 11) and skips the blank row 7', () => {
    expect(result.footerRowNumber).toBe(11);
    expect(result.records.map((r) => r.rowNumber)).toEqual([5, 6, 8, 9, 10]);
  });

  it('row 5: Haier normalised; revenue 1,234.5 亿元 × 10⁸ / 10⁴ = 12,345,000 万元; 1999.3.31 → 1999-03-31', () => {
    expect(result.records[0]?.values).toEqual({
      creditCode: '91370200264574251E',
      name: '海尔智家股份有限公司',
      city: '370200',
      revenue: 12_345_000,
      aboveScale: true,
      founded: '1999-03-31',
    });
    const notes = result.notices.filter((n) => n.row === 5).map((n) => n.column);
    expect(notes).toEqual(['B', 'C', 'D', 'E', 'G']);
    expect(result.notices.find((n) => n.row === 5 && n.column === 'E')).toMatchObject({
      value: '1,234.5',
      normalisedValue: '12345000',
      note: expect.stringContaining('×10000'),
    });
  });

  it('row 6: Excel numbers 3.2 亿元 → 32,000 万元 and serial 36250 → 1999-03-31', () => {
    expect(result.records[1]?.values).toMatchObject({
      city: '370700',
      revenue: 32000,
      aboveScale: true,
      founded: '1999-03-31',
    });
  });

  it('row 8: full-width ０．５ 亿元 → 5,000 万元; N → no; 2016年1月14日 → 2016-01-14', () => {
    expect(result.records[2]?.values).toMatchObject({
      city: '370100',
      revenue: 5000,
      aboveScale: false,
      founded: '2016-01-14',
    });
  });

  it('row 9: every bad cell is reported, with column letter, header, value and reason', () => {
    const row9 = result.issues.filter((i) => i.row === 9);
    expect(row9.map((i) => [i.column, i.header, i.value])).toEqual([
      ['B', '*统一社会信用代码', '91370700576634196B'],
      ['D', '城市', '苏州'],
      ['F', '规上企业', '也许'],
      ['G', '成立日期', '2024/13/1'],
    ]);
    expect(row9[0]?.reason).toContain('“A”');
    expect(result.records[3]?.values.revenue).toBeNull();
  });

  it('no other row has issues, and the signatures row is not data', () => {
    expect(result.issues.every((i) => i.row === 9)).toBe(true);
  });

  it('row 10 repeats the credit code of row 6: a duplicate inside the file', () => {
    const issues = duplicateKeyIssues(
      '企业名单',
      result.records,
      ['creditCode'],
      { zh: '统一社会信用代码', en: 'credit code' },
      'B',
    );
    expect(issues).toEqual([
      {
        sheet: '企业名单',
        row: 10,
        column: 'B',
        value: '91370700576634196A',
        reason:
          '统一社会信用代码“91370700576634196A”与第 6 行重复 / credit code “91370700576634196A” repeats row 6',
      },
    ]);
  });
});

describe('normaliseSheet: structural problems', () => {
  it('reports missing required columns on the header row', () => {
    const r = normaliseSheet({
      sheet: 'S',
      rows: [
        ['企业名称', '营业收入'],
        ['海尔智家股份有限公司', 1],
      ],
      columns,
    });
    expect(r.issues.map((i) => [i.row, i.reason.split(' / ')[1]])).toEqual([
      [1, 'required column “统一社会信用代码” is missing'],
      [1, 'required column “所在市” is missing'],
    ]);
  });

  it('reports a sheet without a header row', () => {
    const r = normaliseSheet({ sheet: '说明', rows: [['填表说明'], ['1. 请按模板填写']], columns });
    expect(r.header).toBeNull();
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]?.reason).toContain('no header row');
  });

  it('reports required cells left empty and data after the footer', () => {
    const r = normaliseSheet({
      sheet: 'S',
      rows: [
        ['统一社会信用代码', '企业名称', '所在市'],
        ['91370200264574251E', null, '青岛'],
        ['填表人：张三'],
        ['91370700576634196A', '山东省港口集团潍坊港有限公司', '潍坊'],
      ],
      columns,
    });
    expect(r.issues.map((i) => [i.row, i.column, i.reason.split(' / ')[1]])).toEqual([
      [2, 'B', 'required “企业名称” is empty'],
      [4, '', 'data after the footer (row 3): delete it or move it above the footer'],
    ]);
  });

  it('grid offset: firstRowNumber 5 shifts every row number', () => {
    const r = normaliseSheet({
      sheet: 'S',
      rows: [
        ['统一社会信用代码', '企业名称', '所在市'],
        ['91370200264574251E', '海尔', '火星'],
      ],
      columns,
      firstRowNumber: 5,
    });
    expect(r.issues[0]).toMatchObject({ row: 6, column: 'C' });
  });
});

describe('headers and footers', () => {
  it('header keys drop spaces, stars, line breaks and bracketed units', () => {
    expect(headerKey('*营业收入\n（亿元）')).toBe('营业收入');
    expect(headerKey('企业 名称')).toBe('企业名称');
    expect(headerKey('研发投入 单位：万元')).toBe('研发投入');
    expect(headerKey('利润总额/亿元')).toBe('利润总额');
  });

  it('picks the row naming most columns, the earliest on a tie', () => {
    const m = detectHeaderRow(
      [
        ['企业名称', '说明'],
        ['统一社会信用代码', '企业名称', '所在市'],
      ],
      columns,
    );
    expect(m?.rowIndex).toBe(1);
  });

  it.each([
    [['合计', null, 1234]],
    [['总计']],
    [[null, '填表人：张三']],
    [['单位负责人：王五', null, '填表人：张三']],
    [['注：金额单位为万元']],
    [['联系电话：0536-1234567']],
  ])('%j is a footer row', (row) => {
    expect(isFooterRow(row)).toBe(true);
  });

  it('data rows are not footers', () => {
    expect(isFooterRow([1, '91370200264574251E', '海尔智家股份有限公司'])).toBe(false);
    expect(isFooterRow(['潍柴动力股份有限公司', '合计'])).toBe(false);
  });
});

describe('streamed sheets', () => {
  it('row by row gives the same records, issues and notices as the whole grid', () => {
    const normaliser = createSheetNormaliser({ sheet: '企业名单', columns });
    const records = [];
    const issues = [];
    const notices = [];
    for (const [i, cells] of grid.entries()) {
      const chunk = normaliser.push(i + 1, cells);
      records.push(...chunk.records);
      issues.push(...chunk.issues);
      notices.push(...chunk.notices);
    }
    const last = normaliser.end();
    const whole = normaliseSheet({ sheet: '企业名单', rows: grid, columns });
    expect([...records, ...last.records]).toEqual(whole.records);
    expect([...issues, ...last.issues]).toEqual(whole.issues);
    expect([...notices, ...last.notices]).toEqual(whole.notices);
    expect(last.footerRowNumber).toBe(11);
  });

  it('stops buffering at a row naming every column: the first data row comes back at once', () => {
    const normaliser = createSheetNormaliser({ sheet: 'S', columns });
    expect(normaliser.push(1, ['2024年企业名单']).records).toEqual([]);
    const header = ['统一社会信用代码', '企业名称', '所在市', '营业收入（万元）', '是否规上', '成立日期'];
    expect(normaliser.push(2, header)).toEqual({ records: [], issues: [], notices: [] });
    const chunk = normaliser.push(3, [
      '91370200264574251E',
      '海尔智家股份有限公司',
      '青岛市',
      100,
      '是',
      '1999-03-31',
    ]);
    expect(chunk.records).toEqual([
      {
        rowNumber: 3,
        values: {
          creditCode: '91370200264574251E',
          name: '海尔智家股份有限公司',
          city: '370200',
          revenue: 100,
          aboveScale: true,
          founded: '1999-03-31',
        },
      },
    ]);
  });

  it('row numbers come from the reader: rows Excel left out are simply absent', () => {
    const normaliser = createSheetNormaliser({ sheet: 'S', columns });
    normaliser.push(3, ['统一社会信用代码', '企业名称', '所在市']);
    const chunk = normaliser.push(9, ['91370200264574251E', '海尔', '火星']);
    const end = normaliser.end();
    expect(end.header?.rowIndex).toBe(0);
    expect([...chunk.issues, ...end.issues]).toMatchObject([{ row: 9, column: 'C', value: '火星' }]);
  });
});

describe('notice summary', () => {
  it('counts normalisations per column and note: the roster gives one line per kind, with examples', () => {
    const { notices } = normaliseSheet({ sheet: '企业名单', rows: grid, columns });
    const summary = createNoticeSummary(2);
    for (const n of notices) summary.add(n);
    const revenue = summary.list().find((g) => g.column === 'E' && g.note.includes('×10000'));
    // rows 5, 6 and 8 have revenue in 亿元 (row 9's "-" is empty, row 10's is blank)
    expect(revenue).toMatchObject({ header: '营业收入（亿元）', count: 3 });
    expect(revenue?.examples.map((e) => e.row)).toEqual([5, 6]);
    const dates = summary.list().filter((g) => g.column === 'G');
    expect(dates.map((g) => [g.note.split(' / ')[1], g.count])).toEqual([
      ['read as year-month-day and written YYYY-MM-DD', 2],
      ['Excel date serial read as a date', 1],
    ]);
  });
});
