/**
 * Roll-up of enterprise observations to cluster (or province-wide) metrics, from memberships valid in
 * the period. Pure: the caller passes plain arrays (already restricted to accepted figures when it
 * wants accepted figures only) and gets the value with the counts behind it.
 *
 * Rules:
 *   sum               Σ value over members with an observation
 *   ratio_of_sums     scale × Σ numerator / Σ denominator over members that report both
 *                     (R&D intensity = 100 × Σ R&D / Σ revenue of above-scale members, in %)
 *   count_members     distinct members
 *   count_designated  distinct members holding a designation valid on the date (or ever granted up to it)
 *   share_designated  scale × count_designated / count_members
 *
 * Scope: one or more clusters (the union of their members: an enterprise in two of them counts once),
 * every cluster (the province-wide count "in clusters"), or every enterprise given (the whole
 * province, for targets that do not say 集群内).
 *
 * Membership in a period: by default an enterprise counts when its membership is valid on the last
 * day of the period (期末口径); `membership: 'any_overlap'` counts any membership overlapping it.
 * Dates are YYYY-MM-DD; membership `to` and designation `expiresOn` are inclusive last days.
 */
import { z } from 'zod';
import { AppError } from '../errors.ts';
import { periodEndDate, periodStartDate } from '../periods/period.ts';

export const membershipRoles = ['chain_master', 'core', 'supporting'] as const;
export type MembershipRole = (typeof membershipRoles)[number];

export type Membership = {
  enterpriseId: string;
  clusterId: string;
  /** First day of membership. */
  from: string;
  /** Last day of membership (inclusive); null while it lasts. */
  to: string | null;
  role?: MembershipRole;
};

export type EnterpriseFacts = {
  enterpriseId: string;
  /** 规上: above the statistical size threshold. */
  aboveScale: boolean;
  /** 重点企业. */
  key?: boolean;
};

export type EnterpriseObservation = {
  enterpriseId: string;
  metric: string;
  period: string;
  value: number;
};

export type Designation = {
  enterpriseId: string;
  type: string;
  level?: string | null;
  grantedOn: string;
  /** Last day of validity (inclusive); null when it does not expire. */
  expiresOn: string | null;
  /** Day the designation was revoked, if it was: not valid from that day on. */
  revokedOn?: string | null;
};

export const enterpriseFilterSchema = z.object({
  aboveScaleOnly: z.boolean().optional(),
  keyOnly: z.boolean().optional(),
  roles: z.array(z.enum(membershipRoles)).optional(),
});
export type EnterpriseFilter = z.infer<typeof enterpriseFilterSchema>;

const designationSelectorShape = {
  designationTypes: z.array(z.string()).min(1),
  levels: z.array(z.string()).optional(),
  /** valid_on: valid on the period's last day; ever_granted: granted on or before it (累计). */
  mode: z.enum(['valid_on', 'ever_granted']).default('valid_on'),
};

export const rollupRuleSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('sum'), metric: z.string(), filter: enterpriseFilterSchema.optional() }),
  z.object({
    kind: z.literal('ratio_of_sums'),
    numerator: z.string(),
    denominator: z.string(),
    scale: z.number().positive().default(1),
    filter: enterpriseFilterSchema.optional(),
  }),
  z.object({ kind: z.literal('count_members'), filter: enterpriseFilterSchema.optional() }),
  z.object({
    kind: z.literal('count_designated'),
    ...designationSelectorShape,
    filter: enterpriseFilterSchema.optional(),
  }),
  z.object({
    kind: z.literal('share_designated'),
    ...designationSelectorShape,
    scale: z.number().positive().default(1),
    filter: enterpriseFilterSchema.optional(),
  }),
]);
/** A roll-up rule as written (defaults optional). */
export type RollupRuleInput = z.input<typeof rollupRuleSchema>;
/** A roll-up rule with defaults applied. */
export type RollupRule = z.output<typeof rollupRuleSchema>;

export type RollupScope =
  | { kind: 'clusters'; clusterIds: readonly string[] }
  | { kind: 'all_clusters' }
  | { kind: 'all_enterprises' };

export type MembershipRule = 'period_end' | 'any_overlap';

export type RollupInput = {
  memberships: readonly Membership[];
  enterprises?: readonly EnterpriseFacts[];
  observations?: readonly EnterpriseObservation[];
  designations?: readonly Designation[];
};

export type RollupResult = {
  /** The metric value; null when nothing contributed (or the denominator is 0). */
  value: number | null;
  /** Enterprises in scope after the filter. */
  enterprises: number;
  /** Enterprises that contributed (had the observations, or held the designation). */
  contributing: number;
  /** Enterprises in scope lacking an observation the rule needs, sorted (for completeness checks). */
  missing: string[];
  numerator?: number;
  denominator?: number;
};

