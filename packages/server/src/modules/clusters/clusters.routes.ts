import { AppError } from '@qunce/core';
import {
  clusterDetailSchema,
  clusterViewSchema,
  createClusterRequestSchema,
  deleteQuerySchema,
  listClustersQuerySchema,
  pageSchema,
  updateClusterRequestSchema,
} from '@qunce/core/registry';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { now, requirePermission, requireUser } from '../auth/auth.hooks.ts';
import { clusterExportFields } from '../registry-kit/export-fields.ts';
import { auditFilterOf, exportQuerySchema, sendListExport } from '../registry-kit/registry-kit.export.ts';
import { createCluster, deleteCluster, getCluster, listClusters, updateCluster } from './clusters.service.ts';
import { actorOf } from './registry.scope.ts';

/** What a cluster promoting organisation (`clusters.edit_own`) may change in its own cluster. */
const ownProfileFields = new Set(['version', 'name', 'nameEn', 'chainMasterCreditCodes']);

const codeParams = z.strictObject({ code: z.string().min(1).max(64) });

export async function clustersRoutes(app: FastifyInstance): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const db = app.deps.database.db;
  const tags = ['clusters'];

  api.get(
    '/clusters',
    {
      schema: {
        tags,
        summary: '集群列表 / clusters in scope (filters, sort, paging)',
        querystring: listClustersQuerySchema,
        response: { 200: pageSchema(clusterViewSchema) },
      },
    },
    async (request) => {
      const user = requirePermission(request, 'clusters.read');
      return listClusters(db, user, request.query);
    },
  );

  api.get(
    '/clusters/export',
    {
      schema: {
        tags,
        summary: '导出集群（按当前筛选与排序）/ export the filtered clusters list (xlsx, csv)',
        querystring: exportQuerySchema(listClustersQuerySchema),
      },
    },
    async (request, reply) => {
      const user = requirePermission(request, 'clusters.read');
      const { format, ...query } = request.query;
      return sendListExport(
        request,
        reply,
        { db, user, at: now(app), format },
        {
          entityType: 'cluster',
          fileStem: { en: 'clusters', zh: '集群' },
          sheetName: '集群 Clusters',
          fields: clusterExportFields,
          filter: auditFilterOf(query),
          fetchPage: (page, pageSize) => listClusters(db, user, { ...query, page, pageSize }),
        },
      );
    },
  );

  api.get(
    '/clusters/:code',
    {
      schema: {
        tags,
        summary: '集群详情及沿革 / a cluster with its history',
        params: codeParams,
        response: { 200: clusterDetailSchema },
      },
    },
    async (request) => {
      const user = requirePermission(request, 'clusters.read');
      return getCluster(db, user, request.params.code);
    },
  );

  api.post(
    '/clusters',
    {
      schema: {
        tags,
        summary: '登记集群 / register a cluster',
        body: createClusterRequestSchema,
        response: { 201: clusterDetailSchema },
      },
    },
    async (request, reply) => {
      const user = requirePermission(request, 'clusters.manage');
      const detail = await createCluster(db, user, request.body, actorOf(user, request, now(app)));
      return reply.status(201).send(detail);
    },
  );

  api.patch(
    '/clusters/:code',
    {
      schema: {
        tags,
        summary: '修改集群（乐观锁 version）/ update a cluster (optimistic locking by version)',
        params: codeParams,
        body: updateClusterRequestSchema,
        response: { 200: clusterDetailSchema },
      },
    },
    async (request) => {
      const user = requireUser(request);
      if (!user.permissions.includes('clusters.manage')) {
        // A promoting organisation keeps its own cluster's profile; tier, target, status and cities are
        // decided by the province (service: 404 for a cluster it does not promote).
        requirePermission(request, 'clusters.edit_own');
        const fields = Object.keys(request.body).filter((field) => !ownProfileFields.has(field));
        if (fields.length > 0) {
          throw new AppError(
            'forbidden',
            `促进组织不能修改这些字段 / a promoting organisation may not change: ${fields.join(', ')}`,
            { reason: 'field_not_editable', fields },
          );
        }
      }
      return updateCluster(db, user, request.params.code, request.body, actorOf(user, request, now(app)));
    },
  );

  api.delete(
    '/clusters/:code',
    {
      schema: {
        tags,
        summary: '删除集群（保留沿革）/ soft-delete a cluster (history kept)',
        params: codeParams,
        querystring: deleteQuerySchema,
      },
    },
    async (request, reply) => {
      const user = requirePermission(request, 'clusters.manage');
      await deleteCluster(db, user, request.params.code, request.query, actorOf(user, request, now(app)));
      return reply.status(204).send();
    },
  );
}
