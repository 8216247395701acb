import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adminPassword,
  buildIdentityTestApp,
  buildUser,
  type IdentityTestApp,
  signIn,
} from '../../../test/identity-fixtures.ts';
import { buildClusterInput, buildCreditCodes, type Client, client } from '../../../test/registry-fixtures.ts';
import { auditLog } from '../../db/schema/index.ts';
import { verifyAuditChain } from '../audit/audit.service.ts';

let t: IdentityTestApp;
let province: Client;
let weifang: Client;
let qingdao: Client;
let department: Client;

beforeAll(async () => {
  t = await buildIdentityTestApp();
  await buildUser(t, { username: 'qingdao-city', role: 'city', organisationCode: 'city-370200' });
  province = client(t, await signIn(t.app, 'demo-province'));
  weifang = client(t, await signIn(t.app, 'demo-city'));
  qingdao = client(t, await signIn(t.app, 'qingdao-city', 'Test-Passw0rd!'));
  department = client(t, await signIn(t.app, 'demo-department'));
  // 潍坊 power equipment (Weifang), 青岛 appliances (Qingdao), 青烟威 shipbuilding (Qingdao, Yantai, Weihai),
  // 济青枣潍 (Jinan lead, with Weifang): four clusters, two of them visible to Weifang.
  for (const input of [
    buildClusterInput({ code: 'SD-C-0001' }),
    buildClusterInput({
      code: 'SD-C-0002',
      name: '青岛市智能家电集群',
      nameEn: 'Qingdao Smart Home Appliances',
      leadIndustry: 'smart-appliances',
      cityCodes: ['370200'],
      leadCityCode: '370200',
    }),
    buildClusterInput({
      code: 'SD-C-0003',
      name: '青烟威船舶与海洋工程装备集群',
      nameEn: 'Qingdao-Yantai-Weihai Shipbuilding & Offshore Engineering Equipment',
      leadIndustry: 'offshore-equipment',
      cityCodes: ['370600', '371000', '370200'],
      leadCityCode: '370200',
      changedOn: '2024-11-20',
      documentNumber: '工信部规函〔2024〕1号',
    }),
    buildClusterInput({
      code: 'SD-C-0004',
      name: '济青枣潍高端化工集群',
      nameEn: null,
      leadIndustry: 'chemical-new-materials',
      tier: 'provincial',
      cultivationTarget: 'national',
      status: 'cultivating',
      cityCodes: ['370700', '370100'],
      leadCityCode: '370100',
    }),
  ]) {
    const created = await province.post('/api/clusters', input);
    expect(created.status).toBe(201);
  }
});
afterAll(async () => {
  await t.close();
});

const codes = (body: { items: { code: string }[] }) => body.items.map((item) => item.code);

describe('clusters: create, detail, list', () => {
  it('stores the lead city first and records creation in the history with its document number', async () => {
    const detail = await province.get('/api/clusters/SD-C-0003');
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({
      code: 'SD-C-0003',
      tier: 'national',
      cityCodes: ['370200', '370600', '371000'],
      leadCityCode: '370200',
      version: 1,
    });
    expect(detail.body.history).toEqual([
      expect.objectContaining({
        field: 'created',
        changedOn: '2024-11-20',
        from: null,
        to: 'national/world/recognised',
        documentNumber: '工信部规函〔2024〕1号',
        recordedBy: 'demo-province',
      }),
    ]);
  });

  it('pages 4 clusters 3 + 1, sorted by code descending, with the total', async () => {
    const first = await province.get('/api/clusters?pageSize=3&page=1&sort=-code');
    expect(first.body.total).toBe(4);
    expect(codes(first.body)).toEqual(['SD-C-0004', 'SD-C-0003', 'SD-C-0002']);
    const second = await province.get('/api/clusters?pageSize=3&page=2&sort=-code');
    expect(codes(second.body)).toEqual(['SD-C-0001']);
    expect(second.body).toMatchObject({ total: 4, page: 2, pageSize: 3 });
  });

  it('filters by city (a cross-city cluster matches each of its cities), tier, industry and text', async () => {
    expect(codes((await province.get('/api/clusters?cityCode=371000')).body)).toEqual(['SD-C-0003']);
    expect(codes((await province.get('/api/clusters?cityCode=370700')).body)).toEqual([
      'SD-C-0001',
      'SD-C-0004',
    ]);
    expect(codes((await province.get('/api/clusters?tier=provincial')).body)).toEqual(['SD-C-0004']);
    expect(codes((await province.get('/api/clusters?leadIndustry=smart-appliances')).body)).toEqual([
      'SD-C-0002',
    ]);
    expect(codes((await province.get(`/api/clusters?q=${encodeURIComponent('船舶')}`)).body)).toEqual([
      'SD-C-0003',
    ]);
    expect(codes((await province.get('/api/clusters?q=%25')).body)).toEqual([]);
  });

  it('refuses a lead city outside the cities and an invalid chain-master credit code, naming the field', async () => {
    const lead = await province.post(
      '/api/clusters',
      buildClusterInput({ code: 'SD-C-0099', cityCodes: ['370700'], leadCityCode: '370200' }),
    );
    expect(lead.status).toBe(400);
    expect(lead.body.error.details.issues[0].field).toBe('body.leadCityCode');
    const [valid] = buildCreditCodes(1);
    const wrong = `${valid?.slice(0, 17)}${valid?.endsWith('0') ? '1' : '0'}`;
    const chainMaster = await province.post(
      '/api/clusters',
      buildClusterInput({ code: 'SD-C-0099', chainMasterCreditCodes: [wrong] }),
    );
    expect(chainMaster.status).toBe(400);
    expect(chainMaster.body.error.details.issues[0].field).toBe('body.chainMasterCreditCodes.0');
    expect(chainMaster.body.error.message).toContain('校验位');
    const unknownCity = await province.post(
      '/api/clusters',
      buildClusterInput({ code: 'SD-C-0099', cityCodes: ['370700', '110100'] }),
    );
    expect(unknownCity.status).toBe(400);
    expect(unknownCity.body.error.details.issues[0].field).toBe('body.cityCodes');
    const taken = await province.post('/api/clusters', buildClusterInput({ code: 'SD-C-0001' }));
    expect(taken.status).toBe(409);
  });
});

