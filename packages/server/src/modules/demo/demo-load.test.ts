import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIdentityTestApp, type IdentityTestApp, signIn } from '../../../test/identity-fixtures.ts';
import { client } from '../../../test/registry-fixtures.ts';
import type { DbOrTx } from '../../db/client.ts';
import {
  auditLog,
  clusterHistory,
  clusterMemberships,
  clusters,
  designations,
  enterprises,
  innovationCarriers,
  observations,
  parks,
} from '../../db/schema/index.ts';
import { createDemoState, findDemoState } from './demo-load.repository.ts';
import {
  type DemoLoadOptions,
  generateDemoSet,
  loadDemoData,
  startDemoLoadIfNeeded,
} from './demo-load.service.ts';

const options: DemoLoadOptions = { seed: 1, enterprises: 500, clusters: 30, years: 5, endYear: 2025 };
const data = generateDemoSet(options);
const expectedObservations = [...data.observations()].length;
const weifang = '370700';

async function tableCounts(db: DbOrTx) {
  const [c] = await db.select({ n: count() }).from(clusters);
  const [h] = await db.select({ n: count() }).from(clusterHistory);
  const [e] = await db.select({ n: count() }).from(enterprises);
  const [m] = await db.select({ n: count() }).from(clusterMemberships);
  const [d] = await db.select({ n: count() }).from(designations);
  const [o] = await db.select({ n: count() }).from(observations).where(eq(observations.source, 'imported'));
  const [p] = await db.select({ n: count() }).from(observations).where(eq(observations.source, 'published'));
  return {
    clusters: c?.n,
    clusterHistory: h?.n,
    enterprises: e?.n,
    memberships: m?.n,
    designations: d?.n,
    observations: (o?.n ?? 0) + (p?.n ?? 0),
  };
}

const generatorCounts = {
  clusters: data.clusters.length,
  clusterHistory: data.clusterHistory.length,
  enterprises: data.enterprises.length,
  memberships: data.memberships.length,
  designations: data.designations.length,
  observations: expectedObservations,
};

