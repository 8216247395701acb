import { describe, expect, it } from 'vitest';
import { isConstantColumn, parseWeights, rankPreferences, unitInterval } from './decision-matrix.ts';

describe('decision-matrix helpers', () => {
  it('ranks 0.3, 0.9, 0.3, 0.5 (higher better) as 3, 1, 3, 2 and (lower better) as 1, 4, 1, 3', () => {
    expect(rankPreferences([0.3, 0.9, 0.3, 0.5], true)).toEqual([3, 1, 3, 2]);
    expect(rankPreferences([0.3, 0.9, 0.3, 0.5], false)).toEqual([1, 4, 1, 3]);
  });

  it('0.1 + 0.2 and 0.3 differ by 5.6e-17 < 1e-12: a tie, not an order', () => {
    expect(rankPreferences([0.1 + 0.2, 0.3, 0.2], true)).toEqual([1, 1, 3]);
  });

  it('a column is constant within 1e-12 of its magnitude: (0.3, 0.1 + 0.2) yes, (0.3, 0.3001) no', () => {
    expect(isConstantColumn([0.3, 0.1 + 0.2])).toBe(true);
    expect(isConstantColumn([0.3, 0.3001])).toBe(false);
    expect(isConstantColumn([0, 0])).toBe(true);
  });

  it('unitInterval(5, 0, 10) = 0.5 and stays finite at ±1.7e308: unitInterval(0, −1.7e308, 1.7e308) = 0.5', () => {
    expect(unitInterval(5, 0, 10)).toBe(0.5);
    expect(unitInterval(0, -1.7e308, 1.7e308)).toBe(0.5);
  });

  it('weights (1e308, 1e308) normalise to (0.5, 0.5) without overflowing the sum', () => {
    expect(parseWeights([1e308, 1e308], 2)).toEqual([0.5, 0.5]);
  });
});
