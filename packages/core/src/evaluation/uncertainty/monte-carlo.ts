/**
 * Monte Carlo uncertainty and variance-based sensitivity analysis of a composite indicator's ranking.
 *
 * One run draws a sample u ∈ [0, 1)^D from `streamFor(seed, run)`: one coordinate per varied weight
 * (w' = w × (1 + spread × (2u − 1)), i.e. uniform within ±spread; the aggregation divides by the sum of
 * the children's weights, which renormalises them within their parent), then one coordinate per varied
 * choice (alternative ⌊u × count⌋ of imputation, normalisation, aggregation). The run aggregates the
 * pre-normalised matrix of the chosen data alternative up the tree and ranks the units on the index.
 *
 * Statistics are streamed: a units × units rank histogram, the sum of |rank − nominal rank| per unit
 * and, with sensitivity, Saltelli/Jansen sums (see sobol.ts). All of them are integers, so partial
 * results from any split of the runs across workers add up exactly and in any order to the same
 * totals: one worker or two give byte-identical output.
 */
import { AppError } from '../../errors.ts';
import { streamFor } from '../random.ts';
import { quantileDefinition, rankQuantile } from './rank-histogram.ts';
import {
  addSobolSample,
  createSobolAccumulator,
  mergeSobolAccumulators,
  type SobolAccumulator,
  sobolIndices,
} from './sobol.ts';
import type { FixedInput, MeanMethod, UncertaintyModel } from './uncertainty-model.ts';

/** An uncertain input as seen by the sensitivity analysis: a group of sample coordinates. */
type InputGroup = { name: string; start: number; end: number; how: string; alternatives?: string[] };

/** Everything derived from the model once, before the runs. */
type Compiled = {
  units: number;
  indicators: number;
  nodes: number;
  /** Aggregate nodes in bottom-up order. */
  aggregates: Int32Array;
  childStart: Int32Array;
  childIndex: Int32Array;
  minAvailability: number;
  nominalWeight: Float64Array;
  /** Nodes whose weights vary, in sample-coordinate order. */
  variedNodes: Int32Array;
  spread: number;
  /** Sample coordinates of the imputation / normalisation / aggregation choices, −1 when fixed. */
  impCoord: number;
  normCoord: number;
  aggCoord: number;
  dimension: number;
  inputs: InputGroup[];
  matrices: Float64Array[];
  /** ln x and 1 / x of each matrix, computed once when an aggregation alternative needs them. */
  logMatrices: (Float64Array | null)[];
  invMatrices: (Float64Array | null)[];
  /** Indicator-major copies (t[j × units + u]) of complete matrices, for the fast kernel; null when a value is missing. */
  columns: (Float64Array | null)[];
  logColumns: (Float64Array | null)[];
  invColumns: (Float64Array | null)[];
  nominalScores: Float64Array;
  nominalRanks: Int32Array;
  /** Units by descending nominal score under each data × aggregation alternative: the start of each run's sort. */
  startOrders: Int32Array[];
  /** Per aggregation alternative: the same mean at every node makes the index linear in (log) values. */
  linear: ('arithmetic' | 'geometric' | null)[];
};

/** Scratch buffers of one evaluation, reused across runs (the hot path allocates nothing). */
type Scratch = {
  weights: Float64Array;
  values: Float64Array;
  /** Node-major scores of the fast kernel: nodeValues[n × units + u]. */
  nodeValues: Float64Array;
  scores: Float64Array;
  sorted: Float64Array;
  order: Int32Array;
  /** Effective weight of each node in the index (product of renormalised weights along its path). */
  effective: Float64Array;
  sums: Float64Array;
  /** The [data, aggregation] alternatives decoded from the current sample. */
  choice: Int32Array;
};

export type UncertaintyPartial = {
  /** Runs [from, to) that this partial covers. */
  from: number;
  to: number;
  units: number;
  /** histogram[u × units + r − 1] = runs in which unit u had rank r. */
  histogram: Uint32Array;
  /** Σ |rank − nominal rank| per unit. */
  shiftSums: Float64Array;
  /** Saltelli/Jansen sums: outputs = units + 1 (each unit's rank, then the total rank shift). */
  sobol: Float64Array | null;
};

export type UncertaintyResult = {
  method: 'qunce-mc/1';
  seed: number;
  runs: number;
  /** Model evaluations run: runs, or N(k + 2) with sensitivity (N = runs, k = inputs). */
  evaluations: number;
  varied: { input: string; how: string; alternatives?: string[] }[];
  fixed: FixedInput[];
  notes: string[];
  quantiles: string;
  /** Mean over units of each unit's mean |rank − nominal rank|. */
  meanAbsRankShift: number;
  units: UnitUncertainty[];
  sensitivity?: SensitivityResult;
};

export type UnitUncertainty = {
  code: string;
  nominalScore: number;
  nominalRank: number;
  medianRank: number;
  rankInterval: [number, number];
  meanAbsRankShift: number;
  /** counts[i] = runs at rank from + i (ranks outside [from, from + counts.length) never occurred). */
  rankHistogram: { from: number; counts: number[] };
};

export type SensitivityResult = {
  baseSamples: number;
  evaluations: number;
  inputs: string[];
  output: string;
  estimators: { first: 'Saltelli 2010'; total: 'Jansen 1999' };
  first: (number | null)[];
  total: (number | null)[];
  units: { code: string; first: (number | null)[]; total: (number | null)[] }[];
};

