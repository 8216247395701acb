import { AppError, type Job } from '@qunce/core';
import { and, eq, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase, testDbKind } from '../../../test/db.ts';
import { buildTestApp, signIn, type TestSession } from '../../../test/sessions.ts';
import { buildApp } from '../../app.ts';
import { auditLog, jobs } from '../../db/schema/index.ts';
import { findJob } from './jobs.repository.ts';
import { JobRunner, startJob } from './jobs.service.ts';

/** A promise with its resolver, so a test decides when a handler may go on. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open = () => {};
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

describe(`job runner (${testDbKind()})`, () => {
  let database: TestDatabase;
  let runner: JobRunner;
  beforeAll(async () => {
    database = await createTestDatabase();
    runner = new JobRunner(database, { reportIntervalMs: 50 });
  });
  afterAll(async () => {
    await runner.close();
    await database.drop();
  });

  it('queues, runs off the caller, records progress, result and times', async () => {
    const ran: string[] = [];
    const job = await runner.start({ type: 'count', ownerId: null, input: { to: 3 } }, async (context) => {
      ran.push('handler');
      for (let index = 1; index <= context.input.to; index++) {
        context.report({
          progress: index / context.input.to,
          message: `step ${index}`,
          counters: { done: index },
        });
      }
      return { total: context.input.to };
    });
    // start() returned before the handler ran: it is queued for setImmediate.
    expect(job.status).toBe('queued');
    expect(ran).toEqual([]);
    await runner.idle();
    const row = await findJob(database.db, job.id);
    expect(row).toMatchObject({
      status: 'succeeded',
      progress: 1,
      message: 'step 3',
      counters: { done: 3 },
      result: { total: 3 },
      error: null,
    });
    expect(row?.startedAt).toBeInstanceOf(Date);
    expect(row?.finishedAt).toBeInstanceOf(Date);
  });

  it('throttles progress writes: 1000 reports in a tight loop become a handful of updates', async () => {
    const seen: Job[] = [];
    let unsubscribe = () => {};
    const job = await runner.start({ type: 'many-reports', ownerId: null, input: null }, async (context) => {
      for (let index = 0; index < 1000; index++) context.report({ progress: index / 1000 });
      // Let one throttled write happen (interval 50 ms).
      await new Promise((resolve) => setTimeout(resolve, 120));
      return null;
    });
    unsubscribe = runner.subscribe(job.id, (state) => seen.push(state));
    await runner.idle();
    unsubscribe();
    // running + at most a few progress writes + the final state, far fewer than 1000.
    expect(seen.length).toBeLessThan(10);
    expect(seen.at(-1)?.status).toBe('succeeded');
    const progress = seen.map((state) => state.progress);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });

  it('records an AppError as the failure with its code and message', async () => {
    const job = await runner.start({ type: 'fails', ownerId: null, input: null }, async () => {
      throw new AppError('rule_violated', '数据不完整 / data incomplete', { row: 3 });
    });
    await runner.idle();
    expect(await findJob(database.db, job.id)).toMatchObject({
      status: 'failed',
      error: { code: 'rule_violated', message: '数据不完整 / data incomplete', details: { row: 3 } },
    });
  });

  it('records an unexpected error as internal, message only (no stack)', async () => {
    const job = await runner.start({ type: 'crashes', ownerId: null, input: null }, async () => {
      throw new TypeError('x is undefined');
    });
    await runner.idle();
    const row = await findJob(database.db, job.id);
    expect(row?.status).toBe('failed');
    expect(row?.error).toEqual({ code: 'internal', message: '任务失败 / job failed: x is undefined' });
  });

  it('cancels a running job through its signal', async () => {
    const started = gate();
    const job = await runner.start({ type: 'long', ownerId: null, input: null }, async (context) => {
      started.open();
      await new Promise<void>((resolve) => context.signal.addEventListener('abort', () => resolve()));
      context.throwIfCancelled();
      return 'not reached';
    });
    await started.promise;
    const requested = await runner.cancel(job.id);
    expect(requested.cancelRequested).toBe(true);
    await runner.idle();
    expect(await findJob(database.db, job.id)).toMatchObject({ status: 'cancelled', result: null });
    await expect(runner.cancel(job.id)).rejects.toMatchObject({ code: 'conflict' });
  });

  it('cancels a job running in another runner (another server process) through the table', async () => {
    const other = new JobRunner(database, { reportIntervalMs: 20 });
    const started = gate();
    const job = await runner.start({ type: 'remote', ownerId: null, input: null }, async (context) => {
      started.open();
      // Reports progress while it works; the progress write is where the flag is read back.
      while (!context.signal.aborted) {
        context.report({ message: 'working' });
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      context.throwIfCancelled();
    });
    await started.promise;
    const requested = await other.cancel(job.id);
    expect(requested).toMatchObject({ status: 'running', cancelRequested: true });
    await runner.idle();
    expect((await findJob(database.db, job.id))?.status).toBe('cancelled');
    await other.close();
  });

  it('cancels a queued job before it starts (concurrency 1: the second waits)', async () => {
    const single = new JobRunner(database, { concurrency: 1 });
    const release = gate();
    let secondRan = false;
    const first = await single.start(
      { type: 'blocker', ownerId: null, input: null },
      async () => release.promise,
    );
    const second = await single.start({ type: 'waiting', ownerId: null, input: null }, async () => {
      secondRan = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    const cancelled = await single.cancel(second.id);
    expect(cancelled.status).toBe('cancelled');
    release.open();
    await single.idle();
    expect(secondRan).toBe(false);
    expect((await findJob(database.db, first.id))?.status).toBe('succeeded');
    await single.close();
  });

  it('on shutdown signals running jobs, which end failed (interrupted) rather than cancelled', async () => {
    const closing = new JobRunner(database);
    const started = gate();
    const job = await closing.start(
      { type: 'until-shutdown', ownerId: null, input: null },
      async (context) => {
        started.open();
        await new Promise((resolve) => context.signal.addEventListener('abort', resolve, { once: true }));
        context.throwIfCancelled();
      },
    );
    await started.promise;
    await closing.close();
    expect(await findJob(database.db, job.id)).toMatchObject({
      status: 'failed',
      error: { details: { reason: 'interrupted' } },
    });
    await expect(
      closing.start({ type: 'late', ownerId: null, input: null }, async () => null),
    ).rejects.toThrow(/shutting down/);
  });

  it('marks jobs left running by a crashed process as failed (interrupted) at start-up', async () => {
    const now = new Date();
    // A job row as a process killed mid-job leaves it: running, owned by a pid that no longer exists.
    const [orphan] = await database.db
      .insert(jobs)
      .values({
        type: 'orphan',
        status: 'running',
        runner: 'some-host-that-crashed:999999',
        createdAt: new Date(now.getTime() - 600_000),
        updatedAt: new Date(now.getTime() - 600_000),
      })
      .returning();
    const fresh = new JobRunner(database);
    const failed = await fresh.recoverInterrupted();
    expect(failed.map((job) => job.id)).toContain(orphan?.id);
    const row = orphan ? await findJob(database.db, orphan.id) : undefined;
    expect(row).toMatchObject({ status: 'failed', error: { details: { reason: 'interrupted' } } });
    await fresh.close();
  });

  it.runIf(testDbKind() === 'postgres')(
    'on PostgreSQL leaves alone a job another live server is running (recent heartbeat)',
    async () => {
      const now = new Date();
      const [live] = await database.db
        .insert(jobs)
        .values({ type: 'live', status: 'running', runner: 'other-host:1', createdAt: now, updatedAt: now })
        .returning();
      const starting = new JobRunner(database);
      await starting.recoverInterrupted();
      expect(live ? (await findJob(database.db, live.id))?.status : undefined).toBe('running');
      await starting.close();
      await database.db.execute(sql`UPDATE jobs SET status = 'failed' WHERE type = 'live'`);
    },
  );

  it.runIf(testDbKind() === 'postgres')(
    'on PostgreSQL the periodic sweep fails jobs of a server gone silent, never its own',
    async () => {
      const sweeping = new JobRunner(database);
      const old = new Date(Date.now() - 600_000);
      const [silent, own] = await database.db
        .insert(jobs)
        .values([
          { type: 'silent', status: 'running', runner: 'vanished-host:7', createdAt: old, updatedAt: old },
          // Its own job with an old heartbeat (a handler hogging the event loop) is left alone.
          { type: 'own', status: 'running', runner: sweeping.runnerId, createdAt: old, updatedAt: old },
        ])
        .returning();
      const failed = await sweeping.sweep();
      expect(failed.map((job) => job.id)).toEqual([silent?.id]);
      expect(own ? (await findJob(database.db, own.id))?.status : undefined).toBe('running');
      await database.db.execute(sql`UPDATE jobs SET status = 'failed' WHERE type = 'own'`);
      await sweeping.close();
    },
  );
});

/** Reads server-sent events from a fetch response until the stream ends. */
async function readEvents(response: Response): Promise<{ event: string; data: Job }[]> {
  const events: { event: string; data: Job }[] = [];
  const decoder = new TextDecoder();
  let buffer = '';
  const reader = response.body?.getReader();
  if (!reader) throw new Error('no body');
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let split = buffer.indexOf('\n\n');
    while (split >= 0) {
      const block = buffer.slice(0, split);
      buffer = buffer.slice(split + 2);
      const fields = Object.fromEntries(
        block
          .split('\n')
          .filter((line) => line && !line.startsWith(':'))
          .map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1).trim()]),
      );
      if (fields.event && fields.data)
        events.push({ event: fields.event, data: JSON.parse(fields.data) as Job });
      split = buffer.indexOf('\n\n');
    }
  }
  return events;
}

