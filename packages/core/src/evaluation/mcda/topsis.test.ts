import { describe, expect, it } from 'vitest';
import { topsis } from './topsis.ts';

// Hwang & Yoon (1981), Multiple Attribute Decision Making, pp. 131–134: choosing a fighter aircraft.
// Criteria: max speed (Mach), ferry range (NM), max payload (lb), acquisition cost ($M, a cost),
// reliability, manoeuvrability; weights 0.2, 0.1, 0.1, 0.1, 0.2, 0.3.
const aircraft = [
  [2.0, 1500, 20000, 5.5, 5, 9],
  [2.5, 2700, 18000, 6.5, 3, 5],
  [1.8, 2000, 21000, 4.5, 7, 7],
  [2.2, 1800, 20000, 5.0, 5, 5],
];
const aircraftTypes = [1, 1, 1, -1, 1, 1];
const aircraftWeights = [0.2, 0.1, 0.1, 0.1, 0.2, 0.3];

describe('TOPSIS', () => {
  it('Hwang & Yoon aircraft: C = S− / (S+ + S−) = 0.643, 0.268, 0.613, 0.312; A1 best, then A3, A4, A2', () => {
    const result = topsis(aircraft, aircraftTypes, aircraftWeights);
    expect(result.variant).toBe('topsis/vector-normalisation/euclidean');
    // The book rounds its intermediate tables, so its printed C3 = 0.613 is 0.61347 here: within 0.001.
    [0.643, 0.268, 0.613, 0.312].forEach((published, i) => {
      expect(Math.abs((result.preference[i] as number) - published)).toBeLessThan(0.001);
    });
    expect(result.ranks).toEqual([1, 4, 2, 3]);
    // A1: S+ = 0.0545, S− = 0.0983, so C1 = 0.0983 / (0.0545 + 0.0983) = 0.643.
    expect(result.distanceToIdeal[0]).toBeCloseTo(0.0545, 3);
    expect(result.distanceToAntiIdeal[0]).toBeCloseTo(0.0983, 3);
    expect(result.notes).toEqual([]);
  });

  it('Ersoy (2021) e-commerce equipment, entropy weights, two cost criteria: C = 0.308, 0.254, 0.327, 0.263, 0.857, 0.192 (pyrepo-mcda test)', () => {
    const matrix = [
      [256, 8, 41, 1.6, 1.77, 7347.16],
      [256, 8, 32, 1.0, 1.8, 6919.99],
      [256, 8, 53, 1.6, 1.9, 8400],
      [256, 8, 41, 1.0, 1.75, 6808.9],
      [512, 8, 35, 1.6, 1.7, 8479.99],
      [256, 4, 35, 1.6, 1.7, 7499.99],
    ];
    const result = topsis(matrix, [1, 1, 1, 1, -1, -1], [0.405, 0.221, 0.134, 0.199, 0.007, 0.034]);
    expect(result.preference.map((c) => Number(c.toFixed(2)))).toEqual([0.31, 0.25, 0.33, 0.26, 0.86, 0.19]);
    expect(result.ranks).toEqual([3, 5, 2, 4, 1, 6]);
  });

  it('JMcDM / R decision: 3 × 4, weights 4, 2, 6, 8 normalised to 0.2, 0.1, 0.3, 0.4: C = 0.3877, 0.6503, 0.0835', () => {
    const matrix = [
      [9, 7, 6, 7],
      [8, 7, 9, 6],
      [7, 8, 6, 6],
    ];
    const result = topsis(matrix, [1, 1, 1, 1], [4, 2, 6, 8]);
    expect(result.weights).toEqual([0.2, 0.1, 0.3, 0.4]);
    expect(result.preference[0]).toBeCloseTo(0.387687, 5);
    expect(result.preference[1]).toBeCloseTo(0.6503238, 5);
    expect(result.preference[2]).toBeCloseTo(0.0834767, 5);
  });

  it('min-max option names its variant and orients the cost column: aircraft A3 still ranks above A4', () => {
    const result = topsis(aircraft, aircraftTypes, aircraftWeights, { normalisation: 'minmax' });
    expect(result.variant).toBe('topsis/minmax-normalisation/euclidean');
    // Min-max: A1 reaches the best manoeuvrability (r = 1) and A3 the best payload, reliability and cost.
    expect(result.ranks[2]).toBeLessThan(result.ranks[3] as number);
  });

  it('identical alternatives on every criterion: C = 0.5 for all, tied at rank 1, and noted', () => {
    const result = topsis(
      [
        [1, 2],
        [1, 2],
      ],
      [1, -1],
      [0.5, 0.5],
    );
    expect(result.preference).toEqual([0.5, 0.5]);
    expect(result.ranks).toEqual([1, 1]);
    expect(result.notes.join()).toMatch(/identical/);
  });
});
