import { runPipeline } from '@qunce/core/evaluation';
import { buildFrameworkV1, frameworkV1Reference } from '@qunce/core/frameworks';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildIdentityTestApp,
  buildUser,
  type IdentityTestApp,
  signIn,
} from '../../../test/identity-fixtures.ts';
import {
  buildClusterInput,
  buildCreditCodes,
  buildEnterpriseInput,
  type Client,
  client,
} from '../../../test/registry-fixtures.ts';
import { observations } from '../../db/schema/metrics.ts';
import { readZipEntry } from '../../documents/zip-entry.ts';
import { buildReferenceObservations } from './evaluations.fixtures.ts';
import { getRunResults, scoreClusterAbsolute } from './evaluations.service.ts';

let t: IdentityTestApp;
let province: Client;
let clusterOrg: Client;

// SD-C-0001 (the demo cluster organisation's) carries REF-01's figures, SD-C-0002 REF-03's,
// SD-C-0003 REF-06's, SD-C-0004 REF-11's: 2024 figures, 2023 output.
const carried: [string, number][] = [
  ['SD-C-0001', 0],
  ['SD-C-0002', 2],
  ['SD-C-0003', 5],
  ['SD-C-0004', 10],
];
const reference = runPipeline(buildFrameworkV1().spec, frameworkV1Reference);
const referenceScore = (i: number) => reference.units[i]?.scores.competitiveness as number;

async function runAndWait(body: Record<string, unknown>) {
  const started = await province.post('/api/evaluations', body);
  expect(started.status).toBe(202);
  await t.app.jobs.idle();
  const run = await province.get(`/api/evaluations/${started.body.run.id}`);
  expect(run.status).toBe(200);
  return run.body;
}

beforeAll(async () => {
  t = await buildIdentityTestApp();
  province = client(t, await signIn(t.app, 'demo-province'));
  for (const [code, i] of carried) {
    const created = await province.post(
      '/api/clusters',
      buildClusterInput({
        code,
        name: `集群 ${code}`,
        tier: i === 0 ? 'national' : 'provincial',
        ...(code === 'SD-C-0001' ? { promotingOrganisationCode: 'cluster-org-demo' } : {}),
      }),
    );
    expect(created.status).toBe(201);
    await buildReferenceObservations(t.database.db, { clusterCode: code, referenceIndex: i, period: '2024' });
  }
  clusterOrg = client(t, await signIn(t.app, 'demo-cluster'));
});
afterAll(async () => {
  await t.close();
});

describe('frameworks', () => {
  it('lists framework v1 with its review line; a new version must freeze its weights and read catalogue metrics', async () => {
    const list = await province.get('/api/frameworks');
    expect(list.status).toBe(200);
    expect(list.body.items[0]).toMatchObject({
      version: 'v1',
      reviewLine: 40,
      illustrative: true,
      locked: false,
    });
    const v1 = await province.get('/api/frameworks/v1');
    expect(v1.body.spec.weighting.method).toBe('frozen');
    const base = { name: 'x', nameEn: 'x', reviewLine: 40, referencePeriod: '2024' };
    const unfrozen = await province.post('/api/frameworks', {
      ...base,
      version: 'v9',
      spec: { ...v1.body.spec, weighting: { method: 'derived', derivation: 'entropy' } },
    });
    expect(unfrozen.status).toBe(422);
    const unknownMetric = await province.post('/api/frameworks', {
      ...base,
      version: 'v9',
      spec: {
        ...v1.body.spec,
        nodes: v1.body.spec.nodes.map((n: { code: string }) =>
          n.code === 'little_giants' ? { ...n, formula: 'giants_of_the_sea' } : n,
        ),
      },
    });
    expect(unknownMetric.status).toBe(400);
    expect(unknownMetric.body.error.message).toMatch(/giants-of-the-sea/);
    expect(
      (await clusterOrg.post('/api/frameworks', { ...base, version: 'v9', spec: v1.body.spec })).status,
    ).toBe(403);
  });
});

