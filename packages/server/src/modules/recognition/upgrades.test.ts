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
  for (const [code, tier, org] of [
    ['SD-C-0301', 'provincial', true],
    ['SD-C-0302', 'national', false],
    ['SD-C-0303', 'candidate', false],
  ] as const) {
    const r = await province.post(
      '/api/clusters',
      buildClusterInput({
        code,
        name: `集群 ${code}`,
        tier,
        ...(org ? { promotingOrganisationCode: 'cluster-org-demo' } : {}),
      }),
    );
    expect(r.status).toBe(201);
  }
});
afterAll(async () => {
  await t.close();
});

describe('upgrades', () => {
  it('a provincial cluster applies for national candidacy; the province endorses, then records the grant with its document', async () => {
    const applied = await clusterOrg.post('/api/recognition/upgrades', {
      clusterCode: 'SD-C-0301',
      year: 2026,
    });
    expect(applied.status).toBe(201);
    expect(applied.body).toMatchObject({ fromTier: 'provincial', toTier: 'national', status: 'submitted' });
    expect(
      (await clusterOrg.post('/api/recognition/upgrades', { clusterCode: 'SD-C-0302', year: 2026 })).status,
    ).toBe(404);
    expect(
      (await province.post('/api/recognition/upgrades', { clusterCode: 'SD-C-0303', year: 2026 })).status,
    ).toBe(422);
    const endorsed = await province.post(`/api/recognition/upgrades/${applied.body.id}/decision`, {
      status: 'endorsed',
      note: '推荐参加国家级集群竞赛 / recommended to the national competition',
    });
    expect(endorsed.body.status).toBe('endorsed');
    const noDoc = await province.post(`/api/recognition/upgrades/${applied.body.id}/decision`, {
      status: 'granted',
      note: 'x',
    });
    expect(noDoc.status).toBe(400);
    const granted = await province.post(`/api/recognition/upgrades/${applied.body.id}/decision`, {
      status: 'granted',
      note: '工业和信息化部公布国家先进制造业集群名单',
      documentNumber: '工信部规〔2026〕12号',
      decidedOn: '2026-03-01',
    });
    expect(granted.status).toBe(200);
    const cluster = await province.get('/api/clusters/SD-C-0301');
    expect(cluster.body.tier).toBe('national');
    expect(cluster.body.history).toContainEqual(
      expect.objectContaining({
        field: 'tier',
        from: 'provincial',
        to: 'national',
        documentNumber: '工信部规〔2026〕12号',
      }),
    );
    const national = await province.post('/api/recognition/upgrades', {
      clusterCode: 'SD-C-0302',
      year: 2026,
    });
    expect(national.body).toMatchObject({ fromTier: 'national', toTier: 'world' });
    expect((await clusterOrg.get('/api/recognition/upgrades')).body.items).toHaveLength(1);
  });
});

describe('three-year action plans', () => {
  it('a national cluster plans 2026–2028 milestones; an open milestone past its due date is overdue (clock 2026-03-02)', async () => {
    const plan = await province.post('/api/recognition/action-plans', {
      clusterCode: 'SD-C-0302',
      startYear: 2026,
      title: '迈向世界级集群三年行动计划',
      milestones: [
        { title: '建成国家级创新中心', dueOn: '2026-01-31' },
        { title: '链主企业营收过千亿', dueOn: '2027-12-31' },
      ],
    });
    expect(plan.status).toBe(201);
    expect(plan.body.endYear).toBe(2028);
    expect(plan.body.milestones.map((m: { overdue: boolean }) => m.overdue)).toEqual([true, false]);
    const outside = await province.post('/api/recognition/action-plans', {
      clusterCode: 'SD-C-0302',
      startYear: 2029,
      title: 'x',
      milestones: [{ title: 'x', dueOn: '2033-01-01' }],
    });
    expect(outside.status).toBe(400);
    const provincial = await province.post('/api/recognition/action-plans', {
      clusterCode: 'SD-C-0303',
      startYear: 2026,
      title: 'x',
      milestones: [{ title: 'x', dueOn: '2026-05-01' }],
    });
    expect(provincial.status).toBe(422);
    const first = plan.body.milestones[0];
    const done = await province.patch(`/api/recognition/action-plans/milestones/${first.id}`, {
      status: 'done',
      progressNote: '已获批',
    });
    expect(done.body).toMatchObject({ status: 'done', overdue: false });
    const listed = await province.get('/api/recognition/action-plans?clusterCode=SD-C-0302');
    expect(listed.body.items[0].milestones).toHaveLength(2);
  });
});
