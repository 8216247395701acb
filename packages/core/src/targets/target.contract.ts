/**
 * Target sets: the quantified goals of a policy (2025: 鲁政办字〔2023〕185号; a 2030 set later), each
 * with its baseline, comparator, deadline, responsible departments and the binding that says how its
 * actual value is obtained. One shape for the server's tables, the API, the CLI and the web app.
 */
import { z } from 'zod';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'date: YYYY-MM-DD / 日期格式 YYYY-MM-DD');

/** `atLeast` 以上/超过/达到, `atMost` 不超过/控制在…以内, `approx` 左右 (with a tolerance). */
export const targetComparators = ['atLeast', 'approx', 'atMost'] as const;
export type TargetComparator = (typeof targetComparators)[number];

/**
 * How progress is measured (docs/methods/target-progress.md):
 * `compound` for counts and amounts (ratio of compound annual growth rates, log-linear forecast);
 * `linear` for shares, rates and differences (ratio of linear slopes, linear forecast).
 */
export const targetTrends = ['compound', 'linear'] as const;
export type TargetTrend = (typeof targetTrends)[number];

export const clusterTiers = ['world', 'national', 'provincial', 'candidate'] as const;
export type ClusterTier = (typeof clusterTiers)[number];

export const designationLevels = ['national', 'provincial'] as const;
export type DesignationLevel = (typeof designationLevels)[number];

/**
 * Designation types counted by the policy's targets (DESIGN.md, "Designation"). The designation
 * registry stores the same codes.
 */
export const designationTypes = [
  'high-tech', // 高新技术企业
  'specialised-sme', // 专精特新中小企业 (provincial)
  'little-giant', // 专精特新“小巨人” (national)
  'single-champion', // 制造业单项冠军 (national / provincial)
  'gazelle', // 瞪羚企业
  'unicorn', // 独角兽企业
  'world-class-enterprise', // 世界一流企业
  'leading-enterprise', // 制造业领航企业
  'national-smart-factory', // 国家智能制造工厂
  'provincial-smart-factory', // 省级智能工厂
  'digital-workshop', // 数字化车间
  'benchmark-enterprise', // 标杆企业
] as const;
export type DesignationType = (typeof designationTypes)[number];

/** What a registry-bound target counts. */
export const registryMeasureSchema = z.discriminatedUnion('subject', [
  /** Clusters whose tier reached equals `tier` and that are recognised (or rectifying) on the date. */
  z.object({ subject: z.literal('clusters'), tier: z.enum(clusterTiers) }),
  /** Enterprises holding (valid-on-date) or grants of (cumulative-grants) any of these designations. */
  z.object({
    subject: z.literal('designations'),
    designations: z
      .array(z.object({ type: z.enum(designationTypes), level: z.enum(designationLevels).optional() }))
      .min(1),
  }),
  /** Innovation carriers (national / provincial technology innovation platforms) hosted in scope. */
  z.object({ subject: z.literal('carriers'), level: z.enum(designationLevels) }),
  /** Share (%) of the parks serving clusters in scope that hold the attribute. */
  z.object({ subject: z.literal('park-share'), attribute: z.enum(['eco-industrial']) }),
]);
export type RegistryMeasure = z.infer<typeof registryMeasureSchema>;

/**
 * How a target's actual value is obtained.
 * - `registry`: computed from the registries. `scope` = enterprises (carriers, parks) in recognised
 *   clusters, or the whole province; `counting` = distinct subjects holding a valid designation on the
 *   date (`valid-on-date`), or every grant up to the date, expired or not (`cumulative-grants`, 累计).
 * - `industry-output`: the number of the policy's industries whose reported annual output (an
 *   `industry` observation reported by 省工业和信息化厅) reaches the threshold; see pattern-3830.ts.
 * - `reported`: reported each period by the owner, with evidence, through data collection.
 */
