/**
 * Upgrades and action plans (issue 7, item 7; docs/recognition.md). A provincial cluster applies for
 * national candidacy, a national one for world class; the province endorses (recommends upward),
 * rejects, or records the grant, which changes the tier with a history row and its document number.
 * National clusters keep a three-year action plan whose milestones are tracked like tasks (overdue when
 * not done by the due date).
 */
import { AppError } from '@qunce/core';
import type {
  actionPlanRequestSchema,
  milestoneUpdateSchema,
  upgradeDecisionSchema,
  upgradeRequestSchema,
} from '@qunce/core/recognition';
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db, DbOrTx } from '../../db/client.ts';
import {
  actionPlanMilestones,
  actionPlans,
  type ClusterRow,
  clusters,
  upgradeApplications,
} from '../../db/schema/index.ts';
import { appendAudit } from '../audit/audit.service.ts';
import type { SessionUser } from '../auth/auth.hooks.ts';
import { insertClusterHistory } from '../clusters/clusters.repository.ts';
import { chinaDate, isClusterInScope, notFound, registryScopeOf } from '../clusters/registry.scope.ts';
import type { Actor } from '../users/users.service.ts';
import { isManager } from './recognition.service.ts';

/** The tier each tier may apply for. */
export const upgradePaths: Record<string, string> = { provincial: 'national', national: 'world' };

async function clusterInScope(db: DbOrTx, user: SessionUser, code: string): Promise<ClusterRow> {
  const [c] = await db.select().from(clusters).where(eq(clusters.code, code));
  if (!c || c.deletedAt !== null || !(isManager(user) || isClusterInScope(registryScopeOf(user), c)))
    throw notFound(`cluster ${code}`);
  return c;
}

function toUpgradeView(row: typeof upgradeApplications.$inferSelect) {
  return {
    id: row.id,
    clusterCode: row.clusterCode,
    fromTier: row.fromTier,
    toTier: row.toTier,
    year: row.year,
    statement: row.statement,
    status: row.status,
    decisionNote: row.decisionNote,
    documentNumber: row.documentNumber,
    submittedAt: row.submittedAt.toISOString(),
    decidedAt: row.decidedAt?.toISOString() ?? null,
  };
}

export async function applyForUpgrade(
  db: Db,
  user: SessionUser,
  input: z.infer<typeof upgradeRequestSchema>,
  actor: Actor,
) {
  const cluster = await clusterInScope(db, user, input.clusterCode);
  const toTier = upgradePaths[cluster.tier];
  if (!toTier)
    throw new AppError(
      'rule_violated',
      `${cluster.tier} 级集群不能申请升级 / a ${cluster.tier} cluster cannot apply for an upgrade`,
      {
        tier: cluster.tier,
      },
    );
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(upgradeApplications)
      .values({
        clusterCode: cluster.code,
        fromTier: cluster.tier,
        toTier,
        year: input.year,
        statement: input.statement ?? null,
        status: 'submitted',
        submittedAt: actor.at,
        submittedBy: actor.actorName,
      })
      .returning();
    if (!row) throw new AppError('internal', 'upgrade not stored');
    await appendAudit(tx, {
      ...actor,
      action: 'recognition.upgrade_applied',
      entityType: 'upgrade_application',
      entityId: row.id,
      after: toUpgradeView(row),
    });
    return toUpgradeView(row);
  });
}

export async function listUpgrades(db: DbOrTx, user: SessionUser) {
  const rows = await db.select().from(upgradeApplications).orderBy(asc(upgradeApplications.submittedAt));
  const codes = [...new Set(rows.map((r) => r.clusterCode))];
  const clusterRows =
    codes.length > 0 ? await db.select().from(clusters).where(inArray(clusters.code, codes)) : [];
  const scope = registryScopeOf(user);
  const visible = rows.filter((r) => {
    if (isManager(user)) return true;
    const c = clusterRows.find((x) => x.code === r.clusterCode);
    return c !== undefined && isClusterInScope(scope, c);
  });
  return { items: visible.map(toUpgradeView) };
}

export async function decideUpgrade(
  db: Db,
  id: string,
  input: z.infer<typeof upgradeDecisionSchema>,
  actor: Actor,
) {
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(upgradeApplications).where(eq(upgradeApplications.id, id));
    if (!row) throw notFound(`upgrade application ${id}`);
    if (row.status === 'granted' || row.status === 'rejected')
      throw new AppError('conflict', '该申请已办结 / the application is closed', { status: row.status });
    if (input.status === 'granted' && !input.documentNumber)
      throw new AppError('invalid_input', '认定须有文号 / a grant needs the document number', {
        field: 'documentNumber',
      });
    const [updated] = await tx
      .update(upgradeApplications)
      .set({
        status: input.status,
        decisionNote: input.note,
        documentNumber: input.documentNumber ?? null,
        decidedAt: actor.at,
        decidedBy: actor.actorName,
      })
      .where(eq(upgradeApplications.id, id))
      .returning();
    if (!updated) throw notFound(`upgrade application ${id}`);
    if (input.status === 'granted') {
      const [c] = await tx.select().from(clusters).where(eq(clusters.code, row.clusterCode));
      if (!c) throw notFound(`cluster ${row.clusterCode}`);
      await tx
        .update(clusters)
        .set({ tier: row.toTier as ClusterRow['tier'], version: c.version + 1, updatedAt: actor.at })
        .where(eq(clusters.code, c.code));
      await insertClusterHistory(tx, [
        {
          clusterCode: c.code,
          changedOn: input.decidedOn ?? chinaDate(actor.at),
          field: 'tier',
          fromValue: c.tier,
          toValue: row.toTier,
          documentNumber: input.documentNumber ?? null,
          recordedAt: actor.at,
          recordedBy: actor.actorName,
        },
      ]);
    }
    await appendAudit(tx, {
      ...actor,
      action: 'recognition.upgrade_decided',
      entityType: 'upgrade_application',
      entityId: id,
      before: toUpgradeView(row),
      after: toUpgradeView(updated),
    });
    return toUpgradeView(updated);
  });
}

