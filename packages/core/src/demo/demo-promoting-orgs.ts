/**
 * Promoting organisations of the demo data set as registry records (@qunce/core/promoting-orgs): the
 * generator's one organisation per cluster (demo-data.ts, buildOrganisations) with a social-organisation
 * credit code, its members (the cluster's member enterprises by role, plus two non-enterprise members:
 * a university and a research institute, both 示例) and its activity log typed from the titles, each
 * activity naming the organisation's cluster and a few member enterprises. Deterministic: a seeded
 * stream of its own, no clock.
 */
import { createRandom } from '../evaluation/random.ts';
import type {
  PromotingActivityType,
  PromotingOrgMemberRole,
  PromotingOrgType,
} from '../promoting-orgs/promoting-org.contract.ts';
import { generateCreditCode } from '../validators/credit-code-generator.ts';
import type { DemoData, DemoOrganisationType } from './demo-data.ts';

export type DemoPromotingOrg = {
  code: string;
  name: string;
  type: PromotingOrgType;
  creditCode: string;
  cityCode: string;
  clusterCode: string;
  establishedOn: string;
};

export type DemoPromotingOrgMember = {
  organisationCode: string;
  kind: 'enterprise' | 'organisation';
  /** Enterprise members. */
  enterpriseCreditCode: string | null;
  /** Other organisations. */
  memberName: string | null;
  role: PromotingOrgMemberRole;
  joinedOn: string;
  leftOn: string | null;
};

export type DemoPromotingActivity = {
  organisationCode: string;
  clusterCode: string;
  heldOn: string;
  type: PromotingActivityType;
  title: string;
  participantCount: number;
  enterpriseCreditCodes: string[];
};

export type DemoPromotingOrgs = {
  organisations: DemoPromotingOrg[];
  members: DemoPromotingOrgMember[];
  activities: DemoPromotingActivity[];
};

/** The seeded stream of this part (demo-data.ts uses 1–5). */
const promotingOrgStream = 6;

const typeOf: Record<DemoOrganisationType, PromotingOrgType> = {
  association: 'association',
  alliance: 'alliance',
  'platform-company': 'enterprise',
  institute: 'institute',
};

/** Authority + type code of the credit code: 51 social organisation (社会团体), 91 enterprise, 52 institute. */
const authorityOf: Record<PromotingOrgType, string> = {
  association: '51',
  alliance: '51',
  institute: '52',
  enterprise: '91',
  other: '59',
};

/** Activity type by the words of the generated title. */
export function demoActivityType(title: string): PromotingActivityType {
  if (title.includes('对接') || title.includes('招聘')) return 'matchmaking';
  if (title.includes('现场会') || title.includes('培训')) return 'training';
  if (title.includes('推进计划')) return 'annual_plan';
  return 'cooperation';
}

const memberRole = (role: string): PromotingOrgMemberRole =>
  role === 'chain_master' ? 'vice_chair' : role === 'core' ? 'council' : 'member';

const later = (a: string, b: string) => (a > b ? a : b);

export function buildDemoPromotingOrgs(data: DemoData): DemoPromotingOrgs {
  const random = createRandom(data.options.seed, promotingOrgStream);
  const organisations: DemoPromotingOrg[] = [];
  const members: DemoPromotingOrgMember[] = [];
  const activities: DemoPromotingActivity[] = [];
  const membersOf = new Map<string, DemoData['memberships']>();
  for (const m of data.memberships) {
    const list = membersOf.get(m.clusterCode) ?? [];
    list.push(m);
    membersOf.set(m.clusterCode, list);
  }
  const used = new Set<string>();
  for (const org of data.organisations) {
    const type = typeOf[org.type];
    let creditCode = generateCreditCode(random, {
      authorityAndType: authorityOf[type],
      divisions: [org.cityCode],
    });
    while (used.has(creditCode)) {
      creditCode = generateCreditCode(random, {
        authorityAndType: authorityOf[type],
        divisions: [org.cityCode],
      });
    }
    used.add(creditCode);
    organisations.push({
      code: org.code,
      name: org.name,
      type,
      creditCode,
      cityCode: org.cityCode,
      clusterCode: org.clusterCode,
      establishedOn: org.foundedOn,
    });
    const clusterMembers = membersOf.get(org.clusterCode) ?? [];
    // The first chain master chairs the organisation; other chain masters are vice chairs.
    let chairTaken = false;
    for (const m of clusterMembers) {
      let role = memberRole(m.role);
      if (m.role === 'chain_master' && !chairTaken) {
        role = 'chair';
        chairTaken = true;
      }
      const joinedOn = later(m.validFrom, org.foundedOn);
      if (m.validTo !== null && m.validTo < joinedOn) continue;
      members.push({
        organisationCode: org.code,
        kind: 'enterprise',
        enterpriseCreditCode: m.creditCode,
        memberName: null,
        role,
        joinedOn,
        leftOn: m.validTo,
      });
    }
    const base = org.name.replace(/示例.*$/, '');
    for (const [name, role] of [
      [`${base}示例大学`, 'council'],
      [`${base}示例技术研究所`, 'member'],
    ] as const) {
      members.push({
        organisationCode: org.code,
        kind: 'organisation',
        enterpriseCreditCode: null,
        memberName: name,
        role,
        joinedOn: org.foundedOn,
        leftOn: null,
      });
    }
    const current = clusterMembers.filter((m) => m.validTo === null).map((m) => m.creditCode);
    for (const activity of data.organisationActivities) {
      if (activity.organisationCode !== org.code) continue;
      const involved = new Set<string>();
      const wanted = Math.min(current.length, 1 + random.int(5));
      while (involved.size < wanted) {
        const code = current[random.int(current.length)];
        if (code !== undefined) involved.add(code);
      }
      activities.push({
        organisationCode: org.code,
        clusterCode: org.clusterCode,
        heldOn: activity.date,
        type: demoActivityType(activity.title),
        title: activity.title,
        participantCount: activity.participants,
        enterpriseCreditCodes: [...involved].sort(),
      });
    }
  }
  return { organisations, members, activities };
}
