import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildIdentityTestApp,
  buildUser,
  type IdentityTestApp,
  type Session,
  signIn,
} from '../../../test/identity-fixtures.ts';
import {
  buildClusterInput,
  buildCreditCodes,
  buildEnterpriseInput,
  type Client,
  client,
} from '../../../test/registry-fixtures.ts';
import { createAttachment } from '../attachments/attachments.service.ts';
import { countPromotingActivities } from './promoting-orgs.service.ts';

let t: IdentityTestApp;
let province: Client;
let organisation: Client; // demo-cluster: cluster-org-demo (潍坊, promotes SD-C-0001)
let organisationSession: Session;
let weifang: Client;
let qingdao: Client;
let provinceSession: Session;

const [orgCredit = '', otherCredit = '', weichai = '', goertek = '', unregistered = ''] = buildCreditCodes(
  5,
  3000,
  '370700',
);
const ids: Record<string, { id: string; version: number }> = {};

const buildOrgInput = (overrides: Record<string, unknown> = {}) => ({
  code: 'cluster-org-demo',
  name: '潍坊市动力装备产业集群发展促进会',
  type: 'association',
  creditCode: orgCredit,
  cityCode: '370700',
  establishedOn: '2019-05-20',
  contactName: '王主任',
  contactPhone: '0536-8888888',
  contactEmail: 'office@wf-power.example.cn',
  ...overrides,
});

beforeAll(async () => {
  t = await buildIdentityTestApp();
  await buildUser(t, { username: 'qingdao-city', role: 'city', organisationCode: 'city-370200' });
  provinceSession = await signIn(t.app, 'demo-province');
  province = client(t, provinceSession);
  organisationSession = await signIn(t.app, 'demo-cluster');
  organisation = client(t, organisationSession);
  weifang = client(t, await signIn(t.app, 'demo-city'));
  qingdao = client(t, await signIn(t.app, 'qingdao-city', 'Test-Passw0rd!'));
  const cluster = buildClusterInput({ code: 'SD-C-0001', promotingOrganisationCode: 'cluster-org-demo' });
  expect((await province.post('/api/clusters', cluster)).status).toBe(201);
  expect(
    (await province.post('/api/clusters', buildClusterInput({ code: 'SD-C-0002', name: '潍坊另一集群' })))
      .status,
  ).toBe(201);
  for (const [creditCode, name] of [
    [weichai, '潍柴动力股份有限公司'],
    [goertek, '歌尔股份有限公司'],
  ] as const) {
    expect((await province.post('/api/enterprises', buildEnterpriseInput({ creditCode, name }))).status).toBe(
      201,
    );
  }
});
afterAll(async () => {
  await t.close();
});

describe('promoting organisations', () => {
  it('the province registers the profile of an existing cluster_org organisation; it lists SD-C-0001 as promoted', async () => {
    const created = await province.post('/api/promoting-organisations', buildOrgInput());
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      code: 'cluster-org-demo',
      type: 'association',
      creditCode: orgCredit,
      clusterCodes: ['SD-C-0001'],
      memberCount: 0,
      version: 1,
    });
  });

  it('a new code also creates the organisation (cluster_org); codes and credit codes are unique (409); bad input 400', async () => {
    const other = await province.post(
      '/api/promoting-organisations',
      buildOrgInput({
        code: 'org-qd-home',
        name: '青岛家电产业联盟',
        type: 'alliance',
        creditCode: otherCredit,
        cityCode: '370200',
      }),
    );
    expect(other.status).toBe(201);
    const directory = await province.get('/api/organisations/org-qd-home');
    expect(directory.body).toMatchObject({ type: 'cluster_org', regionCode: '370200' });
    expect((await province.post('/api/promoting-organisations', buildOrgInput())).status).toBe(409);
    expect(
      (
        await province.post(
          '/api/promoting-organisations',
          buildOrgInput({ code: 'org-dup', creditCode: otherCredit }),
        )
      ).status,
    ).toBe(409);
    const badCredit = await province.post(
      '/api/promoting-organisations',
      buildOrgInput({
        code: 'org-bad',
        creditCode: `${orgCredit.slice(0, 17)}${orgCredit.endsWith('0') ? '1' : '0'}`,
      }),
    );
    expect(badCredit.status).toBe(400);
    expect(
      (await province.post('/api/promoting-organisations', buildOrgInput({ code: 'org-x', type: '商会' })))
        .status,
    ).toBe(400);
    expect(
      (
        await province.post(
          '/api/promoting-organisations',
          buildOrgInput({ code: 'dept-sti', creditCode: unregistered }),
        )
      ).status,
    ).toBe(400);
  });

  it('the organisation edits its own profile (optimistic locking); not another one (404) and never registers (403)', async () => {
    const updated = await organisation.patch('/api/promoting-organisations/cluster-org-demo', {
      version: 1,
      contactName: '李秘书长',
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ contactName: '李秘书长', version: 2 });
    const stale = await organisation.patch('/api/promoting-organisations/cluster-org-demo', {
      version: 1,
      contactName: 'x',
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.details).toMatchObject({ reason: 'stale_version', sentVersion: 1 });
    expect(
      (await organisation.patch('/api/promoting-organisations/org-qd-home', { version: 1, name: 'x' }))
        .status,
    ).toBe(404);
    expect(
      (await organisation.post('/api/promoting-organisations', buildOrgInput({ code: 'org-new' }))).status,
    ).toBe(403);
  });

  it('scope: Weifang sees its organisation, Qingdao only its own (404 for Weifang’s); a city may not edit (403)', async () => {
    expect(
      (await weifang.get('/api/promoting-organisations')).body.items.map((o: { code: string }) => o.code),
    ).toEqual(['cluster-org-demo']);
    expect((await qingdao.get('/api/promoting-organisations/cluster-org-demo')).status).toBe(404);
    expect((await qingdao.get('/api/promoting-organisations/org-qd-home')).status).toBe(200);
    expect(
      (await weifang.patch('/api/promoting-organisations/cluster-org-demo', { version: 2, name: 'x' }))
        .status,
    ).toBe(403);
    expect((await province.get('/api/promoting-organisations?type=alliance')).body.total).toBe(1);
    expect(
      (await province.get('/api/promoting-organisations?clusterCode=SD-C-0001')).body.items[0].code,
    ).toBe('cluster-org-demo');
  });
});

