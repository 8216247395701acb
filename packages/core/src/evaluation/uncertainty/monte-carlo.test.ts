import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors.ts';
import { streamFor } from '../random.ts';
import { rankValues } from '../stats.ts';
import {
  analyseUncertainty,
  mergeUncertaintyPartials,
  runMonteCarlo,
  summariseUncertainty,
} from './monte-carlo.ts';
import type { MeanMethod, UncertaintyModel } from './uncertainty-model.ts';
import { buildUncertaintyTree } from './uncertainty-tree.ts';

// Index ← {D1 ← {a, b}, D2 ← {c, d}}, 4 units. Two normalised matrices (all values positive).
const tree = buildUncertaintyTree([
  { code: 'Index', parent: null, weight: 1 },
  { code: 'D1', parent: 'Index', weight: 1 },
  { code: 'D2', parent: 'Index', weight: 1 },
  { code: 'a', parent: 'D1', weight: 1 },
  { code: 'b', parent: 'D1', weight: 1 },
  { code: 'c', parent: 'D2', weight: 2 },
  { code: 'd', parent: 'D2', weight: 1 },
]);
const minmax = Float64Array.from(
  [
    [100, 1, 50, 40],
    [1, 100, 60, 30],
    [50, 50, 1, 100],
    [70, 20, 100, 1],
  ].flat(),
);
const zscoreShifted = Float64Array.from(
  [
    [13, 8, 10, 10],
    [8, 13, 10.5, 9.5],
    [10.5, 10, 7, 13],
    [11.5, 9, 12, 7],
  ].flat(),
);

function model(overrides: Partial<UncertaintyModel> = {}): UncertaintyModel {
  const nodes = tree.codes.length;
  const all = (m: MeanMethod): MeanMethod[] => Array.from({ length: nodes }, () => m);
  return {
    seed: 42,
    runs: 300,
    sensitivity: false,
    unitCodes: ['U1', 'U2', 'U3', 'U4'],
    tree,
    imputations: ['none'],
    normalisations: ['minmax [1, 100]', 'zscore (10, 2)'],
    matrices: [minmax, zscoreShifted],
    aggregations: [
      { label: 'arithmetic', method: all('arithmetic'), p: new Float64Array(nodes) },
      { label: 'geometric', method: all('geometric'), p: new Float64Array(nodes) },
    ],
    weightSpread: 0.25,
    weightLevels: [1, 2],
    fixed: [{ input: 'treatment', value: 'none', reason: 'not varied' }],
    notes: [],
    ...overrides,
  };
}

/** A plain re-implementation of one run, written independently of the typed-array kernel. */
function naiveRanks(m: UncertaintyModel, run: number): number[] {
  const random = streamFor(m.seed, run);
  // varied weights: level-1 nodes in node order, then level-2 nodes (a, b, c, d, D1, D2)
  const varied = ['a', 'b', 'c', 'd', 'D1', 'D2'];
  const given: Record<string, number> = { a: 1, b: 1, c: 2, d: 1, D1: 1, D2: 1 };
  const w: Record<string, number> = {};
  for (const code of varied) w[code] = (given[code] as number) * (1 + 0.25 * (2 * random.next() - 1));
  const matrix = m.matrices[Math.floor(random.next() * 2)] as Float64Array;
  const method = Math.floor(random.next() * 2) === 0 ? 'arithmetic' : 'geometric';
  const mean = (pairs: [number, number][]) => {
    const sw = pairs.reduce((t, [wi]) => t + wi, 0);
    return method === 'arithmetic'
      ? pairs.reduce((t, [wi, x]) => t + wi * x, 0) / sw
      : Math.exp(pairs.reduce((t, [wi, x]) => t + wi * Math.log(x), 0) / sw);
  };
  const scores = [0, 1, 2, 3].map((u) => {
    const x = (j: number) => matrix[u * 4 + j] as number;
    const d1 = mean([
      [w.a as number, x(0)],
      [w.b as number, x(1)],
    ]);
    const d2 = mean([
      [w.c as number, x(2)],
      [w.d as number, x(3)],
    ]);
    return mean([
      [w.D1 as number, d1],
      [w.D2 as number, d2],
    ]);
  });
  return rankValues(scores);
}

