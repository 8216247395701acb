import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { version } from '../../version.ts';
import { findDemoState } from '../demo/demo-load.repository.ts';

export const healthResponse = z.object({
  status: z.literal('ok'),
  database: z.enum(['pglite', 'postgres']),
  version: z.string(),
  /** The demo data load (`qunce serve --demo`): none started, still loading, or loaded. */
  demo: z.enum(['none', 'loading', 'loaded']),
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
      const demo = await findDemoState(database.db);
      return {
        status: 'ok' as const,
        database: database.kind,
        version,
        demo:
          demo === undefined
            ? ('none' as const)
            : demo.finishedAt
              ? ('loaded' as const)
              : ('loading' as const),
      };
    },
  );
};