/** Exact rank histograms take units × units counts (5,000 units: 100 MB per worker). */
export const MAX_UNITS = 5000;

const MEANS: readonly MeanMethod[] = ['arithmetic', 'geometric', 'harmonic', 'generalised'];

function invalid(message: string, details?: Record<string, unknown>): never {
  throw new AppError('rule_violated', message, details);
}

function compile(model: UncertaintyModel): Compiled {
  const tree = model.tree;
  const units = model.unitCodes.length;
  const indicators = tree.indicatorCount;
  const nodes = tree.codes.length;
  if (units < 2)
    invalid('不确定性分析至少需要两个单位 / uncertainty analysis needs at least two units', { units });
  if (units > MAX_UNITS)
    invalid(
      `单位过多 / too many units for exact rank histograms (${units} > ${MAX_UNITS}: units × units counts per worker)`,
      { units, max: MAX_UNITS },
    );
  if (!Number.isInteger(model.runs) || model.runs < 1)
    throw new AppError('invalid_input', '运行次数须为正整数 / runs must be a positive integer', {
      runs: model.runs,
    });
  const nMatrices = model.imputations.length * model.normalisations.length;
  if (model.matrices.length !== nMatrices || nMatrices === 0)
    throw new AppError('invalid_input', 'matrices must be imputations × normalisations', {
      matrices: model.matrices.length,
      expected: nMatrices,
    });
  for (const m of model.matrices)
    if (m.length !== units * indicators)
      throw new AppError('invalid_input', 'a normalised matrix is not units × indicators', {
        length: m.length,
        expected: units * indicators,
      });
  if (model.aggregations.length === 0) throw new AppError('invalid_input', 'no aggregation alternative');
  for (const alt of model.aggregations)
    for (const n of aggregateNodes(tree))
      if (!MEANS.includes(alt.method[n] as MeanMethod))
        invalid(
          `蒙特卡洛分析不支持该聚合方法 / Monte Carlo cannot aggregate node ${tree.codes[n]} with ${String(alt.method[n])}: use a weighted mean`,
          { node: tree.codes[n], method: alt.method[n] },
        );

  // Children with a positive weight only: indicators left out (weight 0) take no part.
  const childStart = new Int32Array(nodes + 1);
  const kept: number[] = [];
  for (let n = 0; n < nodes; n++) {
    childStart[n] = kept.length;
    for (let c = tree.childStart[n] as number; c < (tree.childStart[n + 1] as number); c++) {
      const child = tree.childIndex[c] as number;
      if ((tree.weight[child] as number) > 0) kept.push(child);
    }
  }
  childStart[nodes] = kept.length;
  const aggregates = Int32Array.from(aggregateNodes(tree));

  // Sample layout: varied weights grouped by level, then imputation, normalisation, aggregation.
  const inputs: InputGroup[] = [];
  const varied: number[] = [];
  const spread = model.weightSpread;
  if (spread < 0 || spread >= 1)
    throw new AppError('invalid_input', '权重扰动幅度须在 [0, 1) / weight spread must be in [0, 1)', {
      spread,
    });
  if (spread > 0) {
    const levels = [...new Set(model.weightLevels)].sort((a, b) => a - b);
    for (const level of levels) {
      const start = varied.length;
      for (let n = 0; n < nodes; n++)
        if (n !== tree.rootIndex && tree.level[n] === level && (tree.weight[n] as number) > 0) varied.push(n);
      if (varied.length > start)
        inputs.push({
          name: `weights.level${level}`,
          start,
          end: varied.length,
          how: `each of ${varied.length - start} weights of level-${level} nodes × U(${1 - spread}, ${1 + spread}), renormalised within its parent`,
        });
    }
  }
  let coord = varied.length;
  const choice = (name: string, labels: string[]): number => {
    if (labels.length < 2) return -1;
    inputs.push({
      name,
      start: coord,
      end: coord + 1,
      how: `uniform choice among ${labels.length} alternatives`,
      alternatives: labels,
    });
    return coord++;
  };
  const impCoord = choice('imputation', model.imputations);
  const normCoord = choice('normalisation', model.normalisations);
  const aggCoord = choice(
    'aggregation',
    model.aggregations.map((a) => a.label),
  );
  if (inputs.length === 0)
    invalid('没有可变的输入 / nothing to vary: give a weight spread or alternatives', {
      weightSpread: spread,
    });

  // Geometric and harmonic means (and generalised with p < 0) need values > 0, generalised with p > 0
  // values ≥ 0: refuse any data alternative that breaks the strictest requirement among the aggregation
  // alternatives, so no run ever meets a NaN from a logarithm (means of valid values stay valid).
  let strictest: { label: string; positive: boolean } | null = null;
  for (const alt of model.aggregations)
    for (const n of aggregates) {
      const method = alt.method[n];
      const positive =
        method === 'geometric' ||
        method === 'harmonic' ||
        (method === 'generalised' && (alt.p[n] as number) < 0);
      if (positive && !strictest?.positive) strictest = { label: alt.label, positive: true };
      else if (method === 'generalised' && !strictest) strictest = { label: alt.label, positive: false };
    }
  if (strictest) {
    const need = strictest;
    model.matrices.forEach((matrix, d) => {
      for (let i = 0; i < matrix.length; i++) {
        const v = matrix[i] as number;
        if (need.positive ? v <= 0 : v < 0) {
          const unit = model.unitCodes[Math.floor(i / indicators)];
          const indicator = tree.codes[i % indicators];
          const norm = model.normalisations[d % model.normalisations.length];
          invalid(
            `${need.label} 聚合需要${need.positive ? '正' : '非负'}值：指标 ${indicator} 单位 ${unit} 在 ${norm} 下为 ${v} / ${need.label} aggregation needs ${need.positive ? 'positive' : 'non-negative'} values: indicator ${indicator}, unit ${unit} is ${v} under normalisation ${norm} (normalise to a positive range, e.g. minmax [1, 100])`,
            { indicator, unit, value: v, normalisation: norm, aggregation: need.label },
          );
        }
      }
    });
  }

  const needs = (method: MeanMethod): boolean =>
    model.aggregations.some((alt) => aggregates.some((n) => alt.method[n] === method));
  const logMatrices = model.matrices.map((m) => (needs('geometric') ? m.map(Math.log) : null));
  const invMatrices = model.matrices.map((m) => (needs('harmonic') ? m.map((x) => 1 / x) : null));
  const transpose = (m: Float64Array | null, d: number): Float64Array | null => {
    const source = model.matrices[d] as Float64Array;
    if (!m || source.some(Number.isNaN)) return null;
    const t = new Float64Array(m.length);
    for (let u = 0; u < units; u++)
      for (let j = 0; j < indicators; j++) t[j * units + u] = m[u * indicators + j] as number;
    return t;
  };

  const compiled: Compiled = {
    units,
    indicators,
    nodes,
    aggregates,
    childStart,
    childIndex: Int32Array.from(kept),
    minAvailability: tree.minAvailability,
    nominalWeight: Float64Array.from(tree.weight),
    variedNodes: Int32Array.from(varied),
    spread,
    impCoord,
    normCoord,
    aggCoord,
    dimension: coord,
    inputs,
    matrices: model.matrices,
    logMatrices,
    invMatrices,
    columns: model.matrices.map((m, d) => transpose(m, d)),
    logColumns: logMatrices.map((m, d) => transpose(m, d)),
    invColumns: invMatrices.map((m, d) => transpose(m, d)),
    nominalScores: new Float64Array(units),
    nominalRanks: new Int32Array(units),
    startOrders: [],
    linear: model.aggregations.map((alt) => {
      const first = alt.method[aggregates[0] as number];
      const uniform = aggregates.every((n) => alt.method[n] === first);
      return uniform && (first === 'arithmetic' || first === 'geometric') ? first : null;
    }),
  };

  // Every data alternative × aggregation alternative must give every unit an index score.
  const scratch = createScratch(compiled);
  for (let d = 0; d < model.matrices.length; d++)
    for (let a = 0; a < model.aggregations.length; a++) {
      scratch.weights.set(compiled.nominalWeight);
      evaluate(compiled, model, scratch, d, a);
      const scores = scratch.scores;
      compiled.startOrders[d * model.aggregations.length + a] = Int32Array.from(
        Array.from({ length: units }, (_, u) => u).sort(
          (p, q) => (scores[q] as number) - (scores[p] as number) || p - q,
        ),
      );
      for (let u = 0; u < units; u++)
        if (Number.isNaN(scratch.scores[u])) {
          const imp = model.imputations[Math.floor(d / model.normalisations.length)];
          const norm = model.normalisations[d % model.normalisations.length];
          invalid(
            `单位 ${model.unitCodes[u]} 在 ${imp} / ${norm} / ${model.aggregations[a]?.label} 下无综合得分 / unit ${model.unitCodes[u]} has no index score under imputation ${imp}, normalisation ${norm}, aggregation ${model.aggregations[a]?.label} (missing data, or a geometric/harmonic mean of non-positive values)`,
            {
              unit: model.unitCodes[u],
              imputation: imp,
              normalisation: norm,
              aggregation: model.aggregations[a]?.label,
            },
          );
        }
    }
  scratch.weights.set(compiled.nominalWeight);
  evaluate(compiled, model, scratch, 0, 0);
  compiled.nominalScores.set(scratch.scores);
  rankInto(scratch.scores, scratch.sorted, compiled.nominalRanks);
  return compiled;
}

