/**
 * From a spec and data to the Monte Carlo model and its result: the pipeline prepares the data once
 * (formulas, denomination, screening) and computes the normalised matrix of every imputation ×
 * normalisation alternative once; the Monte Carlo then only perturbs weights, aggregates and ranks.
 */
import { AppError } from '../../errors.ts';
import { canonicalJson } from '../canonical-json.ts';
import { type PipelineAlternative, preparePipeline } from '../pipeline/prepare.ts';
import { type EvaluationData, parseEvaluationData } from '../spec/evaluation-data.schema.ts';
import {
  type AggregationMethod,
  type EvaluationSpec,
  type EvaluationSpecInput,
  parseEvaluationSpec,
} from '../spec/evaluation-spec.schema.ts';
import { analyseUncertainty, type UncertaintyResult } from './monte-carlo.ts';
import type {
  AggregationAlternative,
  FixedInput,
  MeanMethod,
  UncertaintyModel,
} from './uncertainty-model.ts';
import { parseUncertaintySpec, type UncertaintySpecInput } from './uncertainty-spec.schema.ts';

export type UncertaintyOptions = { runs?: number; seed?: number; sensitivity?: boolean };

const label = (value: Record<string, unknown>): string => {
  const { method, ...rest } = value;
  const params = Object.entries(rest)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`);
  return params.length > 0 ? `${String(method)} (${params.join(', ')})` : String(method);
};

/** The spec's own choice first, then the alternatives not equal to it (dropped duplicates are noted). */
function alternatives<T extends Record<string, unknown>>(
  own: T,
  extra: readonly T[],
  name: string,
  notes: string[],
): T[] {
  const seen = new Set([canonicalJson(own)]);
  const out = [own];
  for (const alt of extra) {
    const key = canonicalJson(alt);
    if (seen.has(key)) {
      notes.push(`${name} alternative ${label(alt)} is the spec's own choice or a duplicate: counted once`);
      continue;
    }
    seen.add(key);
    out.push(alt);
  }
  return out;
}

/** Builds the Monte Carlo model; options override the spec's `uncertainty` section. */
export function buildUncertaintyModel(
  specInput: EvaluationSpec | EvaluationSpecInput,
  dataInput: EvaluationData,
  options: UncertaintyOptions = {},
): UncertaintyModel {
  const spec = parseEvaluationSpec(specInput);
  const data = parseEvaluationData(dataInput);
  const settings = parseUncertaintySpec({
    ...((spec.uncertainty ?? {}) as UncertaintySpecInput),
    ...(options.runs !== undefined ? { runs: options.runs } : {}),
    ...(options.sensitivity !== undefined ? { sensitivity: options.sensitivity } : {}),
  });
  const seed = options.seed ?? settings.seed ?? spec.seed;
  const prepared = preparePipeline(spec, data);
  const tree = prepared.tree;
  const notes: string[] = [...prepared.warnings];
  const fixed: FixedInput[] = [
    {
      input: 'treatment',
      value: spec.treatment.method,
      reason: 'not varied: the uncertainty analysis has no treatment alternatives',
    },
  ];
  for (const d of prepared.dropped)
    notes.push(
      `indicator ${d.indicator} left out (${d.reason}); its weight is redistributed within ${d.parent}`,
    );

  const imputations = alternatives(spec.imputation, settings.imputation, 'imputation', notes);
  const normalisations = alternatives(spec.normalisation, settings.normalisation, 'normalisation', notes);
  if (normalisations.length > 1 && spec.nodes.some((n) => n.kind === 'indicator' && n.normalisation))
    notes.push(
      'indicators with their own normalisation keep it under alternative 0 only: the other normalisation alternatives apply to every indicator',
    );
  const matrices: Float64Array[] = [];
  imputations.forEach((imputation, i) => {
    normalisations.forEach((normalisation, k) => {
      const alt: PipelineAlternative = {};
      if (i > 0) alt.imputation = imputation;
      if (k > 0) alt.normalisation = normalisation;
      matrices.push(prepared.normalisedMatrix(i === 0 && k === 0 ? undefined : alt));
    });
  });

  const nodes = tree.codes.length;
  const asMean = (method: AggregationMethod, p: number, node: string): MeanMethod => {
    if (method === 'copeland')
      throw new AppError(
        'rule_violated',
        `蒙特卡洛分析不支持 Copeland 聚合 / the Monte Carlo analysis cannot vary a Copeland aggregation (node ${node}): use a weighted mean`,
        { node, method },
      );
    return method === 'generalised' && p === 0 ? 'geometric' : method;
  };
  const own: AggregationAlternative = {
    label: `spec: ${spec.aggregation.method}${spec.aggregation.method === 'generalised' ? ` (p=${spec.aggregation.p})` : ''}${
      spec.aggregation.byLevel ? `, by level ${JSON.stringify(spec.aggregation.byLevel)}` : ''
    }`,
    method: tree.method.map((m, n) => asMean(m, tree.p[n] as number, tree.codes[n] as string)),
    p: Float64Array.from(tree.p),
  };
  const aggregations: AggregationAlternative[] = [own];
  const seenAgg = new Set<string>();
  for (const alt of settings.aggregation) {
    const p = alt.p ?? spec.aggregation.p;
    const key = `${alt.method}:${alt.method === 'generalised' ? p : ''}`;
    if (seenAgg.has(key)) {
      notes.push(`aggregation alternative ${alt.method} listed twice: counted once`);
      continue;
    }
    seenAgg.add(key);
    aggregations.push({
      label:
        alt.method === 'generalised' ? `generalised (p=${p}) at every level` : `${alt.method} at every level`,
      method: Array.from({ length: nodes }, () => asMean(alt.method, p, 'every level')),
      p: new Float64Array(nodes).fill(p),
    });
  }

  const weights = settings.weights;
  const levels = weights === false ? [] : (weights.levels ?? [...new Set(Array.from(tree.level))]);
  if (weights !== false && weights.levels)
    for (const level of weights.levels)
      if (!tree.level.includes(level) || level === tree.level[tree.rootIndex])
        throw new AppError('invalid_input', `没有第 ${level} 层的权重 / no weights at level ${level}`, {
          level,
        });
  if (weights === false) fixed.push({ input: 'weights', value: 'spec weights', reason: 'weights: false' });

  return {
    seed,
    runs: settings.runs,
    sensitivity: settings.sensitivity,
    unitCodes: prepared.unitCodes,
    tree: {
      codes: tree.codes,
      indicatorCount: tree.indicatorCount,
      rootIndex: tree.rootIndex,
      parent: tree.parent,
      level: tree.level,
      weight: tree.weight,
      childStart: tree.childStart,
      childIndex: tree.childIndex,
      minAvailability: tree.minAvailability,
    },
    imputations: imputations.map((x) => label(x)),
    normalisations: normalisations.map((x) => label(x)),
    matrices,
    aggregations,
    weightSpread: weights === false ? 0 : weights.spread,
    weightLevels: levels.filter((l) => l !== tree.level[tree.rootIndex]),
    fixed,
    notes,
  };
}

/** Single-threaded uncertainty analysis of a spec on data (the server splits runs across workers). */
export function runUncertainty(
  spec: EvaluationSpec | EvaluationSpecInput,
  data: EvaluationData,
  options: UncertaintyOptions = {},
): UncertaintyResult {
  return analyseUncertainty(buildUncertaintyModel(spec, data, options));
}
