import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { yearsBetween } from './dates.ts';
import { assessProgress, meetsTarget } from './progress.ts';
import type { Target, TargetObservation } from './target.contract.ts';

/** A target due 2025-12-31 with a 2022 baseline; override what the case needs. */
function buildTarget(overrides: Partial<Target> = {}): Target {
  return {
    code: 'T06',
    taskCode: '2.1.1',
    text: '全省集群内高新技术企业达5000家',
    textEn: 'high-tech enterprises in clusters',
    unit: '家',
    baseline: { period: '2022', date: '2022-12-31', value: 3000 },
    value: 5000,
    comparator: 'atLeast',
    tolerance: null,
    deadline: '2025-12-31',
    trend: 'compound',
    departments: { lead: '省工业和信息化厅', coOwners: ['省发展改革委', '省科技厅'] },
    binding: { kind: 'reported', reporter: '省工业和信息化厅' },
    ...overrides,
  };
}

const obs = (date: string, value: number): TargetObservation => ({ date, value });
const mid2025 = '2025-06-30';

describe('dates', () => {
  it('years 2022-12-31 → 2024-12-31 = 2 exactly; 2024-12-31 → 2025-06-30 = 181 / 365 = 0.496', () => {
    expect(yearsBetween('2022-12-31', '2024-12-31')).toBe(2);
    expect(yearsBetween('2024-12-31', '2025-06-30')).toBeCloseTo(181 / 365, 14);
    expect(yearsBetween('2024-02-29', '2025-02-28')).toBe(1);
    expect(yearsBetween('2025-12-31', '2022-12-31')).toBe(-3);
  });
  it('refuses a date that does not exist (2025-02-29)', () => {
    expect(() => yearsBetween('2025-02-29', '2025-12-31')).toThrow(AppError);
  });
});