/** Valid on `date`: granted on or before it, not expired before it, not revoked on or before it. */
export function isDesignationValidOn(d: Designation, date: string): boolean {
  if (d.grantedOn > date) return false;
  if (d.expiresOn !== null && date > d.expiresOn) return false;
  if (d.revokedOn != null && date >= d.revokedOn) return false;
  return true;
}

/** Granted on or before `date` (累计: expired and revoked grants still count as granted). */
export function wasDesignationGrantedBy(d: Designation, date: string): boolean {
  return d.grantedOn <= date;
}

/** True when the membership is valid on `date`. */
export function isMembershipValidOn(m: Membership, date: string): boolean {
  return m.from <= date && (m.to === null || date <= m.to);
}

/** True when the membership overlaps the period at all. */
export function doesMembershipOverlap(m: Membership, period: string): boolean {
  return m.from <= periodEndDate(period) && (m.to === null || m.to >= periodStartDate(period));
}

/** Roles of each enterprise in scope for the period (an enterprise may be in several clusters). */
function scopeMembers(
  input: RollupInput,
  scope: RollupScope,
  period: string,
  rule: MembershipRule,
): Map<string, Set<MembershipRole | undefined>> {
  const members = new Map<string, Set<MembershipRole | undefined>>();
  if (scope.kind === 'all_enterprises') {
    for (const e of input.enterprises ?? []) members.set(e.enterpriseId, new Set());
  }
  const clusters = scope.kind === 'clusters' ? new Set(scope.clusterIds) : null;
  const end = periodEndDate(period);
  for (const m of input.memberships) {
    if (clusters && !clusters.has(m.clusterId)) continue;
    const valid = rule === 'period_end' ? isMembershipValidOn(m, end) : doesMembershipOverlap(m, period);
    if (!valid) continue;
    const roles = members.get(m.enterpriseId) ?? new Set<MembershipRole | undefined>();
    roles.add(m.role);
    members.set(m.enterpriseId, roles);
  }
  return members;
}

/**
 * Prepared roll-up for one period: indexes observations, designations and enterprise facts once,
 * then evaluates any rule for any scope.
 */
