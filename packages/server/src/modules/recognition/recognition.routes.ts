import {
  actionPlanRequestSchema,
  advanceRequestSchema,
  answerObjectionRequestSchema,
  applicationViewSchema,
  applyRequestSchema,
  correctScoreRequestSchema,
  createExpertRequestSchema,
  createRoundRequestSchema,
  decideRequestSchema,
  drawPanelRequestSchema,
  milestoneUpdateSchema,
  noticeRequestSchema,
  objectionRequestSchema,
  objectionViewSchema,
  rankingResponseSchema,
  recogniseRequestSchema,
  roundViewSchema,
  scoreRequestSchema,
  scoreViewSchema,
  storedRankingSchema,
  updateRoundRequestSchema,
  upgradeDecisionSchema,
  upgradeRequestSchema,
} from '@qunce/core/recognition';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contentDisposition } from '../attachments/attachments.file-type.ts';
import { now, requirePermission } from '../auth/auth.hooks.ts';
import { actorOf, notFound } from '../clusters/registry.scope.ts';
import { createExpert, drawStagePanel, listExperts, listPanels } from './experts.service.ts';
import { writeNoticeDocx, writeRankingXlsx, writeRecognitionListXlsx } from './recognition.documents.ts';
import {
  advanceApplications,
  answerObjection,
  applyToRound,
  correctScore,
  createRound,
  decideRound,
  downloadMaterial,
  getApplicationInScope,
  getRanking,
  getRoundRow,
  listApplicationScoreHistory,
  listApplicationScores,
  listApplications,
  listApplicationsWithClusters,
  listMyAssignments,
  listObjections,
  listRounds,
  rankRound,
  recheckEligibility,
  recogniseRound,
  recordObjection,
  startNotice,
  storedRanking,
  submitScore,
  toApplicationView,
  toRoundView,
  updateRound,
} from './recognition.service.ts';
import {
  applyForUpgrade,
  createActionPlan,
  decideUpgrade,
  listActionPlans,
  listUpgrades,
  updateMilestone,
} from './upgrades.service.ts';

const idParams = z.strictObject({ id: z.uuid() });
const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const docxType = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

function sendFile(reply: FastifyReply, type: string, name: string, bytes: Buffer) {
  return reply
    .header('content-type', type)
    .header('content-disposition', `attachment; filename="${name}"`)
    .send(bytes);
}

