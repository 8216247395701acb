import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { version } from '../../version.ts';

export const healthResponse = z.object({
  status: z.literal('ok'),
  database: z.enum(['pglite', 'postgres']),
  version: z.string(),
});

export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/health',
    {
      schema: { tags: ['system'], summary: 'Liveness and database kind', response: { 200: healthResponse } },
    },
    async () => {
      const { database } = app.deps;
      // A trivial query proves the database answers, not just that the process is up.
      await database.db.execute('select 1');
      return { status: 'ok' as const, database: database.kind, version };
    },
  );
};
