import { describe, expect, it } from 'vitest';
import { criticWeights } from './critic.ts';

describe('CRITIC weights', () => {
  it('JMcDM test (mixed signs, a cost column): w = 0.1688, 0.4184, 0.2491, 0.1636, C = 1.0381, 2.5727, 1.5317, 1.0058 (sample σ)', () => {
    const result = criticWeights(
      [
        [12.9918, 0.7264, -1.1009, 1.598139592],
        [4.1201, 5.8824, 3.4483, 1.021563567],
        [4.1039, 0.0, -0.5076, 0.984469444],
      ],
      [1, 1, -1, 1],
    );
    expect(result.variant).toBe('critic/minmax-normalisation/sample-sd/pearson');
    [0.16883925, 0.418444976, 0.249124763, 0.163591012].forEach((w, i) => {
      expect(result.weights[i]).toBeCloseTo(w, 5);
    });
    [1.0380664664796384, 2.572718248762683, 1.5316754449023655, 1.005800182228836].forEach((c, i) => {
      expect(result.information[i]).toBeCloseTo(c, 6);
    });
    // JMcDM prints 1 − r: for criteria 1 and 2 that is 1.39726, so r_12 = −0.39726.
    expect(result.correlation[0]?.[1]).toBeCloseTo(1 - 1.3972590509606788, 6);
  });

  it('Tuş & Aytaç Adalı (2019), Opsearch 56(2): w = 0.157, 0.249, 0.168, 0.121, 0.154, 0.151 (all columns min-max as benefit, as published)', () => {
    // The published weights treat every column, the price C1 included, as "larger is better" in the
    // normalisation step (pyrepo-mcda reproduces them the same way); with C1 as a cost the weights
    // are 0.184, 0.213, 0.142, 0.158, 0.168, 0.134.
    const matrix = [
      [5000, 3, 3, 4, 3, 2],
      [680, 5, 3, 2, 2, 1],
      [2000, 3, 2, 3, 4, 3],
      [600, 4, 3, 1, 2, 2],
      [800, 2, 4, 3, 3, 4],
    ];
    const result = criticWeights(matrix, [1, 1, 1, 1, 1, 1]);
    expect(result.weights.map((w) => Number(w.toFixed(3)))).toEqual([
      0.157, 0.249, 0.168, 0.121, 0.154, 0.151,
    ]);
    const asCost = criticWeights(matrix, [-1, 1, 1, 1, 1, 1]);
    expect(asCost.weights.map((w) => Number(w.toFixed(3)))).toEqual([
      0.184, 0.213, 0.142, 0.158, 0.168, 0.134,
    ]);
  });

  it('a constant column is left out with weight 0 and null correlations, noted; the rest are unchanged', () => {
    const base = [
      [1, 4, 2],
      [2, 1, 9],
      [3, 3, 4],
      [4, 2, 6],
    ];
    const withConstant = base.map((row) => [...row, 7]);
    const a = criticWeights(base, [1, 1, 1]);
    const b = criticWeights(withConstant, [1, 1, 1, 1]);
    expect(b.weights[3]).toBe(0);
    expect(b.correlation[0]?.[3]).toBeNull();
    a.weights.forEach((w, j) => {
      expect(b.weights[j]).toBeCloseTo(w, 12);
    });
    expect(b.notes.join()).toMatch(/column 4 is constant/);
  });

  it('two alternatives: every correlation is ±1; identical columns carry no conflict ⇒ equal weights, noted', () => {
    const result = criticWeights(
      [
        [1, 10],
        [2, 20],
      ],
      [1, 1],
    );
    // r_12 = 1 ⇒ C_j = σ_j · (1 − 1) = 0 for both.
    expect(result.weights).toEqual([0.5, 0.5]);
    expect(result.notes.length).toBeGreaterThan(0);
  });
});
