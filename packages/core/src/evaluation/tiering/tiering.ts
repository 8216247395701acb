/**
 * Tiering: which tier each unit's index puts it in, whether that is borderline under the uncertainty
 * analysis, and how far it is from the next tier up with the indicators that would close the gap fastest.
 *
 * Rules (tiers listed best first):
 *   thresholds  unit in the first tier whose `min` its score reaches (score ≥ min)
 *   counts      tier t holds the units ranked ≤ C_t = count_1 + … + count_t ("3830": 3, 8, 30)
 *   quantiles   as counts with C_t = ⌊(share_1 + … + share_t) × units⌋
 * Units in no tier get `rest` (default 'none'). Ties share a rank, so a tie at a cut is kept together.
 *
 * Boundaries in rank terms: after rank C_t for counts and quantiles; for thresholds, after the number of
 * units whose nominal score reaches the threshold. A unit is borderline when its 5–95 % rank interval
 * [lo, hi] holds ranks on both sides of a boundary (lo ≤ b < hi). With a score interval and thresholds,
 * borderline means lo < min ≤ hi. Without either interval, borderline is null (unknown), never false.
 *
 * Gap to the next tier: the score the unit must reach minus its score: the threshold, or the score of the
 * unit ranked C_t (reaching it ties that unit and so enters the tier). Closers: each indicator's potential
 * gain = effective weight × headroom, where effective weight = the product of its weights normalised within
 * each parent up to the index, and headroom = max − normalised value (max = the normalisation's upper
 * bound, e.g. 100 or the goalpost scale). Sorted by potential gain (largest first) and listed until their
 * gains add up to the gap. Exact when every level is a weighted arithmetic mean with no missing values
 * (index = Σ effective weight × value); a first-order approximation otherwise (`linear: false`).
 */
import { AppError } from '../../errors.ts';

export type TierRule =
  | { method: 'thresholds'; tiers: { code: string; min: number }[]; rest?: string }
  | { method: 'counts'; tiers: { code: string; count: number }[]; rest?: string }
  | { method: 'quantiles'; tiers: { code: string; share: number }[]; rest?: string };

export type TieringIndicator = {
  code: string;
  /** Normalised value of the indicator for this unit. */
  value: number;
  /** Product of the indicator's weights normalised within each parent, up to the index. */
  effectiveWeight: number;
  /** Upper bound of the normalised scale (e.g. 100). */
  max: number;
};

export type TieringUnit = {
  code: string;
  score: number;
  rank: number;
  /** 5–95 % rank interval from the uncertainty analysis. */
  rankInterval?: [number, number];
  /** Score interval (thresholds only). */
  scoreInterval?: [number, number];
  indicators?: TieringIndicator[];
};

export type TieringInput = {
  units: TieringUnit[];
  rule: TierRule;
  /** Whether every level aggregates with a weighted arithmetic mean (the closers' gains are then exact). */
  linear?: boolean;
};

export type GapCloser = {
  indicator: string;
  effectiveWeight: number;
  value: number;
  headroom: number;
  /** effectiveWeight × headroom: index points gained by raising the indicator to its max. */
  potentialGain: number;
  /** Increase of this indicator alone that would close the gap (gap / effectiveWeight), null if beyond its max. */
  aloneNeeds: number | null;
};

export type TierGap = {
  toTier: string;
  /** Index points to reach the next tier (≥ 0). */
  points: number;
  closers: GapCloser[];
  /** Whether raising the listed indicators to their max would close the gap. */
  closable: boolean;
  linear: boolean;
};

export type TieredUnit = {
  code: string;
  score: number;
  rank: number;
  tier: string;
  /** 0 = best tier; tiers.length = rest. */
  tierIndex: number;
  borderline: boolean | null;
  /** The boundaries the interval crosses, e.g. "rank interval [3, 7] crosses world | national after rank 3". */
  borderlineReasons: string[];
  gap: TierGap | null;
};

export type TierBoundary = { upper: string; lower: string; afterRank: number; score: number };

export type TieringResult = {
  method: TierRule['method'];
  tiers: string[];
  rest: string;
  boundaries: TierBoundary[];
  units: TieredUnit[];
};

function invalid(message: string, details?: Record<string, unknown>): never {
  throw new AppError('invalid_input', message, details);
}

