import {
  and,
  asc,
  count,
  desc,
  eq,
  getTableColumns,
  gte,
  ilike,
  isNull,
  lte,
  ne,
  or,
  type SQL,
  sql,
} from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { insertOne } from '../../db/insert-one.ts';
import {
  attachments,
  auditLog,
  clusters,
  enterprises,
  type PromotingActivityRow,
  type PromotingOrgMemberRow,
  type PromotingOrgRow,
  promotingActivities,
  promotingOrganisations,
  promotingOrgMembers,
} from '../../db/schema/index.ts';
import { clusterScopeCondition, likePattern, type RegistryScope } from '../clusters/registry.scope.ts';
import {
  type ListInput,
  type Paging,
  sortOrder,
  updateVersioned,
  withPage,
} from '../registry-kit/registry-kit.repository.ts';

/** An organisation row with what its view derives: the clusters it promotes and its current members. */
export type PromotingOrgRecord = PromotingOrgRow & { clusterCodes: string[]; memberCount: number };

// Select-list fragments name their tables explicitly: drizzle renders bare column names inside `sql`
// select fields, which would be ambiguous (or silently wrong) in a correlated subquery.
const derived = {
  clusterCodes: sql<string[]>`array(select c.code from clusters c
      where c.promoting_organisation_code = "promoting_organisations"."code" and c.deleted_at is null
      order by c.code)`,
  memberCount: sql<number>`(select count(*)::int from promoting_org_members m
      where m.organisation_code = "promoting_organisations"."code" and m.deleted_at is null and m.left_on is null)`,
};

/**
 * Scope (docs/registries.md): province and departments see every organisation; a city bureau those of
 * its city and those promoting a cluster having its city; a cluster organisation itself.
 */
export function promotingOrgScopeCondition(scope: RegistryScope): SQL | undefined {
  switch (scope.kind) {
    case 'all':
      return undefined;
    case 'cities':
      if (scope.cityCodes.length === 0) return sql`false`;
      return or(
        sql`${promotingOrganisations.cityCode} in (${sql.join(
          scope.cityCodes.map((c) => sql`${c}`),
          sql`, `,
        )})`,
        sql`exists (select 1 from ${clusters} where ${clusters.promotingOrganisationCode} = ${promotingOrganisations.code}
            and ${clusters.deletedAt} is null and ${clusterScopeCondition(scope)})`,
      );
    case 'organisation':
      return eq(promotingOrganisations.code, scope.organisationCode);
    case 'nothing':
      return sql`false`;
  }
}

export type PromotingOrgFilter = {
  q?: string | undefined;
  type?: PromotingOrgRow['type'] | undefined;
  cityCode?: string | undefined;
  clusterCode?: string | undefined;
};

const sortColumns = {
  code: promotingOrganisations.code,
  name: promotingOrganisations.name,
  cityCode: promotingOrganisations.cityCode,
  updatedAt: promotingOrganisations.updatedAt,
} as const;
export type PromotingOrgSortField = keyof typeof sortColumns;

function orgConditions(filter: PromotingOrgFilter, scope: RegistryScope): SQL | undefined {
  const conditions: (SQL | undefined)[] = [
    isNull(promotingOrganisations.deletedAt),
    promotingOrgScopeCondition(scope),
  ];
  if (filter.q) {
    const pattern = likePattern(filter.q);
    conditions.push(
      or(
        ilike(promotingOrganisations.code, pattern),
        ilike(promotingOrganisations.name, pattern),
        ilike(promotingOrganisations.creditCode, `${filter.q.toUpperCase()}%`),
      ),
    );
  }
  if (filter.type) conditions.push(eq(promotingOrganisations.type, filter.type));
  if (filter.cityCode) conditions.push(eq(promotingOrganisations.cityCode, filter.cityCode));
  if (filter.clusterCode) {
    conditions.push(sql`exists (select 1 from ${clusters} where ${clusters.code} = ${filter.clusterCode}
        and ${clusters.promotingOrganisationCode} = ${promotingOrganisations.code} and ${clusters.deletedAt} is null)`);
  }
  return and(...conditions);
}

