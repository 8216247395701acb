import { and, asc, eq, ilike, inArray, isNull, or, type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { insertOne } from '../../db/insert-one.ts';
import { clusters, type ParkRow, parks } from '../../db/schema/index.ts';
import { clusterScopeCondition, likePattern, type RegistryScope } from '../clusters/registry.scope.ts';
import {
  type ListInput,
  listPage,
  sortOrder,
  updateVersioned,
} from '../registry-kit/registry-kit.repository.ts';

export type ParkFilter = {
  q?: string | undefined;
  cityCode?: string | undefined;
  level?: ParkRow['level'] | undefined;
  ecoIndustrialStatus?: ParkRow['ecoIndustrialStatus'] | undefined;
  fiveGCoverage?: ParkRow['fiveGCoverage'] | undefined;
  clusterCode?: string | undefined;
};

const sortColumns = {
  code: parks.code,
  name: parks.name,
  level: parks.level,
  updatedAt: parks.updatedAt,
} as const;
export type ParkSortField = keyof typeof sortColumns;

/** City bureaus see the parks in their cities; cluster organisations the parks serving their clusters. */
export function parkScopeCondition(scope: RegistryScope): SQL | undefined {
  switch (scope.kind) {
    case 'all':
      return undefined;
    case 'cities':
      return scope.cityCodes.length > 0 ? inArray(parks.cityCode, scope.cityCodes) : sql`false`;
    case 'organisation':
      return sql`exists (select 1 from ${clusters} where ${clusters.code} = any(${parks.clusterCodes})
        and ${clusters.deletedAt} is null and ${clusterScopeCondition(scope) ?? sql`true`})`;
    case 'nothing':
      return sql`false`;
  }
}

export async function listParkRows(
  db: DbOrTx,
  input: ListInput<ParkFilter, ParkSortField>,
): Promise<{ rows: ParkRow[]; total: number }> {
  const f = input.filter;
  const where = and(
    isNull(parks.deletedAt),
    parkScopeCondition(input.scope),
    f.q ? or(ilike(parks.code, likePattern(f.q)), ilike(parks.name, likePattern(f.q))) : undefined,
    f.cityCode ? eq(parks.cityCode, f.cityCode) : undefined,
    f.level ? eq(parks.level, f.level) : undefined,
    f.ecoIndustrialStatus ? eq(parks.ecoIndustrialStatus, f.ecoIndustrialStatus) : undefined,
    f.fiveGCoverage ? eq(parks.fiveGCoverage, f.fiveGCoverage) : undefined,
    f.clusterCode ? sql`${parks.clusterCodes} @> array[${f.clusterCode}]::text[]` : undefined,
  );
  const order = sortOrder(sortColumns[input.sort.field], input.sort.descending);
  return listPage(db, parks, where, [order, asc(parks.code)], input);
}

/** The row, deleted or not (a deleted park's code is never reused). */
export async function findParkRow(db: DbOrTx, code: string): Promise<ParkRow | undefined> {
  const [row] = await db.select().from(parks).where(eq(parks.code, code));
  return row;
}

/** Whether the park row lies in the scope (the list filter, evaluated for one row). */
export async function isParkInScope(db: DbOrTx, code: string, scope: RegistryScope): Promise<boolean> {
  const [row] = await db
    .select({ code: parks.code })
    .from(parks)
    .where(and(eq(parks.code, code), parkScopeCondition(scope)));
  return row !== undefined;
}

export async function insertPark(db: DbOrTx, values: typeof parks.$inferInsert): Promise<ParkRow> {
  return insertOne(db, parks, values);
}

export async function updateParkRow(
  db: DbOrTx,
  code: string,
  version: number,
  values: Partial<typeof parks.$inferInsert>,
): Promise<ParkRow | undefined> {
  return updateVersioned(db, parks, eq(parks.code, code), version, values);
}
