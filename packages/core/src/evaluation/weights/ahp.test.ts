import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors.ts';
import { ahpSynthesis, ahpWeights, combineExpertMatrices, derivePriorities } from './ahp.ts';

// Saaty (1990), "How to make a decision: the analytic hierarchy process", EJOR 48, 9–26: criteria
// for buying a house (size, transportation, neighbourhood, age, yard, modern facilities, general
// condition, financing). Published: w = 0.173, 0.054, 0.188, 0.018, 0.031, 0.036, 0.167, 0.333,
// λmax = 9.669, CI = 0.238, CR = 0.169 (RI(8) = 1.41): inconsistent.
const house = [
  [1, 5, 3, 7, 6, 6, 1 / 3, 1 / 4],
  [1 / 5, 1, 1 / 3, 5, 3, 3, 1 / 5, 1 / 7],
  [1 / 3, 3, 1, 6, 3, 4, 6, 1 / 5],
  [1 / 7, 1 / 5, 1 / 6, 1, 1 / 3, 1 / 4, 1 / 7, 1 / 8],
  [1 / 6, 1 / 3, 1 / 3, 3, 1, 1 / 2, 1 / 5, 1 / 6],
  [1 / 6, 1 / 3, 1 / 4, 4, 2, 1, 1 / 5, 1 / 6],
  [3, 5, 1 / 6, 7, 5, 5, 1, 1 / 2],
  [4, 7, 5, 8, 6, 6, 2, 1],
];

// JMcDM's AHP test: eight criteria and, per criterion, four alternatives.
const k = [
  [1, 7, 1 / 5, 1 / 8, 1 / 2, 1 / 3, 1 / 5, 1],
  [1 / 7, 1, 1 / 8, 1 / 9, 1 / 4, 1 / 5, 1 / 9, 1 / 8],
  [5, 8, 1, 1 / 3, 4, 2, 1, 1],
  [8, 9, 3, 1, 7, 5, 3, 3],
  [2, 4, 1 / 4, 1 / 7, 1, 1 / 2, 1 / 5, 1 / 5],
  [3, 5, 1 / 2, 1 / 5, 2, 1, 1 / 3, 1 / 3],
  [5, 9, 1, 1 / 3, 5, 3, 1, 1],
  [1, 8, 1, 1 / 3, 5, 3, 1, 1],
];
const alternatives = [
  [
    [1, 3, 1 / 5, 2],
    [1 / 3, 1, 1 / 7, 1 / 3],
    [5, 7, 1, 4],
    [1 / 2, 3, 1 / 4, 1],
  ],
  [
    [1, 1 / 2, 4, 5],
    [2, 1, 6, 7],
    [1 / 4, 1 / 6, 1, 3],
    [1 / 5, 1 / 7, 1 / 3, 1],
  ],
  [
    [1, 1 / 2, 1 / 6, 3],
    [2, 1, 1 / 4, 5],
    [6, 4, 1, 9],
    [1 / 3, 1 / 5, 1 / 9, 1],
  ],
  [
    [1, 7, 1 / 4, 2],
    [1 / 7, 1, 1 / 9, 1 / 5],
    [4, 9, 1, 5],
    [1 / 2, 5, 1 / 5, 1],
  ],
  [
    [1, 6, 2, 3],
    [1 / 6, 1, 1 / 4, 1 / 3],
    [1 / 2, 4, 1, 2],
    [1 / 3, 3, 1 / 2, 1],
  ],
  [
    [1, 1 / 4, 1 / 2, 1 / 7],
    [4, 1, 2, 1 / 3],
    [2, 1 / 2, 1, 1 / 5],
    [7, 3, 5, 1],
  ],
  [
    [1, 3, 7, 1],
    [1 / 3, 1, 4, 1 / 3],
    [1 / 7, 1 / 4, 1, 1 / 7],
    [1, 3, 7, 1],
  ],
  [
    [1, 2, 5, 8],
    [1 / 2, 1, 3, 6],
    [1 / 5, 1 / 3, 1, 3],
    [1 / 8, 1 / 6, 1 / 3, 1],
  ],
];