describe('evaluation runs', () => {
  let first: { id: string; resultsHash: string };

  it('runs on accepted figures: SD-C-0001 (REF-01 figures) scores 87.42 as on the reference data, tier world', async () => {
    // a provisional figure is not read: SD-C-0004 reports 24 activities provisionally
    await buildReferenceObservations(t.database.db, {
      clusterCode: 'SD-C-0005-NOT-A-CLUSTER',
      referenceIndex: 0,
      period: '2024',
      status: 'provisional',
    });
    const run = await runAndWait({
      frameworkVersion: 'v1',
      period: '2024',
      uncertainty: { runs: 400, seed: 11 },
    });
    expect(run.status).toBe('draft');
    expect(run.results).toHaveLength(4);
    for (const [code, i] of carried) {
      const r = run.results.find((x: { clusterCode: string }) => x.clusterCode === code);
      expect(r.score).toBeCloseTo(referenceScore(i), 10);
      expect(r.rankLow).toBeLessThanOrEqual(r.rank);
      expect(r.rankHigh).toBeGreaterThanOrEqual(r.rank);
    }
    const top = run.results[0];
    expect(top).toMatchObject({ clusterCode: 'SD-C-0001', rank: 1, tier: 'world' });
    expect(top.score).toBeCloseTo(87.42, 2);
    expect(top.scoreSd).toBeGreaterThan(0);
    // REF-01 R&D intensity 4.1 % on goalposts [0, 5] → 82
    expect(top.indicators.rd_intensity).toEqual({ raw: 4.1, normalised: expect.closeTo(82, 10) });
    expect(top.strengths).toHaveLength(3);
    expect(top.weaknesses).toHaveLength(3);
    const last = run.results[3];
    expect(last.clusterCode).toBe('SD-C-0004');
    expect(last.gap.toTier).toBe('provincial');
    expect(last.gap.points).toBeCloseTo(45 - referenceScore(10), 10);
    expect(run.uncertainty.runs).toBe(400);
    first = { id: run.id, resultsHash: run.resultsHash };
  });

  it('only accepted figures count: a figure put back to provisional leaves its indicator without a value', async () => {
    await buildReferenceObservations(t.database.db, {
      clusterCode: 'SD-C-0004',
      referenceIndex: 10,
      period: '2024',
      status: 'provisional',
    });
    const run = await runAndWait({
      frameworkVersion: 'v1',
      period: '2024',
      uncertainty: { runs: 0, seed: 1 },
    });
    expect(run.results.map((r: { clusterCode: string }) => r.clusterCode)).not.toContain('SD-C-0004');
    expect(run.unscored).toEqual(['SD-C-0004']);
    await buildReferenceObservations(t.database.db, {
      clusterCode: 'SD-C-0004',
      referenceIndex: 10,
      period: '2024',
    });
    expect((await province.delete(`/api/evaluations/${run.id}`)).status).toBe(204);
  });

  it('the same inputs give byte-identical results; verify recomputes from the stored snapshot', async () => {
    const again = await runAndWait({
      frameworkVersion: 'v1',
      period: '2024',
      uncertainty: { runs: 400, seed: 11 },
    });
    expect(again.resultsHash).toBe(first.resultsHash);
    const verified = await province.post(`/api/evaluations/${first.id}/verify`, {});
    expect(verified.body).toEqual({
      resultsHash: first.resultsHash,
      recomputedHash: first.resultsHash,
      identical: true,
    });
    const otherSeed = await runAndWait({
      frameworkVersion: 'v1',
      period: '2024',
      uncertainty: { runs: 400, seed: 12 },
    });
    expect(otherSeed.resultsHash).not.toBe(first.resultsHash);
    const compared = await province.get(`/api/evaluations/compare?a=${first.id}&b=${otherSeed.id}`);
    expect(compared.status).toBe(200);
    expect(compared.body.clusters).toHaveLength(4);
    expect(compared.body.clusters[0]).toMatchObject({
      clusterCode: 'SD-C-0001',
      scoreChange: 0,
      rankChange: 0,
    });
  });

  it('sensitivity { runs: 200 }: Saltelli/Jansen indices of the indicator and area weights, N(k + 2) = 200 × (2 + 2) = 800 evaluations; verify still byte-identical', async () => {
    const withIndices = await runAndWait({
      frameworkVersion: 'v1',
      period: '2024',
      uncertainty: { runs: 400, seed: 11 },
      sensitivity: { runs: 200 },
    });
    const s = withIndices.sensitivity;
    expect(s).toMatchObject({
      baseSamples: 200,
      evaluations: 800,
      seed: 11,
      inputs: ['weights.level1', 'weights.level2'],
      estimators: { first: 'Saltelli 2010', total: 'Jansen 1999' },
    });
    // 87.4, 54.7, 33.7, 9.7 never swap under ±25 % weights (every rank interval is the rank itself), so the
    // total rank shift never varies and its variance shares are undefined: null, not a made-up 0
    for (const r of withIndices.results) expect([r.rankLow, r.rankHigh]).toEqual([r.rank, r.rank]);
    expect([s.first, s.total]).toEqual([
      [null, null],
      [null, null],
    ]);
    expect(s.units.map((u: { code: string }) => u.code)).toEqual([
      'SD-C-0001',
      'SD-C-0002',
      'SD-C-0003',
      'SD-C-0004',
    ]);
    // the scores, ranks and Monte Carlo intervals are those of the same run without indices
    expect(withIndices.results).toEqual((await province.get(`/api/evaluations/${first.id}`)).body.results);
    expect(withIndices.resultsHash).not.toBe(first.resultsHash);
    // the province sees the tier lines of framework v1: world 75, national 60, provincial 45
    expect(
      withIndices.tiers.boundaries.map((b: { upper: string; score: number }) => [b.upper, b.score]),
    ).toEqual([
      ['world', 75],
      ['national', 60],
      ['provincial', 45],
    ]);
    const verified = await province.post(`/api/evaluations/${withIndices.id}/verify`, {});
    expect(verified.body).toEqual({
      resultsHash: withIndices.resultsHash,
      recomputedHash: withIndices.resultsHash,
      identical: true,
    });
    const again = await runAndWait({
      frameworkVersion: 'v1',
      period: '2024',
      uncertainty: { runs: 400, seed: 11 },
      sensitivity: { runs: 200 },
    });
    expect(again.resultsHash).toBe(withIndices.resultsHash);
    expect((await province.get(`/api/evaluations/${first.id}`)).body.sensitivity).toBeNull();
    expect((await province.delete(`/api/evaluations/${again.id}`)).status).toBe(204);
  });

  it('publish makes the run immutable (409 on publishing again or deleting) and locks the framework version', async () => {
    expect((await clusterOrg.post(`/api/evaluations/${first.id}/publish`, {})).status).toBe(403);
    const published = await province.post(`/api/evaluations/${first.id}/publish`, {});
    expect(published.status).toBe(200);
    expect(published.body.status).toBe('published');
    expect((await province.post(`/api/evaluations/${first.id}/publish`, {})).status).toBe(409);
    expect((await province.delete(`/api/evaluations/${first.id}`)).status).toBe(409);
    expect((await province.get('/api/frameworks/v1')).body.locked).toBe(true);
    const verified = await province.post(`/api/evaluations/${first.id}/verify`, {});
    expect(verified.body.identical).toBe(true);
  });

  it('a cluster organisation sees its own published result only (others 404, drafts 404)', async () => {
    const own = await clusterOrg.get(`/api/evaluations/${first.id}`);
    expect(own.status).toBe(200);
    expect(own.body.results.map((r: { clusterCode: string }) => r.clusterCode)).toEqual(['SD-C-0001']);
    expect(own.body.results[0]).toMatchObject({ rank: 1, tier: 'world' });
    expect(own.body.clusterCount).toBeNull();
    expect((await clusterOrg.get(`/api/evaluations/${first.id}/clusters/SD-C-0001`)).status).toBe(200);
    expect((await clusterOrg.get(`/api/evaluations/${first.id}/clusters/SD-C-0002`)).status).toBe(404);
    const list = await clusterOrg.get('/api/evaluations');
    expect(list.body.items.map((r: { id: string }) => r.id)).toEqual([first.id]);
    const drafts = (await province.get('/api/evaluations')).body.items.filter(
      (r: { status: string }) => r.status === 'draft',
    );
    expect(drafts.length).toBeGreaterThan(0);
    expect((await clusterOrg.get(`/api/evaluations/${drafts[0].id}`)).status).toBe(404);
    const compared = await clusterOrg.get(`/api/evaluations/compare?a=${first.id}&b=${first.id}`);
    expect(compared.body.clusters.map((c: { clusterCode: string }) => c.clusterCode)).toEqual(['SD-C-0001']);
    const report = await t.app.inject({
      method: 'GET',
      url: `/api/evaluations/${first.id}/clusters/SD-C-0001/report.docx`,
      headers: { cookie: (await signIn(t.app, 'demo-cluster')).cookie },
    });
    expect(report.statusCode).toBe(200);
    expect(report.headers['content-type']).toMatch(/wordprocessingml/);
    const xml = readZipEntry(report.rawPayload, 'word/document.xml') ?? '';
    expect(xml).toContain('集群 SD-C-0001');
    expect(xml).toContain('87.42');
    expect(xml).toContain('所在档次：世界级');
    expect(xml).toContain('规上成员企业研发投入强度');
  });

  it('a city bureau sees the published results of its cities’ clusters (Weifang: all four); another city 404', async () => {
    await buildUser(t, { username: 'qingdao-city', role: 'city', organisationCode: 'city-370200' });
    const weifang = client(t, await signIn(t.app, 'demo-city'));
    const qingdao = client(t, await signIn(t.app, 'qingdao-city', 'Test-Passw0rd!'));
    const seen = await weifang.get(`/api/evaluations/${first.id}`);
    expect(seen.status).toBe(200);
    expect(seen.body.results).toHaveLength(4);
    expect((await qingdao.get(`/api/evaluations/${first.id}`)).status).toBe(404);
    expect((await qingdao.get('/api/evaluations')).body.items).toEqual([]);
  });

  it('contract: getRunResults and scoreClusterAbsolute (one cluster alone scores as in the run)', async () => {
    const results = await getRunResults(t.database.db, first.id);
    expect(results).toMatchObject({
      runId: first.id,
      status: 'published',
      frameworkVersion: 'v1',
      period: '2024',
    });
    expect(results.hash).toBe(first.resultsHash);
    expect(Object.keys(results.results[0] ?? {}).sort()).toEqual(
      ['clusterCode', 'indicators', 'rank', 'rankHigh', 'rankLow', 'score', 'scoreSd'].sort(),
    );
    const alone = await scoreClusterAbsolute(t.database.db, {
      frameworkVersion: 'v1',
      clusterCode: 'SD-C-0004',
      period: '2024',
    });
    // REF-11 scores 9.70 < review line 40
    expect(alone.score).toBeCloseTo(referenceScore(10), 10);
    expect(alone.belowReviewLine).toBe(true);
    const strong = await scoreClusterAbsolute(t.database.db, {
      frameworkVersion: 'v1',
      clusterCode: 'SD-C-0001',
      period: '2024',
    });
    expect(strong.belowReviewLine).toBe(false);
    expect(strong.indicators.rd_intensity?.raw).toBe(4.1);
  });

  it('refuses unknown clusters (400), unknown versions (404) and periods without figures (run fails 422)', async () => {
    expect(
      (
        await province.post('/api/evaluations', {
          frameworkVersion: 'v1',
          period: '2024',
          clusters: ['NOPE'],
        })
      ).status,
    ).toBe(400);
    expect((await province.post('/api/evaluations', { frameworkVersion: 'v7', period: '2024' })).status).toBe(
      404,
    );
    const empty = await province.post('/api/evaluations', { frameworkVersion: 'v1', period: '2019' });
    await t.app.jobs.idle();
    const run = await province.get(`/api/evaluations/${empty.body.run.id}`);
    expect(run.body).toMatchObject({ status: 'failed', error: { code: 'rule_violated' } });
    expect(
      (await clusterOrg.post('/api/evaluations', { frameworkVersion: 'v1', period: '2024' })).status,
    ).toBe(403);
  });

  it('promoting-organisation activity without an accepted figure: the activity log count of the year (2 activities in 2024)', async () => {
    await t.database.db
      .delete(observations)
      .where(
        and(
          eq(observations.subjectCode, 'SD-C-0001'),
          eq(observations.metricCode, 'promoting-org-activities'),
          eq(observations.period, '2024'),
        ),
      );
    const org = await province.post('/api/promoting-organisations', {
      code: 'cluster-org-demo',
      name: '潍坊市动力装备产业集群发展促进会',
      type: 'association',
      creditCode: buildCreditCodes(1, 3000, '370700')[0],
      cityCode: '370700',
      establishedOn: '2019-05-20',
      contactName: '王主任',
      contactPhone: '0536-8888888',
      contactEmail: 'office@wf-power.example.cn',
    });
    expect(org.status).toBe(201);
    for (const [heldOn, type] of [
      ['2024-04-18', 'matchmaking'],
      ['2024-09-10', 'training'],
      ['2025-01-05', 'training'],
    ] as const) {
      const activity = await clusterOrg.post('/api/promoting-organisations/cluster-org-demo/activities', {
        clusterCode: 'SD-C-0001',
        heldOn,
        type,
        title: `活动 ${heldOn}`,
        participantCount: 50,
        enterpriseCreditCodes: [],
      });
      expect(activity.status).toBe(201);
    }
    const alone = await scoreClusterAbsolute(t.database.db, {
      frameworkVersion: 'v1',
      clusterCode: 'SD-C-0001',
      period: '2024',
    });
    // 2 activities on goalposts [0, 24] → 100 × 2 / 24 = 8.33
    expect(alone.indicators.promoting_org_activity).toEqual({
      raw: 2,
      normalised: expect.closeTo(8.3333, 3),
    });
  });

  it('derived metrics roll up accepted enterprise figures only: R&D intensity 100 × 30 / 1000 = 3.0 % (the provisional 90 / 1000 left out)', async () => {
    expect(
      (await province.post('/api/clusters', buildClusterInput({ code: 'SD-C-0006', name: '集群 SD-C-0006' })))
        .status,
    ).toBe(201);
    const [accepted = '', provisional = ''] = buildCreditCodes(2, 4000, '370700');
    for (const [creditCode, status, rd] of [
      [accepted, 'accepted', 30],
      [provisional, 'provisional', 90],
    ] as const) {
      const created = await province.post(
        '/api/enterprises',
        buildEnterpriseInput({ creditCode, name: `企业 ${creditCode.slice(-4)}`, isAboveScale: true }),
      );
      expect(created.status).toBe(201);
      const member = await province.post(`/api/enterprises/${creditCode}/memberships`, {
        clusterCode: 'SD-C-0006',
        role: 'core',
        validFrom: '2020-01-01',
      });
      expect(member.status).toBe(201);
      const at = new Date('2026-03-02T01:00:00.000Z');
      await t.database.db.insert(observations).values(
        (
          [
            ['rd-expense', rd],
            ['revenue', 1000],
          ] as const
        ).map(([metricCode, value]) => ({
          subjectType: 'enterprise' as const,
          subjectCode: creditCode,
          metricCode,
          period: '2024',
          periodKind: 'year' as const,
          periodEnd: '2024-12-31',
          value,
          source: 'entered' as const,
          status,
          createdAt: at,
          updatedAt: at,
        })),
      );
    }
    const alone = await scoreClusterAbsolute(t.database.db, {
      frameworkVersion: 'v1',
      clusterCode: 'SD-C-0006',
      period: '2024',
    });
    expect(alone.indicators.rd_intensity).toEqual({ raw: 3, normalised: expect.closeTo(60, 10) });
  });
});

