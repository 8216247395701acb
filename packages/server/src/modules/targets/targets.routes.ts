import {
  defaultProgressThresholds,
  pattern3830ResponseSchema,
  progressThresholdsSchema,
  reportTargetValueRequestSchema,
  setBaselineRequestSchema,
  setThresholdsRequestSchema,
  targetSchema,
  targetSetSchema,
  targetSetSummarySchema,
  targetsQuerySchema,
  targetsResponseSchema,
} from '@qunce/core/targets';
import { desc, notInArray } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditLog } from '../../db/schema/index.ts';
import { contentDisposition } from '../attachments/attachments.file-type.ts';
import { now, requirePermission } from '../auth/auth.hooks.ts';
import { actorOf, chinaDate } from '../clusters/registry.scope.ts';
import {
  createTargetSet,
  ensurePolicyTargetSet,
  getPattern3830,
  getTargetsStatus,
  listReportedValues,
  listTargetSets,
  reportTargetValue,
  setTargetBaseline,
  setTargetSetThresholds,
} from './targets.service.ts';
import {
  buildAnnualReportData,
  writeAnnualReportDocx,
  writeAnnualReportXlsx,
} from './targets-report.service.ts';

/** Audit entity types whose writes change no target figure (sign-ins, refused requests, accounts). */
const entityTypesWithoutFigures = ['session', 'route', 'user'];

const codeParams = z.strictObject({ code: z.string().min(1).max(32) });
const setQuery = z.strictObject({ set: z.string().min(1).optional() });
const dateQuery = z.strictObject({
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
});
const reportQuery = targetsQuerySchema.extend({ docNumber: z.string().max(100).optional() });

