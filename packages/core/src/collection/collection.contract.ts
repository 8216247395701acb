/**
 * Data collection (DESIGN.md, "Data collection"; issue 5): data sets, periods with deadlines,
 * assignments (one submission per assignee and period) and their review. Request and response
 * shapes for the server's validators, the OpenAPI document and the web client.
 */
import { z } from 'zod';
import { metricCodeSchema } from '../metrics/metric.contract.ts';
import { periodKindSchema, periodSchema } from '../periods/period.ts';
import { versionSchema } from '../registry/common.contract.ts';

/** Subjects a data set collects figures for: enterprises of clusters, clusters, parks, cities. */
export const collectionSubjectTypes = ['enterprise', 'cluster', 'park', 'city'] as const;
export type CollectionSubjectType = (typeof collectionSubjectTypes)[number];

/** Who a period is assigned to: a city bureau or a cluster promoting organisation. */
export const assigneeKinds = ['city', 'cluster_org'] as const;
export type AssigneeKind = (typeof assigneeKinds)[number];

export const submissionStates = ['open', 'submitted', 'returned', 'accepted', 'reopened'] as const;
export type SubmissionState = (typeof submissionStates)[number];

/** What happened to a submission; each is one event in its history and one audit entry. */
export const submissionActions = ['assign', 'submit', 'city_forward', 'return', 'accept', 'reopen'] as const;
export type SubmissionAction = (typeof submissionActions)[number];

export const dataSetCodeSchema = z
  .string()
  .regex(
    /^[a-z][a-z0-9-]{1,63}$/,
    '数据集代码：小写字母、数字和连字符 / data set code: lower-case letters, digits, hyphens',
  );

export const reasonSchema = z.string().trim().min(2).max(2000);

// ── validation rules ──────────────────────────────────────────────────────────────────────────────

export const rangeRuleSchema = z
  .strictObject({
    metric: metricCodeSchema,
    min: z.number().finite().optional(),
    max: z.number().finite().optional(),
  })
  .refine(
    (r) => r.min !== undefined || r.max !== undefined,
    '范围需要 min 或 max / a range needs min or max',
  );

/** A comparison over metric codes of the same subject: `rd-expense <= revenue`, `a + b <= 2 * c`. */
export const crossFieldRuleSchema = z.strictObject({
  formula: z.string().trim().min(3).max(500),
  message: z.string().trim().max(200).optional(),
});

/**
 * Outliers against the subject's own history of comparable periods: |x − mean| > sdMultiple · sd
 * (sample standard deviation, at least `minHistory` earlier values), or |x / previous − 1| > yoyBound
 * (year-on-year change, e.g. 0.5 = ±50 %). An outlier passes only with a comment.
 */
export const outlierRuleSchema = z
  .strictObject({
    metric: metricCodeSchema,
    sdMultiple: z.number().positive().optional(),
    yoyBound: z.number().positive().optional(),
    minHistory: z.number().int().min(2).max(20).default(3),
  })
  .refine(
    (r) => r.sdMultiple !== undefined || r.yoyBound !== undefined,
    '异常值规则需要 sdMultiple 或 yoyBound / an outlier rule needs sdMultiple or yoyBound',
  );

export const validationRulesSchema = z.strictObject({
  /** Metrics every subject must report; default: none (figures may be left blank). */
  required: z.array(metricCodeSchema).default([]),
  ranges: z.array(rangeRuleSchema).default([]),
  crossField: z.array(crossFieldRuleSchema).default([]),
  outliers: z.array(outlierRuleSchema).default([]),
});
export type ValidationRulesInput = z.input<typeof validationRulesSchema>;
export type ValidationRules = z.output<typeof validationRulesSchema>;

// ── data sets ─────────────────────────────────────────────────────────────────────────────────────

export const createDataSetRequestSchema = z.strictObject({
  code: dataSetCodeSchema,
  name: z.string().trim().min(1).max(100),
  nameEn: z.string().trim().min(1).max(200),
  subjectType: z.enum(collectionSubjectTypes),
  metrics: z
    .array(metricCodeSchema)
    .min(1)
    .max(100)
    .refine((list) => new Set(list).size === list.length, '指标重复 / duplicate metric'),
  periodKind: periodKindSchema,
  /** Targets and plans: figures may be entered for periods that have not ended yet. */
  allowFuture: z.boolean().default(false),
  /** A city bureau reviews its cluster organisations' submissions before the province does. */
  cityReview: z.boolean().default(false),
  rules: validationRulesSchema.default({ required: [], ranges: [], crossField: [], outliers: [] }),
});
export type CreateDataSetRequest = z.output<typeof createDataSetRequestSchema>;

