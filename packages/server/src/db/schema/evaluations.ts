import {
  boolean,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { clusters } from './registry.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });

export const evaluationRunStatuses = ['queued', 'draft', 'failed', 'published'] as const;
export type EvaluationRunStatus = (typeof evaluationRunStatuses)[number];

export const reviewOutcomes = ['pass', 'rectify', 'revoke'] as const;
export type ReviewOutcome = (typeof reviewOutcomes)[number];

export const followUpOutcomes = ['pass', 'revoke'] as const;

/**
 * Stored framework versions (docs/evaluations.md). The spec is kept as its canonical JSON (RFC 8785)
 * text, so what a run records is byte for byte what was stored; `locked_at` is set when a run using the
 * version is published, after which the version never changes (a new version is a new row).
 */
export const evaluationFrameworks = pgTable('evaluation_frameworks', {
  version: text('version').primaryKey(),
  name: text('name').notNull(),
  nameEn: text('name_en').notNull(),
  description: text('description').notNull(),
  specJson: text('spec_json').notNull(),
  specHash: text('spec_hash').notNull(),
  reviewLine: doublePrecision('review_line').notNull(),
  referencePeriod: text('reference_period').notNull(),
  illustrative: boolean('illustrative').notNull(),
  lockedAt: ts('locked_at'),
  createdAt: ts('created_at').notNull(),
  createdBy: text('created_by'),
});

/**
 * Evaluation runs: framework version + period + clusters → data snapshot (accepted figures only) and
 * every result, each kept as canonical JSON text with its SHA-256. Published runs are immutable.
 */
export const evaluationRuns = pgTable(
  'evaluation_runs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    frameworkVersion: text('framework_version')
      .notNull()
      .references(() => evaluationFrameworks.version),
    period: text('period').notNull(),
    /** The clusters asked for; null: every recognised and candidate cluster (the annual evaluation). */
    requestedClusters: text('requested_clusters').array(),
    seed: integer('seed').notNull(),
    uncertaintyRuns: integer('uncertainty_runs').notNull(),
    status: text('status', { enum: evaluationRunStatuses }).notNull(),
    jobId: uuid('job_id'),
    specHash: text('spec_hash').notNull(),
    snapshotJson: text('snapshot_json'),
    snapshotHash: text('snapshot_hash'),
    resultsJson: text('results_json'),
    resultsHash: text('results_hash'),
    error: jsonb('error').$type<{ code: string; message: string; details?: unknown }>(),
    isDemo: boolean('is_demo').notNull().default(false),
    createdBy: text('created_by'),
    createdAt: ts('created_at').notNull(),
    computedAt: ts('computed_at'),
    publishedAt: ts('published_at'),
    publishedBy: text('published_by'),
  },
  (table) => [
    index('evaluation_runs_period_idx').on(table.frameworkVersion, table.period),
    index('evaluation_runs_status_idx').on(table.status, table.period),
  ],
);

/**
 * Triennial reviews (复核): the cluster scored alone on its framework's absolute scale against the review
 * line, and the outcome. A rectification carries its deadline and, later, the follow-up check.
 */
export const clusterReviews = pgTable(
  'cluster_reviews',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    clusterCode: text('cluster_code')
      .notNull()
      .references(() => clusters.code),
    recognisedOn: date('recognised_on', { mode: 'string' }),
    dueOn: date('due_on', { mode: 'string' }),
    frameworkVersion: text('framework_version')
      .notNull()
      .references(() => evaluationFrameworks.version),
    period: text('period').notNull(),
    score: doublePrecision('score'),
    reviewLine: doublePrecision('review_line').notNull(),
    belowReviewLine: boolean('below_review_line').notNull(),
    scoreJson: text('score_json').notNull(),
    outcome: text('outcome', { enum: reviewOutcomes }).notNull(),
    opinion: text('opinion').notNull(),
    decidedOn: date('decided_on', { mode: 'string' }).notNull(),
    documentNumber: text('document_number'),
    rectifyDeadline: date('rectify_deadline', { mode: 'string' }),
    followUpOn: date('follow_up_on', { mode: 'string' }),
    followUpOutcome: text('follow_up_outcome', { enum: followUpOutcomes }),
    followUpScore: doublePrecision('follow_up_score'),
    followUpNote: text('follow_up_note'),
    followUpDocumentNumber: text('follow_up_document_number'),
    isDemo: boolean('is_demo').notNull().default(false),
    version: integer('version').notNull().default(1),
    createdBy: text('created_by'),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (table) => [index('cluster_reviews_cluster_idx').on(table.clusterCode, table.decidedOn)],
);

export type EvaluationFrameworkRow = typeof evaluationFrameworks.$inferSelect;
export type EvaluationRunRow = typeof evaluationRuns.$inferSelect;
export type ClusterReviewRow = typeof clusterReviews.$inferSelect;
