import {
  acceptanceQuerySchema,
  acceptanceSummarySchema,
  assignmentStatusSchema,
  assignRequestSchema,
  collectionPeriodViewSchema,
  completenessQuerySchema,
  completenessReportSchema,
  createDataSetRequestSchema,
  dataSetViewSchema,
  listSubmissionsQuerySchema,
  openPeriodRequestSchema,
  saveValuesRequestSchema,
  submissionDetailSchema,
  submissionViewSchema,
  todoResponseSchema,
  transitionRequestSchema,
  updateDataSetRequestSchema,
  validationReportSchema,
} from '@qunce/core/collection';
import { periodSchema } from '@qunce/core/periods';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { now, requirePermission } from '../auth/auth.hooks.ts';
import { actorOf } from '../clusters/registry.scope.ts';
import {
  acceptSubmission,
  assignPeriod,
  cityForward,
  createDataSet,
  describeAcceptance,
  getCompleteness,
  getDataSetRow,
  getSubmission,
  listAssignmentStatuses,
  listDataSets,
  listPeriods,
  listSubmissions,
  listTodo,
  openPeriod,
  reopenSubmission,
  returnSubmission,
  saveValues,
  submitSubmission,
  toDataSetView,
  updateDataSet,
  validateSubmissionFigures,
} from './collection.service.ts';
import { collectionWorkbookRoutes } from './collection-workbook.routes.ts';

const codeParams = z.strictObject({ code: z.string().min(1).max(64) });
const idParams = z.strictObject({ id: z.uuid() });

