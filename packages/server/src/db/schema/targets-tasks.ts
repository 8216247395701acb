import {
  type ProgressThresholds,
  type Target,
  taskDutyKinds,
  taskKinds,
  taskReportStatuses,
} from '@qunce/core/targets';
import { sql } from 'drizzle-orm';
import {
  date,
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

/**
 * Target sets (docs/targets.md): one row per (code, version); a new version of a set is a new row,
 * older versions stay for the record. `thresholds` are the progress-ratio thresholds of this set.
 */
export const targetSets = pgTable(
  'target_sets',
  {
    code: text('code').notNull(),
    version: integer('version').notNull(),
    name: text('name').notNull(),
    documentNumber: text('document_number').notNull(),
    documentTitle: text('document_title').notNull(),
    issuedOn: date('issued_on', { mode: 'string' }).notNull(),
    thresholds: jsonb('thresholds').$type<ProgressThresholds>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.code, table.version] })],
);

/** The targets of a set version; `definition` is the core `Target` (text, baseline, binding, owners). */
export const targetDefinitions = pgTable(
  'target_definitions',
  {
    setCode: text('set_code').notNull(),
    setVersion: integer('set_version').notNull(),
    code: text('code').notNull(),
    sortOrder: integer('sort_order').notNull(),
    definition: jsonb('definition').$type<Target>().notNull(),
  },
  (table) => [primaryKey({ columns: [table.setCode, table.setVersion, table.code] })],
);

/**
 * Values of `reported` targets, reported by the owning department per period with evidence
 * (attachment ids). One live value per (set, target, date); a correction replaces it (audited).
 */
export const targetReportedValues = pgTable(
  'target_reported_values',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    setCode: text('set_code').notNull(),
    targetCode: text('target_code').notNull(),
    period: text('period').notNull(),
    /** The date the value refers to (end of the period). */
    valueDate: date('value_date', { mode: 'string' }).notNull(),
    value: doublePrecision('value').notNull(),
    note: text('note'),
    attachmentIds: uuid('attachment_ids').array().notNull().default(sql`'{}'::uuid[]`),
    departmentCode: text('department_code')
      .notNull()
      .references(() => organisations.code),
    reportedBy: text('reported_by'),
    reportedAt: timestamp('reported_at', { withTimezone: true, precision: 3 }).notNull(),
  },
  (table) => [uniqueIndex('target_reported_values_key').on(table.setCode, table.targetCode, table.valueDate)],
);

/** The policy's key tasks and guarantee measures of a set, with their responsible departments. */
export const policyTasks = pgTable(
  'policy_tasks',
  {
    setCode: text('set_code').notNull(),
    code: text('code').notNull(),
    kind: text('kind', { enum: taskKinds }).notNull(),
    area: text('area').notNull(),
    title: text('title').notNull(),
    /** Responsible units as the policy names them, the lead first. */
    units: text('units').array().notNull(),
    /** Organisation codes of the units, "各市人民政府" expanded to the 16 city bureaus. */
    departmentCodes: text('department_codes').array().notNull(),
    recurring: text('recurring'),
    mechanisms: text('mechanisms').array().notNull().default(sql`'{}'::text[]`),
    sortOrder: integer('sort_order').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.setCode, table.code] }),
    index('policy_tasks_departments_idx').using('gin', table.departmentCodes),
  ],
);

// Duty kinds, report states and task kinds come from @qunce/core/targets (tasks.contract.ts).

/**
 * Scheduled duties of a department on a task: a periodic progress report, or a recurring duty the
 * policy names (annual cooperation activity, annual promotion plan, regular progress meetings).
 * Overdue = past `due_on` and not done (for a report: no submitted or accepted report).
 */
export const taskDuties = pgTable(
  'task_duties',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    setCode: text('set_code').notNull(),
    taskCode: text('task_code').notNull(),
    departmentCode: text('department_code')
      .notNull()
      .references(() => organisations.code),
    kind: text('kind', { enum: taskDutyKinds }).notNull(),
    period: text('period').notNull(),
    title: text('title').notNull(),
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    completedOn: date('completed_on', { mode: 'string' }),
    note: text('note'),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull(),
  },
  (table) => [
    uniqueIndex('task_duties_key').on(
      table.setCode,
      table.taskCode,
      table.departmentCode,
      table.kind,
      table.period,
    ),
    index('task_duties_department_idx').on(table.departmentCode, table.dueOn),
  ],
);

/** Progress reports of a department on a task for a period, reviewed by the province. */
export const taskReports = pgTable(
  'task_reports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    setCode: text('set_code').notNull(),
    taskCode: text('task_code').notNull(),
    departmentCode: text('department_code')
      .notNull()
      .references(() => organisations.code),
    period: text('period').notNull(),
    text: text('text').notNull(),
    figures: jsonb('figures').$type<{ name: string; value: number; unit: string }[]>().notNull(),
    attachmentIds: uuid('attachment_ids').array().notNull().default(sql`'{}'::uuid[]`),
    status: text('status', { enum: taskReportStatuses }).notNull(),
    returnReason: text('return_reason'),
    submittedAt: timestamp('submitted_at', { withTimezone: true, precision: 3 }).notNull(),
    submittedBy: text('submitted_by'),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true, precision: 3 }),
    reviewedBy: text('reviewed_by'),
    version: integer('version').notNull().default(1),
  },
  (table) => [
    uniqueIndex('task_reports_key').on(table.setCode, table.taskCode, table.departmentCode, table.period),
    index('task_reports_status_idx').on(table.status),
  ],
);

export type TargetSetRow = typeof targetSets.$inferSelect;
export type TargetDefinitionRow = typeof targetDefinitions.$inferSelect;
export type TargetReportedValueRow = typeof targetReportedValues.$inferSelect;
export type PolicyTaskRow = typeof policyTasks.$inferSelect;
export type TaskDutyRow = typeof taskDuties.$inferSelect;
export type TaskReportRow = typeof taskReports.$inferSelect;
