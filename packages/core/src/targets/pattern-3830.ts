/**
 * The "3830" view: clusters by tier reached and by cultivation target against the 3 world-class /
 * 8 national / 30 provincial goal, and the policy's industries against the scale goals (5000亿元 =
 * 500 bn, 3000亿元 = 300 bn, 1000亿元 = 100 bn yuan), showing a goal that names fewer industries than
 * it counts (T05: "等7个" naming 6) as "6 named + 1 open".
 */
import { AppError } from '../errors.ts';
import { type PolicyDocument, parseYuanThreshold } from './policy-target-set.ts';
import type { ClusterTier } from './target.contract.ts';

export const clusterStatuses = ['cultivating', 'recognised', 'rectifying', 'revoked'] as const;
export type ClusterStatus = (typeof clusterStatuses)[number];

export type PatternCluster = {
  code: string;
  tierReached: ClusterTier;
  /** The tier it is being cultivated toward; null when none is set. */
  cultivationTarget: ClusterTier | null;
  status: ClusterStatus;
};

const tierRank: Record<ClusterTier, number> = { candidate: 0, provincial: 1, national: 2, world: 3 };
const patternTiers = ['world', 'national', 'provincial'] as const;
export type PatternTier = (typeof patternTiers)[number];

export type PatternTierRow = {
  tier: PatternTier;
  goal: number;
  /** Clusters holding exactly this tier (recognised or rectifying: a cluster keeps its tier until revoked). */
  reached: number;
  /** Clusters holding this tier or a higher one (the alternative, cumulative reading of the goal). */
  reachedOrHigher: number;
  /** Non-revoked clusters whose cultivation target is this tier and that have not reached it yet. */
  cultivating: number;
  /** max(0, goal − reached). */
  gap: number;
  isMet: boolean;
  reachedCodes: string[];
  cultivatingCodes: string[];
};

export type Pattern3830 = {
  tiers: PatternTierRow[];
  /** Count of non-revoked clusters by (tier reached, cultivation target). */
  matrix: Array<{ tierReached: ClusterTier; cultivationTarget: ClusterTier | null; count: number }>;
  /** Non-revoked clusters counted in the matrix. */
  active: number;
  revoked: number;
};

const holdsTier = (c: PatternCluster): boolean => c.status === 'recognised' || c.status === 'rectifying';

/** Clusters against the 3 / 8 / 30 goal (or any other pattern). */
export function summarisePattern3830(
  pattern: { worldClass: number; national: number; provincial: number },
  clusters: readonly PatternCluster[],
): Pattern3830 {
  const goals: Record<PatternTier, number> = {
    world: pattern.worldClass,
    national: pattern.national,
    provincial: pattern.provincial,
  };
  const codes = new Set<string>();
  for (const c of clusters) {
    if (codes.has(c.code))
      throw new AppError('invalid_input', `集群重复 / duplicate cluster ${c.code}`, { code: c.code });
    codes.add(c.code);
  }
  const active = clusters.filter((c) => c.status !== 'revoked');
  const tiers = patternTiers.map((tier): PatternTierRow => {
    const holders = active.filter(holdsTier);
    const reachedCodes = holders.filter((c) => c.tierReached === tier).map((c) => c.code);
    const reachedOrHigher = holders.filter((c) => tierRank[c.tierReached] >= tierRank[tier]).length;
    const cultivatingCodes = active
      .filter(
        (c) => c.cultivationTarget === tier && (!holdsTier(c) || tierRank[c.tierReached] < tierRank[tier]),
      )
      .map((c) => c.code);
    const goal = goals[tier];
    return {
      tier,
      goal,
      reached: reachedCodes.length,
      reachedOrHigher,
      cultivating: cultivatingCodes.length,
      gap: Math.max(0, goal - reachedCodes.length),
      isMet: reachedCodes.length >= goal,
      reachedCodes,
      cultivatingCodes,
    };
  });
  const cells = new Map<
    string,
    { tierReached: ClusterTier; cultivationTarget: ClusterTier | null; count: number }
  >();
  for (const c of active) {
    const key = `${c.tierReached}|${c.cultivationTarget ?? ''}`;
    const cell = cells.get(key) ?? {
      tierReached: c.tierReached,
      cultivationTarget: c.cultivationTarget,
      count: 0,
    };
    cell.count += 1;
    cells.set(key, cell);
  }
  const order = (t: ClusterTier | null): number => (t === null ? -1 : tierRank[t]);
  const matrix = [...cells.values()].sort(
    (a, b) =>
      order(b.tierReached) - order(a.tierReached) || order(b.cultivationTarget) - order(a.cultivationTarget),
  );
  return { tiers, matrix, active: active.length, revoked: clusters.length - active.length };
}

