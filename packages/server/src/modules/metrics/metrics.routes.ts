import {
  createMetricRequestSchema,
  growthQuerySchema,
  growthViewSchema,
  listMetricsQuerySchema,
  listObservationsQuerySchema,
  metricViewSchema,
  observationBatchRequestSchema,
  observationBatchResultSchema,
  observationInputSchema,
  observationViewSchema,
  recomputeRequestSchema,
  recomputeResultSchema,
  updateMetricRequestSchema,
} from '@qunce/core/metrics';
import { pageSchema } from '@qunce/core/registry';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { now, requirePermission } from '../auth/auth.hooks.ts';
import { actorOf } from '../clusters/registry.scope.ts';
import { observationExportFields } from '../registry-kit/export-fields.ts';
import { auditFilterOf, exportFormatShape, sendListExport } from '../registry-kit/registry-kit.export.ts';
import {
  createMetric,
  getGrowth,
  getMetricRow,
  listMetrics,
  listObservations,
  toMetricView,
  toObservationView,
  updateMetric,
  upsertObservations,
} from './metrics.service.ts';
import { recomputeClusterMetrics } from './metrics-rollup.service.ts';

const codeParams = z.strictObject({ code: z.string().min(1).max(64) });

export async function metricsRoutes(app: FastifyInstance): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const db = app.deps.database.db;
  const tags = ['metrics'];

  api.get(
    '/metrics',
    {
      schema: {
        tags,
        summary: '指标目录 / the metric catalogue',
        querystring: listMetricsQuerySchema,
        response: { 200: z.object({ items: z.array(metricViewSchema) }) },
      },
    },
    async (request) => {
      requirePermission(request, 'metrics.read');
      return listMetrics(db, request.query);
    },
  );

  api.get(
    '/metrics/:code',
    {
      schema: {
        tags,
        summary: '指标定义 / a metric definition',
        params: codeParams,
        response: { 200: metricViewSchema },
      },
    },
    async (request) => {
      requirePermission(request, 'metrics.read');
      return toMetricView(await getMetricRow(db, request.params.code));
    },
  );

  api.post(
    '/metrics',
    {
      schema: {
        tags,
        summary: '新增指标 / add a metric',
        body: createMetricRequestSchema,
        response: { 201: metricViewSchema },
      },
    },
    async (request, reply) => {
      const user = requirePermission(request, 'metrics.manage');
      return reply.status(201).send(await createMetric(db, request.body, actorOf(user, request, now(app))));
    },
  );

  api.patch(
    '/metrics/:code',
    {
      schema: {
        tags,
        summary: '修改指标（乐观锁 version）/ update a metric (optimistic locking by version)',
        params: codeParams,
        body: updateMetricRequestSchema,
        response: { 200: metricViewSchema },
      },
    },
    async (request) => {
      const user = requirePermission(request, 'metrics.manage');
      return updateMetric(db, request.params.code, request.body, actorOf(user, request, now(app)));
    },
  );

  api.post(
    '/metrics/recompute',
    {
      schema: {
        tags,
        summary: '重算集群派生指标 / recompute the derived cluster metrics of a period',
        body: recomputeRequestSchema,
        response: { 200: recomputeResultSchema },
      },
    },
    async (request) => {
      const user = requirePermission(request, 'metrics.manage');
      return recomputeClusterMetrics(db, request.body, actorOf(user, request, now(app)));
    },
  );

  api.get(
    '/observations',
    {
      schema: {
        tags,
        summary: '观测值 / observations in scope (filters, paging)',
        querystring: listObservationsQuerySchema,
        response: { 200: pageSchema(observationViewSchema) },
      },
    },
    async (request) => {
      const user = requirePermission(request, 'metrics.read');
      return listObservations(db, user, request.query);
    },
  );

  api.get(
    '/observations/export',
    {
      schema: {
        tags,
        summary: '导出观测值（按当前筛选与排序）/ export the filtered observations list (xlsx, csv)',
        querystring: listObservationsQuerySchema.extend(exportFormatShape),
      },
    },
    async (request, reply) => {
      const user = requirePermission(request, 'metrics.read');
      const { format, ...query } = request.query;
      return sendListExport(
        request,
        reply,
        { db, user, at: now(app), format },
        {
          entityType: 'observation',
          fileStem: { en: 'observations', zh: '观测值' },
          sheetName: '观测值 Observations',
          fields: observationExportFields,
          filter: auditFilterOf(query),
          fetchPage: (page, pageSize) => listObservations(db, user, { ...query, page, pageSize }),
        },
      );
    },
  );

  api.get(
    '/observations/growth',
    {
      schema: {
        tags,
        summary: '同比增速（仅可比期间）/ growth between comparable periods only',
        querystring: growthQuerySchema,
        response: { 200: growthViewSchema },
      },
    },
    async (request) => {
      const user = requirePermission(request, 'metrics.read');
      return getGrowth(db, user, request.query);
    },
  );

  api.put(
    '/observations',
    {
      schema: {
        tags,
        summary: '填报一条观测值（按自然键更新或新增）/ upsert one observation by its natural key',
        body: observationInputSchema,
        response: { 200: observationViewSchema },
      },
    },
    async (request) => {
      const user = requirePermission(request, 'observations.write');
      const { rows } = await upsertObservations(db, user, [request.body], actorOf(user, request, now(app)));
      const [row] = rows;
      if (!row) throw new Error('upsert returned no row');
      return toObservationView(row);
    },
  );

  api.post(
    '/observations/batch',
    {
      schema: {
        tags,
        summary: '批量填报（全部成功或全部不写）/ upsert a batch, all or nothing',
        body: observationBatchRequestSchema,
        response: { 200: observationBatchResultSchema },
      },
    },
    async (request) => {
      const user = requirePermission(request, 'observations.write');
      const { result } = await upsertObservations(
        db,
        user,
        request.body.items,
        actorOf(user, request, now(app)),
      );
      return result;
    },
  );
}
