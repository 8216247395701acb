import { and, asc, count, eq, gt, gte, isNull, lte, or, type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { insertOne } from '../../db/insert-one.ts';
import { type DesignationRow, designations, enterprises } from '../../db/schema/index.ts';
import { enterpriseScopeCondition, type RegistryScope } from '../clusters/registry.scope.ts';
import {
  type ListInput,
  sortOrder,
  updateVersioned,
  withPage,
} from '../registry-kit/registry-kit.repository.ts';

export type DesignationFilter = {
  creditCode?: string | undefined;
  type?: DesignationRow['type'] | undefined;
  level?: DesignationRow['level'] | undefined;
  grantingDepartmentCode?: string | undefined;
  cityCode?: string | undefined;
  validOn?: string | undefined;
  grantedBy?: string | undefined;
};

const sortColumns = {
  grantedOn: designations.grantedOn,
  expiresOn: designations.expiresOn,
  creditCode: designations.creditCode,
  type: designations.type,
  updatedAt: designations.updatedAt,
} as const;
export type DesignationSortField = keyof typeof sortColumns;

export type DesignationWithEnterprise = {
  designation: DesignationRow;
  enterpriseName: string;
  cityCode: string;
};

/**
 * Valid on D: grantedOn ≤ D, (no expiry or D ≤ expiresOn) and (not revoked or D < revokedOn).
 * Ever granted up to D: grantedOn ≤ D.
 * Both only over live designations of live enterprises.
 */
function filterConditions(filter: DesignationFilter, scope: RegistryScope): SQL | undefined {
  return and(
    isNull(designations.deletedAt),
    isNull(enterprises.deletedAt),
    enterpriseScopeCondition(scope),
    filter.creditCode ? eq(designations.creditCode, filter.creditCode) : undefined,
    filter.type ? eq(designations.type, filter.type) : undefined,
    filter.level ? eq(designations.level, filter.level) : undefined,
    filter.grantingDepartmentCode
      ? eq(designations.grantingDepartmentCode, filter.grantingDepartmentCode)
      : undefined,
    filter.cityCode ? eq(enterprises.cityCode, filter.cityCode) : undefined,
    filter.validOn
      ? and(
          lte(designations.grantedOn, filter.validOn),
          or(isNull(designations.expiresOn), gte(designations.expiresOn, filter.validOn)),
          or(isNull(designations.revokedOn), gt(designations.revokedOn, filter.validOn)),
        )
      : undefined,
    filter.grantedBy ? lte(designations.grantedOn, filter.grantedBy) : undefined,
  );
}

const selection = {
  designation: designations,
  enterpriseName: enterprises.name,
  cityCode: enterprises.cityCode,
};

export async function listDesignationRows(
  db: DbOrTx,
  input: ListInput<DesignationFilter, DesignationSortField>,
): Promise<{ rows: DesignationWithEnterprise[]; total: number; enterprises: number }> {
  const where = filterConditions(input.filter, input.scope);
  const [totals] = await db
    .select({ total: count(), enterprises: sql<number>`count(distinct ${designations.creditCode})::int` })
    .from(designations)
    .innerJoin(enterprises, eq(enterprises.creditCode, designations.creditCode))
    .where(where);
  const query = db
    .select(selection)
    .from(designations)
    .innerJoin(enterprises, eq(enterprises.creditCode, designations.creditCode))
    .where(where)
    .orderBy(sortOrder(sortColumns[input.sort.field], input.sort.descending), asc(designations.id))
    .$dynamic();
  const rows = await withPage(query, input);
  return { rows, total: totals?.total ?? 0, enterprises: totals?.enterprises ?? 0 };
}

/** The live designation of a live enterprise in the scope. */
export async function findDesignationInScope(
  db: DbOrTx,
  id: string,
  scope: RegistryScope,
): Promise<DesignationWithEnterprise | undefined> {
  const [row] = await db
    .select(selection)
    .from(designations)
    .innerJoin(enterprises, eq(enterprises.creditCode, designations.creditCode))
    .where(
      and(
        eq(designations.id, id),
        isNull(designations.deletedAt),
        isNull(enterprises.deletedAt),
        enterpriseScopeCondition(scope),
      ),
    );
  return row;
}

export async function findLiveDesignationByKey(
  db: DbOrTx,
  key: {
    creditCode: string;
    type: DesignationRow['type'];
    level: DesignationRow['level'];
    grantedOn: string;
  },
): Promise<DesignationRow | undefined> {
  const [row] = await db
    .select()
    .from(designations)
    .where(
      and(
        eq(designations.creditCode, key.creditCode),
        eq(designations.type, key.type),
        eq(designations.level, key.level),
        eq(designations.grantedOn, key.grantedOn),
        isNull(designations.deletedAt),
      ),
    );
  return row;
}

export async function insertDesignation(
  db: DbOrTx,
  values: typeof designations.$inferInsert,
): Promise<DesignationRow> {
  return insertOne(db, designations, values);
}

export async function updateDesignationRow(
  db: DbOrTx,
  id: string,
  version: number,
  values: Partial<typeof designations.$inferInsert>,
): Promise<DesignationRow | undefined> {
  return updateVersioned(
    db,
    designations,
    and(eq(designations.id, id), isNull(designations.deletedAt)),
    version,
    values,
  );
}