export type IndustryOutput = { industryCode: string; outputYuan: number };

export type ScaleIndustry = { code: string; name: string; outputYuan: number | null; reached: boolean };

export type IndustryScaleGroup = {
  code: string;
  thresholdLabel: string;
  thresholdYuan: number;
  /** How many industries the goal asks for; null for "一批" (a number of). */
  goalCount: number | null;
  named: ScaleIndustry[];
  /** goalCount − named industries (T05: 7 − 6 = 1); 0 when the goal has no count. */
  openSlots: number;
  /** Industries that may fill the open slots (named in no group of this or a higher threshold) and reach it, largest first. */
  openCandidates: ScaleIndustry[];
  /** The first `openSlots` of the candidates. */
  openFilledBy: ScaleIndustry[];
  /** Named industries reaching the threshold + open slots filled. */
  reached: number;
  isMet: boolean | null;
  label: { zh: string; en: string };
};

/**
 * The policy's industries against its scale goals, for one period's outputs (yuan). Each industry
 * counts in the group that names it; an open slot is filled by an industry the policy names under no
 * group with the same or a higher threshold (e.g. a 千亿级 industry, or 工业母机装备) once it reaches the
 * threshold. An industry named under 5000亿元 that only reaches 3000亿元 does not fill a 3000亿元 slot.
 */
export function summariseIndustryScale(
  policy: Pick<PolicyDocument, 'scaleTargets' | 'industries'>,
  outputs: readonly IndustryOutput[],
): IndustryScaleGroup[] {
  const byName = new Map(policy.industries.map((i) => [i.name, i]));
  const known = new Set(policy.industries.map((i) => i.code));
  const output = new Map<string, number>();
  for (const o of outputs) {
    if (!known.has(o.industryCode)) {
      throw new AppError('invalid_input', `不在产业目录中 / not a policy industry: ${o.industryCode}`, {
        field: 'industryCode',
        value: o.industryCode,
      });
    }
    if (output.has(o.industryCode)) {
      throw new AppError('invalid_input', `产业产值重复 / duplicate output for ${o.industryCode}`, {
        field: 'industryCode',
        value: o.industryCode,
      });
    }
    output.set(o.industryCode, o.outputYuan);
  }
  const groups = policy.scaleTargets.map((g) => ({
    ...g,
    thresholdYuan: parseYuanThreshold(g.threshold),
    codes: g.industries.map((name) => {
      const industry = byName.get(name);
      if (!industry) {
        throw new AppError('invalid_input', `规模目标中的产业不在目录中 / unknown industry ${name}`, {
          value: name,
        });
      }
      return industry.code;
    }),
  }));
  const entry = (code: string, threshold: number): ScaleIndustry => {
    const industry = policy.industries.find((i) => i.code === code);
    const value = output.get(code) ?? null;
    return {
      code,
      name: industry?.name ?? code,
      outputYuan: value,
      reached: value !== null && value >= threshold,
    };
  };
  return groups.map((g): IndustryScaleGroup => {
    const named = g.codes.map((code) => entry(code, g.thresholdYuan));
    const goalCount = g.count;
    const openSlots = goalCount === null ? 0 : Math.max(0, goalCount - named.length);
    const excluded = new Set(
      groups.filter((h) => h.thresholdYuan >= g.thresholdYuan).flatMap((h) => h.codes),
    );
    const openCandidates = policy.industries
      .filter((i) => !excluded.has(i.code))
      .map((i) => entry(i.code, g.thresholdYuan))
      .filter((i) => i.reached)
      .sort((a, b) => (b.outputYuan ?? 0) - (a.outputYuan ?? 0));
    const openFilledBy = openCandidates.slice(0, openSlots);
    const reached = named.filter((i) => i.reached).length + openFilledBy.length;
    const label =
      goalCount === null
        ? { zh: `${named.length}个点名（一批）`, en: `${named.length} named (a number of)` }
        : openSlots > 0
          ? {
              zh: `${named.length}个点名 + ${openSlots}个待定`,
              en: `${named.length} named + ${openSlots} open`,
            }
          : { zh: `${named.length}个点名`, en: `${named.length} named` };
    return {
      code: g.code,
      thresholdLabel: g.threshold,
      thresholdYuan: g.thresholdYuan,
      goalCount,
      named,
      openSlots,
      openCandidates,
      openFilledBy,
      reached,
      isMet: goalCount === null ? null : reached >= goalCount,
      label,
    };
  });
}
