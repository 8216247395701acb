import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { daysInMonth } from '../periods/period.ts';
import { convertAmount, normaliseAmount, unitFromHeader } from './amount-cell.ts';
import { normaliseBoolean } from './boolean-cell.ts';
import { flattenCell, normaliseCode, normaliseText } from './cell-text.ts';
import { normaliseCreditCodeCell } from './credit-code-cell.ts';
import { dateToExcelSerial, excelSerialToDate, normaliseDate } from './date-cell.ts';
import { type CellResult, cellOk, columnIndex, columnLetter } from './import-issue.ts';
import { createCityLookup, createLookup } from './lookup-cell.ts';
import { normaliseNumber } from './number-cell.ts';
import { normalisePeriod } from './period-cell.ts';

function okValue<T>(result: CellResult<T>): T {
  if (!result.ok) throw new Error(`expected ok, got: ${result.reason}`);
  return result.value;
}

function reasonOf<T>(result: CellResult<T>): string {
  if (result.ok) throw new Error(`expected a refusal, got ${String(result.value)}`);
  return result.reason;
}

describe('text and codes', () => {
  it('trims spaces of every kind and says so; keeps full-width brackets of legal names', () => {
    expect(normaliseText('\u3000腾讯科技（深圳）有限公司 ')).toEqual({
      ok: true,
      value: '腾讯科技（深圳）有限公司',
      normalised: '去除多余空格 / extra spaces removed',
    });
    expect(normaliseText('潍柴动力股份有限公司')).toEqual({
      ok: true,
      value: '潍柴动力股份有限公司',
      normalised: null,
    });
    expect(normaliseText('  ')).toEqual({ ok: true, value: null, normalised: null });
    expect(reasonOf(normaliseText('一二三四五', { maxLength: 4 }))).toContain('4');
  });

  it('codes: full-width ＳＤ－０１ → SD-01, lower case upper-cased, numbers kept whole', () => {
    const r = normaliseCode(' ｓｄ－０１ ');
    expect(okValue(r)).toBe('SD-01');
    expect(r.ok && r.normalised).toContain('full-width');
    expect(okValue(normaliseCode(370700))).toBe('370700');
    expect(reasonOf(normaliseCode(Number('913701007521810510')))).toContain('text');
  });

  it('flattens reader cells: formula → cached result, rich text → text, hyperlink → text', () => {
    expect(flattenCell({ formula: 'SUM(A1:A3)', result: 1234.5 })).toBe(1234.5);
    expect(flattenCell({ sharedFormula: 'B2', result: '潍坊' })).toBe('潍坊');
    expect(flattenCell({ formula: 'A1' })).toBeNull();
    expect(flattenCell({ richText: [{ text: '潍柴' }, { text: '动力' }] })).toBe('潍柴动力');
    expect(flattenCell({ text: '官网', hyperlink: 'https://example.org' })).toBe('官网');
    expect(flattenCell({ error: '#N/A' })).toBe('#N/A');
  });

  it('a number shown as a percentage (0.035 as 3.5%) reads 3.5 in a percent column and 0.035 in a number column', () => {
    const cell = flattenCell(0.035, '0.00%');
    expect(cell).toBe('3.5%');
    expect(okValue(normaliseNumber(cell, { scale: 'percent' }))).toBe(3.5);
    expect(okValue(normaliseNumber(cell))).toBe(0.035);
    expect(flattenCell({ formula: 'A1/B1', result: 0.25 }, '0%')).toBe('25%');
    expect(flattenCell(0.035, '0.000')).toBe(0.035);
    expect(flattenCell(12, '0"%"')).toBe(12); // a quoted % is a literal, not a percentage
  });

  it('credit codes: normalised, refused with the reason, and a code Excel made a number is explained', () => {
    expect(normaliseCreditCodeCell(' 91370200264574251e ')).toMatchObject({
      ok: true,
      value: '91370200264574251E',
    });
    expect(reasonOf(normaliseCreditCodeCell('91370200264574251F'))).toContain('“E”');
    expect(reasonOf(normaliseCreditCodeCell(Number('913701007521810510')))).toContain('Excel');
  });

  it('column letters: 0 → A, 25 → Z, 26 → AA, 701 → ZZ, 702 → AAA', () => {
    expect([0, 25, 26, 701, 702].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'ZZ', 'AAA']);
    expect(columnIndex('AAA')).toBe(702);
  });
});