describe('demo load at start-up (500 enterprises, 30 clusters, 5 years)', () => {
  let t: IdentityTestApp;
  beforeAll(async () => {
    t = await buildIdentityTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('loads every table with the generator counts as a system job, rolls up 2021–2025 and audits demo.loaded', async () => {
    const job = await startDemoLoadIfNeeded(t.app, t.database.db, options);
    expect(job?.type).toBe('demo-load');
    // /api/health says the demo is loading until the last step is committed, then loaded.
    expect((await t.app.inject({ method: 'GET', url: '/api/health' })).json().demo).toBe('loading');
    expect(job?.ownerId).toBeNull();
    await t.app.jobs.idle();
    expect((await t.app.inject({ method: 'GET', url: '/api/health' })).json().demo).toBe('loaded');
    const province = client(t, await signIn(t.app, 'demo-province'));
    const finished = await province.get(`/api/jobs/${job?.id}`);
    expect(finished.body.status).toBe('succeeded');
    expect(finished.body.result).toEqual({ ...generatorCounts, periods: 5 });
    expect(await tableCounts(t.database.db)).toEqual(generatorCounts);
    // Every enterprise row is demo; clusters are demo only when synthetic (public-record ones are real).
    const [demoEnterprises] = await t.database.db
      .select({ n: count() })
      .from(enterprises)
      .where(eq(enterprises.isDemo, true));
    expect(demoEnterprises?.n).toBe(500);
    const [demoClusters] = await t.database.db
      .select({ n: count() })
      .from(clusters)
      .where(eq(clusters.isDemo, true));
    expect(demoClusters?.n).toBe(data.clusters.filter((c) => c.isDemo).length);
    // The roll-up wrote derived cluster values for each of the five years.
    const rollupPeriods = await t.database.db
      .selectDistinct({ period: observations.period })
      .from(observations)
      .where(eq(observations.source, 'rollup'));
    expect(rollupPeriods.map((r) => r.period).sort()).toEqual(['2021', '2022', '2023', '2024', '2025']);
    const audits = await t.database.db.select().from(auditLog).where(eq(auditLog.action, 'demo.loaded'));
    expect(audits).toHaveLength(1);
    expect(audits[0]?.after).toMatchObject({ counts: { enterprises: 500, clusters: 30 } });
  });

  it('writes carriers and parks that agree with the carrier and eco-park figures entered for 2025', async () => {
    const db = t.database.db;
    const figures = await db
      .select({
        cluster: observations.subjectCode,
        metric: observations.metricCode,
        value: observations.value,
      })
      .from(observations)
      .where(eq(observations.period, '2025'));
    const carriers = await db
      .select({ cluster: innovationCarriers.clusterCode, level: innovationCarriers.level })
      .from(innovationCarriers);
    const parkRows = await db
      .select({ codes: parks.clusterCodes, eco: parks.ecoIndustrialStatus })
      .from(parks);
    const live = await db.select({ code: clusters.code, status: clusters.status }).from(clusters);
    // Per cluster: [national carriers, provincial carriers, parks, eco parks] as listed and as counted.
    const listed: Record<string, number[]> = {};
    const counted: Record<string, number[]> = {};
    for (const cluster of live.filter((c) => c.status !== 'revoked')) {
      const entered = (metric: string) =>
        Number(figures.find((f) => f.cluster === cluster.code && f.metric === metric)?.value ?? 0);
      const ofLevel = (level: string) =>
        carriers.filter((c) => c.cluster === cluster.code && c.level === level).length;
      const served = parkRows.filter((p) => p.codes.includes(cluster.code));
      const eco = served.filter((p) => p.eco === 'provincial' || p.eco === 'national').length;
      listed[cluster.code] = [ofLevel('national'), ofLevel('provincial'), served.length, eco];
      // Four parks serve it; those with eco-industrial status are the entered share of four, rounded.
      counted[cluster.code] = [
        entered('national-innovation-carriers'),
        entered('provincial-innovation-carriers'),
        4,
        Math.round((entered('eco-industrial-park-share') / 100) * 4),
      ];
    }
    expect(Object.keys(listed).length).toBeGreaterThan(20);
    expect(listed).toEqual(counted);
  });

  it('shows all clusters and enterprises to the province, and only Weifang’s to demo-city', async () => {
    const province = client(t, await signIn(t.app, 'demo-province'));
    const city = client(t, await signIn(t.app, 'demo-city'));
    expect((await province.get('/api/clusters?pageSize=200')).body.total).toBe(30);
    expect((await province.get('/api/enterprises?pageSize=1')).body.total).toBe(500);
    const weifangClusters = data.clusters.filter((c) => c.cityCodes.includes(weifang)).map((c) => c.code);
    const weifangEnterprises = data.enterprises.filter((e) => e.cityCode === weifang);
    expect(weifangClusters.length).toBeGreaterThan(0);
    expect(weifangEnterprises.length).toBeGreaterThan(0);
    const cityClusters = await city.get('/api/clusters?pageSize=200');
    expect(cityClusters.body.items.map((c: { code: string }) => c.code).sort()).toEqual(
      weifangClusters.sort(),
    );
    const cityEnterprises = await city.get('/api/enterprises?pageSize=200');
    expect(cityEnterprises.body.total).toBe(weifangEnterprises.length);
    expect(cityEnterprises.body.items.every((e: { cityCode: string }) => e.cityCode === weifang)).toBe(true);
  });

  it('does not load twice: a second start finds the finished load and starts nothing', async () => {
    expect(await startDemoLoadIfNeeded(t.app, t.database.db, options)).toBeNull();
    expect(await tableCounts(t.database.db)).toEqual(generatorCounts);
  });
});

describe('a load cut short', () => {
  let t: IdentityTestApp;
  beforeAll(async () => {
    t = await buildIdentityTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('resumes after its last committed batch: 4 batches of 200 rows (clusters, history, 2 × enterprises), then the next start completes it once', async () => {
    const at = new Date('2026-03-02T01:00:00.000Z');
    expect(await createDemoState(t.database.db, { ...options }, at)).toBe(true);
    let batches = 0;
    const dies = () => {
      if (++batches > 4) throw new Error('process died');
    };
    await expect(
      loadDemoData(t.database.db, options, at, { batchSize: 200, throwIfCancelled: dies }),
    ).rejects.toThrow('process died');
    // Batches of 200: 30 clusters (1 batch), the history (1 batch), then 2 × 200 enterprises; the 5th dies.
    const partial = await tableCounts(t.database.db);
    expect(partial.clusters).toBe(30);
    expect(partial.enterprises).toBe(400);
    expect(partial.memberships).toBe(0);
    const state = await findDemoState(t.database.db);
    expect(state?.finishedAt).toBeNull();
    expect(state?.cursor.enterprises).toBe(partial.enterprises);

    const job = await startDemoLoadIfNeeded(t.app, t.database.db, options);
    expect(job?.type).toBe('demo-load');
    // /api/health says the demo is loading until the last step is committed, then loaded.
    expect((await t.app.inject({ method: 'GET', url: '/api/health' })).json().demo).toBe('loading');
    await t.app.jobs.idle();
    expect(await tableCounts(t.database.db)).toEqual(generatorCounts);
    expect((await findDemoState(t.database.db))?.finishedAt).not.toBeNull();
    expect(await startDemoLoadIfNeeded(t.app, t.database.db, options)).toBeNull();
  });
});
