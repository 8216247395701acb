import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ahpWeights } from './ahp.ts';
import { combineWeights } from './combined.ts';
import { criticWeights } from './critic.ts';
import { entropyWeights } from './entropy.ts';
import { pcaWeights } from './pca.ts';

// Matrices with 3–10 alternatives and 1–6 criteria, non-negative values on a 0.01 grid (constant
// columns happen often with such small ranges, which is the point), types ±1.
const problem = fc
  .record({ m: fc.integer({ min: 3, max: 10 }), n: fc.integer({ min: 1, max: 6 }) })
  .chain(({ m, n }) =>
    fc.record({
      matrix: fc.array(
        fc.array(
          fc.integer({ min: 0, max: 300 }).map((k) => k / 100),
          { minLength: n, maxLength: n },
        ),
        { minLength: m, maxLength: m },
      ),
      types: fc.array(fc.constantFrom(1, -1), { minLength: n, maxLength: n }),
    }),
  );

function expectWeights(weights: readonly number[], n: number): void {
  expect(weights).toHaveLength(n);
  expect(weights.every((w) => Number.isFinite(w) && w >= 0)).toBe(true);
  expect(weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
}

describe('weighting invariants (fast-check)', () => {
  it('entropy, CRITIC and PCA weights are finite, non-negative and sum to 1, constant columns or not', () => {
    fc.assert(
      fc.property(problem, ({ matrix, types }) => {
        expectWeights(entropyWeights(matrix, types).weights, types.length);
        expectWeights(criticWeights(matrix, types).weights, types.length);
        expectWeights(pcaWeights(matrix, types).weights, types.length);
      }),
    );
  });

  it('AHP from any reciprocal matrix of Saaty-scale judgements: weights sum to 1, CR finite, derivations agree on sums', () => {
    const scale = fc.constantFrom(1 / 9, 1 / 7, 1 / 5, 1 / 3, 1, 3, 5, 7, 9);
    const pairwise = fc.integer({ min: 1, max: 9 }).chain((n) =>
      fc.array(scale, { minLength: (n * (n - 1)) / 2, maxLength: (n * (n - 1)) / 2 }).map((upper) => {
        const a = Array.from({ length: n }, () => new Array<number>(n).fill(1));
        let k = 0;
        for (let i = 0; i < n; i++) {
          for (let j = i + 1; j < n; j++) {
            const v = upper[k++] as number;
            (a[i] as number[])[j] = v;
            (a[j] as number[])[i] = 1 / v;
          }
        }
        return a;
      }),
    );
    fc.assert(
      fc.property(
        pairwise,
        fc.constantFrom('eigenvector', 'geometric', 'approximate' as const),
        (a, derivation) => {
          const result = ahpWeights(a, { derivation });
          expectWeights(result.weights, a.length);
          expect(Number.isFinite(result.cr)).toBe(true);
          // λmax ≥ n for a positive reciprocal matrix and its principal eigenvector.
          if (derivation === 'eigenvector') expect(result.lambdaMax).toBeGreaterThanOrEqual(a.length - 1e-9);
        },
      ),
    );
  });

  it('combined weights sum to 1 for both rules', () => {
    const vector = fc.array(fc.double({ min: 0.01, max: 1, noNaN: true }), { minLength: 5, maxLength: 5 });
    fc.assert(
      fc.property(vector, vector, fc.double({ min: 0, max: 1, noNaN: true }), (s, o, alpha) => {
        expectWeights(combineWeights(s, o).weights, 5);
        expectWeights(combineWeights(s, o, { rule: 'linear', alpha }).weights, 5);
      }),
    );
  });
});
