import { and, asc, eq, gte, inArray, isNull, or } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import {
  type ClusterRow,
  clusterMemberships,
  clusters,
  type ExpertRow,
  experts,
  type RecognitionApplicationRow,
  type RecognitionRoundRow,
  type RecognitionScoreRow,
  recognitionApplications,
  recognitionAssignments,
  recognitionObjections,
  recognitionPanels,
  recognitionRounds,
  recognitionScores,
} from '../../db/schema/index.ts';

export async function findRoundRow(db: DbOrTx, id: string): Promise<RecognitionRoundRow | undefined> {
  const [row] = await db.select().from(recognitionRounds).where(eq(recognitionRounds.id, id));
  return row;
}

/** The round row locked for the rest of the transaction (state changes of a round are serialised). */
export async function lockRoundRow(db: DbOrTx, id: string): Promise<RecognitionRoundRow | undefined> {
  const [row] = await db.select().from(recognitionRounds).where(eq(recognitionRounds.id, id)).for('update');
  return row;
}

/** Locks an assignment row: one expert's concurrent submissions for it are serialised. */
export async function lockAssignmentRow(db: DbOrTx, id: string): Promise<void> {
  await db
    .select({ id: recognitionAssignments.id })
    .from(recognitionAssignments)
    .where(eq(recognitionAssignments.id, id))
    .for('update');
}

export async function listRoundRows(db: DbOrTx): Promise<RecognitionRoundRow[]> {
  return db
    .select()
    .from(recognitionRounds)
    .orderBy(asc(recognitionRounds.year), asc(recognitionRounds.createdAt));
}

export async function findApplicationRow(
  db: DbOrTx,
  id: string,
): Promise<RecognitionApplicationRow | undefined> {
  const [row] = await db.select().from(recognitionApplications).where(eq(recognitionApplications.id, id));
  return row;
}

export async function listApplicationRows(db: DbOrTx, roundId: string): Promise<RecognitionApplicationRow[]> {
  return db
    .select()
    .from(recognitionApplications)
    .where(eq(recognitionApplications.roundId, roundId))
    .orderBy(asc(recognitionApplications.clusterCode));
}

export async function listClusterRowsOf(db: DbOrTx, codes: readonly string[]): Promise<ClusterRow[]> {
  if (codes.length === 0) return [];
  return db
    .select()
    .from(clusters)
    .where(inArray(clusters.code, [...codes]))
    .orderBy(asc(clusters.code));
}

/** Credit codes of each cluster's members current on `on` (ISO date). */
export async function listMemberCreditCodes(
  db: DbOrTx,
  codes: readonly string[],
  on: string,
): Promise<Map<string, Set<string>>> {
  const result = new Map<string, Set<string>>(codes.map((c) => [c, new Set<string>()]));
  if (codes.length === 0) return result;
  const rows = await db
    .select({ clusterCode: clusterMemberships.clusterCode, creditCode: clusterMemberships.creditCode })
    .from(clusterMemberships)
    .where(
      and(
        inArray(clusterMemberships.clusterCode, [...codes]),
        isNull(clusterMemberships.deletedAt),
        or(isNull(clusterMemberships.validTo), gte(clusterMemberships.validTo, on)),
      ),
    );
  for (const r of rows) result.get(r.clusterCode)?.add(r.creditCode);
  return result;
}

export async function listExpertRows(db: DbOrTx): Promise<ExpertRow[]> {
  return db.select().from(experts).orderBy(asc(experts.id));
}

export async function findExpertByUser(db: DbOrTx, userId: string): Promise<ExpertRow | undefined> {
  const [row] = await db.select().from(experts).where(eq(experts.userId, userId));
  return row;
}

export async function listPanelRows(db: DbOrTx, roundId: string) {
  return db
    .select()
    .from(recognitionPanels)
    .where(eq(recognitionPanels.roundId, roundId))
    .orderBy(asc(recognitionPanels.drawnAt));
}

export async function listAssignmentRows(
  db: DbOrTx,
  filter: { roundId?: string; expertId?: string; applicationId?: string },
) {
  const conditions = [
    filter.roundId ? eq(recognitionAssignments.roundId, filter.roundId) : undefined,
    filter.expertId ? eq(recognitionAssignments.expertId, filter.expertId) : undefined,
    filter.applicationId ? eq(recognitionAssignments.applicationId, filter.applicationId) : undefined,
  ].filter((c) => c !== undefined);
  return db
    .select()
    .from(recognitionAssignments)
    .where(and(...conditions))
    .orderBy(
      asc(recognitionAssignments.stageCode),
      asc(recognitionAssignments.applicationId),
      asc(recognitionAssignments.expertId),
    );
}

/** Live (not superseded) score sheets, optionally of one application or one expert. */
export async function listLiveScoreRows(
  db: DbOrTx,
  filter: { roundId: string; applicationId?: string; expertId?: string },
): Promise<RecognitionScoreRow[]> {
  const conditions = [
    eq(recognitionScores.roundId, filter.roundId),
    isNull(recognitionScores.supersededAt),
    filter.applicationId ? eq(recognitionScores.applicationId, filter.applicationId) : undefined,
    filter.expertId ? eq(recognitionScores.expertId, filter.expertId) : undefined,
  ].filter((c) => c !== undefined);
  return db
    .select()
    .from(recognitionScores)
    .where(and(...conditions))
    .orderBy(
      asc(recognitionScores.applicationId),
      asc(recognitionScores.stageCode),
      asc(recognitionScores.expertId),
    );
}

/** Every sheet of an application, superseded ones included, oldest first (the correction history). */
export async function listScoreHistoryRows(
  db: DbOrTx,
  filter: { roundId: string; applicationId: string },
): Promise<RecognitionScoreRow[]> {
  return db
    .select()
    .from(recognitionScores)
    .where(
      and(
        eq(recognitionScores.roundId, filter.roundId),
        eq(recognitionScores.applicationId, filter.applicationId),
      ),
    )
    .orderBy(asc(recognitionScores.createdAt), asc(recognitionScores.id));
}

export async function findScoreRow(db: DbOrTx, id: string): Promise<RecognitionScoreRow | undefined> {
  const [row] = await db.select().from(recognitionScores).where(eq(recognitionScores.id, id));
  return row;
}

export async function listObjectionRows(db: DbOrTx, roundId: string) {
  return db
    .select()
    .from(recognitionObjections)
    .where(eq(recognitionObjections.roundId, roundId))
    .orderBy(asc(recognitionObjections.receivedOn), asc(recognitionObjections.createdAt));
}
