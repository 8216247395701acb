import {
  createReviewRequestSchema,
  dueReviewSchema,
  dueReviewsQuerySchema,
  followUpRequestSchema,
  reviewViewSchema,
  reviewWarningSchema,
} from '@qunce/core/frameworks';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { now, requirePermission } from '../auth/auth.hooks.ts';
import { actorOf, chinaDate } from '../clusters/registry.scope.ts';
import { listClusterRowsByCode } from '../evaluations/evaluations.repository.ts';
import { reviewOpinionDocx } from './reviews.docx.ts';
import {
  createReview,
  getReview,
  listDueReviews,
  listReviews,
  listReviewWarnings,
  recordFollowUp,
} from './reviews.service.ts';

const idParams = z.strictObject({ id: z.uuid() });
const docxType = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export async function reviewsRoutes(app: FastifyInstance): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const db = app.deps.database.db;
  const tags = ['reviews'];

  api.get(
    '/reviews/due',
    {
      schema: {
        tags,
        summary: '到期（及即将到期）的三年复核 / triennial reviews due (or due within withinDays)',
        querystring: dueReviewsQuerySchema,
        response: { 200: z.object({ on: z.string(), items: z.array(dueReviewSchema) }) },
      },
    },
    async (request) => {
      const user = requirePermission(request, 'reviews.read');
      return listDueReviews(db, user, {
        on: request.query.on ?? chinaDate(now(app)),
        withinDays: request.query.withinDays,
      });
    },
  );

  api.get(
    '/reviews/warnings',
    {
      schema: {
        tags,
        summary:
          '预警：最新已发布得分低于复核线 / early warning: latest published score below the review line',
        response: { 200: z.object({ items: z.array(reviewWarningSchema) }) },
      },
    },
    async (request) => {
      const user = requirePermission(request, 'reviews.read');
      return listReviewWarnings(db, user);
    },
  );

  api.get(
    '/reviews',
    {
      schema: {
        tags,
        summary: '复核记录 / reviews in scope',
        querystring: z.strictObject({ clusterCode: z.string().min(1).max(40).optional() }),
        response: { 200: z.object({ items: z.array(reviewViewSchema) }) },
      },
    },
    async (request) => {
      const user = requirePermission(request, 'reviews.read');
      return listReviews(db, user, request.query);
    },
  );

  api.post(
    '/reviews',
    {
      schema: {
        tags,
        summary: '记录复核结论（通过、限期整改、撤销）/ record a review (pass, rectify, revoke)',
        body: createReviewRequestSchema,
        response: { 201: reviewViewSchema },
      },
    },
    async (request, reply) => {
      const user = requirePermission(request, 'reviews.manage');
      return reply
        .status(201)
        .send(await createReview(db, user, request.body, actorOf(user, request, now(app))));
    },
  );

  api.get(
    '/reviews/:id',
    {
      schema: { tags, summary: '复核记录 / a review', params: idParams, response: { 200: reviewViewSchema } },
    },
    async (request) => {
      const user = requirePermission(request, 'reviews.read');
      return getReview(db, user, request.params.id);
    },
  );

  api.post(
    '/reviews/:id/follow-up',
    {
      schema: {
        tags,
        summary: '整改复查 / the follow-up check of a rectification',
        params: idParams,
        body: followUpRequestSchema,
        response: { 200: reviewViewSchema },
      },
    },
    async (request) => {
      const user = requirePermission(request, 'reviews.manage');
      return recordFollowUp(db, user, request.params.id, request.body, actorOf(user, request, now(app)));
    },
  );

  api.get(
    '/reviews/:id/opinion.docx',
    { schema: { tags, summary: '复核意见 .docx / the review opinion', params: idParams } },
    async (request, reply) => {
      const user = requirePermission(request, 'reviews.read');
      const review = await getReview(db, user, request.params.id);
      const [cluster] = await listClusterRowsByCode(db, [review.clusterCode]);
      const bytes = await reviewOpinionDocx(review, cluster?.name ?? review.clusterCode);
      return reply
        .header('content-type', docxType)
        .header(
          'content-disposition',
          `attachment; filename="review-${review.clusterCode}-${review.decidedOn}.docx"`,
        )
        .send(bytes);
    },
  );
}
