/**
 * Recognition rounds (赛马; issue 7, items 3–5; docs/recognition.md): open a round, apply, check
 * eligibility, draw panels with recusal, blind expert scoring, the combined ranking with the quota line,
 * decision, public notice in working days, objections and the final recognition that changes the
 * cluster's tier (history row with the document number: the triennial review clock starts there).
 *
 * Visibility: the province (recognition.manage) sees everything; an applicant (cluster promoting
 * organisation, city bureau) only the applications of clusters in its scope and their own ranking rows;
 * an expert only the applications assigned to them and only their own score sheets. Anything else is 404.
 */
import { AppError } from '@qunce/core';
import { canonicalJson, sha256Hex } from '@qunce/core/evaluation';
import type {
  answerObjectionRequestSchema,
  applyRequestSchema,
  CreateRoundRequest,
  correctScoreRequestSchema,
  decideRequestSchema,
  noticeRequestSchema,
  objectionRequestSchema,
  recogniseRequestSchema,
  scoreRequestSchema,
  updateRoundRequestSchema,
} from '@qunce/core/recognition';
import {
  type ApplicationView,
  type AspectDefinition,
  checkAspectSheet,
  checkEligibility,
  defaultAspects,
  type EligibilityResult,
  type EligibilityRules,
  type Ranking,
  type RankingInput,
  type RoundView,
  rankApplications,
  type ScoreView,
  toHundred,
} from '@qunce/core/recognition';
import { eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db, DbOrTx } from '../../db/client.ts';
import {
  type ClusterRow,
  clusters,
  type RecognitionApplicationRow,
  type RecognitionRoundRow,
  type RecognitionScoreRow,
  recognitionApplications,
  recognitionObjections,
  recognitionRounds,
  recognitionScores,
} from '../../db/schema/index.ts';
import { findAttachment, findAttachmentContent } from '../attachments/attachments.repository.ts';
import { getReadableAttachment } from '../attachments/attachments.service.ts';
import { appendAudit } from '../audit/audit.service.ts';
import type { SessionUser } from '../auth/auth.hooks.ts';
import { endOfWorkingDaysOn, seedHolidayCalendar } from '../calendar/calendar.service.ts';
import { insertClusterHistory } from '../clusters/clusters.repository.ts';
import { chinaDate, isClusterInScope, notFound, registryScopeOf } from '../clusters/registry.scope.ts';
import type { Actor } from '../users/users.service.ts';
import { loadQuantitativeScores } from './quantitative.adapter.ts';
import {
  findApplicationRow,
  findExpertByUser,
  findRoundRow,
  findScoreRow,
  listApplicationRows,
  listAssignmentRows,
  listClusterRowsOf,
  listLiveScoreRows,
  listMemberCreditCodes,
  listObjectionRows,
  listPanelRows,
  listRoundRows,
  listScoreHistoryRows,
  lockAssignmentRow,
  lockRoundRow,
} from './recognition.repository.ts';

export type RoundStage = { code: string; name: string; nameEn: string; deadline: string; panelSize: number };
export type ApplicationFigures = { leadIndustryOutput: number | null };

const ruleViolated = (message: string, details?: Record<string, unknown>) =>
  new AppError('rule_violated', message, details);

export const isManager = (user: SessionUser) => user.permissions.includes('recognition.manage');

// ── views ──────────────────────────────────────────────────────────────────────────────────────────

export function toRoundView(row: RecognitionRoundRow): RoundView {
  return {
    id: row.id,
    year: row.year,
    name: row.name,
    targetTier: row.targetTier,
    quota: row.quota,
    applicationDeadline: row.applicationDeadline,
    stages: row.stages as RoundStage[],
    eligibilityRules: row.eligibilityRules as EligibilityRules,
    aspects: row.aspects as AspectDefinition[],
    frameworkVersion: row.frameworkVersion,
    evaluationRunId: row.evaluationRunId,
    quantitativeWeight: row.quantitativeWeight,
    status: row.status,
    rankingHash: row.rankingHash,
    rankedAt: row.rankedAt?.toISOString() ?? null,
    decidedAt: row.decidedAt?.toISOString() ?? null,
    decisionNote: row.decisionNote,
    noticeStart: row.noticeStart,
    noticeWorkingDays: row.noticeWorkingDays,
    noticeEnd: row.noticeEnd,
    documentNumber: row.documentNumber,
    recognisedOn: row.recognisedOn,
    isDemo: row.isDemo,
  };
}

export function toApplicationView(row: RecognitionApplicationRow, cluster?: ClusterRow): ApplicationView {
  return {
    id: row.id,
    roundId: row.roundId,
    clusterCode: row.clusterCode,
    clusterName: cluster?.name ?? null,
    cityCodes: cluster?.cityCodes ?? [],
    figures: row.figures as ApplicationFigures,
    attachmentIds: row.attachmentIds,
    statement: row.statement,
    status: row.status,
    eligibility: row.eligibility as EligibilityResult | null,
    reachedStage: row.reachedStage,
    submittedAt: row.submittedAt.toISOString(),
    submittedBy: row.submittedBy,
  };
}

function toScoreView(row: RecognitionScoreRow): ScoreView {
  return {
    id: row.id,
    applicationId: row.applicationId,
    expertId: row.expertId,
    stageCode: row.stageCode,
    aspectScores: row.aspectScores as Record<string, number>,
    total: row.total,
    comment: row.comment,
    supersedesId: row.supersedesId,
    correctionReason: row.correctionReason,
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdBy,
  };
}

// ── access ─────────────────────────────────────────────────────────────────────────────────────────

