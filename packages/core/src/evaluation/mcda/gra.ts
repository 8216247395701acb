import { AppError } from '../../errors.ts';
import {
  parseDecisionMatrix,
  parseWeights,
  rankPreferences,
  requireAlternatives,
} from './decision-matrix.ts';
import { minMaxNormalise } from './normalisation.ts';
import type { McdaResult } from './types.ts';

export type GraOptions = { zeta?: number };

export type GraResult = McdaResult & {
  method: 'gra';
  /** Grey relational coefficients ξ_ij (alternatives × criteria). */
  coefficients: number[][];
  deltaMin: number;
  deltaMax: number;
};

/**
 * Grey relational analysis (Deng 1982), as in Kuo, Yang & Huang (2008):
 *   r = min-max normalised by type (1 = best); the reference series is the ideal r0_j = 1;
 *   Δ_ij = |r0_j − r_ij|; Δmin, Δmax = the smallest and largest Δ over the WHOLE matrix (global);
 *   ξ_ij = (Δmin + ζ Δmax) / (Δ_ij + ζ Δmax), ζ = 0.5 by default; grade_i = Σ_j w_j ξ_ij.
 * If Δmax = 0 (every alternative is ideal on every criterion) all ξ = 1, noted.
 * Variant: "gra/minmax-normalisation/global-delta/zeta=0.5".
 */
export function gra(
  matrixInput: unknown,
  typesInput: unknown,
  weightsInput: unknown,
  options: GraOptions = {},
): GraResult {
  const { matrix, types } = parseDecisionMatrix(matrixInput, typesInput);
  requireAlternatives(matrix, 'GRA');
  const weights = parseWeights(weightsInput, types.length);
  const zeta = options.zeta ?? 0.5;
  if (typeof zeta !== 'number' || !Number.isFinite(zeta) || zeta <= 0 || zeta > 1) {
    throw new AppError(
      'invalid_input',
      `GRA 的分辨系数 ζ 必须在 (0, 1] 内 / GRA zeta must be in (0, 1], got ${zeta}`,
      { field: 'options.zeta', value: zeta },
    );
  }
  const normalised = minMaxNormalise(matrix, types);
  const deltas = normalised.matrix.map((row) => row.map((r) => Math.abs(1 - r)));
  const all = deltas.flat();
  const deltaMin = Math.min(...all);
  const deltaMax = Math.max(...all);
  const notes = [...normalised.notes];
  if (deltaMax === 0)
    notes.push('所有备选方案均为理想值 / every alternative is ideal on every criterion: ξ = 1');
  const coefficients = deltas.map((row) =>
    row.map((d) => (deltaMax === 0 ? 1 : (deltaMin + zeta * deltaMax) / (d + zeta * deltaMax))),
  );
  const preference = coefficients.map((row) =>
    row.reduce((acc, xi, j) => acc + (weights[j] as number) * xi, 0),
  );
  return {
    method: 'gra',
    variant: `gra/minmax-normalisation/global-delta/zeta=${zeta}`,
    weights,
    preference,
    ranks: rankPreferences(preference, true),
    notes,
    coefficients,
    deltaMin,
    deltaMax,
  };
}
