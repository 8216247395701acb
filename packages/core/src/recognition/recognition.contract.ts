/** Request contracts of recognition rounds, experts, calendar and funds (server validation, web client). */
import { z } from 'zod';
import { clusterTiers } from '../targets/target.contract.ts';
import { eligibilityRulesSchema } from './eligibility.ts';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');

export const roundStageSchema = z.strictObject({
  code: z.string().regex(/^[a-z][a-z0-9_-]{0,31}$/),
  name: z.string().min(1).max(64),
  nameEn: z.string().min(1).max(64),
  deadline: isoDate,
  panelSize: z.number().int().min(1).max(50),
});

export const aspectSchema = z.strictObject({
  code: z.string().regex(/^[a-z][a-z0-9_-]{0,31}$/),
  name: z.string().min(1).max(32),
  nameEn: z.string().min(1).max(64),
  max: z.number().positive().max(100),
});

export const createRoundRequestSchema = z.strictObject({
  year: z.number().int().min(2000).max(2100),
  name: z.string().min(1).max(200),
  targetTier: z.enum(clusterTiers),
  quota: z.number().int().min(1).max(1000),
  applicationDeadline: isoDate,
  stages: z.array(roundStageSchema).min(1).max(5),
  eligibilityRules: eligibilityRulesSchema,
  /** Editable six-aspect sheet; the policy's six aspects when omitted. */
  aspects: z.array(aspectSchema).min(1).max(12).optional(),
  frameworkVersion: z.string().min(1).max(32),
  evaluationRunId: z.uuid().nullable().optional(),
  /** w in C = w·quantitative + (1 − w)·expert. */
  quantitativeWeight: z.number().min(0).max(1),
});
export type CreateRoundRequest = z.infer<typeof createRoundRequestSchema>;

export const updateRoundRequestSchema = z.strictObject({
  aspects: z.array(aspectSchema).min(1).max(12).optional(),
  evaluationRunId: z.uuid().nullable().optional(),
  quota: z.number().int().min(1).max(1000).optional(),
});

export const applyRequestSchema = z.strictObject({
  clusterCode: z.string().min(1).max(64),
  figures: z.strictObject({ leadIndustryOutput: z.number().nonnegative().nullable() }),
  attachmentIds: z.array(z.uuid()).max(50).default([]),
  statement: z.string().max(4000).optional(),
});

export const createExpertRequestSchema = z.strictObject({
  name: z.string().min(1).max(64),
  username: z.string().min(1).max(64).optional(),
  fields: z.array(z.string().min(1).max(64)).min(1).max(20),
  cityCode: z.string().regex(/^\d{6}$/),
  employerName: z.string().max(200).optional(),
  employerCreditCode: z.string().length(18).optional(),
  conflictClusterCodes: z.array(z.string().min(1).max(64)).max(100).default([]),
});

export const drawPanelRequestSchema = z.strictObject({
  stageCode: z.string().min(1).max(32),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1),
  fields: z.array(z.string()).optional(),
});

export const advanceRequestSchema = z.strictObject({ applicationIds: z.array(z.uuid()).max(1000) });

export const scoreRequestSchema = z.strictObject({
  stageCode: z.string().min(1).max(32),
  aspectScores: z.record(z.string(), z.number()),
  comment: z.string().max(2000).optional(),
});

export const correctScoreRequestSchema = z.strictObject({
  aspectScores: z.record(z.string(), z.number()),
  reason: z.string().min(1).max(2000),
});

export const decideRequestSchema = z.strictObject({
  /** Application ids recommended for recognition (the province's decision; may depart from the ranking with a note). */
  recommended: z.array(z.uuid()).min(1),
  note: z.string().max(4000).optional(),
});

export const noticeRequestSchema = z.strictObject({
  start: isoDate,
  workingDays: z.number().int().min(1).max(60),
});

export const objectionRequestSchema = z.strictObject({
  applicationId: z.uuid().nullable().optional(),
  objector: z.string().min(1).max(200),
  content: z.string().min(1).max(4000),
  receivedOn: isoDate,
});

export const answerObjectionRequestSchema = z.strictObject({
  outcome: z.enum(['upheld', 'dismissed']),
  answer: z.string().min(1).max(4000),
});

export const recogniseRequestSchema = z.strictObject({
  documentNumber: z.string().min(1).max(100),
  recognisedOn: isoDate,
});

export const calendarDaySchema = z.strictObject({
  date: isoDate,
  kind: z.enum(['holiday', 'workday']),
  name: z.string().min(1).max(64),
});

export const fundAllocationRequestSchema = z.strictObject({
  year: z.number().int().min(2000).max(2100),
  recipientKind: z.enum(['cluster', 'organisation', 'project']),
  clusterCode: z.string().min(1).max(64).nullable().optional(),
  organisationCode: z.string().min(1).max(64).nullable().optional(),
  projectName: z.string().min(1).max(200).nullable().optional(),
  /** 万元, two decimals. */
  amount: z.number().positive().max(1e10),
  purpose: z.string().max(500).optional(),
  documentNumber: z.string().max(100).optional(),
  roundId: z.uuid().nullable().optional(),
});