/** The round's aspect sheet checked (every aspect scored, within its maximum), or 400 with the problems. */
function checkedSheet(
  aspects: AspectDefinition[],
  aspectScores: Parameters<typeof checkAspectSheet>[1],
): ReturnType<typeof checkAspectSheet> {
  const sheet = checkAspectSheet(aspects, aspectScores);
  if (sheet.problems.length > 0)
    throw new AppError(
      'invalid_input',
      '评分表不完整或超出分值 / the score sheet is incomplete or out of range',
      { field: 'aspectScores', problems: sheet.problems },
    );
  return sheet;
}

export async function getRoundRow(db: DbOrTx, id: string): Promise<RecognitionRoundRow> {
  const row = await findRoundRow(db, id);
  if (!row) throw notFound(`recognition round ${id}`);
  return row;
}

/** getRoundRow with the row locked until the transaction ends. */
async function getLockedRoundRow(tx: DbOrTx, id: string): Promise<RecognitionRoundRow> {
  const row = await lockRoundRow(tx, id);
  if (!row) throw notFound(`recognition round ${id}`);
  return row;
}

async function assignedApplicationIds(db: DbOrTx, user: SessionUser): Promise<Set<string> | null> {
  if (!user.permissions.includes('recognition.score') || isManager(user)) return null;
  const expert = await findExpertByUser(db, user.id);
  if (!expert) return new Set();
  return new Set((await listAssignmentRows(db, { expertId: expert.id })).map((a) => a.applicationId));
}

/** Whether the user may see the application (404 otherwise): manager, applicant in scope, assigned expert. */
async function canSeeApplication(
  db: DbOrTx,
  user: SessionUser,
  application: RecognitionApplicationRow,
  cluster: ClusterRow | undefined,
): Promise<boolean> {
  if (isManager(user)) return true;
  const assigned = await assignedApplicationIds(db, user);
  if (assigned) return assigned.has(application.id);
  return cluster !== undefined && isClusterInScope(registryScopeOf(user), cluster);
}

export async function getApplicationInScope(db: DbOrTx, user: SessionUser, id: string) {
  const row = await findApplicationRow(db, id);
  const cluster = row ? (await listClusterRowsOf(db, [row.clusterCode]))[0] : undefined;
  if (!row || !(await canSeeApplication(db, user, row, cluster))) throw notFound(`application ${id}`);
  return { row, cluster };
}

// ── rounds ─────────────────────────────────────────────────────────────────────────────────────────

export async function createRound(db: Db, input: CreateRoundRequest, actor: Actor): Promise<RoundView> {
  const codes = input.stages.map((s) => s.code);
  if (new Set(codes).size !== codes.length)
    throw new AppError('invalid_input', '阶段代码重复 / duplicate stage codes', { field: 'stages' });
  await seedHolidayCalendar(db, actor.at);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(recognitionRounds)
      .values({
        year: input.year,
        name: input.name,
        targetTier: input.targetTier,
        quota: input.quota,
        stages: input.stages,
        eligibilityRules: input.eligibilityRules,
        aspects: input.aspects ?? defaultAspects,
        frameworkVersion: input.frameworkVersion,
        evaluationRunId: input.evaluationRunId ?? null,
        quantitativeWeight: input.quantitativeWeight,
        applicationDeadline: input.applicationDeadline,
        status: 'open',
        createdAt: actor.at,
        createdBy: actor.actorName,
        updatedAt: actor.at,
      })
      .returning();
    if (!row) throw new AppError('internal', 'round not stored');
    const view = toRoundView(row);
    await appendAudit(tx, {
      ...actor,
      action: 'recognition.round_opened',
      entityType: 'recognition_round',
      entityId: row.id,
      after: view,
    });
    return view;
  });
}

export async function listRounds(db: DbOrTx): Promise<RoundView[]> {
  return (await listRoundRows(db)).map(toRoundView);
}

function assertNotDecided(round: RecognitionRoundRow): void {
  if (round.status === 'decided' || round.status === 'notice' || round.status === 'recognised')
    throw new AppError(
      'locked',
      '评审已决定，评分与排名已冻结 / the round is decided: scores and ranking are frozen',
      {
        status: round.status,
      },
    );
}

export async function updateRound(
  db: Db,
  id: string,
  input: z.infer<typeof updateRoundRequestSchema>,
  actor: Actor,
): Promise<RoundView> {
  return db.transaction(async (tx) => {
    const round = await getLockedRoundRow(tx, id);
    assertNotDecided(round);
    if (input.aspects) {
      const scored = await listLiveScoreRows(tx, { roundId: id });
      if (scored.length > 0)
        throw ruleViolated(
          '已有专家评分，评分表不可再改 / experts have scored: the aspect sheet can no longer change',
        );
    }
    const [row] = await tx
      .update(recognitionRounds)
      .set({
        ...(input.aspects ? { aspects: input.aspects } : {}),
        ...(input.evaluationRunId !== undefined ? { evaluationRunId: input.evaluationRunId } : {}),
        ...(input.quota ? { quota: input.quota } : {}),
        updatedAt: actor.at,
      })
      .where(eq(recognitionRounds.id, id))
      .returning();
    if (!row) throw notFound(`recognition round ${id}`);
    await appendAudit(tx, {
      ...actor,
      action: 'recognition.round_updated',
      entityType: 'recognition_round',
      entityId: id,
      before: toRoundView(round),
      after: toRoundView(row),
    });
    return toRoundView(row);
  });
}

// ── applications and eligibility ───────────────────────────────────────────────────────────────────

