import helmet from '@fastify/helmet';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Config } from './config.ts';
import type { Database } from './db/client.ts';
import { registerErrorHandling } from './http/errors.ts';
import { webStatic } from './http/web-static.ts';
import { attachmentsRoutes } from './modules/attachments/attachments.routes.ts';
import { auditRoutes } from './modules/audit/audit.routes.ts';
import { registerAuth } from './modules/auth/auth.hooks.ts';
import { authRoutes } from './modules/auth/auth.routes.ts';
import { calendarRoutes } from './modules/calendar/calendar.routes.ts';
import { carriersRoutes } from './modules/carriers/carriers.routes.ts';
import { clustersRoutes } from './modules/clusters/clusters.routes.ts';
import { cockpitRoutes } from './modules/cockpit/cockpit.routes.ts';
import { collectionRoutes } from './modules/collection/collection.routes.ts';
import { designationsRoutes } from './modules/designations/designations.routes.ts';
import { enterprisesRoutes } from './modules/enterprises/enterprises.routes.ts';
import { evaluationsRoutes } from './modules/evaluations/evaluations.routes.ts';
import { fundsRoutes } from './modules/funds/funds.routes.ts';
import { healthRoutes } from './modules/health/health.routes.ts';
import { importsRoutes } from './modules/imports/imports.routes.ts';
import { jobsRoutes } from './modules/jobs/jobs.routes.ts';
import { JobRunner } from './modules/jobs/jobs.service.ts';
import { metricsRoutes } from './modules/metrics/metrics.routes.ts';
import { organisationsRoutes } from './modules/organisations/organisations.routes.ts';
import { parksRoutes } from './modules/parks/parks.routes.ts';
import { promotingOrgsRoutes } from './modules/promoting-orgs/promoting-orgs.routes.ts';
import { recognitionRoutes, upgradesRoutes } from './modules/recognition/recognition.routes.ts';
import { referenceRoutes } from './modules/reference/reference.routes.ts';
import { reviewsRoutes } from './modules/reviews/reviews.routes.ts';
import { targetsRoutes } from './modules/targets/targets.routes.ts';
import { tasksRoutes } from './modules/tasks/tasks.routes.ts';
import { usersRoutes } from './modules/users/users.routes.ts';
import { version } from './version.ts';

export type AppDeps = {
  config: Config;
  database: Database;
  /** false in tests that want silence; a pino options object or true otherwise. */
  logger?: boolean | Record<string, unknown>;
  /** The current time; tests inject one to move through lockouts and idle expiry without sleeping. */
  clock?: () => Date;
  /** The built web app to serve on `/`; default packages/web/dist. */
  webDistDir?: string;
};

declare module 'fastify' {
  interface FastifyInstance {
    deps: AppDeps;
  }
}

/**
 * Builds the Fastify app: security headers, body limits, zod validation, OpenAPI, error mapping,
 * the feature modules under /api and (in production) the built web app. Does not listen.
 */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: deps.logger ?? { level: deps.config.logLevel },
    bodyLimit: deps.config.bodyLimit,
    trustProxy: true,
    // Refuse unknown fields is done per schema (z.strictObject); here: no prototype poisoning.
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
  }).withTypeProvider<ZodTypeProvider>();

  app.decorate('deps', deps);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);
  // Background jobs: one runner per app; unfinished jobs of a crashed run are marked failed on start.
  app.decorate(
    'jobs',
    new JobRunner(deps.database, { log: app.log, clock: deps.clock ?? (() => new Date()) }),
  );
  app.addHook('onReady', async () => {
    await app.jobs.recoverInterrupted();
  });
  app.addHook('onClose', async () => app.jobs.close());

  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: true,
      directives: {
        // Everything is served by the platform itself: no CDN, no outside fonts or tiles.
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:', 'blob:'],
        'font-src': ["'self'", 'data:'],
        'connect-src': ["'self'"],
        'upgrade-insecure-requests': null,
      },
    },
    hsts: deps.config.isProduction,
  });

  await app.register(swagger, {
    openapi: {
      info: { title: 'Qunce API', version, description: '群策 — advanced manufacturing cluster platform' },
    },
    transform: jsonSchemaTransform,
  });

  await app.register(
    async (api) => {
      // First: sessions, CSRF and audited refusals apply to every route registered below.
      await registerAuth(api);
      await api.register(healthRoutes);
      await api.register(authRoutes);
      await api.register(usersRoutes);
      await api.register(organisationsRoutes);
      await api.register(auditRoutes);
      await api.register(referenceRoutes);
      await api.register(jobsRoutes);
      await api.register(attachmentsRoutes);
      await api.register(clustersRoutes);
      await api.register(enterprisesRoutes);
      await api.register(importsRoutes);
      await api.register(designationsRoutes);
      await api.register(metricsRoutes);
      await api.register(collectionRoutes);
      await api.register(carriersRoutes);
      await api.register(parksRoutes);
      await api.register(promotingOrgsRoutes);
      await api.register(evaluationsRoutes);
      await api.register(reviewsRoutes);
      await api.register(recognitionRoutes);
      await api.register(upgradesRoutes);
      await api.register(fundsRoutes);
      await api.register(calendarRoutes);
      await api.register(targetsRoutes);
      await api.register(tasksRoutes);
      await api.register(cockpitRoutes);
      api.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
    },
    { prefix: '/api' },
  );

  // After /api: the built web app on `/`, with index.html for every other HTML address (SPA).
  await app.register(webStatic, { root: deps.webDistDir });

  return app;
}