function aggregateNodes(tree: UncertaintyModel['tree']): number[] {
  const out: number[] = [];
  for (let n = tree.indicatorCount; n < tree.codes.length; n++) out.push(n);
  return out;
}

function createScratch(c: Compiled): Scratch {
  return {
    weights: new Float64Array(c.nodes),
    values: new Float64Array(c.nodes),
    nodeValues: new Float64Array(c.nodes * c.units),
    scores: new Float64Array(c.units),
    sorted: new Float64Array(c.units),
    order: new Int32Array(c.units),
    effective: new Float64Array(c.nodes),
    sums: new Float64Array(c.nodes),
    choice: new Int32Array(2),
  };
}

/** A child node's value as its parent's mean sums it: ln v (geometric), 1/v (harmonic), v (arithmetic, power). */
function meanTerm(method: MeanMethod | undefined, v: number): number {
  return method === 'geometric' ? Math.log(v) : method === 'harmonic' ? 1 / v : v;
}

/**
 * Index score of every unit into scratch.scores, with scratch.weights, data alternative `d` and
 * aggregation alternative `a`. Each node: weighted mean of its children with a value, weights
 * renormalised over those children; missing when fewer than minAvailability of them have one.
 *   arithmetic Σwx/Σw · geometric exp(Σw ln x/Σw) · harmonic Σw/Σ(w/x) · generalised (Σw x^p/Σw)^(1/p)
 */
