import { AppError } from '../../errors.ts';
import { column, isConstantColumn, parseDecisionMatrix } from '../mcda/decision-matrix.ts';
import { minMaxNormalise } from '../mcda/normalisation.ts';
import { pearson, sampleSd } from '../stats.ts';
import type { WeightsResult } from './types.ts';

export type CriticWeightsResult = WeightsResult & {
  method: 'critic';
  /** Sample standard deviation σ_j of each min-max normalised criterion. */
  sd: number[];
  /** Pearson correlations r_jk between normalised criteria; null where a constant column was left out. */
  correlation: (number | null)[][];
  /** Information C_j = σ_j Σ_k (1 − r_jk). */
  information: number[];
};

/**
 * CRITIC weights (Diakoulaki, Mavrotas & Papayannakis 1995):
 *   r = min-max normalised by type (1 = best); σ_j = SAMPLE standard deviation of r_·j (n − 1);
 *   r_jk = Pearson correlation; C_j = σ_j Σ_k (1 − r_jk); w_j = C_j / Σ C.
 * Sample or population σ gives the same weights (the factor √(m/(m−1)) cancels); C_j uses the
 * sample σ, as JMcDM does. A constant column (σ = 0, correlation undefined) is left out of the
 * correlations of the others and gets weight 0, noted. If one criterion remains it gets weight 1;
 * if none remains the weights fall back to equal; both noted.
 * Variant: "critic/minmax-normalisation/sample-sd/pearson".
 */
export function criticWeights(matrixInput: unknown, typesInput: unknown): CriticWeightsResult {
  const { matrix, types } = parseDecisionMatrix(matrixInput, typesInput);
  const m = matrix.length;
  const n = types.length;
  if (m < 2) {
    throw new AppError(
      'invalid_input',
      'CRITIC 至少需要两个备选方案 / CRITIC weights need at least two alternatives',
      { field: 'matrix', alternatives: m },
    );
  }
  const normalised = minMaxNormalise(matrix, types).matrix;
  const columns = Array.from({ length: n }, (_, j) => normalised.map((row) => row[j] as number));
  const notes: string[] = [];
  const constant = types.map((_, j) => isConstantColumn(column(matrix, j)));
  constant.forEach((isConstant, j) => {
    if (isConstant) {
      notes.push(`第 ${j + 1} 列为常数，已剔除，权重为 0 / column ${j + 1} is constant: left out, weight 0`);
    }
  });
  const kept = constant.map((c, j) => (c ? -1 : j)).filter((j) => j >= 0);
  const sd = columns.map((col, j) => (constant[j] ? 0 : sampleSd(col)));
  const correlation: (number | null)[][] = columns.map((a, j) =>
    columns.map((b, k) => (constant[j] || constant[k] ? null : j === k ? 1 : pearson(a, b))),
  );
  const information = sd.map((s, j) =>
    constant[j] ? 0 : s * kept.reduce((acc, k) => acc + (1 - (correlation[j]?.[k] ?? 1)), 0),
  );
  const total = information.reduce((a, b) => a + b, 0);
  let weights: number[];
  if (kept.length === 0) {
    weights = new Array<number>(n).fill(1 / n);
    notes.push('所有列均为常数，采用等权 / every column is constant: equal weights used');
  } else if (kept.length === 1 || !(total > 0)) {
    weights = constant.map((c) => (c ? 0 : 1 / kept.length));
    notes.push(
      '可比较的准则不足两个，非常数列等权 / fewer than two non-constant criteria: they share the weight equally',
    );
  } else {
    weights = information.map((c) => c / total);
  }
  return {
    method: 'critic',
    variant: 'critic/minmax-normalisation/sample-sd/pearson',
    weights,
    notes,
    sd,
    correlation,
    information,
  };
}
