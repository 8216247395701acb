/**
 * Progress towards a quantified target: the "ratio of actual to required growth" used by national SDG
 * reporting (Eurostat's assessment of progress towards quantitative targets; UN ESCAP's required vs
 * actual growth, Bidarbakht Nia 2017). docs/methods/target-progress.md has the formulas, the
 * thresholds, their sources and a worked example for each status, each matching a test.
 *
 * compound (counts, amounts):  ratio = CAGR_actual / CAGR_required
 *   CAGR_actual   = (x_t / x_0)^(1 / (t − t₀)) − 1
 *   CAGR_required = (x* / x_0)^(1 / (T − t₀)) − 1
 * linear (shares, rates, differences):  ratio = slope_actual / slope_required
 *   slope_actual  = (x_t − x_0) / (t − t₀),  slope_required = (x* − x_0) / (T − t₀)
 * with x_0 the baseline at t₀, x_t the latest actual at t, x* the target value due at T (years).
 */
import { AppError } from '../errors.ts';
import { dayNumber, yearsBetween } from './dates.ts';
import { forecastTrend } from './forecast.ts';
import {
  type CalculationStep,
  defaultProgressThresholds,
  type ProgressAssessment,
  type ProgressCalculation,
  type ProgressStatus,
  type ProgressThresholds,
  progressStatusLabels,
  progressThresholdsSchema,
  type Target,
  type TargetObservation,
} from './target.contract.ts';

export type AssessProgressInput = {
  target: Target;
  /** Actual values by date, in any order; those after `asOf` are ignored. */
  observations: readonly TargetObservation[];
  /** The date of the assessment (ISO); the caller passes it, core reads no clock. */
  asOf: string;
  thresholds?: ProgressThresholds;
  /** Level of the forecast's prediction interval; default 0.95. */
  forecastLevel?: number;
};

/** Relative slack for comparing a value with a target, so that 1.5 − 0.15 still reaches 1.35. */
const EPS = 1e-9;

const fmt = (v: number, digits = 4): string => String(Number(v.toPrecision(digits)));
const pct = (v: number): string => `${(v * 100).toFixed(1)} %`;

/**
 * +1 when the target asks for an increase, −1 for a decrease, null when it cannot be told (an `approx`
 * target without a baseline). `approx` heads from the baseline to the target value.
 */
export function targetDirection(target: Target): 1 | -1 | null {
  if (target.comparator === 'atLeast') return 1;
  if (target.comparator === 'atMost') return -1;
  if (!target.baseline) return null;
  return target.value >= target.baseline.value ? 1 : -1;
}

/**
 * Whether a value meets the target: atLeast v ≥ x*, atMost v ≤ x*, approx |v − x*| ≤ tolerance, or
 * beyond the band in the direction of travel (exceeding a 左右 target counts as achieved, 超额完成).
 */
export function meetsTarget(target: Target, value: number): boolean {
  const slack = EPS * Math.max(1, Math.abs(target.value));
  if (target.comparator === 'atLeast') return value >= target.value - slack;
  if (target.comparator === 'atMost') return value <= target.value + slack;
  const tolerance = target.tolerance ?? 0;
  if (Math.abs(value - target.value) <= tolerance + slack) return true;
  const direction = targetDirection(target);
  return direction !== null && direction * (value - target.value) > 0;
}

/** Units in English text: counts (家, 个) need none, 百分点 is "pp". */
const unitsEn: Record<string, string> = { 家: '', 个: '', 百分点: 'pp', '%': '%' };
export function unitEn(unit: string): string {
  return unitsEn[unit] ?? unit;
}
const withUnit = (v: string, unit: string): string => (unit ? `${v} ${unit}` : v);

function comparatorText(target: Target): { zh: string; en: string } {
  const zh = withUnit(fmt(target.value, 6), target.unit);
  const en = withUnit(fmt(target.value, 6), unitEn(target.unit));
  const tol = fmt(target.tolerance ?? 0, 6);
  if (target.comparator === 'atLeast') return { zh: `不低于 ${zh}`, en: `at least ${en}` };
  if (target.comparator === 'atMost') return { zh: `不高于 ${zh}`, en: `at most ${en}` };
  return { zh: `达到 ${zh}左右（±${tol}）`, en: `about ${en} (±${tol})` };
}

