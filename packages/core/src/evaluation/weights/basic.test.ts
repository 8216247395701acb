import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { equalWeights, givenWeights } from './basic.ts';

describe('given and equal weights', () => {
  it('given (2, 3, 5) are normalised to 0.2, 0.3, 0.5; equal for 4 criteria are 0.25 each', () => {
    expect(givenWeights([2, 3, 5], 3).weights).toEqual([0.2, 0.3, 0.5]);
    expect(equalWeights(4).weights).toEqual([0.25, 0.25, 0.25, 0.25]);
  });

  it('given weights of the wrong length are refused', () => {
    expect(() => givenWeights([1, 2], 3)).toThrow(/each of the 3 criteria/);
  });

  it('normalised weights sum to 1 (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0.001, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 30 }),
        (ws) => {
          const total = givenWeights(ws, ws.length).weights.reduce((a, b) => a + b, 0);
          expect(total).toBeCloseTo(1, 12);
        },
      ),
    );
  });
});
