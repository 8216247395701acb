import { describe, expect, it } from 'vitest';
import { runCli } from '../../../test/cli.ts';

/** Runs `qunce <command>` in-process with `input` on stdin. */
const qunceWithStdin = (args: string[], input: string) => runCli(args, { stdin: input });

// Saaty (1990) house example: λmax = 9.669, CR = 0.169 (inconsistent).
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

type WeightsOut = {
  weights: number[];
  lambdaMax: number | null;
  ci: number | null;
  cr: number | null;
  consistent: boolean;
  variant: string;
  notes: string[];
  experts?: { cr: number }[];
};

async function weights(request: unknown): Promise<{ code: number; out: WeightsOut; stderr: string }> {
  const { code, stdout, stderr } = await qunceWithStdin(['weights'], JSON.stringify(request));
  return { code, out: (stdout ? JSON.parse(stdout) : {}) as WeightsOut, stderr };
}

describe('qunce weights', () => {
  it('AHP Saaty house, eigenvector: λmax = 9.669, CI = 0.238, CR = 0.169 ⇒ consistent false', async () => {
    const { code, out } = await weights({ method: 'ahp', pairwise: house });
    expect(code).toBe(0);
    expect(out.variant).toBe('ahp/eigenvector/ri=saaty');
    expect(out.lambdaMax).toBeCloseTo(9.669, 3);
    expect(out.ci).toBeCloseTo(0.238, 3);
    expect(out.cr).toBeCloseTo(0.169, 3);
    expect(out.consistent).toBe(false);
    expect(out.weights.map((w) => Number(w.toFixed(3)))).toEqual([
      0.173, 0.054, 0.188, 0.018, 0.031, 0.036, 0.167, 0.333,
    ]);
  });

  it('AHP with two experts, approximate derivation and the Alonso-Lamata table, says which it used', async () => {
    const e1 = [
      [1, 2, 4],
      [1 / 2, 1, 2],
      [1 / 4, 1 / 2, 1],
    ];
    const e2 = [
      [1, 8, 16],
      [1 / 8, 1, 2],
      [1 / 16, 1 / 2, 1],
    ];
    // Geometric mean: a12 = √(2 · 8) = 4, a13 = √(4 · 16) = 8, a23 = 2: consistent, w = 8 : 2 : 1 / 11.
    const { code, out } = await weights({
      method: 'ahp',
      pairwise: [e1, e2],
      derivation: 'approximate',
      riTable: 'alonso-lamata',
    });
    expect(code).toBe(0);
    expect(out.variant).toBe('ahp/approximate/ri=alonso-lamata');
    expect(out.weights[0]).toBeCloseTo(8 / 11, 12);
    expect(out.experts).toHaveLength(2);
    expect(out.consistent).toBe(true);
  });

  it('entropy (Xu 2004): 0.4630, 0.3992, 0.1378, 0.0000 with lambdaMax, ci, cr null and consistent true', async () => {
    const { code, out } = await weights({
      method: 'entropy',
      matrix: [
        [30, 30, 38, 29],
        [19, 54, 86, 29],
        [19, 15, 85, 28.9],
        [68, 70, 60, 29],
      ],
      types: [1, 1, 1, 1],
    });
    expect(code).toBe(0);
    expect(out.weights.map((w) => Number(w.toFixed(4)))).toEqual([0.463, 0.3992, 0.1378, 0]);
    expect(out.lambdaMax).toBeNull();
    expect(out.ci).toBeNull();
    expect(out.cr).toBeNull();
    expect(out.consistent).toBe(true);
    expect(out.variant).toBe('entropy/shannon/raw-proportions');
  });

  it('CRITIC (JMcDM test) and equal weights', async () => {
    const critic = await weights({
      method: 'critic',
      matrix: [
        [12.9918, 0.7264, -1.1009, 1.598139592],
        [4.1201, 5.8824, 3.4483, 1.021563567],
        [4.1039, 0.0, -0.5076, 0.984469444],
      ],
      types: [1, 1, -1, 1],
    });
    expect(critic.code).toBe(0);
    expect(critic.out.weights[1]).toBeCloseTo(0.418444976, 5);
    const equal = await weights({ method: 'equal', matrix: [[1, 2, 3, 4]] });
    expect(equal.out.weights).toEqual([0.25, 0.25, 0.25, 0.25]);
  });

  it.each([
    ['unknown method', { method: 'swara' }, /unknown weights method "swara"/],
    ['AHP not square', { method: 'ahp', pairwise: [[1, 2]] }, /not square/],
    [
      'AHP not reciprocal',
      {
        method: 'ahp',
        pairwise: [
          [1, 3],
          [3, 1],
        ],
      },
      /not reciprocal/,
    ],
    [
      'AHP not positive',
      {
        method: 'ahp',
        pairwise: [
          [1, 0],
          [0, 1],
        ],
      },
      /must be a positive number/,
    ],
    [
      'AHP unknown RI table',
      { method: 'ahp', pairwise: [[1]], riTable: 'noble' },
      /unknown random-index table/,
    ],
    [
      'entropy with a negative value',
      {
        method: 'entropy',
        matrix: [
          [1, 2],
          [3, -4],
        ],
      },
      /row 2, column 2 is -4/,
    ],
    [
      'CRITIC without types',
      {
        method: 'critic',
        matrix: [
          [1, 2],
          [3, 4],
        ],
      },
      /types must list/,
    ],
  ])('exits 2 with a one-line message for %s', async (_name, request, message) => {
    const { code, stderr } = await weights(request);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
  });
});
