import {
  activityCountsQuerySchema,
  activityCountsSchema,
  createPromotingActivityRequestSchema,
  createPromotingOrgMemberRequestSchema,
  createPromotingOrgRequestSchema,
  listPromotingActivitiesQuerySchema,
  listPromotingOrgMembersQuerySchema,
  listPromotingOrgsQuerySchema,
  promotingActivityViewSchema,
  promotingOrgHistorySchema,
  promotingOrgMemberViewSchema,
  promotingOrgVersionQuerySchema,
  promotingOrgViewSchema,
  updatePromotingActivityRequestSchema,
  updatePromotingOrgMemberRequestSchema,
  updatePromotingOrgRequestSchema,
} from '@qunce/core/promoting-orgs';
import { pageSchema } from '@qunce/core/registry';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { now, requirePermission, requireUser } from '../auth/auth.hooks.ts';
import { actorOf } from '../clusters/registry.scope.ts';
import { promotingOrgExportFields } from '../registry-kit/export-fields.ts';
import { auditFilterOf, exportQuerySchema, sendListExport } from '../registry-kit/registry-kit.export.ts';
import {
  createPromotingActivity,
  createPromotingOrg,
  createPromotingOrgMember,
  deletePromotingActivity,
  deletePromotingOrg,
  deletePromotingOrgMember,
  getPromotingOrg,
  getPromotingOrgHistory,
  listActivityCounts,
  listPromotingActivities,
  listPromotingOrgMembers,
  listPromotingOrgs,
  updatePromotingActivity,
  updatePromotingOrg,
  updatePromotingOrgMember,
} from './promoting-orgs.service.ts';

const codeParams = z.strictObject({ code: z.string().min(1).max(64) });
const itemParams = z.strictObject({ code: z.string().min(1).max(64), id: z.uuid() });

