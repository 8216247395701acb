/**
 * Periods as tables write them: 2024, 2024年, 2024Q3, 2024年第三季度, 2024年3季度, 2024年1-9月,
 * 2024年1—9月, 2024年1至9月, 2024年9月末累计 … converted to the canonical 2024, 2024Q3, 2024M09YTD.
 * A single month ("2024年9月") is read as the year to date through that month only when the column
 * expects year-to-date periods, since the statistics the platform collects are cumulative.
 */
import { findPeriod, formatPeriod, type PeriodKind } from '../periods/period.ts';
import { removeSpaces, toHalfWidth } from '../validators/full-width.ts';
import type { RawCell } from './cell-text.ts';
import { type CellResult, cellError, cellOk } from './import-issue.ts';

const chineseDigits: Record<string, number> = {
  一: 1,
  二: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
  十: 10,
};

function chineseNumber(text: string): number {
  if (/^\d+$/.test(text)) return Number(text);
  if (text === '十一') return 11;
  if (text === '十二') return 12;
  return chineseDigits[text] ?? Number.NaN;
}

const kindNames: Record<PeriodKind, string> = {
  year: '年度 / year',
  quarter: '季度 / quarter',
  ytd: '1—N月累计 / year to date',
};

export function normalisePeriod(
  raw: RawCell,
  options: { kind?: PeriodKind } = {},
): CellResult<string | null> {
  if (raw === null || raw === undefined) return cellOk(null);
  if (typeof raw === 'boolean' || raw instanceof Date)
    return cellError(
      '应为期间，如 2024、2024Q3、2024M09YTD / expected a period such as 2024, 2024Q3, 2024M09YTD',
    );
  const original = String(raw);
  const t = removeSpaces(toHalfWidth(original)).toUpperCase();
  if (t === '') return cellOk(null);
  const refuse = () =>
    cellError<string | null>(
      `“${original}”不是期间，应为 2024、2024Q3 或 2024M09YTD / “${original}” is not a period: write 2024, 2024Q3 or 2024M09YTD`,
    );
  const num = '(\\d{1,2}|十[一二]?|[一二三四五六七八九])';
  const year = /^(\d{4})(?:年|年度)?$/.exec(t);
  const quarter = /^(\d{4})年?第?([1-4一二三四])季度?$/.exec(t) ?? /^(\d{4})Q([1-4])$/.exec(t);
  const ytd = /^(\d{4})M(\d{1,2})(?:YTD)?$/.exec(t);
  const range = new RegExp(`^(\\d{4})[年.]?(?:1|一)月?[-—–~～至到]${num}月?(?:累计|末)?$`).exec(t);
  const month = new RegExp(`^(\\d{4})年${num}月(末|累计|末累计)?$`).exec(t);
  let period: string | null = null;
  if (year) period = formatPeriod({ kind: 'year', year: Number(year[1]) });
  else if (quarter) {
    period = formatPeriod({
      kind: 'quarter',
      year: Number(quarter[1]),
      quarter: chineseNumber(quarter[2] ?? '') as 1 | 2 | 3 | 4,
    });
  } else if (ytd) period = formatPeriod({ kind: 'ytd', year: Number(ytd[1]), month: Number(ytd[2]) });
  else if (range)
    period = formatPeriod({ kind: 'ytd', year: Number(range[1]), month: chineseNumber(range[2] ?? '') });
  else if (month && (options.kind === 'ytd' || month[3] !== undefined)) {
    period = formatPeriod({ kind: 'ytd', year: Number(month[1]), month: chineseNumber(month[2] ?? '') });
  }
  if (period === null || findPeriod(period) === null) return refuse();
  const kind: PeriodKind = period.includes('Q') ? 'quarter' : period.endsWith('YTD') ? 'ytd' : 'year';
  if (options.kind && kind !== options.kind) {
    return cellError(
      `期间“${original}”应为${kindNames[options.kind].split(' / ')[0]} / period “${original}” should be a ${kindNames[options.kind].split(' / ')[1]}`,
    );
  }
  return cellOk(
    period,
    period === original ? [] : [`“${original}”读作 ${period} / “${original}” read as ${period}`],
  );
}
