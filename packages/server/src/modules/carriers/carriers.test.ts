import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildIdentityTestApp,
  buildUser,
  type IdentityTestApp,
  signIn,
} from '../../../test/identity-fixtures.ts';
import { buildClusterInput, buildCreditCodes, type Client, client } from '../../../test/registry-fixtures.ts';
import { auditLog } from '../../db/schema/index.ts';

let t: IdentityTestApp;
let province: Client;
let weifang: Client;
let qingdao: Client;
let cluster: Client;
let expert: Client;

const [weichai, haier] = buildCreditCodes(2, 7, '370700') as [string, string];

const buildCarrierInput = (overrides: Record<string, unknown> = {}) => ({
  name: '国家内燃机产业计量测试中心',
  type: 'manufacturing-innovation-centre',
  level: 'national',
  hostCreditCode: weichai,
  hostName: '潍柴动力股份有限公司',
  cityCode: '370700',
  clusterCode: 'SD-C-0001',
  recognisedOn: '2023-06-01',
  documentNumber: '工信部科〔2023〕1号',
  ...overrides,
});

beforeAll(async () => {
  t = await buildIdentityTestApp();
  await buildUser(t, { username: 'qingdao-city', role: 'city', organisationCode: 'city-370200' });
  province = client(t, await signIn(t.app, 'demo-province'));
  weifang = client(t, await signIn(t.app, 'demo-city'));
  qingdao = client(t, await signIn(t.app, 'qingdao-city', 'Test-Passw0rd!'));
  cluster = client(t, await signIn(t.app, 'demo-cluster'));
  expert = client(t, await signIn(t.app, 'demo-expert'));
  expect((await province.post('/api/clusters', buildClusterInput({ code: 'SD-C-0001' }))).status).toBe(201);
});
afterAll(async () => {
  await t.close();
});

describe('innovation carriers', () => {
  let id = '';

  it('a city registers a carrier in its city; the natural key (name + host) is unique', async () => {
    const created = await weifang.post('/api/carriers', buildCarrierInput());
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ level: 'national', clusterCode: 'SD-C-0001', version: 1 });
    id = created.body.id;
    expect((await province.post('/api/carriers', buildCarrierInput())).status).toBe(409);
    const sameNameOtherHost = await province.post(
      '/api/carriers',
      buildCarrierInput({ hostCreditCode: haier, clusterCode: null }),
    );
    expect(sameNameOtherHost.status).toBe(201);
    const audit = await t.database.db.select().from(auditLog).where(eq(auditLog.action, 'carrier.created'));
    expect(audit).toHaveLength(2);
  });

  it('refuses an invalid credit code, unknown city or cluster (400) and another city (404)', async () => {
    expect(
      (await province.post('/api/carriers', buildCarrierInput({ hostCreditCode: '91370700MA3C0000X0' })))
        .status,
    ).toBe(400);
    expect(
      (await province.post('/api/carriers', buildCarrierInput({ name: 'x', cityCode: '379900' }))).status,
    ).toBe(400);
    expect(
      (await province.post('/api/carriers', buildCarrierInput({ name: 'y', clusterCode: 'SD-C-9999' })))
        .status,
    ).toBe(400);
    expect((await qingdao.post('/api/carriers', buildCarrierInput({ name: 'z' }))).status).toBe(404);
  });

  it('lists with filters and scope: Weifang and its cluster organisation see theirs, Qingdao none', async () => {
    const all = await province.get('/api/carriers?type=manufacturing-innovation-centre&sort=-updatedAt');
    expect(all.body.total).toBe(2);
    expect((await province.get('/api/carriers?clusterCode=SD-C-0001')).body.total).toBe(1);
    expect((await weifang.get('/api/carriers')).body.total).toBe(2);
    expect((await qingdao.get('/api/carriers')).body.total).toBe(0);
    expect((await qingdao.get(`/api/carriers/${id}`)).status).toBe(404);
    expect((await expert.get('/api/carriers')).status).toBe(403);
    expect((await cluster.post('/api/carriers', buildCarrierInput({ name: 'w' }))).status).toBe(403);
  });

  it('updates with optimistic locking and soft-deletes (gone from lists, kept for the audit trail)', async () => {
    const updated = await weifang.patch(`/api/carriers/${id}`, { level: 'provincial', version: 1 });
    expect(updated.body).toMatchObject({ level: 'provincial', version: 2 });
    expect((await weifang.patch(`/api/carriers/${id}`, { level: 'national', version: 1 })).status).toBe(409);
    expect((await qingdao.patch(`/api/carriers/${id}`, { level: 'national', version: 2 })).status).toBe(404);
    expect((await weifang.delete(`/api/carriers/${id}?version=1`)).status).toBe(409);
    expect((await weifang.delete(`/api/carriers/${id}?version=2`)).status).toBe(204);
    expect((await province.get(`/api/carriers/${id}`)).status).toBe(404);
    expect((await province.get('/api/carriers')).body.total).toBe(1);
    // The natural key is free again after the delete.
    expect((await weifang.post('/api/carriers', buildCarrierInput())).status).toBe(201);
  });
});
