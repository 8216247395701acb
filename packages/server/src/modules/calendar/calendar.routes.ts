import { AppError } from '@qunce/core';
import { calendarDaySchema } from '@qunce/core/recognition';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { now, requirePermission, requireUser } from '../auth/auth.hooks.ts';
import { actorOf } from '../clusters/registry.scope.ts';
import {
  deleteCalendarDay,
  endOfWorkingDaysOn,
  listCalendarDays,
  putCalendarDay,
} from './calendar.service.ts';

/** The system administrator (settings) or the province (who runs the rounds) keeps the calendar. */
function requireCalendarAdmin(request: FastifyRequest) {
  const user = requireUser(request);
  if (user.permissions.includes('recognition.manage')) return user;
  return requirePermission(request, 'settings.manage');
}

const dateParams = z.strictObject({ date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) });

export async function calendarRoutes(app: FastifyInstance): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const db = app.deps.database.db;
  const tags = ['calendar'];

  api.get(
    '/calendar',
    {
      schema: {
        tags,
        summary: '节假日与调休日历 / holiday calendar (days off and 调休 working weekends)',
        querystring: z.strictObject({ year: z.coerce.number().int().min(2000).max(2100).optional() }),
      },
    },
    async (request) => {
      requirePermission(request, 'reference.read');
      return { items: await listCalendarDays(db, request.query.year) };
    },
  );

  api.get(
    '/calendar/working-days',
    {
      schema: {
        tags,
        summary: '按工作日计算截止日 / last day of N working days from a start date',
        querystring: z.strictObject({
          start: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
          days: z.coerce.number().int().min(1).max(365),
        }),
      },
    },
    async (request) => {
      requirePermission(request, 'reference.read');
      const { start, days } = request.query;
      return { start, workingDays: days, end: await endOfWorkingDaysOn(db, start, days) };
    },
  );

  api.put(
    '/calendar/:date',
    {
      schema: {
        tags,
        summary: '设置节假日或调休上班日 / set a day off or a 调休 working day',
        params: dateParams,
        body: calendarDaySchema.omit({ date: true }),
      },
    },
    async (request) => {
      const user = requireCalendarAdmin(request);
      return putCalendarDay(
        db,
        { date: request.params.date, ...request.body },
        actorOf(user, request, now(app)),
      );
    },
  );

  api.delete(
    '/calendar/:date',
    { schema: { tags, summary: '删除日历条目 / remove a calendar entry', params: dateParams } },
    async (request, reply) => {
      const user = requireCalendarAdmin(request);
      const found = await deleteCalendarDay(db, request.params.date, actorOf(user, request, now(app)));
      if (!found) throw new AppError('not_found', `未找到 / not found: calendar day ${request.params.date}`);
      return reply.status(204).send();
    },
  );
}
