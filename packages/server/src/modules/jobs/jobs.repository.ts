import { and, desc, eq, inArray, isNull, lt, ne, or, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { insertOne } from '../../db/insert-one.ts';
import { type JobRow, jobs } from '../../db/schema/index.ts';

export type NewJob = Pick<JobRow, 'type' | 'ownerId' | 'input' | 'createdAt' | 'updatedAt'>;

export async function insertJob(db: DbOrTx, job: NewJob): Promise<JobRow> {
  return insertOne(db, jobs, job);
}

export async function findJob(db: DbOrTx, id: string): Promise<JobRow | undefined> {
  const [row] = await db.select().from(jobs).where(eq(jobs.id, id));
  return row;
}

export async function listJobsOfOwner(db: DbOrTx, ownerId: string, limit: number): Promise<JobRow[]> {
  return db.select().from(jobs).where(eq(jobs.ownerId, ownerId)).orderBy(desc(jobs.createdAt)).limit(limit);
}

/** Updates a job and returns the new row (undefined if it no longer exists). */
export async function updateJob(
  db: DbOrTx,
  id: string,
  patch: Partial<Omit<JobRow, 'id' | 'createdAt'>>,
  onlyIf?: SQL,
): Promise<JobRow | undefined> {
  const [row] = await db
    .update(jobs)
    .set(patch)
    .where(onlyIf ? and(eq(jobs.id, id), onlyIf) : eq(jobs.id, id))
    .returning();
  return row;
}

export const unfinished = inArray(jobs.status, ['queued', 'running']);

/**
 * Marks as failed the unfinished jobs no live runner owns: `runners` lists the runner ids known to
 * be dead (same host, pid gone), and anything not heard from since `staleBefore` is dead too.
 */
export async function failOrphanedJobs(
  db: DbOrTx,
  options: {
    all: boolean;
    deadRunners: string[];
    staleBefore: Date;
    now: Date;
    error: JobRow['error'];
    /** The caller's own runner: its jobs are alive whatever their heartbeat says. */
    excludeRunner?: string;
  },
): Promise<JobRow[]> {
  const orphaned = options.all
    ? unfinished
    : and(
        unfinished,
        or(
          lt(jobs.updatedAt, options.staleBefore),
          options.deadRunners.length > 0 ? inArray(jobs.runner, options.deadRunners) : undefined,
        ),
        options.excludeRunner ? or(isNull(jobs.runner), ne(jobs.runner, options.excludeRunner)) : undefined,
      );
  return db
    .update(jobs)
    .set({
      status: 'failed',
      message: options.error?.message ?? null,
      error: options.error,
      finishedAt: options.now,
      updatedAt: options.now,
    })
    .where(orphaned)
    .returning();
}

export async function listUnfinishedRunners(db: DbOrTx): Promise<string[]> {
  const rows = await db.selectDistinct({ runner: jobs.runner }).from(jobs).where(unfinished);
  return rows.flatMap((row) => (row.runner ? [row.runner] : []));
}
