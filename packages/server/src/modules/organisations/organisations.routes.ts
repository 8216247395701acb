import { createOrganisationRequestSchema, organisationTypes, organisationViewSchema } from '@qunce/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { clientIp, now, requirePermission } from '../auth/auth.hooks.ts';
import { createClusterOrganisation, getOrganisation, listOrganisations } from './organisations.service.ts';

export async function organisationsRoutes(app: FastifyInstance): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const db = app.deps.database.db;
  const tags = ['organisations'];

  api.get(
    '/organisations',
    {
      schema: {
        tags,
        summary: '机构 / organisations in scope',
        querystring: z.strictObject({ type: z.enum(organisationTypes).optional() }),
        response: { 200: z.object({ items: z.array(organisationViewSchema) }) },
      },
    },
    async (request) => {
      const user = requirePermission(request, 'organisations.read');
      return { items: await listOrganisations(db, user, request.query.type) };
    },
  );

  api.get(
    '/organisations/:code',
    {
      schema: {
        tags,
        summary: '机构 / an organisation',
        params: z.strictObject({ code: z.string().min(1).max(64) }),
        response: { 200: organisationViewSchema },
      },
    },
    async (request) => {
      const user = requirePermission(request, 'organisations.read');
      return getOrganisation(db, user, request.params.code);
    },
  );

  api.post(
    '/organisations',
    {
      schema: {
        tags,
        summary: '登记集群促进组织 / register a cluster organisation',
        body: createOrganisationRequestSchema,
        response: { 201: organisationViewSchema },
      },
    },
    async (request, reply) => {
      const user = requirePermission(request, 'organisations.manage');
      const view = await createClusterOrganisation(db, request.body, {
        actorId: user.id,
        actorName: user.username,
        ip: clientIp(request),
        at: now(app),
      });
      return reply.status(201).send(view);
    },
  );
}