async function eligibilityOf(
  db: DbOrTx,
  round: RecognitionRoundRow,
  cluster: ClusterRow,
  figures: ApplicationFigures,
  on: string,
): Promise<EligibilityResult> {
  const members = (await listMemberCreditCodes(db, [cluster.code], on)).get(cluster.code) ?? new Set();
  return checkEligibility(round.eligibilityRules as EligibilityRules, {
    leadIndustryOutput: figures.leadIndustryOutput,
    hasPromotingOrganisation: cluster.promotingOrganisationCode !== null,
    tier: cluster.tier,
    memberCount: members.size,
  });
}

export async function applyToRound(
  db: Db,
  user: SessionUser,
  roundId: string,
  input: z.infer<typeof applyRequestSchema>,
  actor: Actor,
) {
  const round = await getRoundRow(db, roundId);
  const [cluster] = await listClusterRowsOf(db, [input.clusterCode]);
  if (
    !cluster ||
    cluster.deletedAt !== null ||
    !(isManager(user) || isClusterInScope(registryScopeOf(user), cluster))
  )
    throw notFound(`cluster ${input.clusterCode}`);
  const today = chinaDate(actor.at);
  if (round.status !== 'open' || today > round.applicationDeadline)
    throw ruleViolated(`申报已截止 / applications are closed (deadline ${round.applicationDeadline})`, {
      status: round.status,
      deadline: round.applicationDeadline,
    });
  // materials must be files the applicant uploaded (or may read): 404 otherwise
  for (const id of new Set(input.attachmentIds)) await getReadableAttachment(db, user, id);
  const eligibility = await eligibilityOf(db, round, cluster, input.figures, today);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(recognitionApplications)
      .values({
        roundId,
        clusterCode: cluster.code,
        figures: input.figures,
        attachmentIds: input.attachmentIds,
        statement: input.statement ?? null,
        status: eligibility.eligible ? 'eligible' : 'ineligible',
        eligibility,
        submittedAt: actor.at,
        submittedBy: actor.actorName,
        updatedAt: actor.at,
      })
      .onConflictDoNothing()
      .returning();
    if (!row)
      throw new AppError(
        'conflict',
        `该集群已申报本轮 / the cluster has already applied to this round: ${cluster.code}`,
      );
    const view = toApplicationView(row, cluster);
    await appendAudit(tx, {
      ...actor,
      action: 'recognition.applied',
      entityType: 'recognition_application',
      entityId: row.id,
      after: view,
    });
    return view;
  });
}

export async function listApplications(db: DbOrTx, user: SessionUser, roundId: string) {
  await getRoundRow(db, roundId);
  const rows = await listApplicationRows(db, roundId);
  const clusterRows = new Map(
    (
      await listClusterRowsOf(
        db,
        rows.map((r) => r.clusterCode),
      )
    ).map((c) => [c.code, c]),
  );
  const assigned = isManager(user) ? null : await assignedApplicationIds(db, user);
  const scope = registryScopeOf(user);
  const visible = rows.filter((r) => {
    if (isManager(user)) return true;
    if (assigned) return assigned.has(r.id);
    const c = clusterRows.get(r.clusterCode);
    return c !== undefined && isClusterInScope(scope, c);
  });
  return { items: visible.map((r) => toApplicationView(r, clusterRows.get(r.clusterCode))) };
}

/** Re-checks every undecided application against the round's rules on today's registry (province). */
export async function recheckEligibility(db: Db, roundId: string, actor: Actor) {
  const round = await getRoundRow(db, roundId);
  assertNotDecided(round);
  const rows = await listApplicationRows(db, roundId);
  const clusterRows = new Map(
    (
      await listClusterRowsOf(
        db,
        rows.map((r) => r.clusterCode),
      )
    ).map((c) => [c.code, c]),
  );
  const today = chinaDate(actor.at);
  return db.transaction(async (tx) => {
    const items = [];
    for (const row of rows) {
      const cluster = clusterRows.get(row.clusterCode);
      if (!cluster) continue;
      const eligibility = await eligibilityOf(tx, round, cluster, row.figures as ApplicationFigures, today);
      const [updated] = await tx
        .update(recognitionApplications)
        .set({ eligibility, status: eligibility.eligible ? 'eligible' : 'ineligible', updatedAt: actor.at })
        .where(eq(recognitionApplications.id, row.id))
        .returning();
      if (updated) items.push(toApplicationView(updated, cluster));
    }
    await appendAudit(tx, {
      ...actor,
      action: 'recognition.eligibility_checked',
      entityType: 'recognition_round',
      entityId: roundId,
      after: items.map((i) => ({ clusterCode: i.clusterCode, status: i.status })),
    });
    return { items };
  });
}

// ── scores (blind) ─────────────────────────────────────────────────────────────────────────────────

/** An expert's own assignments with the applications' contents and their own live sheets. */
export async function listMyAssignments(db: DbOrTx, user: SessionUser) {
  const expert = await findExpertByUser(db, user.id);
  if (!expert) return { expertId: null, items: [] };
  const assignments = await listAssignmentRows(db, { expertId: expert.id });
  const items = [];
  const stagesOf = new Map<string, RoundStage[]>();
  for (const a of assignments) {
    const application = await findApplicationRow(db, a.applicationId);
    if (!application) continue;
    let stages = stagesOf.get(a.roundId);
    if (!stages) {
      stages = (await getRoundRow(db, a.roundId)).stages as RoundStage[];
      stagesOf.set(a.roundId, stages);
    }
    const stage = stages.find((s) => s.code === a.stageCode);
    const [cluster] = await listClusterRowsOf(db, [application.clusterCode]);
    const [own] = await listLiveScoreRows(db, {
      roundId: a.roundId,
      applicationId: a.applicationId,
      expertId: expert.id,
    }).then((rows) => rows.filter((r) => r.stageCode === a.stageCode));
    items.push({
      assignmentId: a.id,
      roundId: a.roundId,
      stageCode: a.stageCode,
      /** The stage's names as the round defines them (材料评审 / Materials review). */
      stageName: stage?.name ?? a.stageCode,
      stageNameEn: stage?.nameEn ?? a.stageCode,
      application: toApplicationView(application, cluster),
      myScore: own ? toScoreView(own) : null,
    });
  }
  return { expertId: expert.id, items };
}

