/**
 * The expert pool and panel draws (issue 7, item 4; docs/recognition.md). A panel is drawn per stage
 * with a recorded seed (reproducible: @qunce/core/recognition drawPanel); each member is assigned every
 * eligible application except those they are recused from (city, member employer, declared conflict).
 */
import { AppError } from '@qunce/core';
import type { createExpertRequestSchema, drawPanelRequestSchema } from '@qunce/core/recognition';
import { assignPanel, drawPanel, type PoolExpert } from '@qunce/core/recognition';
import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db, DbOrTx } from '../../db/client.ts';
import {
  type ExpertRow,
  experts,
  recognitionAssignments,
  recognitionPanels,
  recognitionRounds,
  userRoles,
  users,
} from '../../db/schema/index.ts';
import { appendAudit } from '../audit/audit.service.ts';
import { chinaDate } from '../clusters/registry.scope.ts';
import type { Actor } from '../users/users.service.ts';
import {
  listApplicationRows,
  listClusterRowsOf,
  listExpertRows,
  listMemberCreditCodes,
  listPanelRows,
} from './recognition.repository.ts';
import { getRoundRow, type RoundStage, stageIndexOf } from './recognition.service.ts';

export function toExpertView(row: ExpertRow) {
  return {
    id: row.id,
    name: row.name,
    userId: row.userId,
    fields: row.fields,
    cityCode: row.cityCode,
    employerName: row.employerName,
    employerCreditCode: row.employerCreditCode,
    conflictClusterCodes: row.conflictClusterCodes,
    active: row.active,
    isDemo: row.isDemo,
  };
}

export const toPool = (row: ExpertRow): PoolExpert => ({
  id: row.id,
  fields: row.fields,
  cityCode: row.cityCode,
  employerCreditCode: row.employerCreditCode,
  conflictClusterCodes: row.conflictClusterCodes,
  active: row.active,
});

export async function listExperts(db: DbOrTx) {
  return { items: (await listExpertRows(db)).map(toExpertView) };
}

export async function createExpert(
  db: Db,
  input: z.infer<typeof createExpertRequestSchema>,
  actor: Actor,
  options: { isDemo?: boolean } = {},
) {
  let userId: string | null = null;
  if (input.username) {
    const [user] = await db.select({ id: users.id }).from(users).where(eq(users.username, input.username));
    if (!user)
      throw new AppError('invalid_input', `未知用户 / unknown user: ${input.username}`, {
        field: 'username',
      });
    const roleRows = await db
      .select({ role: userRoles.roleCode })
      .from(userRoles)
      .where(eq(userRoles.userId, user.id));
    if (!roleRows.some((r) => r.role === 'expert'))
      throw new AppError(
        'invalid_input',
        `该用户不是评审专家 / the user does not hold the expert role: ${input.username}`,
        {
          field: 'username',
        },
      );
    userId = user.id;
  }
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(experts)
      .values({
        name: input.name,
        userId,
        fields: input.fields,
        cityCode: input.cityCode,
        employerName: input.employerName ?? null,
        employerCreditCode: input.employerCreditCode ?? null,
        conflictClusterCodes: input.conflictClusterCodes,
        isDemo: options.isDemo ?? false,
        createdAt: actor.at,
        updatedAt: actor.at,
      })
      .onConflictDoNothing()
      .returning();
    if (!row)
      throw new AppError(
        'conflict',
        `该用户已在专家库中 / the user is already in the pool: ${input.username}`,
      );
    await appendAudit(tx, {
      ...actor,
      action: 'recognition.expert_added',
      entityType: 'expert',
      entityId: row.id,
      after: toExpertView(row),
    });
    return toExpertView(row);
  });
}

function toPanelView(row: typeof recognitionPanels.$inferSelect) {
  return {
    id: row.id,
    roundId: row.roundId,
    stageCode: row.stageCode,
    seed: row.seed,
    size: row.size,
    memberIds: row.memberIds,
    recusals: row.recusals as Array<{ expertId: string; applicationId: string; reasons: string[] }>,
    drawnAt: row.drawnAt.toISOString(),
    drawnBy: row.drawnBy,
  };
}

