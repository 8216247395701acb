import type { DesignationLevel, DesignationType } from '@qunce/core/targets';
import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import {
  clusterHistory,
  clusterMemberships,
  clusters,
  designations,
  innovationCarriers,
  observations,
  parks,
  targetDefinitions,
  targetReportedValues,
  targetSets,
} from '../../db/schema/index.ts';

export async function listTargetSetRows(db: DbOrTx) {
  return db
    .select()
    .from(targetSets)
    .orderBy(desc(targetSets.issuedOn), asc(targetSets.code), desc(targetSets.version));
}

export async function findTargetSetRow(db: DbOrTx, code: string, version?: number) {
  const [row] = await db
    .select()
    .from(targetSets)
    .where(
      version === undefined
        ? eq(targetSets.code, code)
        : and(eq(targetSets.code, code), eq(targetSets.version, version)),
    )
    .orderBy(desc(targetSets.version))
    .limit(1);
  return row;
}

export async function listTargetDefinitionRows(db: DbOrTx, setCode: string, setVersion: number) {
  return db
    .select()
    .from(targetDefinitions)
    .where(and(eq(targetDefinitions.setCode, setCode), eq(targetDefinitions.setVersion, setVersion)))
    .orderBy(asc(targetDefinitions.sortOrder));
}

export async function listReportedValueRows(db: DbOrTx, setCode: string) {
  return db
    .select()
    .from(targetReportedValues)
    .where(eq(targetReportedValues.setCode, setCode))
    .orderBy(asc(targetReportedValues.targetCode), asc(targetReportedValues.valueDate));
}

/** Live clusters with their current tier and status, and every dated history entry. */
export async function listClustersWithHistory(db: DbOrTx) {
  const rows = await db
    .select({
      code: clusters.code,
      tier: clusters.tier,
      status: clusters.status,
      cultivationTarget: clusters.cultivationTarget,
      deletedAt: clusters.deletedAt,
    })
    .from(clusters);
  const history = await db
    .select({
      clusterCode: clusterHistory.clusterCode,
      changedOn: clusterHistory.changedOn,
      field: clusterHistory.field,
      fromValue: clusterHistory.fromValue,
      toValue: clusterHistory.toValue,
    })
    .from(clusterHistory)
    .orderBy(asc(clusterHistory.changedOn), asc(clusterHistory.recordedAt));
  return { rows, history };
}

/**
 * Distinct enterprises holding a valid designation of any of the kinds on `date` (granted on or
 * before, not expired, not revoked), optionally only members (on that date) of the given clusters:
 * an enterprise in two clusters, or holding two of the kinds, counts once.
 */
export async function countValidDesignationHolders(
  db: DbOrTx,
  kinds: readonly { type: DesignationType; level?: DesignationLevel | undefined }[],
  date: string,
  clusterCodes: readonly string[] | null,
): Promise<number> {
  if (clusterCodes && clusterCodes.length === 0) return 0;
  const [row] = await db
    .select({ n: sql<number>`count(distinct ${designations.creditCode})::int` })
    .from(designations)
    .where(
      and(
        isNull(designations.deletedAt),
        kindCondition(kinds),
        sql`${designations.grantedOn} <= ${date}`,
        sql`(${designations.expiresOn} is null or ${designations.expiresOn} >= ${date})`,
        sql`(${designations.revokedOn} is null or ${designations.revokedOn} > ${date})`,
        memberOn(clusterCodes, date),
      ),
    );
  return row?.n ?? 0;
}

/** Every grant of the kinds up to `date` (累计), expired or not; in scope: the holder is a member on `date`. */
export async function countCumulativeGrants(
  db: DbOrTx,
  kinds: readonly { type: DesignationType; level?: DesignationLevel | undefined }[],
  date: string,
  clusterCodes: readonly string[] | null,
): Promise<number> {
  if (clusterCodes && clusterCodes.length === 0) return 0;
  const [row] = await db
    .select({ n: sql<number>`count(distinct ${designations.id})::int` })
    .from(designations)
    .where(
      and(
        isNull(designations.deletedAt),
        kindCondition(kinds),
        sql`${designations.grantedOn} <= ${date}`,
        memberOn(clusterCodes, date),
      ),
    );
  return row?.n ?? 0;
}

/** One batched count request: a designation measure counted on several dates. */
export type DesignationCountRequest = {
  /** The caller's label for the request (a target code); the answer is keyed by it. */
  key: string;
  kinds: readonly { type: DesignationType; level?: DesignationLevel | undefined }[];
  counting: 'valid-on-date' | 'cumulative-grants';
  /** Only holders that are members, on the date, of the clusters `scopeOn(date)` names. */
  isScoped: boolean;
  dates: readonly string[];
};

/**
 * The counts of `countValidDesignationHolders` / `countCumulativeGrants` for every (request, date) in
 * one query: the (request, date) pairs, the kinds per request and the clusters in scope per date are
 * passed as arrays and joined to the designations once, and the members in scope on each date are
 * found once for all requests (docs/targets.md, "Speed"). Answer: key → date → count (0 when none).
 */
