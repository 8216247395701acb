import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { hostname } from 'node:os';
import { AppError, isJobFinished, type Job, type JobError } from '@qunce/core';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Database, Db, DbOrTx } from '../../db/client.ts';
import type { JobRow } from '../../db/schema/index.ts';
import {
  failOrphanedJobs,
  findJob,
  insertJob,
  listUnfinishedRunners,
  unfinished,
  updateJob,
} from './jobs.repository.ts';

/**
 * The in-process job runner (docs/briefs/jobs-contract.md). A job is a row in `jobs` plus a handler
 * run off the request thread: `start` writes the row (status queued) and returns at once; the
 * handler runs from a queue (a few at a time), reports progress that is persisted at most every
 * `reportIntervalMs` and pushed to subscribers (server-sent events), and watches `signal` for
 * cancellation. Handlers keep their own transactions short; the runner never holds one open.
 */
export type JobProgress = {
  /** 0..1; clamped. */
  progress?: number;
  message?: string;
  counters?: Record<string, number>;
};

export type JobContext<I> = {
  jobId: string;
  input: I;
  ownerId: string | null;
  signal: AbortSignal;
  /** Records progress; cheap to call often (writes are throttled). */
  report(update: JobProgress): void;
  /** Throws the cancellation error if the job was cancelled: call it between units of work. */
  throwIfCancelled(): void;
  db: Db;
  log: FastifyBaseLogger | undefined;
};

/** Returns the job's result (stored as JSON). Throw AppError for an expected failure. */
export type JobHandler<I, R> = (context: JobContext<I>) => Promise<R>;

export type JobSpec<I> = { type: string; ownerId: string | null; input: I };

export type JobRunnerOptions = {
  clock?: () => Date;
  log?: FastifyBaseLogger;
  /** Smallest interval between two progress writes of one job. */
  reportIntervalMs?: number;
  /** Jobs run at the same time; the rest wait in the queue. */
  concurrency?: number;
  /** While running, the row is touched this often, so other processes can tell it is alive. */
  heartbeatMs?: number;
};

export function toJob(row: JobRow): Job {
  return {
    id: row.id,
    type: row.type,
    status: row.status,
    progress: row.progress,
    message: row.message,
    counters: row.counters,
    ownerId: row.ownerId,
    cancelRequested: row.cancelRequested,
    input: row.input ?? null,
    result: row.result ?? null,
    error: row.error ?? null,
    createdAt: row.createdAt.toISOString(),
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
    updatedAt: row.updatedAt.toISOString(),
  };
}

const interruptedError: JobError = {
  code: 'internal',
  message: '任务因服务器重启而中断 / interrupted: the server stopped while the job was running',
  details: { reason: 'interrupted' },
};

type Running = {
  controller: AbortController;
  latest: JobProgress;
  lastWrite: number;
  timer: NodeJS.Timeout | undefined;
  writing: Promise<void>;
};

export class JobRunner {
  /** host:pid:nonce; the nonce tells apart two lives of one pid (a container's pid 1 after a restart). */
  readonly runnerId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly events = new EventEmitter();
  private readonly queue: { id: string; run: () => Promise<void> }[] = [];
  private readonly running = new Map<string, Running>();
  private readonly settled = new Set<Promise<void>>();
  private active = 0;
  private closed = false;
  private sweeper: NodeJS.Timeout | undefined;
  private readonly clock: () => Date;
  private readonly interval: number;
  private readonly concurrency: number;
  private readonly heartbeatMs: number;

  constructor(
    private readonly database: Database,
    private readonly options: JobRunnerOptions = {},
  ) {
    this.clock = options.clock ?? (() => new Date());
    this.interval = options.reportIntervalMs ?? 250;
    this.concurrency = options.concurrency ?? 2;
    this.heartbeatMs = options.heartbeatMs ?? 10_000;
    this.events.setMaxListeners(0);
  }

  private get db(): Db {
    return this.database.db;
  }

  /** Queues a job and returns its row at once (status queued). */
  async start<I, R>(spec: JobSpec<I>, handler: JobHandler<I, R>): Promise<Job> {
    if (this.closed) throw new AppError('internal', '服务器正在关闭 / the server is shutting down');
    const now = this.clock();
    const row = await insertJob(this.db, {
      type: spec.type,
      ownerId: spec.ownerId,
      input: spec.input ?? null,
      createdAt: now,
      updatedAt: now,
    });
    this.queue.push({ id: row.id, run: () => this.execute(row.id, spec, handler) });
    // Off the request thread: the HTTP reply goes out before the handler starts.
    setImmediate(() => this.pump());
    return toJob(row);
  }

  private pump(): void {
    while (!this.closed && this.active < this.concurrency) {
      const next = this.queue.shift();
      if (!next) return;
      this.active++;
      const done = next
        .run()
        .catch((error: unknown) =>
          this.options.log?.error({ err: error, jobId: next.id }, 'job runner failure'),
        )
        .finally(() => {
          this.active--;
          this.settled.delete(done);
          this.pump();
        });
      this.settled.add(done);
    }
  }

