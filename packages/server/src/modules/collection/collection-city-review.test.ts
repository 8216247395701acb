import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildIdentityTestApp,
  buildUser,
  type IdentityTestApp,
  signIn,
} from '../../../test/identity-fixtures.ts';
import { buildClusterInput, buildCreditCodes, type Client, client } from '../../../test/registry-fixtures.ts';
import { clusterMemberships, enterprises } from '../../db/schema/index.ts';

/**
 * A data set the city reviews first: the demo cluster organisation (home city 潍坊 370700) reports its
 * cluster's member E; 潍坊 reviews (returns once, then passes it on); only then may the province accept.
 */
let t: IdentityTestApp;
let province: Client;
let weifang: Client;
let qingdao: Client;
let organisation: Client;
let organisationSession: Awaited<ReturnType<typeof signIn>>;
let id = '';
const [E, F] = buildCreditCodes(2, 701, '370700') as [string, string];

beforeAll(async () => {
  t = await buildIdentityTestApp();
  await buildUser(t, { username: 'qingdao-city', role: 'city', organisationCode: 'city-370200' });
  province = client(t, await signIn(t.app, 'demo-province'));
  weifang = client(t, await signIn(t.app, 'demo-city'));
  qingdao = client(t, await signIn(t.app, 'qingdao-city', 'Test-Passw0rd!'));
  const cluster = await province.post(
    '/api/clusters',
    buildClusterInput({ code: 'SD-C-0301', promotingOrganisationCode: 'cluster-org-demo' }),
  );
  expect(cluster.status).toBe(201);
  // F belongs to another 潍坊 cluster, which the organisation does not promote
  expect((await province.post('/api/clusters', buildClusterInput({ code: 'SD-C-0302' }))).status).toBe(201);
  // signed in after the cluster exists: the session's cluster scope is computed at sign-in
  organisationSession = await signIn(t.app, 'demo-cluster');
  organisation = client(t, organisationSession);
  const at = new Date('2026-01-01T00:00:00Z');
  for (const creditCode of [E, F]) {
    await t.database.db.insert(enterprises).values({
      creditCode,
      name: `演示企业 ${creditCode.slice(-4)}`,
      cityCode: '370700',
      industryDivision: '34',
      isAboveScale: true,
      createdAt: at,
      updatedAt: at,
    });
  }
  await t.database.db.insert(clusterMemberships).values({
    creditCode: F,
    clusterCode: 'SD-C-0302',
    role: 'core',
    validFrom: '2020-01-01',
    createdAt: at,
    updatedAt: at,
  });
  await t.database.db.insert(clusterMemberships).values({
    creditCode: E,
    clusterCode: 'SD-C-0301',
    role: 'core',
    validFrom: '2020-01-01',
    createdAt: at,
    updatedAt: at,
  });
});

afterAll(async () => {
  await t.close();
});

