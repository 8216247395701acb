/**
 * Demo seeding of the innovation-carrier and park registries (called by the start-up demo load after the
 * evaluation seeding, demo-load.service.ts). The demo evaluation enters, for each live cluster and the last
 * demo year, how many national and provincial carriers it has and the share of its parks with
 * eco-industrial status (evaluations.demo.ts, "entered after checking against the registry"); this writes
 * registry rows that agree with those figures, so the cluster page's carriers and parks tabs show what its
 * metrics count:
 * - carriers: exactly the entered national and provincial counts, hosted by the cluster's members
 *   (chain masters, then core, then supporting enterprises), of the types a province recognises;
 * - parks: four parks in the cluster's lead city serving it (codes `<cluster code>-P1` … `-P4`), as many with eco-industrial status as the
 *   entered share of four rounds to.
 * Names end in （演示） and document numbers are marked 演示, so nothing reads as a real recognition.
 * Every draw is a hash of the cluster code (deterministic). Idempotent: a cluster that already has a
 * carrier or a park is skipped. One transaction per cluster.
 */
import type { CarrierType } from '@qunce/core/carriers-parks';
import { sha256Hex } from '@qunce/core/evaluation';
import { policyIndustries } from '@qunce/core/registry';
import { and, asc, eq, inArray, isNull, ne, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import {
  clusterMemberships,
  clusters,
  enterprises,
  innovationCarriers,
  observations,
  parks,
  regions,
} from '../../db/schema/index.ts';

export type CarrierParkDemoCounts = { clusters: number; carriers: number; parks: number };

/** Carrier types by level, in the order a cluster's carriers take them (the first ones most common). */
const nationalTypes: readonly CarrierType[] = [
  'enterprise-technology-centre',
  'key-laboratory',
  'industrial-design-centre',
  'technology-innovation-centre',
  'manufacturing-innovation-centre',
];
const provincialTypes: readonly CarrierType[] = [
  'enterprise-technology-centre',
  'industrial-design-centre',
  'key-laboratory',
  'technology-innovation-centre',
  'manufacturing-innovation-centre',
  'industry-innovation-centre',
];
const typeNames: Record<CarrierType, string> = {
  'manufacturing-innovation-centre': '制造业创新中心',
  'technology-innovation-centre': '技术创新中心',
  'industry-innovation-centre': '产业创新中心',
  'market-supervision-innovation-centre': '市场监管技术创新中心',
  'enterprise-technology-centre': '企业技术中心',
  'industrial-design-centre': '工业设计中心',
  'key-laboratory': '重点实验室',
};
const parksPerCluster = 4;
const roleOrder = sql`case ${clusterMemberships.role} when 'chain_master' then 0 when 'core' then 1 else 2 end`;

/** A number in [0, 1) from the hash of the key (deterministic). */
const unit = (key: string) => Number.parseInt(sha256Hex(key).slice(0, 8), 16) / 2 ** 32;

export async function seedCarriersParksDemo(
  db: Db,
  input: { period: string; at: Date },
): Promise<CarrierParkDemoCounts> {
  const { period, at } = input;
  const counts: CarrierParkDemoCounts = { clusters: 0, carriers: 0, parks: 0 };
  const live = await db
    .select({
      code: clusters.code,
      name: clusters.name,
      leadCityCode: clusters.leadCityCode,
      leadIndustry: clusters.leadIndustry,
    })
    .from(clusters)
    .where(and(isNull(clusters.deletedAt), ne(clusters.status, 'revoked')))
    .orderBy(asc(clusters.code));
  if (live.length === 0) return counts;
  const figures = await db
    .select({ cluster: observations.subjectCode, metric: observations.metricCode, value: observations.value })
    .from(observations)
    .where(
      and(
        eq(observations.subjectType, 'cluster'),
        eq(observations.period, period),
        inArray(observations.metricCode, [
          'national-innovation-carriers',
          'provincial-innovation-carriers',
          'eco-industrial-park-share',
        ]),
      ),
    );
  const figure = (cluster: string, metric: string) =>
    Number(figures.find((f) => f.cluster === cluster && f.metric === metric)?.value ?? 0);
  const cityNames = new Map(
    (await db.select({ code: regions.code, name: regions.shortName }).from(regions)).map((r) => [
      r.code,
      r.name,
    ]),
  );
  const industryNames = new Map<string, string>(policyIndustries.map((i) => [i.code, i.name]));
  const usedNames = new Set(
    (
      await db
        .select({ name: innovationCarriers.name, host: innovationCarriers.hostCreditCode })
        .from(innovationCarriers)
        .where(isNull(innovationCarriers.deletedAt))
    ).map((c) => `${c.name}|${c.host}`),
  );

  for (const cluster of live) {
    const hosts = await db
      .select({ creditCode: enterprises.creditCode, name: enterprises.name, cityCode: enterprises.cityCode })
      .from(clusterMemberships)
      .innerJoin(enterprises, eq(enterprises.creditCode, clusterMemberships.creditCode))
      .where(and(eq(clusterMemberships.clusterCode, cluster.code), isNull(clusterMemberships.validTo)))
      .orderBy(roleOrder, asc(enterprises.creditCode))
      .limit(60);
    const national = Math.round(figure(cluster.code, 'national-innovation-carriers'));
    const provincial = Math.round(figure(cluster.code, 'provincial-innovation-carriers'));
    const ecoShare = figure(cluster.code, 'eco-industrial-park-share');
    const carrierRows: (typeof innovationCarriers.$inferInsert)[] = [];
    if (hosts.length > 0) {
      const add = (level: 'national' | 'provincial', types: readonly CarrierType[], n: number) => {
        // Slot k: host k mod H, then the next type, then a numbered second centre; a slot whose
        // name another cluster's carrier already has (an enterprise in two clusters) is passed over.
        for (let k = 0, added = 0; added < n && k < n + 10 * hosts.length * types.length; k++) {
          const host = hosts[k % hosts.length];
          const type = types[Math.floor(k / hosts.length) % types.length];
          if (!host || !type) continue;
          const round = Math.floor(k / (hosts.length * types.length));
          const name = `${host.name}${level === 'national' ? '国家' : '省'}${typeNames[type]}${round > 0 ? `（${round + 1}）` : ''}（演示）`;
          const key = `${name}|${host.creditCode}`;
          if (usedNames.has(key)) continue;
          usedNames.add(key);
          const year = 2016 + Math.floor(unit(`${cluster.code}|${level}|${added}|year`) * 9);
          carrierRows.push({
            name,
            type,
            level,
            hostCreditCode: host.creditCode,
            hostName: host.name,
            cityCode: host.cityCode,
            clusterCode: cluster.code,
            recognisedOn: `${year}-12-${String(10 + (added % 18)).padStart(2, '0')}`,
            documentNumber: `${level === 'national' ? '国' : '鲁'}演示〔${year}〕${100 + added}号`,
            createdAt: at,
            updatedAt: at,
          });
          added++;
        }
      };
      add('national', nationalTypes, national);
      add('provincial', provincialTypes, provincial);
    }
    const eco = Math.round((ecoShare / 100) * parksPerCluster);
    const city = cityNames.get(cluster.leadCityCode) ?? '';
    const industry = industryNames.get(cluster.leadIndustry) ?? '';
    const suffixes = ['高新技术产业开发区', '经济技术开发区', '产业园', '产业基地'];
    const parkRows: (typeof parks.$inferInsert)[] = Array.from({ length: parksPerCluster }, (_, i) => {
      const draw = unit(`${cluster.code}|park|${i}`);
      return {
        code: `${cluster.code}-P${i + 1}`,
        name: `${city}${industry}${suffixes[i] ?? '产业园'}（演示）`,
        cityCode: cluster.leadCityCode,
        countyCode: null,
        level: i === 0 ? 'national' : draw < 0.5 ? 'provincial' : 'municipal',
        ecoIndustrialStatus:
          i < eco ? (i === 0 ? 'national' : 'provincial') : draw < 0.3 ? 'building' : 'none',
        fiveGCoverage: draw < 0.5 ? 'full' : draw < 0.85 ? 'partial' : 'none',
        clusterCodes: [cluster.code],
        createdAt: at,
        updatedAt: at,
      };
    });
    const wrote = await db.transaction(async (tx) => {
      const [hasCarrier] = await tx
        .select({ id: innovationCarriers.id })
        .from(innovationCarriers)
        .where(eq(innovationCarriers.clusterCode, cluster.code))
        .limit(1);
      const [hasPark] = await tx
        .select({ code: parks.code })
        .from(parks)
        .where(sql`${cluster.code} = any(${parks.clusterCodes})`)
        .limit(1);
      if (hasCarrier || hasPark) return false;
      if (carrierRows.length > 0)
        await tx.insert(innovationCarriers).values(carrierRows).onConflictDoNothing();
      await tx.insert(parks).values(parkRows).onConflictDoNothing();
      return true;
    });
    if (!wrote) continue;
    counts.clusters++;
    counts.carriers += carrierRows.length;
    counts.parks += parkRows.length;
  }
  return counts;
}
