/**
 * Reporting periods of Chinese statistics, written as strings that sort and read well:
 *
 *   2024         a calendar year
 *   2024Q3       a quarter (July–September)
 *   2024M09YTD   the year to date through month 9, the "1–9月" cumulative totals statistics bureaus publish
 *
 * Dates are ISO strings (YYYY-MM-DD), never Date objects, so that no time zone can move a period.
 * Growth is meaningful only between comparable periods: the same kind covering the same months of the
 * year (2024M09YTD against 2023M09YTD, 2024Q3 against 2023Q3), never 2024M09YTD against 2024Q3 even
 * though 2024Q1 and 2024M03YTD cover the same three months (they are different series).
 */
import { z } from 'zod';
import { AppError } from '../errors.ts';

export type PeriodKind = 'year' | 'quarter' | 'ytd';

export type Period =
  | { kind: 'year'; year: number }
  | { kind: 'quarter'; year: number; quarter: 1 | 2 | 3 | 4 }
  | { kind: 'ytd'; year: number; month: number };

/** A period as its canonical string or already parsed. */
export type PeriodInput = Period | string;

export const periodKinds: readonly PeriodKind[] = ['year', 'quarter', 'ytd'];

export const minPeriodYear = 1949;
export const maxPeriodYear = 2999;

const pattern = /^(\d{4})(?:Q([1-4])|M(0[1-9]|1[0-2])YTD)?$/;

/** Parses a canonical period string; returns null when it is not one. */
export function findPeriod(text: string): Period | null {
  const m = pattern.exec(text);
  if (!m) return null;
  const year = Number(m[1]);
  if (year < minPeriodYear || year > maxPeriodYear) return null;
  if (m[2] !== undefined) return { kind: 'quarter', year, quarter: Number(m[2]) as 1 | 2 | 3 | 4 };
  if (m[3] !== undefined) return { kind: 'ytd', year, month: Number(m[3]) };
  return { kind: 'year', year };
}

/** Parses a canonical period string; throws `invalid_input` when it is not one. */
export function parsePeriod(text: string): Period {
  const period = findPeriod(text);
  if (!period) {
    throw new AppError(
      'invalid_input',
      `期间“${text}”格式不对，应为 2024、2024Q3 或 2024M09YTD / period “${text}” is not of the form 2024, 2024Q3 or 2024M09YTD`,
      { period: text },
    );
  }
  return period;
}

export function isValidPeriod(text: string): boolean {
  return findPeriod(text) !== null;
}

function toPeriod(input: PeriodInput): Period {
  return typeof input === 'string' ? parsePeriod(input) : input;
}

/** The canonical string: 2024, 2024Q3, 2024M09YTD. */
export function formatPeriod(input: PeriodInput): string {
  const p = toPeriod(input);
  const year = String(p.year).padStart(4, '0');
  switch (p.kind) {
    case 'year':
      return year;
    case 'quarter':
      return `${year}Q${p.quarter}`;
    case 'ytd':
      return `${year}M${String(p.month).padStart(2, '0')}YTD`;
  }
}

/** Chinese label as used in statistical tables: 2024年, 2024年第3季度, 2024年1—9月. */
export function periodLabel(input: PeriodInput): string {
  const p = toPeriod(input);
  switch (p.kind) {
    case 'year':
      return `${p.year}年`;
    case 'quarter':
      return `${p.year}年第${p.quarter}季度`;
    case 'ytd':
      return p.month === 1 ? `${p.year}年1月` : `${p.year}年1—${p.month}月`;
  }
}

export function periodKind(input: PeriodInput): PeriodKind {
  return toPeriod(input).kind;
}

