import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIdentityTestApp, type IdentityTestApp, signIn } from '../../../test/identity-fixtures.ts';
import {
  buildClusterInput,
  buildCreditCodes,
  buildEnterpriseInput,
  type Client,
  client,
} from '../../../test/registry-fixtures.ts';
import { auditLog } from '../../db/schema/index.ts';

let t: IdentityTestApp;
let province: Client;
let weifang: Client;

// Three Weifang enterprises (370700) and one Qingdao enterprise (370200).
const [weichai, goertek, small] = buildCreditCodes(3, 100, '370700');
const [haier] = buildCreditCodes(1, 200, '370200');

const codes = (body: { items: { creditCode: string }[] }) => body.items.map((item) => item.creditCode);

beforeAll(async () => {
  t = await buildIdentityTestApp();
  province = client(t, await signIn(t.app, 'demo-province'));
  weifang = client(t, await signIn(t.app, 'demo-city'));
  for (const cluster of [
    buildClusterInput({ code: 'WF-POWER' }),
    buildClusterInput({
      code: 'JQZW-CHEM',
      name: '济青枣潍高端化工集群',
      leadIndustry: 'chemical-new-materials',
      cityCodes: ['370100', '370700'],
      leadCityCode: '370100',
    }),
  ]) {
    expect((await province.post('/api/clusters', cluster)).status).toBe(201);
  }
  for (const input of [
    buildEnterpriseInput({ creditCode: weichai, name: '潍柴动力股份有限公司' }),
    buildEnterpriseInput({
      creditCode: goertek,
      name: '歌尔股份有限公司',
      industryDivision: '39',
      countyCode: null,
    }),
    buildEnterpriseInput({
      creditCode: small,
      name: '潍坊小微配套厂',
      isAboveScale: false,
      isKeyEnterprise: false,
    }),
    buildEnterpriseInput({
      creditCode: haier,
      name: '海尔智家股份有限公司',
      cityCode: '370200',
      countyCode: '370212',
    }),
  ]) {
    expect((await province.post('/api/enterprises', input)).status).toBe(201);
  }
});
afterAll(async () => {
  await t.close();
});

describe('enterprises: create and validation', () => {
  it('normalises a credit code typed in lower case with spaces to the stored 18 characters', async () => {
    const [code] = buildCreditCodes(1, 300);
    const typed = ` ${code?.toLowerCase().slice(0, 9)} ${code?.toLowerCase().slice(9)} `;
    const response = await province.post('/api/enterprises', buildEnterpriseInput({ creditCode: typed }));
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ creditCode: code, version: 1, memberships: [] });
  });

  it('refuses a wrong check character with 400 naming body.creditCode and the reason', async () => {
    const wrong = `${weichai?.slice(0, 17)}${weichai?.endsWith('0') ? '1' : '0'}`;
    const response = await province.post('/api/enterprises', buildEnterpriseInput({ creditCode: wrong }));
    expect(response.status).toBe(400);
    expect(response.body.error.details.issues[0]).toMatchObject({ field: 'body.creditCode' });
    expect(response.body.error.details.issues[0].message).toContain('校验位');
  });

  it('refuses division 50 (not industrial), a county of another city, an unknown city, a duplicate', async () => {
    const [code] = buildCreditCodes(1, 301);
    const division = await province.post(
      '/api/enterprises',
      buildEnterpriseInput({ creditCode: code, industryDivision: '50' }),
    );
    expect(division.body.error.details.issues[0].field).toBe('body.industryDivision');
    const county = await province.post(
      '/api/enterprises',
      buildEnterpriseInput({ creditCode: code, countyCode: '370212' }),
    );
    expect(county.body.error.details.issues[0].field).toBe('body.countyCode');
    const city = await province.post(
      '/api/enterprises',
      buildEnterpriseInput({ creditCode: code, cityCode: '110100', countyCode: null }),
    );
    expect(city.status).toBe(400);
    expect(city.body.error.details.issues[0].field).toBe('body.cityCode');
    expect(
      (await province.post('/api/enterprises', buildEnterpriseInput({ creditCode: weichai }))).status,
    ).toBe(409);
  });
});