describe('Monte Carlo over weights, normalisation and aggregation', () => {
  it('nominal (minmax, arithmetic, given weights): U1 = ((100+1)/2 + (2·50+40)/3)/2 = 48.58; scores 48.58, 50.25, 42.00, 56.25 → ranks 3, 2, 4, 1', () => {
    const result = analyseUncertainty(model({ runs: 10 }));
    // U2: (50.5 + (120+30)/3)/2 = 50.25; U3: (50 + 102/3)/2 = 42; U4: (45 + 201/3)/2 = 56.25
    expect(result.units.map((u) => u.nominalScore)).toEqual([
      (50.5 + 140 / 3) / 2,
      (50.5 + 150 / 3) / 2,
      (50 + 102 / 3) / 2,
      (45 + 201 / 3) / 2,
    ]);
    expect(result.units.map((u) => u.nominalRank)).toEqual([3, 2, 4, 1]);
  });

  it('streams the same rank histogram and shifts as a naive run-by-run re-implementation', () => {
    const m = model();
    const partial = runMonteCarlo(m);
    const histogram = new Array<number>(16).fill(0);
    const shifts = [0, 0, 0, 0];
    const nominal = analyseUncertainty({ ...m, runs: 1 }).units.map((u) => u.nominalRank);
    for (let run = 0; run < m.runs; run++)
      naiveRanks(m, run).forEach((r, u) => {
        histogram[u * 4 + r - 1] = (histogram[u * 4 + r - 1] as number) + 1;
        shifts[u] = (shifts[u] as number) + Math.abs(r - (nominal[u] as number));
      });
    expect(Array.from(partial.histogram)).toEqual(histogram);
    expect(Array.from(partial.shiftSums)).toEqual(shifts);
  });

  it('reports exactly what it varied and what it held fixed', () => {
    const result = analyseUncertainty(model({ runs: 20 }));
    expect(result.varied.map((v) => v.input)).toEqual([
      'weights.level1',
      'weights.level2',
      'normalisation',
      'aggregation',
    ]);
    expect(result.varied[0]?.how).toContain('each of 4 weights of level-1 nodes × U(0.75, 1.25)');
    expect(result.fixed).toEqual([
      { input: 'treatment', value: 'none', reason: 'not varied' },
      { input: 'imputation', value: 'none', reason: 'one alternative given' },
    ]);
    expect(result.evaluations).toBe(20);
  });

  it('median and 5–95 % interval come from the histogram; histogram counts add up to the runs', () => {
    const result = analyseUncertainty(model());
    for (const unit of result.units) {
      expect(unit.rankHistogram.counts.reduce((t, c) => t + c, 0)).toBe(300);
      const [lo, hi] = unit.rankInterval;
      expect(lo).toBeLessThanOrEqual(unit.medianRank);
      expect(unit.medianRank).toBeLessThanOrEqual(hi);
      expect(lo).toBeGreaterThanOrEqual(unit.rankHistogram.from);
    }
  });

  it('same seed → identical JSON; any split of the runs into partials → identical JSON', () => {
    const m = model({ sensitivity: true, runs: 200 });
    const whole = JSON.stringify(analyseUncertainty(m));
    expect(JSON.stringify(analyseUncertainty(m))).toBe(whole);
    const parts = [
      runMonteCarlo(m, { from: 130, to: 200 }),
      runMonteCarlo(m, { from: 0, to: 57 }),
      runMonteCarlo(m, { from: 57, to: 130 }),
    ];
    expect(JSON.stringify(summariseUncertainty(m, mergeUncertaintyPartials(parts)))).toBe(whole);
    expect(JSON.stringify(analyseUncertainty({ ...m, seed: 43 }))).not.toBe(whole);
  });

  it('sensitivity: N base samples cost N(k + 2) evaluations; an inert input (two identical matrices) has S = ST = 0 exactly', () => {
    const m = model({
      sensitivity: true,
      runs: 500,
      matrices: [minmax, minmax],
      normalisations: ['minmax', 'minmax again'],
    });
    const result = analyseUncertainty(m);
    const sa = result.sensitivity;
    expect(sa?.inputs).toEqual(['weights.level1', 'weights.level2', 'normalisation', 'aggregation']);
    expect(result.evaluations).toBe(500 * (4 + 2));
    expect(sa?.evaluations).toBe(3000);
    expect(sa?.first[2]).toBe(0);
    expect(sa?.total[2]).toBe(0);
    // Total effects of the inputs that matter are positive and at most about 1.
    for (const t of [sa?.total[0], sa?.total[1], sa?.total[3]]) {
      expect(t).toBeGreaterThan(0);
      expect(t).toBeLessThan(1.2);
    }
  });

  it('refuses a geometric mean over non-positive normalised values, naming the indicator and unit', () => {
    const withZero = Float64Array.from(minmax);
    withZero[5] = 0; // unit U2, indicator b
    try {
      analyseUncertainty(model({ matrices: [withZero, zscoreShifted] }));
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('rule_violated');
      expect((error as AppError).message).toContain('indicator b, unit U2 is 0');
    }
  });

  it('refuses a model that varies nothing', () => {
    expect(() =>
      analyseUncertainty(
        model({
          weightSpread: 0,
          normalisations: ['minmax'],
          matrices: [minmax],
          aggregations: model().aggregations.slice(0, 1),
        }),
      ),
    ).toThrow(/nothing to vary/);
  });

  it('ranks as rankValues does when a run reverses the whole nominal order (40 tied units; full-sort fallback)', () => {
    // a = u, b = 39 − u: with equal weights every unit scores 19.5 (all tied at rank 1); any w_a ≠ w_b
    // orders the units by u one way or the other: 780 inversions, past the insertion-sort budget 16 × 40.
    const flat = buildUncertaintyTree([
      { code: 'Index', parent: null, weight: 1 },
      { code: 'a', parent: 'Index', weight: 1 },
      { code: 'b', parent: 'Index', weight: 1 },
    ]);
    const units = 40;
    const matrix = Float64Array.from(
      { length: units * 2 },
      (_, i) => (i % 2 === 0 ? i / 2 : 39 - (i - 1) / 2) + 1,
    );
    const m: UncertaintyModel = {
      ...model(),
      runs: 50,
      unitCodes: Array.from({ length: units }, (_, u) => `U${u}`),
      tree: flat,
      normalisations: ['given'],
      matrices: [matrix],
      aggregations: model()
        .aggregations.slice(0, 1)
        .map((a) => ({ ...a, method: a.method.slice(0, 3), p: new Float64Array(3) })),
      weightLevels: [1],
    };
    const result = analyseUncertainty(m);
    expect(result.units.every((u) => u.nominalRank === 1)).toBe(true);
    const partial = runMonteCarlo(m);
    const histogram = new Array<number>(units * units).fill(0);
    for (let run = 0; run < m.runs; run++) {
      const random = streamFor(m.seed, run);
      const wa = 1 + 0.25 * (2 * random.next() - 1);
      const wb = 1 + 0.25 * (2 * random.next() - 1);
      const scores = Array.from({ length: units }, (_, u) => (wa * (u + 1) + wb * (40 - u)) / (wa + wb));
      rankValues(scores).forEach((r, u) => {
        histogram[u * units + r - 1] = (histogram[u * units + r - 1] as number) + 1;
      });
    }
    expect(Array.from(partial.histogram)).toEqual(histogram);
  });

  it('property: any seed and any cut of the runs into three partials merge to the same JSON (blocks of 64 runs or sensitivity)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        fc.integer({ min: 0, max: 150 }),
        fc.integer({ min: 0, max: 150 }),
        fc.boolean(),
        (seed, cutA, cutB, sensitivity) => {
          const m = model({ seed, runs: 150, sensitivity });
          const [lo, hi] = cutA <= cutB ? [cutA, cutB] : [cutB, cutA];
          const parts = [
            runMonteCarlo(m, { from: hi, to: 150 }),
            runMonteCarlo(m, { from: 0, to: lo }),
            runMonteCarlo(m, { from: lo, to: hi }),
          ];
          const merged = summariseUncertainty(m, mergeUncertaintyPartials(parts));
          expect(JSON.stringify(merged)).toBe(JSON.stringify(analyseUncertainty(m)));
          // every unit's histogram is a distribution over the 150 runs
          for (const u of merged.units) expect(u.rankHistogram.counts.reduce((t, c) => t + c, 0)).toBe(150);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('the blocked runs (no sensitivity) and the run-by-run path (sensitivity) give the same rank statistics', () => {
    const plain = runMonteCarlo(model({ runs: 257 }));
    const withSa = runMonteCarlo(model({ runs: 257, sensitivity: true }));
    expect(Array.from(plain.histogram)).toEqual(Array.from(withSa.histogram));
    expect(Array.from(plain.shiftSums)).toEqual(Array.from(withSa.shiftSums));
  });
});
