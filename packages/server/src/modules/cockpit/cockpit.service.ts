import type { CockpitSummary, CockpitTierRow } from '@qunce/core/cockpit';
import { pattern3830Goals } from '@qunce/core/cockpit';
import { summarisePattern3830 } from '@qunce/core/targets';
import type { DbOrTx } from '../../db/client.ts';
import type { SessionUser } from '../auth/auth.hooks.ts';
import { registryScopeOf } from '../clusters/registry.scope.ts';
import {
  findLatestOutputYear,
  listCities,
  listProvinceRdIntensity,
  listScopedClusters,
  sumMemberFiguresByCity,
  sumMemberFiguresByYear,
} from './cockpit.repository.ts';

/** 100 × R&D expense / revenue, or null without revenue. */
const intensity = (rd: number | null, revenue: number | null): number | null =>
  rd !== null && revenue !== null && revenue > 0 ? (100 * rd) / revenue : null;

/**
 * The cockpit in one read: five indexed aggregate queries (clusters in scope, the latest year, member
 * figures by city for that year, member figures by year, the province's published R&D intensity).
 */
export async function getCockpitSummary(db: DbOrTx, user: SessionUser): Promise<CockpitSummary> {
  const scope = registryScopeOf(user);
  const [clusterRows, cityRows, year, byYear, provinceRd] = [
    await listScopedClusters(db, scope),
    await listCities(db),
    await findLatestOutputYear(db),
    await sumMemberFiguresByYear(db, scope),
    await listProvinceRdIntensity(db),
  ];
  const byCity = year ? await sumMemberFiguresByCity(db, scope, year) : [];

  const pattern = summarisePattern3830(
    pattern3830Goals,
    clusterRows.map((c) => ({
      code: c.code,
      tierReached: c.tier,
      cultivationTarget: c.cultivationTarget,
      status: c.status,
    })),
  );
  const active = clusterRows.filter((c) => c.status !== 'revoked');
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

  const figuresByCity = new Map(byCity.map((row) => [row.cityCode, row]));
  const cities = cityRows.map((city) => {
    const figures = figuresByCity.get(city.code);
    return {
      cityCode: city.code,
      name: city.name,
      nameEn: city.nameEn ?? city.name,
      clusterCount: active.filter((c) => c.cityCodes.includes(city.code)).length,
      output: figures?.output ?? null,
      rdIntensity: figures ? intensity(figures.rd, figures.revenue) : null,
    };
  });

  const provinceByPeriod = new Map(provinceRd.map((row) => [row.period, row.value]));
  const periods = [...new Set([...byYear.map((row) => row.period), ...provinceByPeriod.keys()])].sort();
  const yearFigures = new Map(byYear.map((row) => [row.period, row]));
  const trends = periods.map((period) => {
    const figures = yearFigures.get(period);
    return {
      period,
      clusterOutput: figures?.output ?? null,
      clusterRdIntensity: figures ? intensity(figures.rd, figures.revenue) : null,
      provinceRdIntensity: provinceByPeriod.get(period) ?? null,
    };
  });

  return { year, tiers, activeClusters: active.length, cities, trends };
}
