/**
 * The policy's key tasks and guarantee measures, the departments' periodic progress reports and their
 * review, scheduled duties and the to-do list; plus the request shapes of the targets API. One shape
 * for the server's validators, the OpenAPI document and the web client (docs/targets.md).
 */
import { z } from 'zod';
import { progressThresholdsSchema, targetBaselineSchema } from './target.contract.ts';
import { targetSetStatusSchema, targetStatusRowSchema } from './target-set-status.ts';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'date: YYYY-MM-DD / 日期格式 YYYY-MM-DD');

export const taskKinds = ['key_task', 'guarantee'] as const;
export type TaskKind = (typeof taskKinds)[number];

/** What a scheduled duty asks: a periodic progress report, or a recurring duty the policy names. */
export const taskDutyKinds = [
  'progress_report',
  'cooperation_activity',
  'promotion_plan',
  'progress_meeting',
] as const;
export type TaskDutyKind = (typeof taskDutyKinds)[number];

export const taskDutyKindLabels: Record<TaskDutyKind, { zh: string; en: string }> = {
  progress_report: { zh: '进展报告', en: 'Progress report' },
  cooperation_activity: { zh: '年度集群重大合作发展活动', en: 'Annual cluster cooperation activity' },
  promotion_plan: { zh: '年度推进计划', en: 'Annual promotion plan' },
  progress_meeting: { zh: '集群培育工作推进会', en: 'Progress meeting on cluster cultivation' },
};

export const taskReportStatuses = ['submitted', 'accepted', 'returned'] as const;
export type TaskReportStatus = (typeof taskReportStatuses)[number];

/** Half-year reporting periods: "2025-H1" (due 15 July) and "2025-H2" (due 15 January next year). */
export const reportPeriodSchema = z
  .string()
  .regex(/^\d{4}-H[12]$/, '报告期格式 YYYY-H1 / YYYY-H2 / period: YYYY-H1 or YYYY-H2');

/** The due date of a half-year report period. */
export function reportPeriodDue(period: string): string {
  const year = Number(period.slice(0, 4));
  return period.endsWith('H1') ? `${year}-07-15` : `${year + 1}-01-15`;
}

export const taskViewSchema = z.object({
  setCode: z.string(),
  code: z.string(),
  kind: z.enum(taskKinds),
  area: z.string(),
  title: z.string(),
  /** Responsible units as the policy names them, the lead first. */
  units: z.array(z.string()),
  /** Organisation codes of the units ("各市人民政府" expanded to the city bureaus). */
  departmentCodes: z.array(z.string()),
  recurring: z.string().nullable(),
  mechanisms: z.array(z.string()),
  /** Target codes under this task. */
  targets: z.array(z.string()),
});
export type TaskView = z.infer<typeof taskViewSchema>;

export const reportFigureSchema = z.strictObject({
  name: z.string().min(1).max(200),
  value: z.number().finite(),
  unit: z.string().max(20),
});

export const submitTaskReportRequestSchema = z.strictObject({
  period: reportPeriodSchema,
  text: z.string().trim().min(1).max(20_000),
  figures: z.array(reportFigureSchema).max(50).default([]),
  attachmentIds: z.array(z.uuid()).max(20).default([]),
  /** The department reporting; needed only by a province user reporting on a department's behalf. */
  departmentCode: z.string().optional(),
});
export type SubmitTaskReportRequest = z.infer<typeof submitTaskReportRequestSchema>;

export const reviewTaskReportRequestSchema = z.discriminatedUnion('decision', [
  z.strictObject({ decision: z.literal('accept'), version: z.number().int().positive() }),
  z.strictObject({
    decision: z.literal('return'),
    reason: z.string().trim().min(1).max(2000),
    version: z.number().int().positive(),
  }),
]);
export type ReviewTaskReportRequest = z.infer<typeof reviewTaskReportRequestSchema>;

export const taskReportViewSchema = z.object({
  id: z.string(),
  setCode: z.string(),
  taskCode: z.string(),
  departmentCode: z.string(),
  period: z.string(),
  text: z.string(),
  figures: z.array(z.object({ name: z.string(), value: z.number(), unit: z.string() })),
  attachmentIds: z.array(z.string()),
  status: z.enum(taskReportStatuses),
  returnReason: z.string().nullable(),
  submittedAt: z.string(),
  submittedBy: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  reviewedBy: z.string().nullable(),
  dueOn: z.string(),
  /** Submitted after the due date. */
  isLate: z.boolean(),
  version: z.number().int(),
});
export type TaskReportView = z.infer<typeof taskReportViewSchema>;

export const taskDutyViewSchema = z.object({
  id: z.string(),
  setCode: z.string(),
  taskCode: z.string(),
  taskTitle: z.string(),
  departmentCode: z.string(),
  kind: z.enum(taskDutyKinds),
  period: z.string(),
  title: z.string(),
  dueOn: z.string(),
  completedOn: z.string().nullable(),
  /** For a progress report duty: the report's status, null while none is submitted. */
  reportStatus: z.enum(taskReportStatuses).nullable(),
  isOverdue: z.boolean(),
});
export type TaskDutyView = z.infer<typeof taskDutyViewSchema>;

