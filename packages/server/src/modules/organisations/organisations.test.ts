import { policyUnitCodes } from '@qunce/core';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adminPassword,
  buildIdentityTestApp,
  type IdentityTestApp,
  signIn,
} from '../../../test/identity-fixtures.ts';
import { auditLog, economicCircleCities, organisations, regions } from '../../db/schema/index.ts';
import { seedReferenceData } from '../reference/reference.seed.ts';
import { seedOrganisations } from './organisations.seed.ts';

let t: IdentityTestApp;
beforeAll(async () => {
  t = await buildIdentityTestApp();
});
afterAll(async () => {
  await t.close();
});

const get = (url: string, cookie: string) => t.app.inject({ method: 'GET', url, headers: { cookie } });

describe('reference data and organisations seed', () => {
  it('1 province + 16 cities, 3 circles covering 7 + 5 + 4 = 16 cities; Jinan and Qingdao are the two hearts', async () => {
    const db = t.database.db;
    expect(await db.select({ n: count() }).from(regions).where(eq(regions.level, 'city'))).toEqual([
      { n: 16 },
    ]);
    expect(await db.select({ n: count() }).from(regions).where(eq(regions.level, 'province'))).toEqual([
      { n: 1 },
    ]);
    expect(await db.select({ n: count() }).from(economicCircleCities)).toEqual([{ n: 16 }]);
    const hearts = await db.select({ code: regions.code }).from(regions).where(eq(regions.isHeart, true));
    expect(hearts.map((h) => h.code).sort()).toEqual(['370100', '370200']);
  });

  it('16 responsible units with their stable codes and 16 city bureaus; seeding twice changes nothing', async () => {
    const db = t.database.db;
    const before = await db.select().from(organisations).orderBy(organisations.code);
    await seedReferenceData(db);
    await seedOrganisations(db);
    const after = await db.select().from(organisations).orderBy(organisations.code);
    expect(after).toEqual(before);
    const units = after.filter((org) => org.policyUnit !== null);
    expect(units).toHaveLength(16);
    for (const org of units)
      expect(policyUnitCodes[org.policyUnit as keyof typeof policyUnitCodes]).toBe(org.code);
    expect(after.filter((org) => org.type === 'city')).toHaveLength(16);
    expect(after.find((org) => org.code === 'dept-miit')?.type).toBe('province');
    expect(after.find((org) => org.code === 'dept-sti')?.name).toBe('省科技厅');
  });
});

describe('scope: reads outside the scope answer 404, actions outside the role 403', () => {
  it('demo-city (潍坊) lists provincial bodies and its own city bureau, not other cities’', async () => {
    const session = await signIn(t.app, 'demo-city');
    const response = await get('/api/organisations?type=city', session.cookie);
    expect(response.statusCode).toBe(200);
    expect(response.json().items.map((org: { code: string }) => org.code)).toEqual(['city-370700']);
    const all = (await get('/api/organisations', session.cookie)).json().items as { code: string }[];
    expect(all.some((org) => org.code === 'dept-sti')).toBe(true);
    expect(all.some((org) => org.code === 'city-370100')).toBe(false);
  });

  it('demo-city reads its own bureau (200) but gets 404 for Jinan’s, the same as for a missing code', async () => {
    const session = await signIn(t.app, 'demo-city');
    expect((await get('/api/organisations/city-370700', session.cookie)).statusCode).toBe(200);
    const other = await get('/api/organisations/city-370100', session.cookie);
    const missing = await get('/api/organisations/no-such-org', session.cookie);
    expect(other.statusCode).toBe(404);
    expect(missing.statusCode).toBe(404);
    expect(other.json().error.code).toBe('not_found');
  });

  it('demo-city may not register a cluster organisation: 403, audited with the permission', async () => {
    const session = await signIn(t.app, 'demo-city');
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/organisations',
      headers: session.headers,
      payload: { code: 'weifang-new-org', name: '潍坊新集群促进会', regionCode: '370700' },
    });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.details).toEqual({ permission: 'organisations.manage' });
    const [denial] = await t.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'access.denied'))
      .orderBy(auditLog.seq);
    expect(denial).toMatchObject({
      actorName: 'demo-city',
      entityId: 'POST /api/organisations',
      outcome: 'denied',
    });
  });

  it('demo-province registers one (201, audited with its after-image); the city then sees it, a Jinan user does not', async () => {
    const session = await signIn(t.app, 'demo-province');
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/organisations',
      headers: session.headers,
      payload: { code: 'weifang-agri-machinery', name: '潍坊农机装备集群促进会', regionCode: '370700' },
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({
      code: 'weifang-agri-machinery',
      type: 'cluster_org',
      regionCode: '370700',
    });
    const [created] = await t.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.entityId, 'weifang-agri-machinery'));
    expect(created).toMatchObject({ action: 'organisation.created', actorName: 'demo-province' });
    expect(created?.after).toMatchObject({ name: '潍坊农机装备集群促进会' });

    const city = await signIn(t.app, 'demo-city');
    expect((await get('/api/organisations/weifang-agri-machinery', city.cookie)).statusCode).toBe(200);

    const again = await t.app.inject({
      method: 'POST',
      url: '/api/organisations',
      headers: session.headers,
      payload: { code: 'weifang-agri-machinery', name: '重复', regionCode: '370700' },
    });
    expect(again.statusCode).toBe(409);
    const badCity = await t.app.inject({
      method: 'POST',
      url: '/api/organisations',
      headers: session.headers,
      payload: { code: 'nowhere-org', name: '无处', regionCode: '999900' },
    });
    expect(badCity.statusCode).toBe(400);
  });

  it('demo-cluster sees its own organisation; demo-expert may not read the directory (403)', async () => {
    const cluster = await signIn(t.app, 'demo-cluster');
    expect((await get('/api/organisations/cluster-org-demo', cluster.cookie)).statusCode).toBe(200);
    expect((await get('/api/organisations/city-370700', cluster.cookie)).statusCode).toBe(404);
    const expert = await signIn(t.app, 'demo-expert');
    expect((await get('/api/organisations', expert.cookie)).statusCode).toBe(403);
  });
});

describe('three-role separation', () => {
  it('admin, secadmin and auditor cannot read business data (403)', async () => {
    for (const username of ['admin', 'secadmin', 'auditor']) {
      const session = await signIn(t.app, username, adminPassword);
      const response = await get('/api/organisations', session.cookie);
      expect(response.statusCode, username).toBe(403);
    }
  });

  it('the auditor cannot write: creating a user, locking one, registering an organisation → 403', async () => {
    const auditor = await signIn(t.app, 'auditor', adminPassword);
    const writes = [
      {
        url: '/api/users',
        payload: { username: 'sneaky', displayName: 'x', roles: ['city'], organisationCode: 'city-370700' },
      },
      { url: `/api/users/${auditor.userId}/lock`, payload: {} },
      { url: '/api/organisations', payload: { code: 'auditor-org', name: '审计组织', regionCode: '370700' } },
    ];
    for (const write of writes) {
      const response = await t.app.inject({
        method: 'POST',
        url: write.url,
        headers: auditor.headers,
        payload: write.payload,
      });
      expect(response.statusCode, write.url).toBe(403);
    }
    expect((await get('/api/audit', auditor.cookie)).statusCode).toBe(200);
  });
});
