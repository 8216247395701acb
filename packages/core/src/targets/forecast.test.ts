import { describe, expect, it } from 'vitest';
import { fitOls, forecastTrend, predict } from './forecast.ts';
import { assessProgress } from './progress.ts';
import type { Target } from './target.contract.ts';

const atLeast = (goal: number) => (v: number) => v >= goal;

describe('OLS fit and prediction interval', () => {
  it('x 0..3, y 36, 38, 41, 42: b = 10.5 / 5 = 2.1, a = 39.25 − 2.1·1.5 = 36.1, SSE = 0.01 + 0.04 + 0.49 + 0.16 = 0.70', () => {
    const fit = fitOls([0, 1, 2, 3], [36, 38, 41, 42]);
    expect(fit.slope).toBeCloseTo(2.1, 12);
    expect(fit.intercept).toBeCloseTo(36.1, 12);
    expect(fit.sse).toBeCloseTo(0.7, 12);
    expect(fit.sxx).toBe(5);
  });

  it('at x = 4: ŷ = 36.1 + 8.4 = 44.5; s = √(0.7/2) = 0.5916; se = s·√(1 + 1/4 + 2.5²/5) = s·√2.5 = 0.9354; t(0.975, 2) = 4.3027 → [40.475, 48.525]', () => {
    const p = predict(fitOls([0, 1, 2, 3], [36, 38, 41, 42]), 4, 0.95);
    expect(p.value).toBeCloseTo(44.5, 12);
    expect(p.residualSd).toBeCloseTo(Math.sqrt(0.35), 12);
    expect(p.standardError).toBeCloseTo(Math.sqrt(0.875), 12);
    expect(p.tQuantile).toBeCloseTo(4.302653, 6);
    expect(p.lower).toBeCloseTo(44.5 - 4.302653 * Math.sqrt(0.875), 5);
    expect(p.lower).toBeCloseTo(40.475, 3);
    expect(p.upper).toBeCloseTo(48.525, 3);
  });

  it('two points: the line passes through both, no residual degrees of freedom → no interval', () => {
    const p = predict(fitOls([0, 2], [3000, 4200]), 3, 0.95);
    expect(p.value).toBeCloseTo(4800, 9);
    expect(p.residualSd).toBeNull();
    expect(p.lower).toBeNull();
  });
});

describe('forecast at the deadline', () => {
  it('T07 share (linear): 36, 38, 41, 42 % on 2021–2024 year ends → 44.5 % on 2025-12-31, 95 % PI [40.475, 48.525], below 45 → meetsTarget false', () => {
    const f = forecastTrend({
      trend: 'linear',
      points: [
        { date: '2021-12-31', value: 36 },
        { date: '2022-12-31', value: 38 },
        { date: '2023-12-31', value: 41 },
        { date: '2024-12-31', value: 42 },
      ],
      at: '2025-12-31',
      level: 0.95,
      meets: atLeast(45),
    });
    expect(f?.model).toBe('linear');
    expect(f?.value).toBeCloseTo(44.5, 12);
    expect(f?.interval?.lower).toBeCloseTo(40.475, 3);
    expect(f?.interval?.upper).toBeCloseTo(48.525, 3);
    expect(f?.fit.degreesOfFreedom).toBe(2);
    expect(f?.meetsTarget).toBe(false);
    expect(f?.note.en).toContain('95 % prediction interval');
  });

  it('T06 (log-linear) from two points 3000 (2022) → 4200 (2024): 4200·√1.4 = 4969.5 on 2025-12-31, interval not estimable', () => {
    const f = forecastTrend({
      trend: 'compound',
      points: [
        { date: '2022-12-31', value: 3000 },
        { date: '2024-12-31', value: 4200 },
      ],
      at: '2025-12-31',
      level: 0.95,
      meets: atLeast(5000),
    });
    expect(f?.model).toBe('log-linear');
    expect(f?.value).toBeCloseTo(4200 * Math.sqrt(1.4), 6);
    expect(f?.interval).toBeNull();
    expect(f?.meetsTarget).toBe(false);
    expect(f?.note.en).toContain('not estimable');
  });

  it('log-linear 100, 120, 150, 170: ln-scale PI back-transformed is asymmetric, [170.0, 255.1] around 208.2', () => {
    const f = forecastTrend({
      trend: 'compound',
      points: [100, 120, 150, 170].map((value, i) => ({ date: `${2021 + i}-12-31`, value })),
      at: '2025-12-31',
      level: 0.95,
      meets: atLeast(200),
    });
    expect(f?.value).toBeCloseTo(208.21, 2);
    expect(f?.interval?.lower).toBeCloseTo(169.96, 2);
    expect(f?.interval?.upper).toBeCloseTo(255.06, 2);
    const lower = f?.interval?.lower ?? 0;
    const upper = f?.interval?.upper ?? 0;
    const value = f?.value ?? 0;
    expect(upper - value).toBeGreaterThan(value - lower);
    expect(f?.meetsTarget).toBe(true);
  });

  it('a compound target with a 0 falls back to a linear fit: 0, 1, 2 → 3 at t = 3', () => {
    const f = forecastTrend({
      trend: 'compound',
      points: [0, 1, 2].map((value, i) => ({ date: `${2022 + i}-12-31`, value })),
      at: '2025-12-31',
      level: 0.95,
      meets: atLeast(5),
    });
    expect(f?.model).toBe('linear');
    expect(f?.value).toBeCloseTo(3, 12);
    expect(f?.interval?.lower).toBeCloseTo(3, 9); // perfect fit: s = 0
    expect(f?.note.en).toContain('linear trend used');
  });

  it('assessProgress fits the baseline plus actual values: T07 gives the same 44.5 % forecast', () => {
    const target: Target = {
      code: 'T07',
      taskCode: '2.1.1',
      text: '高新技术产品占比达45%',
      textEn: 'share of high-tech products',
      unit: '%',
      baseline: { period: '2021', date: '2021-12-31', value: 36 },
      value: 45,
      comparator: 'atLeast',
      tolerance: null,
      deadline: '2025-12-31',
      trend: 'linear',
      departments: { lead: '省工业和信息化厅', coOwners: [] },
      binding: { kind: 'reported', reporter: '省工业和信息化厅' },
    };
    const a = assessProgress({
      target,
      observations: [
        { date: '2022-12-31', value: 38 },
        { date: '2023-12-31', value: 41 },
        { date: '2024-12-31', value: 42 },
      ],
      asOf: '2025-06-30',
    });
    expect(a.forecast?.value).toBeCloseTo(44.5, 12);
    expect(a.forecast?.pointsUsed).toBe(4);
  });
});
