import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import policy from './fixtures/policy-2023-185.json';
import { type PatternCluster, summariseIndustryScale, summarisePattern3830 } from './pattern-3830.ts';
import type { ClusterTier } from './target.contract.ts';

function buildClusters(
  n: number,
  prefix: string,
  tierReached: ClusterTier,
  cultivationTarget: ClusterTier | null,
  status: PatternCluster['status'],
): PatternCluster[] {
  return Array.from({ length: n }, (_, i) => ({
    code: `${prefix}${i + 1}`,
    tierReached,
    cultivationTarget,
    status,
  }));
}

describe('3830: clusters by tier reached and cultivation target against 3 / 8 / 30', () => {
  const clusters = [
    ...buildClusters(1, 'W', 'world', null, 'recognised'),
    ...buildClusters(2, 'NW', 'national', 'world', 'recognised'),
    ...buildClusters(3, 'N', 'national', null, 'recognised'),
    ...buildClusters(1, 'NR', 'national', null, 'rectifying'),
    ...buildClusters(1, 'NX', 'national', null, 'revoked'),
    ...buildClusters(3, 'PN', 'provincial', 'national', 'recognised'),
    ...buildClusters(17, 'P', 'provincial', null, 'recognised'),
    ...buildClusters(4, 'C', 'candidate', 'provincial', 'cultivating'),
  ];
  const view = summarisePattern3830(policy.pattern3830, clusters);
  const row = (tier: string) => view.tiers.find((r) => r.tier === tier);

  it('world: 1 reached of 3 → gap 2, 2 national clusters cultivated toward world', () => {
    expect(row('world')).toMatchObject({ goal: 3, reached: 1, gap: 2, cultivating: 2, isMet: false });
  });

  it('national: 2 + 3 + 1 rectifying = 6 of 8 (the revoked one does not count) → gap 2; 3 provincial cultivated toward it', () => {
    expect(row('national')).toMatchObject({
      goal: 8,
      reached: 6,
      gap: 2,
      cultivating: 3,
      reachedOrHigher: 7,
    });
  });

  it('provincial: 3 + 17 = 20 of 30 → gap 10; 4 candidates cultivating; 20 + 6 + 1 = 27 at provincial or higher', () => {
    expect(row('provincial')).toMatchObject({
      goal: 30,
      reached: 20,
      gap: 10,
      cultivating: 4,
      reachedOrHigher: 27,
    });
    expect(view.active).toBe(31);
    expect(view.revoked).toBe(1);
  });

  it('matrix by (tier reached, cultivation target) counts each active cluster once: 1 + 2 + 4 + 3 + 17 + 4 = 31', () => {
    expect(view.matrix.reduce((s, c) => s + c.count, 0)).toBe(31);
    expect(view.matrix).toContainEqual({
      tierReached: 'provincial',
      cultivationTarget: 'national',
      count: 3,
    });
    expect(view.matrix).toContainEqual({ tierReached: 'national', cultivationTarget: null, count: 4 });
    expect(view.matrix[0]?.tierReached).toBe('world');
  });

  it('refuses a cluster listed twice', () => {
    expect(() =>
      summarisePattern3830(policy.pattern3830, [
        ...clusters,
        ...buildClusters(1, 'W', 'world', null, 'recognised'),
      ]),
    ).toThrow(AppError);
  });
});

describe('industries against 5000 / 3000 / 1000 亿元 (500 / 300 / 100 bn yuan)', () => {
  const yi = 1e8;
  const outputs = [
    { industryCode: 'power-equipment', outputYuan: 6000 * yi },
    { industryCode: 'high-end-aluminium', outputYuan: 5200 * yi },
    { industryCode: 'smart-appliances', outputYuan: 4800 * yi },
    { industryCode: 'biomedicine', outputYuan: 3300 * yi },
    { industryCode: 'new-gen-it', outputYuan: 3600 * yi },
    { industryCode: 'advanced-metals', outputYuan: 4100 * yi },
    { industryCode: 'chemical-new-materials', outputYuan: 3900 * yi },
    { industryCode: 'nev', outputYuan: 2500 * yi },
    { industryCode: 'food', outputYuan: 3000 * yi },
    { industryCode: 'new-energy-equipment', outputYuan: 3100 * yi },
    { industryCode: 'machine-tools', outputYuan: 3050 * yi },
    { industryCode: 'rail-transit', outputYuan: 900 * yi },
  ];
  const groups = summariseIndustryScale(policy, outputs);
  const group = (code: string) => groups.find((g) => g.code === code);

  it('S5000 (T04): 6000 and 5200 reach 5000亿, 智能家电 4800 does not → 2 of 3, not met', () => {
    expect(group('S5000')).toMatchObject({
      goalCount: 3,
      openSlots: 0,
      reached: 2,
      isMet: false,
      thresholdYuan: 5e11,
    });
    expect(group('S5000')?.label.en).toBe('3 named');
  });

  it('S3000 (T05) shows "6 named + 1 open": 5 named reach 3000亿 (食品 at exactly 3000 counts, 新能源汽车 2500 not) + 新能源装备 3100 fills the open slot → 6 of 7', () => {
    const g = group('S3000');
    expect(g?.label).toEqual({ zh: '6个点名 + 1个待定', en: '6 named + 1 open' });
    expect(g?.openSlots).toBe(1);
    expect(g?.named.filter((i) => i.reached).map((i) => i.code)).toEqual([
      'biomedicine',
      'new-gen-it',
      'advanced-metals',
      'chemical-new-materials',
      'food',
    ]);
    // candidates: 新能源装备 3100 and 工业母机装备 3050; 智能家电 4800 is named under 5000亿 and may not fill it
    expect(g?.openCandidates.map((i) => i.code)).toEqual(['new-energy-equipment', 'machine-tools']);
    expect(g?.openFilledBy.map((i) => i.code)).toEqual(['new-energy-equipment']);
    expect(g?.reached).toBe(6);
    expect(g?.isMet).toBe(false);
  });

  it('S1000 ("一批", no count): 新能源装备 3100 reaches 1000亿, 轨道交通 900 does not, unreported ones do not → reached 1, isMet null', () => {
    const g = group('S1000');
    expect(g?.goalCount).toBeNull();
    expect(g?.isMet).toBeNull();
    expect(g?.reached).toBe(1);
    expect(g?.named.find((i) => i.code === 'offshore-equipment')?.outputYuan).toBeNull();
  });

  it('refuses an industry outside the controlled list, and a duplicate', () => {
    expect(() => summariseIndustryScale(policy, [{ industryCode: 'textiles', outputYuan: 1 }])).toThrow(
      AppError,
    );
    expect(() =>
      summariseIndustryScale(
        policy,
        [outputs[0], outputs[0]].filter((o) => o !== undefined),
      ),
    ).toThrow(AppError);
  });
});