export function statusFromRatio(ratio: number, thresholds: ProgressThresholds): ProgressStatus {
  if (ratio >= thresholds.onTrack) return 'on_track';
  if (ratio >= thresholds.needsAcceleration) return 'needs_acceleration';
  if (ratio >= thresholds.limitedProgress) return 'limited_progress';
  return 'deteriorating';
}

type Rates = {
  method: 'compound-ratio' | 'linear-ratio';
  formula: string;
  yearsElapsed: number;
  yearsTotal: number;
  actualRate: number;
  requiredRate: number;
  ratio: number;
  steps: CalculationStep[];
  fallback: boolean;
};

/** The ratio of the actual to the required rate of change, compound or linear (see the file header). */
function rates(target: Target, baseline: TargetObservation, latest: TargetObservation): Rates {
  const yearsElapsed = yearsBetween(baseline.date, latest.date);
  const yearsTotal = yearsBetween(baseline.date, target.deadline);
  const x0 = baseline.value;
  const xt = latest.value;
  const xs = target.value;
  const canCompound = x0 > 0 && xt > 0 && xs > 0;
  const steps: CalculationStep[] = [
    { name: 't − t₀ (years elapsed)', expression: `${baseline.date} → ${latest.date}`, value: yearsElapsed },
    {
      name: 'T − t₀ (years allowed)',
      expression: `${baseline.date} → ${target.deadline}`,
      value: yearsTotal,
    },
  ];
  const te = fmt(yearsElapsed);
  const tt = fmt(yearsTotal);
  if (target.trend === 'compound' && canCompound) {
    const actualRate = (xt / x0) ** (1 / yearsElapsed) - 1;
    const requiredRate = (xs / x0) ** (1 / yearsTotal) - 1;
    const ratio = actualRate / requiredRate;
    steps.push(
      { name: 'CAGR actual', expression: `(${fmt(xt, 8)} / ${fmt(x0, 8)})^(1/${te}) − 1`, value: actualRate },
      {
        name: 'CAGR required',
        expression: `(${fmt(xs, 8)} / ${fmt(x0, 8)})^(1/${tt}) − 1`,
        value: requiredRate,
      },
      { name: 'ratio', expression: `${fmt(actualRate)} / ${fmt(requiredRate)}`, value: ratio },
    );
    return {
      method: 'compound-ratio',
      formula: 'ratio = CAGR_actual / CAGR_required; CAGR = (x_end / x_0)^(1 / years) − 1',
      yearsElapsed,
      yearsTotal,
      actualRate,
      requiredRate,
      ratio,
      steps,
      fallback: false,
    };
  }
  const actualRate = (xt - x0) / yearsElapsed;
  const requiredRate = (xs - x0) / yearsTotal;
  const ratio = actualRate / requiredRate;
  steps.push(
    { name: 'slope actual', expression: `(${fmt(xt, 8)} − ${fmt(x0, 8)}) / ${te}`, value: actualRate },
    { name: 'slope required', expression: `(${fmt(xs, 8)} − ${fmt(x0, 8)}) / ${tt}`, value: requiredRate },
    { name: 'ratio', expression: `${fmt(actualRate)} / ${fmt(requiredRate)}`, value: ratio },
  );
  return {
    method: 'linear-ratio',
    formula: 'ratio = slope_actual / slope_required; slope = (x_end − x_0) / years',
    yearsElapsed,
    yearsTotal,
    actualRate,
    requiredRate,
    ratio,
    steps,
    fallback: target.trend === 'compound',
  };
}

function rateText(r: Rates, unit: string): { zh: string; en: string } {
  const ratio = Number.isFinite(r.ratio) ? r.ratio.toFixed(2) : '—';
  const fallback = r.fallback
    ? {
        zh: '（基期或实际值为 0，复合增长率无定义，改用线性变化）',
        en: ' (a value of 0 leaves CAGR undefined: linear change used)',
      }
    : { zh: '', en: '' };
  if (r.method === 'compound-ratio') {
    return {
      zh: `基期以来年均复合增长 ${pct(r.actualRate)}，按期实现需年均增长 ${pct(r.requiredRate)}，比值 ${ratio}`,
      en: `compound growth since the baseline ${pct(r.actualRate)}/yr against ${pct(r.requiredRate)}/yr needed to reach the target on time: ratio ${ratio}`,
    };
  }
  const en = unitEn(unit);
  return {
    zh: `基期以来年均变化 ${withUnit(fmt(r.actualRate), unit)}，按期实现需年均变化 ${withUnit(fmt(r.requiredRate), unit)}，比值 ${ratio}${fallback.zh}`,
    en: `change since the baseline ${withUnit(fmt(r.actualRate), en)}/yr against ${withUnit(fmt(r.requiredRate), en)}/yr needed to reach the target on time: ratio ${ratio}${fallback.en}`,
  };
}

