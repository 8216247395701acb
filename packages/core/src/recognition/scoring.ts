/**
 * Expert scoring and the combined ranking of a recognition round (issue 7, items 4–5).
 *
 * - Aspect sheet: each expert gives every aspect a score in [0, max]; the expert's total is the sum.
 * - Trimmed mean: with five or more experts the single highest and single lowest totals are dropped
 *   (one of each even when tied), then the arithmetic mean of the rest; fewer than five: plain mean.
 * - Expert spread: the sample standard deviation s of the kept totals; the uncertainty of their mean
 *   is the standard error s / √k (0 with one expert).
 * - Combined score C = w·Q + (1 − w)·E, with Q the quantitative (evaluation-engine) score and E the
 *   trimmed mean, both on 0–100; its standard deviation σ = √((w·σQ)² + ((1 − w)·s/√k)²), treating
 *   the two sources as independent; the interval is C ± z·σ (z = 1.96, a 95 % normal interval).
 * - Quota line: with quota q and more than q applications ranked by C, the line lies half-way between
 *   the q-th and (q+1)-th combined scores; an application is borderline when its interval contains the
 *   line. Ties in C are broken by cluster code so that a recomputation gives the same order.
 */

export type AspectDefinition = { code: string; name: string; nameEn: string; max: number };

/** The six aspects the policy names, default points (sum 100); a round may edit the sheet. */
export const defaultAspects: readonly AspectDefinition[] = [
  { code: 'foundation', name: '发展基础', nameEn: 'Development foundation', max: 20 },
  { code: 'approach', name: '总体思路', nameEn: 'Overall approach', max: 15 },
  { code: 'targets', name: '提升目标', nameEn: 'Improvement targets', max: 15 },
  { code: 'tasks', name: '重点任务', nameEn: 'Key tasks', max: 20 },
  { code: 'measures', name: '具体举措', nameEn: 'Specific measures', max: 20 },
  { code: 'safeguards', name: '保障措施', nameEn: 'Safeguards', max: 10 },
];

export type AspectSheetProblem = {
  aspect: string;
  reason: 'missing' | 'unknown' | 'out_of_range';
  max?: number;
};

/** Problems of one expert's sheet against the round's aspects (empty: valid); total on 0–Σmax. */
export function checkAspectSheet(
  aspects: readonly AspectDefinition[],
  scores: Readonly<Record<string, number>>,
): { problems: AspectSheetProblem[]; total: number } {
  const problems: AspectSheetProblem[] = [];
  let total = 0;
  for (const a of aspects) {
    const v = scores[a.code];
    if (v === undefined) problems.push({ aspect: a.code, reason: 'missing' });
    else if (!Number.isFinite(v) || v < 0 || v > a.max)
      problems.push({ aspect: a.code, reason: 'out_of_range', max: a.max });
    else total += v;
  }
  for (const code of Object.keys(scores))
    if (!aspects.some((a) => a.code === code)) problems.push({ aspect: code, reason: 'unknown' });
  return { problems, total };
}

/** An expert total rescaled to 0–100 when the sheet's maximum is not 100. */
export function toHundred(total: number, aspects: readonly AspectDefinition[]): number {
  const max = aspects.reduce((s, a) => s + a.max, 0);
  return max === 0 ? 0 : (total * 100) / max;
}

export type TrimmedMean = {
  mean: number;
  sd: number;
  standardError: number;
  kept: number;
  dropped: number[];
};

export function trimmedMean(values: readonly number[]): TrimmedMean {
  if (values.length === 0) return { mean: Number.NaN, sd: 0, standardError: 0, kept: 0, dropped: [] };
  const sorted = [...values].sort((a, b) => a - b);
  const trim = sorted.length >= 5;
  const kept = trim ? sorted.slice(1, -1) : sorted;
  const dropped = trim ? [sorted[0] as number, sorted[sorted.length - 1] as number] : [];
  const mean = kept.reduce((s, v) => s + v, 0) / kept.length;
  const sd =
    kept.length > 1 ? Math.sqrt(kept.reduce((s, v) => s + (v - mean) ** 2, 0) / (kept.length - 1)) : 0;
  return {
    mean,
    sd,
    standardError: kept.length > 0 ? sd / Math.sqrt(kept.length) : 0,
    kept: kept.length,
    dropped,
  };
}

export type RankingInput = {
  applicationId: string;
  clusterCode: string;
  quantitative: {
    score: number;
    sd: number;
    rank: number | null;
    rankLow: number | null;
    rankHigh: number | null;
  };
  /** Expert totals on 0–100, one per expert. */
  expertTotals: readonly number[];
};

export type RankingRow = {
  rank: number;
  applicationId: string;
  clusterCode: string;
  quantitativeScore: number;
  quantitativeSd: number;
  quantitativeRank: number | null;
  quantitativeRankLow: number | null;
  quantitativeRankHigh: number | null;
  expertScore: number;
  expertSd: number;
  expertCount: number;
  expertDropped: number[];
  combinedScore: number;
  combinedSd: number;
  low: number;
  high: number;
  withinQuota: boolean;
  borderline: boolean;
};

export type Ranking = { weight: number; quota: number; z: number; line: number | null; rows: RankingRow[] };

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

/** Ranks the applications by combined score (numbers rounded to 6 decimals so the stored ranking is stable). */
export function rankApplications(
  inputs: readonly RankingInput[],
  weight: number,
  quota: number,
  z = 1.96,
): Ranking {
  if (!(weight >= 0 && weight <= 1)) throw new Error(`weight must lie in [0, 1]: ${weight}`);
  const scored = inputs.map((input) => {
    const e = trimmedMean(input.expertTotals);
    const expert = e.kept > 0 ? e.mean : 0;
    const combined = weight * input.quantitative.score + (1 - weight) * expert;
    const sd = Math.sqrt((weight * input.quantitative.sd) ** 2 + ((1 - weight) * e.standardError) ** 2);
    return { input, e, expert, combined: round6(combined), sd: round6(sd) };
  });
  scored.sort((a, b) => b.combined - a.combined || (a.input.clusterCode < b.input.clusterCode ? -1 : 1));
  const qth = scored[quota - 1];
  const next = scored[quota];
  const line = qth && next ? round6((qth.combined + next.combined) / 2) : null;
  const rows = scored.map((s, i): RankingRow => {
    const low = round6(s.combined - z * s.sd);
    const high = round6(s.combined + z * s.sd);
    return {
      rank: i + 1,
      applicationId: s.input.applicationId,
      clusterCode: s.input.clusterCode,
      quantitativeScore: round6(s.input.quantitative.score),
      quantitativeSd: round6(s.input.quantitative.sd),
      quantitativeRank: s.input.quantitative.rank,
      quantitativeRankLow: s.input.quantitative.rankLow,
      quantitativeRankHigh: s.input.quantitative.rankHigh,
      expertScore: round6(s.expert),
      expertSd: round6(s.e.sd),
      expertCount: s.input.expertTotals.length,
      expertDropped: s.e.dropped.map(round6),
      combinedScore: s.combined,
      combinedSd: s.sd,
      low,
      high,
      withinQuota: i < quota,
      borderline: line !== null && low <= line && line <= high,
    };
  });
  return { weight, quota, z, line, rows };
}