/** Routes under /api/promoting-organisations (docs/registries.md, "Promoting organisations"). */
export async function promotingOrgsRoutes(app: FastifyInstance): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const db = app.deps.database.db;
  const tags = ['promoting-organisations'];
  /** Writes: the service decides (province: every organisation; a promoting organisation: its own). */
  const writer = (request: Parameters<typeof requireUser>[0]) => {
    const user = requireUser(request);
    if (!user.permissions.includes('clusters.manage')) requirePermission(request, 'clusters.edit_own');
    return user;
  };

  api.get(
    '/promoting-organisations',
    {
      schema: {
        tags,
        summary: '集群发展促进组织列表 / promoting organisations in scope (filters, sort, paging)',
        querystring: listPromotingOrgsQuerySchema,
        response: { 200: pageSchema(promotingOrgViewSchema) },
      },
    },
    async (request) => {
      const user = requirePermission(request, 'clusters.read');
      return listPromotingOrgs(db, user, request.query);
    },
  );

  api.get(
    '/promoting-organisations/export',
    {
      schema: {
        tags,
        summary: '导出促进组织（按当前筛选与排序）/ export the filtered promoting organisations (xlsx, csv)',
        querystring: exportQuerySchema(listPromotingOrgsQuerySchema),
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
          entityType: 'promoting_org',
          fileStem: { en: 'promoting-organisations', zh: '集群促进组织' },
          sheetName: '促进组织 Promoting orgs',
          fields: promotingOrgExportFields,
          filter: auditFilterOf(query),
          fetchPage: (page, pageSize) => listPromotingOrgs(db, user, { ...query, page, pageSize }),
        },
      );
    },
  );

  api.get(
    '/promoting-organisations/activity-counts',
    {
      schema: {
        tags,
        summary: '各集群年度促进活动数 / promoting activities per cluster in a year',
        querystring: activityCountsQuerySchema,
        response: { 200: activityCountsSchema },
      },
    },
    async (request) => {
      const user = requirePermission(request, 'clusters.read');
      return listActivityCounts(db, user, request.query);
    },
  );

  api.get(
    '/promoting-organisations/:code',
    {
      schema: {
        tags,
        summary: '促进组织详情 / a promoting organisation',
        params: codeParams,
        response: { 200: promotingOrgViewSchema },
      },
    },
    async (request) => {
      const user = requirePermission(request, 'clusters.read');
      return getPromotingOrg(db, user, request.params.code);
    },
  );

  api.get(
    '/promoting-organisations/:code/history',
    {
      schema: {
        tags,
        summary: '促进组织变更历史 / change history of an organisation, its members and activities',
        params: codeParams,
        response: { 200: promotingOrgHistorySchema },
      },
    },
    async (request) => {
      const user = requirePermission(request, 'clusters.read');
      return getPromotingOrgHistory(db, user, request.params.code);
    },
  );

  api.post(
    '/promoting-organisations',
    {
      schema: {
        tags,
        summary: '登记促进组织 / register a promoting organisation',
        body: createPromotingOrgRequestSchema,
        response: { 201: promotingOrgViewSchema },
      },
    },
    async (request, reply) => {
      const user = requirePermission(request, 'clusters.manage');
      const view = await createPromotingOrg(db, user, request.body, actorOf(user, request, now(app)));
      return reply.status(201).send(view);
    },
  );

  api.patch(
    '/promoting-organisations/:code',
    {
      schema: {
        tags,
        summary: '修改促进组织（乐观锁 version）/ update a promoting organisation',
        params: codeParams,
        body: updatePromotingOrgRequestSchema,
        response: { 200: promotingOrgViewSchema },
      },
    },
    async (request) => {
      const user = writer(request);
      return updatePromotingOrg(
        db,
        user,
        request.params.code,
        request.body,
        actorOf(user, request, now(app)),
      );
    },
  );

  api.delete(
    '/promoting-organisations/:code',
    {
      schema: {
        tags,
        summary: '删除促进组织（软删除）/ soft-delete a promoting organisation',
        params: codeParams,
        querystring: promotingOrgVersionQuerySchema,
      },
    },
    async (request, reply) => {
      const user = requirePermission(request, 'clusters.manage');
      await deletePromotingOrg(
        db,
        user,
        request.params.code,
        request.query.version,
        actorOf(user, request, now(app)),
      );
      return reply.status(204).send();
    },
  );

  // ---- members ----

  api.get(
    '/promoting-organisations/:code/members',
    {
      schema: {
        tags,
        summary: '促进组织成员 / members (enterprises and other organisations), on a date',
        params: codeParams,
        querystring: listPromotingOrgMembersQuerySchema,
        response: { 200: pageSchema(promotingOrgMemberViewSchema) },
      },
    },
    async (request) => {
      const user = requirePermission(request, 'clusters.read');
      return listPromotingOrgMembers(db, user, request.params.code, request.query);
    },
  );

  api.post(
    '/promoting-organisations/:code/members',
    {
      schema: {
        tags,
        summary: '添加成员 / add a member',
        params: codeParams,
        body: createPromotingOrgMemberRequestSchema,
        response: { 201: promotingOrgMemberViewSchema },
      },
    },
    async (request, reply) => {
      const user = writer(request);
      const view = await createPromotingOrgMember(
        db,
        user,
        request.params.code,
        request.body,
        actorOf(user, request, now(app)),
      );
      return reply.status(201).send(view);
    },
  );

  api.patch(
    '/promoting-organisations/:code/members/:id',
    {
      schema: {
        tags,
        summary: '修改成员（如退出日期）/ update a member (e.g. leftOn)',
        params: itemParams,
        body: updatePromotingOrgMemberRequestSchema,
        response: { 200: promotingOrgMemberViewSchema },
      },
    },
    async (request) => {
      const user = writer(request);
      const { code, id } = request.params;
      return updatePromotingOrgMember(db, user, code, id, request.body, actorOf(user, request, now(app)));
    },
  );

  api.delete(
    '/promoting-organisations/:code/members/:id',
    {
      schema: {
        tags,
        summary: '删除误录的成员 / delete a member entered by mistake',
        params: itemParams,
        querystring: promotingOrgVersionQuerySchema,
      },
    },
    async (request, reply) => {
      const user = writer(request);
      const { code, id } = request.params;
      await deletePromotingOrgMember(
        db,
        user,
        code,
        id,
        request.query.version,
        actorOf(user, request, now(app)),
      );
      return reply.status(204).send();
    },
  );

  // ---- activities ----

  api.get(
    '/promoting-organisations/:code/activities',
    {
      schema: {
        tags,
        summary: '促进活动记录 / activity log (year, type, cluster), newest first',
        params: codeParams,
        querystring: listPromotingActivitiesQuerySchema,
        response: { 200: pageSchema(promotingActivityViewSchema) },
      },
    },
    async (request) => {
      const user = requirePermission(request, 'clusters.read');
      return listPromotingActivities(db, user, request.params.code, request.query);
    },
  );

  api.post(
    '/promoting-organisations/:code/activities',
    {
      schema: {
        tags,
        summary: '记录活动 / record an activity',
        params: codeParams,
        body: createPromotingActivityRequestSchema,
        response: { 201: promotingActivityViewSchema },
      },
    },
    async (request, reply) => {
      const user = writer(request);
      const view = await createPromotingActivity(
        db,
        user,
        request.params.code,
        request.body,
        actorOf(user, request, now(app)),
      );
      return reply.status(201).send(view);
    },
  );

  api.patch(
    '/promoting-organisations/:code/activities/:id',
    {
      schema: {
        tags,
        summary: '修改活动（乐观锁 version）/ update an activity',
        params: itemParams,
        body: updatePromotingActivityRequestSchema,
        response: { 200: promotingActivityViewSchema },
      },
    },
    async (request) => {
      const user = writer(request);
      const { code, id } = request.params;
      return updatePromotingActivity(db, user, code, id, request.body, actorOf(user, request, now(app)));
    },
  );

  api.delete(
    '/promoting-organisations/:code/activities/:id',
    {
      schema: {
        tags,
        summary: '删除活动（软删除）/ soft-delete an activity',
        params: itemParams,
        querystring: promotingOrgVersionQuerySchema,
      },
    },
    async (request, reply) => {
      const user = writer(request);
      const { code, id } = request.params;
      await deletePromotingActivity(
        db,
        user,
        code,
        id,
        request.query.version,
        actorOf(user, request, now(app)),
      );
      return reply.status(204).send();
    },
  );
}
