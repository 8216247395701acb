/**
 * Dates as bureaus type them: 2024-03-15, 2024/3/15, 2023.5.1, 2023年5月1日, 20240315, full-width
 * digits, a trailing time; Excel date cells (a Date from the reader, or a serial number when the cell
 * lost its date format). Ambiguous orders (3/15/2024, 15/03/2024) are refused, not guessed.
 *
 * Excel serials, 1900 system: serial 1 = 1900-01-01, and Excel counts a 29 February 1900 that never
 * existed (serial 60), so from serial 61 on the date is 1899-12-30 + serial days. 1904 system (old Mac
 * workbooks): 1904-01-01 + serial days.
 */
import { daysInMonth } from '../periods/period.ts';
import { hasFullWidth, toHalfWidth, trimSpaces } from '../validators/full-width.ts';
import { noteFullWidth, type RawCell } from './cell-text.ts';
import { type CellResult, cellError, cellOk } from './import-issue.ts';

const dayMs = 86_400_000;
// Notes are constant texts (the notice carries the value before and after) so that a summary can
// count them per column.
export const noteSerial = 'Excel 日期序号转为日期 / Excel date serial read as a date';
export const noteYearMonthDay =
  '按年-月-日读取并写成 YYYY-MM-DD / read as year-month-day and written YYYY-MM-DD';
export const maxExcelSerial = 2_958_465; // 9999-12-31

function iso(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function fromUtcMs(ms: number): string {
  const d = new Date(ms);
  return iso(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

/** Converts an Excel date serial to YYYY-MM-DD (time of day dropped); null when out of range or 1900-02-29. */
export function excelSerialToDate(serial: number, date1904 = false): string | null {
  if (!Number.isFinite(serial)) return null;
  const days = Math.floor(serial);
  if (date1904) {
    if (days < 0 || days > maxExcelSerial - 1462) return null;
    return fromUtcMs(Date.UTC(1904, 0, 1) + days * dayMs);
  }
  if (days < 1 || days > maxExcelSerial || days === 60) return null;
  return fromUtcMs(Date.UTC(1899, 11, days < 60 ? 31 : 30) + days * dayMs);
}

/** Excel serial (1900 system) of a YYYY-MM-DD date on or after 1900-03-01. */
export function dateToExcelSerial(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  return Math.round((Date.UTC(y ?? 0, (m ?? 1) - 1, d ?? 1) - Date.UTC(1899, 11, 30)) / dayMs);
}

export type DateOptions = {
  /** The workbook uses the 1904 date system. */
  date1904?: boolean;
  /** Earliest and latest accepted dates (YYYY-MM-DD), default 1900-01-01 and 2999-12-31. */
  min?: string;
  max?: string;
};

function checked(
  year: number,
  month: number,
  day: number,
  text: string,
  notes: string[],
  options: DateOptions,
) {
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return cellError<string | null>(`“${text}”不是有效日期 / “${text}” is not a valid date`);
  }
  const value = iso(year, month, day);
  const min = options.min ?? '1900-01-01';
  const max = options.max ?? '2999-12-31';
  if (value < min || value > max) {
    return cellError<string | null>(
      `日期 ${value} 超出范围 ${min}～${max} / date ${value} is outside ${min} to ${max}`,
    );
  }
  return cellOk<string | null>(value, notes);
}

/** A date cell as YYYY-MM-DD; empty → null. */
export function normaliseDate(raw: RawCell, options: DateOptions = {}): CellResult<string | null> {
  if (raw === null || raw === undefined) return cellOk(null);
  if (typeof raw === 'boolean') return cellError('应为日期 / expected a date');
  if (raw instanceof Date) {
    if (Number.isNaN(raw.getTime())) return cellError('无效日期 / invalid date');
    const text = fromUtcMs(raw.getTime());
    const [y, m, d] = text.split('-').map(Number);
    return checked(y ?? 0, m ?? 0, d ?? 0, text, [], options);
  }
  if (typeof raw === 'number') {
    const value = excelSerialToDate(raw, options.date1904);
    if (value === null) return cellError(`数字 ${raw} 不是 Excel 日期 / ${raw} is not an Excel date serial`);
    const [y, m, d] = value.split('-').map(Number);
    return checked(y ?? 0, m ?? 0, d ?? 0, String(raw), [noteSerial], options);
  }
  const notes: string[] = [];
  let text = raw;
  if (hasFullWidth(text)) {
    text = toHalfWidth(text);
    notes.push(noteFullWidth);
  }
  text = trimSpaces(text);
  if (text === '') return cellOk(null);
  // a time of day after the date is dropped
  const withTime = /^(.+?)(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)$/.exec(text);
  if (withTime?.[1] !== undefined) {
    text = withTime[1].trim();
    notes.push('去除时间 / time of day dropped');
  }
  let m = /^(\d{4})\s*([-/.])\s*(\d{1,2})\s*\2\s*(\d{1,2})$/.exec(text);
  if (m) {
    const [, y, , mo, d] = m;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) notes.push(noteYearMonthDay);
    return checked(Number(y), Number(mo), Number(d), raw, notes, options);
  }
  m = /^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?$/.exec(text);
  if (m) {
    notes.push(noteYearMonthDay);
    return checked(Number(m[1]), Number(m[2]), Number(m[3]), raw, notes, options);
  }
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (m) {
    notes.push(noteYearMonthDay);
    return checked(Number(m[1]), Number(m[2]), Number(m[3]), raw, notes, options);
  }
  if (/^\d{5}(\.\d+)?$/.test(text)) {
    const serial = Number(text);
    const value = excelSerialToDate(serial, options.date1904);
    if (value !== null && serial >= 10_000) {
      notes.push(noteSerial);
      const [y, mo, d] = value.split('-').map(Number);
      return checked(y ?? 0, mo ?? 0, d ?? 0, raw, notes, options);
    }
  }
  if (/^\d{1,2}[-/.]\d{1,2}[-/.]\d{4}$/.test(text)) {
    return cellError(
      `“${raw}”的日月顺序不明确，请写成 2024-03-15 / “${raw}” is ambiguous (day/month order): write 2024-03-15`,
    );
  }
  if (/^\d{4}\s*[-/.年]\s*\d{1,2}\s*月?$/.test(text)) {
    return cellError(`“${raw}”缺少日，请写成 2024-03-15 / “${raw}” has no day: write 2024-03-15`);
  }
  return cellError(`“${raw}”不是日期，请写成 2024-03-15 / “${raw}” is not a date: write 2024-03-15`);
}
