/**
 * Box-Cox against SciPy's documented examples of scipy.special.boxcox (SciPy ≥ 0.14 documentation):
 *   boxcox([1, 4, 10], 2.5) = [0, 12.4, 126.09110641];  boxcox(2, [0, 1, 2]) = [0.69314718, 1, 1.5].
 * Our boxCox first shifts the column to start at 1 (y = x − min + 1, as COINr's boxcox with makepos), so
 * columns whose minimum is 1 are transformed exactly as SciPy transforms them.
 */
import { describe, expect, it } from 'vitest';
import { boxCox } from '../../src/evaluation/pipeline/treat.ts';

describe('Box-Cox: scipy.special.boxcox documentation', () => {
  it('boxcox([1, 4, 10], 2.5) = 0, 12.4, 126.09110641 ((x^2.5 − 1) / 2.5)', () => {
    const y = boxCox([1, 4, 10], 2.5);
    expect(y[0]).toBe(0);
    expect(y[1]).toBeCloseTo(12.4, 12);
    expect(y[2]).toBeCloseTo(126.09110641, 8);
  });

  it('boxcox(2, [0, 1, 2]) = 0.69314718 (ln 2), 1, 1.5: the value 2 in a column starting at 1', () => {
    expect(boxCox([1, 2], 0)[1]).toBeCloseTo(Math.LN2, 8); // printed 0.69314718 = ln 2
    expect(boxCox([1, 2], 1)[1]).toBeCloseTo(1, 14);
    expect(boxCox([1, 2], 2)[1]).toBeCloseTo(1.5, 14);
  });
});
