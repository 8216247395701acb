import type { CockpitSummary, CockpitTierRow } from '@qunce/core/cockpit';
import { pattern3830Goals } from '@qunce/core/cockpit';
import { summarisePattern3830 } from '@qunce/core/targets';
import type { DbOrTx } from '../../db/client.ts';
import type { SessionUser } from '../auth/auth.hooks.ts';
import { registryScopeOf } from '../clusters/registry.scope.ts';
import { getRunResults } from '../evaluations/evaluations.service.ts';
import {
  findLatestPublishedRun,
  listCities,
  listClusterFigures,
  listProvinceRdIntensity,
  listScopedClusters,
} from './cockpit.repository.ts';

/** 100 × R&D expense / revenue, or null without revenue. */
const intensity = (rd: number | null, revenue: number | null): number | null =>
  rd !== null && revenue !== null && revenue > 0 ? (100 * rd) / revenue : null;

type Sums = { output: number | null; rd: number | null; revenue: number | null };

const add = (a: number | null, b: number): number => (a ?? 0) + b;

/** Sums the clusters' figures of one period into the bucket `keyOf` gives each cluster. */
function sumBy(
  figures: ReadonlyArray<{ clusterCode: string; metric: string; period: string; value: number }>,
  keyOf: (clusterCode: string, period: string) => string | null,
): Map<string, Sums> {
  const sums = new Map<string, Sums>();
  for (const f of figures) {
    const key = keyOf(f.clusterCode, f.period);
    if (key === null) continue;
    const bucket = sums.get(key) ?? { output: null, rd: null, revenue: null };
    if (f.metric === 'industrial-output') bucket.output = add(bucket.output, f.value);
    else if (f.metric === 'rd-expense') bucket.rd = add(bucket.rd, f.value);
    else if (f.metric === 'revenue') bucket.revenue = add(bucket.revenue, f.value);
    sums.set(key, bucket);
  }
  return sums;
}

/**
 * Mean index score per lead city over the scored clusters: the map's "index" measure. Clusters not in
 * `leadCityOf` (outside the scope, revoked) are left out.
 */
export function meanScoreByLeadCity(
  results: ReadonlyArray<{ clusterCode: string; score: number }>,
  leadCityOf: ReadonlyMap<string, string>,
): Map<string, number> {
  const sums = new Map<string, { total: number; count: number }>();
  for (const r of results) {
    const city = leadCityOf.get(r.clusterCode);
    if (!city) continue;
    const sum = sums.get(city) ?? { total: 0, count: 0 };
    sum.total += r.score;
    sum.count += 1;
    sums.set(city, sum);
  }
  return new Map([...sums].map(([city, sum]) => [city, sum.total / sum.count]));
}

/**
 * The cockpit in one read: four indexed queries (clusters in scope, cities, the clusters' rolled-up
 * figures, the province's published R&D intensity), summed here. A city's figures are those of the
 * clusters it leads; the trends sum every cluster in scope (an enterprise in two clusters counts in
 * both, as cluster statistics are reported).
 */
export async function getCockpitSummary(db: DbOrTx, user: SessionUser): Promise<CockpitSummary> {
  const scope = registryScopeOf(user);
  const clusterRows = await listScopedClusters(db, scope);
  const active = clusterRows.filter((c) => c.status !== 'revoked');
  const [cityRows, figures, provinceRd, run] = [
    await listCities(db),
    await listClusterFigures(
      db,
      active.map((c) => c.code),
    ),
    await listProvinceRdIntensity(db),
    await findLatestPublishedRun(db),
  ];

  const pattern = summarisePattern3830(
    pattern3830Goals,
    clusterRows.map((c) => ({
      code: c.code,
      tierReached: c.tier,
      cultivationTarget: c.cultivationTarget,
      status: c.status,
    })),
  );
  const tiers: CockpitTierRow[] = [
    ...pattern.tiers.map((row) => ({
      tier: row.tier,
      goal: row.goal,
      reached: row.reached,
      cultivating: row.cultivating,
    })),
    {
      tier: 'candidate',
      goal: null,
      reached: active.filter((c) => c.tier === 'candidate').length,
      cultivating: 0,
    },
  ];

  const outputPeriods = figures.filter((f) => f.metric === 'industrial-output').map((f) => f.period);
  // Periods are years ("2025"): the string order is the time order.
  const year = outputPeriods.length > 0 ? ([...outputPeriods].sort().at(-1) ?? null) : null;
  const leadCity = new Map(active.map((c) => [c.code, c.leadCityCode]));
  const indexByCity = run
    ? meanScoreByLeadCity((await getRunResults(db, run.id)).results, leadCity)
    : new Map();
  const byCity = sumBy(figures, (code, period) => (period === year ? (leadCity.get(code) ?? null) : null));
  const cities = cityRows.map((city) => {
    const sums = byCity.get(city.code);
    return {
      cityCode: city.code,
      name: city.name,
      nameEn: city.nameEn ?? city.name,
      clusterCount: active.filter((c) => c.cityCodes.includes(city.code)).length,
      output: sums?.output ?? null,
      rdIntensity: sums ? intensity(sums.rd, sums.revenue) : null,
      index: indexByCity.get(city.code) ?? null,
    };
  });

  const byYear = sumBy(figures, (_, period) => period);
  const provinceByPeriod = new Map(provinceRd.map((row) => [row.period, row.value]));
  const periods = [...new Set([...byYear.keys(), ...provinceByPeriod.keys()])].sort();
  const trends = periods.map((period) => {
    const sums = byYear.get(period);
    return {
      period,
      clusterOutput: sums?.output ?? null,
      clusterRdIntensity: sums ? intensity(sums.rd, sums.revenue) : null,
      provinceRdIntensity: provinceByPeriod.get(period) ?? null,
    };
  });

  return {
    year,
    tiers,
    activeClusters: active.length,
    cities,
    trends,
    indexRun: run ? { id: run.id, period: run.period, frameworkVersion: run.frameworkVersion } : null,
  };
}
