/**
 * Outlier treatment, COINr's default (Treat.numeric with winsorise → log_CT, check_SkewKurt):
 *
 * 1. An indicator fails when |skew| ≥ skewThreshold AND kurtosis ≥ kurtosisThreshold (defaults 2 and 3.5),
 *    with the sample-corrected estimators of e1071 type 2 / Excel (skew G1, excess kurtosis G2).
 * 2. A failing indicator is winsorised one point at a time on the side of its skew: the maximum (or
 *    minimum) value(s) take the next value in; tied extremes move together; stop when it passes or
 *    when the number of points at the winsorised extreme(s) reaches maxPoints.
 * 3. If it still fails, winsorisation is discarded and the original column is transformed with the
 *    fallback: ln(x − min + 0.01 (max − min)) (COINr log_CT) or Box-Cox ((x − min + 1)^λ − 1) / λ.
 *
 * Missing values (NaN) are ignored and kept missing.
 */
import type { TreatmentSpec } from '../spec/evaluation-spec.schema.ts';

function present(x: ArrayLike<number>): number[] {
  const out: number[] = [];
  for (let i = 0; i < x.length; i++) {
    const v = x[i] as number;
    if (!Number.isNaN(v)) out.push(v);
  }
  return out;
}

/** Sample skewness G1 = √(n(n−1)) / (n−2) · [√n Σd³ / (Σd²)^1.5], d = x − x̄ (e1071 type 2). NaN when n < 3. */
export function skewness(x: ArrayLike<number>): number {
  const v = present(x);
  const n = v.length;
  if (n < 3) return Number.NaN;
  let m = 0;
  for (const a of v) m += a;
  m /= n;
  let s2 = 0;
  let s3 = 0;
  for (const a of v) {
    const d = a - m;
    s2 += d * d;
    s3 += d * d * d;
  }
  const g = (Math.sqrt(n) * s3) / s2 ** 1.5;
  return (g * Math.sqrt(n * (n - 1))) / (n - 2);
}

/** Sample excess kurtosis G2 = ((n+1)(r − 3) + 6)(n−1) / ((n−2)(n−3)), r = n Σd⁴ / (Σd²)² (e1071 type 2). */
export function kurtosis(x: ArrayLike<number>): number {
  const v = present(x);
  const n = v.length;
  if (n < 4) return Number.NaN;
  let m = 0;
  for (const a of v) m += a;
  m /= n;
  let s2 = 0;
  let s4 = 0;
  for (const a of v) {
    const d = a - m;
    s2 += d * d;
    s4 += d * d * d * d;
  }
  const r = (n * s4) / (s2 * s2);
  return (((n + 1) * (r - 3) + 6) * (n - 1)) / ((n - 2) * (n - 3));
}

/** Passes unless |skew| ≥ skewThreshold and kurtosis ≥ kurtosisThreshold; too few points (or zero variance) pass. */
export function passesSkewKurtosis(
  x: ArrayLike<number>,
  skewThreshold: number,
  kurtosisThreshold: number,
): boolean {
  const s = skewness(x);
  const k = kurtosis(x);
  if (Number.isNaN(s) || Number.isNaN(k)) return true;
  return Math.abs(s) < skewThreshold || k < kurtosisThreshold;
}

export type WinsoriseResult = { x: Float64Array; high: number[]; low: number[]; passed: boolean };

/** COINr winsorise(): reassigns the extreme point(s) to the next value in until the column passes or maxPoints. */
export function winsorise(
  column: ArrayLike<number>,
  skewThreshold: number,
  kurtosisThreshold: number,
  maxPoints: number,
): WinsoriseResult {
  const x = Float64Array.from(column);
  let passed = passesSkewKurtosis(x, skewThreshold, kurtosisThreshold);
  let high: number[] = [];
  let low: number[] = [];
  let count = 0;
  while (!passed && count < maxPoints) {
    const positive = skewness(x) >= 0;
    let extreme = positive ? -Infinity : Infinity;
    for (let i = 0; i < x.length; i++) {
      const v = x[i] as number;
      if (!Number.isNaN(v) && (positive ? v > extreme : v < extreme)) extreme = v;
    }
    const at: number[] = [];
    let nextIn = positive ? -Infinity : Infinity;
    for (let i = 0; i < x.length; i++) {
      const v = x[i] as number;
      if (Number.isNaN(v)) continue;
      if (v === extreme) at.push(i);
      else if (positive ? v > nextIn : v < nextIn) nextIn = v;
    }
    if (!Number.isFinite(nextIn)) break; // every point equal: nothing to winsorise
    for (const i of at) x[i] = nextIn;
    if (positive) high = at;
    else low = at;
    // COINr counts the points at the most recently winsorised extreme on each side.
    count = high.length + low.length;
    passed = passesSkewKurtosis(x, skewThreshold, kurtosisThreshold);
  }
  return { x, high, low, passed };
}