export const targetBindingSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('registry'),
    scope: z.enum(['recognised-clusters', 'province']),
    counting: z.enum(['valid-on-date', 'cumulative-grants']),
    measure: registryMeasureSchema,
  }),
  z.object({
    kind: z.literal('industry-output'),
    scaleGroup: z.string().min(1),
    thresholdYuan: z.number().positive(),
  }),
  z.object({ kind: z.literal('reported'), reporter: z.string().min(1) }),
]);
export type TargetBinding = z.infer<typeof targetBindingSchema>;

/** Responsible departments (责任单位) as the policy names them; the first one listed leads (牵头). */
export const targetDepartmentsSchema = z.object({
  lead: z.string().min(1),
  coOwners: z.array(z.string().min(1)),
});
export type TargetDepartments = z.infer<typeof targetDepartmentsSchema>;

export const targetBaselineSchema = z.object({
  /** The period as people say it, e.g. "2022". */
  period: z.string().min(1),
  /** The date the value refers to (end of the period), used for the arithmetic. */
  date: isoDate,
  value: z.number().finite(),
});
export type TargetBaseline = z.infer<typeof targetBaselineSchema>;

export const targetSchema = z
  .object({
    code: z.string().min(1).max(32),
    /** The key task or section the target sits under, e.g. "2.1.1"; "1" for the overall goals. */
    taskCode: z.string().min(1),
    text: z.string().min(1),
    textEn: z.string().min(1),
    unit: z.string().min(1),
    baseline: targetBaselineSchema.nullable(),
    value: z.number().finite(),
    comparator: z.enum(targetComparators),
    /** Half-width of the 左右 band, in the target's unit; required for `approx`, null otherwise. */
    tolerance: z.number().nonnegative().nullable(),
    deadline: isoDate,
    trend: z.enum(targetTrends),
    departments: targetDepartmentsSchema,
    binding: targetBindingSchema,
  })
  .superRefine((t, ctx) => {
    if (t.comparator === 'approx' && t.tolerance === null) {
      ctx.addIssue({
        code: 'custom',
        path: ['tolerance'],
        message: '“左右”目标须给出容差 / an approx target needs a tolerance',
      });
    }
    if (t.comparator !== 'approx' && t.tolerance !== null) {
      ctx.addIssue({
        code: 'custom',
        path: ['tolerance'],
        message: '只有“左右”目标有容差 / only approx targets have a tolerance',
      });
    }
    if (t.baseline && t.baseline.date >= t.deadline) {
      ctx.addIssue({
        code: 'custom',
        path: ['baseline', 'date'],
        message: '基期须早于期限 / the baseline must precede the deadline',
      });
    }
  });
export type Target = z.infer<typeof targetSchema>;

/** A versioned set of targets: `code` names the set (e.g. "sd-2025"), `version` counts its revisions. */
export const targetSetSchema = z
  .object({
    code: z.string().min(1).max(64),
    version: z.number().int().positive(),
    name: z.string().min(1),
    document: z.object({ number: z.string().min(1), title: z.string().min(1), issued: isoDate }),
    targets: z.array(targetSchema).min(1),
  })
  .superRefine((set, ctx) => {
    const seen = new Set<string>();
    set.targets.forEach((t, i) => {
      if (seen.has(t.code)) {
        ctx.addIssue({
          code: 'custom',
          path: ['targets', i, 'code'],
          message: `目标代码重复 / duplicate target code ${t.code}`,
        });
      }
      seen.add(t.code);
    });
  });
export type TargetSet = z.infer<typeof targetSetSchema>;

/** A dated actual value of a target (from the registries, an industry observation or a report). */
export const targetObservationSchema = z.object({ date: isoDate, value: z.number().finite() });
export type TargetObservation = z.infer<typeof targetObservationSchema>;

export const progressStatuses = [
  'achieved',
  'on_track',
  'needs_acceleration',
  'limited_progress',
  'deteriorating',
  'not_achieved',
  'no_data',
] as const;
export type ProgressStatus = (typeof progressStatuses)[number];

