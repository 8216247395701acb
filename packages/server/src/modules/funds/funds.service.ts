/**
 * Support funds (issue 7, item 8; docs/recognition.md): allocations by year to a cluster, a promoting
 * organisation or a named project (optionally of a cluster), in 万元 with two decimals, and totals by
 * city and by tier. An allocation counts toward its cluster's lead city and current tier; one to an
 * organisation without a cluster counts toward the organisation's city and the tier "unattributed".
 * Sums are taken in integer cents so that totals are exact.
 */
import { AppError } from '@qunce/core';
import type { fundAllocationRequestSchema } from '@qunce/core/recognition';
import { and, asc, eq, inArray, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db, DbOrTx } from '../../db/client.ts';
import {
  type ClusterRow,
  clusters,
  type FundAllocationRow,
  fundAllocations,
  organisations,
} from '../../db/schema/index.ts';
import { appendAudit } from '../audit/audit.service.ts';
import type { SessionUser } from '../auth/auth.hooks.ts';
import { isClusterInScope, registryScopeOf } from '../clusters/registry.scope.ts';
import type { Actor } from '../users/users.service.ts';

type Input = z.infer<typeof fundAllocationRequestSchema>;

const invalid = (field: string, message: string) => new AppError('invalid_input', message, { field });

function toView(row: FundAllocationRow) {
  return {
    id: row.id,
    year: row.year,
    recipientKind: row.recipientKind,
    clusterCode: row.clusterCode,
    organisationCode: row.organisationCode,
    projectName: row.projectName,
    amount: Number(row.amount),
    purpose: row.purpose,
    documentNumber: row.documentNumber,
    roundId: row.roundId,
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdBy,
  };
}

export async function createAllocation(db: Db, input: Input, actor: Actor) {
  if (input.recipientKind === 'cluster' && !input.clusterCode)
    throw invalid('clusterCode', '拨付到集群须指明集群 / a cluster allocation needs the cluster');
  if (input.recipientKind === 'organisation' && !input.organisationCode)
    throw invalid(
      'organisationCode',
      '拨付到促进组织须指明组织 / an organisation allocation needs the organisation',
    );
  if (input.recipientKind === 'project' && !input.projectName)
    throw invalid('projectName', '项目拨付须有项目名称 / a project allocation needs the project name');
  if (input.clusterCode) {
    const [c] = await db
      .select({ code: clusters.code })
      .from(clusters)
      .where(eq(clusters.code, input.clusterCode));
    if (!c) throw invalid('clusterCode', `未知集群 / unknown cluster: ${input.clusterCode}`);
  }
  if (input.organisationCode) {
    const [o] = await db
      .select({ code: organisations.code })
      .from(organisations)
      .where(eq(organisations.code, input.organisationCode));
    if (!o) throw invalid('organisationCode', `未知组织 / unknown organisation: ${input.organisationCode}`);
  }
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(fundAllocations)
      .values({
        year: input.year,
        recipientKind: input.recipientKind,
        clusterCode: input.clusterCode ?? null,
        organisationCode: input.organisationCode ?? null,
        projectName: input.projectName ?? null,
        amount: input.amount.toFixed(2),
        purpose: input.purpose ?? null,
        documentNumber: input.documentNumber ?? null,
        roundId: input.roundId ?? null,
        createdAt: actor.at,
        createdBy: actor.actorName,
      })
      .returning();
    if (!row) throw new AppError('internal', 'allocation not stored');
    await appendAudit(tx, {
      ...actor,
      action: 'funds.allocated',
      entityType: 'fund_allocation',
      entityId: row.id,
      after: toView(row),
    });
    return toView(row);
  });
}

async function rowsInScope(db: DbOrTx, user: SessionUser, year?: number) {
  const conditions: SQL[] = year === undefined ? [] : [eq(fundAllocations.year, year)];
  const rows = await db
    .select()
    .from(fundAllocations)
    .where(and(...conditions))
    .orderBy(asc(fundAllocations.year), asc(fundAllocations.createdAt));
  const clusterCodes = [...new Set(rows.map((r) => r.clusterCode).filter((c): c is string => c !== null))];
  const clusterRows: ClusterRow[] =
    clusterCodes.length > 0
      ? await db.select().from(clusters).where(inArray(clusters.code, clusterCodes))
      : [];
  const byCode = new Map(clusterRows.map((c) => [c.code, c]));
  const orgCodes = [...new Set(rows.map((r) => r.organisationCode).filter((c): c is string => c !== null))];
  const orgRows =
    orgCodes.length > 0
      ? await db
          .select({ code: organisations.code, regionCode: organisations.regionCode })
          .from(organisations)
          .where(inArray(organisations.code, orgCodes))
      : [];
  const orgCity = new Map(orgRows.map((o) => [o.code, o.regionCode]));
  const scope = registryScopeOf(user);
  const visible = rows.filter((r) => {
    if (scope.kind === 'all') return true;
    const c = r.clusterCode ? byCode.get(r.clusterCode) : undefined;
    if (c) return isClusterInScope(scope, c);
    if (scope.kind === 'organisation') return r.organisationCode === scope.organisationCode;
    if (scope.kind === 'cities')
      return r.organisationCode !== null && scope.cityCodes.includes(orgCity.get(r.organisationCode) ?? '');
    return false;
  });
  return { visible, byCode, orgCity };
}

export async function listAllocations(db: DbOrTx, user: SessionUser, year?: number) {
  return { items: (await rowsInScope(db, user, year)).visible.map(toView) };
}

const cents = (amount: string) => Math.round(Number(amount) * 100);

/** Totals in 万元 by city and by tier (and overall) of the allocations in the user's scope. */
export async function fundTotals(db: DbOrTx, user: SessionUser, year?: number) {
  const { visible, byCode, orgCity } = await rowsInScope(db, user, year);
  const byCity = new Map<string, number>();
  const byTier = new Map<string, number>();
  let total = 0;
  for (const r of visible) {
    const c = r.clusterCode ? byCode.get(r.clusterCode) : undefined;
    const city =
      c?.leadCityCode ?? (r.organisationCode ? orgCity.get(r.organisationCode) : undefined) ?? 'unattributed';
    const tier = c?.tier ?? 'unattributed';
    const v = cents(r.amount);
    byCity.set(city, (byCity.get(city) ?? 0) + v);
    byTier.set(tier, (byTier.get(tier) ?? 0) + v);
    total += v;
  }
  const sorted = (m: Map<string, number>) =>
    [...m.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([k, v]) => [k, v / 100] as const);
  return {
    year: year ?? null,
    total: total / 100,
    allocations: visible.length,
    byCity: sorted(byCity).map(([cityCode, amount]) => ({ cityCode, amount })),
    byTier: sorted(byTier).map(([tier, amount]) => ({ tier, amount })),
  };
}