export async function submitScore(
  db: Db,
  user: SessionUser,
  applicationId: string,
  input: z.infer<typeof scoreRequestSchema>,
  actor: Actor,
) {
  const expert = await findExpertByUser(db, user.id);
  const application = await findApplicationRow(db, applicationId);
  if (!expert || !application) throw notFound(`application ${applicationId}`);
  const [assignment] = (await listAssignmentRows(db, { expertId: expert.id, applicationId })).filter(
    (a) => a.stageCode === input.stageCode,
  );
  if (!assignment) throw notFound(`application ${applicationId}`);
  const round = await getRoundRow(db, application.roundId);
  assertNotDecided(round);
  const aspects = round.aspects as AspectDefinition[];
  const sheet = checkedSheet(aspects, input.aspectScores);
  return db.transaction(async (tx) => {
    await lockAssignmentRow(tx, assignment.id);
    assertNotDecided(await getLockedRoundRow(tx, round.id));
    const [previous] = (
      await listLiveScoreRows(tx, { roundId: round.id, applicationId, expertId: expert.id })
    ).filter((s) => s.stageCode === input.stageCode);
    if (previous)
      await tx
        .update(recognitionScores)
        .set({ supersededAt: actor.at })
        .where(eq(recognitionScores.id, previous.id));
    const [row] = await tx
      .insert(recognitionScores)
      .values({
        assignmentId: assignment.id,
        roundId: round.id,
        applicationId,
        expertId: expert.id,
        stageCode: input.stageCode,
        aspectScores: input.aspectScores,
        total: toHundred(sheet.total, aspects),
        comment: input.comment ?? null,
        supersedesId: previous?.id ?? null,
        createdAt: actor.at,
        createdBy: actor.actorName,
      })
      .returning();
    if (!row) throw new AppError('internal', 'score not stored');
    await appendAudit(tx, {
      ...actor,
      action: 'recognition.scored',
      entityType: 'recognition_score',
      entityId: row.id,
      after: { applicationId, stageCode: input.stageCode, expertId: expert.id, total: row.total },
    });
    return toScoreView(row);
  });
}

/** Live score sheets of an application: all for the province, only their own for an assigned expert. */
export async function listApplicationScores(db: DbOrTx, user: SessionUser, applicationId: string) {
  const { row } = await getApplicationInScope(db, user, applicationId);
  if (isManager(user))
    return { items: (await listLiveScoreRows(db, { roundId: row.roundId, applicationId })).map(toScoreView) };
  const expert = await findExpertByUser(db, user.id);
  if (!expert || !user.permissions.includes('recognition.score'))
    throw notFound(`scores of application ${applicationId}`);
  return {
    items: (await listLiveScoreRows(db, { roundId: row.roundId, applicationId, expertId: expert.id })).map(
      toScoreView,
    ),
  };
}

/**
 * The history of an application's sheets for the province: every sheet ever stored, superseded ones
 * with the time they were superseded, so a correction shows next to what it replaced.
 */
export async function listApplicationScoreHistory(db: DbOrTx, applicationId: string) {
  const row = await findApplicationRow(db, applicationId);
  if (!row) throw notFound(`application ${applicationId}`);
  const rows = await listScoreHistoryRows(db, { roundId: row.roundId, applicationId });
  return {
    items: rows.map((r) => ({ ...toScoreView(r), supersededAt: r.supersededAt?.toISOString() ?? null })),
  };
}

/**
 * A province correction of a stored sheet (e.g. a transcription error found after the decision): a new
 * row superseding the old one, with its reason, audited. The frozen ranking is not recomputed: the
 * correction is on record next to it.
 */
export async function correctScore(
  db: Db,
  scoreId: string,
  input: z.infer<typeof correctScoreRequestSchema>,
  actor: Actor,
) {
  const previous = await findScoreRow(db, scoreId);
  if (!previous) throw notFound(`score ${scoreId}`);
  if (previous.supersededAt !== null)
    throw new AppError('conflict', '该评分已被替代 / this sheet was already superseded', { scoreId });
  const round = await getRoundRow(db, previous.roundId);
  const aspects = round.aspects as AspectDefinition[];
  const sheet = checkedSheet(aspects, input.aspectScores);
  return db.transaction(async (tx) => {
    const superseded = await tx
      .update(recognitionScores)
      .set({ supersededAt: actor.at })
      .where(sql`${recognitionScores.id} = ${previous.id} and ${recognitionScores.supersededAt} is null`)
      .returning({ id: recognitionScores.id });
    if (superseded.length === 0)
      throw new AppError('conflict', '该评分已被替代 / this sheet was already superseded', { scoreId });
    const [row] = await tx
      .insert(recognitionScores)
      .values({
        assignmentId: previous.assignmentId,
        roundId: previous.roundId,
        applicationId: previous.applicationId,
        expertId: previous.expertId,
        stageCode: previous.stageCode,
        aspectScores: input.aspectScores,
        total: toHundred(sheet.total, aspects),
        comment: previous.comment,
        supersedesId: previous.id,
        correctionReason: input.reason,
        createdAt: actor.at,
        createdBy: actor.actorName,
      })
      .returning();
    if (!row) throw new AppError('internal', 'score not stored');
    await appendAudit(tx, {
      ...actor,
      action: 'recognition.score_corrected',
      entityType: 'recognition_score',
      entityId: row.id,
      before: toScoreView(previous),
      after: { ...toScoreView(row), roundStatus: round.status },
    });
    return toScoreView(row);
  });
}