function evaluate(c: Compiled, model: UncertaintyModel, s: Scratch, d: number, a: number): void {
  const columns = c.columns[d];
  if (columns) {
    evaluateComplete(c, model, s, d, a, columns);
    return;
  }
  const x = c.matrices[d] as Float64Array;
  const lx = c.logMatrices[d] ?? x;
  const ix = c.invMatrices[d] ?? x;
  const alt = model.aggregations[a] as UncertaintyModel['aggregations'][number];
  const methods = alt.method;
  const powers = alt.p;
  const w = s.weights;
  const val = s.values;
  const m = c.indicators;
  const childStart = c.childStart;
  const childIndex = c.childIndex;
  const minAvail = c.minAvailability;
  const aggregates = c.aggregates;
  const root = c.nodes - 1;
  for (let u = 0; u < c.units; u++) {
    const row = u * m;
    for (let t = 0; t < aggregates.length; t++) {
      const n = aggregates[t] as number;
      const from = childStart[n] as number;
      const to = childStart[n + 1] as number;
      let sw = 0;
      let acc = 0;
      let available = 0;
      const method = methods[n];
      const powered = method !== 'arithmetic' && method !== 'geometric' && method !== 'harmonic';
      const p = powered ? (powers[n] as number) : 1;
      // Indicators come prepared for the mean (x, ln x or 1/x); child nodes' values are transformed here.
      const leaves = method === 'geometric' ? lx : method === 'harmonic' ? ix : x;
      for (let k = from; k < to; k++) {
        const ch = childIndex[k] as number;
        const v = ch < m ? (leaves[row + ch] as number) : meanTerm(method, val[ch] as number);
        if (Number.isNaN(v)) continue;
        const wc = w[ch] as number;
        sw += wc;
        acc += powered ? wc * v ** p : wc * v;
        available++;
      }
      if (method === 'arithmetic') acc = acc / sw;
      else if (method === 'geometric') acc = Math.exp(acc / sw);
      else if (method === 'harmonic') acc = sw / acc;
      else acc = (acc / sw) ** (1 / p);
      val[n] = available === 0 || available < minAvail * (to - from) ? Number.NaN : acc;
    }
    s.scores[u] = val[root] as number;
  }
}

/**
 * A run's index scores when one mean is used at every node and no value is missing. A weighted arithmetic
 * mean of weighted arithmetic means is one weighted mean of the indicators, with effective weights
 * E_j = Π along the path (w_n / Σ w of n's siblings); geometric means are the same in logarithms. So
 * index_u = Σ_j E_j x_uj (or exp Σ_j E_j ln x_uj): one pass over the row-major matrix per run instead of
 * one per level. Rounding differs from level-by-level aggregation in the last bits, never more; the
 * nominal scores and ranks are always computed level by level, exactly as the pipeline does.
 */
function evaluateLinear(c: Compiled, s: Scratch, d: number, kind: 'arithmetic' | 'geometric'): void {
  effectiveWeightsInto(c, s);
  const x = kind === 'arithmetic' ? (c.matrices[d] as Float64Array) : (c.logMatrices[d] as Float64Array);
  dot1(x, c.indicators, c.units, s.effective, 0, s.scores, 0, kind === 'geometric');
}

/** s.effective[j] = E_j for the weights in s.weights (renormalised within each parent, multiplied down the tree). */
function effectiveWeightsInto(c: Compiled, s: Scratch): void {
  const w = s.weights;
  const sums = s.sums;
  const e = s.effective;
  const { childStart, childIndex, aggregates } = c;
  for (let t = 0; t < aggregates.length; t++) {
    const n = aggregates[t] as number;
    let sw = 0;
    for (let k = childStart[n] as number; k < (childStart[n + 1] as number); k++)
      sw += w[childIndex[k] as number] as number;
    sums[n] = sw;
  }
  e.fill(0);
  e[c.nodes - 1] = 1;
  for (let t = aggregates.length - 1; t >= 0; t--) {
    const n = aggregates[t] as number;
    const scale = (e[n] as number) / (sums[n] as number);
    for (let k = childStart[n] as number; k < (childStart[n + 1] as number); k++) {
      const ch = childIndex[k] as number;
      e[ch] = (w[ch] as number) * scale;
    }
  }
}

/** out[o + u] = Σ_j x[u × m + j] · e[eo + j] (summed in j order), then exp when geometric. */
function dot1(
  x: Float64Array,
  m: number,
  U: number,
  e: Float64Array,
  eo: number,
  out: Float64Array,
  o: number,
  geometric: boolean,
): void {
  for (let u = 0; u < U; u++) {
    const row = u * m;
    let acc = 0;
    for (let j = 0; j < m; j++) acc += (x[row + j] as number) * (e[eo + j] as number);
    out[o + u] = geometric ? Math.exp(acc) : acc;
  }
}

/**
 * Four runs at once over the same matrix: each value is loaded once for four weight vectors. Each run's
 * sum is accumulated in j order, so the bits are those of dot1 (a run's scores do not depend on its block).
 */
