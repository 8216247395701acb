/**
 * Demo seeding of the promoting organisations (called by the start-up demo load, demo-load.service.ts):
 * each generated organisation becomes an `organisations` row (type cluster_org), its profile, its
 * members and its activity log, and its cluster names it as promoting organisation. One short
 * transaction per organisation; an organisation already present is skipped, so a resumed or repeated
 * load changes nothing.
 */
import { buildDemoPromotingOrgs, type DemoData } from '@qunce/core/demo';
import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import {
  clusters,
  organisations,
  promotingActivities,
  promotingOrganisations,
  promotingOrgMembers,
} from '../../db/schema/index.ts';

export type PromotingOrgDemoCounts = { organisations: number; members: number; activities: number };

function* chunks<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

export async function seedPromotingOrgsDemo(
  db: Db,
  data: DemoData,
  at: Date,
): Promise<PromotingOrgDemoCounts> {
  const built = buildDemoPromotingOrgs(data);
  const counts: PromotingOrgDemoCounts = { organisations: 0, members: 0, activities: 0 };
  const stamps = { createdAt: at, updatedAt: at };
  for (const org of built.organisations) {
    const members = built.members.filter((m) => m.organisationCode === org.code);
    const activities = built.activities.filter((a) => a.organisationCode === org.code);
    await db.transaction(async (tx) => {
      await tx
        .insert(organisations)
        .values({
          code: org.code,
          name: org.name,
          type: 'cluster_org',
          regionCode: org.cityCode,
          policyUnit: null,
          sortOrder: 2000,
          createdAt: at,
        })
        .onConflictDoNothing();
      const inserted = await tx
        .insert(promotingOrganisations)
        .values({
          code: org.code,
          name: org.name,
          type: org.type,
          creditCode: org.creditCode,
          cityCode: org.cityCode,
          establishedOn: org.establishedOn,
          isDemo: true,
          ...stamps,
        })
        .onConflictDoNothing()
        .returning({ code: promotingOrganisations.code });
      if (inserted.length === 0) return;
      await tx
        .update(clusters)
        .set({ promotingOrganisationCode: org.code })
        .where(and(eq(clusters.code, org.clusterCode), isNull(clusters.promotingOrganisationCode)));
      for (const rows of chunks(members, 1000)) {
        await tx.insert(promotingOrgMembers).values(
          rows.map((m) => ({
            organisationCode: m.organisationCode,
            kind: m.kind,
            enterpriseCreditCode: m.enterpriseCreditCode,
            memberName: m.memberName,
            memberCreditCode: null,
            role: m.role,
            joinedOn: m.joinedOn,
            leftOn: m.leftOn,
            ...stamps,
          })),
        );
      }
      if (activities.length > 0) {
        await tx.insert(promotingActivities).values(activities.map((a) => ({ ...a, ...stamps })));
      }
      counts.organisations++;
      counts.members += members.length;
      counts.activities += activities.length;
    });
    // PGlite resolves queries as microtasks: one macrotask turn per organisation lets requests in.
    await new Promise((resolve) => setImmediate(resolve));
  }
  return counts;
}