export async function recognitionRoutes(app: FastifyInstance): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const db = app.deps.database.db;
  const tags = ['recognition'];

  // ── rounds ──
  api.post(
    '/recognition/rounds',
    {
      schema: {
        tags,
        response: { 201: roundViewSchema },
        summary: '发起认定轮次 / open a recognition round',
        body: createRoundRequestSchema,
      },
    },
    async (request, reply) => {
      const user = requirePermission(request, 'recognition.manage');
      return reply.status(201).send(await createRound(db, request.body, actorOf(user, request, now(app))));
    },
  );
  api.get(
    '/recognition/rounds',
    {
      schema: {
        tags,
        response: { 200: z.object({ items: z.array(roundViewSchema) }) },
        summary: '认定轮次 / recognition rounds',
      },
    },
    async (request) => {
      requirePermission(request, 'recognition.read');
      return { items: await listRounds(db) };
    },
  );
  api.get(
    '/recognition/rounds/:id',
    {
      schema: {
        tags,
        response: { 200: roundViewSchema },
        summary: '认定轮次详情 / a round',
        params: idParams,
      },
    },
    async (request) => {
      requirePermission(request, 'recognition.read');
      return toRoundView(await getRoundRow(db, request.params.id));
    },
  );
  api.patch(
    '/recognition/rounds/:id',
    {
      schema: {
        tags,
        response: { 200: roundViewSchema },
        summary:
          '修改评分表、评价运行或名额（决定前）/ edit the aspect sheet, evaluation run or quota (before the decision)',
        params: idParams,
        body: updateRoundRequestSchema,
      },
    },
    async (request) => {
      const user = requirePermission(request, 'recognition.manage');
      return updateRound(db, request.params.id, request.body, actorOf(user, request, now(app)));
    },
  );

  // ── applications ──
  api.post(
    '/recognition/rounds/:id/applications',
    {
      schema: {
        tags,
        response: { 201: applicationViewSchema },
        summary: '提交申报（自动资格审查）/ apply (eligibility checked)',
        params: idParams,
        body: applyRequestSchema,
      },
    },
    async (request, reply) => {
      const user = requirePermission(
        request,
        request.user?.permissions.includes('recognition.manage') ? 'recognition.manage' : 'recognition.apply',
      );
      return reply
        .status(201)
        .send(
          await applyToRound(db, user, request.params.id, request.body, actorOf(user, request, now(app))),
        );
    },
  );
  api.get(
    '/recognition/rounds/:id/applications',
    {
      schema: {
        tags,
        response: { 200: z.object({ items: z.array(applicationViewSchema) }) },
        summary: '本轮申报（按权限范围）/ applications in scope',
        params: idParams,
      },
    },
    async (request) => {
      const user = requirePermission(request, 'recognition.read');
      return listApplications(db, user, request.params.id);
    },
  );
  api.get(
    '/recognition/applications/:id',
    {
      schema: {
        tags,
        response: { 200: applicationViewSchema },
        summary: '申报详情 / an application',
        params: idParams,
      },
    },
    async (request) => {
      const user = requirePermission(request, 'recognition.read');
      const { row, cluster } = await getApplicationInScope(db, user, request.params.id);
      return toApplicationView(row, cluster);
    },
  );
  api.get(
    '/recognition/applications/:id/materials/:attachmentId',
    {
      schema: {
        tags,
        summary:
          '申报材料下载（评审专家可见所分配的）/ download a material (assigned experts included; audited)',
        params: z.strictObject({ id: z.uuid(), attachmentId: z.uuid() }),
      },
    },
    async (request, reply) => {
      const user = requirePermission(request, 'recognition.read');
      const { attachment, content } = await downloadMaterial(
        db,
        user,
        request.params.id,
        request.params.attachmentId,
        actorOf(user, request, now(app)),
      );
      return reply
        .header('content-type', attachment.contentType)
        .header('content-disposition', contentDisposition(attachment.filename))
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('cache-control', 'private, no-store')
        .send(content);
    },
  );
  api.post(
    '/recognition/rounds/:id/stages/:stageCode/advance',
    {
      schema: {
        tags,
        summary: '晋级下一阶段（如材料评审→现场答辩）/ advance applications to the next stage',
        params: z.strictObject({ id: z.uuid(), stageCode: z.string().min(1).max(32) }),
        body: advanceRequestSchema,
        response: { 200: z.object({ items: z.array(applicationViewSchema) }) },
      },
    },
    async (request) => {
      const user = requirePermission(request, 'recognition.manage');
      return advanceApplications(
        db,
        request.params.id,
        request.params.stageCode,
        request.body.applicationIds,
        actorOf(user, request, now(app)),
      );
    },
  );
  api.post(
    '/recognition/rounds/:id/eligibility',
    {
      schema: {
        tags,
        response: { 200: z.object({ items: z.array(applicationViewSchema) }) },
        summary: '重新资格审查 / re-check eligibility',
        params: idParams,
      },
    },
    async (request) => {
      const user = requirePermission(request, 'recognition.manage');
      return recheckEligibility(db, request.params.id, actorOf(user, request, now(app)));
    },
  );

  // ── experts, panels, scores ──
  api.get(
    '/recognition/experts',
    { schema: { tags, summary: '专家库 / the expert pool' } },
    async (request) => {
      requirePermission(request, 'recognition.manage');
      return listExperts(db);
    },
  );
  api.post(
    '/recognition/experts',
    { schema: { tags, summary: '加入专家库 / add an expert', body: createExpertRequestSchema } },
    async (request, reply) => {
      const user = requirePermission(request, 'recognition.manage');
      return reply.status(201).send(await createExpert(db, request.body, actorOf(user, request, now(app))));
    },
  );
  api.post(
    '/recognition/rounds/:id/panels',
    {
      schema: {
        tags,
        summary: '抽取评审专家（记录随机种子）/ draw a stage panel (seed recorded)',
        params: idParams,
        body: drawPanelRequestSchema,
      },
    },
    async (request, reply) => {
      const user = requirePermission(request, 'recognition.manage');
      return reply
        .status(201)
        .send(await drawStagePanel(db, request.params.id, request.body, actorOf(user, request, now(app))));
    },
  );
  api.get(
    '/recognition/rounds/:id/panels',
    { schema: { tags, summary: '专家组与回避 / panels and recusals', params: idParams } },
    async (request) => {
      requirePermission(request, 'recognition.manage');
      return listPanels(db, request.params.id);
    },
  );
  api.get(
    '/recognition/assignments',
    { schema: { tags, summary: '我的评审任务 / my assignments (expert)' } },
    async (request) => {
      const user = requirePermission(request, 'recognition.score');
      return listMyAssignments(db, user);
    },
  );
  api.post(
    '/recognition/applications/:id/scores',
    {
      schema: {
        tags,
        response: { 201: scoreViewSchema },
        summary: '专家评分（六个方面）/ score an assigned application',
        params: idParams,
        body: scoreRequestSchema,
      },
    },
    async (request, reply) => {
      const user = requirePermission(request, 'recognition.score');
      return reply
        .status(201)
        .send(await submitScore(db, user, request.params.id, request.body, actorOf(user, request, now(app))));
    },
  );
  api.get(
    '/recognition/applications/:id/scores',
    {
      schema: {
        tags,
        response: { 200: z.object({ items: z.array(scoreViewSchema) }) },
        summary: '评分（专家仅见本人）/ score sheets (an expert sees only their own)',
        params: idParams,
      },
    },
    async (request) => {
      const user = requirePermission(request, 'recognition.read');
      return listApplicationScores(db, user, request.params.id);
    },
  );
  api.get(
    '/recognition/applications/:id/scores/history',
    {
      schema: {
        tags,
        response: {
          200: z.object({
            items: z.array(scoreViewSchema.extend({ supersededAt: z.string().nullable() })),
          }),
        },
        summary: '评分及更正历史（省级）/ every sheet with its corrections (province)',
        params: idParams,
      },
    },
    async (request) => {
      requirePermission(request, 'recognition.manage');
      return listApplicationScoreHistory(db, request.params.id);
    },
  );
  api.post(
    '/recognition/scores/:id/corrections',
    {
      schema: {
        tags,
        response: { 201: scoreViewSchema },
        summary: '更正评分（新记录，留痕）/ correct a sheet (a new audited record)',
        params: idParams,
        body: correctScoreRequestSchema,
      },
    },
    async (request, reply) => {
      const user = requirePermission(request, 'recognition.manage');
      return reply
        .status(201)
        .send(await correctScore(db, request.params.id, request.body, actorOf(user, request, now(app))));
    },
  );

  // ── ranking, decision, notice, objections, recognition ──
  api.post(
    '/recognition/rounds/:id/ranking',
    {
      schema: {
        tags,
        response: { 200: z.object({ hash: z.string(), ranking: storedRankingSchema }) },
        summary: '计算排名 / compute the ranking',
        params: idParams,
      },
    },
    async (request) => {
      const user = requirePermission(request, 'recognition.manage');
      return rankRound(db, request.params.id, actorOf(user, request, now(app)));
    },
  );
  api.get(
    '/recognition/rounds/:id/ranking',
    {
      schema: {
        tags,
        response: { 200: rankingResponseSchema },
        summary: '排名（申报单位仅见本单位）/ the ranking (an applicant sees its own rows)',
        params: idParams,
      },
    },
    async (request) => {
      const user = requirePermission(request, 'recognition.read');
      return getRanking(db, user, request.params.id);
    },
  );
  api.post(
    '/recognition/rounds/:id/decision',
    {
      schema: {
        tags,
        response: { 200: roundViewSchema },
        summary: '作出决定（冻结评分）/ record the decision (scores frozen)',
        params: idParams,
        body: decideRequestSchema,
      },
    },
    async (request) => {
      const user = requirePermission(request, 'recognition.manage');
      return decideRound(db, request.params.id, request.body, actorOf(user, request, now(app)));
    },
  );
  api.post(
    '/recognition/rounds/:id/notice',
    {
      schema: {
        tags,
        response: { 200: roundViewSchema },
        summary: '开始公示（按工作日）/ start the public notice (working days)',
        params: idParams,
        body: noticeRequestSchema,
      },
    },
    async (request) => {
      const user = requirePermission(request, 'recognition.manage');
      return startNotice(db, request.params.id, request.body, actorOf(user, request, now(app)));
    },
  );
  api.get(
    '/recognition/rounds/:id/objections',
    {
      schema: {
        tags,
        response: { 200: z.object({ items: z.array(objectionViewSchema) }) },
        summary: '异议及答复 / objections and answers',
        params: idParams,
      },
    },
    async (request) => {
      requirePermission(request, 'recognition.manage');
      return listObjections(db, request.params.id);
    },
  );
  api.post(
    '/recognition/rounds/:id/objections',
    {
      schema: {
        tags,
        response: { 201: objectionViewSchema },
        summary: '登记异议 / record an objection',
        params: idParams,
        body: objectionRequestSchema,
      },
    },
    async (request, reply) => {
      const user = requirePermission(request, 'recognition.manage');
      return reply
        .status(201)
        .send(await recordObjection(db, request.params.id, request.body, actorOf(user, request, now(app))));
    },
  );
  api.post(
    '/recognition/objections/:id/answer',
    {
      schema: {
        tags,
        response: { 200: objectionViewSchema },
        summary: '答复异议（须说明理由）/ answer an objection with a reason',
        params: idParams,
        body: answerObjectionRequestSchema,
      },
    },
    async (request) => {
      const user = requirePermission(request, 'recognition.manage');
      return answerObjection(db, request.params.id, request.body, actorOf(user, request, now(app)));
    },
  );
  api.post(
    '/recognition/rounds/:id/recognition',
    {
      schema: {
        tags,
        response: { 200: z.object({ round: roundViewSchema, recognised: z.array(z.string()) }) },
        summary: '正式认定（文号，变更级别）/ final recognition (document number; tier change)',
        params: idParams,
        body: recogniseRequestSchema,
      },
    },
    async (request) => {
      const user = requirePermission(request, 'recognition.manage');
      return recogniseRound(db, request.params.id, request.body, actorOf(user, request, now(app)));
    },
  );

  // ── documents ──
  api.get(
    '/recognition/rounds/:id/ranking.xlsx',
    { schema: { tags, summary: '排名表 .xlsx / the ranking table', params: idParams } },
    async (request, reply) => {
      requirePermission(request, 'recognition.manage');
      const round = await getRoundRow(db, request.params.id);
      const ranking = storedRanking(round);
      if (!ranking) throw notFound(`ranking of round ${round.id}`);
      const bytes = await writeRankingXlsx(round, ranking, await listApplicationsWithClusters(db, round.id));
      return sendFile(reply, xlsxType, `ranking-${round.year}.xlsx`, bytes);
    },
  );
  api.get(
    '/recognition/rounds/:id/recognised.xlsx',
    { schema: { tags, summary: '认定（拟认定）名单 .xlsx / the recognition list', params: idParams } },
    async (request, reply) => {
      requirePermission(request, 'recognition.manage');
      const round = await getRoundRow(db, request.params.id);
      const bytes = await writeRecognitionListXlsx(round, await listApplicationsWithClusters(db, round.id));
      return sendFile(reply, xlsxType, `recognised-${round.year}.xlsx`, bytes);
    },
  );
  api.get(
    '/recognition/rounds/:id/notice.docx',
    {
      schema: {
        tags,
        summary: '公示 .docx（公文格式）/ the public notice (official layout)',
        params: idParams,
      },
    },
    async (request, reply) => {
      requirePermission(request, 'recognition.manage');
      const round = await getRoundRow(db, request.params.id);
      if (!round.noticeStart) throw notFound(`notice of round ${round.id}`);
      const bytes = await writeNoticeDocx(round, await listApplicationsWithClusters(db, round.id));
      return sendFile(reply, docxType, `notice-${round.year}.docx`, bytes);
    },
  );
}