/** Upgrades (provincial → national candidacy, national → world class) and action plans. */
export const upgradeRequestSchema = z.strictObject({
  clusterCode: z.string().min(1).max(64),
  year: z.number().int().min(2000).max(2100),
  statement: z.string().max(4000).optional(),
});
export const upgradeDecisionSchema = z.strictObject({
  status: z.enum(['endorsed', 'rejected', 'granted']),
  note: z.string().min(1).max(4000),
  documentNumber: z.string().min(1).max(100).optional(),
  decidedOn: isoDate.optional(),
});
export const actionPlanRequestSchema = z.strictObject({
  clusterCode: z.string().min(1).max(64),
  startYear: z.number().int().min(2000).max(2100),
  title: z.string().min(1).max(200),
  milestones: z
    .array(z.strictObject({ title: z.string().min(1).max(200), dueOn: isoDate }))
    .min(1)
    .max(100),
});
export const milestoneUpdateSchema = z.strictObject({
  status: z.enum(['planned', 'in_progress', 'done']),
  progressNote: z.string().max(2000).optional(),
});

// ── response contracts (server output schemas, web client types) ──

const eligibilityCheckSchema = z.object({
  rule: z.enum(['minLeadIndustryOutput', 'requirePromotingOrganisation', 'allowedTiers', 'minMembers']),
  passed: z.boolean(),
  message: z.string(),
});

export const roundViewSchema = z.object({
  id: z.string(),
  year: z.number(),
  name: z.string(),
  targetTier: z.string(),
  quota: z.number(),
  applicationDeadline: z.string(),
  stages: z.array(roundStageSchema),
  eligibilityRules: eligibilityRulesSchema,
  aspects: z.array(aspectSchema),
  frameworkVersion: z.string(),
  evaluationRunId: z.string().nullable(),
  quantitativeWeight: z.number(),
  status: z.enum(['open', 'reviewing', 'decided', 'notice', 'recognised']),
  rankingHash: z.string().nullable(),
  rankedAt: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decisionNote: z.string().nullable(),
  noticeStart: z.string().nullable(),
  noticeWorkingDays: z.number().nullable(),
  noticeEnd: z.string().nullable(),
  documentNumber: z.string().nullable(),
  recognisedOn: z.string().nullable(),
  isDemo: z.boolean(),
});
export type RoundView = z.infer<typeof roundViewSchema>;

export const applicationViewSchema = z.object({
  id: z.string(),
  roundId: z.string(),
  clusterCode: z.string(),
  clusterName: z.string().nullable(),
  cityCodes: z.array(z.string()),
  figures: z.object({ leadIndustryOutput: z.number().nullable() }),
  attachmentIds: z.array(z.string()),
  statement: z.string().nullable(),
  status: z.enum([
    'submitted',
    'eligible',
    'ineligible',
    'recommended',
    'not_recommended',
    'recognised',
    'withdrawn',
  ]),
  eligibility: z.object({ eligible: z.boolean(), checks: z.array(eligibilityCheckSchema) }).nullable(),
  /** The later stage the application was advanced to; null: the first stage. */
  reachedStage: z.string().nullable(),
  submittedAt: z.string(),
  submittedBy: z.string().nullable(),
});
export type ApplicationView = z.infer<typeof applicationViewSchema>;

export const scoreViewSchema = z.object({
  id: z.string(),
  applicationId: z.string(),
  expertId: z.string(),
  stageCode: z.string(),
  aspectScores: z.record(z.string(), z.number()),
  total: z.number(),
  comment: z.string().nullable(),
  supersedesId: z.string().nullable(),
  correctionReason: z.string().nullable(),
  createdAt: z.string(),
  createdBy: z.string().nullable(),
});
export type ScoreView = z.infer<typeof scoreViewSchema>;

export const rankingRowSchema = z.object({
  rank: z.number(),
  applicationId: z.string(),
  clusterCode: z.string(),
  quantitativeScore: z.number(),
  quantitativeSd: z.number(),
  quantitativeRank: z.number().nullable(),
  quantitativeRankLow: z.number().nullable(),
  quantitativeRankHigh: z.number().nullable(),
  expertScore: z.number(),
  expertSd: z.number(),
  expertCount: z.number(),
  expertDropped: z.array(z.number()),
  combinedScore: z.number(),
  combinedSd: z.number(),
  low: z.number(),
  high: z.number(),
  withinQuota: z.boolean(),
  borderline: z.boolean(),
});

export const storedRankingSchema = z.object({
  roundId: z.string(),
  evaluationRunId: z.string(),
  evaluationRunHash: z.string(),
  frameworkVersion: z.string(),
  period: z.string(),
  weight: z.number(),
  quota: z.number(),
  z: z.number(),
  line: z.number().nullable(),
  rows: z.array(rankingRowSchema),
  inputs: z.array(
    z.object({ applicationId: z.string(), stageCode: z.string().nullable(), scoreIds: z.array(z.string()) }),
  ),
});
export type StoredRankingView = z.infer<typeof storedRankingSchema>;

/** `hash` is null in an applicant's partial view (its own rows only). */
export const rankingResponseSchema = z.object({ hash: z.string().nullable(), ranking: storedRankingSchema });

export const objectionViewSchema = z.object({
  id: z.string(),
  roundId: z.string(),
  applicationId: z.string().nullable(),
  objector: z.string(),
  content: z.string(),
  receivedOn: z.string(),
  outcome: z.enum(['upheld', 'dismissed']).nullable(),
  answer: z.string().nullable(),
  answeredAt: z.string().nullable(),
  answeredBy: z.string().nullable(),
});

export const fundTotalsSchema = z.object({
  year: z.number().nullable(),
  total: z.number(),
  allocations: z.number(),
  byCity: z.array(z.object({ cityCode: z.string(), amount: z.number() })),
  byTier: z.array(z.object({ tier: z.string(), amount: z.number() })),
});
