import type { CalendarDay } from './working-days.ts';

/**
 * 2026 public holidays and 调休 working weekends: 国务院办公厅关于2026年部分节假日安排的通知
 * (国办发明电〔2025〕, 2025-11-04, Xinhua). Seeded into the holiday calendar; administrators add later
 * years (and corrections) through the API.
 */
const ranges: Array<{ name: string; from: string; days: number; workdays: string[] }> = [
  { name: '元旦 New Year', from: '2026-01-01', days: 3, workdays: ['2026-01-04'] },
  { name: '春节 Spring Festival', from: '2026-02-15', days: 9, workdays: ['2026-02-14', '2026-02-28'] },
  { name: '清明节 Qingming', from: '2026-04-04', days: 3, workdays: [] },
  { name: '劳动节 Labour Day', from: '2026-05-01', days: 5, workdays: ['2026-05-09'] },
  { name: '端午节 Dragon Boat', from: '2026-06-19', days: 3, workdays: [] },
  { name: '中秋节 Mid-Autumn', from: '2026-09-25', days: 3, workdays: [] },
  { name: '国庆节 National Day', from: '2026-10-01', days: 7, workdays: ['2026-09-20', '2026-10-10'] },
];

function plusDays(date: string, n: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y ?? 0, (m ?? 1) - 1, (d ?? 1) + n)).toISOString().slice(0, 10);
}

export const holidays2026: readonly CalendarDay[] = ranges.flatMap((r) => [
  ...Array.from({ length: r.days }, (_, i) => ({
    date: plusDays(r.from, i),
    kind: 'holiday' as const,
    name: r.name,
  })),
  ...r.workdays.map((date) => ({ date, kind: 'workday' as const, name: `${r.name} 调休上班` })),
]);

export const holidaySource2026 = '国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日）';
