import { AppError } from '../../errors.ts';
import { column, isConstantColumn, parseDecisionMatrix } from '../mcda/decision-matrix.ts';
import type { WeightsResult } from './types.ts';

export type EntropyWeightsResult = WeightsResult & {
  method: 'entropy';
  /** Normalised Shannon entropy e_j ∈ [0, 1] of each criterion. */
  entropy: number[];
  /** Degree of divergence d_j = 1 − e_j. */
  divergence: number[];
};

/**
 * Entropy weights (Shannon 1948; Zeleny 1982; Hwang & Yoon 1981):
 *   p_ij = x_ij / Σ_i x_ij;  e_j = −Σ_i p_ij ln p_ij / ln m (with 0 ln 0 = 0);  d_j = 1 − e_j;
 *   w_j = d_j / Σ_k d_k.
 * Raw proportions of the values as given: criterion types do not enter (entropy measures how
 * unevenly a criterion spreads over the alternatives, whatever its direction), so `types` is
 * accepted only to check it. Values must be ≥ 0 (a negative proportion has no entropy): a
 * negative cell is an invalid_input naming its row and column. A column that sums to 0 or is
 * constant carries no information: e = 1, d = 0, weight 0, noted. If every column is like that,
 * the weights fall back to equal, noted. Needs m ≥ 2 alternatives (ln m = 0 otherwise).
 * Variant: "entropy/shannon/raw-proportions".
 */
export function entropyWeights(matrixInput: unknown, typesInput?: unknown): EntropyWeightsResult {
  const first: unknown = Array.isArray(matrixInput) ? matrixInput[0] : undefined;
  const n = Array.isArray(first) ? first.length : 0;
  const { matrix } = parseDecisionMatrix(matrixInput, typesInput ?? new Array<number>(n).fill(1));
  const m = matrix.length;
  if (m < 2) {
    throw new AppError(
      'invalid_input',
      '熵权法至少需要两个备选方案 / entropy weights need at least two alternatives (ln m = 0 for one)',
      { field: 'matrix', alternatives: m },
    );
  }
  for (const [i, row] of matrix.entries()) {
    for (const [j, x] of row.entries()) {
      if (x < 0) {
        throw new AppError(
          'invalid_input',
          `熵权法要求非负值：第 ${i + 1} 行第 ${j + 1} 列为 ${x} / entropy weights need non-negative values: row ${i + 1}, column ${j + 1} is ${x}`,
          { field: 'matrix', row: i + 1, column: j + 1, value: x },
        );
      }
    }
  }
  const notes: string[] = [];
  const entropy: number[] = [];
  const lnM = Math.log(m);
  for (let j = 0; j < n; j++) {
    const col = column(matrix, j);
    // Proportions of x / max (the same p), so that the sum cannot overflow.
    const scale = Math.max(...col);
    const total = scale === 0 ? 0 : col.reduce((a, b) => a + b / scale, 0);
    const constant = isConstantColumn(col);
    if (total === 0 || constant) {
      entropy.push(1);
      notes.push(
        `第 ${j + 1} 列为常数，不含信息，权重为 0 / column ${j + 1} is constant: it carries no information, weight 0`,
      );
      continue;
    }
    let h = 0;
    for (const x of col) {
      const p = x / scale / total;
      if (p > 0) h -= p * Math.log(p);
    }
    entropy.push(Math.min(1, h / lnM));
  }
  const divergence = entropy.map((e) => 1 - e);
  const sumD = divergence.reduce((a, b) => a + b, 0);
  let weights: number[];
  if (sumD > 0) {
    weights = divergence.map((d) => d / sumD);
  } else {
    weights = new Array<number>(n).fill(1 / n);
    notes.push('所有列均不含信息，采用等权 / no column carries information: equal weights used');
  }
  return {
    method: 'entropy',
    variant: 'entropy/shannon/raw-proportions',
    weights,
    notes,
    entropy,
    divergence,
  };
}