export const updateDataSetRequestSchema = z.strictObject({
  name: createDataSetRequestSchema.shape.name.optional(),
  nameEn: createDataSetRequestSchema.shape.nameEn.optional(),
  metrics: createDataSetRequestSchema.shape.metrics.optional(),
  allowFuture: z.boolean().optional(),
  cityReview: z.boolean().optional(),
  rules: validationRulesSchema.optional(),
  version: versionSchema,
});
export type UpdateDataSetRequest = z.output<typeof updateDataSetRequestSchema>;

export const dataSetViewSchema = z.object({
  code: z.string(),
  name: z.string(),
  nameEn: z.string(),
  subjectType: z.enum(collectionSubjectTypes),
  metrics: z.array(z.string()),
  periodKind: periodKindSchema,
  allowFuture: z.boolean(),
  cityReview: z.boolean(),
  rules: validationRulesSchema,
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type DataSetView = z.infer<typeof dataSetViewSchema>;

// ── periods and assignments ───────────────────────────────────────────────────────────────────────

export const openPeriodRequestSchema = z.strictObject({
  period: periodSchema,
  /** The last moment a submission is on time (ISO date-time). */
  deadline: z.iso.datetime({ offset: true }),
  /** Organisation codes: `city-370700`, cluster organisations. */
  assignees: z.array(z.string().min(1).max(64)).max(500).default([]),
});
export type OpenPeriodRequest = z.output<typeof openPeriodRequestSchema>;

export const assignRequestSchema = z.strictObject({
  assignees: z.array(z.string().min(1).max(64)).min(1).max(500),
});

export const collectionPeriodViewSchema = z.object({
  id: z.string(),
  dataSet: z.string(),
  period: z.string(),
  deadline: z.string(),
  openedAt: z.string(),
  openedBy: z.string().nullable(),
  assignments: z.number().int(),
});
export type CollectionPeriodView = z.infer<typeof collectionPeriodViewSchema>;

export const submissionViewSchema = z.object({
  id: z.string(),
  periodId: z.string(),
  dataSet: z.string(),
  dataSetName: z.string(),
  period: z.string(),
  deadline: z.string(),
  assignee: z.string(),
  assigneeName: z.string(),
  assigneeKind: z.enum(assigneeKinds),
  /** City of the assignee (a city bureau's own, a cluster organisation's home city). */
  cityCode: z.string().nullable(),
  state: z.enum(submissionStates),
  /** Waiting for the city's review before the province (cityReview data sets, cluster organisations). */
  awaitingCityReview: z.boolean(),
  firstSubmittedAt: z.string().nullable(),
  submittedAt: z.string().nullable(),
  acceptedAt: z.string().nullable(),
  /** First submission no later than the deadline; null while nothing is submitted and the deadline is ahead. */
  onTime: z.boolean().nullable(),
  /** The reason of the last return or reopening. */
  reason: z.string().nullable(),
  /** Values that differ from the figures last accepted (null: never accepted). */
  changedSinceAcceptance: z.number().int().nullable(),
  version: z.number().int(),
});
export type SubmissionView = z.infer<typeof submissionViewSchema>;

export const submissionValueSchema = z.object({
  subjectCode: z.string(),
  metric: z.string(),
  value: z.number().nullable(),
  comment: z.string().nullable(),
});
export type SubmissionValue = z.infer<typeof submissionValueSchema>;

export const saveValuesRequestSchema = z.strictObject({
  values: z
    .array(
      z.strictObject({
        subjectCode: z.string().trim().min(1).max(64),
        metric: metricCodeSchema,
        /** null clears the figure. */
        value: z.number().finite().nullable(),
        comment: z.string().trim().max(1000).nullable().optional(),
      }),
    )
    .min(1)
    .max(20000),
  version: versionSchema,
});
export type SaveValuesRequest = z.output<typeof saveValuesRequestSchema>;

export const validationIssueKinds = ['required', 'range', 'cross_field', 'outlier'] as const;
export type ValidationIssueKind = (typeof validationIssueKinds)[number];

export const validationIssueSchema = z.object({
  kind: z.enum(validationIssueKinds),
  subjectCode: z.string(),
  /** The metric concerned; for a cross-field rule the formula's first metric. */
  metric: z.string(),
  value: z.number().nullable(),
  message: z.string(),
  /** An outlier with a comment passes: it is still listed, with `blocking: false`. */
  blocking: z.boolean(),
  details: z.record(z.string(), z.unknown()).optional(),
});
export type ValidationIssue = z.infer<typeof validationIssueSchema>;

export const validationReportSchema = z.object({
  ok: z.boolean(),
  subjects: z.number().int(),
  values: z.number().int(),
  issues: z.array(validationIssueSchema),
});
export type ValidationReport = z.infer<typeof validationReportSchema>;

export const subjectRefSchema = z.object({ code: z.string(), name: z.string() });

export const submissionDetailSchema = submissionViewSchema.extend({
  metrics: z.array(z.object({ code: z.string(), name: z.string(), unit: z.string() })),
  subjects: z.array(subjectRefSchema),
  values: z.array(submissionValueSchema),
  history: z.array(
    z.object({
      action: z.enum(submissionActions),
      fromState: z.enum(submissionStates).nullable(),
      toState: z.enum(submissionStates),
      reason: z.string().nullable(),
      actorName: z.string().nullable(),
      at: z.string(),
    }),
  ),
});
export type SubmissionDetail = z.infer<typeof submissionDetailSchema>;

export const transitionRequestSchema = z.strictObject({
  version: versionSchema,
  reason: reasonSchema.optional(),
});
export type TransitionRequest = z.output<typeof transitionRequestSchema>;

export const listSubmissionsQuerySchema = z.strictObject({
  period: periodSchema.optional(),
  dataSet: dataSetCodeSchema.optional(),
  state: z.enum(submissionStates).optional(),
  assignee: z.string().max(64).optional(),
});
export type ListSubmissionsQuery = z.infer<typeof listSubmissionsQuerySchema>;

// ── completeness, league table, to-do ─────────────────────────────────────────────────────────────

export const completenessQuerySchema = z.strictObject({
  period: periodSchema,
  dataSet: dataSetCodeSchema.optional(),
});

export const assignmentStatusSchema = z.object({
  dataSet: z.string(),
  assignee: z.string(),
  assigneeName: z.string(),
  cityCode: z.string().nullable(),
  state: z.enum(submissionStates),
  submittedAt: z.string().nullable(),
  deadline: z.string(),
  onTime: z.boolean().nullable(),
});
export type AssignmentStatus = z.infer<typeof assignmentStatusSchema>;

export const cityLeagueRowSchema = z.object({
  rank: z.number().int(),
  cityCode: z.string(),
  cityName: z.string(),
  assignments: z.number().int(),
  /** Submitted at least once (any state but open). */
  submitted: z.number().int(),
  onTime: z.number().int(),
  late: z.number().int(),
  /** Deadline passed and nothing submitted. */
  missing: z.number().int(),
  returned: z.number().int(),
  accepted: z.number().int(),
  /** submitted / assignments. */
  completeness: z.number(),
  /** onTime / assignments. */
  timeliness: z.number(),
});
export type CityLeagueRow = z.infer<typeof cityLeagueRowSchema>;

export const completenessReportSchema = z.object({
  period: z.string(),
  asOf: z.string(),
  totals: z.object({
    assignments: z.number().int(),
    open: z.number().int(),
    submitted: z.number().int(),
    returned: z.number().int(),
    accepted: z.number().int(),
    reopened: z.number().int(),
    late: z.number().int(),
    missing: z.number().int(),
  }),
  assignments: z.array(assignmentStatusSchema),
  /** Not submitted (open) after the deadline. */
  notSubmitted: z.array(assignmentStatusSchema),
  /** First submitted after the deadline. */
  late: z.array(assignmentStatusSchema),
  returned: z.array(assignmentStatusSchema),
  cities: z.array(cityLeagueRowSchema),
});
export type CompletenessReport = z.infer<typeof completenessReportSchema>;

export const todoKinds = ['submit', 'city_review', 'review'] as const;

export const todoItemSchema = z.object({
  kind: z.enum(todoKinds),
  submissionId: z.string(),
  dataSet: z.string(),
  dataSetName: z.string(),
  period: z.string(),
  assignee: z.string(),
  assigneeName: z.string(),
  state: z.enum(submissionStates),
  deadline: z.string(),
  overdue: z.boolean(),
  reason: z.string().nullable(),
});
export type TodoItem = z.infer<typeof todoItemSchema>;

export const todoResponseSchema = z.object({ items: z.array(todoItemSchema) });

export const importResultSchema = z.object({
  dryRun: z.boolean(),
  issues: z.array(
    z.object({
      sheet: z.string(),
      row: z.number().int(),
      column: z.string(),
      header: z.string().optional(),
      value: z.string().nullable(),
      reason: z.string(),
    }),
  ),
  /** Figures read from the file (cells with a value). */
  values: z.number().int(),
  /** Figures that differ from what the submission holds (written unless dry run or issues). */
  changed: z.number().int(),
  written: z.boolean(),
});
export type CollectionImportResult = z.infer<typeof importResultSchema>;

export const acceptanceQuerySchema = z.strictObject({
  metric: metricCodeSchema,
  subjectType: z.enum(['enterprise', 'cluster', 'park', 'city', 'province', 'industry']),
  period: periodSchema,
  subjectCodes: z.array(z.string()).optional(),
});

export const acceptanceSummarySchema = z.object({
  /** Observations in the set. */
  total: z.number().int(),
  accepted: z.number().int(),
  /** provisional or submitted observations (entered outside an accepted submission). */
  unaccepted: z.number().int(),
  /** Derived values (roll-ups): accepted when all their inputs are (see `describeAcceptance`). */
  derived: z.number().int(),
  includesUnaccepted: z.boolean(),
});
export type AcceptanceSummary = z.infer<typeof acceptanceSummarySchema>;