  private async execute<I, R>(id: string, spec: JobSpec<I>, handler: JobHandler<I, R>): Promise<void> {
    const controller = new AbortController();
    const state: Running = {
      controller,
      latest: {},
      lastWrite: 0,
      timer: undefined,
      writing: Promise.resolve(),
    };
    this.running.set(id, state);
    const heartbeat = setInterval(() => this.schedule(id, state, true), this.heartbeatMs);
    heartbeat.unref();
    try {
      const started = await updateJob(
        this.db,
        id,
        { status: 'running', startedAt: this.clock(), updatedAt: this.clock(), runner: this.runnerId },
        unfinished,
      );
      if (!started) return; // cancelled while queued, or deleted
      this.emit(started);
      if (started.cancelRequested) controller.abort();
      let outcome: Partial<JobRow>;
      try {
        if (controller.signal.aborted) throw cancelledError();
        const result = await handler({
          jobId: id,
          input: spec.input,
          ownerId: spec.ownerId,
          signal: controller.signal,
          report: (update) => {
            state.latest = { ...state.latest, ...update };
            this.schedule(id, state);
          },
          throwIfCancelled: () => {
            if (controller.signal.aborted) throw cancelledError();
          },
          db: this.db,
          log: this.options.log,
        });
        outcome = controller.signal.aborted
          ? this.abortedOutcome()
          : { status: 'succeeded', progress: 1, result: (result ?? null) as JobRow['result'] };
      } catch (error) {
        if (controller.signal.aborted) {
          outcome = this.abortedOutcome();
        } else if (error instanceof AppError) {
          outcome = {
            status: 'failed',
            message: error.message,
            error: {
              code: error.code,
              message: error.message,
              ...(error.details ? { details: error.details } : {}),
            },
          };
        } else {
          this.options.log?.error({ err: error, jobId: id, type: spec.type }, 'job failed');
          const message = `任务失败 / job failed: ${error instanceof Error ? error.message : String(error)}`;
          outcome = { status: 'failed', message, error: { code: 'internal', message } };
        }
      }
      clearTimeout(state.timer);
      await state.writing;
      const now = this.clock();
      const final = await updateJob(this.db, id, {
        ...progressPatch(state.latest),
        ...outcome,
        finishedAt: now,
        updatedAt: now,
      });
      if (final) this.emit(final);
    } finally {
      clearInterval(heartbeat);
      clearTimeout(state.timer);
      this.running.delete(id);
    }
  }

  /** Throttled write of the latest progress; `touch` only refreshes updated_at (heartbeat). */
  private schedule(id: string, state: Running, touch = false): void {
    if (state.timer) return;
    const wait = touch ? 0 : Math.max(0, state.lastWrite + this.interval - Date.now());
    state.timer = setTimeout(() => {
      state.timer = undefined;
      state.lastWrite = Date.now();
      const patch = { ...progressPatch(state.latest), updatedAt: this.clock() };
      state.writing = state.writing
        .then(async () => {
          if (!this.running.has(id)) return;
          const row = await updateJob(this.db, id, patch, unfinished);
          if (!row) return;
          // Cancellation requested by another process shows up here.
          if (row.cancelRequested) state.controller.abort();
          this.emit(row);
        })
        .catch((error: unknown) =>
          this.options.log?.warn({ err: error, jobId: id }, 'job progress write failed'),
        );
    }, wait);
  }

  /**
   * Requests cancellation: a queued job is cancelled at once, a running one is signalled and ends
   * as cancelled when its handler returns. Finished jobs are refused (409).
   */
  async cancel(id: string, audit?: (tx: DbOrTx, job: Job) => Promise<void>): Promise<Job> {
    const row = await findJob(this.db, id);
    if (!row) throw new AppError('not_found', `任务不存在 / job not found: ${id}`);
    if (isJobFinished(row.status))
      throw new AppError('conflict', `任务已结束 / the job has already ended (${row.status})`, {
        status: row.status,
      });
    const queuedIndex = this.queue.findIndex((entry) => entry.id === id);
    if (queuedIndex >= 0) this.queue.splice(queuedIndex, 1);
    const now = this.clock();
    // A queued job ends here; a running one is flagged and signalled, and ends when its handler does.
    const patch: Partial<JobRow> =
      queuedIndex >= 0 || row.status === 'queued'
        ? { ...cancelledOutcome(), cancelRequested: true, finishedAt: now, updatedAt: now }
        : { cancelRequested: true, updatedAt: now };
    const updated = await this.db.transaction(async (tx) => {
      const changed = await updateJob(tx, id, patch, unfinished);
      if (changed && audit) await audit(tx, toJob(changed));
      return changed;
    });
    if (!updated) {
      const current = await findJob(this.db, id);
      throw new AppError(
        'conflict',
        `任务已结束 / the job has already ended (${current?.status ?? 'gone'})`,
        {
          status: current?.status,
        },
      );
    }
    this.running.get(id)?.controller.abort();
    this.emit(updated);
    return toJob(updated);
  }

