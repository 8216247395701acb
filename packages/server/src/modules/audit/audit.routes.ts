import { auditPageSchema, auditQuerySchema } from '@qunce/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requirePermission } from '../auth/auth.hooks.ts';
import { listAuditRows } from './audit.repository.ts';

/** The audit trail, newest first, for the auditor only. */
export async function auditRoutes(app: FastifyInstance): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    '/audit',
    {
      schema: {
        tags: ['audit'],
        summary: '审计日志 / audit trail',
        querystring: auditQuerySchema,
        response: { 200: auditPageSchema },
      },
    },
    async (request) => {
      requirePermission(request, 'audit.read');
      const { from, to, ...rest } = request.query;
      const rows = await listAuditRows(app.deps.database.db, {
        ...rest,
        from: from ? new Date(from) : undefined,
        to: to ? new Date(to) : undefined,
      });
      const last = rows.at(-1);
      return {
        items: rows.map(({ prevHash: _prevHash, at, ...row }) => ({ ...row, at: at.toISOString() })),
        nextBeforeSeq: rows.length === rest.limit && last ? last.seq : null,
      };
    },
  );
}
