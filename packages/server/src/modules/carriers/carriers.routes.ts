import {
  carrierViewSchema,
  createCarrierRequestSchema,
  deleteByVersionQuerySchema,
  listCarriersQuerySchema,
  updateCarrierRequestSchema,
} from '@qunce/core/carriers-parks';
import { pageSchema } from '@qunce/core/registry';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { now, requirePermission } from '../auth/auth.hooks.ts';
import { actorOf } from '../clusters/registry.scope.ts';
import { carrierExportFields } from '../registry-kit/export-fields.ts';
import { auditFilterOf, exportQuerySchema, sendListExport } from '../registry-kit/registry-kit.export.ts';
import {
  createCarrier,
  deleteCarrier,
  getCarrierRowInScope,
  listCarriers,
  toCarrierView,
  updateCarrier,
} from './carriers.service.ts';

const idParams = z.strictObject({ id: z.string().min(1).max(64) });

export async function carriersRoutes(app: FastifyInstance): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const db = app.deps.database.db;
  const tags = ['carriers'];

  api.get(
    '/carriers',
    {
      schema: {
        tags,
        summary: '创新载体列表 / innovation carriers in scope (filters, sort, paging)',
        querystring: listCarriersQuerySchema,
        response: { 200: pageSchema(carrierViewSchema) },
      },
    },
    async (request) => {
      const user = requirePermission(request, 'clusters.read');
      return listCarriers(db, user, request.query);
    },
  );

  api.get(
    '/carriers/export',
    {
      schema: {
        tags,
        summary: '导出创新载体（按当前筛选与排序）/ export the filtered carriers list (xlsx, csv)',
        querystring: exportQuerySchema(listCarriersQuerySchema),
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
          entityType: 'carrier',
          fileStem: { en: 'carriers', zh: '创新载体' },
          sheetName: '载体 Carriers',
          fields: carrierExportFields,
          filter: auditFilterOf(query),
          fetchPage: (page, pageSize) => listCarriers(db, user, { ...query, page, pageSize }),
        },
      );
    },
  );

  api.get(
    '/carriers/:id',
    {
      schema: {
        tags,
        summary: '创新载体 / an innovation carrier',
        params: idParams,
        response: { 200: carrierViewSchema },
      },
    },
    async (request) => {
      const user = requirePermission(request, 'clusters.read');
      return toCarrierView(await getCarrierRowInScope(db, user, request.params.id));
    },
  );

  api.post(
    '/carriers',
    {
      schema: {
        tags,
        summary: '登记创新载体 / register an innovation carrier',
        body: createCarrierRequestSchema,
        response: { 201: carrierViewSchema },
      },
    },
    async (request, reply) => {
      const user = requirePermission(request, 'carriers.manage');
      return reply
        .status(201)
        .send(await createCarrier(db, user, request.body, actorOf(user, request, now(app))));
    },
  );

  api.patch(
    '/carriers/:id',
    {
      schema: {
        tags,
        summary: '修改创新载体（乐观锁 version）/ update a carrier (optimistic locking by version)',
        params: idParams,
        body: updateCarrierRequestSchema,
        response: { 200: carrierViewSchema },
      },
    },
    async (request) => {
      const user = requirePermission(request, 'carriers.manage');
      return updateCarrier(db, user, request.params.id, request.body, actorOf(user, request, now(app)));
    },
  );

  api.delete(
    '/carriers/:id',
    {
      schema: {
        tags,
        summary: '删除创新载体（软删除）/ soft-delete a carrier',
        params: idParams,
        querystring: deleteByVersionQuerySchema,
      },
    },
    async (request, reply) => {
      const user = requirePermission(request, 'carriers.manage');
      await deleteCarrier(
        db,
        user,
        request.params.id,
        request.query.version,
        actorOf(user, request, now(app)),
      );
      return reply.status(204).send();
    },
  );
}
