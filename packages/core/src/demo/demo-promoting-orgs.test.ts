import { describe, expect, it } from 'vitest';
import citiesFile from '../../../server/reference/shandong/cities.json';
import publicRecord from '../../../server/reference/shandong/clusters-public-record.json';
import countiesFile from '../../../server/reference/shandong/counties.json';
import {
  createPromotingActivityRequestSchema,
  createPromotingOrgMemberRequestSchema,
  createPromotingOrgRequestSchema,
} from '../promoting-orgs/index.ts';
import type { ClusterTier } from '../targets/target.contract.ts';
import { type DemoOptions, generateDemoData } from './demo-data.ts';
import { buildDemoPromotingOrgs, demoActivityType } from './demo-promoting-orgs.ts';

const reference: DemoOptions['reference'] = {
  cities: citiesFile.cities,
  counties: countiesFile.counties,
  publicClusters: publicRecord.clusters.map((c) => ({
    ...c,
    tier: c.tier as ClusterTier,
    history: c.history?.map((h) => ({ ...h, tier: h.tier as ClusterTier })),
  })),
};
const data = generateDemoData({
  seed: 7,
  enterprises: 2000,
  clusters: 30,
  years: 5,
  endYear: 2025,
  reference,
});
const built = buildDemoPromotingOrgs(data);

describe('demo promoting organisations', () => {
  it('one organisation per cluster, each a valid create request with a unique credit code', () => {
    expect(built.organisations).toHaveLength(data.clusters.length);
    expect(new Set(built.organisations.map((o) => o.clusterCode)).size).toBe(data.clusters.length);
    expect(new Set(built.organisations.map((o) => o.creditCode)).size).toBe(built.organisations.length);
    for (const o of built.organisations) {
      const parsed = createPromotingOrgRequestSchema.safeParse({
        code: o.code,
        name: o.name,
        type: o.type,
        creditCode: o.creditCode,
        cityCode: o.cityCode,
        establishedOn: o.establishedOn,
      });
      expect(parsed.success, o.code).toBe(true);
    }
  });

  it('members: every membership that outlives the founding joins, one chair per cluster with a chain master, plus 2 organisations', () => {
    for (const o of built.organisations) {
      const members = built.members.filter((m) => m.organisationCode === o.code);
      expect(members.filter((m) => m.kind === 'organisation')).toHaveLength(2);
      const hasChainMaster = data.memberships.some(
        (m) => m.clusterCode === o.clusterCode && m.role === 'chain_master',
      );
      expect(members.filter((m) => m.role === 'chair')).toHaveLength(hasChainMaster ? 1 : 0);
      for (const m of members) {
        expect(m.joinedOn >= o.establishedOn).toBe(true);
        const request =
          m.kind === 'enterprise'
            ? {
                kind: m.kind,
                creditCode: m.enterpriseCreditCode,
                role: m.role,
                joinedOn: m.joinedOn,
                leftOn: m.leftOn,
              }
            : { kind: m.kind, name: m.memberName, role: m.role, joinedOn: m.joinedOn, leftOn: m.leftOn };
        expect(createPromotingOrgMemberRequestSchema.safeParse(request).success).toBe(true);
      }
    }
  });

  it('activities: 2 to 4 per organisation and year since its founding, typed from the title, naming current members', () => {
    const current = new Set(
      data.memberships.filter((m) => m.validTo === null).map((m) => `${m.clusterCode}/${m.creditCode}`),
    );
    const perYear = new Map<string, number>();
    for (const a of built.activities) {
      const key = `${a.organisationCode}/${a.heldOn.slice(0, 4)}`;
      perYear.set(key, (perYear.get(key) ?? 0) + 1);
      for (const code of a.enterpriseCreditCodes) expect(current.has(`${a.clusterCode}/${code}`)).toBe(true);
      const { organisationCode: _o, ...request } = a;
      expect(createPromotingActivityRequestSchema.safeParse(request).success).toBe(true);
    }
    for (const count of perYear.values()) expect(count >= 2 && count <= 4).toBe(true);
    expect(built.activities.length).toBe(data.organisationActivities.length);
  });

  it('types: 对接会 / 招聘会 → matchmaking, 现场会 → training, 合作交流会 / 签约 → cooperation', () => {
    expect(demoActivityType('2024年产业链供需对接会（示例）')).toBe('matchmaking');
    expect(demoActivityType('2024年集群企业人才招聘会（示例）')).toBe('matchmaking');
    expect(demoActivityType('2024年数字化转型现场会（示例）')).toBe('training');
    expect(demoActivityType('2024年技术创新合作交流会（示例）')).toBe('cooperation');
    expect(demoActivityType('2024年产学研合作签约活动（示例）')).toBe('cooperation');
  });

  it('is deterministic: the same data set gives the same records', () => {
    expect(JSON.stringify(buildDemoPromotingOrgs(data))).toBe(JSON.stringify(built));
  });
});