export async function listPromotingOrgRows(
  db: DbOrTx,
  input: ListInput<PromotingOrgFilter, PromotingOrgSortField>,
): Promise<{ rows: PromotingOrgRecord[]; total: number }> {
  const where = orgConditions(input.filter, input.scope);
  const [totalRow] = await db.select({ total: count() }).from(promotingOrganisations).where(where);
  const rows = await withPage(
    db
      .select({ ...getTableColumns(promotingOrganisations), ...derived })
      .from(promotingOrganisations)
      .where(where)
      .orderBy(
        sortOrder(sortColumns[input.sort.field], input.sort.descending),
        asc(promotingOrganisations.code),
      )
      .$dynamic(),
    input,
  );
  return { rows, total: totalRow?.total ?? 0 };
}

/** The row (deleted or not) with its derived fields. */
export async function findPromotingOrgRecord(
  db: DbOrTx,
  code: string,
): Promise<PromotingOrgRecord | undefined> {
  const [row] = await db
    .select({ ...getTableColumns(promotingOrganisations), ...derived })
    .from(promotingOrganisations)
    .where(eq(promotingOrganisations.code, code));
  return row;
}

/** Whether the live organisation lies in the scope (the same rule as the list). */
export async function isPromotingOrgInScope(
  db: DbOrTx,
  code: string,
  scope: RegistryScope,
): Promise<boolean> {
  const [row] = await db
    .select({ code: promotingOrganisations.code })
    .from(promotingOrganisations)
    .where(
      and(
        eq(promotingOrganisations.code, code),
        isNull(promotingOrganisations.deletedAt),
        promotingOrgScopeCondition(scope),
      ),
    );
  return row !== undefined;
}

export async function findLiveOrgByCreditCode(
  db: DbOrTx,
  creditCode: string,
): Promise<PromotingOrgRow | undefined> {
  const [row] = await db
    .select()
    .from(promotingOrganisations)
    .where(and(eq(promotingOrganisations.creditCode, creditCode), isNull(promotingOrganisations.deletedAt)));
  return row;
}

export async function insertPromotingOrg(
  db: DbOrTx,
  values: typeof promotingOrganisations.$inferInsert,
): Promise<PromotingOrgRow> {
  return insertOne(db, promotingOrganisations, values);
}

export async function updatePromotingOrgRow(
  db: DbOrTx,
  code: string,
  version: number,
  values: Partial<typeof promotingOrganisations.$inferInsert>,
): Promise<PromotingOrgRow | undefined> {
  return updateVersioned(
    db,
    promotingOrganisations,
    and(eq(promotingOrganisations.code, code), isNull(promotingOrganisations.deletedAt)),
    version,
    values,
  );
}

// ---- members ----

export type MemberRecord = PromotingOrgMemberRow & { enterpriseName: string | null };

const memberSelection = { ...getTableColumns(promotingOrgMembers), enterpriseName: enterprises.name };

export async function listMemberRows(
  db: DbOrTx,
  input: Paging & {
    organisationCode: string;
    on?: string | undefined;
    kind?: PromotingOrgMemberRow['kind'] | undefined;
  },
): Promise<{ rows: MemberRecord[]; total: number }> {
  const conditions: (SQL | undefined)[] = [
    eq(promotingOrgMembers.organisationCode, input.organisationCode),
    isNull(promotingOrgMembers.deletedAt),
  ];
  if (input.on) {
    conditions.push(lte(promotingOrgMembers.joinedOn, input.on));
    conditions.push(or(isNull(promotingOrgMembers.leftOn), gte(promotingOrgMembers.leftOn, input.on)));
  }
  if (input.kind) conditions.push(eq(promotingOrgMembers.kind, input.kind));
  const where = and(...conditions);
  const [totalRow] = await db.select({ total: count() }).from(promotingOrgMembers).where(where);
  const roleOrder = sql`case ${promotingOrgMembers.role} when 'chair' then 0 when 'vice_chair' then 1 when 'council' then 2 else 3 end`;
  const rows = await withPage(
    db
      .select(memberSelection)
      .from(promotingOrgMembers)
      .leftJoin(enterprises, eq(enterprises.creditCode, promotingOrgMembers.enterpriseCreditCode))
      .where(where)
      .orderBy(roleOrder, asc(promotingOrgMembers.joinedOn), asc(promotingOrgMembers.id))
      .$dynamic(),
    input,
  );
  return { rows, total: totalRow?.total ?? 0 };
}

