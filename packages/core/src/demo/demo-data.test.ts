import { describe, expect, it } from 'vitest';
import citiesFile from '../../../server/reference/shandong/cities.json';
import publicRecord from '../../../server/reference/shandong/clusters-public-record.json';
import countiesFile from '../../../server/reference/shandong/counties.json';
import { AppError } from '../errors.ts';
import {
  createClusterRequestSchema,
  createDesignationRequestSchema,
  createEnterpriseRequestSchema,
  createMembershipRequestSchema,
} from '../registry/index.ts';
import { createRollupContext, type RollupInput } from '../rollup/index.ts';
import type { ClusterTier } from '../targets/target.contract.ts';
import { validateCreditCode } from '../validators/credit-code.ts';
import { type DemoData, type DemoOptions, generateDemoData, lastValidDay } from './demo-data.ts';
import { designationProfiles } from './demo-tables.ts';

const reference: DemoOptions['reference'] = {
  cities: citiesFile.cities,
  counties: countiesFile.counties,
  publicClusters: publicRecord.clusters.map((c) => ({
    ...c,
    tier: c.tier as ClusterTier,
    history: c.history?.map((h) => ({ ...h, tier: h.tier as ClusterTier })),
  })),
};
const options = (overrides: Partial<DemoOptions> = {}): DemoOptions => ({
  seed: 7,
  enterprises: 3000,
  clusters: 30,
  years: 5,
  endYear: 2025,
  reference,
  ...overrides,
});

/** Everything but the lazy observations, as JSON, plus the observations themselves. */
function snapshot(data: DemoData): string {
  const { observations, ...records } = data;
  return JSON.stringify({ records, observations: [...observations()] });
}

const small = generateDemoData(options());

describe('generateDemoData: determinism', () => {
  it('the same seed gives byte-identical records and observations', () => {
    expect(snapshot(generateDemoData(options()))).toBe(snapshot(small));
  });

  it('a different seed gives different enterprises and figures', () => {
    const other = generateDemoData(options({ seed: 8 }));
    const codes = new Set(small.enterprises.map((e) => e.creditCode));
    const shared = other.enterprises.filter((e) => codes.has(e.creditCode)).length;
    expect(shared).toBe(0);
    expect(snapshot(other)).not.toBe(snapshot(small));
  });

  it('observations are repeatable: two passes over observations() yield the same figures', () => {
    const first = [...small.observations()];
    const second = [...small.observations()];
    expect(second).toEqual(first);
  });
});

describe('generateDemoData: codes and names', () => {
  const cityCodes = new Set(citiesFile.cities.map((c) => c.code));
  const countyCity = new Map(countiesFile.counties.map((c) => [c.code, c.cityCode]));

  it('every credit code passes the GB 32100-2015 checks and is unique', () => {
    for (const e of small.enterprises)
      expect(validateCreditCode(e.creditCode)).toMatchObject({ ok: true, changed: false });
    expect(new Set(small.enterprises.map((e) => e.creditCode)).size).toBe(small.enterprises.length);
  });

  it('every city and county is a real GB/T 2260 code, the county in the city, and the credit code registered there', () => {
    for (const e of small.enterprises) {
      expect(cityCodes.has(e.cityCode)).toBe(true);
      expect(countyCity.get(e.countyCode)).toBe(e.cityCode);
      // Characters 3–8 of the credit code are the registering authority's division code.
      expect(e.creditCode.slice(2, 8)).toBe(e.countyCode);
    }
    for (const c of small.clusters) for (const city of c.cityCodes) expect(cityCodes.has(city)).toBe(true);
  });

  it('every enterprise and organisation name is unique and marked 示例; enterprises are 有限公司', () => {
    expect(new Set(small.enterprises.map((e) => e.name)).size).toBe(small.enterprises.length);
    for (const e of small.enterprises) expect(e.name).toMatch(/^\p{Script=Han}{2,3}示例.+有限公司$/u);
    for (const o of small.organisations) expect(o.name).toContain('示例');
  });

  it('records parse with the registry contracts (create shapes)', () => {
    for (const { isDemo: _d, ...cluster } of small.clusters) createClusterRequestSchema.parse(cluster);
    for (const { isDemo: _d, leadIndustry: _l, establishedOn: _e, ...enterprise } of small.enterprises) {
      createEnterpriseRequestSchema.parse(enterprise);
    }
    for (const { creditCode: _c, ...membership } of small.memberships)
      createMembershipRequestSchema.parse(membership);
    for (const { grantingDepartmentCode: _g, ...designation } of small.designations) {
      createDesignationRequestSchema.parse(designation);
    }
  });
});

