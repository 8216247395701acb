import {
  type MetricDerivation,
  observationSources,
  observationStatuses,
  subjectTypes,
} from '@qunce/core/metrics';
import {
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const periodKindValues = ['year', 'quarter', 'ytd'] as const;

/** The metric catalogue (seeded from `@qunce/core/metrics`, editable by the province). */
export const metricDefinitions = pgTable('metric_definitions', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  nameEn: text('name_en').notNull(),
  unit: text('unit').notNull(),
  periodKinds: text('period_kinds', { enum: periodKindValues }).array().notNull(),
  subjectTypes: text('subject_types', { enum: subjectTypes }).array().notNull(),
  derivation: jsonb('derivation').$type<MetricDerivation | null>(),
  publisher: text('publisher'),
  description: text('description'),
  version: integer('version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull(),
});

/**
 * Observations: one value per (subject type, subject code, metric, period). `period_end` (the last day
 * of the period) serves period-range filters and sorting; derived cluster values carry source `rollup`.
 * No foreign key to the subject: subjects live in several tables (enterprises, clusters, regions, …),
 * the service checks them on write.
 */
export const observations = pgTable(
  'observations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    subjectType: text('subject_type', { enum: subjectTypes }).notNull(),
    subjectCode: text('subject_code').notNull(),
    metricCode: text('metric_code')
      .notNull()
      .references(() => metricDefinitions.code),
    period: text('period').notNull(),
    periodKind: text('period_kind', { enum: periodKindValues }).notNull(),
    periodEnd: date('period_end', { mode: 'string' }).notNull(),
    value: doublePrecision('value').notNull(),
    source: text('source', { enum: observationSources }).notNull(),
    status: text('status', { enum: observationStatuses }).notNull(),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull(),
    updatedBy: text('updated_by'),
  },
  (table) => [
    uniqueIndex('observations_natural_key').on(
      table.subjectType,
      table.subjectCode,
      table.metricCode,
      table.period,
    ),
    index('observations_metric_period_idx').on(table.metricCode, table.period, table.subjectType),
    index('observations_metric_end_idx').on(table.metricCode, table.periodEnd),
  ],
);

export type MetricDefinitionRow = typeof metricDefinitions.$inferSelect;
export type ObservationRow = typeof observations.$inferSelect;