/** First and last month (1–12) covered by the period. */
export function periodMonths(input: PeriodInput): { year: number; from: number; to: number } {
  const p = toPeriod(input);
  switch (p.kind) {
    case 'year':
      return { year: p.year, from: 1, to: 12 };
    case 'quarter':
      return { year: p.year, from: p.quarter * 3 - 2, to: p.quarter * 3 };
    case 'ytd':
      return { year: p.year, from: 1, to: p.month };
  }
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function isoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** First day of the period (YYYY-MM-DD). */
export function periodStartDate(input: PeriodInput): string {
  const { year, from } = periodMonths(input);
  return isoDate(year, from, 1);
}

/** Last day of the period (YYYY-MM-DD): 2024Q1 → 2024-03-31, 2024M02YTD → 2024-02-29. */
export function periodEndDate(input: PeriodInput): string {
  const { year, to } = periodMonths(input);
  return isoDate(year, to, daysInMonth(year, to));
}

/** Parses YYYY-MM-DD into its parts; throws `invalid_input` for anything else or an impossible date. */
export function parseIsoDate(date: string): { year: number; month: number; day: number } {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const year = Number(m?.[1]);
  const month = Number(m?.[2]);
  const day = Number(m?.[3]);
  if (!m || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new AppError('invalid_input', `日期“${date}”无效 / “${date}” is not a date (YYYY-MM-DD)`, { date });
  }
  return { year, month, day };
}

/**
 * The period of `kind` that contains `date`. For `ytd`, the year to date through the date's month
 * (2024-09-15 → 2024M09YTD): the shortest year-to-date period that contains it.
 */
export function periodContaining(date: string, kind: PeriodKind): string {
  const { year, month } = parseIsoDate(date);
  switch (kind) {
    case 'year':
      return formatPeriod({ kind: 'year', year });
    case 'quarter':
      return formatPeriod({ kind: 'quarter', year, quarter: Math.ceil(month / 3) as 1 | 2 | 3 | 4 });
    case 'ytd':
      return formatPeriod({ kind: 'ytd', year, month });
  }
}

/** True when `date` (YYYY-MM-DD) falls within the period, ends included. */
export function periodIncludesDate(input: PeriodInput, date: string): boolean {
  parseIsoDate(date);
  return periodStartDate(input) <= date && date <= periodEndDate(input);
}

const kindOrder: Record<PeriodKind, number> = { year: 0, quarter: 1, ytd: 2 };

/**
 * Total order for sorting: by end date, then by start date (the longer period first), then by kind
 * (year, quarter, year-to-date): 2024Q1 < 2024M03YTD < 2024M06YTD < 2024Q2 < … < 2024 < 2024M12YTD < 2024Q4 < 2025Q1.
 */
export function comparePeriods(a: PeriodInput, b: PeriodInput): number {
  const endA = periodEndDate(a);
  const endB = periodEndDate(b);
  if (endA !== endB) return endA < endB ? -1 : 1;
  const startA = periodStartDate(a);
  const startB = periodStartDate(b);
  if (startA !== startB) return startA < startB ? -1 : 1;
  return kindOrder[periodKind(a)] - kindOrder[periodKind(b)];
}

/** Sorts a list of period strings by `comparePeriods` (returns a new array). */
export function sortPeriods(periods: readonly string[]): string[] {
  return [...periods].sort(comparePeriods);
}

/** Same kind, same months of the year: the only pairs between which growth is computed. */
export function isComparable(a: PeriodInput, b: PeriodInput): boolean {
  const pa = toPeriod(a);
  const pb = toPeriod(b);
  if (pa.kind !== pb.kind) return false;
  const ma = periodMonths(pa);
  const mb = periodMonths(pb);
  return ma.from === mb.from && ma.to === mb.to;
}

/** The comparable period one year earlier: 2024M09YTD → 2023M09YTD, 2024Q3 → 2023Q3, 2024 → 2023. */
export function previousComparable(input: PeriodInput): string {
  const p = toPeriod(input);
  if (p.year - 1 < minPeriodYear) {
    throw new AppError(
      'invalid_input',
      `${formatPeriod(p)} 没有上年同期 / ${formatPeriod(p)} has no prior year`,
    );
  }
  return formatPeriod({ ...p, year: p.year - 1 });
}

/** The next period of the same kind: 2024 → 2025, 2024Q4 → 2025Q1, 2024M12YTD → 2025M01YTD. */
export function nextPeriod(input: PeriodInput): string {
  const p = toPeriod(input);
  switch (p.kind) {
    case 'year':
      return formatPeriod({ kind: 'year', year: p.year + 1 });
    case 'quarter':
      return p.quarter === 4
        ? formatPeriod({ kind: 'quarter', year: p.year + 1, quarter: 1 })
        : formatPeriod({ kind: 'quarter', year: p.year, quarter: (p.quarter + 1) as 2 | 3 | 4 });
    case 'ytd':
      return p.month === 12
        ? formatPeriod({ kind: 'ytd', year: p.year + 1, month: 1 })
        : formatPeriod({ kind: 'ytd', year: p.year, month: p.month + 1 });
  }
}

/** Every period of the kind of `from` from `from` to `to` inclusive (both of the same kind). */
export function periodRange(from: PeriodInput, to: PeriodInput): string[] {
  const start = toPeriod(from);
  const end = toPeriod(to);
  if (start.kind !== end.kind) {
    throw new AppError('invalid_input', '起止期间类型不同 / the two periods are of different kinds', {
      from: formatPeriod(start),
      to: formatPeriod(end),
    });
  }
  const out: string[] = [];
  let current = formatPeriod(start);
  const last = formatPeriod(end);
  while (comparePeriods(current, last) <= 0) {
    out.push(current);
    current = nextPeriod(current);
  }
  return out;
}

/**
 * Growth rate between comparable periods: (current − previous) / |previous|. Throws `rule_violated`
 * for periods that are not comparable; returns null when the previous value is 0.
 */
export function comparableGrowth(
  current: { period: PeriodInput; value: number },
  previous: { period: PeriodInput; value: number },
): number | null {
  if (!isComparable(current.period, previous.period)) {
    throw new AppError(
      'rule_violated',
      `${formatPeriod(current.period)} 与 ${formatPeriod(previous.period)} 不可比，不计算增速 / ${formatPeriod(current.period)} and ${formatPeriod(previous.period)} are not comparable: no growth rate`,
      { current: formatPeriod(current.period), previous: formatPeriod(previous.period) },
    );
  }
  if (previous.value === 0) return null;
  return (current.value - previous.value) / Math.abs(previous.value);
}

/** zod contract for a period string in requests and responses. */
export const periodSchema = z.string().refine(isValidPeriod, {
  message: '期间应为 2024、2024Q3 或 2024M09YTD / a period is 2024, 2024Q3 or 2024M09YTD',
});

export const periodKindSchema = z.enum(['year', 'quarter', 'ytd']);