// ── ranking ────────────────────────────────────────────────────────────────────────────────────────

export type StoredRanking = Ranking & {
  roundId: string;
  evaluationRunId: string;
  evaluationRunHash: string;
  frameworkVersion: string;
  period: string;
  /** The score sheets each application's expert score was computed from (stage, sheet ids). */
  inputs: Array<{ applicationId: string; stageCode: string | null; scoreIds: string[] }>;
};

/**
 * Computes the ranking of the eligible applications from the round's evaluation run and the live
 * expert sheets of each application's last scored stage. Pure function of the stored inputs: the same
 * round recomputed gives byte-identical canonical JSON.
 */
export async function computeRanking(
  db: DbOrTx,
  round: RecognitionRoundRow,
): Promise<{ json: string; hash: string; ranking: StoredRanking }> {
  if (!round.evaluationRunId)
    throw ruleViolated('本轮未指定评价运行 / the round has no evaluation run for the quantitative score');
  const quantitative = await loadQuantitativeScores(db, round.evaluationRunId);
  if (quantitative.frameworkVersion !== round.frameworkVersion)
    throw ruleViolated(
      `评价运行的指标体系版本不符 / the run uses framework ${quantitative.frameworkVersion}, the round ${round.frameworkVersion}`,
    );
  const stages = round.stages as RoundStage[];
  const finalStage = await finalStageOf(db, round);
  const finalIndex = stages.findIndex((x) => x.code === finalStage);
  // the finalists: applications that reached the last stage with a panel (all eligible ones when it is the first)
  const applications = (await listApplicationRows(db, round.id)).filter(
    (a) =>
      ['eligible', 'recommended', 'not_recommended', 'recognised'].includes(a.status) &&
      stageIndexOf(a, stages) >= finalIndex,
  );
  const missing = applications
    .filter((a) => !quantitative.byCluster.has(a.clusterCode))
    .map((a) => a.clusterCode);
  if (missing.length > 0)
    throw ruleViolated(`评价运行缺少这些集群 / the evaluation run lacks: ${missing.join(', ')}`, { missing });
  const scores = await listLiveScoreRows(db, { roundId: round.id });
  const inputs: RankingInput[] = [];
  const traces: StoredRanking['inputs'] = [];
  for (const a of applications) {
    const lastStage = finalStage;
    const used = scores
      .filter((s) => s.applicationId === a.id && s.stageCode === finalStage)
      .sort((x, y) => (x.id < y.id ? -1 : 1));
    const q = quantitative.byCluster.get(a.clusterCode);
    if (!q) continue;
    inputs.push({
      applicationId: a.id,
      clusterCode: a.clusterCode,
      quantitative: { score: q.score, sd: q.sd, rank: q.rank, rankLow: q.rankLow, rankHigh: q.rankHigh },
      expertTotals: used.map((s) => s.total),
    });
    traces.push({ applicationId: a.id, stageCode: lastStage, scoreIds: used.map((s) => s.id) });
  }
  const unscored = inputs.filter((i) => i.expertTotals.length === 0).map((i) => i.clusterCode);
  if (unscored.length > 0)
    throw ruleViolated(`这些申报尚无专家评分 / no expert scores yet for: ${unscored.join(', ')}`, {
      unscored,
    });
  const ranking: StoredRanking = {
    roundId: round.id,
    evaluationRunId: quantitative.runId,
    evaluationRunHash: quantitative.runHash,
    frameworkVersion: quantitative.frameworkVersion,
    period: quantitative.period,
    ...rankApplications(inputs, round.quantitativeWeight, round.quota),
    inputs: traces.sort((x, y) => (x.applicationId < y.applicationId ? -1 : 1)),
  };
  const json = canonicalJson(ranking);
  return { json, hash: sha256Hex(json), ranking };
}

/** Computes and stores the ranking (before the decision only). */
export async function rankRound(db: Db, roundId: string, actor: Actor) {
  return db.transaction(async (tx) => {
    const round = await getLockedRoundRow(tx, roundId);
    assertNotDecided(round);
    const { json, hash, ranking } = await computeRanking(tx, round);
    await tx
      .update(recognitionRounds)
      .set({
        rankingJson: json,
        rankingHash: hash,
        rankedAt: actor.at,
        status: 'reviewing',
        updatedAt: actor.at,
      })
      .where(eq(recognitionRounds.id, roundId));
    await appendAudit(tx, {
      ...actor,
      action: 'recognition.ranked',
      entityType: 'recognition_round',
      entityId: roundId,
      after: {
        hash,
        line: ranking.line,
        borderline: ranking.rows.filter((r) => r.borderline).map((r) => r.clusterCode),
      },
    });
    return { hash, ranking };
  });
}

export function storedRanking(round: RecognitionRoundRow): StoredRanking | null {
  return round.rankingJson ? (JSON.parse(round.rankingJson) as StoredRanking) : null;
}