/** COINr log_CT: ln(x − min + 0.01 (max − min)). */
export function logTransform(column: ArrayLike<number>): Float64Array {
  const v = present(column);
  const min = Math.min(...v);
  const max = Math.max(...v);
  const out = new Float64Array(column.length);
  for (let i = 0; i < column.length; i++) {
    const x = column[i] as number;
    out[i] = Number.isNaN(x) ? Number.NaN : Math.log(x - min + 0.01 * (max - min));
  }
  return out;
}

/** Box-Cox with a shift to positives (COINr boxcox, makepos): y = x − min + 1; (y^λ − 1) / λ, or ln y for λ = 0. */
export function boxCox(column: ArrayLike<number>, lambda: number): Float64Array {
  const min = Math.min(...present(column));
  const out = new Float64Array(column.length);
  for (let i = 0; i < column.length; i++) {
    const x = column[i] as number;
    if (Number.isNaN(x)) {
      out[i] = Number.NaN;
      continue;
    }
    const y = x - min + 1;
    out[i] = lambda === 0 ? Math.log(y) : (y ** lambda - 1) / lambda;
  }
  return out;
}

export type TreatmentReport = {
  /** Skew and kurtosis before treatment (null when treatment is 'none' or with fewer than 3 / 4 values). */
  skew: number | null;
  kurtosis: number | null;
  /** What was applied: none (passed), winsorised, log or boxcox, or failed (nothing passed, data left as is). */
  applied: 'none' | 'winsorised' | 'log' | 'boxcox' | 'failed';
  winsorisedHigh: number[];
  winsorisedLow: number[];
  passedAfter: boolean;
};

const finiteOrNull = (v: number): number | null => (Number.isFinite(v) ? v : null);

/** Applies the spec's treatment to one column; returns the treated column and what was done. */
export function treatColumn(
  column: ArrayLike<number>,
  spec: TreatmentSpec,
): { x: Float64Array; report: TreatmentReport } {
  if (spec.method === 'none')
    return {
      x: Float64Array.from(column),
      report: {
        skew: null,
        kurtosis: null,
        applied: 'none',
        winsorisedHigh: [],
        winsorisedLow: [],
        passedAfter: true,
      },
    };
  const report: TreatmentReport = {
    skew: finiteOrNull(skewness(column)),
    kurtosis: finiteOrNull(kurtosis(column)),
    applied: 'none',
    winsorisedHigh: [],
    winsorisedLow: [],
    passedAfter: true,
  };
  if (passesSkewKurtosis(column, spec.skewThreshold, spec.kurtosisThreshold))
    return { x: Float64Array.from(column), report };
  const fallback = (): { x: Float64Array; report: TreatmentReport } => {
    const kind = spec.method === 'boxcox' ? 'boxcox' : spec.fallback;
    if (kind === 'none')
      return { x: Float64Array.from(column), report: { ...report, applied: 'failed', passedAfter: false } };
    const x = kind === 'log' ? logTransform(column) : boxCox(column, spec.lambda);
    return {
      x,
      report: {
        ...report,
        applied: kind,
        passedAfter: passesSkewKurtosis(x, spec.skewThreshold, spec.kurtosisThreshold),
      },
    };
  };
  if (spec.method === 'boxcox') return fallback();
  const w = winsorise(column, spec.skewThreshold, spec.kurtosisThreshold, spec.maxPoints);
  if (w.passed)
    return {
      x: w.x,
      report: {
        ...report,
        applied: 'winsorised',
        winsorisedHigh: w.high,
        winsorisedLow: w.low,
        passedAfter: true,
      },
    };
  return fallback();
}
