import { AppError, type Job } from '@qunce/core';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase, testDbKind } from '../../../test/db.ts';
import { jobs } from '../../db/schema/index.ts';
import { findJob } from './jobs.repository.ts';
import { JobRunner } from './jobs.service.ts';

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
      await new JobRunner(database).recoverInterrupted();
      expect(live ? (await findJob(database.db, live.id))?.status : undefined).toBe('running');
      await database.db.execute(sql`UPDATE jobs SET status = 'failed' WHERE type = 'live'`);
    },
  );
});
