/**
 * The data-dependent part of the pipeline, done once: indicator formulas over every period, denomination,
 * availability and screening, zero-variance detection, the framework arrays. `normalisedMatrix()` then
 * runs imputation → outlier treatment → normalisation for any alternative (cached), and `aggregate()`
 * re-aggregates a matrix fast; the Monte Carlo analysis calls both thousands of times.
 */

import { AppError } from '../../errors.ts';
import { canonicalJson } from '../canonical-json.ts';
import {
  type CompiledFormula,
  compileFormula,
  evaluateFormula,
  type FormulaContext,
} from '../formula/formula-evaluator.ts';
import { checkDataShape, type EvaluationData } from '../spec/evaluation-data.schema.ts';
import type {
  AggregationMethod,
  EvaluationSpec,
  ImputationSpec,
  NormalisationSpec,
  SpecNode,
  TreatmentSpec,
} from '../spec/evaluation-spec.schema.ts';
import { buildFrameworkArrays, checkFrameworkTree, type FrameworkArrays } from '../spec/framework-tree.ts';
import { aggregateScores } from './aggregate.ts';
import type { DerivedWeightsGroup } from './derive-weights.ts';
import { type ImputedCell, imputeColumn } from './impute.ts';
import { absoluteNormalisations, normaliseColumn } from './normalise.ts';
import { applyWeighting, type WeightGroup } from './pipeline-weights.ts';
import { type TreatmentReport, treatColumn } from './treat.ts';

export type PipelineAlternative = {
  imputation?: ImputationSpec;
  treatment?: TreatmentSpec;
  normalisation?: NormalisationSpec;
};

export type DroppedIndicator = {
  indicator: string;
  reason: 'zero_variance' | 'availability';
  parent: string;
};

export type AvailabilityReport = {
  /** Share of indicators with a value (before imputation), per unit of the input data. */
  units: { unit: string; availability: number; screenedOut: boolean }[];
  /** Share of units with a value (before imputation), per indicator. */
  indicators: { indicator: string; availability: number; missing: number }[];
};

export type MatrixReport = {
  imputed: { indicator: string; unit: string; value: number }[];
  /** Cells still missing after imputation (aggregation skips them). */
  stillMissing: number;
  treatment: ({ indicator: string } & TreatmentReport)[];
};

export type PreparedPipeline = {
  spec: EvaluationSpec;
  unitCodes: string[];
  /** The units that survived screening, as given in the data. */
  units: EvaluationData['units'];
  indicatorCodes: string[];
  tree: FrameworkArrays;
  dropped: DroppedIndicator[];
  /** Weights derived from the data when spec.weighting is 'derived' (already in tree.weight). */
  derivedWeights: DerivedWeightsGroup[];
  /** Per aggregate: its children's weights (as in tree.weight) and where each came from. */
  weightGroups: WeightGroup[];
  availability: AvailabilityReport;
  /** Raw indicator values (after formulas and denomination) of the evaluation period, units × indicators. */
  raw: Float64Array;
  warnings: string[];
  normalisedMatrix(alternative?: PipelineAlternative): Float64Array;
  /** Imputation and treatment details of a matrix computed by normalisedMatrix (same alternative). */
  matrixReport(alternative?: PipelineAlternative): MatrixReport;
  aggregate(
    matrix: ArrayLike<number>,
    options?: { weights?: Float64Array; methods?: readonly AggregationMethod[]; p?: Float64Array },
    out?: Float64Array,
  ): Float64Array;
};

const CURRENT = '\u0000current';