/** The stored ranking: whole for the province, the applicant's own rows for an applicant, else 404. */
export async function getRanking(db: DbOrTx, user: SessionUser, roundId: string) {
  const round = await getRoundRow(db, roundId);
  const ranking = storedRanking(round);
  if (isManager(user)) {
    if (!ranking) throw notFound(`ranking of round ${roundId}`);
    return { hash: round.rankingHash, ranking };
  }
  if (!ranking || user.permissions.includes('recognition.score'))
    throw notFound(`ranking of round ${roundId}`);
  const applications = await listApplicationRows(db, roundId);
  const clusterRows = await listClusterRowsOf(
    db,
    applications.map((a) => a.clusterCode),
  );
  const scope = registryScopeOf(user);
  const own = new Set(clusterRows.filter((c) => isClusterInScope(scope, c)).map((c) => c.code));
  if (own.size === 0) throw notFound(`ranking of round ${roundId}`);
  return {
    hash: null,
    ranking: {
      ...ranking,
      rows: ranking.rows.filter((r) => own.has(r.clusterCode)),
      inputs: ranking.inputs.filter((i) =>
        ranking.rows.some((r) => r.applicationId === i.applicationId && own.has(r.clusterCode)),
      ),
    },
  };
}

// ── decision, notice, objections, recognition ──────────────────────────────────────────────────────

export async function decideRound(
  db: Db,
  roundId: string,
  input: z.infer<typeof decideRequestSchema>,
  actor: Actor,
) {
  return db.transaction(async (tx) => {
    const round = await getLockedRoundRow(tx, roundId);
    assertNotDecided(round);
    const ranking = storedRanking(round);
    if (!ranking) throw ruleViolated('请先计算排名 / rank the round first');
    // the stored ranking must still be what the inputs give: no sheet changed since it was computed
    const fresh = await computeRanking(tx, round);
    if (fresh.hash !== round.rankingHash)
      throw new AppError(
        'conflict',
        '排名计算后评分有变动，请重新计算 / scores changed since the ranking: rank again',
        {
          stored: round.rankingHash,
          current: fresh.hash,
        },
      );
    // a decision stands on a published (immutable) evaluation run only
    const run = await loadQuantitativeScores(tx, ranking.evaluationRunId);
    if (run.status !== 'published')
      throw ruleViolated('评价运行尚未发布，不能据以决定 / publish the evaluation run before deciding', {
        evaluationRunId: ranking.evaluationRunId,
      });
    const ranked = new Set(ranking.rows.map((r) => r.applicationId));
    const unknown = input.recommended.filter((id) => !ranked.has(id));
    if (unknown.length > 0)
      throw new AppError(
        'invalid_input',
        '推荐的申报不在排名中 / recommended applications not in the ranking',
        {
          field: 'recommended',
          unknown,
        },
      );
    if (input.recommended.length > round.quota)
      throw ruleViolated(`推荐数超过名额 ${round.quota} / more recommended than the quota ${round.quota}`);
    const withinQuota = ranking.rows
      .filter((r) => r.withinQuota)
      .map((r) => r.applicationId)
      .sort();
    const departs = canonicalJson([...input.recommended].sort()) !== canonicalJson(withinQuota);
    if (departs && !input.note)
      throw ruleViolated(
        '决定与排名不一致时须说明理由 / a decision departing from the ranking needs a note',
        {
          withinQuota,
        },
      );
    const recommended = new Set(input.recommended);
    // applications that did not reach the final stage are not recommended either
    for (const a of await listApplicationRows(tx, roundId))
      if (a.status === 'eligible' && !ranked.has(a.id))
        await tx
          .update(recognitionApplications)
          .set({ status: 'not_recommended', updatedAt: actor.at })
          .where(eq(recognitionApplications.id, a.id));
    for (const r of ranking.rows)
      await tx
        .update(recognitionApplications)
        .set({
          status: recommended.has(r.applicationId) ? 'recommended' : 'not_recommended',
          updatedAt: actor.at,
        })
        .where(eq(recognitionApplications.id, r.applicationId));
    const [row] = await tx
      .update(recognitionRounds)
      .set({
        status: 'decided',
        decidedAt: actor.at,
        decidedBy: actor.actorName,
        decisionNote: input.note ?? null,
        updatedAt: actor.at,
      })
      .where(eq(recognitionRounds.id, roundId))
      .returning();
    if (!row) throw notFound(`recognition round ${roundId}`);
    await appendAudit(tx, {
      ...actor,
      action: 'recognition.decided',
      entityType: 'recognition_round',
      entityId: roundId,
      after: {
        recommended: [...recommended].sort(),
        note: input.note ?? null,
        rankingHash: round.rankingHash,
      },
    });
    return toRoundView(row);
  });
}

export async function startNotice(
  db: Db,
  roundId: string,
  input: z.infer<typeof noticeRequestSchema>,
  actor: Actor,
) {
  const round = await getRoundRow(db, roundId);
  if (round.status !== 'decided')
    throw ruleViolated('须先作出决定 / decide the round first', { status: round.status });
  const end = await endOfWorkingDaysOn(db, input.start, input.workingDays);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(recognitionRounds)
      .set({
        status: 'notice',
        noticeStart: input.start,
        noticeWorkingDays: input.workingDays,
        noticeEnd: end,
        updatedAt: actor.at,
      })
      .where(eq(recognitionRounds.id, roundId))
      .returning();
    if (!row) throw notFound(`recognition round ${roundId}`);
    await appendAudit(tx, {
      ...actor,
      action: 'recognition.notice_started',
      entityType: 'recognition_round',
      entityId: roundId,
      after: { start: input.start, workingDays: input.workingDays, end },
    });
    return toRoundView(row);
  });
}

function toObjectionView(row: typeof recognitionObjections.$inferSelect) {
  return {
    id: row.id,
    roundId: row.roundId,
    applicationId: row.applicationId,
    objector: row.objector,
    content: row.content,
    receivedOn: row.receivedOn,
    outcome: row.outcome,
    answer: row.answer,
    answeredAt: row.answeredAt?.toISOString() ?? null,
    answeredBy: row.answeredBy,
  };
}