function dot4(
  x: Float64Array,
  m: number,
  U: number,
  e: Float64Array,
  e0: number,
  e1: number,
  e2: number,
  e3: number,
  out: Float64Array,
  o0: number,
  o1: number,
  o2: number,
  o3: number,
  geometric: boolean,
): void {
  for (let u = 0; u < U; u++) {
    const row = u * m;
    let a0 = 0;
    let a1 = 0;
    let a2 = 0;
    let a3 = 0;
    for (let j = 0; j < m; j++) {
      const v = x[row + j] as number;
      a0 += v * (e[e0 + j] as number);
      a1 += v * (e[e1 + j] as number);
      a2 += v * (e[e2 + j] as number);
      a3 += v * (e[e3 + j] as number);
    }
    out[o0 + u] = geometric ? Math.exp(a0) : a0;
    out[o1 + u] = geometric ? Math.exp(a1) : a1;
    out[o2 + u] = geometric ? Math.exp(a2) : a2;
    out[o3 + u] = geometric ? Math.exp(a3) : a3;
  }
}

/** The column a child adds as is (w × column), or null when it needs a per-value transform. */
function directColumn(
  method: MeanMethod | undefined,
  ch: number,
  m: number,
  x: Float64Array,
  val: Float64Array,
  lx: Float64Array,
  ix: Float64Array,
): Float64Array | null {
  if (method === 'arithmetic') return ch < m ? x : val;
  if (ch >= m) return null;
  return method === 'geometric' ? lx : method === 'harmonic' ? ix : null;
}

/**
 * The same means for a matrix with no missing value, node by node over all units (contiguous inner loops
 * over indicator-major columns). Per unit it performs the same operations in the same order as the
 * general kernel (Σ w·x over the children in order, then ÷ Σ w), so both give identical bits.
 */
function evaluateComplete(
  c: Compiled,
  model: UncertaintyModel,
  s: Scratch,
  d: number,
  a: number,
  x: Float64Array,
): void {
  const lx = c.logColumns[d] ?? x;
  const ix = c.invColumns[d] ?? x;
  const alt = model.aggregations[a] as UncertaintyModel['aggregations'][number];
  const methods = alt.method;
  const w = s.weights;
  const val = s.nodeValues;
  const U = c.units;
  const m = c.indicators;
  const { childStart, childIndex, aggregates } = c;
  for (let t = 0; t < aggregates.length; t++) {
    const n = aggregates[t] as number;
    const from = childStart[n] as number;
    const to = childStart[n + 1] as number;
    const out = n * U;
    const method = methods[n];
    const p = alt.p[n] as number;
    let sw = 0;
    for (let u = 0; u < U; u++) val[out + u] = 0;
    let k = from;
    while (k < to) {
      const c0 = childIndex[k] as number;
      const s0 = directColumn(method, c0, m, x, val, lx, ix);
      const w0 = w[c0] as number;
      const a0 = c0 * U;
      if (s0 === null) {
        sw += w0;
        if (method === 'geometric')
          for (let u = 0; u < U; u++)
            val[out + u] = (val[out + u] as number) + w0 * Math.log(val[a0 + u] as number);
        else if (method === 'harmonic')
          for (let u = 0; u < U; u++)
            val[out + u] = (val[out + u] as number) + w0 * (1 / (val[a0 + u] as number));
        else {
          const src = c0 < m ? x : val;
          for (let u = 0; u < U; u++)
            val[out + u] = (val[out + u] as number) + w0 * (src[a0 + u] as number) ** p;
        }
        k++;
        continue;
      }
      // Up to four children per pass over the units, added in child order (the same bits as one at a time).
      const c1 = k + 1 < to ? (childIndex[k + 1] as number) : -1;
      const c2 = k + 2 < to ? (childIndex[k + 2] as number) : -1;
      const c3 = k + 3 < to ? (childIndex[k + 3] as number) : -1;
      const s1 = c1 >= 0 ? directColumn(method, c1, m, x, val, lx, ix) : null;
      const s2 = c2 >= 0 ? directColumn(method, c2, m, x, val, lx, ix) : null;
      const s3 = c3 >= 0 ? directColumn(method, c3, m, x, val, lx, ix) : null;
      if (s1 && s2 && s3) {
        const w1 = w[c1] as number;
        const w2 = w[c2] as number;
        const w3 = w[c3] as number;
        const a1 = c1 * U;
        const a2 = c2 * U;
        const a3 = c3 * U;
        sw = sw + w0 + w1 + w2 + w3;
        for (let u = 0; u < U; u++)
          val[out + u] =
            (val[out + u] as number) +
            w0 * (s0[a0 + u] as number) +
            w1 * (s1[a1 + u] as number) +
            w2 * (s2[a2 + u] as number) +
            w3 * (s3[a3 + u] as number);
        k += 4;
      } else if (s1) {
        const w1 = w[c1] as number;
        const a1 = c1 * U;
        sw = sw + w0 + w1;
        for (let u = 0; u < U; u++)
          val[out + u] = (val[out + u] as number) + w0 * (s0[a0 + u] as number) + w1 * (s1[a1 + u] as number);
        k += 2;
      } else {
        sw += w0;
        for (let u = 0; u < U; u++) val[out + u] = (val[out + u] as number) + w0 * (s0[a0 + u] as number);
        k++;
      }
    }
    if (method === 'arithmetic') for (let u = 0; u < U; u++) val[out + u] = (val[out + u] as number) / sw;
    else if (method === 'geometric')
      for (let u = 0; u < U; u++) val[out + u] = Math.exp((val[out + u] as number) / sw);
    else if (method === 'harmonic') for (let u = 0; u < U; u++) val[out + u] = sw / (val[out + u] as number);
    else for (let u = 0; u < U; u++) val[out + u] = ((val[out + u] as number) / sw) ** (1 / p);
  }
  const root = (c.nodes - 1) * U;
  for (let u = 0; u < U; u++) s.scores[u] = val[root + u] as number;
}

