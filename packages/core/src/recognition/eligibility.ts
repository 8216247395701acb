/**
 * Eligibility rules of a recognition round, checked automatically on each application with a reason
 * per rule (issue 7, item 3). Each rule is optional; an application is eligible when every rule set
 * on the round passes.
 */
import { z } from 'zod';
import { clusterTiers } from '../targets/target.contract.ts';

export const eligibilityRulesSchema = z.strictObject({
  /** Minimum lead-industry output in 亿元 (the application's declared figure). */
  minLeadIndustryOutput: z.number().nonnegative().optional(),
  /** A registered promoting organisation (促进组织) must be in place. */
  requirePromotingOrganisation: z.boolean().optional(),
  /** Tiers the cluster may hold when applying (e.g. candidate for a provincial round). */
  allowedTiers: z.array(z.enum(clusterTiers)).min(1).optional(),
  /** Minimum number of current member enterprises in the registry. */
  minMembers: z.number().int().nonnegative().optional(),
});
export type EligibilityRules = z.infer<typeof eligibilityRulesSchema>;

export type EligibilityFacts = {
  leadIndustryOutput: number | null;
  hasPromotingOrganisation: boolean;
  tier: string;
  memberCount: number;
};

export type EligibilityCheck = {
  rule: keyof EligibilityRules;
  passed: boolean;
  message: string;
};

export type EligibilityResult = { eligible: boolean; checks: EligibilityCheck[] };

export function checkEligibility(rules: EligibilityRules, facts: EligibilityFacts): EligibilityResult {
  const checks: EligibilityCheck[] = [];
  if (rules.minLeadIndustryOutput !== undefined) {
    const v = facts.leadIndustryOutput;
    const passed = v !== null && v >= rules.minLeadIndustryOutput;
    checks.push({
      rule: 'minLeadIndustryOutput',
      passed,
      message: passed
        ? `主导产业产值 ${v} 亿元 ≥ ${rules.minLeadIndustryOutput} 亿元 / lead-industry output ${v} ≥ ${rules.minLeadIndustryOutput} (100 million yuan)`
        : `主导产业产值 ${v ?? '未填报'} 亿元低于 ${rules.minLeadIndustryOutput} 亿元 / lead-industry output ${v ?? 'not declared'} below ${rules.minLeadIndustryOutput} (100 million yuan)`,
    });
  }
  if (rules.requirePromotingOrganisation) {
    const passed = facts.hasPromotingOrganisation;
    checks.push({
      rule: 'requirePromotingOrganisation',
      passed,
      message: passed
        ? '已有集群发展促进组织 / a promoting organisation is in place'
        : '未登记集群发展促进组织 / no registered promoting organisation',
    });
  }
  if (rules.allowedTiers) {
    const passed = rules.allowedTiers.includes(facts.tier as (typeof clusterTiers)[number]);
    checks.push({
      rule: 'allowedTiers',
      passed,
      message: passed
        ? `集群级别 ${facts.tier} 可申报 / tier ${facts.tier} may apply`
        : `集群级别 ${facts.tier} 不在可申报范围 ${rules.allowedTiers.join('、')} / tier ${facts.tier} may not apply (allowed: ${rules.allowedTiers.join(', ')})`,
    });
  }
  if (rules.minMembers !== undefined) {
    const passed = facts.memberCount >= rules.minMembers;
    checks.push({
      rule: 'minMembers',
      passed,
      message: passed
        ? `成员企业 ${facts.memberCount} 家 ≥ ${rules.minMembers} / ${facts.memberCount} members ≥ ${rules.minMembers}`
        : `成员企业 ${facts.memberCount} 家少于 ${rules.minMembers} / ${facts.memberCount} members, fewer than ${rules.minMembers}`,
    });
  }
  return { eligible: checks.every((c) => c.passed), checks };
}