const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const docxType = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export async function targetsRoutes(app: FastifyInstance): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  /** Status per (set, version, date, audit head): one app, one database, so the key is enough. */
  const statusCache = new Map<string, Awaited<ReturnType<typeof getTargetsStatus>>>();
  const db = app.deps.database.db;
  const tags = ['targets'];
  const today = () => chinaDate(now(app));

  // The 2023 policy's target set and tasks are seeded at start-up (idempotent).
  app.addHook('onReady', async () => {
    await ensurePolicyTargetSet(db, now(app));
  });

  api.get(
    '/targets',
    {
      schema: {
        tags,
        summary: '目标进展（状态、计算过程、预测）/ targets with status, calculation and forecast',
        querystring: targetsQuerySchema,
        response: { 200: targetsResponseSchema },
      },
    },
    async (request) => {
      requirePermission(request, 'targets.read');
      const query = { ...request.query, date: request.query.date ?? today() };
      // Every write appends to the audit log in its own transaction, so the newest entry that may
      // change a figure identifies the data the status was computed on: the cockpit's repeated reads
      // are answered from memory, and the first read after such a write computes afresh. Sign-ins,
      // sign-outs, refused requests and account changes (sessions, routes, users) change no figure and
      // keep the result (docs/targets.md, "Speed"). Found by reading the log backwards from its head.
      const [head] = await db
        .select({ seq: auditLog.seq })
        .from(auditLog)
        .where(notInArray(auditLog.entityType, entityTypesWithoutFigures))
        .orderBy(desc(auditLog.seq))
        .limit(1);
      const key = JSON.stringify([query.set ?? null, query.version ?? null, query.date, head?.seq ?? 0]);
      const cached = statusCache.get(key);
      if (cached) return cached;
      const status = await getTargetsStatus(db, query);
      if (statusCache.size >= 32) statusCache.delete(statusCache.keys().next().value ?? '');
      statusCache.set(key, status);
      return status;
    },
  );

  api.get(
    '/targets/sets',
    {
      schema: {
        tags,
        summary: '目标集（各版本）/ target sets and versions',
        response: { 200: z.object({ items: z.array(targetSetSummarySchema) }) },
      },
    },
    async (request) => {
      requirePermission(request, 'targets.read');
      return { items: await listTargetSets(db) };
    },
  );

  api.post(
    '/targets/sets',
    {
      schema: {
        tags,
        summary: '新建目标集或新版本（如 2030 年目标）/ create a target set or a new version',
        body: z.strictObject({ set: targetSetSchema, thresholds: progressThresholdsSchema.optional() }),
        response: { 201: targetSetSummarySchema },
      },
    },
    async (request, reply) => {
      const user = requirePermission(request, 'targets.manage');
      const summary = await createTargetSet(
        db,
        request.body.set,
        request.body.thresholds ?? defaultProgressThresholds,
        actorOf(user, request, now(app)),
      );
      return reply.status(201).send(summary);
    },
  );

  api.get(
    '/targets/:code/values',
    {
      schema: {
        tags,
        summary: '目标报送值及佐证 / reported values of a target with their evidence',
        params: codeParams,
        querystring: setQuery,
        response: {
          200: z.object({
            items: z.array(
              z.object({
                period: z.string(),
                date: z.string(),
                value: z.number(),
                note: z.string().nullable(),
                attachmentIds: z.array(z.string()),
                departmentCode: z.string(),
                reportedBy: z.string().nullable(),
                reportedAt: z.string(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      requirePermission(request, 'targets.read');
      return { items: await listReportedValues(db, request.query.set, request.params.code) };
    },
  );

  api.get(
    '/targets/3830',
    {
      schema: {
        tags,
        summary: '“3830”格局与产业规模目标 / the 3830 view: clusters by tier, industries by scale goal',
        querystring: dateQuery,
        response: { 200: pattern3830ResponseSchema },
      },
    },
    async (request) => {
      requirePermission(request, 'targets.read');
      return getPattern3830(db, request.query.date ?? today());
    },
  );

  api.post(
    '/targets/:code/values',
    {
      schema: {
        tags,
        summary: '报送目标年度值（责任单位，附佐证）/ report a year’s value of a reported target',
        params: codeParams,
        querystring: setQuery,
        body: reportTargetValueRequestSchema,
        response: {
          201: z.object({
            setCode: z.string(),
            targetCode: z.string(),
            period: z.string(),
            date: z.string(),
            value: z.number(),
            departmentCode: z.string(),
            attachmentIds: z.array(z.string()),
          }),
        },
      },
    },
    async (request, reply) => {
      const user = requirePermission(request, 'targets.report');
      const result = await reportTargetValue(
        db,
        user,
        request.query.set,
        request.params.code,
        request.body,
        actorOf(user, request, now(app)),
      );
      return reply.status(201).send(result);
    },
  );

  api.put(
    '/targets/:code/baseline',
    {
      schema: {
        tags,
        summary: '设置目标基期值 / set a target’s baseline',
        params: codeParams,
        querystring: setQuery,
        body: setBaselineRequestSchema,
        response: { 200: targetSchema },
      },
    },
    async (request) => {
      const user = requirePermission(request, 'targets.manage');
      return setTargetBaseline(
        db,
        request.query.set,
        request.params.code,
        request.body.baseline,
        actorOf(user, request, now(app)),
      );
    },
  );

  api.put(
    '/targets/sets/:code/thresholds',
    {
      schema: {
        tags,
        summary: '设置进展状态阈值 / set a target set’s progress thresholds',
        params: z.strictObject({ code: z.string().min(1).max(64) }),
        body: setThresholdsRequestSchema,
        response: { 200: progressThresholdsSchema },
      },
    },
    async (request) => {
      const user = requirePermission(request, 'targets.manage');
      return setTargetSetThresholds(
        db,
        request.params.code,
        request.body.thresholds,
        actorOf(user, request, now(app)),
      );
    },
  );

  for (const format of ['xlsx', 'docx'] as const) {
    api.get(
      `/targets/report.${format}`,
      {
        schema: {
          tags,
          summary: `年度进展报告（${format}）/ annual progress report on targets and tasks (.${format})`,
          querystring: reportQuery,
        },
      },
      async (request, reply) => {
        const user = requirePermission(request, 'targets.read');
        const date = request.query.date ?? today();
        const data = await buildAnnualReportData(db, user, { ...request.query, date });
        const content =
          format === 'xlsx'
            ? await writeAnnualReportXlsx(data)
            : await writeAnnualReportDocx(data, {
                date: today(),
                docNumber: request.query.docNumber ?? null,
              });
        return reply
          .header('content-type', format === 'xlsx' ? xlsxType : docxType)
          .header('content-disposition', contentDisposition(`目标任务进展报告-${date}.${format}`))
          .send(content);
      },
    );
  }
}