describe('generateDemoData: clusters', () => {
  it('keeps every public-record cluster with its real name, cities and tier, then adds synthetic candidates', () => {
    expect(small.clusters).toHaveLength(30);
    publicRecord.clusters.forEach((record, i) => {
      const cluster = small.clusters[i];
      expect(cluster).toMatchObject({
        name: record.name,
        tier: record.tier,
        cityCodes: record.cities,
        isDemo: false,
      });
    });
    const synthetic = small.clusters.slice(publicRecord.clusters.length);
    expect(synthetic).toHaveLength(30 - 23);
    for (const c of synthetic)
      expect(c).toMatchObject({ tier: 'candidate', status: 'cultivating', isDemo: true });
    expect(new Set(small.clusters.map((c) => c.code)).size).toBe(30);
  });

  it('青烟威: provincial in 2023, then national in 2024, in its history', () => {
    const code = small.clusters.find((c) => c.name === '青烟威船舶与海洋工程装备集群')?.code;
    const tiers = small.clusterHistory.filter((h) => h.clusterCode === code && h.field === 'tier');
    expect(tiers.map((h) => [h.changedOn.slice(0, 4), h.from, h.to])).toEqual([
      ['2023', 'candidate', 'provincial'],
      ['2024', 'provincial', 'national'],
    ]);
  });

  it('three national clusters are cultivated toward world class (the policy asks for 3)', () => {
    expect(small.clusters.filter((c) => c.cultivationTarget === 'world')).toHaveLength(3);
  });

  it('each cluster has one promoting organisation and chain masters that are its members', () => {
    const members = new Set(small.memberships.map((m) => `${m.clusterCode} ${m.creditCode}`));
    for (const c of small.clusters) {
      expect(small.organisations.filter((o) => o.clusterCode === c.code)).toHaveLength(1);
      expect(c.promotingOrganisationCode).toBe(
        small.organisations.find((o) => o.clusterCode === c.code)?.code,
      );
      for (const chainMaster of c.chainMasterCreditCodes ?? [])
        expect(members.has(`${c.code} ${chainMaster}`)).toBe(true);
    }
  });
});

