import { and, asc, desc, eq, inArray, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { clusters, evaluationRuns, observations, regions } from '../../db/schema/index.ts';
import { clusterScopeCondition, type RegistryScope } from '../clusters/registry.scope.ts';

/** Live clusters in scope, only the columns the pattern and the map need. */
export function listScopedClusters(db: DbOrTx, scope: RegistryScope) {
  return db
    .select({
      code: clusters.code,
      tier: clusters.tier,
      cultivationTarget: clusters.cultivationTarget,
      status: clusters.status,
      cityCodes: clusters.cityCodes,
      leadCityCode: clusters.leadCityCode,
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

/** Metrics the cockpit sums over clusters (each rolled up from the members by `recomputeClusterMetrics`). */
export const cockpitClusterMetrics = ['industrial-output', 'rd-expense', 'revenue'] as const;

/**
 * The clusters' rolled-up yearly figures of the cockpit metrics: a few rows per cluster and year, read
 * through the (metric, period, subject type) index.
 */
export function listClusterFigures(db: DbOrTx, clusterCodes: string[]) {
  if (clusterCodes.length === 0) return Promise.resolve([]);
  return db
    .select({
      clusterCode: observations.subjectCode,
      metric: observations.metricCode,
      period: observations.period,
      value: observations.value,
    })
    .from(observations)
    .where(
      and(
        inArray(observations.metricCode, [...cockpitClusterMetrics]),
        eq(observations.subjectType, 'cluster'),
        eq(observations.periodKind, 'year'),
        inArray(observations.subjectCode, clusterCodes),
      ),
    );
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

/** The latest published evaluation run: newest period, then newest publication (status index). */
export async function findLatestPublishedRun(db: DbOrTx) {
  const [row] = await db
    .select({
      id: evaluationRuns.id,
      period: evaluationRuns.period,
      frameworkVersion: evaluationRuns.frameworkVersion,
    })
    .from(evaluationRuns)
    .where(eq(evaluationRuns.status, 'published'))
    .orderBy(desc(evaluationRuns.period), desc(evaluationRuns.publishedAt))
    .limit(1);
  return row;
}