export function assignTiers(input: TieringInput): TieringResult {
  const { units, rule } = input;
  const n = units.length;
  if (n === 0) invalid('没有可分档的单位 / no units to tier');
  if (rule.tiers.length === 0) invalid('至少需要一个档次 / at least one tier is needed');
  for (const u of units)
    if (!Number.isFinite(u.score) || !Number.isInteger(u.rank) || u.rank < 1)
      invalid(`单位 ${u.code} 的得分或排名无效 / unit ${u.code} has an invalid score or rank`, {
        unit: u.code,
        score: u.score,
        rank: u.rank,
      });
  const rest = rule.rest ?? 'none';
  const codes = rule.tiers.map((t) => t.code);
  const linear = input.linear ?? true;

  // Cumulative cut C_t in rank terms, and the score that reaches tier t.
  const byRank = [...units].sort((a, b) => a.rank - b.rank);
  const cuts: number[] = [];
  const reach: number[] = [];
  if (rule.method === 'thresholds') {
    rule.tiers.forEach((t, i) => {
      if (!Number.isFinite(t.min)) invalid(`档次 ${t.code} 的门槛无效 / tier ${t.code}: invalid min`);
      const previous = rule.tiers[i - 1];
      if (previous && !(t.min < previous.min))
        invalid(
          `门槛须递减 / thresholds must decrease from the best tier: ${previous.code} ${previous.min}, ${t.code} ${t.min}`,
        );
      cuts.push(units.filter((u) => u.score >= t.min).length);
      reach.push(t.min);
    });
  } else {
    let cumulative = 0;
    for (const t of rule.tiers) {
      if (rule.method === 'counts') {
        const count = (t as { count: number }).count;
        if (!Number.isInteger(count) || count < 0)
          invalid(`档次 ${t.code} 的名额无效 / tier ${t.code}: count must be a non-negative integer`);
        cumulative += count;
      } else {
        const share = (t as { share: number }).share;
        if (!(share >= 0 && share <= 1))
          invalid(`档次 ${t.code} 的比例无效 / tier ${t.code}: share must be in [0, 1]`);
        cumulative += share;
        if (cumulative > 1 + 1e-12) invalid('各档比例之和超过 1 / tier shares add up to more than 1');
      }
      const cut = rule.method === 'counts' ? Math.min(cumulative, n) : Math.floor(cumulative * n + 1e-9);
      cuts.push(cut);
      // The unit ranked C_t (the last one in) sets the score to reach; none when the tier is empty.
      const last = byRank.filter((u) => u.rank <= cut).at(-1);
      reach.push(last ? last.score : Number.POSITIVE_INFINITY);
    }
  }

  const boundaries: TierBoundary[] = codes.map((upper, i) => ({
    upper,
    lower: codes[i + 1] ?? rest,
    afterRank: cuts[i] as number,
    score: reach[i] as number,
  }));

  const tierOf = (u: TieringUnit): number => {
    for (let t = 0; t < codes.length; t++) {
      if (rule.method === 'thresholds' ? u.score >= (reach[t] as number) : u.rank <= (cuts[t] as number))
        return t;
    }
    return codes.length;
  };

  const tiered = units.map((u): TieredUnit => {
    const tierIndex = tierOf(u);
    const reasons: string[] = [];
    let borderline: boolean | null = null;
    if (u.rankInterval) {
      const [lo, hi] = u.rankInterval;
      borderline = false;
      for (const b of boundaries)
        if (lo <= b.afterRank && b.afterRank < hi) {
          borderline = true;
          reasons.push(
            `rank interval [${lo}, ${hi}] crosses ${b.upper} | ${b.lower} after rank ${b.afterRank}`,
          );
        }
    } else if (u.scoreInterval && rule.method === 'thresholds') {
      const [lo, hi] = u.scoreInterval;
      borderline = false;
      for (const b of boundaries)
        if (lo < b.score && b.score <= hi) {
          borderline = true;
          reasons.push(`score interval [${lo}, ${hi}] crosses ${b.upper} | ${b.lower} at ${b.score}`);
        }
    }
    return {
      code: u.code,
      score: u.score,
      rank: u.rank,
      tier: tierIndex < codes.length ? (codes[tierIndex] as string) : rest,
      tierIndex,
      borderline,
      borderlineReasons: reasons,
      gap: tierIndex === 0 ? null : gapTo(u, tierIndex - 1, codes, reach, linear),
    };
  });
  return { method: rule.method, tiers: codes, rest, boundaries, units: tiered };
}

function gapTo(
  u: TieringUnit,
  target: number,
  codes: string[],
  reach: number[],
  linear: boolean,
): TierGap | null {
  // The nearest better tier that can be reached at all (an empty tier has no score to reach).
  let t = target;
  while (t >= 0 && !Number.isFinite(reach[t] as number)) t--;
  if (t < 0) return null;
  const points = Math.max(0, (reach[t] as number) - u.score);
  const candidates = (u.indicators ?? [])
    .map((ind): GapCloser => {
      const headroom = Math.max(0, ind.max - ind.value);
      const potentialGain = ind.effectiveWeight * headroom;
      const alone = ind.effectiveWeight > 0 ? points / ind.effectiveWeight : Number.POSITIVE_INFINITY;
      return {
        indicator: ind.code,
        effectiveWeight: ind.effectiveWeight,
        value: ind.value,
        headroom,
        potentialGain,
        aloneNeeds: alone <= headroom ? alone : null,
      };
    })
    .filter((c) => c.potentialGain > 0)
    .sort((a, b) => b.potentialGain - a.potentialGain || a.indicator.localeCompare(b.indicator));
  const closers: GapCloser[] = [];
  let gained = 0;
  for (const c of candidates) {
    if (gained >= points) break;
    closers.push(c);
    gained += c.potentialGain;
  }
  return { toTier: codes[t] as string, points, closers, closable: gained >= points, linear };
}

/**
 * Effective weight of each indicator in the index: Π over its ancestors' levels of w_n / Σ w_siblings,
 * from tree arrays in the pipeline's FrameworkArrays layout (indicators first, parent −1 at the root).
 */
export function effectiveWeights(tree: {
  indicatorCount: number;
  parent: Int32Array;
  weight: Float64Array;
}): Float64Array {
  const nodes = tree.parent.length;
  const siblingSum = new Float64Array(nodes);
  for (let n = 0; n < nodes; n++) {
    const p = tree.parent[n] as number;
    if (p >= 0) siblingSum[p] = (siblingSum[p] as number) + (tree.weight[n] as number);
  }
  const out = new Float64Array(tree.indicatorCount);
  for (let j = 0; j < tree.indicatorCount; j++) {
    let w = 1;
    let n = j;
    for (let p = tree.parent[n] as number; p >= 0; n = p, p = tree.parent[n] as number) {
      const total = siblingSum[p] as number;
      w *= total > 0 ? (tree.weight[n] as number) / total : 0;
    }
    out[j] = w;
  }
  return out;
}