type MilestoneRow = typeof actionPlanMilestones.$inferSelect;
const toMilestoneView = (m: MilestoneRow, today: string) => ({
  id: m.id,
  title: m.title,
  dueOn: m.dueOn,
  status: m.status,
  overdue: m.status !== 'done' && m.dueOn < today,
  progressNote: m.progressNote,
  updatedAt: m.updatedAt.toISOString(),
});

export async function createActionPlan(
  db: Db,
  user: SessionUser,
  input: z.infer<typeof actionPlanRequestSchema>,
  actor: Actor,
) {
  const cluster = await clusterInScope(db, user, input.clusterCode);
  if (cluster.tier !== 'national')
    throw new AppError(
      'rule_violated',
      '三年行动计划仅适用于国家级集群 / action plans are for national clusters',
      { tier: cluster.tier },
    );
  const endYear = input.startYear + 2;
  const outside = input.milestones.filter(
    (m) => m.dueOn < `${input.startYear}-01-01` || m.dueOn > `${endYear}-12-31`,
  );
  if (outside.length > 0)
    throw new AppError(
      'invalid_input',
      `里程碑须在 ${input.startYear}–${endYear} 年内 / milestones must fall within the plan's three years`,
      {
        field: 'milestones',
      },
    );
  return db.transaction(async (tx) => {
    const [plan] = await tx
      .insert(actionPlans)
      .values({
        clusterCode: cluster.code,
        startYear: input.startYear,
        endYear,
        title: input.title,
        createdAt: actor.at,
        createdBy: actor.actorName,
      })
      .onConflictDoNothing()
      .returning();
    if (!plan) throw new AppError('conflict', '该期行动计划已存在 / a plan for these years exists');
    const milestones = await tx
      .insert(actionPlanMilestones)
      .values(
        input.milestones.map((m) => ({
          planId: plan.id,
          title: m.title,
          dueOn: m.dueOn,
          status: 'planned' as const,
          updatedAt: actor.at,
          updatedBy: actor.actorName,
        })),
      )
      .returning();
    await appendAudit(tx, {
      ...actor,
      action: 'recognition.action_plan_created',
      entityType: 'action_plan',
      entityId: plan.id,
      after: { ...input, endYear },
    });
    const today = chinaDate(actor.at);
    return {
      ...plan,
      createdAt: plan.createdAt.toISOString(),
      milestones: milestones.map((m) => toMilestoneView(m, today)),
    };
  });
}

export async function listActionPlans(db: DbOrTx, user: SessionUser, clusterCode: string, at: Date) {
  await clusterInScope(db, user, clusterCode);
  const plans = await db
    .select()
    .from(actionPlans)
    .where(eq(actionPlans.clusterCode, clusterCode))
    .orderBy(asc(actionPlans.startYear));
  const today = chinaDate(at);
  const items = [];
  for (const p of plans) {
    const ms = await db
      .select()
      .from(actionPlanMilestones)
      .where(eq(actionPlanMilestones.planId, p.id))
      .orderBy(asc(actionPlanMilestones.dueOn));
    items.push({
      ...p,
      createdAt: p.createdAt.toISOString(),
      milestones: ms.map((m) => toMilestoneView(m, today)),
    });
  }
  return { items };
}

export async function updateMilestone(
  db: Db,
  user: SessionUser,
  id: string,
  input: z.infer<typeof milestoneUpdateSchema>,
  actor: Actor,
) {
  const [m] = await db.select().from(actionPlanMilestones).where(eq(actionPlanMilestones.id, id));
  if (!m) throw notFound(`milestone ${id}`);
  const [plan] = await db.select().from(actionPlans).where(eq(actionPlans.id, m.planId));
  if (!plan) throw notFound(`milestone ${id}`);
  await clusterInScope(db, user, plan.clusterCode);
  return db.transaction(async (tx) => {
    const [updated] = await tx
      .update(actionPlanMilestones)
      .set({
        status: input.status,
        progressNote: input.progressNote ?? m.progressNote,
        updatedAt: actor.at,
        updatedBy: actor.actorName,
      })
      .where(and(eq(actionPlanMilestones.id, id)))
      .returning();
    if (!updated) throw notFound(`milestone ${id}`);
    await appendAudit(tx, {
      ...actor,
      action: 'recognition.milestone_updated',
      entityType: 'action_plan_milestone',
      entityId: id,
      before: m,
      after: updated,
    });
    return toMilestoneView(updated, chinaDate(actor.at));
  });
}