export function createRollupContext(
  input: RollupInput,
  period: string,
  options: { membership?: MembershipRule } = {},
) {
  const membershipRule = options.membership ?? 'period_end';
  const date = periodEndDate(period);
  const facts = new Map<string, EnterpriseFacts>();
  for (const e of input.enterprises ?? []) facts.set(e.enterpriseId, e);
  const values = new Map<string, Map<string, number>>();
  for (const o of input.observations ?? []) {
    if (o.period !== period) continue;
    const byEnterprise = values.get(o.metric) ?? new Map<string, number>();
    if (byEnterprise.has(o.enterpriseId)) {
      throw new AppError('invalid_input', `重复的观测值 / duplicate observation`, {
        enterpriseId: o.enterpriseId,
        metric: o.metric,
        period,
      });
    }
    byEnterprise.set(o.enterpriseId, o.value);
    values.set(o.metric, byEnterprise);
  }
  const designationsByEnterprise = new Map<string, Designation[]>();
  for (const d of input.designations ?? []) {
    const list = designationsByEnterprise.get(d.enterpriseId) ?? [];
    list.push(d);
    designationsByEnterprise.set(d.enterpriseId, list);
  }

  const inScope = (scope: RollupScope, filter: EnterpriseFilter | undefined): string[] => {
    const out: string[] = [];
    for (const [id, roles] of scopeMembers(input, scope, period, membershipRule)) {
      const f = facts.get(id);
      if (filter?.aboveScaleOnly && !f?.aboveScale) continue;
      if (filter?.keyOnly && !f?.key) continue;
      if (filter?.roles && !filter.roles.some((r) => roles.has(r))) continue;
      out.push(id);
    }
    return out.sort();
  };

  const holds = (id: string, selector: { designationTypes: string[]; levels?: string[]; mode: string }) =>
    (designationsByEnterprise.get(id) ?? []).some(
      (d) =>
        selector.designationTypes.includes(d.type) &&
        (selector.levels === undefined || (d.level != null && selector.levels.includes(d.level))) &&
        (selector.mode === 'ever_granted' ? wasDesignationGrantedBy(d, date) : isDesignationValidOn(d, date)),
    );

  const evaluate = (ruleInput: RollupRuleInput, scope: RollupScope): RollupResult => {
    const parsed = rollupRuleSchema.safeParse(ruleInput);
    if (!parsed.success) {
      throw new AppError('invalid_input', '汇总规则无效 / invalid roll-up rule', {
        issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
      });
    }
    const rule = parsed.data;
    const ids = inScope(scope, rule.filter);
    switch (rule.kind) {
      case 'count_members':
        return { value: ids.length, enterprises: ids.length, contributing: ids.length, missing: [] };
      case 'sum': {
        const metric = values.get(rule.metric);
        let total = 0;
        let contributing = 0;
        const missing: string[] = [];
        for (const id of ids) {
          const v = metric?.get(id);
          if (v === undefined) missing.push(id);
          else {
            total += v;
            contributing++;
          }
        }
        return { value: contributing > 0 ? total : null, enterprises: ids.length, contributing, missing };
      }
      case 'ratio_of_sums': {
        const num = values.get(rule.numerator);
        const den = values.get(rule.denominator);
        let numerator = 0;
        let denominator = 0;
        let contributing = 0;
        const missing: string[] = [];
        for (const id of ids) {
          const a = num?.get(id);
          const b = den?.get(id);
          if (a === undefined || b === undefined) {
            missing.push(id);
            continue;
          }
          numerator += a;
          denominator += b;
          contributing++;
        }
        const value = contributing > 0 && denominator !== 0 ? (rule.scale * numerator) / denominator : null;
        return { value, enterprises: ids.length, contributing, missing, numerator, denominator };
      }
      case 'count_designated': {
        const count = ids.filter((id) => holds(id, rule)).length;
        return { value: count, enterprises: ids.length, contributing: count, missing: [] };
      }
      case 'share_designated': {
        const count = ids.filter((id) => holds(id, rule)).length;
        return {
          value: ids.length > 0 ? (rule.scale * count) / ids.length : null,
          enterprises: ids.length,
          contributing: count,
          missing: [],
          numerator: count,
          denominator: ids.length,
        };
      }
    }
  };

  return {
    period,
    date,
    /** Enterprise ids in scope for the period, after the filter, sorted. */
    members: inScope,
    evaluate,
    /** The rule for each cluster separately (each cluster's own members). */
    byCluster(
      rule: RollupRuleInput,
      clusterIds: readonly string[],
    ): { clusterId: string; result: RollupResult }[] {
      return clusterIds.map((clusterId) => ({
        clusterId,
        result: evaluate(rule, { kind: 'clusters', clusterIds: [clusterId] }),
      }));
    },
  };
}

export type RollupContext = ReturnType<typeof createRollupContext>;

/** One rule, one scope, one period. */
export function rollup(
  rule: RollupRuleInput,
  input: RollupInput,
  period: string,
  scope: RollupScope,
  options: { membership?: MembershipRule } = {},
): RollupResult {
  return createRollupContext(input, period, options).evaluate(rule, scope);
}

/**
 * Gap of a derived value to a reference published elsewhere (the provincial average R&D intensity is
 * a province-level observation of the statistics bureau, not derived from the registry): value −
 * reference, in the metric's unit (percentage points for a percentage). Null when either is missing.
 */
export function gapToReference(value: number | null, reference: number | null): number | null {
  if (value === null || reference === null) return null;
  return value - reference;
}

export type DerivedMetric = { code: string; rule: RollupRuleInput };

export type DerivedObservation = {
  /** A cluster id, or null for the province-wide value over all clusters. */
  clusterId: string | null;
  metric: string;
  period: string;
  value: number | null;
  basis: RollupResult;
};

/**
 * Every derived metric of the catalogue for every period and cluster, plus the province-wide value
 * over all clusters (clusterId null, each enterprise once): the rows the server writes back as
 * derived cluster observations whenever enterprise data, memberships or designations change.
 */
export function deriveClusterObservations(
  metrics: readonly DerivedMetric[],
  input: RollupInput,
  periods: readonly string[],
  clusterIds: readonly string[],
  options: { membership?: MembershipRule } = {},
): DerivedObservation[] {
  const out: DerivedObservation[] = [];
  for (const period of periods) {
    const ctx = createRollupContext(input, period, options);
    for (const metric of metrics) {
      for (const { clusterId, result } of ctx.byCluster(metric.rule, clusterIds)) {
        out.push({ clusterId, metric: metric.code, period, value: result.value, basis: result });
      }
      const all = ctx.evaluate(metric.rule, { kind: 'all_clusters' });
      out.push({ clusterId: null, metric: metric.code, period, value: all.value, basis: all });
    }
  }
  return out;
}