/**
 * Competition ranks by insertion sort from the nominal order of the run's alternatives: runs differ from
 * it by a few swaps, so this costs O(units + inversions). Past 16 moves per unit it falls back to a full
 * sort. Both give the same ranks (competition ranking does not depend on the algorithm).
 */
function rankFrom(scores: Float64Array, start: Int32Array, s: Scratch, ranks: Int32Array): void {
  const order = s.order;
  order.set(start);
  const n = order.length;
  let budget = 16 * n;
  for (let i = 1; i < n; i++) {
    const key = order[i] as number;
    const v = scores[key] as number;
    let j = i - 1;
    while (j >= 0 && (scores[order[j] as number] as number) < v) {
      order[j + 1] = order[j] as number;
      j--;
    }
    order[j + 1] = key;
    budget -= i - 1 - j;
    if (budget < 0) {
      rankInto(scores, s.sorted, ranks);
      return;
    }
  }
  let rank = 1;
  let previous = Number.NaN;
  for (let k = 0; k < n; k++) {
    const u = order[k] as number;
    const v = scores[u] as number;
    if (v !== previous) rank = k + 1;
    ranks[u] = rank;
    previous = v;
  }
}

/** Competition ranks (1 = highest score, ties share the lowest rank): 1 + #(scores strictly greater). */
function rankInto(scores: Float64Array, sorted: Float64Array, ranks: Int32Array): void {
  sorted.set(scores);
  sorted.sort();
  const n = scores.length;
  for (let u = 0; u < n; u++) {
    const v = scores[u] as number;
    // upper bound: first index with sorted[i] > v
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((sorted[mid] as number) > v) hi = mid;
      else lo = mid + 1;
    }
    ranks[u] = 1 + n - lo;
  }
}

/** Applies sample u to s.weights and puts the chosen [data, aggregation] alternatives in s.choice (no allocation). */
function decode(c: Compiled, model: UncertaintyModel, sample: Float64Array, s: Scratch): void {
  s.weights.set(c.nominalWeight);
  const varied = c.variedNodes;
  const spread = c.spread;
  for (let t = 0; t < varied.length; t++) {
    const n = varied[t] as number;
    s.weights[n] = (c.nominalWeight[n] as number) * (1 + spread * (2 * (sample[t] as number) - 1));
  }
  const nNorm = model.normalisations.length;
  const imp = c.impCoord < 0 ? 0 : Math.floor((sample[c.impCoord] as number) * model.imputations.length);
  const norm = c.normCoord < 0 ? 0 : Math.floor((sample[c.normCoord] as number) * nNorm);
  const agg = c.aggCoord < 0 ? 0 : Math.floor((sample[c.aggCoord] as number) * model.aggregations.length);
  s.choice[0] = imp * nNorm + norm;
  s.choice[1] = agg;
}

export type MonteCarloRange = { from?: number; to?: number };

/**
 * Runs [from, to) of the model's Monte Carlo (default: all runs) and returns their streamed statistics.
 * Partials of disjoint ranges merge exactly with mergeUncertaintyPartials.
 */