/** Upgrades (provincial → national candidacy, national → world class) and national clusters' action plans. */
export async function upgradesRoutes(app: FastifyInstance): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const db = app.deps.database.db;
  const tags = ['recognition'];
  const applicant = (request: FastifyRequest) =>
    requirePermission(
      request,
      request.user?.permissions.includes('recognition.manage') ? 'recognition.manage' : 'recognition.apply',
    );

  api.post(
    '/recognition/upgrades',
    {
      schema: {
        tags,
        summary: '申请升级（省级→国家级候选，国家级→世界级）/ apply for an upgrade',
        body: upgradeRequestSchema,
      },
    },
    async (request, reply) => {
      const user = applicant(request);
      return reply
        .status(201)
        .send(await applyForUpgrade(db, user, request.body, actorOf(user, request, now(app))));
    },
  );
  api.get(
    '/recognition/upgrades',
    { schema: { tags, summary: '升级申请（按权限范围）/ upgrade applications in scope' } },
    async (request) => {
      const user = requirePermission(request, 'recognition.read');
      return listUpgrades(db, user);
    },
  );
  api.post(
    '/recognition/upgrades/:id/decision',
    {
      schema: {
        tags,
        summary: '推荐、驳回或认定升级 / endorse, reject or grant',
        params: idParams,
        body: upgradeDecisionSchema,
      },
    },
    async (request) => {
      const user = requirePermission(request, 'recognition.manage');
      return decideUpgrade(db, request.params.id, request.body, actorOf(user, request, now(app)));
    },
  );
  api.post(
    '/recognition/action-plans',
    {
      schema: {
        tags,
        summary: '国家级集群三年行动计划 / a national cluster’s three-year action plan',
        body: actionPlanRequestSchema,
      },
    },
    async (request, reply) => {
      const user = applicant(request);
      return reply
        .status(201)
        .send(await createActionPlan(db, user, request.body, actorOf(user, request, now(app))));
    },
  );
  api.get(
    '/recognition/action-plans',
    {
      schema: {
        tags,
        summary: '行动计划与里程碑 / action plans with milestones',
        querystring: z.strictObject({ clusterCode: z.string().min(1).max(64) }),
      },
    },
    async (request) => {
      const user = requirePermission(request, 'recognition.read');
      return listActionPlans(db, user, request.query.clusterCode, now(app));
    },
  );
  api.patch(
    '/recognition/action-plans/milestones/:id',
    {
      schema: {
        tags,
        summary: '更新里程碑进展 / update a milestone',
        params: idParams,
        body: milestoneUpdateSchema,
      },
    },
    async (request) => {
      const user = applicant(request);
      return updateMilestone(db, user, request.params.id, request.body, actorOf(user, request, now(app)));
    },
  );
}