export async function recordObjection(
  db: Db,
  roundId: string,
  input: z.infer<typeof objectionRequestSchema>,
  actor: Actor,
) {
  const round = await getRoundRow(db, roundId);
  if (round.status !== 'notice' || !round.noticeStart || !round.noticeEnd)
    throw ruleViolated('不在公示期 / the round is not in its public notice', { status: round.status });
  if (input.receivedOn < round.noticeStart || input.receivedOn > round.noticeEnd)
    throw ruleViolated(
      `异议须在公示期内提出（${round.noticeStart} 至 ${round.noticeEnd}）/ objections are received during the notice`,
      {
        noticeStart: round.noticeStart,
        noticeEnd: round.noticeEnd,
      },
    );
  if (input.applicationId) {
    const application = await findApplicationRow(db, input.applicationId);
    if (!application || application.roundId !== roundId) throw notFound(`application ${input.applicationId}`);
  }
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(recognitionObjections)
      .values({
        roundId,
        applicationId: input.applicationId ?? null,
        objector: input.objector,
        content: input.content,
        receivedOn: input.receivedOn,
        createdAt: actor.at,
        createdBy: actor.actorName,
      })
      .returning();
    if (!row) throw new AppError('internal', 'objection not stored');
    await appendAudit(tx, {
      ...actor,
      action: 'recognition.objection_received',
      entityType: 'recognition_objection',
      entityId: row.id,
      after: toObjectionView(row),
    });
    return toObjectionView(row);
  });
}

export async function answerObjection(
  db: Db,
  id: string,
  input: z.infer<typeof answerObjectionRequestSchema>,
  actor: Actor,
) {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(recognitionObjections)
      .set({
        outcome: input.outcome,
        answer: input.answer,
        answeredAt: actor.at,
        answeredBy: actor.actorName,
      })
      .where(sql`${recognitionObjections.id} = ${id} and ${recognitionObjections.answeredAt} is null`)
      .returning();
    if (!row) {
      const [existing] = await tx
        .select()
        .from(recognitionObjections)
        .where(eq(recognitionObjections.id, id));
      if (!existing) throw notFound(`objection ${id}`);
      throw new AppError('conflict', '该异议已答复 / the objection was already answered', { id });
    }
    const round = await getRoundRow(tx, row.roundId);
    if (round.status === 'recognised') throw new AppError('locked', '本轮已认定 / the round is closed');
    await appendAudit(tx, {
      ...actor,
      action: 'recognition.objection_answered',
      entityType: 'recognition_objection',
      entityId: id,
      after: toObjectionView(row),
    });
    return toObjectionView(row);
  });
}

export async function listObjections(db: DbOrTx, roundId: string) {
  await getRoundRow(db, roundId);
  return { items: (await listObjectionRows(db, roundId)).map(toObjectionView) };
}

/**
 * Final recognition after the notice: every recommended application without an upheld objection is
 * recognised; its cluster takes the round's tier (and status recognised) with history rows carrying
 * the document number and date, which is where the triennial review clock starts.
 */
export async function recogniseRound(
  db: Db,
  roundId: string,
  input: z.infer<typeof recogniseRequestSchema>,
  actor: Actor,
) {
  return db.transaction(async (tx) => {
    const round = await getLockedRoundRow(tx, roundId);
    if (round.status !== 'notice' || !round.noticeEnd)
      throw ruleViolated('须先完成公示 / the public notice must come first', { status: round.status });
    if (input.recognisedOn <= round.noticeEnd)
      throw ruleViolated(
        `公示期至 ${round.noticeEnd}，认定须在其后 / recognition comes after the notice ends on ${round.noticeEnd}`,
        {
          noticeEnd: round.noticeEnd,
        },
      );
    const objections = await listObjectionRows(tx, roundId);
    const open = objections.filter((o) => o.answeredAt === null).map((o) => o.id);
    if (open.length > 0)
      throw ruleViolated('尚有异议未答复 / some objections are unanswered', { objections: open });
    const upheld = new Set(
      objections.filter((o) => o.outcome === 'upheld' && o.applicationId).map((o) => o.applicationId),
    );
    const applications = (await listApplicationRows(tx, roundId)).filter((a) => a.status === 'recommended');
    const clusterRows = new Map(
      (
        await listClusterRowsOf(
          tx,
          applications.map((a) => a.clusterCode),
        )
      ).map((c) => [c.code, c]),
    );
    const recognised: string[] = [];
    for (const a of applications) {
      if (upheld.has(a.id)) {
        await tx
          .update(recognitionApplications)
          .set({ status: 'not_recommended', updatedAt: actor.at })
          .where(eq(recognitionApplications.id, a.id));
        continue;
      }
      const cluster = clusterRows.get(a.clusterCode);
      if (!cluster) continue;
      await tx
        .update(recognitionApplications)
        .set({ status: 'recognised', updatedAt: actor.at })
        .where(eq(recognitionApplications.id, a.id));
      await tx
        .update(clusters)
        .set({
          tier: round.targetTier as ClusterRow['tier'],
          status: 'recognised',
          version: cluster.version + 1,
          updatedAt: actor.at,
        })
        .where(eq(clusters.code, cluster.code));
      const entries = [
        { field: 'tier' as const, fromValue: cluster.tier, toValue: round.targetTier },
        ...(cluster.status !== 'recognised'
          ? [{ field: 'status' as const, fromValue: cluster.status, toValue: 'recognised' }]
          : []),
      ];
      await insertClusterHistory(
        tx,
        entries.map((e) => ({
          clusterCode: cluster.code,
          changedOn: input.recognisedOn,
          ...e,
          documentNumber: input.documentNumber,
          recordedAt: actor.at,
          recordedBy: actor.actorName,
        })),
      );
      await appendAudit(tx, {
        ...actor,
        action: 'cluster.updated',
        entityType: 'cluster',
        entityId: cluster.code,
        before: { tier: cluster.tier, status: cluster.status },
        after: {
          tier: round.targetTier,
          status: 'recognised',
          documentNumber: input.documentNumber,
          roundId,
        },
      });
      recognised.push(cluster.code);
    }
    const [row] = await tx
      .update(recognitionRounds)
      .set({
        status: 'recognised',
        documentNumber: input.documentNumber,
        recognisedOn: input.recognisedOn,
        updatedAt: actor.at,
      })
      .where(eq(recognitionRounds.id, roundId))
      .returning();
    if (!row) throw notFound(`recognition round ${roundId}`);
    await appendAudit(tx, {
      ...actor,
      action: 'recognition.recognised',
      entityType: 'recognition_round',
      entityId: roundId,
      after: { documentNumber: input.documentNumber, recognisedOn: input.recognisedOn, clusters: recognised },
    });
    return { round: toRoundView(row), recognised };
  });
}

