import {
  boolean,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from './identity.ts';
import { organisations } from './organisations.ts';
import { clusters } from './registry.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });

/**
 * Holiday calendar (docs/recognition.md): a listed date is either a day off (`holiday`, statutory
 * holidays and their 调休 days) or a weekend day worked (`workday`); other days follow Monday–Friday.
 */
export const holidayCalendar = pgTable('holiday_calendar', {
  date: date('date', { mode: 'string' }).primaryKey(),
  kind: text('kind', { enum: ['holiday', 'workday'] }).notNull(),
  name: text('name').notNull(),
  source: text('source'),
  updatedAt: ts('updated_at').notNull(),
  updatedBy: text('updated_by'),
});

export const recognitionRoundStatuses = ['open', 'reviewing', 'decided', 'notice', 'recognised'] as const;
export type RecognitionRoundStatus = (typeof recognitionRoundStatuses)[number];

/**
 * A recognition round (赛马, issue 7 item 3): target tier, quota, stages, eligibility rules, aspect sheet
 * and the weight of the quantitative score; the evaluation run whose scores it uses; its frozen ranking
 * (canonical JSON and hash), decision, public notice and final recognition document.
 */
export const recognitionRounds = pgTable('recognition_rounds', {
  id: uuid('id').primaryKey().defaultRandom(),
  year: integer('year').notNull(),
  name: text('name').notNull(),
  targetTier: text('target_tier').notNull(),
  quota: integer('quota').notNull(),
  /** [{ code, name, nameEn, deadline, panelSize }] in order. */
  stages: jsonb('stages').notNull(),
  eligibilityRules: jsonb('eligibility_rules').notNull(),
  aspects: jsonb('aspects').notNull(),
  frameworkVersion: text('framework_version').notNull(),
  evaluationRunId: uuid('evaluation_run_id'),
  quantitativeWeight: doublePrecision('quantitative_weight').notNull(),
  applicationDeadline: date('application_deadline', { mode: 'string' }).notNull(),
  status: text('status', { enum: recognitionRoundStatuses }).notNull(),
  rankingJson: text('ranking_json'),
  rankingHash: text('ranking_hash'),
  rankedAt: ts('ranked_at'),
  decidedAt: ts('decided_at'),
  decidedBy: text('decided_by'),
  decisionNote: text('decision_note'),
  noticeStart: date('notice_start', { mode: 'string' }),
  noticeWorkingDays: integer('notice_working_days'),
  noticeEnd: date('notice_end', { mode: 'string' }),
  documentNumber: text('document_number'),
  recognisedOn: date('recognised_on', { mode: 'string' }),
  isDemo: boolean('is_demo').notNull().default(false),
  createdAt: ts('created_at').notNull(),
  createdBy: text('created_by'),
  updatedAt: ts('updated_at').notNull(),
});

export const recognitionApplicationStatuses = [
  'submitted',
  'eligible',
  'ineligible',
  'recommended',
  'not_recommended',
  'recognised',
  'withdrawn',
] as const;

export const recognitionApplications = pgTable(
  'recognition_applications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    roundId: uuid('round_id')
      .notNull()
      .references(() => recognitionRounds.id),
    clusterCode: text('cluster_code')
      .notNull()
      .references(() => clusters.code),
    /** Declared figures, e.g. { leadIndustryOutput } in 亿元. */
    figures: jsonb('figures').notNull(),
    attachmentIds: uuid('attachment_ids').array().notNull(),
    statement: text('statement'),
    status: text('status', { enum: recognitionApplicationStatuses }).notNull(),
    eligibility: jsonb('eligibility'),
    /** The later stage this application was advanced to (null: first stage only). */
    reachedStage: text('reached_stage'),
    submittedAt: ts('submitted_at').notNull(),
    submittedBy: text('submitted_by'),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [uniqueIndex('recognition_applications_round_cluster_uq').on(t.roundId, t.clusterCode)],
);

/** The expert pool: fields, city and employer (credit code) for recusal; an optional sign-in account. */
export const experts = pgTable(
  'experts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    userId: uuid('user_id').references(() => users.id),
    fields: text('fields').array().notNull(),
    cityCode: text('city_code').notNull(),
    employerName: text('employer_name'),
    employerCreditCode: text('employer_credit_code'),
    conflictClusterCodes: text('conflict_cluster_codes').array().notNull(),
    active: boolean('active').notNull().default(true),
    isDemo: boolean('is_demo').notNull().default(false),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [uniqueIndex('experts_user_uq').on(t.userId)],
);

/** A panel drawn for one stage of a round, with its seed, members and recusals (reproducible). */
export const recognitionPanels = pgTable(
  'recognition_panels',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    roundId: uuid('round_id')
      .notNull()
      .references(() => recognitionRounds.id),
    stageCode: text('stage_code').notNull(),
    seed: integer('seed').notNull(),
    size: integer('size').notNull(),
    memberIds: uuid('member_ids').array().notNull(),
    recusals: jsonb('recusals').notNull(),
    drawnAt: ts('drawn_at').notNull(),
    drawnBy: text('drawn_by'),
  },
  (t) => [uniqueIndex('recognition_panels_round_stage_uq').on(t.roundId, t.stageCode)],
);