describe('generateDemoData: proportions', () => {
  const n = small.enterprises.length;

  it('above-scale share: P(revenue ≥ 2000 万元) with ln revenue ~ N(ln 3000, 1.5²) = Φ(0.27) ≈ 0.61, within 0.55–0.67', () => {
    const share = small.enterprises.filter((e) => e.isAboveScale).length / n;
    expect(share).toBeGreaterThan(0.55);
    expect(share).toBeLessThan(0.67);
  });

  it('key enterprises are the largest 5 %: 3000 × 0.05 = 150 (ranks 0 … 149 have percentile ≥ 0.95)', () => {
    expect(small.enterprises.filter((e) => e.isKeyEnterprise)).toHaveLength(150);
  });

  it('about 8 % of enterprises are in two clusters (within 6–10 %)', () => {
    const count = new Map<string, number>();
    for (const m of small.memberships) count.set(m.creditCode, (count.get(m.creditCode) ?? 0) + 1);
    const twice = [...count.values()].filter((c) => c === 2).length;
    expect(count.size).toBe(n);
    expect(twice / n).toBeGreaterThan(0.06);
    expect(twice / n).toBeLessThan(0.1);
  });

  it('holders of each designation: round(share × 3000), less those founded too late for a grant (≤ 10 %)', () => {
    for (const profile of designationProfiles) {
      const holders = new Set(
        small.designations
          .filter((d) => d.type === profile.type && d.level === profile.level)
          .map((d) => d.creditCode),
      );
      const quota = Math.round(profile.share * n);
      expect(holders.size, `${profile.type} ${profile.level}`).toBeLessThanOrEqual(quota);
      expect(holders.size, `${profile.type} ${profile.level}`).toBeGreaterThanOrEqual(
        Math.floor(quota * 0.9),
      );
    }
  });

  it('some high-tech certificates lapsed: valid on 2025-12-31 < ever granted by then', () => {
    const end = '2025-12-31';
    const highTech = small.designations.filter((d) => d.type === 'high-tech');
    const ever = new Set(highTech.map((d) => d.creditCode)).size;
    const valid = new Set(
      highTech
        .filter((d) => d.grantedOn <= end && (d.expiresOn === null || end <= d.expiresOn))
        .map((d) => d.creditCode),
    ).size;
    expect(valid).toBeLessThan(ever);
    expect(valid / ever).toBeGreaterThan(0.7);
    for (const d of highTech) expect(d.expiresOn).toBe(lastValidDay(d.grantedOn, 3));
  });

  it('every designation is granted by its department: high-tech by dept-sti, the rest by dept-miit', () => {
    for (const d of small.designations) {
      expect(d.grantingDepartmentCode).toBe(d.type === 'high-tech' ? 'dept-sti' : 'dept-miit');
    }
  });
});

describe('generateDemoData: observations', () => {
  const observations = [...small.observations()];
  const enterpriseFigures = observations.filter((o) => o.subjectType === 'enterprise');

  it('7 metrics per enterprise and year from 2021 (or its founding year) to 2025, and 5 province-level values', () => {
    const expected = small.enterprises.reduce((sum, e) => {
      const first = Math.max(2021, Number(e.establishedOn.slice(0, 4)));
      return sum + 7 * (2025 - first + 1);
    }, 0);
    expect(enterpriseFigures).toHaveLength(expected);
    expect(observations.filter((o) => o.subjectType === 'province').map((o) => [o.period, o.value])).toEqual([
      ['2021', 1.28],
      ['2022', 1.36],
      ['2023', 1.44],
      ['2024', 1.52],
      ['2025', 1.6],
    ]);
  });

  it('figures are consistent: 0 < R&D < revenue, high-tech product revenue ≤ revenue, local ≤ purchases', () => {
    const byKey = new Map<string, number>();
    for (const o of enterpriseFigures) byKey.set(`${o.subjectCode} ${o.period} ${o.metric}`, o.value);
    for (const e of small.enterprises.slice(0, 300)) {
      const get = (metric: string) => byKey.get(`${e.creditCode} 2025 ${metric}`) ?? Number.NaN;
      expect(get('revenue')).toBeGreaterThan(0);
      expect(get('rd-expense')).toBeGreaterThan(0);
      expect(get('rd-expense')).toBeLessThan(get('revenue'));
      expect(get('high-tech-product-revenue')).toBeLessThanOrEqual(get('revenue'));
      expect(get('local-purchases')).toBeLessThanOrEqual(get('purchases'));
    }
  });
});

describe('generateDemoData: bad options', () => {
  it.each([
    ['enterprises', { enterprises: 0 }],
    ['clusters', { clusters: 22 }],
    ['years', { years: 0 }],
    ['seed', { seed: -1 }],
  ])('%s out of range is invalid_input', (field, overrides) => {
    expect(() => generateDemoData(options(overrides))).toThrow(AppError);
    try {
      generateDemoData(options(overrides));
    } catch (error) {
      expect(error).toMatchObject({ code: 'invalid_input', details: { field } });
    }
  });
});

describe('lastValidDay', () => {
  it('2023-12-15 for 3 years → last valid day 2026-12-14; 2024-02-29 for 1 year → 2025-02-28', () => {
    expect(lastValidDay('2023-12-15', 3)).toBe('2026-12-14');
    expect(lastValidDay('2024-02-29', 1)).toBe('2025-02-28');
  });
});

