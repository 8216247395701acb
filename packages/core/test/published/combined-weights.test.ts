/**
 * Combination of subjective and objective weights against the printed examples of combine_weights() in
 * the R package mathmodels (zhjx19/mathmodels, reference page "Combine Subjective and Objective Weights"):
 *   w_subj = c(0.4, 0.3, 0.2, 0.1); w_obj = c(0.25, 0.2, 0.3, 0.25)
 *   combine_weights(w_subj, w_obj, type = "linear", alpha = 0.6)  #> 0.34 0.26 0.24 0.16
 *   combine_weights(w_subj, w_obj, type = "multiplicative")       #> 0.4081633 0.2448980 0.2448980 0.1020408
 * (Its "game" variants — geometric mean and the game-theory linear system — are not rules we offer.)
 */
import { describe, expect, it } from 'vitest';
import { runPipeline } from '../../src/evaluation/pipeline/run-pipeline.ts';
import { combineWeights } from '../../src/evaluation/weights/combined.ts';

const subjective = [0.4, 0.3, 0.2, 0.1];
const objective = [0.25, 0.2, 0.3, 0.25];
const linear = [0.34, 0.26, 0.24, 0.16];
const multiplicative = [0.4081633, 0.244898, 0.244898, 0.1020408];

describe('combineWeights: mathmodels combine_weights() examples', () => {
  it('linear, α = 0.6: 0.6 s + 0.4 o = 0.34, 0.26, 0.24, 0.16', () => {
    const result = combineWeights(subjective, objective, { rule: 'linear', alpha: 0.6 });
    linear.forEach((w, j) => {
      expect(result.weights[j]).toBeCloseTo(w, 12);
    });
  });

  it('multiplicative: s·o / Σ s·o = (0.1, 0.06, 0.06, 0.025) / 0.245 = 0.4081633, 0.2448980, 0.2448980, 0.1020408', () => {
    const result = combineWeights(subjective, objective);
    multiplicative.forEach((w, j) => {
      expect(result.weights[j]).toBeCloseTo(w, 7);
    });
  });
});

describe("the pipeline's combined weighting gives the same weights (given s, frozen o)", () => {
  const codes = ['x1', 'x2', 'x3', 'x4'];
  const run = (rule: 'linear' | 'multiplicative', alpha?: number) =>
    runPipeline(
      {
        version: 1,
        nodes: [
          { code: 'Index', kind: 'aggregate', parent: null },
          ...codes.map((code, j) => ({
            code,
            kind: 'indicator' as const,
            parent: 'Index',
            weight: subjective[j] as number,
          })),
        ],
        weighting: {
          method: 'combined',
          subjective: { method: 'given' },
          objective: {
            method: 'frozen',
            weights: Object.fromEntries(codes.map((c, j) => [c, objective[j] as number])),
          },
          rule,
          ...(alpha !== undefined ? { alpha } : {}),
        },
      },
      {
        units: [{ code: 'A' }, { code: 'B' }, { code: 'C' }],
        values: { x1: [1, 2, 3], x2: [3, 1, 2], x3: [2, 3, 1], x4: [1, 3, 2] },
      },
    );

  it.each([
    ['linear', 0.6, linear, 12],
    ['multiplicative', undefined, multiplicative, 7],
  ] as const)('%s', (rule, alpha, expected, digits) => {
    const group = run(rule, alpha).steps.weightGroups.find((g) => g.parent === 'Index');
    expect(group?.method).toBe('combined');
    expected.forEach((w, j) => {
      expect(group?.children[j]?.weight).toBeCloseTo(w, digits);
    });
  });
});
