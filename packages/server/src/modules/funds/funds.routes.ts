import { fundAllocationRequestSchema, fundTotalsSchema } from '@qunce/core/recognition';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { now, requirePermission } from '../auth/auth.hooks.ts';
import { actorOf } from '../clusters/registry.scope.ts';
import { createAllocation, fundTotals, listAllocations } from './funds.service.ts';

const yearQuery = z.strictObject({ year: z.coerce.number().int().min(2000).max(2100).optional() });

export async function fundsRoutes(app: FastifyInstance): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const db = app.deps.database.db;
  const tags = ['funds'];

  api.post(
    '/funds',
    {
      schema: {
        tags,
        summary: '登记支持资金 / record a support-fund allocation (万元)',
        body: fundAllocationRequestSchema,
      },
    },
    async (request, reply) => {
      const user = requirePermission(request, 'recognition.manage');
      return reply
        .status(201)
        .send(await createAllocation(db, request.body, actorOf(user, request, now(app))));
    },
  );
  api.get(
    '/funds',
    { schema: { tags, summary: '支持资金（按权限范围）/ allocations in scope', querystring: yearQuery } },
    async (request) => {
      const user = requirePermission(request, 'recognition.read');
      return listAllocations(db, user, request.query.year);
    },
  );
  api.get(
    '/funds/totals',
    {
      schema: {
        tags,
        summary: '按城市、级别汇总 / totals by city and tier',
        querystring: yearQuery,
        response: { 200: fundTotalsSchema },
      },
    },
    async (request) => {
      const user = requirePermission(request, 'recognition.read');
      return fundTotals(db, user, request.query.year);
    },
  );
}