describe('sensitivity indices where ranks move', () => {
  it('six clusters in pairs 54.7 / 53.5, 33.7 / 32.5, 24.0 / 23.7 (reference units REF-03…08): every index a number, the total ≥ 0, first ≤ total + 0.1', async () => {
    const codes = ['SD-C-0023', 'SD-C-0024', 'SD-C-0025', 'SD-C-0026', 'SD-C-0027', 'SD-C-0028'];
    for (const [k, code] of codes.entries()) {
      const created = await province.post('/api/clusters', buildClusterInput({ code, name: `集群 ${code}` }));
      expect(created.status).toBe(201);
      await buildReferenceObservations(t.database.db, {
        clusterCode: code,
        referenceIndex: k + 2,
        period: '2022',
      });
    }
    const run = await runAndWait({
      frameworkVersion: 'v1',
      period: '2022',
      clusters: codes,
      uncertainty: { runs: 300, seed: 5 },
      sensitivity: { runs: 400 },
    });
    expect(run.status).toBe('draft');
    expect(run.results).toHaveLength(6);
    const s = run.sensitivity;
    expect(s.inputs).toEqual(['weights.level1', 'weights.level2']);
    expect(s.evaluations).toBe(400 * (2 + 2));
    for (const [i] of s.inputs.entries()) {
      const first = s.first[i];
      const total = s.total[i];
      expect(typeof first).toBe('number');
      expect(typeof total).toBe('number');
      expect(total).toBeGreaterThanOrEqual(0);
      expect(first).toBeLessThanOrEqual(total + 0.1);
    }
    const verified = await province.post(`/api/evaluations/${run.id}/verify`, {});
    expect(verified.body.identical).toBe(true);
  });
});