export async function findMemberRecord(
  db: DbOrTx,
  organisationCode: string,
  id: string,
): Promise<MemberRecord | undefined> {
  const [row] = await db
    .select(memberSelection)
    .from(promotingOrgMembers)
    .leftJoin(enterprises, eq(enterprises.creditCode, promotingOrgMembers.enterpriseCreditCode))
    .where(
      and(
        eq(promotingOrgMembers.id, id),
        eq(promotingOrgMembers.organisationCode, organisationCode),
        isNull(promotingOrgMembers.deletedAt),
      ),
    );
  return row;
}

/** A live member row for the same enterprise (or organisation name) whose period overlaps [from, to]. */
export async function findOverlappingMember(
  db: DbOrTx,
  input: {
    organisationCode: string;
    enterpriseCreditCode: string | null;
    memberName: string | null;
    from: string;
    to: string | null;
    exceptId?: string;
  },
): Promise<PromotingOrgMemberRow | undefined> {
  const conditions: (SQL | undefined)[] = [
    eq(promotingOrgMembers.organisationCode, input.organisationCode),
    isNull(promotingOrgMembers.deletedAt),
    input.enterpriseCreditCode
      ? eq(promotingOrgMembers.enterpriseCreditCode, input.enterpriseCreditCode)
      : eq(promotingOrgMembers.memberName, input.memberName ?? ''),
    or(isNull(promotingOrgMembers.leftOn), gte(promotingOrgMembers.leftOn, input.from)),
  ];
  if (input.to !== null) conditions.push(lte(promotingOrgMembers.joinedOn, input.to));
  if (input.exceptId) conditions.push(ne(promotingOrgMembers.id, input.exceptId));
  const [row] = await db
    .select()
    .from(promotingOrgMembers)
    .where(and(...conditions))
    .limit(1);
  return row;
}

export async function insertMember(db: DbOrTx, values: typeof promotingOrgMembers.$inferInsert) {
  return insertOne(db, promotingOrgMembers, values);
}

export async function updateMemberRow(
  db: DbOrTx,
  id: string,
  version: number,
  values: Partial<typeof promotingOrgMembers.$inferInsert>,
): Promise<PromotingOrgMemberRow | undefined> {
  return updateVersioned(
    db,
    promotingOrgMembers,
    and(eq(promotingOrgMembers.id, id), isNull(promotingOrgMembers.deletedAt)),
    version,
    values,
  );
}

/** Which of the credit codes are live registered enterprises. */
export async function findLiveEnterpriseCodes(db: DbOrTx, codes: readonly string[]): Promise<Set<string>> {
  if (codes.length === 0) return new Set();
  const rows = await db
    .select({ code: enterprises.creditCode })
    .from(enterprises)
    .where(
      and(
        sql`${enterprises.creditCode} in (${sql.join(
          codes.map((c) => sql`${c}`),
          sql`, `,
        )})`,
        isNull(enterprises.deletedAt),
      ),
    );
  return new Set(rows.map((row) => row.code));
}

// ---- activities ----

/** Which of the ids are stored attachments. */
export async function findAttachmentIds(db: DbOrTx, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .select({ id: attachments.id })
    .from(attachments)
    .where(
      sql`${attachments.id} in (${sql.join(
        ids.map((id) => sql`${id}::uuid`),
        sql`, `,
      )})`,
    );
  return new Set(rows.map((row) => row.id));
}

const yearRange = (year: number) => [`${year}-01-01`, `${year}-12-31`] as const;