describe('numbers', () => {
  it.each([
    ['1,234.5', 1234.5],
    ['1，234', 1234],
    ['１２３４．５', 1234.5],
    [' 12 345 ', 12345],
    ['−12.5', -12.5],
    ['(1,234)', -1234],
    ['3.5%', 0.035],
    ['３．５％', 0.035],
  ])('%j → %d', (text, expected) => {
    const r = normaliseNumber(text);
    expect(okValue(r)).toBeCloseTo(expected, 12);
    expect(r.ok && r.normalised).not.toBeNull();
  });

  it('plain numbers pass unchanged and say nothing', () => {
    expect(normaliseNumber('1.5E+3')).toEqual({ ok: true, value: 1500, normalised: null });
    expect(normaliseNumber(1234.5)).toEqual({ ok: true, value: 1234.5, normalised: null });
    expect(normaliseNumber('1234.5')).toEqual({ ok: true, value: 1234.5, normalised: null });
  });

  it('a percent column keeps points: "3.5%" and "3.5" are both 3.5', () => {
    expect(okValue(normaliseNumber('3.5%', { scale: 'percent' }))).toBe(3.5);
    expect(okValue(normaliseNumber('3.5', { scale: 'percent' }))).toBe(3.5);
  });

  it('placeholders -, —, / and 无 are empty', () => {
    for (const t of ['-', '—', '/', '无', '']) expect(okValue(normaliseNumber(t))).toBeNull();
  });

  it.each([
    ['1,23', 'thousands'],
    ['12,3456', 'thousands'],
    ['abc', 'not a number'],
    ['12元', 'not a number'],
  ])('refuses %j (%s)', (text, fragment) => {
    expect(reasonOf(normaliseNumber(text))).toContain(fragment);
  });

  it('checks whole numbers and ranges', () => {
    expect(reasonOf(normaliseNumber('2.5', { integer: true }))).toContain('whole');
    expect(reasonOf(normaliseNumber(-1, { min: 0 }))).toContain('at least 0');
  });
});

describe('amounts and units', () => {
  it.each([
    ['营业收入（亿元）', '亿元'],
    ['营业收入(万元)', '万元'],
    ['研发投入 单位：千元', '千元'],
    ['利润总额/亿元', '亿元'],
    ['营业收入（万元人民币）', '万元'],
    ['营业收入', null],
    ['企业名称（全称）', null],
  ])('header %j names unit %j', (header, unit) => {
    expect(unitFromHeader(header)).toBe(unit);
  });

  it('header in 亿元, template in 万元: 3.5 × 10⁸ / 10⁴ = 35,000 万元', () => {
    const r = normaliseAmount(3.5, { unit: '万元', headerUnit: '亿元' });
    expect(okValue(r)).toBe(35000);
    expect(r.ok && r.normalised).toContain('×10000');
  });

  it('1.1 亿元 = 11,000 万元 exactly (no 11000.000000000002)', () => {
    expect(convertAmount(1.1, '亿元', '万元')).toBe(11000);
  });

  it('the unit in the cell wins over the header: "1.2亿" under a 万元 header → 12,000 万元', () => {
    expect(okValue(normaliseAmount('1.2亿', { unit: '万元', headerUnit: '万元' }))).toBe(12000);
    expect(okValue(normaliseAmount('3,500万元', { unit: '万元' }))).toBe(3500);
  });

  it('元 to 万元: 123,456 元 ÷ 10⁴ = 12.3456 万元', () => {
    const r = normaliseAmount('123,456', { unit: '万元', headerUnit: '元' });
    expect(okValue(r)).toBe(12.3456);
    expect(r.ok && r.normalised).toContain('÷10000');
  });

  it('refuses unknown units and percentages', () => {
    expect(reasonOf(normaliseAmount('12美元', { unit: '万元' }))).toContain('美元');
    expect(reasonOf(normaliseAmount('12%', { unit: '万元' }))).toContain('percentage');
  });
});