describe('assessProgress: one worked example per status (docs/methods/target-progress.md)', () => {
  it('T18 single champions: baseline 80 (2022) → 104 (2024) ≥ 100 → achieved', () => {
    const target = buildTarget({
      code: 'T18',
      unit: '家',
      baseline: { period: '2022', date: '2022-12-31', value: 80 },
      value: 100,
    });
    const a = assessProgress({
      target,
      observations: [obs('2023-12-31', 92), obs('2024-12-31', 104)],
      asOf: mid2025,
    });
    expect(a.status).toBe('achieved');
    expect(a.calculation.method).toBe('achieved');
    expect(a.calculation.latest).toEqual({ date: '2024-12-31', value: 104 });
  });

  it('T06 high-tech: baseline 3000 (2022) → 4200 (2024), target 5000 by 2025: CAGR 18.3 % vs needed 18.6 % → ratio 0.99 → on_track', () => {
    const a = assessProgress({
      target: buildTarget(),
      observations: [obs('2024-12-31', 4200)],
      asOf: mid2025,
    });
    // (4200/3000)^(1/2) − 1 = 0.18322; (5000/3000)^(1/3) − 1 = 0.18563; 0.18322 / 0.18563 = 0.98699
    expect(a.status).toBe('on_track');
    expect(a.calculation.method).toBe('compound-ratio');
    expect(a.calculation.yearsElapsed).toBe(2);
    expect(a.calculation.yearsTotal).toBe(3);
    expect(a.calculation.actualRate).toBeCloseTo(Math.sqrt(1.4) - 1, 12);
    expect(a.calculation.actualRate).toBeCloseTo(0.18322, 5);
    expect(a.calculation.requiredRate).toBeCloseTo(0.18563, 5);
    expect(a.calculation.ratio).toBeCloseTo(0.98699, 5);
    expect(a.calculation.explanation.zh).toContain('18.3 %');
    expect(a.calculation.explanation.zh).toContain('18.6 %');
    expect(a.calculation.explanation.en).toContain('ratio 0.99');
    expect(a.calculation.steps.map((s) => s.expression)).toContain('(4200 / 3000)^(1/2) − 1');
  });

  it('T07 high-tech share: baseline 36 % (2021) → 38, 41, 42 % (2022–2024), target 45 % by 2025: slope 6/3 = 2.0 vs 9/4 = 2.25 pp/yr → ratio 0.889 → needs_acceleration', () => {
    const target = buildTarget({
      code: 'T07',
      unit: '%',
      trend: 'linear',
      baseline: { period: '2021', date: '2021-12-31', value: 36 },
      value: 45,
    });
    const a = assessProgress({
      target,
      observations: [obs('2022-12-31', 38), obs('2023-12-31', 41), obs('2024-12-31', 42)],
      asOf: mid2025,
    });
    expect(a.status).toBe('needs_acceleration');
    expect(a.calculation.method).toBe('linear-ratio');
    expect(a.calculation.actualRate).toBeCloseTo(2, 12);
    expect(a.calculation.requiredRate).toBeCloseTo(2.25, 12);
    expect(a.calculation.ratio).toBeCloseTo(8 / 9, 12);
  });

  it('T10 provincial carriers: baseline 1500 (2022) → 1600 (2024), target 2000: CAGR 3.3 % vs needed 10.1 % → ratio 0.33 → limited_progress', () => {
    const target = buildTarget({
      code: 'T10',
      baseline: { period: '2022', date: '2022-12-31', value: 1500 },
      value: 2000,
    });
    const a = assessProgress({ target, observations: [obs('2024-12-31', 1600)], asOf: mid2025 });
    // (1600/1500)^(1/2) − 1 = 0.03280; (2000/1500)^(1/3) − 1 = 0.10064; ratio 0.32586
    expect(a.status).toBe('limited_progress');
    expect(a.calculation.actualRate).toBeCloseTo(0.0328, 4);
    expect(a.calculation.requiredRate).toBeCloseTo(0.10064, 5);
    expect(a.calculation.ratio).toBeCloseTo(0.32586, 5);
  });

  it('T08 R&D gap: baseline 1.0 pp (2022) → 0.8 pp (2024), target 1.5 pp 左右: slope −0.1 vs +0.5/3 = 0.167 pp/yr → ratio −0.6 → deteriorating', () => {
    const target = buildTarget({
      code: 'T08',
      unit: '百分点',
      trend: 'linear',
      comparator: 'approx',
      tolerance: 0.15,
      baseline: { period: '2022', date: '2022-12-31', value: 1.0 },
      value: 1.5,
    });
    const a = assessProgress({ target, observations: [obs('2024-12-31', 0.8)], asOf: mid2025 });
    expect(a.status).toBe('deteriorating');
    expect(a.calculation.actualRate).toBeCloseTo(-0.1, 12);
    expect(a.calculation.requiredRate).toBeCloseTo(0.5 / 3, 12);
    expect(a.calculation.ratio).toBeCloseTo(-0.6, 12);
  });

  it('T21 gazelles: baseline 600 (2022) → 760 on 2025-12-31 < 800, assessed 2026-06-30 → not_achieved (final)', () => {
    const target = buildTarget({
      code: 'T21',
      baseline: { period: '2022', date: '2022-12-31', value: 600 },
      value: 800,
    });
    const a = assessProgress({
      target,
      observations: [obs('2024-12-31', 700), obs('2025-12-31', 760), obs('2026-03-31', 820)],
      asOf: '2026-06-30',
    });
    expect(a.status).toBe('not_achieved');
    expect(a.calculation.method).toBe('outcome-at-deadline');
    expect(a.calculation.latest).toEqual({ date: '2025-12-31', value: 760 });
    expect(a.calculation.isProvisional).toBe(false);
  });

  it('T21 gazelles: deadline passed with only the 2024 figure (700 < 800) → not_achieved, provisional', () => {
    const target = buildTarget({
      code: 'T21',
      baseline: { period: '2022', date: '2022-12-31', value: 600 },
      value: 800,
    });
    const a = assessProgress({ target, observations: [obs('2024-12-31', 700)], asOf: '2026-03-01' });
    expect(a.status).toBe('not_achieved');
    expect(a.calculation.isProvisional).toBe(true);
    expect(a.calculation.explanation.en).toContain('provisionally');
  });

  it('deadline passed and the 2025 figure meets it (812 ≥ 800) → achieved', () => {
    const target = buildTarget({ baseline: { period: '2022', date: '2022-12-31', value: 600 }, value: 800 });
    const a = assessProgress({ target, observations: [obs('2025-12-31', 812)], asOf: '2026-06-30' });
    expect(a.status).toBe('achieved');
    expect(a.calculation.method).toBe('outcome-at-deadline');
  });

  it('no baseline → no_data, even with actual values', () => {
    const a = assessProgress({
      target: buildTarget({ baseline: null }),
      observations: [obs('2023-12-31', 3500), obs('2024-12-31', 4200)],
      asOf: mid2025,
    });
    expect(a.status).toBe('no_data');
    expect(a.calculation.ratio).toBeNull();
    expect(a.calculation.explanation.en).toContain('No baseline');
  });

  it('baseline but no actual after it (2022 only; the 2025 figure is dated after asOf) → no_data', () => {
    const a = assessProgress({
      target: buildTarget(),
      observations: [obs('2022-12-31', 3000), obs('2025-12-31', 5100)],
      asOf: mid2025,
    });
    expect(a.status).toBe('no_data');
    expect(a.forecast).toBeNull();
  });
});

