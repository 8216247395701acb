import { AppError, isJobFinished, type Job, jobListSchema, jobSchema } from '@qunce/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { appendAudit, auditActor } from '../audit/audit.service.ts';
import { now, requireUser, type SessionUser } from '../auth/auth.hooks.ts';
import { findJob, listJobsOfOwner } from './jobs.repository.ts';
import { toJob } from './jobs.service.ts';

const idParams = z.strictObject({ id: z.uuid() });
const notFound = (id: string) => new AppError('not_found', `任务不存在 / job not found: ${id}`);

/** Owner or province administrator; everyone else gets 404 (existence is not disclosed). */
async function getVisibleJob(app: FastifyInstance, user: SessionUser, id: string): Promise<Job> {
  const row = await findJob(app.deps.database.db, id);
  if (!row || (row.ownerId !== user.id && !user.roles.includes('province_admin'))) throw notFound(id);
  return toJob(row);
}

/** Server-sent events: heartbeat comment interval, and how often the row is re-read (other processes). */
const heartbeatMs = 15_000;
const pollMs = 2_000;

export async function jobsRoutes(app: FastifyInstance): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  // Open event streams, ended before the server closes (they would keep it open otherwise).
  const streams = new Set<() => void>();
  app.addHook('preClose', async () => {
    for (const end of [...streams]) end();
  });

  api.get(
    '/jobs',
    {
      schema: {
        tags: ['jobs'],
        summary: '我的任务 / my jobs, newest first',
        querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(200).default(50) }),
        response: { 200: jobListSchema },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const rows = await listJobsOfOwner(app.deps.database.db, user.id, request.query.limit);
      return { jobs: rows.map(toJob) };
    },
  );

  api.get(
    '/jobs/:id',
    {
      schema: {
        tags: ['jobs'],
        summary: '任务状态 / a job',
        params: idParams,
        response: { 200: jobSchema },
      },
    },
    async (request) => getVisibleJob(app, requireUser(request), request.params.id),
  );

  api.post(
    '/jobs/:id/cancel',
    {
      schema: {
        tags: ['jobs'],
        summary: '取消任务 / cancel a job (a running job ends as cancelled shortly after)',
        params: idParams,
        response: { 200: jobSchema },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const before = await getVisibleJob(app, user, request.params.id);
      return app.jobs.cancel(request.params.id, (tx, after) =>
        appendAudit(tx, {
          ...auditActor(request),
          action: 'job.cancelled',
          entityType: 'job',
          entityId: after.id,
          before: { type: before.type, status: before.status, progress: before.progress },
          after: { status: after.status, cancelRequested: after.cancelRequested },
          at: now(app),
        }),
      );
    },
  );

  api.get(
    '/jobs/:id/events',
    {
      schema: {
        tags: ['jobs'],
        summary:
          '任务进度事件流 / server-sent events: the current state, then every change until the job ends',
        params: idParams,
      },
    },
    async (request, reply) => {
      const job = await getVisibleJob(app, requireUser(request), request.params.id);
      // From here on the response is a stream written by hand; copy the headers set by hooks (helmet).
      reply.hijack();
      const raw = reply.raw;
      const headers: Record<string, string | string[]> = {};
      for (const [name, value] of Object.entries(reply.getHeaders())) {
        if (value !== undefined) headers[name] = typeof value === 'number' ? String(value) : value;
      }
      raw.writeHead(200, {
        ...headers,
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      let lastSent = '';
      let ended = false;
      const send = (state: Job) => {
        if (ended) return;
        const data = JSON.stringify(state);
        if (data === lastSent) return;
        // Never move backwards: a stale poll must not overwrite a newer pushed state.
        const previous = lastSent ? (JSON.parse(lastSent) as Job) : undefined;
        if (previous && previous.updatedAt > state.updatedAt) return;
        lastSent = data;
        raw.write(`event: job\nid: ${state.updatedAt}\ndata: ${data}\n\n`);
        if (isJobFinished(state.status)) end();
      };
      const unsubscribe = app.jobs.subscribe(job.id, send);
      const heartbeat = setInterval(() => raw.write(': keep-alive\n\n'), heartbeatMs);
      // Jobs run by another server process (PostgreSQL deployments) reach us only through the table.
      const poll = setInterval(() => {
        findJob(app.deps.database.db, job.id)
          .then((row) => row && send(toJob(row)))
          .catch((error: unknown) => request.log.warn({ err: error }, 'job event poll failed'));
      }, pollMs);
      function end() {
        if (ended) return;
        ended = true;
        streams.delete(end);
        unsubscribe();
        clearInterval(heartbeat);
        clearInterval(poll);
        raw.end();
      }
      streams.add(end);
      request.raw.once('close', end);
      raw.write('retry: 2000\n\n');
      send(job);
    },
  );
}