export function runMonteCarlo(model: UncertaintyModel, range: MonteCarloRange = {}): UncertaintyPartial {
  const c = compile(model);
  const from = range.from ?? 0;
  const to = range.to ?? model.runs;
  if (!(Number.isInteger(from) && Number.isInteger(to) && 0 <= from && from <= to && to <= model.runs))
    throw new AppError('invalid_input', 'run range out of bounds', { from, to, runs: model.runs });
  const n = c.units;
  const k = c.inputs.length;
  const histogram = new Uint32Array(n * n);
  const shiftSums = new Float64Array(n);
  const sobol: SobolAccumulator | null = model.sensitivity ? createSobolAccumulator(n + 1, k) : null;
  const s = createScratch(c);
  const D = c.dimension;
  const a = new Float64Array(D);
  const b = new Float64Array(D);
  const ab = new Float64Array(D);
  const rankA = new Int32Array(n);
  const rankB = new Int32Array(n);
  const rankAB = Array.from({ length: k }, () => new Int32Array(n));
  const fAB = new Float64Array(k);
  const nominal = c.nominalRanks;

  const evaluateRanks = (sample: Float64Array, ranks: Int32Array): void => {
    decode(c, model, sample, s);
    const d = s.choice[0] as number;
    const agg = s.choice[1] as number;
    const kind = c.linear[agg];
    if (kind && c.columns[d]) evaluateLinear(c, s, d, kind);
    else evaluate(c, model, s, d, agg);
    rankFrom(s.scores, c.startOrders[d * model.aggregations.length + agg] as Int32Array, s, ranks);
  };

  const record = (ranks: Int32Array): void => {
    for (let u = 0; u < n; u++) {
      const r = ranks[u] as number;
      const idx = u * n + r - 1;
      histogram[idx] = (histogram[idx] as number) + 1;
      shiftSums[u] = (shiftSums[u] as number) + Math.abs(r - (nominal[u] as number));
    }
  };

  // Without sensitivity, runs go in blocks: the one-pass runs of a block are grouped by matrix and
  // evaluated four at a time (dot4), the others level by level; then each run is ranked and recorded.
  // Every run's scores are the same bits as when evaluated alone, so blocks never change the result.
  if (!sobol) {
    const BLOCK = 64;
    const m = c.indicators;
    const blockScores = new Float64Array(BLOCK * n);
    const blockE = new Float64Array(BLOCK * m);
    const blockD = new Int32Array(BLOCK);
    const blockAgg = new Int32Array(BLOCK);
    const blockKind = new Int8Array(BLOCK); // 0 level by level, 1 arithmetic, 2 geometric
    const scores = new Float64Array(n);
    const pending: number[] = [];
    for (let start = from; start < to; start += BLOCK) {
      const count = Math.min(BLOCK, to - start);
      for (let r = 0; r < count; r++) {
        const random = streamFor(model.seed, start + r);
        for (let i = 0; i < D; i++) a[i] = random.next();
        decode(c, model, a, s);
        const d = s.choice[0] as number;
        const agg = s.choice[1] as number;
        blockD[r] = d;
        blockAgg[r] = agg;
        const kind = c.linear[agg];
        if (kind && c.columns[d]) {
          effectiveWeightsInto(c, s);
          const e = s.effective;
          for (let j = 0; j < m; j++) blockE[r * m + j] = e[j] as number;
          blockKind[r] = kind === 'arithmetic' ? 1 : 2;
        } else {
          evaluate(c, model, s, d, agg);
          for (let u = 0; u < n; u++) blockScores[r * n + u] = s.scores[u] as number;
          blockKind[r] = 0;
        }
      }
      for (let d = 0; d < c.matrices.length; d++)
        for (let kind = 1; kind <= 2; kind++) {
          pending.length = 0;
          for (let r = 0; r < count; r++) if (blockKind[r] === kind && blockD[r] === d) pending.push(r);
          if (pending.length === 0) continue;
          const x = kind === 1 ? (c.matrices[d] as Float64Array) : (c.logMatrices[d] as Float64Array);
          const geometric = kind === 2;
          let i = 0;
          for (; i + 4 <= pending.length; i += 4) {
            const r0 = pending[i] as number;
            const r1 = pending[i + 1] as number;
            const r2 = pending[i + 2] as number;
            const r3 = pending[i + 3] as number;
            dot4(
              x,
              m,
              n,
              blockE,
              r0 * m,
              r1 * m,
              r2 * m,
              r3 * m,
              blockScores,
              r0 * n,
              r1 * n,
              r2 * n,
              r3 * n,
              geometric,
            );
          }
          for (; i < pending.length; i++) {
            const r = pending[i] as number;
            dot1(x, m, n, blockE, r * m, blockScores, r * n, geometric);
          }
        }
      for (let r = 0; r < count; r++) {
        for (let u = 0; u < n; u++) scores[u] = blockScores[r * n + u] as number;
        const start0 =
          c.startOrders[(blockD[r] as number) * model.aggregations.length + (blockAgg[r] as number)];
        rankFrom(scores, start0 as Int32Array, s, rankA);
        record(rankA);
      }
    }
    return { from, to, units: n, histogram, shiftSums, sobol: null };
  }

  for (let run = from; run < to; run++) {
    const random = streamFor(model.seed, run);
    for (let i = 0; i < D; i++) a[i] = random.next();
    evaluateRanks(a, rankA);
    record(rankA);
    if (sobol) {
      for (let i = 0; i < D; i++) b[i] = random.next();
      evaluateRanks(b, rankB);
      for (let g = 0; g < k; g++) {
        const input = c.inputs[g] as InputGroup;
        ab.set(a);
        for (let i = input.start; i < input.end; i++) ab[i] = b[i] as number;
        evaluateRanks(ab, rankAB[g] as Int32Array);
      }
      // Outputs centred on the nominal value (integers): each unit's rank − nominal rank, and the total
      // |rank shift| over units. Centring by a constant leaves both estimators unbiased.
      let totalA = 0;
      let totalB = 0;
      for (let u = 0; u < n; u++) {
        const nu = nominal[u] as number;
        const ya = (rankA[u] as number) - nu;
        const yb = (rankB[u] as number) - nu;
        totalA += Math.abs(ya);
        totalB += Math.abs(yb);
        for (let g = 0; g < k; g++) fAB[g] = ((rankAB[g] as Int32Array)[u] as number) - nu;
        addSobolSample(sobol, u, ya, yb, fAB);
      }
      for (let g = 0; g < k; g++) {
        const r = rankAB[g] as Int32Array;
        let total = 0;
        for (let u = 0; u < n; u++) total += Math.abs((r[u] as number) - (nominal[u] as number));
        fAB[g] = total;
      }
      addSobolSample(sobol, n, totalA, totalB, fAB);
    }
  }
  return { from, to, units: n, histogram, shiftSums, sobol: sobol ? sobol.sums : null };
}

