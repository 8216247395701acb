import { and, asc, count, eq, gte, ilike, isNull, lte, ne, or, type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { insertOne } from '../../db/insert-one.ts';
import {
  clusterMemberships,
  type EnterpriseRow,
  enterprises,
  type MembershipRow,
  regions,
} from '../../db/schema/index.ts';
import { enterpriseScopeCondition, likePattern, type RegistryScope } from '../clusters/registry.scope.ts';
import {
  type ListInput,
  listPage,
  sortOrder,
  updateVersioned,
  withPage,
} from '../registry-kit/registry-kit.repository.ts';

export type EnterpriseFilter = {
  q?: string | undefined;
  cityCode?: string | undefined;
  countyCode?: string | undefined;
  industryDivision?: string | undefined;
  isAboveScale?: boolean | undefined;
  isKeyEnterprise?: boolean | undefined;
  has5g?: boolean | undefined;
  clusterCode?: string | undefined;
  memberOn?: string | undefined;
};

const sortColumns = {
  creditCode: enterprises.creditCode,
  name: enterprises.name,
  cityCode: enterprises.cityCode,
  updatedAt: enterprises.updatedAt,
} as const;
export type EnterpriseSortField = keyof typeof sortColumns;

/** Membership valid on the date: validFrom ≤ D ≤ validTo (or open-ended). */
export function membershipValidOn(date: string): SQL | undefined {
  return and(
    lte(clusterMemberships.validFrom, date),
    or(isNull(clusterMemberships.validTo), gte(clusterMemberships.validTo, date)),
  );
}

function filterConditions(filter: EnterpriseFilter, scope: RegistryScope): SQL | undefined {
  const conditions: (SQL | undefined)[] = [isNull(enterprises.deletedAt), enterpriseScopeCondition(scope)];
  if (filter.q) {
    conditions.push(
      or(
        ilike(enterprises.name, likePattern(filter.q)),
        ilike(enterprises.creditCode, `${likePattern(filter.q).slice(1)}`),
      ),
    );
  }
  if (filter.cityCode) conditions.push(eq(enterprises.cityCode, filter.cityCode));
  if (filter.countyCode) conditions.push(eq(enterprises.countyCode, filter.countyCode));
  if (filter.industryDivision) conditions.push(eq(enterprises.industryDivision, filter.industryDivision));
  if (filter.isAboveScale !== undefined) conditions.push(eq(enterprises.isAboveScale, filter.isAboveScale));
  if (filter.isKeyEnterprise !== undefined)
    conditions.push(eq(enterprises.isKeyEnterprise, filter.isKeyEnterprise));
  if (filter.has5g !== undefined) conditions.push(eq(enterprises.has5g, filter.has5g));
  if (filter.clusterCode || filter.memberOn) {
    conditions.push(
      sql`exists (select 1 from ${clusterMemberships} where ${and(
        sql`${clusterMemberships.creditCode} = ${enterprises.creditCode}`,
        isNull(clusterMemberships.deletedAt),
        filter.clusterCode ? eq(clusterMemberships.clusterCode, filter.clusterCode) : undefined,
        filter.memberOn ? membershipValidOn(filter.memberOn) : undefined,
      )})`,
    );
  }
  return and(...conditions);
}

export async function listEnterpriseRows(
  db: DbOrTx,
  input: ListInput<EnterpriseFilter, EnterpriseSortField>,
): Promise<{ rows: EnterpriseRow[]; total: number }> {
  const where = filterConditions(input.filter, input.scope);
  const order = sortOrder(sortColumns[input.sort.field], input.sort.descending);
  return listPage(db, enterprises, where, [order, asc(enterprises.creditCode)], input);
}

/** The row, deleted or not. */
export async function findEnterpriseRow(db: DbOrTx, creditCode: string): Promise<EnterpriseRow | undefined> {
  const [row] = await db.select().from(enterprises).where(eq(enterprises.creditCode, creditCode));
  return row;
}

/** The live row if it lies in the scope. */
export async function findEnterpriseRowInScope(
  db: DbOrTx,
  creditCode: string,
  scope: RegistryScope,
): Promise<EnterpriseRow | undefined> {
  const [row] = await db
    .select()
    .from(enterprises)
    .where(
      and(
        eq(enterprises.creditCode, creditCode),
        isNull(enterprises.deletedAt),
        enterpriseScopeCondition(scope),
      ),
    );
  return row;
}

export async function insertEnterprise(
  db: DbOrTx,
  values: typeof enterprises.$inferInsert,
): Promise<EnterpriseRow> {
  return insertOne(db, enterprises, values);
}

/** Updates the row if its version is still `version` (deleted rows only with `includeDeleted`). */
export async function updateEnterpriseRow(
  db: DbOrTx,
  creditCode: string,
  version: number,
  values: Partial<typeof enterprises.$inferInsert>,
  includeDeleted = false,
): Promise<EnterpriseRow | undefined> {
  return updateVersioned(
    db,
    enterprises,
    and(eq(enterprises.creditCode, creditCode), includeDeleted ? undefined : isNull(enterprises.deletedAt)),
    version,
    values,
  );
}

export async function findCityOrCounty(db: DbOrTx, code: string) {
  const [row] = await db.select().from(regions).where(eq(regions.code, code));
  return row;
}

export async function listMembershipRows(db: DbOrTx, creditCode: string): Promise<MembershipRow[]> {
  return db
    .select()
    .from(clusterMemberships)
    .where(and(eq(clusterMemberships.creditCode, creditCode), isNull(clusterMemberships.deletedAt)))
    .orderBy(asc(clusterMemberships.validFrom), asc(clusterMemberships.clusterCode));
}

export async function findMembershipRow(
  db: DbOrTx,
  creditCode: string,
  id: string,
): Promise<MembershipRow | undefined> {
  const [row] = await db
    .select()
    .from(clusterMemberships)
    .where(
      and(
        eq(clusterMemberships.id, id),
        eq(clusterMemberships.creditCode, creditCode),
        isNull(clusterMemberships.deletedAt),
      ),
    );
  return row;
}

/** Live memberships of the enterprise in the cluster whose period overlaps [from, to]. */
export async function findOverlappingMembership(
  db: DbOrTx,
  input: { creditCode: string; clusterCode: string; from: string; to: string | null; exceptId?: string },
): Promise<MembershipRow | undefined> {
  const [row] = await db
    .select()
    .from(clusterMemberships)
    .where(
      and(
        eq(clusterMemberships.creditCode, input.creditCode),
        eq(clusterMemberships.clusterCode, input.clusterCode),
        isNull(clusterMemberships.deletedAt),
        input.exceptId ? ne(clusterMemberships.id, input.exceptId) : undefined,
        or(isNull(clusterMemberships.validTo), gte(clusterMemberships.validTo, input.from)),
        input.to ? lte(clusterMemberships.validFrom, input.to) : undefined,
      ),
    )
    .limit(1);
  return row;
}

export async function insertMembership(
  db: DbOrTx,
  values: typeof clusterMemberships.$inferInsert,
): Promise<MembershipRow> {
  return insertOne(db, clusterMemberships, values);
}

export async function updateMembershipRow(
  db: DbOrTx,
  id: string,
  version: number,
  values: Partial<typeof clusterMemberships.$inferInsert>,
): Promise<MembershipRow | undefined> {
  return updateVersioned(
    db,
    clusterMemberships,
    and(eq(clusterMemberships.id, id), isNull(clusterMemberships.deletedAt)),
    version,
    values,
  );
}

/** Live memberships of the enterprise still valid on or after the date. */
export async function countCurrentMembershipsOfEnterprise(
  db: DbOrTx,
  creditCode: string,
  onDate: string,
): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(clusterMemberships)
    .where(
      and(
        eq(clusterMemberships.creditCode, creditCode),
        isNull(clusterMemberships.deletedAt),
        or(isNull(clusterMemberships.validTo), gte(clusterMemberships.validTo, onDate)),
      ),
    );
  return row?.n ?? 0;
}

