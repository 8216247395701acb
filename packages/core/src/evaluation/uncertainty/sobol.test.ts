import { describe, expect, it } from 'vitest';
import { createRandom } from '../random.ts';
import { rankQuantile } from './rank-histogram.ts';
import { addSobolSample, createSobolAccumulator, mergeSobolAccumulators, sobolIndices } from './sobol.ts';

/** Runs the Saltelli design on f with k independent U(a, b) inputs: N(k + 2) evaluations. */
function estimate(f: (x: number[]) => number, k: number, n: number, lo: number, hi: number, seed: number) {
  const random = createRandom(seed);
  const draw = () => Array.from({ length: k }, () => lo + (hi - lo) * random.next());
  const acc = createSobolAccumulator(1, k);
  let evaluations = 0;
  for (let j = 0; j < n; j++) {
    const a = draw();
    const b = draw();
    const fA = f(a);
    const fB = f(b);
    const fAB = Array.from({ length: k }, (_, i) => f(a.map((v, t) => (t === i ? (b[i] as number) : v))));
    evaluations += k + 2;
    addSobolSample(acc, 0, fA, fB, fAB);
  }
  return { ...sobolIndices(acc, 0), evaluations };
}

describe('Saltelli 2010 first-order and Jansen 1999 total indices', () => {
  it('linear Y = 1·X1 + 2·X2 + 3·X3, X ~ U(0, 1): S_i = a_i² var(X) / var(Y) = a_i² / 14 → 0.071, 0.286, 0.643; ST_i = S_i (additive)', () => {
    const r = estimate(
      (x) => (x[0] as number) + 2 * (x[1] as number) + 3 * (x[2] as number),
      3,
      20_000,
      0,
      1,
      7,
    );
    expect(r.evaluations).toBe(20_000 * (3 + 2));
    // var(Y) = (1 + 4 + 9) / 12 = 1.1667
    expect(r.variance).toBeCloseTo(14 / 12, 1);
    const expected = [1 / 14, 4 / 14, 9 / 14];
    expected.forEach((s, i) => {
      expect(Math.abs((r.first[i] as number) - s)).toBeLessThan(0.02);
      expect(Math.abs((r.total[i] as number) - s)).toBeLessThan(0.02);
    });
  });

  it('Ishigami (a = 7, b = 0.1), X ~ U(−π, π): S = 0.3139, 0.4424, 0; ST = 0.5576, 0.4424, 0.2437', () => {
    const ishigami = (x: number[]) => {
      const [x1, x2, x3] = x as [number, number, number];
      return Math.sin(x1) + 7 * Math.sin(x2) ** 2 + 0.1 * x3 ** 4 * Math.sin(x1);
    };
    const r = estimate(ishigami, 3, 50_000, -Math.PI, Math.PI, 11);
    // V = a²/8 + b π⁴/5 + b² π⁸/18 + 1/2 = 13.845
    expect(r.variance).toBeGreaterThan(13.3);
    expect(r.variance).toBeLessThan(14.4);
    const first = [0.3139, 0.4424, 0];
    const total = [0.5576, 0.4424, 0.2437];
    first.forEach((s, i) => {
      expect(Math.abs((r.first[i] as number) - s)).toBeLessThan(0.03);
    });
    total.forEach((s, i) => {
      expect(Math.abs((r.total[i] as number) - s)).toBeLessThan(0.03);
    });
  });

  it('a constant output has no variance: indices are null, never NaN', () => {
    const r = estimate(() => 5, 2, 10, 0, 1, 1);
    expect(r.variance).toBe(0);
    expect(r.first).toEqual([null, null]);
    expect(r.total).toEqual([null, null]);
  });

  it('merging two accumulators equals accumulating everything in one (integer outputs are exact)', () => {
    const one = createSobolAccumulator(1, 2);
    const left = createSobolAccumulator(1, 2);
    const right = createSobolAccumulator(1, 2);
    const samples: [number, number, number[]][] = [
      [3, 1, [2, 3]],
      [1, 4, [1, 4]],
      [2, 2, [3, 1]],
    ];
    samples.forEach(([fA, fB, fAB], j) => {
      addSobolSample(one, 0, fA, fB, fAB);
      addSobolSample(j < 1 ? left : right, 0, fA, fB, fAB);
    });
    mergeSobolAccumulators(right, left);
    expect(Array.from(right.sums)).toEqual(Array.from(one.sums));
    // Hand check, input 1: Σ fB (fAB1 − fA) = 1·(2−3) + 4·(1−1) + 2·(3−2) = 1; V(Y) of (3,1,1,4,2,2) = 35/6 − (13/6)² = 1.1389
    const idx = sobolIndices(one, 0);
    expect(idx.variance).toBeCloseTo(35 / 6 - (13 / 6) ** 2, 12);
    expect(idx.first[0]).toBeCloseTo(1 / 3 / (35 / 6 - (13 / 6) ** 2), 12);
    // Jansen input 1: Σ (fA − fAB1)² / 2N = (1 + 0 + 1) / 6
    expect(idx.total[0]).toBeCloseTo(2 / 6 / (35 / 6 - (13 / 6) ** 2), 12);
  });
});

describe('rank quantiles from exact histograms', () => {
  it('20 runs at ranks 1:2, 2:8, 3:9, 4:1 → Q(5 %) = 1 (2 ≥ 1), median = 2 (10 ≥ 10), Q(95 %) = 3 (19 ≥ 19)', () => {
    const counts = [2, 8, 9, 1];
    expect(rankQuantile(counts, 5)).toBe(1);
    expect(rankQuantile(counts, 50)).toBe(2);
    expect(rankQuantile(counts, 95)).toBe(3);
    expect(rankQuantile(counts, 100)).toBe(4);
  });
  it('a unit never ranked first starts its interval at its first non-empty rank: [0, 0, 5, 5] → Q(5 %) = 3', () => {
    expect(rankQuantile([0, 0, 5, 5], 5)).toBe(3);
    expect(rankQuantile([0, 0, 5, 5], 50)).toBe(3);
    expect(rankQuantile([0, 0, 5, 5], 95)).toBe(4);
  });
});