/** Applications of a round with their clusters (documents). */
export async function listApplicationsWithClusters(db: DbOrTx, roundId: string) {
  const rows = await listApplicationRows(db, roundId);
  const clusterRows = await listClusterRowsOf(
    db,
    rows.map((r) => r.clusterCode),
  );
  const byCode = new Map(clusterRows.map((c) => [c.code, c]));
  return rows.map((r) => ({ row: r, cluster: byCode.get(r.clusterCode) }));
}

/**
 * One of an application's materials, for whoever may see the application (the province, the applicant,
 * an assigned expert): the attachments module's own rule (owner or province) does not know assignments.
 * Audited as an attachment download.
 */
export async function downloadMaterial(
  db: Db,
  user: SessionUser,
  applicationId: string,
  attachmentId: string,
  actor: Actor,
) {
  const { row } = await getApplicationInScope(db, user, applicationId);
  if (!row.attachmentIds.includes(attachmentId)) throw notFound(`material ${attachmentId}`);
  const attachment = await findAttachment(db, attachmentId);
  const content = attachment ? await findAttachmentContent(db, attachmentId) : undefined;
  if (!attachment || !content) throw notFound(`material ${attachmentId}`);
  await appendAudit(db, {
    ...actor,
    action: 'attachment.downloaded',
    entityType: 'attachment',
    entityId: attachmentId,
    after: { filename: attachment.filename, size: attachment.size, sha256: attachment.sha256, applicationId },
  });
  return { attachment, content };
}

/** Index of the stage an application has reached (0: the first stage). */
export function stageIndexOf(application: RecognitionApplicationRow, stages: readonly RoundStage[]): number {
  if (!application.reachedStage) return 0;
  return Math.max(
    0,
    stages.findIndex((s) => s.code === application.reachedStage),
  );
}

/** The last stage (in the round's order) with a panel drawn; the first stage when none is. */
async function finalStageOf(db: DbOrTx, round: RecognitionRoundRow): Promise<string> {
  const stages = round.stages as RoundStage[];
  const drawn = new Set((await listPanelRows(db, round.id)).map((p) => p.stageCode));
  const last = [...stages].reverse().find((s) => drawn.has(s.code)) ?? stages[0];
  return last?.code ?? '';
}

/**
 * Advances the given applications of a stage to the next one (e.g. those passing the materials review
 * go on to the on-site defence); the stage's other applications stay. Allowed until the next stage's
 * panel is drawn; calling it again replaces the earlier choice.
 */
export async function advanceApplications(
  db: Db,
  roundId: string,
  stageCode: string,
  applicationIds: readonly string[],
  actor: Actor,
) {
  return db.transaction(async (tx) => {
    const round = await getLockedRoundRow(tx, roundId);
    assertNotDecided(round);
    const stages = round.stages as RoundStage[];
    const index = stages.findIndex((s) => s.code === stageCode);
    if (index < 0)
      throw new AppError('invalid_input', `未知阶段 / unknown stage: ${stageCode}`, { field: 'stageCode' });
    const next = stages[index + 1];
    if (!next)
      throw new AppError('invalid_input', `最后阶段之后没有阶段 / ${stageCode} is the last stage`, {
        field: 'stageCode',
      });
    const panels = await listPanelRows(tx, roundId);
    if (panels.some((p) => p.stageCode === next.code))
      throw ruleViolated(`下一阶段已抽取专家 / the panel of ${next.code} is already drawn`, {
        stage: next.code,
      });
    const atStage = (await listApplicationRows(tx, roundId)).filter(
      (a) => a.status === 'eligible' && stageIndexOf(a, stages) >= index,
    );
    const known = new Set(atStage.map((a) => a.id));
    const unknown = applicationIds.filter((id) => !known.has(id));
    if (unknown.length > 0)
      throw new AppError('invalid_input', '这些申报不在本阶段 / applications not at this stage', {
        field: 'applicationIds',
        unknown,
      });
    const chosen = new Set(applicationIds);
    for (const a of atStage) {
      const reachedStage = chosen.has(a.id) ? next.code : index === 0 ? null : stageCode;
      await tx
        .update(recognitionApplications)
        .set({ reachedStage, updatedAt: actor.at })
        .where(eq(recognitionApplications.id, a.id));
    }
    await appendAudit(tx, {
      ...actor,
      action: 'recognition.advanced',
      entityType: 'recognition_round',
      entityId: roundId,
      after: { from: stageCode, to: next.code, applications: [...chosen].sort() },
    });
    const rows = await listApplicationsWithClusters(tx, roundId);
    return { items: rows.map((r) => toApplicationView(r.row, r.cluster)) };
  });
}
