/**
 * Trend forecast of a target's value at its deadline, with an OLS prediction interval.
 *
 * Linear model (shares, rates, differences):  y = a + b·t, t in years since the first point.
 * Log-linear model (counts, amounts):          ln y = a + b·t, i.e. constant compound growth e^b − 1;
 * the point forecast exp(a + b·T) is the median of the fitted log-normal, not its mean.
 *
 * Interval: the classical prediction interval of a new observation at t₀,
 *   ŷ₀ ± t_{1−α/2, n−2} · s · √(1 + 1/n + (t₀ − t̄)² / Σ(tᵢ − t̄)²),   s² = Σ eᵢ² / (n − 2),
 * back-transformed with exp for the log-linear model (so it is asymmetric around the forecast).
 * With two points the line passes through both, n − 2 = 0 and s is undefined: the interval is reported
 * as not estimable (null), never invented.
 */
import { yearsBetween } from './dates.ts';
import { studentTQuantile } from './student-t.ts';
import type { ProgressForecast, TargetObservation, TargetTrend } from './target.contract.ts';

export type OlsFit = {
  intercept: number;
  slope: number;
  n: number;
  /** Σ eᵢ², the residual sum of squares. */
  sse: number;
  xMean: number;
  /** Σ (xᵢ − x̄)². */
  sxx: number;
};

/** Ordinary least squares of y on x: b = Σ(x − x̄)(y − ȳ) / Σ(x − x̄)², a = ȳ − b·x̄. */
export function fitOls(x: readonly number[], y: readonly number[]): OlsFit {
  const n = x.length;
  if (n !== y.length) throw new RangeError('fitOls: arrays differ in length');
  if (n < 2) throw new RangeError('fitOls: need at least two points');
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < n; i++) {
    sx += x[i] as number;
    sy += y[i] as number;
  }
  const xMean = sx / n;
  const yMean = sy / n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (x[i] as number) - xMean;
    sxx += dx * dx;
    sxy += dx * ((y[i] as number) - yMean);
  }
  if (sxx === 0) throw new RangeError('fitOls: all x are equal');
  const slope = sxy / sxx;
  const intercept = yMean - slope * xMean;
  let sse = 0;
  for (let i = 0; i < n; i++) {
    const e = (y[i] as number) - (intercept + slope * (x[i] as number));
    sse += e * e;
  }
  return { intercept, slope, n, sse, xMean, sxx };
}

export type Prediction = {
  value: number;
  /** s = √(SSE / (n − 2)); null when n = 2. */
  residualSd: number | null;
  /** Standard error of a new observation at x₀; null when n = 2. */
  standardError: number | null;
  tQuantile: number | null;
  lower: number | null;
  upper: number | null;
};

/** The fitted value at x₀ and its prediction interval at `level` (e.g. 0.95). */
export function predict(fit: OlsFit, x0: number, level: number): Prediction {
  const value = fit.intercept + fit.slope * x0;
  const df = fit.n - 2;
  if (df < 1) {
    return { value, residualSd: null, standardError: null, tQuantile: null, lower: null, upper: null };
  }
  const residualSd = Math.sqrt(fit.sse / df);
  const standardError = residualSd * Math.sqrt(1 + 1 / fit.n + (x0 - fit.xMean) ** 2 / fit.sxx);
  const tQuantile = studentTQuantile(1 - (1 - level) / 2, df);
  return {
    value,
    residualSd,
    standardError,
    tQuantile,
    lower: value - tQuantile * standardError,
    upper: value + tQuantile * standardError,
  };
}

const fmt = (v: number, digits = 4): string => String(Number(v.toPrecision(digits)));

/**
 * Forecast at `at` from dated points (already filtered to those the assessment may use, sorted by
 * date, unique dates). Returns null with fewer than two points.
 */
export function forecastTrend(input: {
  trend: TargetTrend;
  points: readonly TargetObservation[];
  at: string;
  level: number;
  meets: (value: number) => boolean;
}): ProgressForecast | null {
  const { points, at, level } = input;
  if (points.length < 2) return null;
  const first = points[0] as TargetObservation;
  const x = points.map((p) => yearsBetween(first.date, p.date));
  const allPositive = points.every((p) => p.value > 0);
  const logLinear = input.trend === 'compound' && allPositive;
  const y = points.map((p) => (logLinear ? Math.log(p.value) : p.value));
  const fit = fitOls(x, y);
  const x0 = yearsBetween(first.date, at);
  const p = predict(fit, x0, level);
  const back = (v: number): number => (logLinear ? Math.exp(v) : v);
  const value = back(p.value);
  const interval =
    p.lower === null || p.upper === null ? null : { level, lower: back(p.lower), upper: back(p.upper) };
  const model = logLinear ? 'log-linear' : 'linear';
  const fallback =
    input.trend === 'compound' && !allPositive
      ? {
          zh: '含零或负值，无法取对数，改用线性趋势。',
          en: 'A value ≤ 0 rules out logs: linear trend used. ',
        }
      : { zh: '', en: '' };
  const eq = logLinear
    ? `ln y = ${fmt(fit.intercept)} + ${fmt(fit.slope)}·t (${fmt((Math.exp(fit.slope) - 1) * 100, 3)} %/yr)`
    : `y = ${fmt(fit.intercept)} + ${fmt(fit.slope)}·t`;
  const pct = Math.round(level * 100);
  const note = interval
    ? {
        zh: `${fallback.zh}用 ${points.length} 个点做最小二乘拟合：${eq}，t 为距 ${first.date} 的年数；${at} 预测值 ${fmt(value)}，${pct}% 预测区间 [${fmt(interval.lower)}, ${fmt(interval.upper)}]（t 分布，自由度 ${points.length - 2}）。`,
        en: `${fallback.en}OLS on ${points.length} points: ${eq}, t in years since ${first.date}; forecast for ${at} ${fmt(value)}, ${pct} % prediction interval [${fmt(interval.lower)}, ${fmt(interval.upper)}] (Student t, ${points.length - 2} df).`,
      }
    : {
        zh: `${fallback.zh}仅有 2 个点，直线恰好穿过两点，没有残差可估计误差：${at} 预测值 ${fmt(value)}，预测区间无法估计。`,
        en: `${fallback.en}Only 2 points: the line passes through both and leaves no residual to estimate the error: forecast for ${at} ${fmt(value)}, prediction interval not estimable.`,
      };
  return {
    model,
    at,
    value,
    interval,
    pointsUsed: points.length,
    fit: {
      intercept: fit.intercept,
      slope: fit.slope,
      residualSd: p.residualSd,
      degreesOfFreedom: points.length - 2,
    },
    meetsTarget: input.meets(value),
    note,
  };
}
