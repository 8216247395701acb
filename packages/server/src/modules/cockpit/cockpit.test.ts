import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIdentityTestApp, type IdentityTestApp, signIn } from '../../../test/identity-fixtures.ts';
import {
  buildClusterInput,
  buildCreditCodes,
  buildEnterpriseInput,
  type Client,
  client,
} from '../../../test/registry-fixtures.ts';
import { meanScoreByLeadCity } from './cockpit.service.ts';

let t: IdentityTestApp;
let province: Client;
let weifang: Client;

const [weichai, goertek, small, outsider] = buildCreditCodes(4).map((code) => code);
const [qdHaier] = buildCreditCodes(1, 500, '370200');

beforeAll(async () => {
  t = await buildIdentityTestApp();
  province = client(t, await signIn(t.app, 'demo-province'));
  weifang = client(t, await signIn(t.app, 'demo-city'));
  const created = [
    // Weifang: national, recognised, cultivated toward world class.
    await province.post('/api/clusters', buildClusterInput({ code: 'WF-POWER' })),
    // Qingdao + Weifang (cross-city): provincial, cultivated toward national.
    await province.post(
      '/api/clusters',
      buildClusterInput({
        code: 'QW-HOME',
        tier: 'provincial',
        cultivationTarget: 'national',
        cityCodes: ['370200', '370700'],
        leadCityCode: '370200',
        leadIndustry: 'smart-appliances',
      }),
    ),
    // A candidate in Qingdao and a revoked provincial one (counts nowhere).
    await province.post(
      '/api/clusters',
      buildClusterInput({
        code: 'QD-CAND',
        tier: 'candidate',
        cultivationTarget: 'provincial',
        status: 'cultivating',
        cityCodes: ['370200'],
        leadCityCode: '370200',
      }),
    ),
    await province.post(
      '/api/clusters',
      buildClusterInput({
        code: 'QD-GONE',
        tier: 'provincial',
        cultivationTarget: 'provincial',
        status: 'revoked',
        cityCodes: ['370200'],
        leadCityCode: '370200',
      }),
    ),
  ];
  expect(created.map((r) => r.status)).toEqual([201, 201, 201, 201]);
  const enterprises = [
    buildEnterpriseInput({ creditCode: weichai, name: '潍柴' }),
    buildEnterpriseInput({ creditCode: goertek, name: '歌尔' }),
    buildEnterpriseInput({ creditCode: small, name: '小企业', isAboveScale: false }),
    buildEnterpriseInput({ creditCode: outsider, name: '非成员' }),
    buildEnterpriseInput({ creditCode: qdHaier, name: '海尔', cityCode: '370200', countyCode: '370212' }),
  ];
  for (const e of enterprises) expect((await province.post('/api/enterprises', e)).status).toBe(201);
  const memberships: Array<[string | undefined, string, string]> = [
    [weichai, 'WF-POWER', '2020-01-01'],
    // 潍柴 in two clusters: counted once.
    [weichai, 'QW-HOME', '2020-01-01'],
    // 歌尔 joins in 2025: not a member at the end of 2024.
    [goertek, 'WF-POWER', '2025-03-01'],
    [small, 'WF-POWER', '2020-01-01'],
    [qdHaier, 'QW-HOME', '2020-01-01'],
  ];
  for (const [creditCode, clusterCode, validFrom] of memberships) {
    const response = await province.post(`/api/enterprises/${creditCode}/memberships`, {
      clusterCode,
      role: 'core',
      validFrom,
    });
    expect(response.status).toBe(201);
  }
  // [enterprise, year, output, revenue, R&D] in 万元.
  const figures: Array<[string | undefined, string, number, number, number]> = [
    [weichai, '2024', 1000, 800, 40],
    [weichai, '2025', 1200, 1000, 60],
    [goertek, '2024', 500, 500, 50],
    [goertek, '2025', 600, 600, 30],
    [small, '2024', 100, 100, 50],
    [small, '2025', 100, 100, 50],
    [outsider, '2025', 9000, 9000, 900],
    [qdHaier, '2024', 2000, 2000, 40],
    [qdHaier, '2025', 3000, 2500, 50],
  ];
  const items: Array<{
    subjectType: string;
    subjectCode: string | undefined;
    metric: string;
    period: string;
    value: number;
  }> = figures.flatMap(([subjectCode, period, output, revenue, rd]) =>
    (
      [
        ['industrial-output', output],
        ['revenue', revenue],
        ['rd-expense', rd],
      ] as const
    ).map(([metric, value]) => ({ subjectType: 'enterprise', subjectCode, metric, period, value })),
  );
  items.push(
    ...[
      ['2024', 2.5],
      ['2025', 2.6],
    ].map(([period, value]) => ({
      subjectType: 'province',
      subjectCode: '370000',
      metric: 'rd-intensity-above-scale',
      period: String(period),
      value: Number(value),
    })),
  );
  const batch = await province.post('/api/observations/batch', { items });
  expect(batch.status).toBe(200);
});
afterAll(async () => {
  await t.close();
});

