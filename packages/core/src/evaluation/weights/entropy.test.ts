import { describe, expect, it } from 'vitest';
import { entropyWeights } from './entropy.ts';

const round = (xs: number[], digits: number) => xs.map((x) => Number(x.toFixed(digits)));

describe('entropy weights', () => {
  it('Xu (2004), EJOR 156(2) 530–532: w = 0.4630, 0.3992, 0.1378, 0.0000 (crispyn / pyrepo-mcda test)', () => {
    const result = entropyWeights([
      [30, 30, 38, 29],
      [19, 54, 86, 29],
      [19, 15, 85, 28.9],
      [68, 70, 60, 29],
    ]);
    expect(result.variant).toBe('entropy/shannon/raw-proportions');
    expect(round(result.weights, 4)).toEqual([0.463, 0.3992, 0.1378, 0]);
    // Column 4 is nearly constant (29, 29, 28.9, 29): e = 0.99999..., d ≈ 1.5e-6, so w ≈ 0.0000 but not 0.
    expect(result.weights[3]).toBeGreaterThan(0);
    expect(result.notes).toEqual([]);
  });

  it('Ersoy (2021), LogForum 17(3): w = 0.405, 0.221, 0.134, 0.199, 0.007, 0.034', () => {
    const result = entropyWeights([
      [256, 8, 41, 1.6, 1.77, 7347.16],
      [256, 8, 32, 1.0, 1.8, 6919.99],
      [256, 8, 53, 1.6, 1.9, 8400],
      [256, 8, 41, 1.0, 1.75, 6808.9],
      [512, 8, 35, 1.6, 1.7, 8479.99],
      [256, 4, 35, 1.6, 1.7, 7499.99],
    ]);
    expect(round(result.weights, 3)).toEqual([0.405, 0.221, 0.134, 0.199, 0.007, 0.034]);
  });

  it('Lee & Chang (2018), RSER 92: ten criteria, w = 0.026, 0.154, 0.089, 0.199, 0.115, 0.04, 0.08, 0.123, 0.172, 0.002', () => {
    const result = entropyWeights([
      [4550, 30, 6.74, 20, 15, 5, 85, 150, 0.87, 4.76],
      [3005, 60.86, 2.4, 35, 27, 4, 26, 200, 0.17, 4.51],
      [2040, 14.85, 1.7, 90, 25, 5, 26, 500, 0.27, 4.19],
      [3370, 99.4, 3.25, 25.3, 54, 3, 45, 222, 0.21, 3.78],
      [3920, 112.6, 4.93, 11.4, 71.7, 2, 50, 100, 0.25, 4.11],
    ]);
    expect(round(result.weights, 3)).toEqual([
      0.026, 0.154, 0.089, 0.199, 0.115, 0.04, 0.08, 0.123, 0.172, 0.002,
    ]);
  });

  it('two alternatives (1, 3): p = 1/4, 3/4, e = −(¼ ln ¼ + ¾ ln ¾) / ln 2 = 0.8113; a constant column gets 0, noted', () => {
    const result = entropyWeights([
      [1, 5],
      [3, 5],
    ]);
    const e = -(0.25 * Math.log(0.25) + 0.75 * Math.log(0.75)) / Math.log(2);
    expect(result.entropy[0]).toBeCloseTo(e, 12);
    expect(result.entropy[1]).toBe(1);
    expect(result.weights).toEqual([1, 0]);
    expect(result.notes.join()).toMatch(/column 2 is constant/);
  });

  it('zeros count as 0 ln 0 = 0; all-constant columns fall back to equal weights, noted', () => {
    const withZero = entropyWeights([
      [0, 1],
      [2, 2],
    ]);
    expect(withZero.entropy[0]).toBe(0);
    const flat = entropyWeights([
      [1, 1],
      [1, 1],
    ]);
    expect(flat.weights).toEqual([0.5, 0.5]);
    expect(flat.notes.join()).toMatch(/equal weights/);
  });

  it('refuses negative values naming the cell, and a single alternative', () => {
    expect(() =>
      entropyWeights([
        [1, 2],
        [3, -1],
      ]),
    ).toThrow(/row 2, column 2 is -1/);
    expect(() => entropyWeights([[1, 2]])).toThrow(/at least two alternatives/);
  });
});