export const recognitionAssignments = pgTable(
  'recognition_assignments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    panelId: uuid('panel_id')
      .notNull()
      .references(() => recognitionPanels.id),
    roundId: uuid('round_id').notNull(),
    stageCode: text('stage_code').notNull(),
    expertId: uuid('expert_id')
      .notNull()
      .references(() => experts.id),
    applicationId: uuid('application_id')
      .notNull()
      .references(() => recognitionApplications.id),
  },
  (t) => [
    uniqueIndex('recognition_assignments_uq').on(t.stageCode, t.expertId, t.applicationId),
    index('recognition_assignments_expert_idx').on(t.expertId, t.roundId),
  ],
);

/**
 * Expert score sheets. Never updated in place: a correction is a new row that supersedes the previous
 * one (with its reason), so every number in a ranking traces to its inputs; after the decision only a
 * province correction (audited) may add a row.
 */
export const recognitionScores = pgTable(
  'recognition_scores',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    assignmentId: uuid('assignment_id')
      .notNull()
      .references(() => recognitionAssignments.id),
    roundId: uuid('round_id').notNull(),
    applicationId: uuid('application_id').notNull(),
    expertId: uuid('expert_id').notNull(),
    stageCode: text('stage_code').notNull(),
    aspectScores: jsonb('aspect_scores').notNull(),
    total: doublePrecision('total').notNull(),
    comment: text('comment'),
    supersedesId: uuid('supersedes_id'),
    supersededAt: ts('superseded_at'),
    correctionReason: text('correction_reason'),
    createdAt: ts('created_at').notNull(),
    createdBy: text('created_by'),
  },
  (t) => [index('recognition_scores_round_idx').on(t.roundId, t.applicationId)],
);

export const recognitionObjections = pgTable(
  'recognition_objections',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    roundId: uuid('round_id')
      .notNull()
      .references(() => recognitionRounds.id),
    applicationId: uuid('application_id').references(() => recognitionApplications.id),
    objector: text('objector').notNull(),
    content: text('content').notNull(),
    receivedOn: date('received_on', { mode: 'string' }).notNull(),
    outcome: text('outcome', { enum: ['upheld', 'dismissed'] }),
    answer: text('answer'),
    answeredAt: ts('answered_at'),
    answeredBy: text('answered_by'),
    createdAt: ts('created_at').notNull(),
    createdBy: text('created_by'),
  },
  (t) => [index('recognition_objections_round_idx').on(t.roundId)],
);

/** Upgrade applications: provincial → national candidacy, national → world class (issue 7, item 7). */
export const upgradeApplications = pgTable('upgrade_applications', {
  id: uuid('id').primaryKey().defaultRandom(),
  clusterCode: text('cluster_code')
    .notNull()
    .references(() => clusters.code),
  fromTier: text('from_tier').notNull(),
  toTier: text('to_tier').notNull(),
  year: integer('year').notNull(),
  statement: text('statement'),
  status: text('status', { enum: ['submitted', 'endorsed', 'rejected', 'granted'] }).notNull(),
  decisionNote: text('decision_note'),
  documentNumber: text('document_number'),
  submittedAt: ts('submitted_at').notNull(),
  submittedBy: text('submitted_by'),
  decidedAt: ts('decided_at'),
  decidedBy: text('decided_by'),
});

/** A national cluster's three-year action plan toward world class, with milestones tracked like tasks. */
export const actionPlans = pgTable(
  'action_plans',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    clusterCode: text('cluster_code')
      .notNull()
      .references(() => clusters.code),
    startYear: integer('start_year').notNull(),
    endYear: integer('end_year').notNull(),
    title: text('title').notNull(),
    createdAt: ts('created_at').notNull(),
    createdBy: text('created_by'),
  },
  (t) => [uniqueIndex('action_plans_cluster_start_uq').on(t.clusterCode, t.startYear)],
);

export const actionPlanMilestones = pgTable('action_plan_milestones', {
  id: uuid('id').primaryKey().defaultRandom(),
  planId: uuid('plan_id')
    .notNull()
    .references(() => actionPlans.id),
  title: text('title').notNull(),
  dueOn: date('due_on', { mode: 'string' }).notNull(),
  status: text('status', { enum: ['planned', 'in_progress', 'done', 'overdue'] }).notNull(),
  progressNote: text('progress_note'),
  updatedAt: ts('updated_at').notNull(),
  updatedBy: text('updated_by'),
});

/** Support funds by year to a cluster, a promoting organisation or a named project (万元). */
export const fundAllocations = pgTable(
  'fund_allocations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    year: integer('year').notNull(),
    recipientKind: text('recipient_kind', { enum: ['cluster', 'organisation', 'project'] }).notNull(),
    clusterCode: text('cluster_code').references(() => clusters.code),
    organisationCode: text('organisation_code').references(() => organisations.code),
    projectName: text('project_name'),
    amount: numeric('amount', { precision: 14, scale: 2 }).notNull(),
    purpose: text('purpose'),
    documentNumber: text('document_number'),
    roundId: uuid('round_id').references(() => recognitionRounds.id),
    createdAt: ts('created_at').notNull(),
    createdBy: text('created_by'),
  },
  (t) => [index('fund_allocations_year_idx').on(t.year)],
);

export type RecognitionRoundRow = typeof recognitionRounds.$inferSelect;
export type RecognitionApplicationRow = typeof recognitionApplications.$inferSelect;
export type ExpertRow = typeof experts.$inferSelect;
export type RecognitionPanelRow = typeof recognitionPanels.$inferSelect;
export type RecognitionScoreRow = typeof recognitionScores.$inferSelect;
export type RecognitionObjectionRow = typeof recognitionObjections.$inferSelect;
export type FundAllocationRow = typeof fundAllocations.$inferSelect;
