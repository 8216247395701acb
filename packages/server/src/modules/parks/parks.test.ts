import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildIdentityTestApp,
  buildUser,
  type IdentityTestApp,
  signIn,
} from '../../../test/identity-fixtures.ts';
import { buildClusterInput, type Client, client } from '../../../test/registry-fixtures.ts';

let t: IdentityTestApp;
let province: Client;
let weifang: Client;
let qingdao: Client;
let expert: Client;

const buildParkInput = (overrides: Record<string, unknown> = {}) => ({
  code: 'SD-P-0001',
  name: '潍坊高新技术产业开发区',
  cityCode: '370700',
  countyCode: '370705',
  level: 'national',
  ecoIndustrialStatus: 'national',
  fiveGCoverage: 'full',
  clusterCodes: ['SD-C-0001'],
  ...overrides,
});

beforeAll(async () => {
  t = await buildIdentityTestApp();
  await buildUser(t, { username: 'qingdao-city', role: 'city', organisationCode: 'city-370200' });
  province = client(t, await signIn(t.app, 'demo-province'));
  weifang = client(t, await signIn(t.app, 'demo-city'));
  qingdao = client(t, await signIn(t.app, 'qingdao-city', 'Test-Passw0rd!'));
  expert = client(t, await signIn(t.app, 'demo-expert'));
  expect((await province.post('/api/clusters', buildClusterInput({ code: 'SD-C-0001' }))).status).toBe(201);
  expect(
    (
      await province.post(
        '/api/clusters',
        buildClusterInput({
          code: 'SD-C-0002',
          cityCodes: ['370200'],
          leadCityCode: '370200',
          leadIndustry: 'smart-appliances',
        }),
      )
    ).status,
  ).toBe(201);
});
afterAll(async () => {
  await t.close();
});

describe('parks', () => {
  it('a city registers a park of its city; codes are never reused', async () => {
    const created = await weifang.post('/api/parks', buildParkInput());
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      code: 'SD-P-0001',
      ecoIndustrialStatus: 'national',
      clusterCodes: ['SD-C-0001'],
      version: 1,
    });
    expect((await province.post('/api/parks', buildParkInput())).status).toBe(409);
    const qingdaoPark = await qingdao.post(
      '/api/parks',
      buildParkInput({
        code: 'SD-P-0002',
        name: '青岛西海岸新区',
        cityCode: '370200',
        countyCode: null,
        clusterCodes: ['SD-C-0002'],
        fiveGCoverage: 'partial',
        ecoIndustrialStatus: 'none',
        level: 'provincial',
      }),
    );
    expect(qingdaoPark.status).toBe(201);
  });

  it('refuses a county of another city, unknown clusters (400) and another city (404)', async () => {
    expect(
      (await province.post('/api/parks', buildParkInput({ code: 'SD-P-0009', countyCode: '370211' }))).status,
    ).toBe(400);
    expect(
      (await province.post('/api/parks', buildParkInput({ code: 'SD-P-0009', clusterCodes: ['SD-C-9999'] })))
        .status,
    ).toBe(400);
    expect((await qingdao.post('/api/parks', buildParkInput({ code: 'SD-P-0009' }))).status).toBe(404);
    expect((await expert.get('/api/parks')).status).toBe(403);
  });

  it('lists with filters (eco-industrial status, 5G coverage, cluster served) and city scope', async () => {
    expect((await province.get('/api/parks?ecoIndustrialStatus=national')).body.total).toBe(1);
    expect((await province.get('/api/parks?fiveGCoverage=partial')).body.items[0].code).toBe('SD-P-0002');
    expect((await province.get('/api/parks?clusterCode=SD-C-0001')).body.total).toBe(1);
    expect(
      (await province.get('/api/parks?sort=-code')).body.items.map((p: { code: string }) => p.code),
    ).toEqual(['SD-P-0002', 'SD-P-0001']);
    expect((await weifang.get('/api/parks')).body.total).toBe(1);
    expect((await weifang.get('/api/parks/SD-P-0002')).status).toBe(404);
  });

  it('updates with optimistic locking and soft-deletes', async () => {
    const updated = await weifang.patch('/api/parks/SD-P-0001', {
      fiveGCoverage: 'partial',
      clusterCodes: [],
      version: 1,
    });
    expect(updated.body).toMatchObject({ fiveGCoverage: 'partial', clusterCodes: [], version: 2 });
    expect((await weifang.patch('/api/parks/SD-P-0001', { level: 'provincial', version: 1 })).status).toBe(
      409,
    );
    expect((await weifang.delete('/api/parks/SD-P-0001?version=2')).status).toBe(204);
    expect((await weifang.get('/api/parks/SD-P-0001')).status).toBe(404);
    expect((await province.post('/api/parks', buildParkInput())).status).toBe(409);
  });
});
