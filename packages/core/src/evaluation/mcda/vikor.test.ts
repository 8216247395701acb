import { describe, expect, it } from 'vitest';
import { vikor, vikorCompromise } from './vikor.ts';

// Papathanasiou & Ploskas (2018), Multiple Criteria Decision Aid, Springer, ch. 2 "VIKOR", pp. 31–55
// (the example pyrepo-mcda and crispyn test against): six alternatives, four benefit criteria,
// w = 0.4, 0.3, 0.1, 0.2, v = 0.625; published Q = 0.640, 1.000, 0.693, 0.271, 0.000, 0.694.
const matrix = [
  [8, 7, 2, 1],
  [5, 3, 7, 5],
  [7, 5, 6, 4],
  [9, 9, 7, 3],
  [11, 10, 3, 7],
  [6, 9, 5, 4],
];

describe('VIKOR', () => {
  it('Papathanasiou & Ploskas (2018), v = 0.625: Q = 0.640, 1.000, 0.693, 0.271, 0.000, 0.694', () => {
    const result = vikor(matrix, [1, 1, 1, 1], [0.4, 0.3, 0.1, 0.2], { v: 0.625 });
    expect(result.variant).toBe('vikor/linear-normalisation/v=0.625');
    // biome-ignore lint/suspicious/noApproximativeNumericConstant: a published Q value, not ln 2
    expect(result.Q.map((q) => Number(q.toFixed(3)))).toEqual([0.64, 1, 0.693, 0.271, 0, 0.694]);
    expect(result.preference).toEqual(result.Q);
    // A1: S = 0.4·3/6 + 0.3·3/7 + 0.1·5/5 + 0.2·6/6 = 0.6286; R = max(0.2, 0.129, 0.1, 0.2) = 0.2.
    expect(result.S[0]).toBeCloseTo(0.2 + 0.9 / 7 + 0.1 + 0.2, 12);
    expect(result.R[0]).toBeCloseTo(0.2, 12);
    expect(result.ranks).toEqual([3, 6, 4, 2, 1, 5]);
  });

  it('compromise: A5 (index 4) with Q(A4) − Q(A5) = 0.271 ≥ DQ = 1/(6−1) = 0.2 and A5 also best by S and R', () => {
    const result = vikor(matrix, [1, 1, 1, 1], [0.4, 0.3, 0.1, 0.2], { v: 0.625 });
    expect(result.dq).toBeCloseTo(0.2, 12);
    expect(result.acceptableAdvantage).toBe(true);
    expect(result.acceptableStability).toBe(true);
    expect(result.compromise).toEqual([4]);
  });

  it('JMcDM / R decision 4 × 8 example, v = 0.5: Q ≈ 0.74, 0.73, 1.00, 0.00, A4 best', () => {
    const result = vikor(
      [
        [100, 92, 10, 2, 80, 70, 95, 80],
        [80, 70, 8, 4, 100, 80, 80, 90],
        [90, 85, 5, 0, 75, 95, 70, 70],
        [70, 88, 20, 18, 60, 90, 95, 85],
      ],
      new Array(8).fill(1),
      [0.11, 0.035, 0.379, 0.384, 0.002, 0.002, 0.01, 0.077],
    );
    expect(result.variant).toBe('vikor/linear-normalisation/v=0.5');
    [0.74, 0.73, 1.0, 0.0].forEach((q, i) => {
      expect(Math.abs((result.Q[i] as number) - q)).toBeLessThan(0.01);
    });
    expect(result.ranks[3]).toBe(1);
  });

  it('C1 fails: two mirror alternatives and a dominated one, Q = 0, 0, 0.5 ⇒ compromise {A1, A2}', () => {
    // A1 = (1, 1), A2 = (2, 2) with criterion 1 benefit and 2 cost, equal weights: S1 = S2 = 0.5,
    // R1 = R2 = 0.5; A3 = (1, 2) is worst on both: S3 = 1, R3 = 0.5. All R equal ⇒ that term is 0
    // (noted), so Q = 0.5 (S − 0.5) / 0.5 = 0, 0, 0.5 and Q(A2) − Q(A1) = 0 < DQ = 0.5.
    const result = vikor(
      [
        [1, 1],
        [2, 2],
        [1, 2],
      ],
      [1, -1],
      [0.5, 0.5],
    );
    expect(result.S).toEqual([0.5, 0.5, 1]);
    expect(result.Q).toEqual([0, 0, 0.5]);
    expect(result.notes.join()).toMatch(/all R are equal/);
    expect(result.acceptableAdvantage).toBe(false);
    expect(result.compromise).toEqual([0, 1]);
    expect(result.ranks).toEqual([1, 1, 3]);
  });

  it('v = 0 ranks by R alone: C1 fails (1/6 < DQ = 1/3) ⇒ {A3, A4}; v = 1 ranks by S alone ⇒ {A4}', () => {
    // w = 0.5 each, benefit, best = (10, 10), worst = (0, 0). d = 0.5 (10 − x) / 10 per criterion.
    // A1 = (10, 0): S = 0.5, R = 0.5. A2 = (0, 10): S = 0.5, R = 0.5. A3 = (6, 6): S = 0.4, R = 0.2.
    // A4 = (8, 5): d = (0.1, 0.25), S = 0.35, R = 0.25. v = 0: Q = (R − 0.2)/(0.5 − 0.2):
    // A3 = 0, A4 = 1/6, A1 = A2 = 1; A3 is best by R (C2 holds) but 1/6 < 1/3 (C1 fails).
    const result = vikor(
      [
        [10, 0],
        [0, 10],
        [6, 6],
        [8, 5],
      ],
      [1, 1],
      [0.5, 0.5],
      { v: 0 },
    );
    expect(result.Q[3]).toBeCloseTo(1 / 6, 12);
    expect(result.acceptableStability).toBe(true);
    expect(result.acceptableAdvantage).toBe(false);
    expect(result.compromise).toEqual([2, 3]);
    // Now v = 1 ranks by S only: A4 (S = 0.35) first with Q = 0, A3 (S = 0.4) Q = 0.05/0.15 = 1/3 ≥ DQ;
    // A4 is best by S ⇒ C1 and C2 hold ⇒ {A4}.
    const byS = vikor(
      [
        [10, 0],
        [0, 10],
        [6, 6],
        [8, 5],
      ],
      [1, 1],
      [0.5, 0.5],
      { v: 1 },
    );
    expect(byS.compromise).toEqual([3]);
  });

  it('only C2 fails ⇒ {A(1), A(2)}: 11 alternatives, DQ = 0.1, Q-best Z is neither best by S nor by R', () => {
    // Z: S = 0.3, R = 0.3, Q = 0.3; X: S = 0.1 (best S), R = 0.9, Q = 0.45; Y: S = 0.9, R = 0.1 (best R),
    // Q = 0.45; eight more with S = R = Q = 1. C1: 0.45 − 0.3 = 0.15 ≥ 1/(11 − 1) = 0.1 holds; C2 fails;
    // A(2) is X (ties on Q broken by the smaller S) ⇒ compromise {Z, X} = [0, 1].
    const S = [0.3, 0.1, 0.9, ...new Array(8).fill(1)];
    const R = [0.3, 0.9, 0.1, ...new Array(8).fill(1)];
    const Q = [0.3, 0.45, 0.45, ...new Array(8).fill(1)];
    const result = vikorCompromise(S, R, Q);
    expect(result.dq).toBeCloseTo(0.1, 12);
    expect(result.acceptableAdvantage).toBe(true);
    expect(result.acceptableStability).toBe(false);
    expect(result.compromise).toEqual([0, 1]);
  });
});
