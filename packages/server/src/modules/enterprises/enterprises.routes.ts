import {
  clusterMemberViewSchema,
  createEnterpriseRequestSchema,
  createMembershipRequestSchema,
  enterpriseDetailSchema,
  enterpriseViewSchema,
  listClusterMembersQuerySchema,
  listEnterprisesQuerySchema,
  membershipViewSchema,
  pageSchema,
  updateEnterpriseRequestSchema,
  updateMembershipRequestSchema,
} from '@qunce/core/registry';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { now, requirePermission } from '../auth/auth.hooks.ts';
import { actorOf } from '../clusters/registry.scope.ts';
import { findMembershipRange, recomputeAfterWrite } from '../metrics/rollup-trigger.service.ts';
import { enterpriseExportFields, membershipExportFields } from '../registry-kit/export-fields.ts';
import { auditFilterOf, exportQuerySchema, sendListExport } from '../registry-kit/registry-kit.export.ts';
import {
  createEnterprise,
  createMembership,
  deleteEnterprise,
  deleteMembership,
  getEnterprise,
  listClusterMembers,
  listEnterprises,
  updateEnterprise,
  updateMembership,
} from './enterprises.service.ts';

const creditCodeParams = z.strictObject({ creditCode: z.string().min(1).max(64) });
const membershipParams = z.strictObject({ creditCode: z.string().min(1).max(64), id: z.uuid() });
const versionQuery = z.strictObject({ version: z.coerce.number().int().min(1) });

