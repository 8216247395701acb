/**
 * The administrator-maintained holiday calendar (docs/recognition.md): days off and 调休 working
 * weekends by date. The 2026 State Council list is seeded at start-up when the year is empty; the
 * working-day arithmetic itself is pure (@qunce/core/recognition).
 */
import {
  buildCalendar,
  type CalendarDay,
  endOfWorkingDays,
  type HolidayCalendar,
  holidaySource2026,
  holidays2026,
} from '@qunce/core/recognition';
import { and, asc, eq, gte, lte } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { holidayCalendar } from '../../db/schema/index.ts';
import { appendAudit } from '../audit/audit.service.ts';
import type { Actor } from '../users/users.service.ts';

export async function listCalendarDays(db: DbOrTx, year?: number): Promise<CalendarDay[]> {
  const rows = await db
    .select()
    .from(holidayCalendar)
    .where(
      year === undefined
        ? undefined
        : and(gte(holidayCalendar.date, `${year}-01-01`), lte(holidayCalendar.date, `${year}-12-31`)),
    )
    .orderBy(asc(holidayCalendar.date));
  return rows.map((r) => ({ date: r.date, kind: r.kind, name: r.name }));
}

export async function loadCalendar(db: DbOrTx): Promise<HolidayCalendar> {
  return buildCalendar(await listCalendarDays(db));
}

/** Seeds the 2026 list when no 2026 day is recorded yet (idempotent; administrators' edits are kept). */
export async function seedHolidayCalendar(db: DbOrTx, at: Date): Promise<number> {
  if ((await listCalendarDays(db, 2026)).length > 0) return 0;
  await db
    .insert(holidayCalendar)
    .values(holidays2026.map((d) => ({ ...d, source: holidaySource2026, updatedAt: at, updatedBy: 'seed' })))
    .onConflictDoNothing();
  return holidays2026.length;
}

export async function putCalendarDay(db: DbOrTx, day: CalendarDay, actor: Actor): Promise<CalendarDay> {
  const [before] = await db.select().from(holidayCalendar).where(eq(holidayCalendar.date, day.date));
  await db
    .insert(holidayCalendar)
    .values({ ...day, source: null, updatedAt: actor.at, updatedBy: actor.actorName })
    .onConflictDoUpdate({
      target: holidayCalendar.date,
      set: { kind: day.kind, name: day.name, updatedAt: actor.at, updatedBy: actor.actorName },
    });
  await appendAudit(db, {
    ...actor,
    action: 'calendar.day_set',
    entityType: 'calendar_day',
    entityId: day.date,
    before: before ? { kind: before.kind, name: before.name } : null,
    after: day,
  });
  return day;
}

export async function deleteCalendarDay(db: DbOrTx, date: string, actor: Actor): Promise<boolean> {
  const deleted = await db.delete(holidayCalendar).where(eq(holidayCalendar.date, date)).returning();
  if (deleted.length > 0)
    await appendAudit(db, {
      ...actor,
      action: 'calendar.day_deleted',
      entityType: 'calendar_day',
      entityId: date,
      before: deleted[0],
    });
  return deleted.length > 0;
}

/** The last day of `count` working days from `start` on the stored calendar. */
export async function endOfWorkingDaysOn(db: DbOrTx, start: string, count: number): Promise<string> {
  return endOfWorkingDays(start, count, await loadCalendar(db));
}