export const scheduleDutiesRequestSchema = z.strictObject({
  set: z.string().min(1).optional(),
  year: z.number().int().min(2000).max(2100),
});

export const completeDutyRequestSchema = z.strictObject({
  completedOn: isoDate,
  note: z.string().max(2000).optional(),
});

/** The targets API's query: set code (default: the newest set), version, date (default: today). */
export const targetsQuerySchema = z.strictObject({
  set: z.string().min(1).optional(),
  version: z.coerce.number().int().positive().optional(),
  date: isoDate.optional(),
});

/** A value of a `reported` target, by its owner, with evidence. */
export const reportTargetValueRequestSchema = z.strictObject({
  period: z.string().regex(/^\d{4}$/, '年度 YYYY / period: a year'),
  value: z.number().finite(),
  note: z.string().max(2000).optional(),
  attachmentIds: z.array(z.uuid()).max(20).default([]),
});
export type ReportTargetValueRequest = z.infer<typeof reportTargetValueRequestSchema>;

export const setBaselineRequestSchema = z.strictObject({ baseline: targetBaselineSchema.nullable() });
export const setThresholdsRequestSchema = z.strictObject({ thresholds: progressThresholdsSchema });

/** One obligation of a target or task: a department, or one city government of "各市人民政府". */
export const obligationViewSchema = z.object({
  unit: z.string(),
  role: z.enum(['lead', 'co-owner']),
  cityCode: z.string().nullable(),
  expandedFrom: z.string().nullable(),
});

/** `GET /api/targets`: the set's status on the date, each row with its task and expanded obligations. */
export const targetsResponseSchema = targetSetStatusSchema.extend({
  name: z.string(),
  thresholds: progressThresholdsSchema,
  targets: z.array(
    targetStatusRowSchema.extend({
      taskCode: z.string(),
      obligations: z.array(obligationViewSchema),
      /** Where the actual came from, in words (scope, counting, unaccepted figures included). */
      source: z.object({ zh: z.string(), en: z.string() }),
    }),
  ),
});
export type TargetsResponse = z.infer<typeof targetsResponseSchema>;

export const targetSetSummarySchema = z.object({
  code: z.string(),
  version: z.number().int(),
  name: z.string(),
  documentNumber: z.string(),
  issuedOn: z.string(),
  deadline: z.string().nullable(),
  targetCount: z.number().int(),
  thresholds: progressThresholdsSchema,
});
export type TargetSetSummary = z.infer<typeof targetSetSummarySchema>;

/** `GET /api/tasks/todo`: what the signed-in user has to do, earliest due first. */
export const todoItemSchema = z.object({
  /** `duty`: a department's open duty (a report to write or rework, an activity to hold); `review`: a report awaiting the province. */
  kind: z.enum(['duty', 'review']),
  dueOn: z.string(),
  isOverdue: z.boolean(),
  duty: taskDutyViewSchema.nullable(),
  report: taskReportViewSchema.nullable(),
});
export const todoResponseSchema = z.object({ date: z.string(), items: z.array(todoItemSchema) });
export type TodoResponse = z.infer<typeof todoResponseSchema>;

const scaleIndustrySchema = z.object({
  code: z.string(),
  name: z.string(),
  outputYuan: z.number().nullable(),
  reached: z.boolean(),
});

/** `GET /api/targets/3830`: clusters against 3 / 8 / 30 on the date, industries against the scale goals. */
export const pattern3830ResponseSchema = z.object({
  date: z.string(),
  pattern: z.object({ worldClass: z.number(), national: z.number(), provincial: z.number() }),
  clusters: z.object({
    tiers: z.array(
      z.object({
        tier: z.enum(['world', 'national', 'provincial']),
        goal: z.number(),
        reached: z.number(),
        reachedOrHigher: z.number(),
        cultivating: z.number(),
        gap: z.number(),
        isMet: z.boolean(),
        reachedCodes: z.array(z.string()),
        cultivatingCodes: z.array(z.string()),
      }),
    ),
    matrix: z.array(
      z.object({ tierReached: z.string(), cultivationTarget: z.string().nullable(), count: z.number() }),
    ),
    active: z.number(),
    revoked: z.number(),
  }),
  industries: z.object({
    /** The year of the output figures used (the latest on or before the date); null when none. */
    period: z.string().nullable(),
    groups: z.array(
      z.object({
        code: z.string(),
        thresholdLabel: z.string(),
        thresholdYuan: z.number(),
        goalCount: z.number().nullable(),
        named: z.array(scaleIndustrySchema),
        openSlots: z.number(),
        openCandidates: z.array(scaleIndustrySchema),
        openFilledBy: z.array(scaleIndustrySchema),
        reached: z.number(),
        isMet: z.boolean().nullable(),
        label: z.object({ zh: z.string(), en: z.string() }),
      }),
    ),
  }),
});
export type Pattern3830Response = z.infer<typeof pattern3830ResponseSchema>;
