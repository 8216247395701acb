import { and, asc, eq, ilike, inArray, isNull, or, type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { insertOne } from '../../db/insert-one.ts';
import { type CarrierRow, clusters, innovationCarriers, regions } from '../../db/schema/index.ts';
import { clusterScopeCondition, likePattern, type RegistryScope } from '../clusters/registry.scope.ts';
import { findClustersInScope } from '../metrics/metrics.repository.ts';
import {
  type ListInput,
  listPage,
  sortOrder,
  updateVersioned,
} from '../registry-kit/registry-kit.repository.ts';

export type CarrierFilter = {
  q?: string | undefined;
  type?: CarrierRow['type'] | undefined;
  level?: CarrierRow['level'] | undefined;
  cityCode?: string | undefined;
  clusterCode?: string | undefined;
  hostCreditCode?: string | undefined;
};

const sortColumns = {
  name: innovationCarriers.name,
  type: innovationCarriers.type,
  level: innovationCarriers.level,
  recognisedOn: innovationCarriers.recognisedOn,
  updatedAt: innovationCarriers.updatedAt,
} as const;
export type CarrierSortField = keyof typeof sortColumns;

/** City bureaus see the carriers in their cities; cluster organisations those of their clusters. */
export function carrierScopeCondition(scope: RegistryScope): SQL | undefined {
  switch (scope.kind) {
    case 'all':
      return undefined;
    case 'cities':
      return scope.cityCodes.length > 0 ? inArray(innovationCarriers.cityCode, scope.cityCodes) : sql`false`;
    case 'organisation':
      return sql`exists (select 1 from ${clusters} where ${clusters.code} = ${innovationCarriers.clusterCode}
        and ${clusters.deletedAt} is null and ${clusterScopeCondition(scope) ?? sql`true`})`;
    case 'nothing':
      return sql`false`;
  }
}

export async function listCarrierRows(
  db: DbOrTx,
  input: ListInput<CarrierFilter, CarrierSortField>,
): Promise<{ rows: CarrierRow[]; total: number }> {
  const f = input.filter;
  const where = and(
    isNull(innovationCarriers.deletedAt),
    carrierScopeCondition(input.scope),
    f.q
      ? or(
          ilike(innovationCarriers.name, likePattern(f.q)),
          ilike(innovationCarriers.hostName, likePattern(f.q)),
        )
      : undefined,
    f.type ? eq(innovationCarriers.type, f.type) : undefined,
    f.level ? eq(innovationCarriers.level, f.level) : undefined,
    f.cityCode ? eq(innovationCarriers.cityCode, f.cityCode) : undefined,
    f.clusterCode ? eq(innovationCarriers.clusterCode, f.clusterCode) : undefined,
    f.hostCreditCode ? eq(innovationCarriers.hostCreditCode, f.hostCreditCode) : undefined,
  );
  const order = sortOrder(sortColumns[input.sort.field], input.sort.descending);
  return listPage(db, innovationCarriers, where, [order, asc(innovationCarriers.id)], input);
}

export async function findCarrierRow(db: DbOrTx, id: string): Promise<CarrierRow | undefined> {
  const [row] = await db.select().from(innovationCarriers).where(eq(innovationCarriers.id, id));
  return row;
}

/** The live carrier with this natural key, if any. */
export async function findCarrierByKey(
  db: DbOrTx,
  name: string,
  hostCreditCode: string,
): Promise<CarrierRow | undefined> {
  const [row] = await db
    .select()
    .from(innovationCarriers)
    .where(
      and(
        eq(innovationCarriers.name, name),
        eq(innovationCarriers.hostCreditCode, hostCreditCode),
        isNull(innovationCarriers.deletedAt),
      ),
    );
  return row;
}

export async function insertCarrier(
  db: DbOrTx,
  values: typeof innovationCarriers.$inferInsert,
): Promise<CarrierRow> {
  return insertOne(db, innovationCarriers, values);
}

export async function updateCarrierRow(
  db: DbOrTx,
  id: string,
  version: number,
  values: Partial<typeof innovationCarriers.$inferInsert>,
): Promise<CarrierRow | undefined> {
  return updateVersioned(db, innovationCarriers, eq(innovationCarriers.id, id), version, values);
}

export async function isCity(db: DbOrTx, code: string): Promise<boolean> {
  const [row] = await db
    .select({ code: regions.code })
    .from(regions)
    .where(and(eq(regions.code, code), eq(regions.level, 'city')));
  return row !== undefined;
}

/** The live clusters among `codes`, whoever asks. */
export function findLiveClusterCodes(db: DbOrTx, codes: string[]): Promise<Set<string>> {
  return findClustersInScope(db, codes, { kind: 'all' });
}
