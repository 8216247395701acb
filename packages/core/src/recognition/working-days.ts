/**
 * Working-day arithmetic on an administrator-maintained holiday calendar (issue 7, item 5). A day is a
 * working day when it is a Monday–Friday not listed as a holiday, or a weekend day listed as a
 * 调休 working day (e.g. Saturday 2026-02-14). Dates are ISO calendar dates (no time zone: the
 * calendar is China's); weekdays come from the proleptic Gregorian calendar, not from a clock.
 */

export type HolidayCalendar = {
  /** Days off that would otherwise be working days (statutory holidays and their 调休 days). */
  holidays: ReadonlySet<string>;
  /** Weekend days worked instead (调休上班). */
  workdays: ReadonlySet<string>;
};

export type CalendarDayKind = 'holiday' | 'workday';

export type CalendarDay = { date: string; kind: CalendarDayKind; name: string };

export function buildCalendar(days: readonly Pick<CalendarDay, 'date' | 'kind'>[]): HolidayCalendar {
  return {
    holidays: new Set(days.filter((d) => d.kind === 'holiday').map((d) => d.date)),
    workdays: new Set(days.filter((d) => d.kind === 'workday').map((d) => d.date)),
  };
}

const isoDate = /^(\d{4})-(\d{2})-(\d{2})$/;

function dayNumber(date: string): number {
  const m = isoDate.exec(date);
  if (!m) throw new Error(`not an ISO date: ${date}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / 86_400_000;
}

function fromDayNumber(n: number): string {
  return new Date(n * 86_400_000).toISOString().slice(0, 10);
}

/** 0 Sunday … 6 Saturday (1970-01-01, day 0, was a Thursday). */
export function weekdayOf(date: string): number {
  return (((dayNumber(date) + 4) % 7) + 7) % 7;
}

export function addDays(date: string, days: number): string {
  return fromDayNumber(dayNumber(date) + days);
}

export function isWorkingDay(date: string, calendar: HolidayCalendar): boolean {
  if (calendar.workdays.has(date)) return true;
  if (calendar.holidays.has(date)) return false;
  const weekday = weekdayOf(date);
  return weekday !== 0 && weekday !== 6;
}

/**
 * The last day of a period of `count` working days that starts on `start`: `start` counts as day 1
 * when it is a working day, otherwise counting begins on the next working day. A public notice of
 * 5 working days from Thursday 2026-09-24 counts 09-24, 09-28, 09-29, 09-30 and ends on 10-08
 * (09-25…27 中秋 and 10-01…07 国庆 are off).
 */
export function endOfWorkingDays(start: string, count: number, calendar: HolidayCalendar): string {
  if (!Number.isInteger(count) || count < 1)
    throw new Error(`working days must be a positive integer: ${count}`);
  let day = start;
  let counted = 0;
  for (let guard = 0; guard < 3660; guard += 1) {
    if (isWorkingDay(day, calendar)) {
      counted += 1;
      if (counted === count) return day;
    }
    day = addDays(day, 1);
  }
  throw new Error('no working days within ten years: check the calendar');
}

/** Working days from `from` through `to`, both included (0 when `to` is before `from`). */
export function countWorkingDays(from: string, to: string, calendar: HolidayCalendar): number {
  let n = 0;
  for (let d = dayNumber(from); d <= dayNumber(to); d += 1)
    if (isWorkingDay(fromDayNumber(d), calendar)) n += 1;
  return n;
}