describe(`jobs API (${testDbKind()})`, () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let city: TestSession;
  let province: TestSession;
  let cluster: TestSession;
  let baseUrl: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    ({ app } = await buildTestApp(database));
    city = await signIn(app, 'demo-city');
    province = await signIn(app, 'demo-province');
    cluster = await signIn(app, 'demo-cluster');
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    baseUrl = typeof address === 'object' && address ? `http://127.0.0.1:${address.port}` : '';
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  /** The demo job type of these tests: sleeps in steps until released, reporting progress. */
  function startSleeper(ownerId: string, steps: number, on: FastifyInstance = app) {
    const release = gate();
    const reached = { half: gate() };
    const job = startJob(on, { type: 'noop-sleep', ownerId, input: { steps } }, async (context) => {
      for (let step = 1; step <= context.input.steps; step++) {
        context.throwIfCancelled();
        context.report({ progress: step / context.input.steps, message: `${step}/${context.input.steps}` });
        if (step === Math.floor(context.input.steps / 2)) {
          reached.half.open();
          // Wait to be released, or cancelled (a cancellable job listens to its signal).
          await Promise.race([
            release.promise,
            new Promise((resolve) => context.signal.addEventListener('abort', resolve, { once: true })),
          ]);
        }
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      return { slept: context.input.steps };
    });
    return { job, release: release.open, half: reached.half.promise };
  }

  it('shows a job to its owner and the province administrator, 404 to others, 401 without a session', async () => {
    const { job, release } = startSleeper(city.userId, 2);
    const { id } = await job;
    release();
    await app.jobs.idle();
    const asOwner = await app.inject({ method: 'GET', url: `/api/jobs/${id}`, headers: city.headers });
    expect(asOwner.statusCode).toBe(200);
    expect(asOwner.json()).toMatchObject({
      id,
      type: 'noop-sleep',
      status: 'succeeded',
      progress: 1,
      result: { slept: 2 },
    });
    expect(
      (await app.inject({ method: 'GET', url: `/api/jobs/${id}`, headers: province.headers })).statusCode,
    ).toBe(200);
    const asOther = await app.inject({ method: 'GET', url: `/api/jobs/${id}`, headers: cluster.headers });
    expect(asOther.statusCode).toBe(404);
    expect(asOther.json().error.code).toBe('not_found');
    expect((await app.inject({ method: 'GET', url: `/api/jobs/${id}` })).statusCode).toBe(401);
    expect(
      (await app.inject({ method: 'GET', url: '/api/jobs/not-a-uuid', headers: city.headers })).statusCode,
    ).toBe(400);
  });

  it("lists only the caller's own jobs, newest first", async () => {
    const mine = startSleeper(cluster.userId, 2);
    mine.release();
    await app.jobs.idle();
    const list = await app.inject({ method: 'GET', url: '/api/jobs', headers: cluster.headers });
    expect(list.statusCode).toBe(200);
    const jobsListed = list.json().jobs as Job[];
    expect(jobsListed.length).toBeGreaterThan(0);
    expect(jobsListed.every((job) => job.ownerId === cluster.userId)).toBe(true);
  });

  it('cancels on POST with the CSRF token; refuses without it (403) and for others (404); 409 once ended', async () => {
    const { job, half } = startSleeper(city.userId, 10);
    const { id } = await job;
    await half;
    const url = `/api/jobs/${id}/cancel`;
    expect((await app.inject({ method: 'POST', url, headers: { cookie: city.cookie } })).statusCode).toBe(
      403,
    );
    expect((await app.inject({ method: 'POST', url, headers: cluster.headers })).statusCode).toBe(404);
    const cancelled = await app.inject({ method: 'POST', url, headers: city.headers });
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json().cancelRequested).toBe(true);
    await app.jobs.idle();
    const after = await app.inject({ method: 'GET', url: `/api/jobs/${id}`, headers: city.headers });
    expect(after.json().status).toBe('cancelled');
    const audited = await database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'job.cancelled'), eq(auditLog.entityId, id)));
    expect(audited.map((entry) => entry.actorId)).toEqual([city.userId]);
    expect((await app.inject({ method: 'POST', url, headers: city.headers })).statusCode).toBe(409);
  });

  it('streams progress over server-sent events, starting with the current state (as after a page reload)', async () => {
    const { job, half, release } = startSleeper(city.userId, 6);
    const { id } = await job;
    await half;
    // Wait until the throttled progress write of step 3 has landed, as a page opened mid-job finds it.
    for (let attempt = 0; attempt < 200; attempt++) {
      const state = await app.inject({ method: 'GET', url: `/api/jobs/${id}`, headers: city.headers });
      if (state.json().message === '3/6') break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const response = await fetch(`${baseUrl}/api/jobs/${id}/events`, { headers: { cookie: city.cookie } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    const reading = readEvents(response);
    release();
    const events = await reading; // the server ends the stream when the job ends
    expect(events[0]?.data).toMatchObject({ id, status: 'running', progress: 0.5, message: '3/6' });
    expect(events.at(-1)?.data).toMatchObject({ status: 'succeeded', progress: 1, result: { slept: 6 } });
    const progress = events.map((event) => event.data.progress);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(events.every((event) => event.event === 'job')).toBe(true);
  });

  it('streams a job run by another server process on the same database (read back from the table)', async () => {
    // A second app on the same database stands for a second server: its runner is not this one's.
    const other = await buildApp({ config: app.deps.config, database, logger: false });
    await other.ready();
    try {
      const { job, half, release } = startSleeper(city.userId, 4, other);
      const { id } = await job;
      await half;
      const response = await fetch(`${baseUrl}/api/jobs/${id}/events`, { headers: { cookie: city.cookie } });
      const reading = readEvents(response);
      release();
      await other.jobs.idle();
      const events = await reading; // pushed by nobody here: the stream polls the row
      expect(events.at(-1)?.data).toMatchObject({ status: 'succeeded', result: { slept: 4 } });
    } finally {
      await other.close();
    }
  });

  it("sends a finished job's final state and closes; 404 for someone else's stream", async () => {
    const { job, release } = startSleeper(city.userId, 2);
    const { id } = await job;
    release();
    await app.jobs.idle();
    const events = await readEvents(
      await fetch(`${baseUrl}/api/jobs/${id}/events`, { headers: { cookie: city.cookie } }),
    );
    expect(events).toHaveLength(1);
    expect(events[0]?.data.status).toBe('succeeded');
    const other = await fetch(`${baseUrl}/api/jobs/${id}/events`, { headers: { cookie: cluster.cookie } });
    expect(other.status).toBe(404);
  });
});
