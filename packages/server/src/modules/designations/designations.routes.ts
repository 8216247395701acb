import {
  createDesignationRequestSchema,
  designationPageSchema,
  designationViewSchema,
  listDesignationsQuerySchema,
  updateDesignationRequestSchema,
} from '@qunce/core/registry';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { now, requirePermission } from '../auth/auth.hooks.ts';
import { actorOf } from '../clusters/registry.scope.ts';
import { findDesignationRange, recomputeAfterWrite } from '../metrics/rollup-trigger.service.ts';
import { designationExportFields } from '../registry-kit/export-fields.ts';
import { auditFilterOf, exportQuerySchema, sendListExport } from '../registry-kit/registry-kit.export.ts';
import {
  createDesignation,
  deleteDesignation,
  getDesignation,
  listDesignations,
  updateDesignation,
} from './designations.service.ts';

const idParams = z.strictObject({ id: z.uuid() });

export async function designationsRoutes(app: FastifyInstance): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const db = app.deps.database.db;
  const tags = ['designations'];

  api.get(
    '/designations',
    {
      schema: {
        tags,
        summary:
          '认定列表（validOn 有效 / grantedBy 累计）/ designations (valid on a date, or ever granted up to it)',
        querystring: listDesignationsQuerySchema,
        response: { 200: designationPageSchema },
      },
    },
    async (request) => {
      const user = requirePermission(request, 'enterprises.read');
      return listDesignations(db, user, request.query);
    },
  );

  api.get(
    '/designations/export',
    {
      schema: {
        tags,
        summary: '导出称号（按当前筛选与排序）/ export the filtered designations list (xlsx, csv)',
        querystring: exportQuerySchema(listDesignationsQuerySchema),
      },
    },
    async (request, reply) => {
      const user = requirePermission(request, 'enterprises.read');
      const { format, ...query } = request.query;
      return sendListExport(
        request,
        reply,
        { db, user, at: now(app), format },
        {
          entityType: 'designation',
          fileStem: { en: 'designations', zh: '称号' },
          sheetName: '称号 Designations',
          fields: designationExportFields,
          filter: auditFilterOf(query),
          fetchPage: (page, pageSize) => listDesignations(db, user, { ...query, page, pageSize }),
        },
      );
    },
  );

  api.get(
    '/designations/:id',
    {
      schema: {
        tags,
        summary: '认定详情 / a designation',
        params: idParams,
        response: { 200: designationViewSchema },
      },
    },
    async (request) => {
      const user = requirePermission(request, 'enterprises.read');
      return getDesignation(db, user, request.params.id);
    },
  );

  api.post(
    '/designations',
    {
      schema: {
        tags,
        summary: '登记认定（仅认定部门）/ register a designation (granting department only)',
        body: createDesignationRequestSchema,
        response: { 201: designationViewSchema },
      },
    },
    async (request, reply) => {
      const user = requirePermission(request, 'designations.import');
      const actor = actorOf(user, request, now(app));
      const view = await createDesignation(db, user, request.body, actor);
      await recomputeAfterWrite(db, [{ from: view.grantedOn, to: null }], actor, request.log);
      return reply.status(201).send(view);
    },
  );

  api.patch(
    '/designations/:id',
    {
      schema: {
        tags,
        summary: '修改认定（乐观锁 version）/ update a designation (optimistic locking by version)',
        params: idParams,
        body: updateDesignationRequestSchema,
        response: { 200: designationViewSchema },
      },
    },
    async (request) => {
      const user = requirePermission(request, 'designations.import');
      const actor = actorOf(user, request, now(app));
      const before = await findDesignationRange(db, request.params.id);
      const view = await updateDesignation(db, user, request.params.id, request.body, actor);
      await recomputeAfterWrite(db, [...before, { from: view.grantedOn, to: null }], actor, request.log);
      return view;
    },
  );

  api.delete(
    '/designations/:id',
    {
      schema: {
        tags,
        summary: '删除认定（软删除）/ soft-delete a designation',
        params: idParams,
        querystring: z.strictObject({ version: z.coerce.number().int().min(1) }),
      },
    },
    async (request, reply) => {
      const user = requirePermission(request, 'designations.import');
      const actor = actorOf(user, request, now(app));
      const before = await findDesignationRange(db, request.params.id);
      await deleteDesignation(db, user, request.params.id, request.query.version, actor);
      await recomputeAfterWrite(db, before, actor, request.log);
      return reply.status(204).send();
    },
  );
}
