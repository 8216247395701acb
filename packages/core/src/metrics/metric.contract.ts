/**
 * Metric catalogue and observations (DESIGN.md, "Metric observation"; issue 4).
 *
 * A metric has a stable code, the subject types it is observed for, the period kinds it is reported
 * in, and for derived subjects how it is derived:
 *   rollup           cluster values from member enterprises' observations and designations by a
 *                    `@qunce/core/rollup` rule; with `province: true` also the province-wide value over
 *                    all clusters (an enterprise in two clusters counts once), stored for the province;
 *   gap_to_province  a cluster's value of `metric` minus the province's value of the same metric for the
 *                    period (the provincial average is an observation entered as published, not derived).
 * Every other (subject type, metric) pair is entered or imported.
 */
import { z } from 'zod';
import { type PeriodKind, periodKindSchema, periodSchema } from '../periods/period.ts';
import { pagingQuerySchema, versionSchema } from '../registry/common.contract.ts';
import { rollupRuleSchema } from '../rollup/rollup.ts';

export const subjectTypes = ['enterprise', 'cluster', 'park', 'city', 'province', 'industry'] as const;
export type SubjectType = (typeof subjectTypes)[number];

export const observationStatuses = ['provisional', 'submitted', 'accepted'] as const;
export type ObservationStatus = (typeof observationStatuses)[number];

/** entered: typed in; imported: from a file; published: copied from an official publication; rollup: derived. */
export const observationSources = ['entered', 'imported', 'published', 'rollup'] as const;
export type ObservationSource = (typeof observationSources)[number];

export const metricCodeSchema = z
  .string()
  .regex(
    /^[a-z][a-z0-9-]{1,63}$/,
    '指标代码：小写字母、数字和连字符 / metric code: lower-case letters, digits, hyphens',
  );

export const metricDerivationSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('rollup'), rule: rollupRuleSchema, province: z.boolean().default(false) }),
  z.object({ kind: z.literal('gap_to_province'), metric: metricCodeSchema }),
]);
export type MetricDerivationInput = z.input<typeof metricDerivationSchema>;
export type MetricDerivation = z.output<typeof metricDerivationSchema>;

const subjectTypeListSchema = z
  .array(z.enum(subjectTypes))
  .min(1)
  .refine((list) => new Set(list).size === list.length, '主体类型重复 / duplicate subject type');
const periodKindListSchema = z
  .array(periodKindSchema)
  .min(1)
  .refine((list) => new Set(list).size === list.length, '期间类型重复 / duplicate period kind');

const metricFieldsShape = {
  name: z.string().trim().min(1).max(100),
  nameEn: z.string().trim().min(1).max(200),
  unit: z.string().trim().min(1).max(20),
  periodKinds: periodKindListSchema,
  subjectTypes: subjectTypeListSchema,
  derivation: metricDerivationSchema.nullable(),
  /** Who publishes or reports the figure (e.g. 省统计局 for the provincial average). */
  publisher: z.string().trim().max(100).nullable(),
  description: z.string().trim().max(2000).nullable(),
};

/** A catalogue entry as written in the seed or a request (defaults optional). */
export const metricDefinitionSchema = z
  .object({ code: metricCodeSchema, ...metricFieldsShape })
  .superRefine((m, ctx) => {
    if (m.derivation && !m.subjectTypes.includes('cluster')) {
      ctx.addIssue({
        code: 'custom',
        path: ['subjectTypes'],
        message: '派生指标须含集群主体 / a derived metric must include the cluster subject type',
      });
    }
    if (m.derivation?.kind === 'rollup' && m.derivation.province && !m.subjectTypes.includes('province')) {
      ctx.addIssue({
        code: 'custom',
        path: ['subjectTypes'],
        message: '全省汇总须含省级主体 / a province-wide roll-up needs the province subject type',
      });
    }
  });
export type MetricDefinitionInput = z.input<typeof metricDefinitionSchema>;
export type MetricDefinition = z.output<typeof metricDefinitionSchema>;