/** Data collection under /api/collection (docs/data-collection.md). */
export async function collectionRoutes(app: FastifyInstance): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const db = app.deps.database.db;
  const tags = ['collection'];

  api.get(
    '/collection/data-sets',
    {
      schema: {
        tags,
        summary: '数据集 / data sets',
        response: { 200: z.object({ items: z.array(dataSetViewSchema) }) },
      },
    },
    async (request) => {
      requirePermission(request, 'metrics.read');
      return listDataSets(db);
    },
  );

  api.get(
    '/collection/data-sets/:code',
    {
      schema: {
        tags,
        summary: '数据集 / a data set',
        params: codeParams,
        response: { 200: dataSetViewSchema },
      },
    },
    async (request) => {
      requirePermission(request, 'metrics.read');
      return toDataSetView(await getDataSetRow(db, request.params.code));
    },
  );

  api.post(
    '/collection/data-sets',
    {
      schema: {
        tags,
        summary: '新建数据集 / create a data set (metrics, subject type, period kind, rules)',
        body: createDataSetRequestSchema,
        response: { 201: dataSetViewSchema },
      },
    },
    async (request, reply) => {
      const user = requirePermission(request, 'data.review');
      return reply.status(201).send(await createDataSet(db, request.body, actorOf(user, request, now(app))));
    },
  );

  api.patch(
    '/collection/data-sets/:code',
    {
      schema: {
        tags,
        summary: '修改数据集（乐观锁 version）/ update a data set (optimistic locking)',
        params: codeParams,
        body: updateDataSetRequestSchema,
        response: { 200: dataSetViewSchema },
      },
    },
    async (request) => {
      const user = requirePermission(request, 'data.review');
      return updateDataSet(db, request.params.code, request.body, actorOf(user, request, now(app)));
    },
  );

  api.post(
    '/collection/data-sets/:code/periods',
    {
      schema: {
        tags,
        summary: '开启报送期间并分配 / open a period with a deadline and assign it',
        params: codeParams,
        body: openPeriodRequestSchema,
        response: { 201: collectionPeriodViewSchema },
      },
    },
    async (request, reply) => {
      const user = requirePermission(request, 'data.review');
      return reply
        .status(201)
        .send(await openPeriod(db, request.params.code, request.body, actorOf(user, request, now(app))));
    },
  );

  api.get(
    '/collection/periods',
    {
      schema: {
        tags,
        summary: '报送期间 / periods opened',
        querystring: z.strictObject({
          period: periodSchema.optional(),
          dataSet: z.string().max(64).optional(),
        }),
        response: { 200: z.object({ items: z.array(collectionPeriodViewSchema) }) },
      },
    },
    async (request) => {
      requirePermission(request, 'metrics.read');
      return listPeriods(db, request.query);
    },
  );

  api.post(
    '/collection/periods/:id/assignments',
    {
      schema: {
        tags,
        summary: '追加分配 / assign a period to more cities or cluster organisations',
        params: idParams,
        body: assignRequestSchema,
        response: { 200: collectionPeriodViewSchema },
      },
    },
    async (request) => {
      const user = requirePermission(request, 'data.review');
      return assignPeriod(db, request.params.id, request.body.assignees, actorOf(user, request, now(app)));
    },
  );

  api.get(
    '/collection/submissions',
    {
      schema: {
        tags,
        summary: '报送任务（本人可见范围）/ submissions in the user’s scope',
        querystring: listSubmissionsQuerySchema,
        response: { 200: z.object({ items: z.array(submissionViewSchema) }) },
      },
    },
    async (request) => {
      const user = requirePermission(request, 'metrics.read');
      return listSubmissions(db, user, request.query, now(app));
    },
  );

  api.get(
    '/collection/submissions/:id',
    {
      schema: {
        tags,
        summary: '报送详情：主体、指标、数据、历史 / a submission with its subjects, figures and history',
        params: idParams,
        response: { 200: submissionDetailSchema },
      },
    },
    async (request) => {
      const user = requirePermission(request, 'metrics.read');
      return getSubmission(db, user, request.params.id, now(app));
    },
  );

  api.put(
    '/collection/submissions/:id/values',
    {
      schema: {
        tags,
        summary: '保存填报数据（全部或全不）/ save figures (all or nothing; version of the submission)',
        params: idParams,
        body: saveValuesRequestSchema,
        response: { 200: submissionViewSchema },
      },
    },
    async (request) => {
      const user = requirePermission(request, 'data.submit');
      return saveValues(db, user, request.params.id, request.body, actorOf(user, request, now(app)));
    },
  );

  api.get(
    '/collection/submissions/:id/validation',
    {
      schema: {
        tags,
        summary: '报送前校验 / validation of the figures before submitting',
        params: idParams,
        response: { 200: validationReportSchema },
      },
    },
    async (request) => {
      const user = requirePermission(request, 'metrics.read');
      return validateSubmissionFigures(db, user, request.params.id);
    },
  );

  const transitions = [
    ['submit', '报送 / submit (validation must pass)', 'data.submit', submitSubmission],
    [
      'city-forward',
      '市级初审通过并报省 / the city passes it on to the province',
      'data.submit',
      cityForward,
    ],
    ['return', '退回（须填原因）/ return with a reason', 'metrics.read', returnSubmission],
    ['accept', '确认并锁定 / accept and lock', 'data.review', acceptSubmission],
    ['reopen', '重新开启（须填原因）/ reopen with a reason', 'data.review', reopenSubmission],
  ] as const;
  for (const [path, summary, permission, action] of transitions) {
    api.post(
      `/collection/submissions/:id/${path}`,
      {
        schema: {
          tags,
          summary,
          params: idParams,
          body: transitionRequestSchema,
          response: { 200: submissionViewSchema },
        },
      },
      async (request) => {
        const user = requirePermission(request, permission);
        return action(db, user, request.params.id, request.body, actorOf(user, request, now(app)));
      },
    );
  }

  api.get(
    '/collection/completeness',
    {
      schema: {
        tags,
        summary: '完整性与及时性、各市排名 / completeness, timeliness and the league table by city',
        querystring: completenessQuerySchema,
        response: { 200: completenessReportSchema },
      },
    },
    async (request) => {
      const user = requirePermission(request, 'metrics.read');
      return getCompleteness(db, user, request.query, now(app));
    },
  );

  api.get(
    '/collection/status',
    {
      schema: {
        tags,
        summary:
          '期间内每个分配的状态 / every assignment of a period with its state (as qunce collect status)',
        querystring: completenessQuerySchema,
        response: { 200: z.object({ period: z.string(), assignments: z.array(assignmentStatusSchema) }) },
      },
    },
    async (request) => {
      const user = requirePermission(request, 'metrics.read');
      const assignments = await listAssignmentStatuses(db, request.query, now(app), user);
      return { period: request.query.period, assignments };
    },
  );

  api.get(
    '/collection/todo',
    {
      schema: {
        tags,
        summary: '待办：本人应报、应审的报送 / what the signed-in user owes, with deadlines',
        response: { 200: todoResponseSchema },
      },
    },
    async (request) => {
      const user = requirePermission(request, 'metrics.read');
      return listTodo(db, user, now(app));
    },
  );

  api.get(
    '/collection/acceptance',
    {
      schema: {
        tags,
        summary: '是否含未确认数据 / whether a metric’s figures of a period include unaccepted ones',
        querystring: acceptanceQuerySchema.omit({ subjectCodes: true }),
        response: { 200: acceptanceSummarySchema },
      },
    },
    async (request) => {
      requirePermission(request, 'metrics.read');
      return describeAcceptance(db, request.query);
    },
  );

  await api.register(collectionWorkbookRoutes);
}
