import { AppError } from '../../errors.ts';
import { parseWeights } from '../mcda/decision-matrix.ts';
import type { WeightsResult } from './types.ts';

export type CombinationRule = 'multiplicative' | 'linear';
export type CombinedWeightsOptions = { rule?: CombinationRule; alpha?: number };
export type CombinedWeightsResult = WeightsResult & {
  method: 'combined';
  rule: CombinationRule;
  /** α of the linear rule (share of the subjective weights); null for the multiplicative rule. */
  alpha: number | null;
};

/**
 * Combines subjective weights s (e.g. AHP) with objective weights o (e.g. entropy, CRITIC), both
 * checked and normalised to sum 1 first:
 *   multiplicative (default; "multiplicative synthesis"): w_j = s_j o_j / Σ_k s_k o_k;
 *   linear: w_j = α s_j + (1 − α) o_j, α ∈ [0, 1] (0.5 by default).
 * If Σ s o = 0 (the two put all their weight on different criteria) the multiplicative rule has
 * no answer: invalid_input, use the linear rule.
 * Variants: "combined/multiplicative", "combined/linear/alpha=0.5".
 */
export function combineWeights(
  subjectiveInput: unknown,
  objectiveInput: unknown,
  options: CombinedWeightsOptions = {},
): CombinedWeightsResult {
  const n = Array.isArray(subjectiveInput) ? subjectiveInput.length : 0;
  const subjective = parseWeights(subjectiveInput, n);
  const objective = parseWeights(objectiveInput, n);
  const rule = options.rule ?? 'multiplicative';
  if (rule === 'multiplicative') {
    const products = subjective.map((s, j) => s * (objective[j] as number));
    const total = products.reduce((a, b) => a + b, 0);
    if (!(total > 0)) {
      throw new AppError(
        'invalid_input',
        '主观与客观权重没有共同的非零准则，乘法合成无解 / subjective and objective weights share no criterion with a non-zero weight: the multiplicative rule is undefined, use the linear rule',
        { field: 'weights', rule },
      );
    }
    return {
      method: 'combined',
      variant: 'combined/multiplicative',
      weights: products.map((p) => p / total),
      notes: [],
      rule,
      alpha: null,
    };
  }
  if (rule !== 'linear') {
    throw new AppError('invalid_input', `未知的组合规则 / unknown combination rule ${JSON.stringify(rule)}`, {
      field: 'rule',
      value: rule,
    });
  }
  const alpha = options.alpha ?? 0.5;
  if (typeof alpha !== 'number' || !Number.isFinite(alpha) || alpha < 0 || alpha > 1) {
    throw new AppError('invalid_input', `α 必须在 0 到 1 之间 / alpha must be in [0, 1], got ${alpha}`, {
      field: 'alpha',
      value: alpha,
    });
  }
  return {
    method: 'combined',
    variant: `combined/linear/alpha=${alpha}`,
    weights: subjective.map((s, j) => alpha * s + (1 - alpha) * (objective[j] as number)),
    notes: [],
    rule,
    alpha,
  };
}