export async function listActivityRows(
  db: DbOrTx,
  input: Paging & {
    organisationCode: string;
    year?: number | undefined;
    type?: PromotingActivityRow['type'] | undefined;
    clusterCode?: string | undefined;
  },
): Promise<{ rows: PromotingActivityRow[]; total: number }> {
  const conditions: (SQL | undefined)[] = [
    eq(promotingActivities.organisationCode, input.organisationCode),
    isNull(promotingActivities.deletedAt),
  ];
  if (input.year !== undefined) {
    const [from, to] = yearRange(input.year);
    conditions.push(gte(promotingActivities.heldOn, from), lte(promotingActivities.heldOn, to));
  }
  if (input.type) conditions.push(eq(promotingActivities.type, input.type));
  if (input.clusterCode) {
    conditions.push(
      or(eq(promotingActivities.clusterCode, input.clusterCode), isNull(promotingActivities.clusterCode)),
    );
  }
  const where = and(...conditions);
  const [totalRow] = await db.select({ total: count() }).from(promotingActivities).where(where);
  const rows = await withPage(
    db
      .select()
      .from(promotingActivities)
      .where(where)
      .orderBy(desc(promotingActivities.heldOn), asc(promotingActivities.id))
      .$dynamic(),
    input,
  );
  return { rows, total: totalRow?.total ?? 0 };
}

export async function findActivityRow(
  db: DbOrTx,
  organisationCode: string,
  id: string,
): Promise<PromotingActivityRow | undefined> {
  const [row] = await db
    .select()
    .from(promotingActivities)
    .where(
      and(
        eq(promotingActivities.id, id),
        eq(promotingActivities.organisationCode, organisationCode),
        isNull(promotingActivities.deletedAt),
      ),
    );
  return row;
}

export async function insertActivity(db: DbOrTx, values: typeof promotingActivities.$inferInsert) {
  return insertOne(db, promotingActivities, values);
}

export async function updateActivityRow(
  db: DbOrTx,
  id: string,
  version: number,
  values: Partial<typeof promotingActivities.$inferInsert>,
): Promise<PromotingActivityRow | undefined> {
  return updateVersioned(
    db,
    promotingActivities,
    and(eq(promotingActivities.id, id), isNull(promotingActivities.deletedAt)),
    version,
    values,
  );
}

/**
 * Activities per live cluster in a year: an activity counts for a cluster when it names the cluster, or
 * names none and its (live) organisation promotes the cluster. Clusters without activities count 0.
 */
export async function countActivitiesByCluster(
  db: DbOrTx,
  input: {
    year: number;
    clusterCode?: string | undefined;
    types?: readonly string[] | undefined;
    scope: RegistryScope;
  },
): Promise<{ clusterCode: string; count: number }[]> {
  const [from, to] = yearRange(input.year);
  const typeFilter =
    input.types && input.types.length > 0
      ? sql`and a.type in (${sql.join(
          input.types.map((t) => sql`${t}`),
          sql`, `,
        )})`
      : sql``;
  const counted = sql<number>`(select count(*)::int from promoting_activities a
      join promoting_organisations o on o.code = a.organisation_code and o.deleted_at is null
      where a.deleted_at is null and a.held_on between ${from} and ${to} ${typeFilter}
        and (a.cluster_code = "clusters"."code"
          or (a.cluster_code is null and a.organisation_code = "clusters"."promoting_organisation_code")))`;
  return db
    .select({ clusterCode: clusters.code, count: counted })
    .from(clusters)
    .where(
      and(
        isNull(clusters.deletedAt),
        clusterScopeCondition(input.scope),
        input.clusterCode ? eq(clusters.code, input.clusterCode) : undefined,
      ),
    )
    .orderBy(asc(clusters.code));
}

/** The live clusters the organisation promotes (for checking an activity's cluster). */
export async function findPromotedClusterCodes(db: DbOrTx, organisationCode: string): Promise<string[]> {
  const rows = await db
    .select({ code: clusters.code })
    .from(clusters)
    .where(and(eq(clusters.promotingOrganisationCode, organisationCode), isNull(clusters.deletedAt)));
  return rows.map((row) => row.code);
}

/** The organisation's history: audit entries of the organisation, its members and its activities. */
export async function listHistoryRows(db: DbOrTx, organisationCode: string) {
  return db
    .select()
    .from(auditLog)
    .where(
      and(
        sql`${auditLog.entityType} in ('promoting_org', 'promoting_org_member', 'promoting_activity')`,
        or(
          eq(auditLog.entityId, organisationCode),
          sql`${auditLog.entityId} like ${`${organisationCode.replace(/[\\%_]/g, (c) => `\\${c}`)}/%`}`,
        ),
      ),
    )
    .orderBy(asc(auditLog.seq));
}
