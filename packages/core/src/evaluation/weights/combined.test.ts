import { describe, expect, it } from 'vitest';
import { combineWeights } from './combined.ts';

describe('combined subjective and objective weights', () => {
  it('multiplicative: s = (0.5, 0.3, 0.2), o = (0.2, 0.3, 0.5) ⇒ s·o = 0.10, 0.09, 0.10, Σ = 0.29 ⇒ 0.3448, 0.3103, 0.3448', () => {
    const result = combineWeights([0.5, 0.3, 0.2], [0.2, 0.3, 0.5]);
    expect(result.variant).toBe('combined/multiplicative');
    expect(result.weights[0]).toBeCloseTo(0.1 / 0.29, 12);
    expect(result.weights[1]).toBeCloseTo(0.09 / 0.29, 12);
    expect(result.weights[2]).toBeCloseTo(0.1 / 0.29, 12);
    expect(result.alpha).toBeNull();
  });

  it('linear α = 0.7: 0.7 · (0.5, 0.3, 0.2) + 0.3 · (0.2, 0.3, 0.5) = 0.41, 0.30, 0.29', () => {
    const result = combineWeights([0.5, 0.3, 0.2], [0.2, 0.3, 0.5], { rule: 'linear', alpha: 0.7 });
    expect(result.variant).toBe('combined/linear/alpha=0.7');
    expect(result.weights[0]).toBeCloseTo(0.41, 12);
    expect(result.weights[1]).toBeCloseTo(0.3, 12);
    expect(result.weights[2]).toBeCloseTo(0.29, 12);
  });

  it('normalises both inputs first: s = (2, 2) and o = (1, 3) are (0.5, 0.5) and (0.25, 0.75)', () => {
    const result = combineWeights([2, 2], [1, 3]);
    expect(result.weights[0]).toBeCloseTo(0.25, 12);
  });

  it('refuses mismatched lengths, negative weights, α outside [0, 1], and disjoint supports for the product', () => {
    expect(() => combineWeights([0.5, 0.5], [1])).toThrow(/one value for each of the 2 criteria/);
    expect(() => combineWeights([0.5, -0.5], [0.5, 0.5])).toThrow(/weight 2 must be a non-negative/);
    expect(() => combineWeights([0.5, 0.5], [0.5, 0.5], { rule: 'linear', alpha: 1.5 })).toThrow(/alpha/);
    expect(() => combineWeights([1, 0], [0, 1])).toThrow(/linear rule/);
  });
});
