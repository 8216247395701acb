/**
 * Requests and responses of evaluation runs and triennial reviews (docs/evaluations.md). One source for
 * the server's validators, the OpenAPI document and the web client.
 */
import { z } from 'zod';
import { isoDateSchema } from '../registry/common.contract.ts';
import { frameworkVersionSchema } from './framework-definition.ts';

/** Evaluation periods are years (the annual evaluation). */
export const evaluationPeriodSchema = z
  .string()
  .regex(/^\d{4}$/, '评价期为年份，如 2024 / the period is a year, e.g. 2024');

export const createEvaluationRunRequestSchema = z.strictObject({
  frameworkVersion: frameworkVersionSchema,
  period: evaluationPeriodSchema,
  /** Cluster codes; omitted: every recognised and candidate (not revoked) cluster. */
  clusters: z.array(z.string().min(1).max(40)).min(1).max(2000).optional(),
  uncertainty: z
    .strictObject({
      runs: z.number().int().min(0).max(100_000).default(1000),
      seed: z.number().int().min(0).max(4_294_967_295).default(1),
    })
    .optional(),
  /**
   * Variance-based sensitivity of the ranking to the weights (Saltelli 2010 first-order, Jansen 1999
   * total indices): `runs` base samples N, N(k + 2) model evaluations (k = inputs varied), with the
   * run's seed. Omitted: none.
   */
  sensitivity: z
    .strictObject({
      runs: z.number().int().min(1).max(20_000).default(500),
    })
    .optional(),
});
export type CreateEvaluationRunRequest = z.infer<typeof createEvaluationRunRequestSchema>;

export const indicatorValueSchema = z.object({
  raw: z.number().nullable(),
  normalised: z.number().nullable(),
});
export type IndicatorValue = z.infer<typeof indicatorValueSchema>;

export const gapSchema = z.object({
  toTier: z.string(),
  points: z.number(),
  closers: z.array(
    z.object({ indicator: z.string(), potentialGain: z.number(), aloneNeeds: z.number().nullable() }),
  ),
  closable: z.boolean(),
});

export const tierBoundarySchema = z.object({
  upper: z.string(),
  lower: z.string(),
  afterRank: z.number(),
  score: z.number().nullable(),
});

/**
 * Stored sensitivity indices of a run: per input (e.g. `weights.level2` = the area weights), the
 * first-order (Saltelli 2010) and total (Jansen 1999) Sobol' indices of the total rank shift; null
 * where the output did not vary. `units`: the same for each cluster's rank.
 */
export const runSensitivitySchema = z.object({
  method: z.string(),
  seed: z.number().int(),
  baseSamples: z.number().int(),
  evaluations: z.number().int(),
  inputs: z.array(z.string()),
  varied: z.array(z.object({ input: z.string(), how: z.string() })),
  output: z.string(),
  estimators: z.object({ first: z.string(), total: z.string() }),
  first: z.array(z.number().nullable()),
  total: z.array(z.number().nullable()),
  units: z.array(
    z.object({
      code: z.string(),
      first: z.array(z.number().nullable()),
      total: z.array(z.number().nullable()),
    }),
  ),
});
export type RunSensitivity = z.infer<typeof runSensitivitySchema>;

/** One cluster's stored result in a run. */
export const clusterResultSchema = z.object({
  clusterCode: z.string(),
  name: z.string(),
  score: z.number(),
  rank: z.number().int(),
  /** 5–95 % rank interval of the Monte Carlo analysis (equal to rank when no runs were asked for). */
  rankLow: z.number().int(),
  rankHigh: z.number().int(),
  medianRank: z.number(),
  /** Standard deviation of the index score when weights vary ±25 % (0 without runs). */
  scoreSd: z.number(),
  tier: z.string(),
  borderline: z.boolean().nullable(),
  gap: gapSchema.nullable(),
  areas: z.record(z.string(), z.number().nullable()),
  /** The three best and three worst indicators by normalised value (absolute scale). */
  strengths: z.array(z.string()),
  weaknesses: z.array(z.string()),
  contributions: z.record(z.string(), z.number().nullable()),
  indicators: z.record(z.string(), indicatorValueSchema),
});
export type ClusterResult = z.infer<typeof clusterResultSchema>;

export const evaluationRunStatusSchema = z.enum(['queued', 'draft', 'failed', 'published']);

export const evaluationRunSummarySchema = z.object({
  id: z.string(),
  frameworkVersion: z.string(),
  period: z.string(),
  status: evaluationRunStatusSchema,
  requestedClusters: z.array(z.string()).nullable(),
  seed: z.number().int(),
  uncertaintyRuns: z.number().int(),
  jobId: z.string().nullable(),
  specHash: z.string(),
  snapshotHash: z.string().nullable(),
  resultsHash: z.string().nullable(),
  clusterCount: z.number().int().nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  createdAt: z.string(),
  computedAt: z.string().nullable(),
  publishedAt: z.string().nullable(),
});
export type EvaluationRunSummary = z.infer<typeof evaluationRunSummarySchema>;