export async function enterprisesRoutes(app: FastifyInstance): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const db = app.deps.database.db;
  const tags = ['enterprises'];

  api.get(
    '/enterprises',
    {
      schema: {
        tags,
        summary: '企业列表 / enterprises in scope (filters, sort, paging)',
        querystring: listEnterprisesQuerySchema,
        response: { 200: pageSchema(enterpriseViewSchema) },
      },
    },
    async (request) => {
      const user = requirePermission(request, 'enterprises.read');
      return listEnterprises(db, user, request.query);
    },
  );

  api.get(
    '/enterprises/export',
    {
      schema: {
        tags,
        summary: '导出企业（按当前筛选与排序）/ export the filtered enterprises list (xlsx, csv)',
        querystring: exportQuerySchema(listEnterprisesQuerySchema),
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
          entityType: 'enterprise',
          fileStem: { en: 'enterprises', zh: '企业' },
          sheetName: '企业 Enterprises',
          fields: enterpriseExportFields,
          filter: auditFilterOf(query),
          fetchPage: (page, pageSize) => listEnterprises(db, user, { ...query, page, pageSize }),
        },
      );
    },
  );

  api.get(
    '/enterprises/:creditCode',
    {
      schema: {
        tags,
        summary: '企业详情及集群成员关系 / an enterprise with its cluster memberships',
        params: creditCodeParams,
        response: { 200: enterpriseDetailSchema },
      },
    },
    async (request) => {
      const user = requirePermission(request, 'enterprises.read');
      return getEnterprise(db, user, request.params.creditCode);
    },
  );

  api.post(
    '/enterprises',
    {
      schema: {
        tags,
        summary: '登记企业 / register an enterprise',
        body: createEnterpriseRequestSchema,
        response: { 201: enterpriseDetailSchema },
      },
    },
    async (request, reply) => {
      const user = requirePermission(request, 'enterprises.manage');
      const detail = await createEnterprise(db, user, request.body, actorOf(user, request, now(app)));
      return reply.status(201).send(detail);
    },
  );

  api.patch(
    '/enterprises/:creditCode',
    {
      schema: {
        tags,
        summary: '修改企业（乐观锁 version）/ update an enterprise (optimistic locking by version)',
        params: creditCodeParams,
        body: updateEnterpriseRequestSchema,
        response: { 200: enterpriseDetailSchema },
      },
    },
    async (request) => {
      const user = requirePermission(request, 'enterprises.manage');
      const actor = actorOf(user, request, now(app));
      const detail = await updateEnterprise(db, user, request.params.creditCode, request.body, actor);
      // The above-scale and key-enterprise flags decide which members a roll-up counts.
      if (request.body.isAboveScale !== undefined || request.body.isKeyEnterprise !== undefined) {
        const ranges = detail.memberships.map((m) => ({ from: m.validFrom, to: m.validTo }));
        await recomputeAfterWrite(db, ranges, actor, request.log);
      }
      return detail;
    },
  );

  api.delete(
    '/enterprises/:creditCode',
    {
      schema: {
        tags,
        summary: '删除企业（软删除）/ soft-delete an enterprise',
        params: creditCodeParams,
        querystring: versionQuery,
      },
    },
    async (request, reply) => {
      const user = requirePermission(request, 'enterprises.manage');
      await deleteEnterprise(
        db,
        user,
        request.params.creditCode,
        request.query.version,
        actorOf(user, request, now(app)),
      );
      return reply.status(204).send();
    },
  );

  api.get(
    '/clusters/:code/memberships',
    {
      schema: {
        tags: ['clusters'],
        summary: '集群成员企业 / the member enterprises of a cluster (on a date), chain masters first',
        params: z.strictObject({ code: z.string().min(1).max(64) }),
        querystring: listClusterMembersQuerySchema,
        response: { 200: pageSchema(clusterMemberViewSchema) },
      },
    },
    async (request) => {
      const user = requirePermission(request, 'clusters.read');
      return listClusterMembers(db, user, request.params.code, request.query);
    },
  );

  api.get(
    '/clusters/:code/memberships/export',
    {
      schema: {
        tags: ['clusters'],
        summary: '导出集群成员（按当前筛选）/ export the filtered member list of a cluster (xlsx, csv)',
        params: z.strictObject({ code: z.string().min(1).max(64) }),
        querystring: exportQuerySchema(listClusterMembersQuerySchema),
      },
    },
    async (request, reply) => {
      const user = requirePermission(request, 'clusters.read');
      const { format, ...query } = request.query;
      const clusterCode = request.params.code;
      return sendListExport(
        request,
        reply,
        { db, user, at: now(app), format },
        {
          entityType: 'membership',
          fileStem: { en: `memberships-${clusterCode}`, zh: `集群成员-${clusterCode}` },
          sheetName: '集群成员 Members',
          fields: membershipExportFields,
          filter: { clusterCode, ...auditFilterOf(query) },
          fetchPage: (page, pageSize) =>
            listClusterMembers(db, user, clusterCode, { ...query, page, pageSize }),
        },
      );
    },
  );

  api.post(
    '/enterprises/:creditCode/memberships',
    {
      schema: {
        tags,
        summary: '加入集群 / add a dated cluster membership',
        params: creditCodeParams,
        body: createMembershipRequestSchema,
        response: { 201: membershipViewSchema },
      },
    },
    async (request, reply) => {
      const user = requirePermission(request, 'enterprises.manage');
      const actor = actorOf(user, request, now(app));
      const view = await createMembership(db, user, request.params.creditCode, request.body, actor);
      await recomputeAfterWrite(db, [{ from: view.validFrom, to: view.validTo }], actor, request.log);
      return reply.status(201).send(view);
    },
  );

  api.patch(
    '/enterprises/:creditCode/memberships/:id',
    {
      schema: {
        tags,
        summary: '修改成员关系（如结束日期）/ update a membership (e.g. end it)',
        params: membershipParams,
        body: updateMembershipRequestSchema,
        response: { 200: membershipViewSchema },
      },
    },
    async (request) => {
      const user = requirePermission(request, 'enterprises.manage');
      const actor = actorOf(user, request, now(app));
      const before = await findMembershipRange(db, request.params.id);
      const view = await updateMembership(
        db,
        user,
        request.params.creditCode,
        request.params.id,
        request.body,
        actor,
      );
      await recomputeAfterWrite(
        db,
        [...before, { from: view.validFrom, to: view.validTo }],
        actor,
        request.log,
      );
      return view;
    },
  );

  api.delete(
    '/enterprises/:creditCode/memberships/:id',
    {
      schema: {
        tags,
        summary: '删除误录的成员关系 / delete a membership entered by mistake',
        params: membershipParams,
        querystring: versionQuery,
      },
    },
    async (request, reply) => {
      const user = requirePermission(request, 'enterprises.manage');
      const actor = actorOf(user, request, now(app));
      const before = await findMembershipRange(db, request.params.id);
      await deleteMembership(
        db,
        user,
        request.params.creditCode,
        request.params.id,
        request.query.version,
        actor,
      );
      await recomputeAfterWrite(db, before, actor, request.log);
      return reply.status(204).send();
    },
  );
}