describe('members', () => {
  it('adds enterprises by credit code and another organisation by name; an unregistered enterprise is 400', async () => {
    const chair = await organisation.post('/api/promoting-organisations/cluster-org-demo/members', {
      kind: 'enterprise',
      creditCode: weichai,
      role: 'chair',
      joinedOn: '2019-05-20',
    });
    expect(chair.status).toBe(201);
    expect(chair.body).toMatchObject({ kind: 'enterprise', name: '潍柴动力股份有限公司', role: 'chair' });
    const member = await organisation.post('/api/promoting-organisations/cluster-org-demo/members', {
      kind: 'enterprise',
      creditCode: goertek,
      role: 'member',
      joinedOn: '2021-01-01',
    });
    expect(member.status).toBe(201);
    ids.goertek = { id: member.body.id, version: member.body.version };
    const university = await organisation.post('/api/promoting-organisations/cluster-org-demo/members', {
      kind: 'organisation',
      name: '潍坊学院',
      role: 'council',
      joinedOn: '2020-03-01',
    });
    expect(university.status).toBe(201);
    expect(
      (
        await organisation.post('/api/promoting-organisations/cluster-org-demo/members', {
          kind: 'enterprise',
          creditCode: unregistered,
          role: 'member',
          joinedOn: '2021-01-01',
        })
      ).status,
    ).toBe(400);
  });

  it('an overlapping period for the same member is 409; leaving is dated and the list on a date follows it', async () => {
    const again = await organisation.post('/api/promoting-organisations/cluster-org-demo/members', {
      kind: 'enterprise',
      creditCode: goertek,
      role: 'council',
      joinedOn: '2023-01-01',
    });
    expect(again.status).toBe(409);
    const left = await organisation.patch(
      `/api/promoting-organisations/cluster-org-demo/members/${ids.goertek?.id}`,
      {
        version: ids.goertek?.version,
        leftOn: '2024-06-30',
      },
    );
    expect(left.status).toBe(200);
    const on2024 = await province.get('/api/promoting-organisations/cluster-org-demo/members?on=2024-06-30');
    const on2025 = await province.get('/api/promoting-organisations/cluster-org-demo/members?on=2025-01-01');
    expect(on2024.body.total).toBe(3);
    // Chair first: roles order the list (理事长 → 副理事长 → 理事 → 会员).
    expect(on2025.body.items.map((m: { name: string }) => m.name)).toEqual([
      '潍柴动力股份有限公司',
      '潍坊学院',
    ]);
    expect((await province.get('/api/promoting-organisations/cluster-org-demo')).body.memberCount).toBe(2);
  });
});

