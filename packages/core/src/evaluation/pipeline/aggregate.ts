/**
 * Aggregation up the framework tree. For each aggregate node and unit, over the children with a value
 * (weights renormalised over them, like R's weighted.mean(na.rm = TRUE) in COINr):
 *   arithmetic   Σ w x / Σ w
 *   geometric    exp(Σ w ln x / Σ w)            needs x > 0
 *   harmonic     Σ w / Σ (w / x)                needs x > 0
 *   generalised  (Σ w x^p / Σ w)^(1/p)          needs x ≥ 0 (x > 0 when p < 0); p = 0 is geometric
 *   copeland     Σ_k sign(o_uk − ½) over other units k, where o_uk = Σ w [x_u > x_k] + ½ Σ w [x_u = x_k]
 *                (weights over the node's children sum to 1; COINr a_copeland)
 * Minimum data availability: when the share of a node's (weighted) children that have a value is below
 * minAvailability, or none has, the unit's node score is missing (NaN).
 * Children with weight 0 (left out) are skipped.
 */
import { AppError } from '../../errors.ts';
import type { AggregationMethod } from '../spec/evaluation-spec.schema.ts';
import type { FrameworkArrays } from '../spec/framework-tree.ts';

export type AggregateOptions = {
  weights?: Float64Array;
  methods?: readonly AggregationMethod[];
  p?: Float64Array;
  minAvailability?: number;
};

function needPositive(
  tree: FrameworkArrays,
  node: number,
  child: number,
  unit: number,
  unitCodes: readonly string[] | undefined,
  value: number,
  method: string,
): AppError {
  const unitLabel = unitCodes?.[unit] ?? `#${unit + 1}`;
  return new AppError(
    'invalid_input',
    `${tree.codes[node]}: ${method} 汇总需要正值，${unitLabel} 的 ${tree.codes[child]} = ${value} / ${method} aggregation needs positive values: ${tree.codes[child]} of ${unitLabel} is ${value}`,
    { node: tree.codes[node], indicator: tree.codes[child], unit: unitLabel, value, step: 'aggregation' },
  );
}

/**
 * Scores of every unit at every node, row-major (s[u × nodes + n]); indicator nodes copy the matrix
 * (units × indicators, row-major). Allocation-free apart from Copeland when `out` is given.
 */
export function aggregateScores(
  tree: FrameworkArrays,
  matrix: ArrayLike<number>,
  unitCount: number,
  options: AggregateOptions = {},
  out?: Float64Array,
  unitCodes?: readonly string[],
): Float64Array {
  const N = tree.codes.length;
  const J = tree.indicatorCount;
  const s = out ?? new Float64Array(unitCount * N);
  const weights = options.weights ?? tree.weight;
  const methods = options.methods ?? tree.method;
  const powers = options.p ?? tree.p;
  const minAvailability = options.minAvailability ?? tree.minAvailability;
  const { childStart, childIndex } = tree;
  for (let u = 0; u < unitCount; u++) {
    const row = u * N;
    const mrow = u * J;
    for (let j = 0; j < J; j++) s[row + j] = matrix[mrow + j] as number;
  }
  for (let n = J; n < N; n++) {
    const c0 = childStart[n] as number;
    const c1 = childStart[n + 1] as number;
    const method = methods[n] ?? 'arithmetic';
    let activeWeight = 0;
    let activeCount = 0;
    for (let c = c0; c < c1; c++) {
      const w = weights[childIndex[c] as number] as number;
      if (w > 0) {
        activeWeight += w;
        activeCount++;
      }
    }
    if (method === 'copeland') {
      copeland(s, unitCount, N, n, c0, c1, childIndex, weights, activeWeight, activeCount, minAvailability);
      continue;
    }
    const p = powers[n] as number;
    for (let u = 0; u < unitCount; u++) {
      const row = u * N;
      let sw = 0;
      let acc = 0;
      let available = 0;
      for (let c = c0; c < c1; c++) {
        const child = childIndex[c] as number;
        const w = weights[child] as number;
        if (!(w > 0)) continue;
        const x = s[row + child] as number;
        if (Number.isNaN(x)) continue; // missing
        available++;
        sw += w;
        if (method === 'arithmetic') acc += w * x;
        else if (method === 'geometric' || (method === 'generalised' && p === 0)) {
          if (!(x > 0)) throw needPositive(tree, n, child, u, unitCodes, x, 'geometric');
          acc += w * Math.log(x);
        } else if (method === 'harmonic') {
          if (!(x > 0)) throw needPositive(tree, n, child, u, unitCodes, x, 'harmonic');
          acc += w / x;
        } else {
          if (x < 0 || (p < 0 && x === 0)) throw needPositive(tree, n, child, u, unitCodes, x, 'generalised');
          acc += w * x ** p;
        }
      }
      if (available === 0 || available < minAvailability * activeCount) {
        s[row + n] = Number.NaN;
        continue;
      }
      if (method === 'arithmetic') s[row + n] = acc / sw;
      else if (method === 'geometric' || (method === 'generalised' && p === 0))
        s[row + n] = Math.exp(acc / sw);
      else if (method === 'harmonic') s[row + n] = sw / acc;
      else s[row + n] = (acc / sw) ** (1 / p);
    }
  }
  return s;
}

function copeland(
  s: Float64Array,
  unitCount: number,
  N: number,
  n: number,
  c0: number,
  c1: number,
  childIndex: Int32Array,
  weights: ArrayLike<number>,
  activeWeight: number,
  activeCount: number,
  minAvailability: number,
): void {
  const scores = new Float64Array(unitCount);
  const eligible = new Uint8Array(unitCount);
  for (let u = 0; u < unitCount; u++) {
    let available = 0;
    for (let c = c0; c < c1; c++) {
      const child = childIndex[c] as number;
      if ((weights[child] as number) > 0 && !Number.isNaN(s[u * N + child] as number)) available++;
    }
    eligible[u] = available > 0 && available >= minAvailability * activeCount ? 1 : 0;
  }
  for (let a = 0; a < unitCount; a++) {
    if (!eligible[a]) continue;
    for (let b = a + 1; b < unitCount; b++) {
      if (!eligible[b]) continue;
      let outrank = 0;
      for (let c = c0; c < c1; c++) {
        const child = childIndex[c] as number;
        const w = (weights[child] as number) / activeWeight;
        if (!(w > 0)) continue;
        const xa = s[a * N + child] as number;
        const xb = s[b * N + child] as number;
        if (xa > xb) outrank += w;
        else if (xa === xb) outrank += w / 2;
      }
      // o_ab + o_ba = 1 when no value is missing; compare o_ab with o_ba in general.
      let other = 0;
      for (let c = c0; c < c1; c++) {
        const child = childIndex[c] as number;
        const w = (weights[child] as number) / activeWeight;
        if (!(w > 0)) continue;
        const xa = s[a * N + child] as number;
        const xb = s[b * N + child] as number;
        if (xb > xa) other += w;
        else if (xa === xb) other += w / 2;
      }
      const sign = outrank > other ? 1 : outrank < other ? -1 : 0;
      scores[a] = (scores[a] as number) + sign;
      scores[b] = (scores[b] as number) - sign;
    }
  }
  for (let u = 0; u < unitCount; u++) s[u * N + n] = eligible[u] ? (scores[u] as number) : Number.NaN;
}
