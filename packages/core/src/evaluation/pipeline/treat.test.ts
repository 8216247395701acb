import { describe, expect, it } from 'vitest';
import { treatmentSpecSchema } from '../spec/evaluation-spec.schema.ts';
import {
  boxCox,
  kurtosis,
  logTransform,
  passesSkewKurtosis,
  skewness,
  treatColumn,
  winsorise,
} from './treat.ts';

const outliers = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 30, 100];
const spec = (over: object = {}) => treatmentSpecSchema.parse({ method: 'winsorise', ...over });

describe('skew and kurtosis (e1071 type 2, as COINr)', () => {
  it('1..10, 30, 100: G1 = 3.0632, G2 = 9.7414 → fails |skew| ≥ 2 and kurtosis ≥ 3.5', () => {
    expect(skewness(outliers)).toBeCloseTo(3.0632410342, 9);
    expect(kurtosis(outliers)).toBeCloseTo(9.7413908346, 9);
    expect(passesSkewKurtosis(outliers, 2, 3.5)).toBe(false);
  });

  it('1, 2, 3, 10: G1 = 1.7636, G2 = 3.228; missing values are ignored', () => {
    expect(skewness([1, 2, Number.NaN, 3, 10])).toBeCloseTo(1.763632615, 9);
    expect(kurtosis([1, 2, 3, Number.NaN, 10])).toBeCloseTo(3.228, 9);
  });

  it('passes when either test passes: |skew| < 2 or kurtosis < 3.5', () => {
    expect(passesSkewKurtosis([1, 2, 3, 10], 2, 3.5)).toBe(true);
    expect(passesSkewKurtosis([1, 2, 3, 10], 1.5, 3)).toBe(false);
  });
});

describe('winsorisation (COINr winsorise)', () => {
  it('1..10, 30, 100: 100 → 30 (one point), then skew 1.712 passes', () => {
    const w = winsorise(outliers, 2, 3.5, 5);
    expect(Array.from(w.x)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 30, 30]);
    expect(w.high).toEqual([11]);
    expect(w.passed).toBe(true);
    expect(skewness(w.x)).toBeCloseTo(1.7120380601, 9);
  });

  it('ties move together: two maxima of 100 are both set to 10', () => {
    const w = winsorise([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 100, 100, 1, 2, 3], 1, 0, 5);
    expect(w.high).toEqual([10, 11]);
    expect(w.x[10]).toBe(10);
    expect(w.x[11]).toBe(10);
  });

  it('negative skew winsorises the low end: −100 → 1', () => {
    const w = winsorise([-100, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 10], 2, 3.5, 5);
    expect(w.low).toEqual([0]);
    expect(w.x[0]).toBe(1);
  });
});

describe('treatColumn', () => {
  it('winsorises 1..10, 30, 100 and reports it', () => {
    const { x, report } = treatColumn(outliers, spec());
    expect(x[11]).toBe(30);
    expect(report).toMatchObject({ applied: 'winsorised', winsorisedHigh: [11], passedAfter: true });
  });

  it('falls back to ln(x − min + 0.01 (max − min)) of the original when winsorisation is exhausted: x = 1 → ln 0.99 = −0.01005', () => {
    const { x, report } = treatColumn(outliers, spec({ maxPoints: 0 }));
    expect(report.applied).toBe('log');
    expect(x[0]).toBeCloseTo(Math.log(0.99), 12);
    expect(x[11]).toBeCloseTo(Math.log(99 + 0.99), 12);
    expect(Array.from(x)).toEqual(Array.from(logTransform(outliers)));
  });

  it('Box-Cox λ = 0.5 on y = x − min + 1: x = 100 → (100^0.5 − 1) / 0.5 = 18', () => {
    const { x, report } = treatColumn(outliers, spec({ method: 'boxcox', lambda: 0.5 }));
    expect(report.applied).toBe('boxcox');
    expect(x[11]).toBeCloseTo(18, 12);
    expect(boxCox([1, 2], 0)[1]).toBeCloseTo(Math.log(2), 12);
  });

  it('leaves a passing column alone (and keeps missing values missing)', () => {
    const { x, report } = treatColumn([1, 2, Number.NaN, 4, 5], spec());
    expect(report.applied).toBe('none');
    expect(x[2]).toBeNaN();
  });
});