export async function countDesignationsOnDates(
  db: DbOrTx,
  requests: readonly DesignationCountRequest[],
  scopeOn: (date: string) => readonly string[],
): Promise<Map<string, Map<string, number>>> {
  const out = new Map<string, Map<string, number>>();
  for (const r of requests) out.set(r.key, new Map(r.dates.map((d) => [d, 0])));
  const withDates = requests.filter((r) => r.dates.length > 0 && r.kinds.length > 0);
  if (withDates.length === 0) return out;
  // Requests are numbered: integer keys sort and hash much faster than collated text.
  const pairs = withDates.flatMap((r, index) =>
    r.dates.map((date) => ({
      key: index,
      on_date: date,
      is_cumulative: r.counting === 'cumulative-grants',
      // null: the whole province; otherwise the clusters whose members on the date count.
      scope: r.isScoped ? scopeOn(date) : null,
    })),
  );
  const kinds = withDates.flatMap((r, index) =>
    r.kinds.map((k) => ({ key: index, type: k.type, level: k.level ?? null })),
  );
  // The small inputs are materialised (a function scan re-parses its JSON on every rescan). The
  // membership test looks up the holder's own memberships (index on credit_code: one search, one or
  // two rows) and checks the cluster against the date's scope array; "cluster_code || ''" keeps the
  // planner from searching the (cluster, enterprise) index once per cluster in scope instead.
  const result = await db.execute(sql`
    with td as materialized (
      select key, on_date, is_cumulative,
        case when scope is null then null else array(select jsonb_array_elements_text(scope)) end as scope
      from jsonb_to_recordset(${JSON.stringify(pairs)}::jsonb)
        as td(key int, on_date date, is_cumulative boolean, scope jsonb)
    ), k as materialized (
      select * from jsonb_to_recordset(${JSON.stringify(kinds)}::jsonb) as k(key int, type text, level text)
    )
    select td.key, td.on_date::text as on_date,
      (case when td.is_cumulative then count(distinct d.id) else count(distinct d.credit_code collate "C") end)::int as n
    from td
    join k on k.key = td.key
    join ${designations} d on d.type = k.type and (k.level is null or d.level = k.level)
    where d.deleted_at is null
      and d.granted_on <= td.on_date
      and (td.is_cumulative or (
        (d.expires_on is null or d.expires_on >= td.on_date) and (d.revoked_on is null or d.revoked_on > td.on_date)))
      and (td.scope is null or exists (
        select 1 from ${clusterMemberships} m
        where m.credit_code = d.credit_code and m.deleted_at is null
          and m.valid_from <= td.on_date and (m.valid_to is null or m.valid_to >= td.on_date)
          and (m.cluster_code || '') = any(td.scope)))
    group by td.key, td.on_date, td.is_cumulative`);
  const rows = (result as unknown as { rows: { key: number; on_date: string; n: number }[] }).rows;
  for (const row of rows) {
    const key = withDates[Number(row.key)]?.key;
    if (key !== undefined) out.get(key)?.set(row.on_date, Number(row.n));
  }
  return out;
}

function kindCondition(kinds: readonly { type: DesignationType; level?: DesignationLevel | undefined }[]) {
  return sql`(${sql.join(
    kinds.map((k) =>
      k.level
        ? sql`(${designations.type} = ${k.type} and ${designations.level} = ${k.level})`
        : sql`${designations.type} = ${k.type}`,
    ),
    sql` or `,
  )})`;
}

function memberOn(clusterCodes: readonly string[] | null, date: string) {
  if (!clusterCodes) return undefined;
  return sql`exists (select 1 from ${clusterMemberships}
    where ${clusterMemberships.creditCode} = ${designations.creditCode}
      and ${clusterMemberships.deletedAt} is null
      and ${inArray(clusterMemberships.clusterCode, [...clusterCodes])}
      and ${clusterMemberships.validFrom} <= ${date}
      and (${clusterMemberships.validTo} is null or ${clusterMemberships.validTo} >= ${date}))`;
}

/** Innovation carriers of a level recognised on or before `date` (undated ones count), optionally in the clusters. */
export async function countCarriers(
  db: DbOrTx,
  level: DesignationLevel,
  date: string,
  clusterCodes: readonly string[] | null,
): Promise<number> {
  if (clusterCodes && clusterCodes.length === 0) return 0;
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(innovationCarriers)
    .where(
      and(
        isNull(innovationCarriers.deletedAt),
        eq(innovationCarriers.level, level),
        sql`(${innovationCarriers.recognisedOn} is null or ${innovationCarriers.recognisedOn} <= ${date})`,
        clusterCodes ? inArray(innovationCarriers.clusterCode, [...clusterCodes]) : undefined,
      ),
    );
  return row?.n ?? 0;
}

/** Parks (serving the clusters, or all) and how many of them are provincial or national eco-industrial parks. */
export async function countEcoParks(
  db: DbOrTx,
  clusterCodes: readonly string[] | null,
): Promise<{ parks: number; eco: number }> {
  if (clusterCodes && clusterCodes.length === 0) return { parks: 0, eco: 0 };
  const [row] = await db
    .select({
      parks: sql<number>`count(*)::int`,
      eco: sql<number>`count(*) filter (where ${parks.ecoIndustrialStatus} in ('provincial', 'national'))::int`,
    })
    .from(parks)
    .where(
      and(
        isNull(parks.deletedAt),
        clusterCodes
          ? sql`${parks.clusterCodes} && ARRAY[${sql.join(
              clusterCodes.map((c) => sql`${c}`),
              sql`, `,
            )}]::text[]`
          : undefined,
      ),
    );
  return { parks: row?.parks ?? 0, eco: row?.eco ?? 0 };
}

/** Yearly industry observations of a metric for the given industry codes (every status). */
export async function listIndustryObservations(
  db: DbOrTx,
  metricCode: string,
  industryCodes: readonly string[],
) {
  if (industryCodes.length === 0) return [];
  return db
    .select({
      subjectCode: observations.subjectCode,
      period: observations.period,
      periodEnd: observations.periodEnd,
      value: observations.value,
      status: observations.status,
    })
    .from(observations)
    .where(
      and(
        eq(observations.subjectType, 'industry'),
        eq(observations.metricCode, metricCode),
        eq(observations.periodKind, 'year'),
        inArray(observations.subjectCode, [...industryCodes]),
      ),
    )
    .orderBy(asc(observations.periodEnd));
}