describe('clusters: scope', () => {
  it('a Weifang city user sees the Weifang cluster and the cross-city 济青枣潍 one, nothing else', async () => {
    const list = await weifang.get('/api/clusters');
    expect(codes(list.body)).toEqual(['SD-C-0001', 'SD-C-0004']);
    expect(list.body.total).toBe(2);
    expect((await weifang.get('/api/clusters/SD-C-0004')).status).toBe(200);
  });

  it('the cross-city 青烟威 cluster is visible to Qingdao; outside the scope is 404, like a missing code', async () => {
    expect(codes((await qingdao.get('/api/clusters')).body)).toEqual(['SD-C-0002', 'SD-C-0003']);
    const outside = await weifang.get('/api/clusters/SD-C-0003');
    const missing = await weifang.get('/api/clusters/SD-C-9999');
    expect(outside.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(outside.body.error.code).toBe('not_found');
  });

  it('a department sees every cluster but may not write (403); admin and auditor may not read (403)', async () => {
    expect((await department.get('/api/clusters')).body.total).toBe(4);
    expect((await department.post('/api/clusters', buildClusterInput({ code: 'SD-C-0098' }))).status).toBe(
      403,
    );
    expect((await weifang.patch('/api/clusters/SD-C-0001', { version: 1, name: 'x' })).status).toBe(403);
    for (const username of ['admin', 'auditor']) {
      const system = client(t, await signIn(t.app, username, adminPassword));
      expect((await system.get('/api/clusters')).status).toBe(403);
      expect((await system.get('/api/clusters/SD-C-0001')).status).toBe(403);
    }
  });
});

describe('clusters: update with optimistic locking and history', () => {
  it('a tier change needs its effective date (400 naming body.changedOn)', async () => {
    const response = await province.patch('/api/clusters/SD-C-0004', { version: 1, tier: 'national' });
    expect(response.status).toBe(400);
    expect(response.body.error.details.issues[0].field).toBe('body.changedOn');
  });

  it('provincial → national and cultivating → recognised: version 1 → 2, two history entries with the document', async () => {
    const response = await province.patch('/api/clusters/SD-C-0004', {
      version: 1,
      tier: 'national',
      status: 'recognised',
      name: '济青枣潍高端化工产业集群',
      changedOn: '2025-03-01',
      documentNumber: '工信部规函〔2025〕3号',
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ version: 2, tier: 'national', status: 'recognised' });
    const changes = response.body.history.filter((entry: { field: string }) => entry.field !== 'created');
    expect(changes).toEqual([
      expect.objectContaining({ field: 'tier', from: 'provincial', to: 'national', changedOn: '2025-03-01' }),
      expect.objectContaining({ field: 'status', from: 'cultivating', to: 'recognised' }),
    ]);
    expect(
      changes.every((entry: { documentNumber: string }) => entry.documentNumber === '工信部规函〔2025〕3号'),
    ).toBe(true);
  });

  it('a second writer with the stale version 1 gets 409 with the current version 2, and nothing changes', async () => {
    const response = await province.patch('/api/clusters/SD-C-0004', { version: 1, name: 'stale' });
    expect(response.status).toBe(409);
    expect(response.body.error.details).toMatchObject({
      reason: 'stale_version',
      currentVersion: 2,
      sentVersion: 1,
    });
    expect((await province.get('/api/clusters/SD-C-0004')).body.name).toBe('济青枣潍高端化工产业集群');
  });

  it('audits the update inside its transaction with before and after', async () => {
    const [entry] = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'cluster.updated'), eq(auditLog.entityId, 'SD-C-0004')));
    expect(entry?.before).toMatchObject({ tier: 'provincial', version: 1 });
    expect(entry?.after).toMatchObject({ tier: 'national', version: 2 });
  });
});