export const metricViewSchema = z.object({
  code: z.string(),
  ...metricFieldsShape,
  derivation: metricDerivationSchema.nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type MetricView = z.infer<typeof metricViewSchema>;

export const createMetricRequestSchema = metricDefinitionSchema;
export type CreateMetricRequest = z.output<typeof createMetricRequestSchema>;

export const updateMetricRequestSchema = z.strictObject({
  name: metricFieldsShape.name.optional(),
  nameEn: metricFieldsShape.nameEn.optional(),
  unit: metricFieldsShape.unit.optional(),
  periodKinds: periodKindListSchema.optional(),
  subjectTypes: subjectTypeListSchema.optional(),
  derivation: metricDerivationSchema.nullable().optional(),
  publisher: metricFieldsShape.publisher.optional(),
  description: metricFieldsShape.description.optional(),
  version: versionSchema,
});
export type UpdateMetricRequest = z.output<typeof updateMetricRequestSchema>;

export const listMetricsQuerySchema = z.strictObject({
  subjectType: z.enum(subjectTypes).optional(),
  derived: z.enum(['true', 'false']).optional(),
});
export type ListMetricsQuery = z.infer<typeof listMetricsQuerySchema>;

/** Which (subject type) values of a metric are derived rather than entered. */
export function derivedSubjectTypes(metric: Pick<MetricDefinition, 'derivation'>): SubjectType[] {
  if (!metric.derivation) return [];
  if (metric.derivation.kind === 'rollup' && metric.derivation.province) return ['cluster', 'province'];
  return ['cluster'];
}

/** True when the metric's values for this subject type are computed, never entered. */
export function isDerivedFor(
  metric: Pick<MetricDefinition, 'derivation'>,
  subjectType: SubjectType,
): boolean {
  return derivedSubjectTypes(metric).includes(subjectType);
}

export function acceptsPeriodKind(metric: { periodKinds: readonly PeriodKind[] }, kind: PeriodKind): boolean {
  return metric.periodKinds.includes(kind);
}

// ── Observations ──────────────────────────────────────────────────────────────────────────────────

export const subjectCodeSchema = z.string().trim().min(1).max(64);

/** One observation to write (natural key: subject type, subject code, metric, period). */
export const observationInputSchema = z.strictObject({
  subjectType: z.enum(subjectTypes),
  subjectCode: subjectCodeSchema,
  metric: metricCodeSchema,
  period: periodSchema,
  value: z.number().finite(),
  source: z.enum(['entered', 'imported', 'published']).default('entered'),
  status: z.enum(observationStatuses).default('provisional'),
  /** When given, the write is refused (409) unless the stored observation has this version. */
  version: versionSchema.optional(),
});
export type ObservationInput = z.output<typeof observationInputSchema>;

export const observationBatchRequestSchema = z.strictObject({
  items: z.array(observationInputSchema).min(1).max(5000),
});
export type ObservationBatchRequest = z.output<typeof observationBatchRequestSchema>;

export const observationViewSchema = z.object({
  id: z.string(),
  subjectType: z.enum(subjectTypes),
  subjectCode: z.string(),
  metric: z.string(),
  period: z.string(),
  periodKind: periodKindSchema,
  value: z.number(),
  source: z.enum(observationSources),
  status: z.enum(observationStatuses),
  version: z.number().int(),
  updatedAt: z.string(),
  updatedBy: z.string().nullable(),
});
export type ObservationView = z.infer<typeof observationViewSchema>;

export const observationBatchResultSchema = z.object({
  written: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  /** Periods whose cluster roll-ups were recomputed after the write. */
  recomputedPeriods: z.array(z.string()),
});
export type ObservationBatchResult = z.infer<typeof observationBatchResultSchema>;

export const listObservationsQuerySchema = z
  .strictObject({
    metric: metricCodeSchema.optional(),
    subjectType: z.enum(subjectTypes).optional(),
    subjectCode: subjectCodeSchema.optional(),
    periodKind: periodKindSchema.optional(),
    /** Periods ending on or after the end of `periodFrom`. */
    periodFrom: periodSchema.optional(),
    /** Periods ending on or before the end of `periodTo`. */
    periodTo: periodSchema.optional(),
    status: z.enum(observationStatuses).optional(),
    source: z.enum(observationSources).optional(),
  })
  .extend(pagingQuerySchema.shape);
export type ListObservationsQuery = z.infer<typeof listObservationsQuerySchema>;

export const growthQuerySchema = z.strictObject({
  subjectType: z.enum(subjectTypes),
  subjectCode: subjectCodeSchema,
  metric: metricCodeSchema,
  period: periodSchema,
  /** Defaults to the comparable period a year earlier; a period that is not comparable is 422. */
  previous: periodSchema.optional(),
});
export type GrowthQuery = z.infer<typeof growthQuerySchema>;

export const growthViewSchema = z.object({
  subjectType: z.enum(subjectTypes),
  subjectCode: z.string(),
  metric: z.string(),
  period: z.string(),
  previous: z.string(),
  value: z.number().nullable(),
  previousValue: z.number().nullable(),
  /** (value − previous) / |previous|; null when either is missing or the previous value is 0. */
  growth: z.number().nullable(),
});
export type GrowthView = z.infer<typeof growthViewSchema>;

export const recomputeRequestSchema = z.strictObject({
  period: periodSchema,
  metrics: z.array(metricCodeSchema).min(1).optional(),
});
export type RecomputeRequest = z.infer<typeof recomputeRequestSchema>;

export const recomputeResultSchema = z.object({
  period: z.string(),
  metrics: z.array(z.string()),
  clusters: z.number().int(),
  written: z.number().int(),
  removed: z.number().int(),
});
export type RecomputeResult = z.infer<typeof recomputeResultSchema>;

/** Enterprise metrics a derivation reads (a gap reads none: it follows its reference metric). */
export function derivationInputs(derivation: MetricDerivation | null): string[] {
  if (derivation?.kind !== 'rollup') return [];
  const rule = derivation.rule;
  if (rule.kind === 'sum') return [rule.metric];
  if (rule.kind === 'ratio_of_sums') return [rule.numerator, rule.denominator];
  return [];
}

/**
 * Derived metrics whose values change when observations of `written` metrics change: roll-ups reading
 * one of them, and gaps whose reference metric is written (its province value) or itself affected.
 * Designation counts are not affected by observations. Sorted codes.
 */
export function metricsAffectedBy(
  catalogue: readonly Pick<MetricDefinition, 'code' | 'derivation'>[],
  written: readonly string[],
): string[] {
  const touched = new Set(written);
  const affected = new Set<string>();
  for (const m of catalogue) {
    if (derivationInputs(m.derivation).some((code) => touched.has(code))) affected.add(m.code);
  }
  for (const m of catalogue) {
    if (m.derivation?.kind === 'gap_to_province') {
      const reference = m.derivation.metric;
      if (touched.has(reference) || affected.has(reference)) affected.add(m.code);
    }
  }
  return [...affected].sort();
}