describe('city review before the province', () => {
  it('opens a city-reviewed data set for the cluster organisation (a cluster organisation never reports city figures)', async () => {
    const cityFigures = await province.post('/api/collection/data-sets', {
      code: 'city-annual',
      name: '城市年报',
      nameEn: 'City, annual',
      subjectType: 'city',
      metrics: ['rd-intensity-above-scale'],
      periodKind: 'year',
    });
    expect(cityFigures.status).toBe(201);
    const refused = await province.post('/api/collection/data-sets/city-annual/periods', {
      period: '2025',
      deadline: '2026-03-31T23:59:59+08:00',
      assignees: ['cluster-org-demo'],
    });
    expect(refused.status).toBe(400);
    expect(
      (
        await province.post('/api/collection/data-sets', {
          code: 'members-annual',
          name: '集群成员年报',
          nameEn: 'Cluster members, annual',
          subjectType: 'enterprise',
          metrics: ['revenue'],
          periodKind: 'year',
          cityReview: true,
          rules: { required: ['revenue'] },
        })
      ).status,
    ).toBe(201);
    // rules may be changed with the version read; a stale version is refused
    const patched = await province.patch('/api/collection/data-sets/members-annual', {
      rules: { required: ['revenue'], ranges: [{ metric: 'revenue', min: 0 }] },
      version: 1,
    });
    expect(patched.body).toMatchObject({ version: 2, rules: { ranges: [{ metric: 'revenue', min: 0 }] } });
    expect(
      (await province.patch('/api/collection/data-sets/members-annual', { cityReview: true, version: 1 }))
        .status,
    ).toBe(409);
    expect(
      (
        await province.patch('/api/collection/data-sets/members-annual', {
          rules: { required: ['employees'] },
          version: 2,
        })
      ).status,
    ).toBe(400);
    const opened = await province.post('/api/collection/data-sets/members-annual/periods', {
      period: '2025',
      deadline: '2026-03-31T23:59:59+08:00',
      assignees: ['cluster-org-demo'],
    });
    expect(opened.status).toBe(201);
    const periods = await province.get('/api/collection/periods?period=2025');
    expect(periods.body.items).toEqual([
      expect.objectContaining({ dataSet: 'members-annual', period: '2025', assignments: 1 }),
    ]);
    const mine = await organisation.get('/api/collection/submissions');
    expect(mine.body.items).toEqual([
      expect.objectContaining({
        assignee: 'cluster-org-demo',
        assigneeKind: 'cluster_org',
        cityCode: '370700',
      }),
    ]);
    id = mine.body.items[0].id;
    // its subjects: the members of the clusters it promotes (E), not other 潍坊 cluster members (F)
    const detail = await organisation.get(`/api/collection/submissions/${id}`);
    expect((detail.body.subjects as { code: string }[]).map((x) => x.code)).toEqual([E]);
  });

  it('the organisation submits; the province cannot accept before 潍坊 has reviewed it, and 青岛 does not see it', async () => {
    const saved = await t.app.inject({
      method: 'PUT',
      url: `/api/collection/submissions/${id}/values`,
      headers: organisationSession.headers,
      payload: { values: [{ subjectCode: E, metric: 'revenue', value: 120 }], version: 1 },
    });
    expect(saved.statusCode).toBe(200);
    expect((await organisation.post(`/api/collection/submissions/${id}/submit`, { version: 2 })).status).toBe(
      200,
    );
    const early = await province.post(`/api/collection/submissions/${id}/accept`, { version: 3 });
    expect(early.status).toBe(422);
    expect(early.body.error.details.reason).toBe('awaiting_city_review');
    expect((await province.get('/api/collection/todo')).body.items).toEqual([]);
    expect((await weifang.get('/api/collection/todo')).body.items).toEqual([
      expect.objectContaining({ kind: 'city_review', submissionId: id }),
    ]);
    expect((await qingdao.get(`/api/collection/submissions/${id}`)).status).toBe(404);
    expect(
      (await qingdao.post(`/api/collection/submissions/${id}/city-forward`, { version: 3 })).status,
    ).toBe(404);
  });

  it('潍坊 returns it with a reason; after resubmission 潍坊 passes it on and the province accepts', async () => {
    const returned = await weifang.post(`/api/collection/submissions/${id}/return`, {
      version: 3,
      reason: '请补充说明 / please explain',
    });
    expect(returned.body).toMatchObject({ state: 'returned', reason: '请补充说明 / please explain' });
    expect((await organisation.post(`/api/collection/submissions/${id}/submit`, { version: 4 })).status).toBe(
      200,
    );
    const forwarded = await weifang.post(`/api/collection/submissions/${id}/city-forward`, { version: 5 });
    expect(forwarded.body).toMatchObject({ state: 'submitted', awaitingCityReview: false });
    const twice = await weifang.post(`/api/collection/submissions/${id}/city-forward`, { version: 6 });
    expect(twice.status).toBe(422);
    // once passed on, the city no longer returns it: that is the province's decision
    expect(
      (await weifang.post(`/api/collection/submissions/${id}/return`, { version: 6, reason: '再退回' }))
        .status,
    ).toBe(403);
    expect((await province.get('/api/collection/todo')).body.items).toEqual([
      expect.objectContaining({ kind: 'review', submissionId: id }),
    ]);
    const accepted = await province.post(`/api/collection/submissions/${id}/accept`, { version: 6 });
    expect(accepted.body).toMatchObject({ state: 'accepted' });
    const history = (await province.get(`/api/collection/submissions/${id}`)).body.history as {
      action: string;
    }[];
    expect(history.map((h) => h.action)).toEqual([
      'assign',
      'submit',
      'return',
      'submit',
      'city_forward',
      'accept',
    ]);
  });
});
