import { and, asc, count, eq, gte, ilike, inArray, isNull, or, type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { insertOne } from '../../db/insert-one.ts';
import {
  type ClusterHistoryRow,
  type ClusterRow,
  clusterHistory,
  clusterMemberships,
  clusters,
  regions,
} from '../../db/schema/index.ts';
import {
  type ListInput,
  listPage,
  sortOrder,
  updateVersioned,
} from '../registry-kit/registry-kit.repository.ts';
import { clusterScopeCondition, likePattern, type RegistryScope } from './registry.scope.ts';

export type ClusterFilter = {
  q?: string | undefined;
  tier?: ClusterRow['tier'] | undefined;
  cultivationTarget?: ClusterRow['tier'] | undefined;
  status?: ClusterRow['status'] | undefined;
  leadIndustry?: string | undefined;
  cityCode?: string | undefined;
  promotingOrganisationCode?: string | undefined;
};

const sortColumns = {
  code: clusters.code,
  name: clusters.name,
  tier: clusters.tier,
  status: clusters.status,
  updatedAt: clusters.updatedAt,
} as const;
export type ClusterSortField = keyof typeof sortColumns;

function filterConditions(filter: ClusterFilter, scope: RegistryScope): SQL | undefined {
  const conditions: (SQL | undefined)[] = [isNull(clusters.deletedAt), clusterScopeCondition(scope)];
  if (filter.q) {
    const pattern = likePattern(filter.q);
    conditions.push(
      or(ilike(clusters.code, pattern), ilike(clusters.name, pattern), ilike(clusters.nameEn, pattern)),
    );
  }
  if (filter.tier) conditions.push(eq(clusters.tier, filter.tier));
  if (filter.cultivationTarget) conditions.push(eq(clusters.cultivationTarget, filter.cultivationTarget));
  if (filter.status) conditions.push(eq(clusters.status, filter.status));
  if (filter.leadIndustry) conditions.push(eq(clusters.leadIndustry, filter.leadIndustry));
  if (filter.cityCode) conditions.push(sql`${clusters.cityCodes} @> array[${filter.cityCode}]::text[]`);
  if (filter.promotingOrganisationCode) {
    conditions.push(eq(clusters.promotingOrganisationCode, filter.promotingOrganisationCode));
  }
  return and(...conditions);
}

export async function listClusterRows(
  db: DbOrTx,
  input: ListInput<ClusterFilter, ClusterSortField>,
): Promise<{ rows: ClusterRow[]; total: number }> {
  const where = filterConditions(input.filter, input.scope);
  const order = sortOrder(sortColumns[input.sort.field], input.sort.descending);
  return listPage(db, clusters, where, [order, asc(clusters.code)], input);
}

/** The row, deleted or not (a deleted cluster's code is never reused). */
export async function findClusterRow(db: DbOrTx, code: string): Promise<ClusterRow | undefined> {
  const [row] = await db.select().from(clusters).where(eq(clusters.code, code));
  return row;
}

export async function insertCluster(db: DbOrTx, values: typeof clusters.$inferInsert): Promise<ClusterRow> {
  return insertOne(db, clusters, values);
}

/** Updates the live row if its version is still `version`; undefined when it is not (stale or gone). */
export async function updateClusterRow(
  db: DbOrTx,
  code: string,
  version: number,
  values: Partial<typeof clusters.$inferInsert>,
): Promise<ClusterRow | undefined> {
  return updateVersioned(
    db,
    clusters,
    and(eq(clusters.code, code), isNull(clusters.deletedAt)),
    version,
    values,
  );
}

export async function insertClusterHistory(
  db: DbOrTx,
  entries: (typeof clusterHistory.$inferInsert)[],
): Promise<void> {
  if (entries.length > 0) await db.insert(clusterHistory).values(entries);
}

export async function listClusterHistoryRows(db: DbOrTx, code: string): Promise<ClusterHistoryRow[]> {
  return db
    .select()
    .from(clusterHistory)
    .where(eq(clusterHistory.clusterCode, code))
    .orderBy(asc(clusterHistory.changedOn), asc(clusterHistory.recordedAt));
}

/** Which of the codes are cities (level `city`) in the regions table. */
export async function findCityCodes(db: DbOrTx, codes: readonly string[]): Promise<Set<string>> {
  if (codes.length === 0) return new Set();
  const rows = await db
    .select({ code: regions.code })
    .from(regions)
    .where(and(inArray(regions.code, [...codes]), eq(regions.level, 'city')));
  return new Set(rows.map((row) => row.code));
}

/** Memberships of the cluster still valid on or after `onDate` (not deleted). */
export async function countCurrentMemberships(
  db: DbOrTx,
  clusterCode: string,
  onDate: string,
): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(clusterMemberships)
    .where(
      and(
        eq(clusterMemberships.clusterCode, clusterCode),
        isNull(clusterMemberships.deletedAt),
        or(isNull(clusterMemberships.validTo), gte(clusterMemberships.validTo, onDate)),
      ),
    );
  return row?.n ?? 0;
}
