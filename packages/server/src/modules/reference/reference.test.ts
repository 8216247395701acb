import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adminPassword,
  buildIdentityTestApp,
  type IdentityTestApp,
  signIn,
} from '../../../test/identity-fixtures.ts';

let t: IdentityTestApp;
beforeAll(async () => {
  t = await buildIdentityTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('GET /api/reference/regions', () => {
  it('山东省 with 16 cities in GB/T 2260 order; 潍坊 in the Jiaodong circle; circles of 7 + 5 + 4 cities', async () => {
    const session = await signIn(t.app, 'demo-expert');
    const response = await t.app.inject({
      method: 'GET',
      url: '/api/reference/regions',
      headers: { cookie: session.cookie },
    });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.province).toEqual({ code: '370000', name: '山东省', nameEn: 'Shandong' });
    expect(body.cities).toHaveLength(16);
    expect(body.cities[0]).toMatchObject({
      code: '370100',
      name: '济南市',
      isHeart: true,
      circleCodes: ['provincial-capital'],
    });
    expect(body.cities.find((c: { code: string }) => c.code === '370700')).toMatchObject({
      shortName: '潍坊',
      isHeart: false,
      circleCodes: ['jiaodong'],
    });
    expect(body.circles.map((c: { cityCodes: string[] }) => c.cityCodes.length)).toEqual([7, 5, 4]);
  });

  it('needs a session (401) but no business permission: the auditor may read it too', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/reference/regions' })).statusCode).toBe(401);
    const auditor = await signIn(t.app, 'auditor', adminPassword);
    const response = await t.app.inject({
      method: 'GET',
      url: '/api/reference/regions',
      headers: { cookie: auditor.cookie },
    });
    expect(response.statusCode).toBe(200);
  });
});
