import {
  createParkRequestSchema,
  deleteByVersionQuerySchema,
  listParksQuerySchema,
  parkViewSchema,
  updateParkRequestSchema,
} from '@qunce/core/carriers-parks';
import { pageSchema } from '@qunce/core/registry';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { now, requirePermission } from '../auth/auth.hooks.ts';
import { actorOf } from '../clusters/registry.scope.ts';
import { parkExportFields } from '../registry-kit/export-fields.ts';
import { auditFilterOf, exportQuerySchema, sendListExport } from '../registry-kit/registry-kit.export.ts';
import {
  createPark,
  deletePark,
  getParkRowInScope,
  listParks,
  toParkView,
  updatePark,
} from './parks.service.ts';

const codeParams = z.strictObject({ code: z.string().min(1).max(64) });

export async function parksRoutes(app: FastifyInstance): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const db = app.deps.database.db;
  const tags = ['parks'];

  api.get(
    '/parks',
    {
      schema: {
        tags,
        summary: '园区列表 / parks in scope (filters, sort, paging)',
        querystring: listParksQuerySchema,
        response: { 200: pageSchema(parkViewSchema) },
      },
    },
    async (request) => {
      const user = requirePermission(request, 'clusters.read');
      return listParks(db, user, request.query);
    },
  );

  api.get(
    '/parks/export',
    {
      schema: {
        tags,
        summary: '导出园区（按当前筛选与排序）/ export the filtered parks list (xlsx, csv)',
        querystring: exportQuerySchema(listParksQuerySchema),
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
          entityType: 'park',
          fileStem: { en: 'parks', zh: '园区' },
          sheetName: '园区 Parks',
          fields: parkExportFields,
          filter: auditFilterOf(query),
          fetchPage: (page, pageSize) => listParks(db, user, { ...query, page, pageSize }),
        },
      );
    },
  );

  api.get(
    '/parks/:code',
    {
      schema: { tags, summary: '园区 / a park', params: codeParams, response: { 200: parkViewSchema } },
    },
    async (request) => {
      const user = requirePermission(request, 'clusters.read');
      return toParkView(await getParkRowInScope(db, user, request.params.code));
    },
  );

  api.post(
    '/parks',
    {
      schema: {
        tags,
        summary: '登记园区 / register a park',
        body: createParkRequestSchema,
        response: { 201: parkViewSchema },
      },
    },
    async (request, reply) => {
      const user = requirePermission(request, 'parks.manage');
      return reply
        .status(201)
        .send(await createPark(db, user, request.body, actorOf(user, request, now(app))));
    },
  );

  api.patch(
    '/parks/:code',
    {
      schema: {
        tags,
        summary: '修改园区（乐观锁 version）/ update a park (optimistic locking by version)',
        params: codeParams,
        body: updateParkRequestSchema,
        response: { 200: parkViewSchema },
      },
    },
    async (request) => {
      const user = requirePermission(request, 'parks.manage');
      return updatePark(db, user, request.params.code, request.body, actorOf(user, request, now(app)));
    },
  );

  api.delete(
    '/parks/:code',
    {
      schema: {
        tags,
        summary: '删除园区（软删除，代码不复用）/ soft-delete a park (its code is never reused)',
        params: codeParams,
        querystring: deleteByVersionQuerySchema,
      },
    },
    async (request, reply) => {
      const user = requirePermission(request, 'parks.manage');
      await deletePark(
        db,
        user,
        request.params.code,
        request.query.version,
        actorOf(user, request, now(app)),
      );
      return reply.status(204).send();
    },
  );
}
