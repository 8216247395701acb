import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIdentityTestApp, type IdentityTestApp, signIn } from '../../../test/identity-fixtures.ts';
import { buildClusterInput, type Client, client } from '../../../test/registry-fixtures.ts';

let t: IdentityTestApp;
let province: Client;
let clusterOrg: Client;

beforeAll(async () => {
  t = await buildIdentityTestApp();
  province = client(t, await signIn(t.app, 'demo-province'));
  clusterOrg = client(t, await signIn(t.app, 'demo-cluster'));
  for (const [code, tier, cityCode] of [
    ['SD-C-0201', 'provincial', '370700'],
    ['SD-C-0202', 'national', '370100'],
  ] as const) {
    const r = await province.post(
      '/api/clusters',
      buildClusterInput({
        code,
        name: `集群 ${code}`,
        tier,
        cityCodes: [cityCode],
        leadCityCode: cityCode,
        ...(code === 'SD-C-0201' ? { promotingOrganisationCode: 'cluster-org-demo' } : {}),
      }),
    );
    expect(r.status).toBe(201);
  }
});
afterAll(async () => {
  await t.close();
});

describe('support funds', () => {
  it('records allocations to a cluster, a project and a promoting organisation; each needs its recipient', async () => {
    const allocations = [
      {
        year: 2026,
        recipientKind: 'cluster',
        clusterCode: 'SD-C-0201',
        amount: 100.1,
        documentNumber: '鲁财工〔2026〕3号',
      },
      {
        year: 2026,
        recipientKind: 'project',
        clusterCode: 'SD-C-0202',
        projectName: '集群数字化改造',
        amount: 250.25,
      },
      { year: 2026, recipientKind: 'organisation', organisationCode: 'cluster-org-demo', amount: 30 },
      { year: 2025, recipientKind: 'cluster', clusterCode: 'SD-C-0202', amount: 999 },
    ];
    for (const a of allocations) expect((await province.post('/api/funds', a)).status).toBe(201);
    const missing = await province.post('/api/funds', { year: 2026, recipientKind: 'project', amount: 1 });
    expect(missing.status).toBe(400);
    expect((await clusterOrg.post('/api/funds', allocations[0])).status).toBe(403);
  });

  it('2026 totals: 100.10 + 250.25 + 30 = 380.35 万元; Weifang 100.10 + 30 (the organisation’s city), Jinan 250.25', async () => {
    const totals = await province.get('/api/funds/totals?year=2026');
    expect(totals.status).toBe(200);
    expect(totals.body).toMatchObject({ total: 380.35, allocations: 3 });
    expect(totals.body.byCity).toEqual([
      { cityCode: '370100', amount: 250.25 },
      { cityCode: '370700', amount: 130.1 },
    ]);
    expect(totals.body.byTier).toEqual([
      { tier: 'national', amount: 250.25 },
      { tier: 'provincial', amount: 100.1 },
      { tier: 'unattributed', amount: 30 },
    ]);
    const all = await province.get('/api/funds/totals');
    expect(all.body.total).toBe(1379.35);
  });

  it('a promoting organisation sees its own cluster’s and its own allocations only', async () => {
    const list = await clusterOrg.get('/api/funds?year=2026');
    expect(list.body.items.map((i: { recipientKind: string }) => i.recipientKind).sort()).toEqual([
      'cluster',
      'organisation',
    ]);
    expect((await clusterOrg.get('/api/funds/totals?year=2026')).body.total).toBe(130.1);
  });
});