describe('AHP', () => {
  it('Saaty (1990) house, eigenvector: w = 0.173 0.054 0.188 0.018 0.031 0.036 0.167 0.333, λmax = 9.669, CR = 0.238 / 1.41 = 0.169 > 0.1', () => {
    const result = ahpWeights(house);
    expect(result.variant).toBe('ahp/eigenvector/ri=saaty');
    expect(result.weights.map((w) => Number(w.toFixed(3)))).toEqual([
      0.173, 0.054, 0.188, 0.018, 0.031, 0.036, 0.167, 0.333,
    ]);
    expect(result.lambdaMax).toBeCloseTo(9.669, 3);
    expect(result.ci).toBeCloseTo(0.238, 3);
    expect(result.ri).toBe(1.41);
    expect(result.cr).toBeCloseTo(0.169, 3);
    expect(result.consistent).toBe(false);
    expect(result.notes.join()).toMatch(/inconsistent/);
  });

  it('the same house matrix against Alonso & Lamata (2006): RI(8) = 1.4056, CR = 0.2384 / 1.4056 = 0.1696, named in the result', () => {
    const result = ahpWeights(house, { riTable: 'alonso-lamata' });
    expect(result.variant).toBe('ahp/eigenvector/ri=alonso-lamata');
    expect(result.riTable).toBe('alonso-lamata');
    expect(result.ri).toBe(1.4056);
    expect(result.cr).toBeCloseTo(result.ci / 1.4056, 12);
  });

  it('JMcDM consistency test, approximate derivation: λmax = 8.72643, CI = 0.10378, CR = 0.07360 ≤ 0.1 (consistent)', () => {
    const result = ahpWeights(k, { derivation: 'approximate' });
    expect(result.variant).toBe('ahp/approximate/ri=saaty');
    expect(result.lambdaMax).toBeCloseTo(8.72642777111301, 8);
    expect(result.ci).toBeCloseTo(0.10377539587328702, 8);
    expect(result.cr).toBeCloseTo(0.07359957154133831, 8);
    expect(result.consistent).toBe(true);
  });

  it('JMcDM full hierarchy, approximate derivation and synthesis Σ w_j l_ij: 0.2801, 0.1482, 0.3813, 0.1904', () => {
    const criteria = derivePriorities(k, 'approximate');
    const local = alternatives.map((a) => derivePriorities(a, 'approximate'));
    const scores = ahpSynthesis(criteria, local);
    [0.280105, 0.1482273, 0.3813036, 0.1903641].forEach((s, i) => {
      expect(scores[i]).toBeCloseTo(s, 6);
    });
  });

  it('a consistent 3 × 3 matrix (a_ij = w_i / w_j for w = 4 : 2 : 1) gives 4/7, 2/7, 1/7 by all three derivations, λmax = 3, CI = 0', () => {
    const consistent = [
      [1, 2, 4],
      [1 / 2, 1, 2],
      [1 / 4, 1 / 2, 1],
    ];
    for (const derivation of ['eigenvector', 'geometric', 'approximate'] as const) {
      const result = ahpWeights(consistent, { derivation });
      expect(result.weights[0]).toBeCloseTo(4 / 7, 12);
      expect(result.weights[1]).toBeCloseTo(2 / 7, 12);
      expect(result.weights[2]).toBeCloseTo(1 / 7, 12);
      expect(result.lambdaMax).toBeCloseTo(3, 12);
      expect(result.ci).toBeCloseTo(0, 12);
    }
  });

  it('geometric derivation: row geometric means of [[1, 3, 5], [1/3, 1, 2], [1/5, 1/2, 1]] = ∛15, ∛(2/3), ∛(1/10), normalised', () => {
    const matrix = [
      [1, 3, 5],
      [1 / 3, 1, 2],
      [1 / 5, 1 / 2, 1],
    ];
    const g = [Math.cbrt(15), Math.cbrt(2 / 3), Math.cbrt(1 / 10)];
    const total = g.reduce((a, b) => a + b, 0);
    const result = ahpWeights(matrix, { derivation: 'geometric' });
    expect(result.variant).toBe('ahp/geometric/ri=saaty');
    g.forEach((x, i) => {
      expect(result.weights[i]).toBeCloseTo(x / total, 12);
    });
  });

  it('two experts combine element-wise by geometric mean: a_12 = √(3 · 1/3) = 1 ⇒ equal weights; each expert keeps its CR', () => {
    const e1 = [
      [1, 3],
      [1 / 3, 1],
    ];
    const e2 = [
      [1, 1 / 3],
      [3, 1],
    ];
    expect(combineExpertMatrices([e1, e2])[0]?.[1]).toBeCloseTo(1, 12);
    const result = ahpWeights([e1, e2]);
    expect(result.weights[0]).toBeCloseTo(0.5, 12);
    expect(result.experts).toHaveLength(2);
    expect(result.experts?.[0]?.cr).toBe(0);
  });

  it('n = 1 and n = 2 are always consistent: CI = CR = 0', () => {
    expect(ahpWeights([[1]]).weights).toEqual([1]);
    const two = ahpWeights([
      [1, 4],
      [1 / 4, 1],
    ]);
    expect(two.weights[0]).toBeCloseTo(0.8, 12);
    expect(two.cr).toBe(0);
  });

  it.each([
    ['not square', [[1, 2]], /not square/],
    [
      'not positive',
      [
        [1, -2],
        [-0.5, 1],
      ],
      /row 1, column 2 must be a positive number/,
    ],
    [
      'not numeric',
      [
        [1, '2'],
        [0.5, 1],
      ],
      /row 1, column 2 must be a positive number/,
    ],
    [
      'not reciprocal',
      [
        [1, 3],
        [0.5, 1],
      ],
      /not reciprocal: a\(1,2\) = 3 but a\(2,1\) = 0.5/,
    ],
    [
      'diagonal not 1',
      [
        [2, 1],
        [1, 1],
      ],
      /diagonal entry \(1, 1\)/,
    ],
    [
      'experts of different sizes',
      [
        [[1]],
        [
          [1, 2],
          [0.5, 1],
        ],
      ],
      /expert 2's matrix is 2×2, expected 1×1/,
    ],
  ])('refuses a matrix that is %s', (_name, pairwise, message) => {
    try {
      ahpWeights(pairwise);
      throw new Error('expected an AppError');
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('invalid_input');
      expect((error as AppError).message).toMatch(message);
    }
  });

  it('accepts 0.33 for 1/3 (|3 · 0.33 − 1| = 0.01 is within the tolerance) but refuses 16 × 16 with the Saaty table', () => {
    expect(
      ahpWeights([
        [1, 3],
        [0.33, 1],
      ]).weights[0],
    ).toBeGreaterThan(0.7);
    const big = Array.from({ length: 16 }, (_, i) => Array.from({ length: 16 }, (_, j) => (i === j ? 1 : 1)));
    expect(() => ahpWeights(big)).toThrow(/stops at n = 15/);
  });
});
