/**
 * Calendar arithmetic on ISO dates (YYYY-MM-DD), pure: no clock, no time zone (everything in UTC days).
 */
import { AppError } from '../errors.ts';

const isoDate = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of an ISO date; throws invalid_input for anything that is not a real date. */
export function dayNumber(date: string): number {
  const m = isoDate.exec(date);
  if (!m) throw new AppError('invalid_input', `日期格式无效 / invalid date: ${date}`, { value: date });
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const ms = Date.UTC(y, mo - 1, d);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) {
    throw new AppError('invalid_input', `日期不存在 / no such date: ${date}`, { value: date });
  }
  return ms / 86_400_000;
}

function parts(date: string): [number, number, number] {
  dayNumber(date);
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return [y, m, d];
}

/** The same month and day `years` later; 29 February becomes 28 February in a common year. */
function shiftYears(date: string, years: number): number {
  const [y, m, d] = parts(date);
  const target = y + years;
  const lastDay = new Date(Date.UTC(target, m, 0)).getUTCDate();
  return Date.UTC(target, m - 1, Math.min(d, lastDay)) / 86_400_000;
}

/**
 * Years from `from` to `to` (negative when `to` is earlier): whole years between the same calendar
 * day, plus the remaining days divided by the length of the year they fall in. So 2022-12-31 →
 * 2024-12-31 is exactly 2 (not 731 / 365.25), and 2024-12-31 → 2025-06-30 is 181 / 365.
 */
export function yearsBetween(from: string, to: string): number {
  const a = dayNumber(from);
  const b = dayNumber(to);
  if (b < a) return -yearsBetween(to, from);
  const [ya] = parts(from);
  const [yb] = parts(to);
  let whole = yb - ya;
  if (shiftYears(from, whole) > b) whole -= 1;
  const anchor = shiftYears(from, whole);
  const next = shiftYears(from, whole + 1);
  return whole + (b - anchor) / (next - anchor);
}