/** Status labels for tables and charts (中文 / English). */
export const progressStatusLabels: Record<ProgressStatus, { zh: string; en: string }> = {
  achieved: { zh: '已实现', en: 'Achieved' },
  on_track: { zh: '进展顺利', en: 'On track' },
  needs_acceleration: { zh: '需加快推进', en: 'Needs acceleration' },
  limited_progress: { zh: '进展有限', en: 'Limited progress' },
  deteriorating: { zh: '出现倒退', en: 'Deteriorating' },
  not_achieved: { zh: '未实现', en: 'Not achieved' },
  no_data: { zh: '暂无数据', en: 'No data' },
};

/**
 * Ratio thresholds: ratio ≥ onTrack → on_track; ≥ needsAcceleration → needs_acceleration;
 * ≥ limitedProgress → limited_progress; below → deteriorating. Defaults: Eurostat's 95 % / 60 % / 0 %.
 */
export const progressThresholdsSchema = z
  .object({
    onTrack: z.number().finite(),
    needsAcceleration: z.number().finite(),
    limitedProgress: z.number().finite(),
  })
  .refine((t) => t.onTrack > t.needsAcceleration && t.needsAcceleration > t.limitedProgress, {
    message: '阈值须递减 / thresholds must decrease: onTrack > needsAcceleration > limitedProgress',
  });
export type ProgressThresholds = z.infer<typeof progressThresholdsSchema>;

export const defaultProgressThresholds: ProgressThresholds = {
  onTrack: 0.95,
  needsAcceleration: 0.6,
  limitedProgress: 0,
};

const bilingual = z.object({ zh: z.string(), en: z.string() });

/** One line of the shown arithmetic, e.g. { name: 'CAGR required', expression: '(5000 / 3000)^(1/3) − 1', value: 0.1856 }. */
export const calculationStepSchema = z.object({
  name: z.string(),
  expression: z.string(),
  value: z.number(),
});
export type CalculationStep = z.infer<typeof calculationStepSchema>;

export const progressCalculationSchema = z.object({
  /** Which branch decided the status. */
  method: z.enum([
    'no-data',
    'achieved',
    'outcome-at-deadline',
    'compound-ratio',
    'linear-ratio',
    'slipped-below-met-baseline',
  ]),
  /** The formula in words, e.g. "ratio = CAGR_actual / CAGR_required". */
  formula: z.string(),
  baseline: targetBaselineSchema.nullable(),
  latest: targetObservationSchema.nullable(),
  target: z.object({
    value: z.number(),
    comparator: z.enum(targetComparators),
    tolerance: z.number().nullable(),
    deadline: isoDate,
  }),
  yearsElapsed: z.number().nullable(),
  yearsTotal: z.number().nullable(),
  actualRate: z.number().nullable(),
  requiredRate: z.number().nullable(),
  ratio: z.number().nullable(),
  thresholds: z.object({ onTrack: z.number(), needsAcceleration: z.number(), limitedProgress: z.number() }),
  /** True when the deadline has passed but the figure for the deadline itself is not yet in. */
  isProvisional: z.boolean(),
  steps: z.array(calculationStepSchema),
  explanation: bilingual,
});
export type ProgressCalculation = z.infer<typeof progressCalculationSchema>;

export const progressForecastSchema = z.object({
  model: z.enum(['log-linear', 'linear']),
  at: isoDate,
  value: z.number(),
  /** OLS prediction interval at `level`; null when not estimable (two points leave no residual). */
  interval: z.object({ level: z.number(), lower: z.number(), upper: z.number() }).nullable(),
  pointsUsed: z.number().int(),
  fit: z.object({
    intercept: z.number(),
    slope: z.number(),
    residualSd: z.number().nullable(),
    degreesOfFreedom: z.number().int(),
  }),
  meetsTarget: z.boolean(),
  note: bilingual,
});
export type ProgressForecast = z.infer<typeof progressForecastSchema>;

export const progressAssessmentSchema = z.object({
  status: z.enum(progressStatuses),
  calculation: progressCalculationSchema,
  forecast: progressForecastSchema.nullable(),
});
export type ProgressAssessment = z.infer<typeof progressAssessmentSchema>;
