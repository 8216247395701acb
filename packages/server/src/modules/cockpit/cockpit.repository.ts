import { and, asc, eq, inArray, isNull, max, type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { clusterMemberships, clusters, enterprises, observations, regions } from '../../db/schema/index.ts';
import {
  clusterScopeCondition,
  enterpriseScopeCondition,
  type RegistryScope,
} from '../clusters/registry.scope.ts';

/** Live clusters in scope, only the columns the pattern and the map need. */
export function listScopedClusters(db: DbOrTx, scope: RegistryScope) {
  return db
    .select({
      code: clusters.code,
      tier: clusters.tier,
      cultivationTarget: clusters.cultivationTarget,
      status: clusters.status,
      cityCodes: clusters.cityCodes,
    })
    .from(clusters)
    .where(and(isNull(clusters.deletedAt), clusterScopeCondition(scope)));
}

export function listCities(db: DbOrTx) {
  return db
    .select({ code: regions.code, name: regions.name, nameEn: regions.nameEn, shortName: regions.shortName })
    .from(regions)
    .where(eq(regions.level, 'city'))
    .orderBy(asc(regions.sortOrder), asc(regions.code));
}

/** The latest year with enterprise output figures. */
export async function findLatestOutputYear(db: DbOrTx): Promise<string | null> {
  const [row] = await db
    .select({ period: max(observations.period) })
    .from(observations)
    .where(
      and(
        eq(observations.metricCode, 'industrial-output'),
        eq(observations.subjectType, 'enterprise'),
        eq(observations.periodKind, 'year'),
      ),
    );
  return row?.period ?? null;
}

/**
 * The enterprise is a member, on the period's last day, of a live non-revoked cluster in scope
 * (EXISTS: an enterprise in two clusters counts once).
 */
function memberCondition(scope: RegistryScope): SQL {
  return sql`exists (select 1 from ${clusterMemberships} join ${clusters} on ${clusters.code} = ${clusterMemberships.clusterCode}
    where ${clusterMemberships.creditCode} = ${enterprises.creditCode}
      and ${clusterMemberships.deletedAt} is null and ${clusters.deletedAt} is null
      and ${clusters.status} <> 'revoked'
      and ${clusterMemberships.validFrom} <= ${observations.periodEnd}
      and (${clusterMemberships.validTo} is null or ${clusterMemberships.validTo} >= ${observations.periodEnd})
      and ${clusterScopeCondition(scope) ?? sql`true`})`;
}

const outputSum = sql<
  number | null
>`sum(${observations.value}) filter (where ${observations.metricCode} = 'industrial-output')`.mapWith(
  (value: string | number | null) => (value === null ? null : Number(value)),
);
const rdSum = sql<
  number | null
>`sum(${observations.value}) filter (where ${observations.metricCode} = 'rd-expense' and ${enterprises.isAboveScale})`.mapWith(
  (value: string | number | null) => (value === null ? null : Number(value)),
);
const revenueSum = sql<
  number | null
>`sum(${observations.value}) filter (where ${observations.metricCode} = 'revenue' and ${enterprises.isAboveScale})`.mapWith(
  (value: string | number | null) => (value === null ? null : Number(value)),
);

function memberFigures(scope: RegistryScope, periods: SQL) {
  return and(
    eq(observations.subjectType, 'enterprise'),
    eq(observations.periodKind, 'year'),
    inArray(observations.metricCode, ['industrial-output', 'rd-expense', 'revenue']),
    periods,
    isNull(enterprises.deletedAt),
    enterpriseScopeCondition(scope),
    memberCondition(scope),
  );
}

/** Per city, in one year: member output and the above-scale R&D expense and revenue. */
export function sumMemberFiguresByCity(db: DbOrTx, scope: RegistryScope, year: string) {
  return db
    .select({ cityCode: enterprises.cityCode, output: outputSum, rd: rdSum, revenue: revenueSum })
    .from(observations)
    .innerJoin(enterprises, eq(enterprises.creditCode, observations.subjectCode))
    .where(memberFigures(scope, eq(observations.period, year)))
    .groupBy(enterprises.cityCode);
}

/** Per year: member output and the above-scale R&D expense and revenue. */
export function sumMemberFiguresByYear(db: DbOrTx, scope: RegistryScope) {
  return db
    .select({ period: observations.period, output: outputSum, rd: rdSum, revenue: revenueSum })
    .from(observations)
    .innerJoin(enterprises, eq(enterprises.creditCode, observations.subjectCode))
    .where(memberFigures(scope, sql`true`))
    .groupBy(observations.period)
    .orderBy(asc(observations.period));
}

/** The province's entered R&D intensity by year. */
export function listProvinceRdIntensity(db: DbOrTx) {
  return db
    .select({ period: observations.period, value: observations.value })
    .from(observations)
    .where(
      and(
        eq(observations.metricCode, 'rd-intensity-above-scale'),
        eq(observations.subjectType, 'province'),
        eq(observations.periodKind, 'year'),
      ),
    )
    .orderBy(asc(observations.period));
}