describe('dates', () => {
  it.each([
    ['2024-03-15', '2024-03-15'],
    ['2024/3/15', '2024-03-15'],
    ['2023.5.1', '2023-05-01'],
    ['2023年5月1日', '2023-05-01'],
    ['2023年5月1号', '2023-05-01'],
    ['２０２３年５月１日', '2023-05-01'],
    ['20240315', '2024-03-15'],
    ['2024-03-15 10:30:00', '2024-03-15'],
    ['2024-03-15T00:00:00Z', '2024-03-15'],
    ['45366', '2024-03-15'],
  ])('%j → %s', (text, iso) => {
    expect(okValue(normaliseDate(text))).toBe(iso);
  });

  it('ISO dates pass without a note; others say how they were read', () => {
    expect(normaliseDate('2024-03-15')).toEqual({ ok: true, value: '2024-03-15', normalised: null });
    expect(normaliseDate('2023.5.1')).toMatchObject({
      normalised: expect.stringContaining('year-month-day'),
    });
  });

  it('Excel serials: 1 = 1900-01-01, 59 = 1900-02-28, 61 = 1900-03-01, 45366 = 2024-03-15; 60 (1900-02-29) does not exist', () => {
    expect(excelSerialToDate(1)).toBe('1900-01-01');
    expect(excelSerialToDate(59)).toBe('1900-02-28');
    expect(excelSerialToDate(60)).toBeNull();
    expect(excelSerialToDate(61)).toBe('1900-03-01');
    expect(excelSerialToDate(45366)).toBe('2024-03-15');
    expect(excelSerialToDate(45366.75)).toBe('2024-03-15');
    expect(dateToExcelSerial('2024-03-15')).toBe(45366);
    expect(excelSerialToDate(0, true)).toBe('1904-01-01');
    expect(okValue(normaliseDate(45366))).toBe('2024-03-15');
  });

  it('a Date from the reader (UTC midnight) keeps its calendar day', () => {
    expect(okValue(normaliseDate(new Date(Date.UTC(2024, 2, 15))))).toBe('2024-03-15');
  });

  it.each([
    ['2023-02-29', 'not a valid date'],
    ['2024.13.1', 'not a valid date'],
    ['3/15/2024', 'ambiguous'],
    ['2024年3月', 'no day'],
    ['明年', 'not a date'],
  ])('refuses %j (%s)', (text, fragment) => {
    expect(reasonOf(normaliseDate(text))).toContain(fragment);
  });
});

describe('booleans', () => {
  it('是, Y, √, 1, TRUE are yes; 否, N, ×, 0, 无 are no; anything else is refused', () => {
    for (const t of ['是', 'Y', 'y', '√', '1', 'TRUE', '有', true, 1])
      expect(okValue(normaliseBoolean(t))).toBe(true);
    for (const t of ['否', 'N', '×', '0', '无', false, 0]) expect(okValue(normaliseBoolean(t))).toBe(false);
    expect(normaliseBoolean('是')).toEqual({ ok: true, value: true, normalised: null });
    expect(normaliseBoolean('√').ok && normaliseBoolean('√')).toMatchObject({
      normalised: expect.stringContaining('yes'),
    });
    expect(reasonOf(normaliseBoolean('可能'))).toContain('yes');
  });
});

describe('lookups', () => {
  const cities = [
    { code: '370100', name: '济南市', short: '济南' },
    { code: '370700', name: '潍坊市', short: '潍坊' },
  ];
  const city = createCityLookup(cities);

  it.each(['潍坊', '潍坊市', ' 潍坊 ', '山东省潍坊市', '山东潍坊', '370700', 370700])(
    'city %j → 370700',
    (text) => {
      expect(okValue(city(text))).toBe('370700');
    },
  );

  it('the canonical name needs no note; a short name says what it was read as', () => {
    expect(city('潍坊市')).toEqual({ ok: true, value: '370700', normalised: null });
    expect(city('潍坊')).toMatchObject({ normalised: expect.stringContaining('潍坊市（370700）') });
  });

  it('unknown cities are refused', () => {
    expect(reasonOf(city('苏州'))).toContain('unknown city');
  });

  it('a name shared by two entries is ambiguous: 市中区 (Jinan 370103, Zaozhuang 370402)', () => {
    const county = createLookup(
      [
        { code: '370103', name: '市中区' },
        { code: '370402', name: '市中区' },
        { code: '370783', name: '寿光市' },
      ],
      { label: { zh: '区县', en: 'county' }, optionalSuffixes: ['市', '区', '县'] },
    );
    expect(reasonOf(county('市中区'))).toContain('ambiguous');
    expect(okValue(county('370402'))).toBe('370402');
    expect(okValue(county('寿光'))).toBe('370783');
  });

  it('a lower-case code typed exactly is taken without a notice; typed otherwise it says how it was read', () => {
    const subject = createLookup(
      [
        { code: 'enterprise', name: '企业' },
        { code: 'cluster', name: '集群' },
      ],
      { label: { zh: '主体类型', en: 'subject type' } },
    );
    expect(subject('enterprise')).toEqual(cellOk('enterprise'));
    expect(subject('ENTERPRISE')).toEqual(
      cellOk('enterprise', ['“ENTERPRISE”读作 enterprise / “ENTERPRISE” read as enterprise']),
    );
    expect(subject('企业')).toEqual(cellOk('enterprise'));
  });
});

