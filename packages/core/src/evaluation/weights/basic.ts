import { AppError } from '../../errors.ts';
import { parseWeights } from '../mcda/decision-matrix.ts';
import type { WeightsResult } from './types.ts';

/** Given weights, checked (length, non-negative, not all zero) and normalised: w_j = g_j / Σ g. */
export function givenWeights(weights: unknown, criteria: number): WeightsResult {
  return {
    method: 'given',
    variant: 'given/normalised-to-sum-1',
    weights: parseWeights(weights, criteria),
    notes: [],
  };
}

/** Equal weights w_j = 1 / n. */
export function equalWeights(criteria: number): WeightsResult {
  if (!Number.isInteger(criteria) || criteria < 1) {
    throw new AppError(
      'invalid_input',
      `准则数量必须为正整数 / the number of criteria must be a positive integer`,
      {
        field: 'criteria',
        value: criteria,
      },
    );
  }
  return {
    method: 'equal',
    variant: 'equal/1-over-n',
    weights: new Array<number>(criteria).fill(1 / criteria),
    notes: [],
  };
}