describe('enterprises: list and scope', () => {
  it('filters by city, above-scale flag and name, sorts by credit code descending, pages 4 as 2 + 2', async () => {
    // 潍柴, 歌尔 and the enterprise registered with a lower-case code are above scale; the small one is not.
    const [typedCode] = buildCreditCodes(1, 300);
    const weifangOnly = await province.get(
      '/api/enterprises?cityCode=370700&isAboveScale=true&sort=-creditCode',
    );
    expect(codes(weifangOnly.body)).toEqual([weichai, goertek, typedCode].sort().reverse());
    expect(codes((await province.get(`/api/enterprises?q=${encodeURIComponent('海尔')}`)).body)).toEqual([
      haier,
    ]);
    const page = await province.get('/api/enterprises?cityCode=370700&pageSize=2&page=2&sort=creditCode');
    expect(page.body.total).toBe(4);
    expect(page.body.items).toHaveLength(2);
  });

  it('a Weifang city user sees Weifang enterprises only; a Qingdao one is 404 like a missing one', async () => {
    const list = await weifang.get('/api/enterprises?pageSize=200');
    expect(list.body.items.every((item: { cityCode: string }) => item.cityCode === '370700')).toBe(true);
    expect(codes(list.body)).not.toContain(haier);
    expect((await weifang.get(`/api/enterprises/${haier}`)).status).toBe(404);
    expect((await weifang.get(`/api/enterprises/${weichai}`)).status).toBe(200);
  });

  it('a city user manages only its own city (enterprises.city.test.ts): another city is 404', async () => {
    const [code] = buildCreditCodes(1, 302, '370200');
    const qingdao = buildEnterpriseInput({ creditCode: code, cityCode: '370200', countyCode: null });
    expect((await weifang.post('/api/enterprises', qingdao)).status).toBe(404);
    expect((await weifang.patch(`/api/enterprises/${haier}`, { version: 1, has5g: false })).status).toBe(404);
    expect(
      (
        await weifang.patch(`/api/enterprises/${weichai}`, {
          version: 1,
          cityCode: '370200',
          countyCode: null,
        })
      ).status,
    ).toBe(404);
  });

  it('a stale version is 409 and changes nothing; the current one bumps the version and is audited', async () => {
    const fresh = await province.patch(`/api/enterprises/${small}`, { version: 1, isAboveScale: true });
    expect(fresh.body).toMatchObject({ version: 2, isAboveScale: true });
    const stale = await province.patch(`/api/enterprises/${small}`, { version: 1, isAboveScale: false });
    expect(stale.status).toBe(409);
    expect((await province.get(`/api/enterprises/${small}`)).body.isAboveScale).toBe(true);
    const audited = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'enterprise.updated'), eq(auditLog.entityId, small ?? '')));
    expect(audited).toHaveLength(1);
  });
});