export function preparePipeline(spec: EvaluationSpec, data: EvaluationData): PreparedPipeline {
  checkDataShape(data);
  checkFrameworkTree(spec.nodes);
  const warnings: string[] = [];
  const indicators = spec.nodes.filter((n) => n.kind === 'indicator');

  // Periods: the panel's and the evaluation period, in string order (the evaluation period last when unnamed).
  const slices = [...(data.panel ?? [])].sort((a, b) =>
    a.period < b.period ? -1 : a.period > b.period ? 1 : 0,
  );
  const periods: { period: string; values: EvaluationData['values']; members: EvaluationData['members'] }[] =
    slices.map((s) => ({ period: s.period, values: s.values, members: s.members }));
  const currentEntry = { period: data.period ?? CURRENT, values: data.values, members: data.members };
  let current = periods.findIndex((p) => data.period !== undefined && p.period > data.period);
  if (current < 0) current = periods.length;
  periods.splice(current, 0, currentEntry);

  const allUnits = data.units;
  const U0 = allUnits.length;
  const memberMetrics = new Set<string>();
  const unitMetrics = new Set<string>();
  for (const p of periods) {
    for (const code of Object.keys(p.values)) unitMetrics.add(code);
    for (const code of Object.keys(p.members ?? {})) memberMetrics.add(code);
  }
  const contexts = new Map<number, FormulaContext>();
  const contextAt = (at: number): FormulaContext => {
    let context = contexts.get(at);
    if (!context) {
      context = makeContext(at);
      contexts.set(at, context);
    }
    return context;
  };
  const makeContext = (at: number): FormulaContext => ({
    hasMetric: (code) => unitMetrics.has(code) || memberMetrics.has(code),
    value: (code, offset, unit) => {
      const v = periods[at + offset]?.values[code]?.[unit];
      return v === null || v === undefined ? Number.NaN : v;
    },
    members: (code, offset, unit) => {
      if (!memberMetrics.has(code)) return undefined;
      return periods[at + offset]?.members?.[code]?.[unit] ?? [];
    },
  });

  const compiled: CompiledFormula[] = indicators.map((node) =>
    compileFormula(node.code, node.formula ?? node.code, contextAt(current)),
  );
  for (const node of indicators)
    if (node.denominator && !contextAt(current).hasMetric(node.denominator.metric))
      throw new AppError(
        'invalid_input',
        `${node.code}: 分母指标不存在 / unknown denominator metric ${node.denominator.metric}`,
        { indicator: node.code, metric: node.denominator.metric, step: 'denomination' },
      );

  /** Indicator column (formula, then x / denominator × factor) at period `at`, over all input units. */
  const indicatorColumn = (j: number, at: number): Float64Array => {
    const node = indicators[j] as SpecNode;
    const formula = compiled[j] as CompiledFormula;
    const context = contextAt(at);
    const out = new Float64Array(U0);
    for (let u = 0; u < U0; u++) {
      let x = evaluateFormula(formula.ast, context, u);
      if (node.denominator) {
        const d = context.value(node.denominator.metric, 0, u);
        x = d === 0 || Number.isNaN(d) ? Number.NaN : (x / d) * node.denominator.factor;
      }
      out[u] = x;
    }
    return out;
  };

  const J = indicators.length;
  const currentColumns = indicators.map((_, j) => indicatorColumn(j, current));

  // Availability before imputation; screening on it, or on the data imputed over all units (checks.screenOn).
  const share = (columns: readonly Float64Array[], u: number): number => {
    let have = 0;
    for (const col of columns) if (!Number.isNaN(col[u] as number)) have++;
    return J === 0 ? 0 : have / J;
  };
  const screeningColumns =
    spec.checks.screenOn === 'imputed' && spec.checks.minUnitAvailability > 0
      ? currentColumns.map((col, j) => {
          const groupKey = spec.imputation.group;
          const groups = allUnits.map((unit) =>
            groupKey === undefined ? undefined : unit.groups?.[groupKey],
          );
          const timed = spec.imputation.method === 'latest' || spec.imputation.method === 'linear';
          const columns = timed
            ? periods.map((_, at) => (at === current ? col : indicatorColumn(j, at)))
            : [];
          return imputeColumn(col, spec.imputation, {
            groups,
            ...(timed ? { periods: { columns, current } } : {}),
          }).x;
        })
      : currentColumns;
  const unitAvailability = allUnits.map((unit, u) => ({
    unit: unit.code,
    availability: share(currentColumns, u),
    screenedOut: share(screeningColumns, u) < spec.checks.minUnitAvailability,
  }));
  const kept: number[] = [];
  unitAvailability.forEach((e, u) => {
    if (!e.screenedOut) kept.push(u);
  });
  if (kept.length === 0)
    throw new AppError(
      'rule_violated',
      `所有单元的数据可得性均低于阈值 / every unit is below the data-availability threshold`,
      {
        step: 'screening',
        threshold: spec.checks.minUnitAvailability,
      },
    );
  const U = kept.length;
  const units = kept.map((u) => allUnits[u] as EvaluationData['units'][number]);
  const unitCodes = units.map((u) => u.code);

  const indicatorAvailability = indicators.map((node, j) => {
    const col = currentColumns[j] as Float64Array;
    let have = 0;
    for (const u of kept) if (!Number.isNaN(col[u] as number)) have++;
    return { indicator: node.code, availability: have / U, missing: U - have };
  });

  // Relative normalisation of a single unit is meaningless: refuse it.
  const normalisationOf = (node: SpecNode, alt?: NormalisationSpec): NormalisationSpec =>
    alt ?? node.normalisation ?? spec.normalisation;
  if (U === 1)
    for (const node of indicators) {
      const method = normalisationOf(node).method;
      if (!absoluteNormalisations.has(method))
        throw new AppError(
          'rule_violated',
          `${node.code}: 单个单元不能用相对归一化 (${method})，请用目标区间 (goalposts) / relative normalisation (${method}) cannot score a single unit: use goalposts`,
          { indicator: node.code, method, units: 1, step: 'normalisation' },
        );
    }

  const dropped: DroppedIndicator[] = [];
  const usesTime = spec.imputation.method === 'latest' || spec.imputation.method === 'linear';
  indicators.forEach((node, j) => {
    const entry = indicatorAvailability[j] as (typeof indicatorAvailability)[number];
    if (entry.missing === U && !usesTime)
      throw new AppError(
        'invalid_input',
        `${node.code}: 指标没有任何数据 / indicator has no value for any unit (empty column)`,
        {
          indicator: node.code,
          step: 'checks',
        },
      );
    if (entry.availability < spec.checks.minIndicatorAvailability) {
      dropped.push({ indicator: node.code, reason: 'availability', parent: node.parent ?? '' });
      return;
    }
    if (U < 2) return;
    const col = currentColumns[j] as Float64Array;
    let first = Number.NaN;
    let varies = false;
    for (const u of kept) {
      const v = col[u] as number;
      if (Number.isNaN(v)) continue;
      if (Number.isNaN(first)) first = v;
      else if (v !== first) {
        varies = true;
        break;
      }
    }
    if (varies || entry.missing === U) return;
    // Under goalposts (absolute) a shared value still has a well-defined score, and leaving the indicator
    // out would make a cluster's score depend on who else is evaluated: keep it, and say so.
    if (absoluteNormalisations.has(normalisationOf(node).method)) {
      warnings.push(
        `${node.code}: 各单元取值相同，按目标区间评分仍保留 / zero variance among units: kept, goalposts score it on an absolute scale`,
      );
      return;
    }
    dropped.push({ indicator: node.code, reason: 'zero_variance', parent: node.parent ?? '' });
  });
  for (const d of dropped)
    warnings.push(
      d.reason === 'zero_variance'
        ? `${d.indicator}: 各单元取值相同，已剔除，权重在 ${d.parent} 内重新分配 / zero variance among units: left out, its weight redistributed within ${d.parent}`
        : `${d.indicator}: 数据可得性低于阈值，已剔除，权重在 ${d.parent} 内重新分配 / availability below threshold: left out, its weight redistributed within ${d.parent}`,
    );
  const leftOut = new Set(dropped.map((d) => d.indicator));
  const tree = buildFrameworkArrays(spec, leftOut);
  const indicatorCodes = tree.codes.slice(0, tree.indicatorCount);

  // Raw matrix of the kept units (units × indicators, row-major).
  const raw = new Float64Array(U * J);
  for (let j = 0; j < J; j++) {
    const col = currentColumns[j] as Float64Array;
    for (let k = 0; k < U; k++) raw[k * J + j] = col[kept[k] as number] as number;
  }

  // Time columns for latest / linear imputation (computed on first use).
  let timeColumns: Float64Array[][] | undefined;
  const timeColumnsOf = (j: number): Float64Array[] => {
    if (!timeColumns) timeColumns = indicators.map(() => []);
    const cached = timeColumns[j] as Float64Array[];
    if (cached.length === 0)
      for (let at = 0; at < periods.length; at++) {
        const col = at === current ? (currentColumns[j] as Float64Array) : indicatorColumn(j, at);
        cached.push(Float64Array.from(kept, (u) => col[u] as number));
      }
    return cached;
  };

  const cache = new Map<string, { matrix: Float64Array; report: MatrixReport }>();
  const compute = (alt: PipelineAlternative = {}): { matrix: Float64Array; report: MatrixReport } => {
    const key = canonicalJson(alt);
    const hit = cache.get(key);
    if (hit) return hit;
    const imputation = alt.imputation ?? spec.imputation;
    const treatment = alt.treatment ?? spec.treatment;
    const matrix = new Float64Array(U * J).fill(Number.NaN);
    const report: MatrixReport = { imputed: [], stillMissing: 0, treatment: [] };
    const groupKey = imputation.group;
    const groups =
      imputation.method === 'groupMean' || imputation.method === 'groupMedian'
        ? units.map((unit) => (groupKey === undefined ? undefined : unit.groups?.[groupKey]))
        : undefined;
    if (groups && groupKey === undefined)
      throw new AppError(
        'invalid_input',
        `分组插补需要指定分组列 / group imputation needs imputation.group`,
        {
          step: 'imputation',
        },
      );
    const referenceCode = (n: NormalisationSpec) => (n.method === 'distanceToReference' ? n.unit : undefined);
    for (let j = 0; j < J; j++) {
      const node = indicators[j] as SpecNode;
      if (leftOut.has(node.code)) continue;
      const column = new Float64Array(U);
      for (let k = 0; k < U; k++) column[k] = raw[k * J + j] as number;
      const timed = imputation.method === 'latest' || imputation.method === 'linear';
      const imputed = imputeColumn(column, imputation, {
        ...(groups ? { groups } : {}),
        ...(timed ? { periods: { columns: timeColumnsOf(j), current } } : {}),
      });
      for (const cell of imputed.filled as ImputedCell[])
        report.imputed.push({ indicator: node.code, unit: unitCodes[cell.unit] ?? '', value: cell.value });
      let present = 0;
      for (let k = 0; k < U; k++) if (!Number.isNaN(imputed.x[k] as number)) present++;
      report.stillMissing += U - present;
      if (present === 0)
        throw new AppError(
          'invalid_input',
          `${node.code}: 指标没有任何数据 / indicator has no value for any unit (empty column)`,
          {
            indicator: node.code,
            step: 'imputation',
          },
        );
      const treated = U >= 2 ? treatColumn(imputed.x, treatment) : { x: imputed.x, report: undefined };
      if (treated.report) report.treatment.push({ indicator: node.code, ...treated.report });
      const normalisation = normalisationOf(node, alt.normalisation);
      if (U === 1 && !absoluteNormalisations.has(normalisation.method))
        throw new AppError(
          'rule_violated',
          `${node.code}: 单个单元不能用相对归一化 / relative normalisation cannot score a single unit`,
          {
            indicator: node.code,
            method: normalisation.method,
          },
        );
      const ref = referenceCode(normalisation);
      const referenceUnit = ref === undefined ? undefined : unitCodes.indexOf(ref);
      if (referenceUnit !== undefined && referenceUnit < 0)
        throw new AppError('invalid_input', `参照单元不存在 / unknown reference unit ${ref}`, {
          unit: ref,
          step: 'normalisation',
        });
      const normalised = normaliseColumn(treated.x, node.direction, normalisation, {
        indicator: node.code,
        ...(node.goalposts ? { goalposts: node.goalposts } : {}),
        ...(node.target !== undefined ? { target: node.target } : {}),
        ...(referenceUnit !== undefined ? { referenceUnit } : {}),
      });
      for (let k = 0; k < U; k++) {
        const v = normalised[k] as number;
        matrix[k * J + j] = Number.isFinite(v) ? v : Number.NaN;
      }
    }
    const result = { matrix, report };
    cache.set(key, result);
    return result;
  };

  // Weights derived from the data (from the spec's own normalised matrix) or from AHP judgements, combined.
  const weighting = applyWeighting(spec, tree, leftOut, () => compute().matrix, U);
  const derivedWeights = weighting.derivedWeights;
  warnings.push(...weighting.warnings);

  return {
    spec,
    unitCodes,
    derivedWeights,
    weightGroups: weighting.groups,
    units,
    indicatorCodes,
    tree,
    dropped,
    availability: { units: unitAvailability, indicators: indicatorAvailability },
    raw,
    warnings,
    normalisedMatrix: (alt) => compute(alt).matrix,
    matrixReport: (alt) => compute(alt).report,
    aggregate: (matrix, options = {}, out) => aggregateScores(tree, matrix, U, options, out, unitCodes),
  };
}