  /** Calls `listener` with every state change of the job written by this process. */
  subscribe(id: string, listener: (job: Job) => void): () => void {
    this.events.on(id, listener);
    return () => this.events.off(id, listener);
  }

  private emit(row: JobRow): void {
    this.events.emit(row.id, toJob(row));
  }

  /**
   * At start-up: jobs left queued or running by a process that is gone are marked failed
   * ("interrupted"). On PGlite only one process can use the database (the data-directory lock), so
   * every unfinished job is an orphan. On PostgreSQL other servers may be running jobs: only those
   * of dead processes on this host, or silent for longer than `staleAfterMs`, are orphans.
   */
  async recoverInterrupted(staleAfterMs = 120_000): Promise<Job[]> {
    const failed = await this.failOrphans(this.database.kind === 'pglite', staleAfterMs);
    if (this.database.kind === 'postgres' && !this.sweeper && !this.closed) {
      // Other servers may die while this one runs: keep looking for their silent jobs.
      this.sweeper = setInterval(() => {
        this.sweep(staleAfterMs).catch((error: unknown) =>
          this.options.log?.warn({ err: error }, 'job sweep failed'),
        );
      }, staleAfterMs / 2);
      this.sweeper.unref();
    }
    return failed;
  }

  /** PostgreSQL: fails the unfinished jobs of other runners silent for `staleAfterMs` (or dead here). */
  async sweep(staleAfterMs = 120_000): Promise<Job[]> {
    return this.failOrphans(false, staleAfterMs);
  }

  private async failOrphans(all: boolean, staleAfterMs: number): Promise<Job[]> {
    const now = this.clock();
    const host = hostname();
    const deadRunners = (await listUnfinishedRunners(this.db)).filter((runner) => {
      const [runnerHost, pid] = runner.split(':');
      return runnerHost === host && !isPidAlive(Number(pid)) && runner !== this.runnerId;
    });
    const failed = await failOrphanedJobs(this.db, {
      all,
      deadRunners,
      staleBefore: new Date(now.getTime() - staleAfterMs),
      now,
      error: interruptedError,
      excludeRunner: this.runnerId,
    });
    if (failed.length > 0)
      this.options.log?.warn(
        { jobs: failed.map((row) => row.id) },
        'jobs of a stopped server marked failed (interrupted)',
      );
    for (const row of failed) this.emit(row);
    return failed.map(toJob);
  }

  /** Resolves when no job is queued or running (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.settled.size > 0 || this.queue.length > 0) {
      if (this.settled.size === 0) await new Promise((resolve) => setImmediate(resolve));
      else await Promise.allSettled([...this.settled]);
    }
  }

  /** Cancelled by a user, or interrupted because the server is shutting down. */
  private abortedOutcome(): Partial<JobRow> {
    return this.closed
      ? { status: 'failed', message: interruptedError.message, error: interruptedError }
      : cancelledOutcome();
  }

  /**
   * Stops taking jobs and signals running ones; waits up to `graceMs` for them to record their end
   * (failed, "interrupted"). A handler that ignores its signal is left behind: the next start marks
   * its job interrupted.
   */
  async close(graceMs = 10_000): Promise<void> {
    this.closed = true;
    clearInterval(this.sweeper);
    this.queue.length = 0;
    for (const state of this.running.values()) state.controller.abort();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...this.settled]),
      new Promise((resolve) => {
        timer = setTimeout(resolve, graceMs);
        timer.unref();
      }),
    ]);
    clearTimeout(timer);
  }
}

function isPidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function cancelledError(): AppError {
  return new AppError('conflict', '任务已取消 / the job was cancelled', { reason: 'cancelled' });
}

function cancelledOutcome(): Partial<JobRow> {
  return { status: 'cancelled', message: '已取消 / cancelled' };
}

function progressPatch(progress: JobProgress): Partial<JobRow> {
  const patch: Partial<JobRow> = {};
  if (progress.progress !== undefined && Number.isFinite(progress.progress))
    patch.progress = Math.min(1, Math.max(0, progress.progress));
  if (progress.message !== undefined) patch.message = progress.message;
  if (progress.counters !== undefined) patch.counters = progress.counters;
  return patch;
}

declare module 'fastify' {
  interface FastifyInstance {
    jobs: JobRunner;
  }
}

/** Starts a background job owned by `spec.ownerId` (a user id, or null for system jobs). */
export function startJob<I, R>(
  app: FastifyInstance,
  spec: JobSpec<I>,
  handler: JobHandler<I, R>,
): Promise<Job> {
  return app.jobs.start(spec, handler);
}