describe('memberships', () => {
  it('an enterprise in two clusters at once: 潍柴 is chain master of WF-POWER and core of JQZW-CHEM', async () => {
    const power = await province.post(`/api/enterprises/${weichai}/memberships`, {
      clusterCode: 'WF-POWER',
      role: 'chain_master',
      validFrom: '2021-01-01',
    });
    expect(power.status).toBe(201);
    const chem = await province.post(`/api/enterprises/${weichai}/memberships`, {
      clusterCode: 'JQZW-CHEM',
      role: 'core',
      validFrom: '2023-06-01',
    });
    expect(chem.status).toBe(201);
    const detail = await province.get(`/api/enterprises/${weichai}`);
    expect(
      detail.body.memberships.map((m: { clusterCode: string; role: string }) => [m.clusterCode, m.role]),
    ).toEqual([
      ['WF-POWER', 'chain_master'],
      ['JQZW-CHEM', 'core'],
    ]);
    expect(codes((await province.get('/api/enterprises?clusterCode=WF-POWER')).body)).toEqual([weichai]);
    expect(codes((await province.get('/api/enterprises?clusterCode=JQZW-CHEM')).body)).toEqual([weichai]);
  });

  it('membership on a date: 歌尔 supporting 2022-01-01 … 2022-12-31 counts on 2022-06-30, not on 2023-01-01', async () => {
    const created = await province.post(`/api/enterprises/${goertek}/memberships`, {
      clusterCode: 'WF-POWER',
      role: 'supporting',
      validFrom: '2022-01-01',
      validTo: '2022-12-31',
    });
    expect(created.status).toBe(201);
    const mid = await province.get(
      '/api/enterprises?clusterCode=WF-POWER&memberOn=2022-06-30&sort=creditCode',
    );
    expect(codes(mid.body).sort()).toEqual([weichai, goertek].sort());
    const after = await province.get('/api/enterprises?clusterCode=WF-POWER&memberOn=2023-01-01');
    expect(codes(after.body)).toEqual([weichai]);
  });

  it('lists a cluster’s members chain master first, on a date, by role; 404 for a cluster outside the scope', async () => {
    const all = await province.get('/api/clusters/WF-POWER/memberships');
    expect(
      all.body.items.map((m: { enterpriseName: string; role: string }) => [m.enterpriseName, m.role]),
    ).toEqual([
      ['潍柴动力股份有限公司', 'chain_master'],
      ['歌尔股份有限公司', 'supporting'],
    ]);
    const on2023 = await province.get('/api/clusters/WF-POWER/memberships?on=2023-01-01');
    expect(on2023.body).toMatchObject({ total: 1, items: [{ creditCode: weichai, cityCode: '370700' }] });
    const supporting = await province.get('/api/clusters/WF-POWER/memberships?role=supporting');
    expect(supporting.body.items.map((m: { creditCode: string }) => m.creditCode)).toEqual([goertek]);
    expect((await weifang.get('/api/clusters/JQZW-CHEM/memberships')).body.total).toBe(1);
    expect((await weifang.get('/api/clusters/NO-SUCH/memberships')).status).toBe(404);
  });

  it('refuses an overlapping period in the same cluster (409) and an unknown cluster (400)', async () => {
    const overlap = await province.post(`/api/enterprises/${goertek}/memberships`, {
      clusterCode: 'WF-POWER',
      role: 'core',
      validFrom: '2022-12-31',
    });
    expect(overlap.status).toBe(409);
    expect(overlap.body.error.details.reason).toBe('overlapping_membership');
    const unknown = await province.post(`/api/enterprises/${goertek}/memberships`, {
      clusterCode: 'NO-SUCH',
      role: 'core',
      validFrom: '2024-01-01',
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details.issues[0].field).toBe('body.clusterCode');
  });

  it('a cluster with current members cannot be deleted (422); an enterprise that is a member neither', async () => {
    const cluster = await province.delete('/api/clusters/WF-POWER?version=1');
    expect(cluster.status).toBe(422);
    expect(cluster.body.error.details).toMatchObject({ reason: 'has_members', members: 1 });
    const enterprise = await province.delete(`/api/enterprises/${weichai}?version=1`);
    expect(enterprise.status).toBe(422);
    expect(enterprise.body.error.details).toMatchObject({ reason: 'has_memberships', memberships: 2 });
  });

  it('ending both memberships (validTo, stale version 409 first) lets the enterprise be deleted and restored', async () => {
    const detail = await province.get(`/api/enterprises/${weichai}`);
    for (const membership of detail.body.memberships as { id: string; version: number }[]) {
      const url = `/api/enterprises/${weichai}/memberships/${membership.id}`;
      expect(
        (await province.patch(url, { version: membership.version + 1, validTo: '2025-12-31' })).status,
      ).toBe(409);
      const ended = await province.patch(url, { version: membership.version, validTo: '2025-12-31' });
      expect(ended.body).toMatchObject({ validTo: '2025-12-31', version: 2 });
    }
    expect((await province.delete(`/api/enterprises/${weichai}?version=1`)).status).toBe(204);
    expect((await province.get(`/api/enterprises/${weichai}`)).status).toBe(404);
    expect(codes((await province.get('/api/enterprises?clusterCode=WF-POWER')).body)).toEqual([goertek]);
    const restored = await province.post('/api/enterprises', buildEnterpriseInput({ creditCode: weichai }));
    expect(restored.status).toBe(201);
    expect(restored.body.version).toBe(3);
    expect(restored.body.memberships).toHaveLength(2);
  });
});

describe('scope of a cluster promoting organisation', () => {
  it('demo-cluster sees the clusters it promotes and their member enterprises only', async () => {
    const promoted = buildClusterInput({
      code: 'DEMO-ORG',
      name: '演示集群',
      promotingOrganisationCode: 'cluster-org-demo',
    });
    expect((await province.post('/api/clusters', promoted)).status).toBe(201);
    expect(
      (
        await province.post(`/api/enterprises/${haier}/memberships`, {
          clusterCode: 'DEMO-ORG',
          role: 'supporting',
          validFrom: '2024-01-01',
        })
      ).status,
    ).toBe(201);
    const organisation = client(t, await signIn(t.app, 'demo-cluster'));
    expect((await organisation.get('/api/auth/me')).body.user.scope).toEqual({
      kind: 'cluster',
      clusterCodes: ['DEMO-ORG'],
    });
    const clusters = await organisation.get('/api/clusters');
    expect(clusters.body.items.map((item: { code: string }) => item.code)).toEqual(['DEMO-ORG']);
    expect(codes((await organisation.get('/api/enterprises')).body)).toEqual([haier]);
    expect((await organisation.get(`/api/enterprises/${goertek}`)).status).toBe(404);
    expect((await organisation.get('/api/clusters/WF-POWER')).status).toBe(404);
  });
});
