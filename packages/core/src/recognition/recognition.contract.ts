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
