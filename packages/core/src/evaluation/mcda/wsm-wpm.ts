import { AppError } from '../../errors.ts';
import {
  parseDecisionMatrix,
  parseWeights,
  rankPreferences,
  requireAlternatives,
} from './decision-matrix.ts';
import { maxNormalise, minMaxNormalise } from './normalisation.ts';
import type { McdaResult } from './types.ts';

export type WsmNormalisation = 'max' | 'minmax';
export type WsmOptions = { normalisation?: WsmNormalisation };
export type WsmResult = McdaResult & { method: 'wsm'; normalised: number[][] };
export type WpmResult = McdaResult & { method: 'wpm'; normalised: number[][] };

/**
 * Weighted sum model (SAW; Fishburn 1967, as in Afshari et al. 2010): score_i = Σ_j w_j r_ij.
 *   "max" normalisation (default): benefit r = x / max, cost r = min / x (needs x ≥ 0, cost x > 0);
 *   "minmax" normalisation (option): r = (x − min)/(max − min), reversed for a cost.
 * Variants: "wsm/max-normalisation", "wsm/minmax-normalisation".
 */
export function wsm(
  matrixInput: unknown,
  typesInput: unknown,
  weightsInput: unknown,
  options: WsmOptions = {},
): WsmResult {
  const { matrix, types } = parseDecisionMatrix(matrixInput, typesInput);
  requireAlternatives(matrix, 'WSM');
  const weights = parseWeights(weightsInput, types.length);
  const normalisation = options.normalisation ?? 'max';
  if (normalisation !== 'max' && normalisation !== 'minmax') {
    throw new AppError(
      'invalid_input',
      `WSM 的归一化只能是 max 或 minmax / WSM normalisation must be "max" or "minmax", got ${JSON.stringify(normalisation)}`,
      { field: 'options.normalisation', value: normalisation },
    );
  }
  const normalised =
    normalisation === 'max' ? maxNormalise(matrix, types, 'WSM') : minMaxNormalise(matrix, types);
  const preference = normalised.matrix.map((row) =>
    row.reduce((acc, r, j) => acc + (weights[j] as number) * r, 0),
  );
  return {
    method: 'wsm',
    variant: `wsm/${normalisation}-normalisation`,
    weights,
    preference,
    ranks: rankPreferences(preference, true),
    notes: normalised.notes,
    normalised: normalised.matrix,
  };
}

/**
 * Weighted product model (Bridgman 1922; Miller & Starr 1969): score_i = Π_j r_ij^w_j with the
 * ratio normalisation benefit r = x / max, cost r = min / x. Every value must be strictly positive
 * (a power of zero or of a negative number has no meaning here). Ranks equal those of the
 * ratio form Π (x_Kj / x_Lj)^(±w_j); the scores are relative to the best value of each criterion.
 * Variant: "wpm/max-normalisation".
 */
export function wpm(matrixInput: unknown, typesInput: unknown, weightsInput: unknown): WpmResult {
  const { matrix, types } = parseDecisionMatrix(matrixInput, typesInput);
  requireAlternatives(matrix, 'WPM');
  const weights = parseWeights(weightsInput, types.length);
  const normalised = maxNormalise(matrix, types, 'WPM', true);
  const preference = normalised.matrix.map((row) =>
    // exp Σ w ln r is the same product, computed without underflow for many criteria.
    Math.exp(row.reduce((acc, r, j) => acc + (weights[j] as number) * Math.log(r), 0)),
  );
  return {
    method: 'wpm',
    variant: 'wpm/max-normalisation',
    weights,
    preference,
    ranks: rankPreferences(preference, true),
    notes: normalised.notes,
    normalised: normalised.matrix,
  };
}
