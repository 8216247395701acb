import { describe, expect, it } from 'vitest';
import { createRandom, streamFor } from './random.ts';
import { mean, median, pearson, rankValues, sampleSd } from './stats.ts';

describe('stats', () => {
  it('mean(1, 2, 3, 4) = 10 / 4 = 2.5; median = (2 + 3) / 2 = 2.5', () => {
    expect(mean([1, 2, 3, 4])).toBe(2.5);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
  it('sample sd of (2, 4, 4, 4, 5, 5, 7, 9) = √(32 / 7) = 2.138', () => {
    expect(sampleSd([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(Math.sqrt(32 / 7), 12);
  });
  it('pearson of a line is 1, of its mirror −1, of a constant NaN', () => {
    expect(pearson([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12);
    expect(pearson([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 12);
    expect(pearson([1, 2, 3], [5, 5, 5])).toBeNaN();
  });
  it('ranks 10, 30, 30, 20 descending as 4, 1, 1, 3 (ties take the lowest rank)', () => {
    expect(rankValues([10, 30, 30, 20])).toEqual([4, 1, 1, 3]);
    expect(rankValues([10, Number.NaN, 20], false)).toEqual([1, Number.NaN, 2]);
  });
});

describe('seeded random', () => {
  it('repeats the same stream for the same seed and run index', () => {
    const a = streamFor(42, 7);
    const b = streamFor(42, 7);
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(streamFor(42, 8).next()).not.toBe(xs[0]);
  });
  it('draws uniformly: mean of 100,000 draws within 0.5 ± 0.005', () => {
    const r = createRandom(1);
    let total = 0;
    for (let i = 0; i < 100_000; i++) total += r.next();
    expect(total / 100_000).toBeGreaterThan(0.495);
    expect(total / 100_000).toBeLessThan(0.505);
  });
});