describe('activities', () => {
  const activity = (overrides: Record<string, unknown> = {}) => ({
    clusterCode: 'SD-C-0001',
    heldOn: '2024-04-18',
    type: 'matchmaking',
    title: '动力装备产业链供需对接会',
    participantCount: 120,
    enterpriseCreditCodes: [weichai, goertek],
    ...overrides,
  });

  it('records activities of its clusters; a cluster it does not promote or an unregistered enterprise is 400', async () => {
    const minutes = await createAttachment(
      t.database.db,
      {
        filename: '对接会纪要.txt',
        content: Buffer.from('会议纪要（示例）'),
        ownerId: organisationSession.userId,
      },
      { actorId: organisationSession.userId, actorName: 'demo-cluster', ip: null, at: t.clock.now() },
    );
    const first = await organisation.post(
      '/api/promoting-organisations/cluster-org-demo/activities',
      activity({ attachmentIds: [minutes.id] }),
    );
    expect(first.status).toBe(201);
    expect(first.body.attachmentIds).toEqual([minutes.id]);
    const missing = await organisation.post(
      '/api/promoting-organisations/cluster-org-demo/activities',
      activity({ attachmentIds: ['00000000-0000-4000-8000-000000000000'] }),
    );
    expect(missing.status).toBe(400);
    ids.first = { id: first.body.id, version: first.body.version };
    for (const extra of [
      activity({
        heldOn: '2024-09-10',
        type: 'training',
        title: '智能制造培训班',
        enterpriseCreditCodes: [],
      }),
      activity({ clusterCode: null, heldOn: '2024-01-15', type: 'annual_plan', title: '2024年度推进计划' }),
      activity({ heldOn: '2023-11-02', type: 'cooperation', title: '中德合作交流' }),
    ]) {
      expect(
        (await organisation.post('/api/promoting-organisations/cluster-org-demo/activities', extra)).status,
      ).toBe(201);
    }
    expect(
      (
        await organisation.post(
          '/api/promoting-organisations/cluster-org-demo/activities',
          activity({ clusterCode: 'SD-C-0002' }),
        )
      ).status,
    ).toBe(400);
    expect(
      (
        await organisation.post(
          '/api/promoting-organisations/cluster-org-demo/activities',
          activity({ enterpriseCreditCodes: [unregistered] }),
        )
      ).status,
    ).toBe(400);
    const log = await province.get('/api/promoting-organisations/cluster-org-demo/activities?year=2024');
    expect(log.body.items.map((a: { heldOn: string }) => a.heldOn)).toEqual([
      '2024-09-10',
      '2024-04-18',
      '2024-01-15',
    ]);
  });

  it('activities per cluster per year: SD-C-0001 2024 = 2 naming it + 1 naming no cluster = 3; 2023 = 1; SD-C-0002 = 0', async () => {
    expect(await countPromotingActivities(t.database.db, { clusterCode: 'SD-C-0001', year: 2024 })).toBe(3);
    expect(await countPromotingActivities(t.database.db, { clusterCode: 'SD-C-0001', year: 2023 })).toBe(1);
    expect(
      await countPromotingActivities(t.database.db, {
        clusterCode: 'SD-C-0001',
        year: 2024,
        types: ['matchmaking', 'cooperation'],
      }),
    ).toBe(1);
    const counts = await province.get('/api/promoting-organisations/activity-counts?year=2024');
    expect(counts.body.items).toEqual([
      { clusterCode: 'SD-C-0001', year: 2024, count: 3 },
      { clusterCode: 'SD-C-0002', year: 2024, count: 0 },
    ]);
    const filtered = await province.get(
      '/api/promoting-organisations/activity-counts?year=2024&types=training',
    );
    expect(filtered.body.items[0]).toEqual({ clusterCode: 'SD-C-0001', year: 2024, count: 1 });
  });

  it('a deleted activity no longer counts (2024: 3 → 2); a stale delete is 409', async () => {
    const path = `/api/promoting-organisations/cluster-org-demo/activities/${ids.first?.id}`;
    expect((await organisation.delete(`${path}?version=9`)).status).toBe(409);
    expect((await organisation.delete(`${path}?version=${ids.first?.version}`)).status).toBe(204);
    expect(await countPromotingActivities(t.database.db, { clusterCode: 'SD-C-0001', year: 2024 })).toBe(2);
  });
});

describe('history, delete and export', () => {
  it('history lists the profile, member and activity changes with before and after, oldest first', async () => {
    const history = await province.get('/api/promoting-organisations/cluster-org-demo/history');
    const actions = history.body.items.map((h: { action: string }) => h.action);
    expect(actions[0]).toBe('promoting_org.created');
    expect(actions).toContain('promoting_org.updated');
    expect(actions).toContain('promoting_org_member.updated');
    expect(actions.at(-1)).toBe('promoting_activity.deleted');
  });

  it('an organisation still promoting a cluster cannot be deleted (422); another one is soft-deleted (204, then 404)', async () => {
    const refused = await province.delete('/api/promoting-organisations/cluster-org-demo?version=2');
    expect(refused.status).toBe(422);
    expect(refused.body.error.details).toMatchObject({ reason: 'has_clusters', clusterCodes: ['SD-C-0001'] });
    expect((await province.delete('/api/promoting-organisations/org-qd-home?version=1')).status).toBe(204);
    expect((await province.get('/api/promoting-organisations/org-qd-home')).status).toBe(404);
    // The code is never reused.
    expect(
      (
        await province.post(
          '/api/promoting-organisations',
          buildOrgInput({ code: 'org-qd-home', creditCode: otherCredit }),
        )
      ).status,
    ).toBe(409);
  });

  it('exports the filtered list as CSV with bilingual headers', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: '/api/promoting-organisations/export?format=csv&cityCode=370700',
      headers: { cookie: provinceSession.cookie },
    });
    expect(response.statusCode).toBe(200);
    const lines = response.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]?.startsWith('组织代码 / Code,组织名称 / Name')).toBe(true);
    expect(lines.slice(1).map((line) => line.split(',')[0])).toEqual(['cluster-org-demo']);
  });
});