/** Adds partials of disjoint run ranges (in the order given; exact, since every sum is an integer). */
export function mergeUncertaintyPartials(parts: readonly UncertaintyPartial[]): UncertaintyPartial {
  const sortedParts = [...parts].sort((p, q) => p.from - q.from || p.to - q.to);
  const first = sortedParts[0];
  if (!first) throw new RangeError('mergeUncertaintyPartials: nothing to merge');
  const histogram = new Uint32Array(first.histogram.length);
  const shiftSums = new Float64Array(first.shiftSums.length);
  const sobol = first.sobol ? new Float64Array(first.sobol.length) : null;
  let expected = first.from;
  for (const part of sortedParts) {
    if (part.from !== expected)
      throw new RangeError('mergeUncertaintyPartials: run ranges are not contiguous');
    expected = part.to;
    for (let i = 0; i < histogram.length; i++)
      histogram[i] = (histogram[i] as number) + (part.histogram[i] as number);
    for (let i = 0; i < shiftSums.length; i++)
      shiftSums[i] = (shiftSums[i] as number) + (part.shiftSums[i] as number);
    if (sobol && part.sobol) {
      const into = { outputs: 0, inputs: 0, sums: sobol };
      mergeSobolAccumulators(into, { outputs: 0, inputs: 0, sums: part.sobol });
    }
  }
  return { from: first.from, to: expected, units: first.units, histogram, shiftSums, sobol };
}

/** The result of the whole Monte Carlo from the merged partial of runs [0, runs). */
export function summariseUncertainty(
  model: UncertaintyModel,
  partial: UncertaintyPartial,
): UncertaintyResult {
  const c = compile(model);
  if (partial.from !== 0 || partial.to !== model.runs)
    throw new RangeError(`summariseUncertainty: partial covers runs [${partial.from}, ${partial.to})`);
  const n = c.units;
  const runs = model.runs;
  const k = c.inputs.length;
  // 2^53: beyond it integer sums in doubles stop being exact.
  if (partial.sobol?.some((v) => Math.abs(v) >= 2 ** 53))
    invalid('敏感性累加超出精确范围 / sensitivity sums exceed 2^53: use fewer runs', { runs });
  const units: UnitUncertainty[] = model.unitCodes.map((code, u) => {
    const counts = partial.histogram.subarray(u * n, (u + 1) * n);
    let lo = 0;
    while (lo < n - 1 && counts[lo] === 0) lo++;
    let hi = n - 1;
    while (hi > lo && counts[hi] === 0) hi--;
    return {
      code,
      nominalScore: c.nominalScores[u] as number,
      nominalRank: c.nominalRanks[u] as number,
      medianRank: rankQuantile(counts, 50),
      rankInterval: [rankQuantile(counts, 5), rankQuantile(counts, 95)],
      meanAbsRankShift: (partial.shiftSums[u] as number) / runs,
      rankHistogram: { from: lo + 1, counts: Array.from(counts.subarray(lo, hi + 1)) },
    };
  });
  let shiftTotal = 0;
  for (let u = 0; u < n; u++) shiftTotal += partial.shiftSums[u] as number;
  const fixed: FixedInput[] = [...model.fixed];
  if (c.spread === 0 && !fixed.some((f) => f.input === 'weights'))
    fixed.push({ input: 'weights', value: 'nominal', reason: 'weight spread 0' });
  if (c.impCoord < 0)
    fixed.push({ input: 'imputation', value: model.imputations[0] ?? '', reason: 'one alternative given' });
  if (c.normCoord < 0)
    fixed.push({
      input: 'normalisation',
      value: model.normalisations[0] ?? '',
      reason: 'one alternative given',
    });
  if (c.aggCoord < 0)
    fixed.push({
      input: 'aggregation',
      value: model.aggregations[0]?.label ?? '',
      reason: 'one alternative given',
    });
  const result: UncertaintyResult = {
    method: 'qunce-mc/1',
    seed: model.seed,
    runs,
    evaluations: model.sensitivity ? runs * (k + 2) : runs,
    varied: c.inputs.map((g) =>
      g.alternatives
        ? { input: g.name, how: g.how, alternatives: g.alternatives }
        : { input: g.name, how: g.how },
    ),
    fixed,
    notes: [...model.notes],
    quantiles: quantileDefinition,
    meanAbsRankShift: shiftTotal / runs / n,
    units,
  };
  if (model.sensitivity && partial.sobol) {
    const acc: SobolAccumulator = { outputs: n + 1, inputs: k, sums: partial.sobol };
    const overall = sobolIndices(acc, n);
    result.sensitivity = {
      baseSamples: runs,
      evaluations: runs * (k + 2),
      inputs: c.inputs.map((g) => g.name),
      output:
        'total |rank − nominal rank| over units (indices are scale-free, so the same as for the mean absolute rank shift); per unit: its rank',
      estimators: { first: 'Saltelli 2010', total: 'Jansen 1999' },
      first: overall.first,
      total: overall.total,
      units: model.unitCodes.map((code, u) => {
        const idx = sobolIndices(acc, u);
        return { code, first: idx.first, total: idx.total };
      }),
    };
  }
  return result;
}

/** Single-threaded analysis: all runs, merged and summarised. */
export function analyseUncertainty(model: UncertaintyModel): UncertaintyResult {
  return summariseUncertainty(model, runMonteCarlo(model));
}