/** Live memberships of a cluster (valid on `on` when given) whose enterprise is live and in the scope. */
export async function listClusterMemberRows(
  db: DbOrTx,
  input: {
    clusterCode: string;
    on?: string | undefined;
    role?: MembershipRow['role'] | undefined;
    scope: RegistryScope;
    page: number;
    pageSize: number;
  },
): Promise<{
  rows: { membership: MembershipRow; enterpriseName: string; cityCode: string }[];
  total: number;
}> {
  const where = and(
    eq(clusterMemberships.clusterCode, input.clusterCode),
    isNull(clusterMemberships.deletedAt),
    isNull(enterprises.deletedAt),
    enterpriseScopeCondition(input.scope),
    input.on ? membershipValidOn(input.on) : undefined,
    input.role ? eq(clusterMemberships.role, input.role) : undefined,
  );
  const [totalRow] = await db
    .select({ total: count() })
    .from(clusterMemberships)
    .innerJoin(enterprises, eq(enterprises.creditCode, clusterMemberships.creditCode))
    .where(where);
  // Chain masters first, then core, then supporting; within a role by credit code.
  const roleOrder = sql`case ${clusterMemberships.role} when 'chain_master' then 0 when 'core' then 1 else 2 end`;
  const query = db
    .select({
      membership: clusterMemberships,
      enterpriseName: enterprises.name,
      cityCode: enterprises.cityCode,
    })
    .from(clusterMemberships)
    .innerJoin(enterprises, eq(enterprises.creditCode, clusterMemberships.creditCode))
    .where(where)
    .orderBy(roleOrder, asc(clusterMemberships.creditCode), asc(clusterMemberships.validFrom))
    .$dynamic();
  return { rows: await withPage(query, input), total: totalRow?.total ?? 0 };
}
