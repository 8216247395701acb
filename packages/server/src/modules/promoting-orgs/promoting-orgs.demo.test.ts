import { buildDemoPromotingOrgs } from '@qunce/core/demo';
import { count, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIdentityTestApp, type IdentityTestApp, signIn } from '../../../test/identity-fixtures.ts';
import { client } from '../../../test/registry-fixtures.ts';
import {
  clusterMemberships,
  clusters,
  enterprises,
  promotingActivities,
  promotingOrgMembers,
} from '../../db/schema/index.ts';
import { generateDemoSet } from '../demo/demo-load.service.ts';
import { seedPromotingOrgsDemo } from './promoting-orgs.demo.ts';

const data = generateDemoSet({ seed: 1, enterprises: 400, clusters: 30, years: 5, endYear: 2025 });
const built = buildDemoPromotingOrgs(data);
const at = new Date('2026-03-01T00:00:00Z');
let t: IdentityTestApp;

beforeAll(async () => {
  t = await buildIdentityTestApp();
  const db = t.database.db;
  const stamps = { createdAt: at, updatedAt: at };
  await db.insert(clusters).values(
    data.clusters.map((c) => ({
      code: c.code,
      name: c.name,
      nameEn: c.nameEn ?? null,
      leadIndustry: c.leadIndustry,
      tier: c.tier,
      cultivationTarget: c.cultivationTarget,
      status: c.status,
      cityCodes: c.cityCodes,
      leadCityCode: c.leadCityCode,
      promotingOrganisationCode: null,
      isDemo: c.isDemo,
      ...stamps,
    })),
  );
  await db.insert(enterprises).values(data.enterprises.map((e) => ({ ...e, isDemo: true, ...stamps })));
  await db.insert(clusterMemberships).values(data.memberships.map((m) => ({ ...m, ...stamps })));
});
afterAll(async () => {
  await t.close();
});

describe('promoting organisation demo data (400 enterprises, 30 clusters, 2021–2025)', () => {
  it('seeds one organisation per cluster with its members and activities, and points each cluster at it', async () => {
    const counts = await seedPromotingOrgsDemo(t.database.db, data, at);
    expect(counts).toEqual({
      organisations: data.clusters.length,
      members: built.members.length,
      activities: built.activities.length,
    });
    const [withoutOrg] = await t.database.db
      .select({ n: count() })
      .from(clusters)
      .where(isNull(clusters.promotingOrganisationCode));
    expect(withoutOrg?.n).toBe(0);
  });

  it('is idempotent: a second run adds nothing', async () => {
    expect(await seedPromotingOrgsDemo(t.database.db, data, at)).toEqual({
      organisations: 0,
      members: 0,
      activities: 0,
    });
    const [members] = await t.database.db.select({ n: count() }).from(promotingOrgMembers);
    const [activities] = await t.database.db.select({ n: count() }).from(promotingActivities);
    expect([members?.n, activities?.n]).toEqual([built.members.length, built.activities.length]);
  });

  it('the API serves them: 30 organisations, and every cluster held 2 to 4 activities in 2025', async () => {
    const province = client(t, await signIn(t.app, 'demo-province'));
    expect((await province.get('/api/promoting-organisations')).body.total).toBe(data.clusters.length);
    const counts = await province.get('/api/promoting-organisations/activity-counts?year=2025');
    expect(counts.body.items).toHaveLength(data.clusters.length);
    for (const item of counts.body.items as { count: number }[]) {
      expect(item.count).toBeGreaterThanOrEqual(2);
      expect(item.count).toBeLessThanOrEqual(4);
    }
  });
});