describe('periods in cells', () => {
  it.each([
    ['2024', '2024'],
    [2024, '2024'],
    ['2024年', '2024'],
    ['2024年度', '2024'],
    ['2024Q3', '2024Q3'],
    ['2024q3', '2024Q3'],
    ['2024年第三季度', '2024Q3'],
    ['2024年3季度', '2024Q3'],
    ['2024年1-9月', '2024M09YTD'],
    ['2024年1—9月', '2024M09YTD'],
    ['2024年1至9月', '2024M09YTD'],
    ['2024年1～12月', '2024M12YTD'],
    ['2024年9月末累计', '2024M09YTD'],
    ['2024M09YTD', '2024M09YTD'],
  ])('%j → %s', (text, period) => {
    expect(okValue(normalisePeriod(text))).toBe(period);
  });

  it('"2024年9月" is a year to date only where the column expects one', () => {
    expect(okValue(normalisePeriod('2024年9月', { kind: 'ytd' }))).toBe('2024M09YTD');
    expect(normalisePeriod('2024年9月').ok).toBe(false);
  });

  it('refuses wrong kinds and impossible periods', () => {
    expect(reasonOf(normalisePeriod('2024Q3', { kind: 'year' }))).toContain('year');
    expect(normalisePeriod('2024年1-13月').ok).toBe(false);
    expect(normalisePeriod('2024Q5').ok).toBe(false);
  });
});

describe('properties', () => {
  const group = (digits: string, sep: string) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
  const fullWidth = (text: string) =>
    text.replace(/[0-9.,%-]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0));

  it('property: any number written with thousands separators (, or ，), full-width or not, reads back exactly', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e12, max: 1e12 }),
        fc.integer({ min: 0, max: 99 }),
        fc.constantFrom(',', '，'),
        fc.boolean(),
        (whole, cents, sep, wide) => {
          const sign = whole < 0 ? '-' : '';
          const text = `${sign}${group(String(Math.abs(whole)), sep)}.${String(cents).padStart(2, '0')}`;
          const expected = Number(`${sign}${Math.abs(whole)}.${String(cents).padStart(2, '0')}`);
          expect(okValue(normaliseNumber(wide ? fullWidth(text) : text))).toBe(expected);
        },
      ),
    );
  });

  const dateArb = fc
    .tuple(
      fc.integer({ min: 1901, max: 2999 }),
      fc.integer({ min: 1, max: 12 }),
      fc.integer({ min: 1, max: 31 }),
    )
    .filter(([y, m, d]) => d <= daysInMonth(y, m));

  it('property: every written form of a date (2023.5.1, 2023年5月1日, 2023/5/1, ISO, 20230501, Excel serial) gives the same ISO date', () => {
    fc.assert(
      fc.property(dateArb, ([y, m, d]) => {
        const mm = String(m).padStart(2, '0');
        const dd = String(d).padStart(2, '0');
        const iso = `${y}-${mm}-${dd}`;
        for (const text of [
          `${y}.${m}.${d}`,
          `${y}年${m}月${d}日`,
          `${y}/${m}/${d}`,
          iso,
          `${y}${mm}${dd}`,
        ]) {
          expect(okValue(normaliseDate(text))).toBe(iso);
        }
        expect(okValue(normaliseDate(dateToExcelSerial(iso)))).toBe(iso);
        expect(okValue(normaliseDate(new Date(Date.UTC(y, m - 1, d))))).toBe(iso);
      }),
    );
  });

  it('property: amounts convert and convert back: x 亿元 → 万元 → 亿元 = x', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e9 }), (cents) => {
        const x = cents / 100;
        expect(convertAmount(convertAmount(x, '亿元', '万元'), '万元', '亿元')).toBe(x);
      }),
    );
  });
});