describe('assessProgress: edges', () => {
  const unicorns = (baseline: number): Target =>
    buildTarget({
      code: 'T22',
      comparator: 'approx',
      tolerance: 1.5,
      baseline: { period: '2022', date: '2022-12-31', value: baseline },
      value: 15,
    });

  it('T22 unicorns 15 左右 ± 1.5 from 8: 13.5 achieved (edge), 13 not, 16.5 achieved, 20 achieved (exceeded)', () => {
    const t = unicorns(8);
    expect(meetsTarget(t, 13.5)).toBe(true);
    expect(meetsTarget(t, 13)).toBe(false);
    expect(meetsTarget(t, 16.5)).toBe(true);
    expect(meetsTarget(t, 20)).toBe(true);
    const a = assessProgress({ target: t, observations: [obs('2024-12-31', 13)], asOf: mid2025 });
    // 13 < 13.5: not yet; (13/8)^(1/2) − 1 = 0.2748 vs (15/8)^(1/3) − 1 = 0.2331 → ratio 1.18 → on_track
    expect(a.status).toBe('on_track');
    expect(a.calculation.ratio).toBeCloseTo((Math.sqrt(13 / 8) - 1) / ((15 / 8) ** (1 / 3) - 1), 12);
  });

  it('approx heading down (baseline 20 → about 15 ± 1.5): 16.5 achieved, 12 achieved (beyond, downward), 17 not', () => {
    const t = unicorns(20);
    expect(meetsTarget(t, 16.5)).toBe(true);
    expect(meetsTarget(t, 12)).toBe(true);
    expect(meetsTarget(t, 17)).toBe(false);
  });

  it('T08 1.5 pp ± 0.15: edges 1.35 and 1.65 achieved, 1.34 not (0.3 ± 0.1 at 0.4: |0.4 − 0.3| = 0.10000000000000003 still counts)', () => {
    const t = buildTarget({
      comparator: 'approx',
      tolerance: 0.15,
      value: 1.5,
      trend: 'linear',
      unit: '百分点',
      baseline: { period: '2022', date: '2022-12-31', value: 1.0 },
    });
    expect(meetsTarget(t, 1.35)).toBe(true);
    expect(meetsTarget(t, 1.65)).toBe(true);
    expect(meetsTarget(t, 1.34)).toBe(false);
    // Floating point: 0.4 − 0.3 is a hair above 0.1; the edge must still count.
    const small = buildTarget({
      comparator: 'approx',
      tolerance: 0.1,
      value: 0.3,
      trend: 'linear',
      unit: '%',
      baseline: null,
    });
    expect(Math.abs(0.4 - 0.3)).toBeGreaterThan(0.1);
    expect(meetsTarget(small, 0.4)).toBe(true);
    expect(meetsTarget(small, 0.2)).toBe(true);
    expect(meetsTarget(small, 0.41)).toBe(false);
  });

  it('atMost target: energy use 0.5 → 0.45 (2024), at most 0.40 by 2025: CAGR −5.1 % vs −7.2 % → ratio 0.72 → needs_acceleration', () => {
    const t = buildTarget({
      comparator: 'atMost',
      value: 0.4,
      baseline: { period: '2022', date: '2022-12-31', value: 0.5 },
    });
    const a = assessProgress({ target: t, observations: [obs('2024-12-31', 0.45)], asOf: mid2025 });
    // (0.45/0.5)^(1/2) − 1 = −0.05132; (0.4/0.5)^(1/3) − 1 = −0.07168; ratio 0.7160
    expect(a.calculation.actualRate).toBeCloseTo(Math.sqrt(0.9) - 1, 12);
    expect(a.calculation.ratio).toBeCloseTo((Math.sqrt(0.9) - 1) / (0.8 ** (1 / 3) - 1), 12);
    expect(a.status).toBe('needs_acceleration');
    expect(meetsTarget(t, 0.4)).toBe(true);
  });

  it('T16 world-class enterprises from 0: CAGR undefined → linear: (2 − 0)/2 = 1 vs (5 − 0)/3 = 1.667 per yr → ratio 0.6 → needs_acceleration (edge of the band)', () => {
    const t = buildTarget({
      code: 'T16',
      baseline: { period: '2022', date: '2022-12-31', value: 0 },
      value: 5,
    });
    const a = assessProgress({ target: t, observations: [obs('2024-12-31', 2)], asOf: mid2025 });
    expect(a.calculation.method).toBe('linear-ratio');
    expect(a.calculation.ratio).toBe(0.6);
    expect(a.status).toBe('needs_acceleration');
    expect(a.calculation.explanation.en).toContain('linear change used');
  });

  it('T03 provincial clusters: baseline 30 met the target, 28 in 2024 → deteriorating (slipped below)', () => {
    const t = buildTarget({
      code: 'T03',
      baseline: { period: '2022', date: '2022-12-31', value: 30 },
      value: 30,
    });
    const a = assessProgress({ target: t, observations: [obs('2024-12-31', 28)], asOf: mid2025 });
    expect(a.status).toBe('deteriorating');
    expect(a.calculation.method).toBe('slipped-below-met-baseline');
    expect(a.calculation.ratio).toBeNull();
  });

  it('thresholds are configurable: T07 ratio 0.889 with onTrack 0.85 → on_track', () => {
    const target = buildTarget({
      trend: 'linear',
      baseline: { period: '2021', date: '2021-12-31', value: 36 },
      value: 45,
    });
    const a = assessProgress({
      target,
      observations: [obs('2024-12-31', 42)],
      asOf: mid2025,
      thresholds: { onTrack: 0.85, needsAcceleration: 0.5, limitedProgress: 0 },
    });
    expect(a.status).toBe('on_track');
    expect(a.calculation.thresholds.onTrack).toBe(0.85);
  });

  it('refuses thresholds out of order and two actual values on one date', () => {
    expect(() =>
      assessProgress({
        target: buildTarget(),
        observations: [],
        asOf: mid2025,
        thresholds: { onTrack: 0.5, needsAcceleration: 0.6, limitedProgress: 0 },
      }),
    ).toThrow();
    expect(() =>
      assessProgress({
        target: buildTarget(),
        observations: [obs('2024-12-31', 1), obs('2024-12-31', 2)],
        asOf: mid2025,
      }),
    ).toThrow(AppError);
  });

  it('ignores actual values dated after asOf: 4200 (2024) counts, 5200 (2025-12-31) not yet on 2025-06-30', () => {
    const a = assessProgress({
      target: buildTarget(),
      observations: [obs('2025-12-31', 5200), obs('2024-12-31', 4200)],
      asOf: mid2025,
    });
    expect(a.status).toBe('on_track');
    expect(a.calculation.latest?.value).toBe(4200);
  });
});
