import { and, asc, desc, eq, inArray, isNull, ne } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { insertOne } from '../../db/insert-one.ts';
import { type ClusterReviewRow, clusterReviews } from '../../db/schema/evaluations.ts';
import {
  type ClusterHistoryRow,
  type ClusterRow,
  clusterHistory,
  clusters,
} from '../../db/schema/registry.ts';

/** Recognised clusters (a tier above candidate, recognised or rectifying), live, by code. */
export async function listRecognisedClusterRows(db: DbOrTx): Promise<ClusterRow[]> {
  return db
    .select()
    .from(clusters)
    .where(
      and(
        isNull(clusters.deletedAt),
        ne(clusters.tier, 'candidate'),
        inArray(clusters.status, ['recognised', 'rectifying']),
      ),
    )
    .orderBy(asc(clusters.code));
}

export async function listHistoryRowsOf(db: DbOrTx, codes: readonly string[]): Promise<ClusterHistoryRow[]> {
  if (codes.length === 0) return [];
  return db
    .select()
    .from(clusterHistory)
    .where(inArray(clusterHistory.clusterCode, [...codes]))
    .orderBy(asc(clusterHistory.clusterCode), asc(clusterHistory.changedOn), asc(clusterHistory.recordedAt));
}

export async function insertReview(
  db: DbOrTx,
  values: typeof clusterReviews.$inferInsert,
): Promise<ClusterReviewRow> {
  return insertOne(db, clusterReviews, values);
}

export async function findReviewRow(db: DbOrTx, id: string): Promise<ClusterReviewRow | undefined> {
  const [row] = await db.select().from(clusterReviews).where(eq(clusterReviews.id, id));
  return row;
}

export async function listReviewRows(
  db: DbOrTx,
  clusterCodes?: readonly string[],
): Promise<ClusterReviewRow[]> {
  if (clusterCodes && clusterCodes.length === 0) return [];
  return db
    .select()
    .from(clusterReviews)
    .where(clusterCodes ? inArray(clusterReviews.clusterCode, [...clusterCodes]) : undefined)
    .orderBy(desc(clusterReviews.decidedOn), desc(clusterReviews.createdAt));
}

/** Records the follow-up check of a rectification (only once, at the version read). */
export async function updateReviewFollowUp(
  db: DbOrTx,
  id: string,
  version: number,
  values: Partial<typeof clusterReviews.$inferInsert>,
): Promise<ClusterReviewRow | undefined> {
  const [row] = await db
    .update(clusterReviews)
    .set({ ...values, version: version + 1 })
    .where(
      and(
        eq(clusterReviews.id, id),
        eq(clusterReviews.version, version),
        eq(clusterReviews.outcome, 'rectify'),
        isNull(clusterReviews.followUpOutcome),
      ),
    )
    .returning();
  return row;
}
