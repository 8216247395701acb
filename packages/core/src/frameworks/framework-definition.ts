/**
 * Stored, versioned evaluation frameworks (issue 7, item 1): an `EvaluationSpec` of the engine plus what
 * the engine does not know about, the review line of the triennial review (an absolute score on the
 * framework's goalpost scale) and the reference data set its data-derived weights were frozen on.
 *
 * Metric codes use hyphens (`rd-intensity-above-scale`), which the formula language reads as minus: in
 * formulas and in the evaluation data a metric is written with underscores (`rd_intensity_above_scale`).
 * `formulaNameOf` and `metricCodeOf` convert between the two.
 */
import { z } from 'zod';
import { AppError } from '../errors.ts';
import { canonicalJson } from '../evaluation/canonical-json.ts';
import { compileFormula } from '../evaluation/formula/formula-evaluator.ts';
import { listFormulaMetrics, parseFormula } from '../evaluation/formula/formula-parser.ts';
import { sha256Hex } from '../evaluation/sha256.ts';
import { type EvaluationSpec, parseEvaluationSpec } from '../evaluation/spec/evaluation-spec.schema.ts';

export const frameworkVersionSchema = z
  .string()
  .trim()
  .regex(/^v[0-9]+(\.[0-9]+)?$/, '版本号形如 v1、v1.1 / a version looks like v1 or v1.1');

/** What a stored framework version holds besides its spec. */
export const frameworkDefinitionSchema = z.object({
  version: frameworkVersionSchema,
  name: z.string().min(1).max(200),
  nameEn: z.string().min(1).max(200),
  /** The engine's spec with its weights frozen (weighting 'frozen'). */
  spec: z.unknown(),
  /** Triennial review line: an absolute index score (goalpost scale) a recognised cluster must reach. */
  reviewLine: z.number().min(0),
  /** Name of the reference data set the data-derived weights were computed on, e.g. "reference-2023". */
  referencePeriod: z.string().min(1).max(100),
  /** True while the subjective (AHP) judgements are illustrative, not the province's own. */
  illustrative: z.boolean(),
  description: z.string().max(4000),
});

export type FrameworkDefinition = Omit<z.output<typeof frameworkDefinitionSchema>, 'spec'> & {
  spec: EvaluationSpec;
};

/** `rd-intensity-above-scale` → `rd_intensity_above_scale` (how a metric is written in a formula). */
export function formulaNameOf(metricCode: string): string {
  return metricCode.replaceAll('-', '_');
}

/** `rd_intensity_above_scale` → `rd-intensity-above-scale`. */
export function metricCodeOf(formulaName: string): string {
  return formulaName.replaceAll('_', '-');
}

export type IndicatorMetrics = {
  indicator: string;
  formula: string;
  /** Metric codes (catalogue spelling) the formula reads. */
  metrics: string[];
  /** Largest period lag the formula reads (1 for `x[t-1]`), 0 when it reads the evaluation period only. */
  maxLag: number;
};

/** Each indicator's formula and the catalogue metrics it reads, in spec order. */
export function indicatorMetricsOf(spec: EvaluationSpec): IndicatorMetrics[] {
  return spec.nodes.flatMap((node) => {
    if (node.kind !== 'indicator') return [];
    const formula = node.formula ?? node.code;
    const read = listFormulaMetrics(parseFormula(formula));
    const metrics = [...new Set(read.map((m) => metricCodeOf(m.code)))];
    if (node.denominator && !metrics.includes(metricCodeOf(node.denominator.metric)))
      metrics.push(metricCodeOf(node.denominator.metric));
    const maxLag = Math.max(0, ...read.map((m) => -m.offset));
    return [{ indicator: node.code, formula, metrics, maxLag }];
  });
}

/** Every metric code the spec reads, sorted. */
export function frameworkMetricCodes(spec: EvaluationSpec): string[] {
  return [...new Set(indicatorMetricsOf(spec).flatMap((i) => i.metrics))].sort();
}

/**
 * Refuses a spec whose formulas read metrics missing from the catalogue (`invalid_input` naming the
 * indicator and the metric); compiles every formula against the catalogue's metric names.
 */
export function assertFormulasResolve(spec: EvaluationSpec, catalogue: readonly string[]): void {
  const known = new Set(catalogue);
  const metrics = new Set(catalogue.map(formulaNameOf));
  for (const item of indicatorMetricsOf(spec)) {
    for (const metric of item.metrics)
      if (!known.has(metric))
        throw new AppError(
          'invalid_input',
          `指标 ${item.indicator} 引用了目录中没有的数据项 ${metric} / indicator ${item.indicator} reads ${metric}, which is not in the metric catalogue`,
          { indicator: item.indicator, metric },
        );
    compileFormula(item.indicator, item.formula, {
      hasMetric: (code) => metrics.has(code),
      value: () => Number.NaN,
      members: () => undefined,
    });
  }
}

/** Parses a stored definition (spec through the engine's schema). */
export function parseFrameworkDefinition(json: unknown): FrameworkDefinition {
  const parsed = frameworkDefinitionSchema.safeParse(json);
  if (!parsed.success)
    throw new AppError('invalid_input', '评价框架无效 / invalid framework definition', {
      issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    });
  return { ...parsed.data, spec: parseEvaluationSpec(parsed.data.spec) };
}

/** SHA-256 of the canonical JSON (RFC 8785) of the spec: what a run records as the framework it used. */
export function specHashOf(spec: EvaluationSpec): string {
  return sha256Hex(canonicalJson(spec));
}