describe('GET /api/cockpit/summary', () => {
  it('the province sees the 3830 pattern, every city and the yearly trends', async () => {
    const { status, body } = await province.get('/api/cockpit/summary');
    expect(status).toBe(200);
    expect(body.year).toBe('2025');
    expect(body.activeClusters).toBe(3);
    expect(body.tiers).toEqual([
      { tier: 'world', goal: 3, reached: 0, cultivating: 1 },
      { tier: 'national', goal: 8, reached: 1, cultivating: 1 },
      { tier: 'provincial', goal: 30, reached: 1, cultivating: 1 },
      { tier: 'candidate', goal: null, reached: 1, cultivating: 0 },
    ]);
    expect(body.cities).toHaveLength(16);
    const city = (code: string) => body.cities.find((c: { cityCode: string }) => c.cityCode === code);
    // A city's figures are the rolled-up figures of the clusters it leads. Weifang leads WF-POWER, whose
    // 2025 members are 潍柴 + 歌尔 + 小企业 (非成员 is not a member): output 1200 + 600 + 100 = 1900;
    // R&D intensity = 100 × (60 + 30 + 50) / (1000 + 600 + 100) = 8.235 %.
    expect(city('370700')).toMatchObject({ clusterCount: 2, output: 1900, name: '潍坊市' });
    expect(city('370700').rdIntensity).toBeCloseTo((100 * 140) / 1700, 10);
    // Qingdao leads QW-HOME (潍柴 + 海尔): 1200 + 3000 = 4200; 100 × (60 + 50) / (1000 + 2500) = 3.143 %.
    // Its clusters: QW-HOME and QD-CAND (QD-GONE is revoked).
    expect(city('370200')).toMatchObject({ clusterCount: 2, output: 4200 });
    expect(city('370200').rdIntensity).toBeCloseTo((100 * 110) / 3500, 10);
    expect(city('370100')).toMatchObject({ clusterCount: 0, output: null, rdIntensity: null, index: null });
    // No evaluation published yet: no index on the map.
    expect(body.indexRun).toBeNull();
    // Trends sum the clusters (潍柴 counts in both of its clusters).
    // 2024: WF-POWER 潍柴 1000 + 小企业 100 (歌尔 joined in 2025) + QW-HOME 潍柴 1000 + 海尔 2000 = 4100;
    //       R&D 100 × (40 + 50 + 40 + 40) / (800 + 100 + 800 + 2000) = 4.595 %.
    // 2025: 1900 + 4200 = 6100; 100 × (140 + 110) / (1700 + 3500) = 4.808 %.
    expect(
      body.trends.map((p: { period: string; clusterOutput: number }) => [p.period, p.clusterOutput]),
    ).toEqual([
      ['2024', 4100],
      ['2025', 6100],
    ]);
    expect(body.trends[0].clusterRdIntensity).toBeCloseTo((100 * 170) / 3700, 10);
    expect(body.trends[1].clusterRdIntensity).toBeCloseTo((100 * 250) / 5200, 10);
    expect(body.trends.map((p: { provinceRdIntensity: number }) => p.provinceRdIntensity)).toEqual([
      2.5, 2.6,
    ]);
  });

  it('a city bureau sees the clusters having its city among theirs', async () => {
    const { status, body } = await weifang.get('/api/cockpit/summary');
    expect(status).toBe(200);
    // WF-POWER (national) and the cross-city QW-HOME (provincial); not QD-CAND.
    expect(body.activeClusters).toBe(2);
    expect(body.tiers.map((row: { reached: number }) => row.reached)).toEqual([0, 1, 1, 0]);
    // Qingdao shows the cross-city QW-HOME it leads (visible to Weifang), not QD-CAND.
    const qingdao = body.cities.find((c: { cityCode: string }) => c.cityCode === '370200');
    expect(qingdao).toMatchObject({ clusterCount: 1, output: 4200 });
    // 2025: WF-POWER 1900 + QW-HOME 4200.
    expect(body.trends[1].clusterOutput).toBe(6100);
  });

  it('needs clusters.read: the auditor gets 403, no session 401', async () => {
    const auditor = client(t, await signIn(t.app, 'auditor', 'Admin-Passw0rd!'));
    expect((await auditor.get('/api/cockpit/summary')).status).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/cockpit/summary' })).statusCode).toBe(401);
  });
});

describe("the map's index measure", () => {
  it('mean score of the scored clusters a city leads: Weifang (62 + 48) / 2 = 55, Qingdao 70; others left out', () => {
    const leadCity = new Map([
      ['WF-POWER', '370700'],
      ['WF-CHEM', '370700'],
      ['QW-HOME', '370200'],
    ]);
    const results = [
      { clusterCode: 'WF-POWER', score: 62 },
      { clusterCode: 'WF-CHEM', score: 48 },
      { clusterCode: 'QW-HOME', score: 70 },
      // Revoked or outside the scope: not in the lead-city map.
      { clusterCode: 'QD-GONE', score: 99 },
    ];
    expect(Object.fromEntries(meanScoreByLeadCity(results, leadCity))).toEqual({
      '370700': 55,
      '370200': 70,
    });
  });
});
