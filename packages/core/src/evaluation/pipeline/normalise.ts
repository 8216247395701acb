/**
 * Normalisation of one indicator column (NaN = missing stays missing). The direction is applied first,
 * as COINr does (x × direction), so that a higher normalised score is always better:
 *   minmax              (x − min) / (max − min) × (hi − lo) + lo                       relative
 *   zscore              (x − x̄) / s × sd + mean (s: sample standard deviation)          relative
 *   rank                rank among units, 1 = worst, ties take the lowest rank            relative
 *   percentileRank      (rank − 1) / (n − 1) × scale (dplyr percent_rank)                relative
 *   target              (x − min) / (target − min), capped at `cap`, × scale;
 *                       cost: (max − x) / (max − target)                                 relative (min/max)
 *   goalposts           (x − lower) / (upper − lower) clamped to [0, 1] × scale;
 *                       cost: (upper − x) / (upper − lower)                              absolute
 *   fractionOfMax       x / max × scale; cost: min / x × scale (needs positive values)   relative
 *   distanceToMax       1 − (max − x) / (max − min), × scale (COINr n_dist2max)          relative
 *   distanceToReference x / x_ref × scale; cost: x_ref / x × scale (positive values)     relative
 * Only goalposts can score a single unit: the others compare units with each other.
 */
import { AppError } from '../../errors.ts';
import type { NormalisationSpec } from '../spec/evaluation-spec.schema.ts';
import { mean, sampleSd } from '../stats.ts';

export const absoluteNormalisations: ReadonlySet<NormalisationSpec['method']> = new Set(['goalposts']);

export type NormalisationContext = {
  indicator: string;
  goalposts?: { lower: number; upper: number };
  target?: number;
  /** Index of the reference unit for distanceToReference. */
  referenceUnit?: number;
};

function minMaxOf(x: ArrayLike<number>): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < x.length; i++) {
    const v = x[i] as number;
    if (v < min) min = v; // NaN compares false both ways: missing values are skipped
    if (v > max) max = v;
  }
  return { min, max };
}

function presentValues(x: ArrayLike<number>): number[] {
  const values: number[] = [];
  for (let i = 0; i < x.length; i++) if (!Number.isNaN(x[i] as number)) values.push(x[i] as number);
  return values;
}

function requirePositive(x: ArrayLike<number>, indicator: string, method: string): void {
  for (let i = 0; i < x.length; i++) {
    const v = x[i] as number;
    if (!Number.isNaN(v) && v <= 0)
      throw new AppError(
        'invalid_input',
        `${indicator}: ${method} 归一化需要正值 / ${method} normalisation needs positive values (unit #${i + 1} has ${v})`,
        { indicator, unitIndex: i, value: v, step: 'normalisation' },
      );
  }
}

/** Ascending competition ranks (1 = lowest value, ties share the lowest rank), NaN kept. */
function ascendingMinRanks(x: ArrayLike<number>): Float64Array {
  const idx: number[] = [];
  for (let i = 0; i < x.length; i++) if (!Number.isNaN(x[i] as number)) idx.push(i);
  idx.sort((a, b) => (x[a] as number) - (x[b] as number));
  const out = new Float64Array(x.length).fill(Number.NaN);
  let rank = 0;
  for (let k = 0; k < idx.length; k++) {
    const i = idx[k] as number;
    if (k === 0 || (x[i] as number) !== (x[idx[k - 1] as number] as number)) rank = k + 1;
    out[i] = rank;
  }
  return out;
}

export function normaliseColumn(
  column: ArrayLike<number>,
  direction: 1 | -1,
  spec: NormalisationSpec,
  context: NormalisationContext,
): Float64Array {
  const n = column.length;
  const out = new Float64Array(n);
  const { indicator } = context;
  switch (spec.method) {
    case 'minmax':
    case 'distanceToMax': {
      const d = new Float64Array(n);
      for (let i = 0; i < n; i++) d[i] = (column[i] as number) * direction;
      const { min, max } = minMaxOf(d);
      const [lo, hi] = spec.method === 'minmax' ? spec.range : [0, spec.scale];
      const range = max - min;
      for (let i = 0; i < n; i++) out[i] = (((d[i] as number) - min) / range) * (hi - lo) + lo;
      return out;
    }
    case 'zscore': {
      const d = new Float64Array(n);
      for (let i = 0; i < n; i++) d[i] = (column[i] as number) * direction;
      const values = presentValues(d);
      const m = mean(values);
      const s = sampleSd(values);
      for (let i = 0; i < n; i++) out[i] = (((d[i] as number) - m) / s) * spec.sd + spec.mean;
      return out;
    }
    case 'rank':
    case 'percentileRank': {
      const d = new Float64Array(n);
      for (let i = 0; i < n; i++) d[i] = (column[i] as number) * direction;
      const ranks = ascendingMinRanks(d);
      if (spec.method === 'rank') return ranks;
      let count = 0;
      for (let i = 0; i < n; i++) if (!Number.isNaN(ranks[i] as number)) count++;
      for (let i = 0; i < n; i++) out[i] = (((ranks[i] as number) - 1) / (count - 1)) * spec.scale;
      return out;
    }
    case 'target': {
      const target = context.target;
      if (target === undefined)
        throw new AppError(
          'invalid_input',
          `${indicator}: 缺少目标值 / distance-to-target needs the indicator's target`,
          {
            indicator,
            step: 'normalisation',
          },
        );
      const { min, max } = minMaxOf(column);
      for (let i = 0; i < n; i++) {
        const x = column[i] as number;
        const raw = direction === 1 ? (x - min) / (target - min) : (max - x) / (max - target);
        out[i] = (Number.isNaN(raw) ? raw : Math.min(Math.max(raw, 0), spec.cap)) * spec.scale;
      }
      return out;
    }
    case 'goalposts': {
      const g = context.goalposts;
      if (!g)
        throw new AppError(
          'invalid_input',
          `${indicator}: 缺少目标区间 / goalpost normalisation needs the indicator's goalposts`,
          {
            indicator,
            step: 'normalisation',
          },
        );
      const width = g.upper - g.lower;
      for (let i = 0; i < n; i++) {
        const x = column[i] as number;
        const raw = direction === 1 ? (x - g.lower) / width : (g.upper - x) / width;
        out[i] = Number.isNaN(raw) ? raw : Math.min(Math.max(raw, 0), 1) * spec.scale;
      }
      return out;
    }
    case 'fractionOfMax': {
      requirePositive(column, indicator, 'fractionOfMax');
      const { min, max } = minMaxOf(column);
      for (let i = 0; i < n; i++) {
        const x = column[i] as number;
        out[i] = (direction === 1 ? x / max : min / x) * spec.scale;
      }
      return out;
    }
    case 'distanceToReference': {
      requirePositive(column, indicator, 'distanceToReference');
      const ref =
        context.referenceUnit === undefined ? Number.NaN : (column[context.referenceUnit] as number);
      if (Number.isNaN(ref))
        throw new AppError(
          'invalid_input',
          `${indicator}: 参照单元 ${spec.unit} 无数据 / reference unit ${spec.unit} has no value`,
          { indicator, unit: spec.unit, step: 'normalisation' },
        );
      for (let i = 0; i < n; i++) {
        const x = column[i] as number;
        out[i] = (direction === 1 ? x / ref : ref / x) * spec.scale;
      }
      return out;
    }
  }
}
