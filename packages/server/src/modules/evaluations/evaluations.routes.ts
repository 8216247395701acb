import {
  clusterResultSchema,
  compareRunsQuerySchema,
  createEvaluationRunRequestSchema,
  createFrameworkRequestSchema,
  evaluationPeriodSchema,
  evaluationRunSummarySchema,
  evaluationRunViewSchema,
  frameworkSummarySchema,
  frameworkVersionSchema,
  frameworkViewSchema,
  runComparisonSchema,
  verifyRunSchema,
} from '@qunce/core/frameworks';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { now, requirePermission } from '../auth/auth.hooks.ts';
import { actorOf } from '../clusters/registry.scope.ts';
import { evaluationReportDocx } from './evaluations.docx.ts';
import {
  compareRuns,
  createFramework,
  createRun,
  deleteRun,
  getClusterResult,
  getFramework,
  getRun,
  listFrameworks,
  listRuns,
  publishRun,
  toFrameworkSummary,
  verifyRun,
} from './evaluations.service.ts';

const idParams = z.strictObject({ id: z.uuid() });
const clusterParams = z.strictObject({ id: z.uuid(), code: z.string().min(1).max(40) });
const docxType = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export async function evaluationsRoutes(app: FastifyInstance): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const db = app.deps.database.db;
  const tags = ['evaluations'];

  api.get(
    '/frameworks',
    {
      schema: {
        tags,
        summary: '评价框架版本 / framework versions',
        response: { 200: z.object({ items: z.array(frameworkSummarySchema) }) },
      },
    },
    async (request) => {
      requirePermission(request, 'indicators.read');
      return listFrameworks(db);
    },
  );

  api.get(
    '/frameworks/:version',
    {
      schema: {
        tags,
        summary: '评价框架版本（含规格）/ a framework version with its spec',
        params: z.strictObject({ version: frameworkVersionSchema }),
        response: { 200: frameworkViewSchema },
      },
    },
    async (request) => {
      requirePermission(request, 'indicators.read');
      const framework = await getFramework(db, request.params.version);
      return { ...toFrameworkSummary(framework.row), spec: framework.spec };
    },
  );

  api.post(
    '/frameworks',
    {
      schema: {
        tags,
        summary: '新增框架版本（版本不可修改）/ add a framework version (versions never change)',
        body: createFrameworkRequestSchema,
        response: { 201: frameworkViewSchema },
      },
    },
    async (request, reply) => {
      const user = requirePermission(request, 'indicators.manage');
      return reply
        .status(201)
        .send(await createFramework(db, request.body, actorOf(user, request, now(app))));
    },
  );

  api.get(
    '/evaluations',
    {
      schema: {
        tags,
        summary:
          '评价运行列表 / evaluation runs (others than the province: published runs of their clusters)',
        querystring: z.strictObject({
          period: evaluationPeriodSchema.optional(),
          frameworkVersion: frameworkVersionSchema.optional(),
        }),
        response: { 200: z.object({ items: z.array(evaluationRunSummarySchema) }) },
      },
    },
    async (request) => {
      const user = requirePermission(request, 'evaluations.read');
      return listRuns(db, user, request.query);
    },
  );

  api.post(
    '/evaluations',
    {
      schema: {
        tags,
        summary: '发起评价运行（作业）/ start an evaluation run (a job)',
        body: createEvaluationRunRequestSchema,
        response: {
          202: z.object({
            run: evaluationRunSummarySchema,
            job: z.object({ id: z.string(), status: z.string() }),
          }),
        },
      },
    },
    async (request, reply) => {
      const user = requirePermission(request, 'evaluations.run');
      return reply
        .status(202)
        .send(await createRun(app, user, request.body, actorOf(user, request, now(app))));
    },
  );

  api.get(
    '/evaluations/compare',
    {
      schema: {
        tags,
        summary: '比较两次评价 / compare two runs',
        querystring: compareRunsQuerySchema,
        response: { 200: runComparisonSchema },
      },
    },
    async (request) => {
      const user = requirePermission(request, 'evaluations.read');
      return compareRuns(db, user, request.query.a, request.query.b);
    },
  );

  api.get(
    '/evaluations/:id',
    {
      schema: {
        tags,
        summary: '评价运行及结果（按权限范围）/ a run with the results in scope',
        params: idParams,
        response: { 200: evaluationRunViewSchema },
      },
    },
    async (request) => {
      const user = requirePermission(request, 'evaluations.read');
      return getRun(db, user, request.params.id);
    },
  );

  api.get(
    '/evaluations/:id/clusters/:code',
    {
      schema: {
        tags,
        summary: '某集群的评价结果 / one cluster’s result',
        params: clusterParams,
        response: {
          200: z.object({
            run: evaluationRunSummarySchema,
            result: clusterResultSchema,
            tiers: z
              .object({
                method: z.string(),
                tiers: z.array(z.string()),
                rest: z.string(),
                boundaries: z.array(z.unknown()),
              })
              .nullable(),
          }),
        },
      },
    },
    async (request) => {
      const user = requirePermission(request, 'evaluations.read');
      return getClusterResult(db, user, request.params.id, request.params.code);
    },
  );

  api.get(
    '/evaluations/:id/clusters/:code/report.docx',
    {
      schema: {
        tags,
        summary: '集群评价报告 .docx / the cluster’s evaluation report',
        params: clusterParams,
      },
    },
    async (request, reply) => {
      const user = requirePermission(request, 'evaluations.read');
      const detail = await getClusterResult(db, user, request.params.id, request.params.code);
      const bytes = await evaluationReportDocx(detail);
      return reply
        .header('content-type', docxType)
        .header(
          'content-disposition',
          `attachment; filename="evaluation-${detail.run.period}-${request.params.code}.docx"`,
        )
        .send(bytes);
    },
  );

  api.post(
    '/evaluations/:id/publish',
    {
      schema: {
        tags,
        summary: '发布评价（此后不可更改）/ publish a run (immutable afterwards)',
        params: idParams,
        response: { 200: evaluationRunSummarySchema },
      },
    },
    async (request) => {
      const user = requirePermission(request, 'evaluations.run');
      return publishRun(db, request.params.id, actorOf(user, request, now(app)));
    },
  );

  api.post(
    '/evaluations/:id/verify',
    {
      schema: {
        tags,
        summary:
          '由存档规格和数据快照重算并逐字节比对 / recompute from the stored spec and snapshot and compare bytes',
        params: idParams,
        response: { 200: verifyRunSchema },
      },
    },
    async (request) => {
      requirePermission(request, 'evaluations.run');
      return verifyRun(db, request.params.id);
    },
  );

  api.delete(
    '/evaluations/:id',
    {
      schema: {
        tags,
        summary: '删除草稿或失败的评价（已发布 409）/ delete a draft or failed run (published: 409)',
        params: idParams,
      },
    },
    async (request, reply) => {
      const user = requirePermission(request, 'evaluations.run');
      await deleteRun(db, request.params.id, actorOf(user, request, now(app)));
      return reply.status(204).send();
    },
  );
}
