import { cockpitSummarySchema } from '@qunce/core/cockpit';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requirePermission } from '../auth/auth.hooks.ts';
import { getCockpitSummary } from './cockpit.service.ts';

/** The cockpit's aggregate read; the pages draw it (packages/web/src/features/cockpit). */
export async function cockpitRoutes(app: FastifyInstance): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const db = app.deps.database.db;
  api.get(
    '/cockpit/summary',
    {
      schema: {
        tags: ['cockpit'],
        summary: '驾驶舱汇总：3830 梯队、各市集群与产值、趋势 / cockpit: 3830 pattern, cities, trends',
        response: { 200: cockpitSummarySchema },
      },
    },
    async (request) => {
      const user = requirePermission(request, 'clusters.read');
      return getCockpitSummary(db, user);
    },
  );
}
