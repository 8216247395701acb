import { AppError } from '../../errors.ts';
import {
  parseDecisionMatrix,
  parseWeights,
  rankPreferences,
  requireAlternatives,
} from './decision-matrix.ts';
import { minMaxNormalise, vectorNormalise } from './normalisation.ts';
import type { McdaResult } from './types.ts';

export type TopsisNormalisation = 'vector' | 'minmax';
export type TopsisOptions = { normalisation?: TopsisNormalisation };

export type TopsisResult = McdaResult & {
  method: 'topsis';
  /** Euclidean distance of each alternative to the ideal A+ and to the anti-ideal A−. */
  distanceToIdeal: number[];
  distanceToAntiIdeal: number[];
};

/**
 * TOPSIS (Hwang & Yoon 1981).
 *   r = vector-normalised x (default; r_ij = x_ij / √Σ_i x_ij²) or min-max by type (option);
 *   v_ij = w_j r_ij;
 *   A+_j = max_i v_ij for a benefit, min_i v_ij for a cost (min-max: already oriented, so max);
 *   A−_j the opposite; D±_i = √Σ_j (v_ij − A±_j)²; closeness C_i = D−_i / (D+_i + D−_i).
 * Variant names: "topsis/vector-normalisation/euclidean", "topsis/minmax-normalisation/euclidean".
 * If every alternative is identical on every weighted criterion (A+ = A−, D+ + D− ≤ 1e-12),
 * C = 0.5 for all, noted.
 */
export function topsis(
  matrixInput: unknown,
  typesInput: unknown,
  weightsInput: unknown,
  options: TopsisOptions = {},
): TopsisResult {
  const { matrix, types } = parseDecisionMatrix(matrixInput, typesInput);
  requireAlternatives(matrix, 'TOPSIS');
  const n = types.length;
  const weights = parseWeights(weightsInput, n);
  const normalisation = options.normalisation ?? 'vector';
  if (normalisation !== 'vector' && normalisation !== 'minmax') {
    throw new AppError(
      'invalid_input',
      `TOPSIS 的归一化只能是 vector 或 minmax / TOPSIS normalisation must be "vector" or "minmax", got ${JSON.stringify(normalisation)}`,
      { field: 'options.normalisation', value: normalisation },
    );
  }
  const normalised = normalisation === 'vector' ? vectorNormalise(matrix) : minMaxNormalise(matrix, types);
  const weighted = normalised.matrix.map((row) => row.map((r, j) => r * (weights[j] as number)));
  const ideal: number[] = [];
  const antiIdeal: number[] = [];
  for (let j = 0; j < n; j++) {
    const col = weighted.map((row) => row[j] as number);
    const max = Math.max(...col);
    const min = Math.min(...col);
    const benefit = normalisation === 'minmax' || types[j] === 1;
    ideal.push(benefit ? max : min);
    antiIdeal.push(benefit ? min : max);
  }
  const distance = (row: readonly number[], target: readonly number[]) =>
    Math.sqrt(row.reduce((acc, v, j) => acc + (v - (target[j] as number)) ** 2, 0));
  const distanceToIdeal = weighted.map((row) => distance(row, ideal));
  const distanceToAntiIdeal = weighted.map((row) => distance(row, antiIdeal));
  const notes = [...normalised.notes];
  let degenerate = false;
  const preference = distanceToIdeal.map((dPlus, i) => {
    const dMinus = distanceToAntiIdeal[i] as number;
    if (dPlus + dMinus <= 1e-12) {
      degenerate = true;
      return 0.5;
    }
    return dMinus / (dPlus + dMinus);
  });
  if (degenerate) {
    notes.push(
      '所有备选方案在加权准则上相同，贴近度取 0.5 / all alternatives are identical on the weighted criteria (ideal = anti-ideal): closeness set to 0.5',
    );
  }
  return {
    method: 'topsis',
    variant: `topsis/${normalisation}-normalisation/euclidean`,
    weights,
    preference,
    ranks: rankPreferences(preference, true),
    notes,
    distanceToIdeal,
    distanceToAntiIdeal,
  };
}