export async function listPanels(db: DbOrTx, roundId: string) {
  await getRoundRow(db, roundId);
  return { items: (await listPanelRows(db, roundId)).map(toPanelView) };
}

/** Draws the stage's panel with the given seed and assigns it the eligible applications. */
export async function drawStagePanel(
  db: Db,
  roundId: string,
  input: z.infer<typeof drawPanelRequestSchema>,
  actor: Actor,
) {
  const round = await getRoundRow(db, roundId);
  if (round.status !== 'open' && round.status !== 'reviewing')
    throw new AppError('locked', '评审已决定 / the round is decided', { status: round.status });
  const stage = (round.stages as RoundStage[]).find((s) => s.code === input.stageCode);
  if (!stage)
    throw new AppError('invalid_input', `未知阶段 / unknown stage: ${input.stageCode}`, {
      field: 'stageCode',
    });
  // the first stage reviews every eligible application, a later one those advanced to it
  const stageIndex = (round.stages as RoundStage[]).findIndex((s) => s.code === stage.code);
  const applications = (await listApplicationRows(db, roundId)).filter(
    (a) => a.status === 'eligible' && stageIndexOf(a, round.stages as RoundStage[]) >= stageIndex,
  );
  if (applications.length === 0)
    throw new AppError('rule_violated', '没有符合条件的申报 / no eligible application to review');
  const clusterRows = await listClusterRowsOf(
    db,
    applications.map((a) => a.clusterCode),
  );
  const members = await listMemberCreditCodes(
    db,
    clusterRows.map((c) => c.code),
    chinaDate(actor.at),
  );
  const pool = (await listExpertRows(db)).map(toPool);
  const panelIds = drawPanel(pool, {
    size: stage.panelSize,
    seed: input.seed,
    ...(input.fields ? { fields: input.fields } : {}),
  });
  if (panelIds.length < stage.panelSize)
    throw new AppError(
      'rule_violated',
      `专家库人数不足 / the pool has only ${panelIds.length} eligible experts for a panel of ${stage.panelSize}`,
      {
        available: panelIds.length,
        size: stage.panelSize,
      },
    );
  const panel = panelIds.map((id) => pool.find((e) => e.id === id)).filter((e) => e !== undefined);
  const applicants = applications.map((a) => {
    const cluster = clusterRows.find((c) => c.code === a.clusterCode);
    return {
      applicationId: a.id,
      clusterCode: a.clusterCode,
      cityCodes: cluster?.cityCodes ?? [],
      memberCreditCodes: members.get(a.clusterCode) ?? new Set<string>(),
    };
  });
  const { assignments, recusals } = assignPanel(panel, applicants);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(recognitionPanels)
      .values({
        roundId,
        stageCode: stage.code,
        seed: input.seed,
        size: stage.panelSize,
        memberIds: panelIds,
        recusals,
        drawnAt: actor.at,
        drawnBy: actor.actorName,
      })
      .onConflictDoNothing()
      .returning();
    if (!row)
      throw new AppError('conflict', `该阶段已抽取专家 / a panel was already drawn for stage ${stage.code}`);
    if (assignments.length > 0)
      await tx.insert(recognitionAssignments).values(
        assignments.map((a) => ({
          panelId: row.id,
          roundId,
          stageCode: stage.code,
          expertId: a.expertId,
          applicationId: a.applicationId,
        })),
      );
    await tx
      .update(recognitionRounds)
      .set({ status: 'reviewing', updatedAt: actor.at })
      .where(eq(recognitionRounds.id, roundId));
    const view = toPanelView(row);
    await appendAudit(tx, {
      ...actor,
      action: 'recognition.panel_drawn',
      entityType: 'recognition_panel',
      entityId: row.id,
      after: view,
    });
    const underStaffed = applicants
      .map((a) => ({
        applicationId: a.applicationId,
        experts: assignments.filter((x) => x.applicationId === a.applicationId).length,
      }))
      .filter((a) => a.experts < 3);
    return { ...view, assignments: assignments.length, underStaffed };
  });
}