export const evaluationRunViewSchema = evaluationRunSummarySchema.extend({
  /** Province: every cluster; a city: clusters of its cities; a cluster organisation: its own only. */
  results: z.array(clusterResultSchema),
  unscored: z.array(z.string()),
  tiers: z
    .object({
      method: z.string(),
      tiers: z.array(z.string()),
      rest: z.string(),
      /** Score lines between tiers (province only; others get []): `upper` reached at `score`. */
      boundaries: z.array(tierBoundarySchema).optional(),
    })
    .nullable(),
  /** Sensitivity indices when the run asked for them (`sensitivity` in the request), else null. */
  sensitivity: runSensitivitySchema.nullable().optional(),
  uncertainty: z
    .object({
      method: z.string(),
      runs: z.number().int(),
      varied: z.array(z.object({ input: z.string(), how: z.string() })),
      quantiles: z.string(),
    })
    .nullable(),
  weights: z.array(
    z.object({ code: z.string(), parent: z.string().nullable(), effectiveWeight: z.number() }),
  ),
});
export type EvaluationRunView = z.infer<typeof evaluationRunViewSchema>;

export const compareRunsQuerySchema = z.strictObject({ a: z.uuid(), b: z.uuid() });
export const runComparisonSchema = z.object({
  a: evaluationRunSummarySchema,
  b: evaluationRunSummarySchema,
  clusters: z.array(
    z.object({
      clusterCode: z.string(),
      a: z.object({ score: z.number(), rank: z.number().int(), tier: z.string() }).nullable(),
      b: z.object({ score: z.number(), rank: z.number().int(), tier: z.string() }).nullable(),
      /** b − a (null when either is missing); a rank change < 0 is an improvement. */
      scoreChange: z.number().nullable(),
      rankChange: z.number().int().nullable(),
    }),
  ),
});

export const verifyRunSchema = z.object({
  resultsHash: z.string(),
  recomputedHash: z.string(),
  identical: z.boolean(),
});

export const frameworkSummarySchema = z.object({
  version: z.string(),
  name: z.string(),
  nameEn: z.string(),
  description: z.string(),
  specHash: z.string(),
  reviewLine: z.number(),
  referencePeriod: z.string(),
  illustrative: z.boolean(),
  locked: z.boolean(),
  createdAt: z.string(),
});
export const frameworkViewSchema = frameworkSummarySchema.extend({ spec: z.unknown() });

export const createFrameworkRequestSchema = z.strictObject({
  version: frameworkVersionSchema,
  name: z.string().trim().min(1).max(200),
  nameEn: z.string().trim().min(1).max(200),
  description: z.string().max(4000).default(''),
  spec: z.unknown(),
  reviewLine: z.number().min(0),
  referencePeriod: z.string().trim().min(1).max(100),
  illustrative: z.boolean().default(false),
});

// Triennial reviews

export const reviewOutcomeSchema = z.enum(['pass', 'rectify', 'revoke']);

export const createReviewRequestSchema = z
  .strictObject({
    clusterCode: z.string().min(1).max(40),
    frameworkVersion: frameworkVersionSchema,
    period: evaluationPeriodSchema,
    outcome: reviewOutcomeSchema,
    opinion: z.string().trim().min(1).max(8000),
    decidedOn: isoDateSchema,
    documentNumber: z.string().trim().min(1).max(100).optional(),
    rectifyDeadline: isoDateSchema.optional(),
  })
  .refine((r) => r.outcome !== 'rectify' || r.rectifyDeadline !== undefined, {
    message: '整改须有期限 / a rectification needs its deadline',
    path: ['rectifyDeadline'],
  })
  .refine((r) => r.rectifyDeadline === undefined || r.rectifyDeadline > r.decidedOn, {
    message: '整改期限须晚于决定日期 / the deadline must come after the decision',
    path: ['rectifyDeadline'],
  });
export type CreateReviewRequest = z.infer<typeof createReviewRequestSchema>;

export const followUpRequestSchema = z.strictObject({
  version: z.number().int().min(1),
  period: evaluationPeriodSchema,
  outcome: z.enum(['pass', 'revoke']),
  followUpOn: isoDateSchema,
  note: z.string().trim().min(1).max(8000),
  documentNumber: z.string().trim().min(1).max(100).optional(),
});
export type FollowUpRequest = z.infer<typeof followUpRequestSchema>;

export const reviewViewSchema = z.object({
  id: z.string(),
  clusterCode: z.string(),
  recognisedOn: z.string().nullable(),
  dueOn: z.string().nullable(),
  frameworkVersion: z.string(),
  period: z.string(),
  score: z.number().nullable(),
  reviewLine: z.number(),
  belowReviewLine: z.boolean(),
  indicators: z.record(z.string(), indicatorValueSchema),
  outcome: reviewOutcomeSchema,
  opinion: z.string(),
  decidedOn: z.string(),
  documentNumber: z.string().nullable(),
  rectifyDeadline: z.string().nullable(),
  followUp: z
    .object({
      on: z.string(),
      outcome: z.enum(['pass', 'revoke']),
      score: z.number().nullable(),
      note: z.string(),
      documentNumber: z.string().nullable(),
    })
    .nullable(),
  version: z.number().int(),
  createdAt: z.string(),
});
export type ReviewView = z.infer<typeof reviewViewSchema>;

export const dueReviewSchema = z.object({
  clusterCode: z.string(),
  name: z.string(),
  tier: z.string(),
  status: z.string(),
  recognisedOn: z.string(),
  /** Last review that restarted the clock (pass, or a rectification followed by a pass). */
  lastReviewedOn: z.string().nullable(),
  dueOn: z.string(),
  overdue: z.boolean(),
});

export const dueReviewsQuerySchema = z.strictObject({
  on: isoDateSchema.optional(),
  withinDays: z.coerce.number().int().min(0).max(3650).default(180),
});

export const reviewWarningSchema = z.object({
  clusterCode: z.string(),
  name: z.string(),
  tier: z.string(),
  runId: z.string(),
  frameworkVersion: z.string(),
  period: z.string(),
  score: z.number(),
  reviewLine: z.number(),
});