function sortedUnique(observations: readonly TargetObservation[]): TargetObservation[] {
  const sorted = [...observations].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  for (let i = 1; i < sorted.length; i++) {
    if ((sorted[i] as TargetObservation).date === (sorted[i - 1] as TargetObservation).date) {
      throw new AppError(
        'invalid_input',
        `同一日期有两个实际值 / two actual values on ${(sorted[i] as TargetObservation).date}`,
        {
          field: 'observations',
          date: (sorted[i] as TargetObservation).date,
        },
      );
    }
  }
  return sorted;
}

/**
 * Status, calculation and forecast of one target on `asOf`.
 *
 * - no baseline, or no actual after the baseline date (up to asOf) → `no_data`;
 * - deadline passed (asOf > deadline) → the outcome is the latest actual on or before the deadline:
 *   `achieved` or `not_achieved` (`isProvisional` when that actual predates the deadline);
 * - the latest actual meets the target → `achieved`;
 * - the baseline met the target but the latest actual no longer does → `deteriorating`;
 * - otherwise the ratio of actual to required change and the thresholds decide.
 */
export function assessProgress(input: AssessProgressInput): ProgressAssessment {
  const { target, asOf } = input;
  const thresholds = progressThresholdsSchema.parse(input.thresholds ?? defaultProgressThresholds);
  const level = input.forecastLevel ?? 0.95;
  if (!(level > 0 && level < 1)) {
    throw new AppError('invalid_input', '预测区间水平须在 0 与 1 之间 / forecastLevel must be in (0, 1)', {
      field: 'forecastLevel',
      value: level,
    });
  }
  dayNumber(asOf); // throws invalid_input for a malformed date
  const usable = sortedUnique(input.observations).filter((o) => o.date <= asOf);
  const baseline = target.baseline;
  const baselinePoint: TargetObservation | null = baseline
    ? { date: baseline.date, value: baseline.value }
    : null;
  const after = baselinePoint ? usable.filter((o) => o.date > baselinePoint.date) : [];
  const deadlinePassed = asOf > target.deadline;
  const inPeriod = after.filter((o) => o.date <= target.deadline);

  const trendPoints = baselinePoint
    ? [baselinePoint, ...inPeriod]
    : usable.filter((o) => o.date <= target.deadline);
  const forecast = forecastTrend({
    trend: target.trend,
    points: trendPoints,
    at: target.deadline,
    level,
    meets: (v) => meetsTarget(target, v),
  });

  const base = {
    baseline,
    target: {
      value: target.value,
      comparator: target.comparator,
      tolerance: target.tolerance,
      deadline: target.deadline,
    },
    thresholds,
  };
  const goal = comparatorText(target);
  const goalLine = {
    zh: `目标：到 ${target.deadline}，${goal.zh}。`,
    en: `Target: ${goal.en} by ${target.deadline}.`,
  };

  const latest = inPeriod[inPeriod.length - 1];
  if (!baseline || !baselinePoint || !latest) {
    const why = !baseline
      ? { zh: '尚无基期值', en: 'no baseline yet' }
      : after.length > 0
        ? {
            zh: `${target.deadline} 之前尚无基期后的实际值`,
            en: `no actual value between the baseline and ${target.deadline}`,
          }
        : { zh: '尚无基期后的实际值', en: 'no actual value after the baseline yet' };
    const calculation: ProgressCalculation = {
      ...base,
      method: 'no-data',
      formula: 'status = no_data while no baseline or no actual value exists',
      latest: null,
      yearsElapsed: null,
      yearsTotal: null,
      actualRate: null,
      requiredRate: null,
      ratio: null,
      isProvisional: false,
      steps: [],
      explanation: {
        zh: `${goalLine.zh}${why.zh}，无法评估进展。`,
        en: `${goalLine.en} ${why.en[0]?.toUpperCase()}${why.en.slice(1)}: progress cannot be assessed.`,
      },
    };
    return { status: 'no_data', calculation, forecast };
  }

  const latestMeets = meetsTarget(target, latest.value);
  const latestLine = {
    zh: `基期 ${baseline.period}（${baseline.date}）${fmt(baseline.value, 8)} ${target.unit}，最新 ${latest.date} ${fmt(latest.value, 8)} ${target.unit}。`,
    en: `Baseline ${baseline.period} (${baseline.date}) ${withUnit(fmt(baseline.value, 8), unitEn(target.unit))}; latest ${latest.date} ${withUnit(fmt(latest.value, 8), unitEn(target.unit))}.`,
  };
  const r = rates(target, baselinePoint, latest);
  const rateFields = {
    yearsElapsed: r.yearsElapsed,
    yearsTotal: r.yearsTotal,
    actualRate: r.actualRate,
    requiredRate: r.requiredRate,
    ratio: Number.isFinite(r.ratio) ? r.ratio : null,
  };

  if (deadlinePassed) {
    const status: ProgressStatus = latestMeets ? 'achieved' : 'not_achieved';
    const isProvisional = latest.date < target.deadline;
    const label = progressStatusLabels[status];
    const provisional = isProvisional
      ? {
          zh: `期限值尚未报送，暂按 ${latest.date} 的值判断。`,
          en: `The figure for the deadline is not in yet: judged provisionally on ${latest.date}.`,
        }
      : { zh: '', en: '' };
    const calculation: ProgressCalculation = {
      ...base,
      ...rateFields,
      method: 'outcome-at-deadline',
      formula:
        'after the deadline: status = achieved if the value at the deadline meets the target, else not_achieved',
      latest,
      isProvisional,
      steps: r.steps,
      explanation: {
        zh: `${goalLine.zh}${latestLine.zh}期限已过，${latest.date} 的值${latestMeets ? '达到' : '未达到'}目标：${label.zh}。${provisional.zh}（参考：${rateText(r, target.unit).zh}。）`,
        en: `${goalLine.en} ${latestLine.en} The deadline has passed and the value on ${latest.date} ${latestMeets ? 'meets' : 'does not meet'} the target: ${label.en.toLowerCase()}. ${provisional.en}${provisional.en ? ' ' : ''}(For reference: ${rateText(r, target.unit).en}.)`,
      },
    };
    return { status, calculation, forecast };
  }

  if (latestMeets) {
    const calculation: ProgressCalculation = {
      ...base,
      ...rateFields,
      method: 'achieved',
      formula: 'status = achieved when the latest actual value meets the target',
      latest,
      isProvisional: false,
      steps: r.steps,
      explanation: {
        zh: `${goalLine.zh}${latestLine.zh}最新值已达到目标：已实现。`,
        en: `${goalLine.en} ${latestLine.en} The latest value meets the target: achieved.`,
      },
    };
    return { status: 'achieved', calculation, forecast };
  }

  if (meetsTarget(target, baseline.value)) {
    const calculation: ProgressCalculation = {
      ...base,
      ...rateFields,
      ratio: null,
      method: 'slipped-below-met-baseline',
      formula:
        'baseline met the target, latest does not: status = deteriorating (the required change is nil)',
      latest,
      isProvisional: false,
      steps: r.steps.slice(0, 2),
      explanation: {
        zh: `${goalLine.zh}${latestLine.zh}基期已达到目标，最新值却不再达标：出现倒退。`,
        en: `${goalLine.en} ${latestLine.en} The baseline already met the target but the latest value no longer does: deteriorating.`,
      },
    };
    return { status: 'deteriorating', calculation, forecast };
  }

  const status = statusFromRatio(r.ratio, thresholds);
  const label = progressStatusLabels[status];
  const band = {
    on_track: `≥ ${thresholds.onTrack}`,
    needs_acceleration: `${thresholds.needsAcceleration} – ${thresholds.onTrack}`,
    limited_progress: `${thresholds.limitedProgress} – ${thresholds.needsAcceleration}`,
    deteriorating: `< ${thresholds.limitedProgress}`,
  } as Record<ProgressStatus, string>;
  const text = rateText(r, target.unit);
  const calculation: ProgressCalculation = {
    ...base,
    ...rateFields,
    method: r.method,
    formula: r.formula,
    latest,
    isProvisional: false,
    steps: r.steps,
    explanation: {
      zh: `${goalLine.zh}${latestLine.zh}${text.zh}，落在 ${band[status]} 区间：${label.zh}。`,
      en: `${goalLine.en} ${latestLine.en} ${text.en[0]?.toUpperCase()}${text.en.slice(1)}, in the band ${band[status]}: ${label.en.toLowerCase()}.`,
    },
  };
  return { status, calculation, forecast };
}