describe('generateDemoData: the 2025 targets land in different classes (20,000 enterprises, 40 clusters, seed 1)', () => {
  const data = generateDemoData(options({ seed: 1, enterprises: 20_000, clusters: 40 }));
  const recognised = data.clusters.filter((c) => c.status === 'recognised').map((c) => c.code);
  const input: RollupInput = {
    memberships: data.memberships.map((m) => ({
      enterpriseId: m.creditCode,
      clusterId: m.clusterCode,
      from: m.validFrom,
      to: m.validTo,
      role: m.role,
    })),
    enterprises: data.enterprises.map((e) => ({ enterpriseId: e.creditCode, aboveScale: e.isAboveScale })),
    observations: [...data.observations()]
      .filter((o) => o.subjectType === 'enterprise' && o.period === '2025')
      .map((o) => ({ enterpriseId: o.subjectCode, metric: o.metric, period: o.period, value: o.value })),
    designations: data.designations.map((d) => ({ ...d, enterpriseId: d.creditCode })),
  };
  const context = createRollupContext(input, '2025');
  const inClusters = { kind: 'clusters' as const, clusterIds: recognised };
  const province = { kind: 'all_enterprises' as const };
  const count = (
    types: string[],
    scope: typeof inClusters | typeof province,
    mode: 'valid_on' | 'ever_granted',
    levels?: string[],
  ) =>
    context.evaluate({ kind: 'count_designated', designationTypes: types, levels, mode }, scope).value ?? 0;

  it('achieved: T06 high-tech in clusters ≥ 5000, T12 national smart factories (累计) ≥ 30, T19 provincial champions ≥ 350', () => {
    expect(count(['high-tech'], inClusters, 'valid_on')).toBeGreaterThanOrEqual(5000);
    expect(count(['national-smart-factory'], inClusters, 'ever_granted')).toBeGreaterThanOrEqual(30);
    expect(count(['single-champion'], province, 'valid_on', ['provincial'])).toBeGreaterThanOrEqual(350);
  });

  it('achieved within the 左右 band: T23 local supporting rate = 100 × Σ local / Σ purchases ∈ 50 ± 5 %', () => {
    const rate = context.evaluate(
      { kind: 'ratio_of_sums', numerator: 'local-purchases', denominator: 'purchases', scale: 100 },
      inClusters,
    ).value;
    expect(rate).toBeGreaterThan(45);
    expect(rate).toBeLessThan(55);
  });

  it('close but short (80–100 % of the target): T18 national champions < 100, T20 专精特新 < 2500, T13 smart factories and workshops < 350', () => {
    const t18 = count(['single-champion'], province, 'valid_on', ['national']);
    const t20 = count(['specialised-sme', 'little-giant'], province, 'valid_on');
    const t13 = count(['provincial-smart-factory', 'digital-workshop'], inClusters, 'ever_granted');
    for (const [value, target] of [
      [t18, 100],
      [t20, 2500],
      [t13, 350],
    ] as const) {
      expect(value).toBeLessThan(target);
      expect(value).toBeGreaterThan(0.7 * target);
    }
  });

  it('far behind: T07 high-tech product share < 45 %, T08 R&D intensity gap 2.8 − 1.6 < 1.35 pp, T14 benchmarks < 70 of 100', () => {
    const share = context.evaluate(
      { kind: 'ratio_of_sums', numerator: 'high-tech-product-revenue', denominator: 'revenue', scale: 100 },
      inClusters,
    ).value;
    const intensity = context.evaluate(
      {
        kind: 'ratio_of_sums',
        numerator: 'rd-expense',
        denominator: 'revenue',
        scale: 100,
        filter: { aboveScaleOnly: true },
      },
      inClusters,
    ).value;
    expect(share).toBeLessThan(45);
    expect((intensity ?? 0) - 1.6).toBeLessThan(1.35);
    expect(count(['benchmark-enterprise'], inClusters, 'ever_granted')).toBeLessThan(70);
  });
});
