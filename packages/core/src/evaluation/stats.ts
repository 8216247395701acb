/**
 * Small numeric helpers shared by the evaluation engine. All functions ignore nothing: callers
 * remove missing values first (NaN in means NaN out), so that a missing value is never silently
 * treated as zero.
 */

export function sum(values: readonly number[]): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}

export function mean(values: readonly number[]): number {
  return values.length === 0 ? Number.NaN : sum(values) / values.length;
}

/** Median of the values (mean of the two middle values for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Sample variance: Σ(x − x̄)² / (n − 1). */
export function variance(values: readonly number[]): number {
  const n = values.length;
  if (n < 2) return Number.NaN;
  const m = mean(values);
  let acc = 0;
  for (const v of values) acc += (v - m) ** 2;
  return acc / (n - 1);
}

/** Sample standard deviation: √(Σ(x − x̄)² / (n − 1)). */
export function sampleSd(values: readonly number[]): number {
  return Math.sqrt(variance(values));
}

/** Population standard deviation: √(Σ(x − x̄)² / n). */
export function populationSd(values: readonly number[]): number {
  const n = values.length;
  if (n === 0) return Number.NaN;
  const m = mean(values);
  let acc = 0;
  for (const v of values) acc += (v - m) ** 2;
  return Math.sqrt(acc / n);
}

/** Pearson correlation r = Σ(x−x̄)(y−ȳ) / √(Σ(x−x̄)² Σ(y−ȳ)²); NaN when either has zero variance. */
export function pearson(x: readonly number[], y: readonly number[]): number {
  if (x.length !== y.length) throw new RangeError('pearson: arrays differ in length');
  const mx = mean(x);
  const my = mean(y);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < x.length; i++) {
    const dx = (x[i] as number) - mx;
    const dy = (y[i] as number) - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxx === 0 || syy === 0 ? Number.NaN : sxy / Math.sqrt(sxx * syy);
}

/**
 * Competition ranking ("1224"): rank 1 = the highest value when `descending` (the default),
 * ties share the lowest rank number, NaN values get rank NaN. This is R's rank(-x, ties = "min"),
 * which COINr uses for ranks.
 */
export function rankValues(values: readonly number[], descending = true): number[] {
  const order = values
    .map((v, i) => ({ v, i }))
    .filter(({ v }) => !Number.isNaN(v))
    .sort((a, b) => (descending ? b.v - a.v : a.v - b.v));
  const ranks = new Array<number>(values.length).fill(Number.NaN);
  let rank = 0;
  for (let k = 0; k < order.length; k++) {
    const entry = order[k] as { v: number; i: number };
    if (k === 0 || entry.v !== (order[k - 1] as { v: number }).v) rank = k + 1;
    ranks[entry.i] = rank;
  }
  return ranks;
}