describe('clusters: concurrent writers', () => {
  it('two updates sent at once with the same version: exactly one wins (200), the other gets 409', async () => {
    const { version } = (await province.get('/api/clusters/SD-C-0001')).body;
    const [first, second] = await Promise.all([
      province.patch('/api/clusters/SD-C-0001', { version, nameEn: 'Writer A' }),
      province.patch('/api/clusters/SD-C-0001', { version, nameEn: 'Writer B' }),
    ]);
    expect([first.status, second.status].sort()).toEqual([200, 409]);
    const after = (await province.get('/api/clusters/SD-C-0001')).body;
    expect(after.version).toBe(version + 1);
    expect(after.nameEn).toBe(first.status === 200 ? 'Writer A' : 'Writer B');
  });

  it('the audit chain still verifies after every registry write so far', async () => {
    expect(await verifyAuditChain(t.database.db)).toMatchObject({ ok: true });
  });
});

describe('clusters: soft delete', () => {
  it('needs the current version, then hides the cluster, keeps its history and never reuses its code', async () => {
    expect((await province.delete('/api/clusters/SD-C-0002?version=7')).status).toBe(409);
    const deleted = await province.delete('/api/clusters/SD-C-0002?version=1&documentNumber=X1');
    expect(deleted.status).toBe(204);
    expect((await province.get('/api/clusters/SD-C-0002')).status).toBe(404);
    expect(codes((await qingdao.get('/api/clusters')).body)).toEqual(['SD-C-0003']);
    const reuse = await province.post('/api/clusters', buildClusterInput({ code: 'SD-C-0002' }));
    expect(reuse.status).toBe(409);
    const audited = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'cluster.deleted'), eq(auditLog.entityId, 'SD-C-0002')));
    expect(audited).toHaveLength(1);
  });
});

describe('clusters: a promoting organisation keeps its own profile', () => {
  it('may rename its own cluster and list its chain masters, not change its tier (403) or touch another (404)', async () => {
    const own = buildClusterInput({ code: 'SD-C-0005', promotingOrganisationCode: 'cluster-org-demo' });
    expect((await province.post('/api/clusters', own)).status).toBe(201);
    const organisation = client(t, await signIn(t.app, 'demo-cluster'));
    const [chainMaster] = buildCreditCodes(1, 42);
    const renamed = await organisation.patch('/api/clusters/SD-C-0005', {
      version: 1,
      name: '潍坊动力装备产业集群',
      chainMasterCreditCodes: [chainMaster],
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ version: 2, chainMasterCreditCodes: [chainMaster] });
    const tier = await organisation.patch('/api/clusters/SD-C-0005', {
      version: 2,
      tier: 'world',
      changedOn: '2026-01-01',
    });
    expect(tier.status).toBe(403);
    expect(tier.body.error.details).toMatchObject({
      reason: 'field_not_editable',
      fields: ['tier', 'changedOn'],
    });
    expect((await organisation.patch('/api/clusters/SD-C-0001', { version: 1, name: 'x' })).status).toBe(404);
  });

  it('a promoting organisation that is not a registered cluster organisation is 400', async () => {
    const response = await province.post(
      '/api/clusters',
      buildClusterInput({ code: 'SD-C-0006', promotingOrganisationCode: 'dept-sti' }),
    );
    expect(response.status).toBe(400);
    expect(response.body.error.details.issues[0].field).toBe('body.promotingOrganisationCode');
  });
});

describe('OpenAPI', () => {
  it('describes the registry routes from the same zod schemas (enterprise body has creditCode)', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    const document = response.json() as {
      paths: Record<
        string,
        Record<string, { requestBody?: { content: Record<string, { schema: unknown }> } }>
      >;
    };
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/api/clusters',
        '/api/clusters/{code}',
        '/api/enterprises',
        '/api/enterprises/{creditCode}/memberships',
        '/api/designations',
      ]),
    );
    const body = document.paths['/api/enterprises']?.post?.requestBody?.content['application/json']?.schema;
    expect(body).toMatchObject({ properties: { creditCode: { type: 'string' } } });
  });
});
