import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors.ts';
import { runMcda } from './run-mcda.ts';

function errorOf(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

const good = [
  [1, 2],
  [3, 4],
];

describe('multi-criteria bad input: invalid_input naming the row and column, never NaN', () => {
  it.each([
    ['empty matrix', { matrix: [], types: [] }, /empty/],
    ['empty columns', { matrix: [[], []], types: [] }, /no criteria/],
    ['ragged rows', { matrix: [[1, 2], [3]], types: [1, 1] }, /row 2 has 1 columns, expected 2/],
    [
      'non-numeric cell',
      {
        matrix: [
          [1, 2],
          [3, 'x'],
        ],
        types: [1, 1],
      },
      /row 2, column 2 is not a finite number/,
    ],
    [
      'null cell',
      {
        matrix: [
          [1, null],
          [3, 4],
        ],
        types: [1, 1],
      },
      /row 1, column 2/,
    ],
    ['types not ±1', { matrix: good, types: [1, 0] }, /types\[2\] must be 1 \(benefit\) or −1 \(cost\)/],
    ['types too short', { matrix: good, types: [1] }, /each of the 2 criteria/],
    ['weights too long', { matrix: good, types: [1, 1], weights: [1, 1, 1] }, /weights must have one value/],
    ['negative weight', { matrix: good, types: [1, 1], weights: [1, -1] }, /weight 2 must be a non-negative/],
    ['all-zero weights', { matrix: good, types: [1, 1], weights: [0, 0] }, /all zero/],
    ['single alternative', { matrix: [[1, 2]], types: [1, 1] }, /at least two alternatives/],
  ])('%s', (_name, request, message) => {
    const error = errorOf(() => runMcda({ method: 'topsis', ...request }));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toMatch(message);
  });

  it('WPM refuses a zero or negative value at row 2, column 1', () => {
    const error = errorOf(() =>
      runMcda({
        method: 'wpm',
        matrix: [
          [1, 2],
          [-3, 4],
        ],
        types: [1, 1],
      }),
    );
    expect(error.message).toMatch(/WPM needs a positive value at row 2, column 1/);
    expect(error.details).toMatchObject({ row: 2, column: 1 });
  });

  it('WSM (max normalisation) refuses a zero in a cost column, min-max accepts it', () => {
    const matrix = [
      [1, 0],
      [3, 4],
    ];
    expect(() => runMcda({ method: 'wsm', matrix, types: [1, -1] })).toThrow(/row 1, column 2/);
    const result = runMcda({ method: 'wsm', matrix, types: [1, -1], options: { normalisation: 'minmax' } });
    expect(result.preference.every(Number.isFinite)).toBe(true);
  });

  it('options out of range or not applicable are refused', () => {
    expect(() => runMcda({ method: 'vikor', matrix: good, types: [1, 1], options: { v: 2 } })).toThrow(
      /v must be/,
    );
    expect(() => runMcda({ method: 'gra', matrix: good, types: [1, 1], options: { zeta: 0 } })).toThrow(
      /zeta/,
    );
    expect(() =>
      runMcda({ method: 'vikor', matrix: good, types: [1, 1], options: { normalisation: 'vector' } }),
    ).toThrow(/does not support normalisation/);
    expect(() =>
      runMcda({ method: 'topsis', matrix: good, types: [1, 1], weights: [1, 1], weighting: 'equal' }),
    ).toThrow(/either weights or weighting/);
  });

  it('entropy weighting with a negative cell names it', () => {
    expect(() =>
      runMcda({
        method: 'topsis',
        matrix: [
          [1, 2],
          [3, -4],
        ],
        types: [1, 1],
        weighting: 'entropy',
      }),
    ).toThrow(/row 2, column 2 is -4/);
  });

  it('constant columns give finite results for every method, and say so', () => {
    const matrix = [
      [5, 1, 7],
      [5, 2, 7],
      [5, 3, 7],
    ];
    for (const method of ['topsis', 'vikor', 'gra', 'wsm', 'wpm'] as const) {
      for (const weighting of ['equal', 'entropy', 'critic'] as const) {
        const result = runMcda({ method, matrix, types: [1, -1, 1], weighting });
        expect(result.preference.every(Number.isFinite)).toBe(true);
        expect(result.weights.every(Number.isFinite)).toBe(true);
        if (weighting !== 'equal') expect(result.notes.join()).toMatch(/constant/);
      }
    }
  });
});
