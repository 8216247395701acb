import { and, asc, desc, eq, inArray, isNull, ne, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { insertOne } from '../../db/insert-one.ts';
import {
  type EvaluationFrameworkRow,
  type EvaluationRunRow,
  evaluationFrameworks,
  evaluationRuns,
} from '../../db/schema/evaluations.ts';
import { metricDefinitions, observations } from '../../db/schema/metrics.ts';
import { type ClusterRow, clusters } from '../../db/schema/registry.ts';

export async function insertFrameworkIfMissing(
  db: DbOrTx,
  values: typeof evaluationFrameworks.$inferInsert,
): Promise<void> {
  await db.insert(evaluationFrameworks).values(values).onConflictDoNothing();
}

export async function insertFramework(
  db: DbOrTx,
  values: typeof evaluationFrameworks.$inferInsert,
): Promise<EvaluationFrameworkRow> {
  return insertOne(db, evaluationFrameworks, values);
}

export async function findFrameworkRow(
  db: DbOrTx,
  version: string,
): Promise<EvaluationFrameworkRow | undefined> {
  const [row] = await db.select().from(evaluationFrameworks).where(eq(evaluationFrameworks.version, version));
  return row;
}

export async function listFrameworkRows(db: DbOrTx): Promise<EvaluationFrameworkRow[]> {
  return db.select().from(evaluationFrameworks).orderBy(asc(evaluationFrameworks.version));
}

export async function lockFramework(db: DbOrTx, version: string, at: Date): Promise<void> {
  await db
    .update(evaluationFrameworks)
    .set({ lockedAt: at })
    .where(and(eq(evaluationFrameworks.version, version), isNull(evaluationFrameworks.lockedAt)));
}

export async function listMetricCodes(db: DbOrTx): Promise<string[]> {
  const rows = await db.select({ code: metricDefinitions.code }).from(metricDefinitions);
  return rows.map((r) => r.code);
}

export async function insertRun(
  db: DbOrTx,
  values: typeof evaluationRuns.$inferInsert,
): Promise<EvaluationRunRow> {
  return insertOne(db, evaluationRuns, values);
}

export async function findRunRow(db: DbOrTx, id: string): Promise<EvaluationRunRow | undefined> {
  const [row] = await db.select().from(evaluationRuns).where(eq(evaluationRuns.id, id));
  return row;
}

/** Runs without their (large) JSON columns, newest first. */
export async function listRunRows(
  db: DbOrTx,
  filter: { publishedOnly: boolean; period?: string; frameworkVersion?: string },
): Promise<EvaluationRunRow[]> {
  const conditions = [
    filter.publishedOnly ? eq(evaluationRuns.status, 'published') : undefined,
    filter.period ? eq(evaluationRuns.period, filter.period) : undefined,
    filter.frameworkVersion ? eq(evaluationRuns.frameworkVersion, filter.frameworkVersion) : undefined,
  ].filter((c) => c !== undefined);
  return db
    .select()
    .from(evaluationRuns)
    .where(conditions.length > 0 ? and(...conditions) : undefined)
    .orderBy(desc(evaluationRuns.createdAt), asc(evaluationRuns.id))
    .limit(500);
}

/** Updates a run only while it is not published (published runs are immutable). */
export async function updateUnpublishedRun(
  db: DbOrTx,
  id: string,
  values: Partial<typeof evaluationRuns.$inferInsert>,
): Promise<EvaluationRunRow | undefined> {
  const [row] = await db
    .update(evaluationRuns)
    .set(values)
    .where(and(eq(evaluationRuns.id, id), ne(evaluationRuns.status, 'published')))
    .returning();
  return row;
}

export async function publishRunRow(
  db: DbOrTx,
  id: string,
  at: Date,
  by: string | null,
): Promise<EvaluationRunRow | undefined> {
  const [row] = await db
    .update(evaluationRuns)
    .set({ status: 'published', publishedAt: at, publishedBy: by })
    .where(and(eq(evaluationRuns.id, id), eq(evaluationRuns.status, 'draft')))
    .returning();
  return row;
}

export async function deleteUnpublishedRun(db: DbOrTx, id: string): Promise<boolean> {
  const rows = await db
    .delete(evaluationRuns)
    .where(and(eq(evaluationRuns.id, id), ne(evaluationRuns.status, 'published')))
    .returning({ id: evaluationRuns.id });
  return rows.length > 0;
}

/** Live clusters by code (soft-deleted ones left out), sorted by code. */
export async function listClusterRowsByCode(db: DbOrTx, codes: readonly string[]): Promise<ClusterRow[]> {
  if (codes.length === 0) return [];
  return db
    .select()
    .from(clusters)
    .where(and(inArray(clusters.code, [...codes]), isNull(clusters.deletedAt)))
    .orderBy(asc(clusters.code));
}

/** The annual evaluation's population: every live cluster that is not revoked, sorted by code. */
export async function listEvaluatedClusterRows(db: DbOrTx): Promise<ClusterRow[]> {
  return db
    .select()
    .from(clusters)
    .where(and(isNull(clusters.deletedAt), ne(clusters.status, 'revoked')))
    .orderBy(asc(clusters.code));
}

/** Accepted cluster observations of the metrics and periods. */
export async function listAcceptedClusterObservations(
  db: DbOrTx,
  input: { clusterCodes: readonly string[]; metrics: readonly string[]; periods: readonly string[] },
): Promise<{ subjectCode: string; metricCode: string; period: string; value: number }[]> {
  if (input.clusterCodes.length === 0 || input.metrics.length === 0) return [];
  return db
    .select({
      subjectCode: observations.subjectCode,
      metricCode: observations.metricCode,
      period: observations.period,
      value: observations.value,
    })
    .from(observations)
    .where(
      and(
        eq(observations.subjectType, 'cluster'),
        eq(observations.status, 'accepted'),
        inArray(observations.subjectCode, [...input.clusterCodes]),
        inArray(observations.metricCode, [...input.metrics]),
        inArray(observations.period, [...input.periods]),
      ),
    )
    .orderBy(asc(observations.subjectCode), asc(observations.metricCode), asc(observations.period));
}

/** Published runs whose stored snapshot lists the cluster, newest period first. */
export async function listPublishedRunsWithCluster(
  db: DbOrTx,
  clusterCode: string,
): Promise<EvaluationRunRow[]> {
  return db
    .select()
    .from(evaluationRuns)
    .where(
      and(
        eq(evaluationRuns.status, 'published'),
        sql`${evaluationRuns.snapshotJson}::jsonb -> 'clusters' @> ${JSON.stringify([{ code: clusterCode }])}::jsonb`,
      ),
    )
    .orderBy(desc(evaluationRuns.period), desc(evaluationRuns.publishedAt));
}
