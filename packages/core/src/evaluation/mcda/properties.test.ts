import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CriterionType } from './decision-matrix.ts';
import { runMcda } from './run-mcda.ts';
import type { McdaMethod } from './types.ts';

// Decision problems with 2–8 alternatives and 1–6 criteria, strictly positive values on a 0.01 grid
// as real data has (so that every method, WPM included, applies), types ±1 and positive weights.
const cell = fc.integer({ min: 1, max: 100_000 }).map((k) => k / 100);

const problem = fc
  .record({ m: fc.integer({ min: 2, max: 8 }), n: fc.integer({ min: 1, max: 6 }) })
  .chain(({ m, n }) =>
    fc.record({
      matrix: fc.array(fc.array(cell, { minLength: n, maxLength: n }), {
        minLength: m,
        maxLength: m,
      }),
      types: fc.array(fc.constantFrom<CriterionType>(1, -1), { minLength: n, maxLength: n }),
      weights: fc.array(fc.double({ min: 0.01, max: 1, noNaN: true }), { minLength: n, maxLength: n }),
    }),
  );

const methods: McdaMethod[] = ['topsis', 'vikor', 'gra', 'wsm', 'wpm'];

/** Ranks are competition ranks: sorted, each rank r is preceded by exactly r − 1 better alternatives. */
function isCompetitionRanking(ranks: readonly number[]): boolean {
  return ranks.every((r) => ranks.filter((s) => s < r).length === r - 1);
}

describe('multi-criteria invariants (fast-check)', () => {
  it('ranks are a permutation of 1..m up to ties, preferences finite, weights sum to 1', () => {
    fc.assert(
      fc.property(problem, fc.constantFrom(...methods), ({ matrix, types, weights }, method) => {
        const result = runMcda({ method, matrix, types, weights });
        expect(isCompetitionRanking(result.ranks)).toBe(true);
        expect(result.preference.every(Number.isFinite)).toBe(true);
        expect(result.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
      }),
    );
  });

  it('scaling a benefit column by c > 0 changes neither vector nor min-max TOPSIS results', () => {
    fc.assert(
      fc.property(
        problem,
        fc.double({ min: 0.001, max: 1000, noNaN: true }),
        ({ matrix, types, weights }, c) => {
          const j = types.indexOf(1);
          if (j < 0) return;
          const scaled = matrix.map((row) => row.map((x, k) => (k === j ? x * c : x)));
          for (const normalisation of ['vector', 'minmax'] as const) {
            const a = runMcda({ method: 'topsis', matrix, types, weights, options: { normalisation } });
            const b = runMcda({
              method: 'topsis',
              matrix: scaled,
              types,
              weights,
              options: { normalisation },
            });
            a.preference.forEach((p, i) => {
              expect(b.preference[i]).toBeCloseTo(p, 9);
            });
          }
        },
      ),
    );
  });

  it('scaling any column by c > 0 leaves min-max results (VIKOR, GRA, WSM min-max) unchanged', () => {
    fc.assert(
      fc.property(
        problem,
        fc.double({ min: 0.001, max: 1000, noNaN: true }),
        fc.nat(),
        ({ matrix, types, weights }, c, pick) => {
          const j = pick % types.length;
          const scaled = matrix.map((row) => row.map((x, k) => (k === j ? x * c : x)));
          const requests = [
            { method: 'vikor' as const },
            { method: 'gra' as const },
            { method: 'wsm' as const, options: { normalisation: 'minmax' } },
          ];
          for (const request of requests) {
            const a = runMcda({ ...request, matrix, types, weights });
            const b = runMcda({ ...request, matrix: scaled, types, weights });
            a.preference.forEach((p, i) => {
              expect(b.preference[i]).toBeCloseTo(p, 9);
            });
          }
        },
      ),
    );
  });

  it('identical alternatives tie (same preference, same rank) in every method', () => {
    fc.assert(
      fc.property(problem, fc.constantFrom(...methods), ({ matrix, types, weights }, method) => {
        const withTwin = [...matrix, [...(matrix[0] as number[])]];
        const result = runMcda({ method, matrix: withTwin, types, weights });
        expect(result.preference[withTwin.length - 1]).toBe(result.preference[0]);
        expect(result.ranks[withTwin.length - 1]).toBe(result.ranks[0]);
      }),
    );
  });
});
