/**
 * Aggregation against published examples: SciPy's documented examples of scipy.stats.gmean, hmean and
 * pmean (weighted geometric, harmonic and power means, SciPy ≥ 1.9 documentation), run through our
 * aggregation loop (aggregateScores) with one unit per example and the example's values as indicators;
 * and a published Copeland ranking (below).
 */
import { describe, expect, it } from 'vitest';
import { aggregateScores } from '../../src/evaluation/pipeline/aggregate.ts';
import {
  type EvaluationSpecInput,
  evaluationSpecSchema,
} from '../../src/evaluation/spec/evaluation-spec.schema.ts';
import { buildFrameworkArrays } from '../../src/evaluation/spec/framework-tree.ts';

/** Index over one indicator per value, with the given weights (default 1); one unit holding the values. */
function indexOf(
  values: number[],
  aggregation: EvaluationSpecInput['aggregation'],
  weights?: number[],
): number {
  const tree = buildFrameworkArrays(
    evaluationSpecSchema.parse({
      version: 1,
      nodes: [
        { code: 'Index', kind: 'aggregate', parent: null },
        ...values.map((_, i) => ({
          code: `x${i + 1}`,
          kind: 'indicator',
          parent: 'Index',
          weight: weights?.[i] ?? 1,
        })),
      ],
      aggregation,
    }),
  );
  return aggregateScores(tree, values, 1)[tree.rootIndex] as number;
}

describe('geometric mean: scipy.stats.gmean documentation', () => {
  it('gmean([1, 4]) = 2.0', () => {
    expect(indexOf([1, 4], { method: 'geometric' })).toBeCloseTo(2, 14);
  });
  it('gmean([1, 2, 3, 4, 5, 6, 7]) = 3.3800151591412964', () => {
    expect(indexOf([1, 2, 3, 4, 5, 6, 7], { method: 'geometric' })).toBeCloseTo(3.3800151591412964, 14);
  });
  it('gmean([1, 4, 7], weights=[3, 1, 3]) = 2.80668351922014', () => {
    expect(indexOf([1, 4, 7], { method: 'geometric' }, [3, 1, 3])).toBeCloseTo(2.80668351922014, 14);
  });
});

describe('harmonic mean: scipy.stats.hmean documentation', () => {
  it('hmean([1, 4]) = 1.6000000000000001', () => {
    expect(indexOf([1, 4], { method: 'harmonic' })).toBeCloseTo(1.6, 14);
  });
  it('hmean([1, 2, 3, 4, 5, 6, 7]) = 2.6997245179063363', () => {
    expect(indexOf([1, 2, 3, 4, 5, 6, 7], { method: 'harmonic' })).toBeCloseTo(2.6997245179063363, 14);
  });
  it('hmean([1, 4, 7], weights=[3, 1, 3]) = 1.9029126213592233', () => {
    expect(indexOf([1, 4, 7], { method: 'harmonic' }, [3, 1, 3])).toBeCloseTo(1.9029126213592233, 14);
  });
});

describe('generalised (power) mean: scipy.stats.pmean documentation', () => {
  it('pmean([1, 4], 1.3) = 2.639372938300652', () => {
    expect(indexOf([1, 4], { method: 'generalised', p: 1.3 })).toBeCloseTo(2.639372938300652, 14);
  });
  it('pmean([1, 2, 3, 4, 5, 6, 7], 1.3) = 4.157111214492084', () => {
    expect(indexOf([1, 2, 3, 4, 5, 6, 7], { method: 'generalised', p: 1.3 })).toBeCloseTo(
      4.157111214492084,
      14,
    );
  });
  it('pmean([1, 4, 7], -2, weights=[3, 1, 3]) = 1.4969684896631954', () => {
    expect(indexOf([1, 4, 7], { method: 'generalised', p: -2 }, [3, 1, 3])).toBeCloseTo(
      1.4969684896631954,
      14,
    );
  });
});

describe('Copeland: Özdağoğlu et al. (2021), motorcycle selection, as tested in JMcDM (test "Copeland Example 2")', () => {
  // Ranks of motorcycles A1..A4 under six methods (MOPA, MOOSRA, COPRAS, SAW, WPM, ROV); 1 = best.
  // Published Copeland order: A1, A3, A2, A4. (JMcDM's test feeds the rank vectors in reverse unit order,
  // lower rank winning, and asserts sortperm(scores) = [1, 3, 2, 4]: A4 −3, A2 −1, A3 +1, A1 +3, the same
  // scores as below.) Each method is one indicator with equal weight; the value
  // is −rank so that higher is better. Pairwise majorities: A1 beats every other 5–1, A3 beats A2 4–2
  // and A4 6–0, A2 beats A4 5–1 ⇒ Copeland scores +3, −1, +1, −3.
  const ranks = [
    [1, 4, 2, 3],
    [1, 2, 3, 4],
    [1, 3, 2, 4],
    [1, 3, 2, 4],
    [1, 3, 2, 4],
    [4, 1, 2, 3],
  ];

  it('scores +3, −1, +1, −3 ⇒ order A1, A3, A2, A4', () => {
    const tree = buildFrameworkArrays(
      evaluationSpecSchema.parse({
        version: 1,
        nodes: [
          { code: 'Index', kind: 'aggregate', parent: null },
          ...ranks.map((_, m) => ({ code: `m${m + 1}`, kind: 'indicator', parent: 'Index' })),
        ],
        aggregation: { method: 'copeland' },
      }),
    );
    // Units × indicators, row-major: unit a, method m → −rank.
    const matrix = [0, 1, 2, 3].flatMap((a) => ranks.map((r) => -(r[a] as number)));
    const s = aggregateScores(tree, matrix, 4);
    const N = tree.codes.length;
    expect([0, 1, 2, 3].map((a) => s[a * N + tree.rootIndex])).toEqual([3, -1, 1, -3]);
  });
});
