import { describe, expect, it } from 'vitest';
import { pcaWeights, symmetricEigen } from './pca.ts';

// USArrests (McNeil 1977; R's datasets package): 50 US states × Murder, Assault, UrbanPop, Rape.
// James, Witten, Hastie & Tibshirani (2013), An Introduction to Statistical Learning, §10.2 / Table 10.1:
// PCA on the standardised data, first loading vector 0.5358995, 0.5831836, 0.2781909, 0.5434321
// (sign as printed by R: all negative). Squared and normalised: 0.2872, 0.3401, 0.0774, 0.2953.
const usArrests = [
  [13.2, 236, 58, 21.2],
  [10, 263, 48, 44.5],
  [8.1, 294, 80, 31],
  [8.8, 190, 50, 19.5],
  [9, 276, 91, 40.6],
  [7.9, 204, 78, 38.7],
  [3.3, 110, 77, 11.1],
  [5.9, 238, 72, 15.8],
  [15.4, 335, 80, 31.9],
  [17.4, 211, 60, 25.8],
  [5.3, 46, 83, 20.2],
  [2.6, 120, 54, 14.2],
  [10.4, 249, 83, 24],
  [7.2, 113, 65, 21],
  [2.2, 56, 57, 11.3],
  [6, 115, 66, 18],
  [9.7, 109, 52, 16.3],
  [15.4, 249, 66, 22.2],
  [2.1, 83, 51, 7.8],
  [11.3, 300, 67, 27.8],
  [4.4, 149, 85, 16.3],
  [12.1, 255, 74, 35.1],
  [2.7, 72, 66, 14.9],
  [16.1, 259, 44, 17.1],
  [9, 178, 70, 28.2],
  [6, 109, 53, 16.4],
  [4.3, 102, 62, 16.5],
  [12.2, 252, 81, 46],
  [2.1, 57, 56, 9.5],
  [7.4, 159, 89, 18.8],
  [11.4, 285, 70, 32.1],
  [11.1, 254, 86, 26.1],
  [13, 337, 45, 16.1],
  [0.8, 45, 44, 7.3],
  [7.3, 120, 75, 21.4],
  [6.6, 151, 68, 20],
  [4.9, 159, 67, 29.3],
  [6.3, 106, 72, 14.9],
  [3.4, 174, 87, 8.3],
  [14.4, 279, 48, 22.5],
  [3.8, 86, 45, 12.8],
  [13.2, 188, 59, 26.9],
  [12.7, 201, 80, 25.5],
  [3.2, 120, 80, 22.9],
  [2.2, 48, 32, 11.2],
  [8.5, 156, 63, 20.7],
  [4, 145, 73, 26.2],
  [5.7, 81, 39, 9.3],
  [2.6, 53, 66, 10.8],
  [6.8, 161, 60, 15.6],
];

describe('PCA first-component weights', () => {
  it('ISLR USArrests: w = 0.5359², 0.5832², 0.2782², 0.5434² = 0.2872, 0.3401, 0.0774, 0.2953; λ1 = 2.480 (62.0 % of variance)', () => {
    const result = pcaWeights(usArrests);
    expect(result.variant).toBe('pca/correlation-matrix/first-component/squared-loadings');
    const published = [0.5358995, 0.5831836, 0.2781909, 0.5434321];
    published.forEach((v, j) => {
      expect(result.weights[j]).toBeCloseTo(v * v, 6);
    });
    // ISLR: the first component explains 62.0 % of the variance (λ1 = 2.4802 of 4).
    expect(result.eigenvalue).toBeCloseTo(2.4802, 4);
    expect(result.explainedVariance).toBeCloseTo(0.62, 3);
    expect(result.loadings[0]).toBeCloseTo(0.5358995 * Math.sqrt(result.eigenvalue), 6);
  });

  it('symmetric eigen of [[2, 1], [1, 2]]: λ = 3, 1 with v1 = (1, 1)/√2', () => {
    const [top, bottom] = symmetricEigen([
      [2, 1],
      [1, 2],
    ]);
    expect(top?.value).toBeCloseTo(3, 12);
    expect(bottom?.value).toBeCloseTo(1, 12);
    expect(Math.abs(top?.vector[0] ?? 0)).toBeCloseTo(Math.SQRT1_2, 12);
  });

  it('a constant column is left out (weight 0, noted); fewer than three alternatives are refused', () => {
    const withConstant = usArrests.map((row) => [...row, 1]);
    const result = pcaWeights(withConstant);
    expect(result.weights[4]).toBe(0);
    expect(result.weights[1]).toBeCloseTo(0.5831836 ** 2, 6);
    expect(result.notes.join()).toMatch(/column 5 is constant/);
    expect(() =>
      pcaWeights([
        [1, 2],
        [2, 1],
      ]),
    ).toThrow(/at least three alternatives/);
  });
});
