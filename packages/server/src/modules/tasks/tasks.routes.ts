import {
  completeDutyRequestSchema,
  reviewTaskReportRequestSchema,
  scheduleDutiesRequestSchema,
  submitTaskReportRequestSchema,
  taskDutyViewSchema,
  taskReportStatuses,
  taskReportViewSchema,
  taskViewSchema,
  todoResponseSchema,
} from '@qunce/core/targets';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { DbOrTx } from '../../db/client.ts';
import { now, requirePermission, requireUser } from '../auth/auth.hooks.ts';
import { actorOf, chinaDate } from '../clusters/registry.scope.ts';
import { loadTargetSet } from '../targets/targets.service.ts';
import {
  completeDuty,
  getTask,
  getTodo,
  listDuties,
  listTaskReports,
  listTasks,
  reviewTaskReport,
  scheduleDuties,
  submitTaskReport,
} from './tasks.service.ts';

const setQuery = z.strictObject({ set: z.string().min(1).optional() });
const codeParams = z.strictObject({ code: z.string().min(1).max(16) });
const idParams = z.strictObject({ id: z.uuid() });

/** Tasks belong to a target set; default the newest set. */
async function setCodeOf(db: DbOrTx, set: string | undefined): Promise<string> {
  return set ?? (await loadTargetSet(db)).set.code;
}

export async function tasksRoutes(app: FastifyInstance): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const db = app.deps.database.db;
  const tags = ['tasks'];
  const today = () => chinaDate(now(app));

  api.get(
    '/tasks',
    {
      schema: {
        tags,
        summary: '重点任务和保障措施（部门只见本单位的）/ key tasks and guarantee measures in scope',
        querystring: setQuery,
        response: { 200: z.object({ items: z.array(taskViewSchema) }) },
      },
    },
    async (request) => {
      const user = requirePermission(request, 'tasks.read');
      return { items: await listTasks(db, user, await setCodeOf(db, request.query.set)) };
    },
  );

  api.get(
    '/tasks/todo',
    {
      schema: {
        tags,
        summary: '我的待办 / the signed-in user’s to-do list',
        querystring: setQuery,
        response: { 200: todoResponseSchema },
      },
    },
    async (request) => {
      const user = requirePermission(request, 'tasks.read');
      return getTodo(db, user, await setCodeOf(db, request.query.set), today());
    },
  );

  api.get(
    '/tasks/reports',
    {
      schema: {
        tags,
        summary: '进展报告 / progress reports in scope',
        querystring: setQuery.extend({
          task: z.string().optional(),
          status: z.enum(taskReportStatuses).optional(),
        }),
        response: { 200: z.object({ items: z.array(taskReportViewSchema) }) },
      },
    },
    async (request) => {
      const user = requirePermission(request, 'tasks.read');
      const setCode = await setCodeOf(db, request.query.set);
      return {
        items: await listTaskReports(db, user, setCode, {
          taskCode: request.query.task,
          status: request.query.status,
        }),
      };
    },
  );

  api.post(
    '/tasks/reports/:id/review',
    {
      schema: {
        tags,
        summary: '审核进展报告（通过 / 退回并说明理由）/ accept or return a progress report',
        params: idParams,
        body: reviewTaskReportRequestSchema,
        response: { 200: taskReportViewSchema },
      },
    },
    async (request) => {
      const user = requirePermission(request, 'tasks.manage');
      return reviewTaskReport(db, request.params.id, request.body, actorOf(user, request, now(app)));
    },
  );

  api.get(
    '/tasks/duties',
    {
      schema: {
        tags,
        summary: '工作安排（报告期、年度活动、推进会；逾期标记）/ scheduled duties with overdue flags',
        querystring: setQuery,
        response: { 200: z.object({ date: z.string(), items: z.array(taskDutyViewSchema) }) },
      },
    },
    async (request) => {
      const user = requirePermission(request, 'tasks.read');
      const date = today();
      return { date, items: await listDuties(db, user, await setCodeOf(db, request.query.set), date) };
    },
  );

  api.post(
    '/tasks/duties/schedule',
    {
      schema: {
        tags,
        summary: '生成年度工作安排 / schedule a year’s duties',
        body: scheduleDutiesRequestSchema,
        response: { 200: z.object({ created: z.number().int() }) },
      },
    },
    async (request) => {
      const user = requirePermission(request, 'tasks.manage');
      const setCode = await setCodeOf(db, request.body.set);
      return {
        created: await scheduleDuties(db, setCode, request.body.year, actorOf(user, request, now(app))),
      };
    },
  );

  api.post(
    '/tasks/duties/:id/complete',
    {
      schema: {
        tags,
        summary: '登记年度活动、计划或推进会已完成 / mark a recurring duty done',
        params: idParams,
        body: completeDutyRequestSchema,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      // The department owning the duty, or the province on its behalf.
      const user = requireUser(request);
      if (!user.permissions.includes('tasks.manage')) requirePermission(request, 'tasks.report');
      await completeDuty(db, user, request.params.id, request.body, actorOf(user, request, now(app)));
      return reply.status(204).send(null);
    },
  );

  api.get(
    '/tasks/:code',
    {
      schema: {
        tags,
        summary: '任务详情及报告 / a task with its reports',
        params: codeParams,
        querystring: setQuery,
        response: { 200: taskViewSchema.extend({ reports: z.array(taskReportViewSchema) }) },
      },
    },
    async (request) => {
      const user = requirePermission(request, 'tasks.read');
      return getTask(db, user, await setCodeOf(db, request.query.set), request.params.code);
    },
  );

  api.post(
    '/tasks/:code/reports',
    {
      schema: {
        tags,
        summary: '提交进展报告（文字、数据、附件；仅本单位任务）/ submit a progress report on an own task',
        params: codeParams,
        querystring: setQuery,
        body: submitTaskReportRequestSchema,
        response: { 201: taskReportViewSchema },
      },
    },
    async (request, reply) => {
      const user = requirePermission(request, 'tasks.report');
      const view = await submitTaskReport(
        db,
        user,
        await setCodeOf(db, request.query.set),
        request.params.code,
        request.body,
        actorOf(user, request, now(app)),
      );
      return reply.status(201).send(view);
    },
  );
}
