import {
  assigneeKinds,
  collectionSubjectTypes,
  submissionActions,
  submissionStates,
  type ValidationRules,
} from '@qunce/core/collection';
import { subjectTypes } from '@qunce/core/metrics';
import {
  bigserial,
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { organisations } from './organisations.ts';

const periodKindValues = ['year', 'quarter', 'ytd'] as const;
const ts = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });

/** A data set: which metrics, for which subject type, reported per period kind, with its rules. */
export const collectionDataSets = pgTable('collection_data_sets', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  nameEn: text('name_en').notNull(),
  subjectType: text('subject_type', { enum: collectionSubjectTypes }).notNull(),
  metrics: text('metrics').array().notNull(),
  periodKind: text('period_kind', { enum: periodKindValues }).notNull(),
  allowFuture: boolean('allow_future').notNull().default(false),
  cityReview: boolean('city_review').notNull().default(false),
  rules: jsonb('rules').$type<ValidationRules>().notNull(),
  version: integer('version').notNull().default(1),
  createdAt: ts('created_at').notNull(),
  updatedAt: ts('updated_at').notNull(),
});

/** A period opened for a data set, with its deadline. */
export const collectionPeriods = pgTable(
  'collection_periods',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    dataSetCode: text('data_set_code')
      .notNull()
      .references(() => collectionDataSets.code),
    period: text('period').notNull(),
    deadline: ts('deadline').notNull(),
    openedAt: ts('opened_at').notNull(),
    openedBy: text('opened_by'),
  },
  (table) => [
    uniqueIndex('collection_periods_data_set_period').on(table.dataSetCode, table.period),
    index('collection_periods_period_idx').on(table.period),
  ],
);

/** One assignment of a period to an organisation, and its submission's state. */
export const collectionSubmissions = pgTable(
  'collection_submissions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    periodId: uuid('period_id')
      .notNull()
      .references(() => collectionPeriods.id),
    assigneeCode: text('assignee_code')
      .notNull()
      .references(() => organisations.code),
    assigneeKind: text('assignee_kind', { enum: assigneeKinds }).notNull(),
    state: text('state', { enum: submissionStates }).notNull(),
    firstSubmittedAt: ts('first_submitted_at'),
    submittedAt: ts('submitted_at'),
    cityReviewedAt: ts('city_reviewed_at'),
    acceptedAt: ts('accepted_at'),
    lastReason: text('last_reason'),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (table) => [
    uniqueIndex('collection_submissions_period_assignee').on(table.periodId, table.assigneeCode),
    index('collection_submissions_assignee_idx').on(table.assigneeCode),
  ],
);

/**
 * Figures staged per submission (never written to `observations` before acceptance). `accepted_value`
 * is the figure as last accepted, to count the values changed since.
 */
export const collectionValues = pgTable(
  'collection_values',
  {
    submissionId: uuid('submission_id')
      .notNull()
      .references(() => collectionSubmissions.id),
    subjectCode: text('subject_code').notNull(),
    metricCode: text('metric_code').notNull(),
    value: doublePrecision('value'),
    comment: text('comment'),
    acceptedValue: doublePrecision('accepted_value'),
    wasAccepted: boolean('was_accepted').notNull().default(false),
    updatedAt: ts('updated_at').notNull(),
    updatedBy: text('updated_by'),
  },
  (table) => [primaryKey({ columns: [table.submissionId, table.subjectCode, table.metricCode] })],
);

/** Every state change of a submission, with its reason (also in the audit log). */
export const collectionEvents = pgTable(
  'collection_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Order of the events (several may share a millisecond). */
    seq: bigserial('seq', { mode: 'number' }).notNull(),
    submissionId: uuid('submission_id')
      .notNull()
      .references(() => collectionSubmissions.id),
    action: text('action', { enum: submissionActions }).notNull(),
    fromState: text('from_state', { enum: submissionStates }),
    toState: text('to_state', { enum: submissionStates }).notNull(),
    reason: text('reason'),
    actorId: text('actor_id'),
    actorName: text('actor_name'),
    at: ts('at').notNull(),
  },
  (table) => [index('collection_events_submission_idx').on(table.submissionId, table.at)],
);

/**
 * Observations locked by an accepted submission: the metrics service refuses to change them (423)
 * until the submission is reopened, which deletes its locks.
 */
export const observationLocks = pgTable(
  'observation_locks',
  {
    subjectType: text('subject_type', { enum: subjectTypes }).notNull(),
    subjectCode: text('subject_code').notNull(),
    metricCode: text('metric_code').notNull(),
    period: text('period').notNull(),
    submissionId: uuid('submission_id')
      .notNull()
      .references(() => collectionSubmissions.id),
    lockedAt: ts('locked_at').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.subjectType, table.subjectCode, table.metricCode, table.period] }),
    index('observation_locks_submission_idx').on(table.submissionId),
  ],
);

export type CollectionDataSetRow = typeof collectionDataSets.$inferSelect;
export type CollectionPeriodRow = typeof collectionPeriods.$inferSelect;
export type CollectionSubmissionRow = typeof collectionSubmissions.$inferSelect;
export type CollectionValueRow = typeof collectionValues.$inferSelect;
export type CollectionEventRow = typeof collectionEvents.$inferSelect;
