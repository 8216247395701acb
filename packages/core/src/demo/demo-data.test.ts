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
import policy from '../targets/fixtures/policy-2023-185.json';
import { buildPolicyTargetSet } from '../targets/policy-target-set.ts';
import { assessProgress } from '../targets/progress.ts';
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
  const figures = [...data.observations()];
  const input = (period: string): RollupInput => ({
    memberships: data.memberships.map((m) => ({
      enterpriseId: m.creditCode,
      clusterId: m.clusterCode,
      from: m.validFrom,
      to: m.validTo,
      role: m.role,
    })),
    enterprises: data.enterprises.map((e) => ({ enterpriseId: e.creditCode, aboveScale: e.isAboveScale })),
    observations: figures
      .filter((o) => o.subjectType === 'enterprise' && o.period === period)
      .map((o) => ({ enterpriseId: o.subjectCode, metric: o.metric, period: o.period, value: o.value })),
    designations: data.designations.map((d) => ({ ...d, enterpriseId: d.creditCode })),
  });
  const inClusters = { kind: 'clusters' as const, clusterIds: recognised };
  const province = { kind: 'all_enterprises' as const };
  const provinceRd = (period: string) =>
    figures.find((o) => o.subjectType === 'province' && o.period === period)?.value ?? Number.NaN;

  /** The actual value of each target the registry and the metrics give, for one year. */
  function actuals(period: string): Record<string, number> {
    const context = createRollupContext(input(period), period);
    const value = (
      rule: Parameters<typeof context.evaluate>[0],
      scope: typeof inClusters | typeof province,
    ) => context.evaluate(rule, scope).value ?? Number.NaN;
    const count = (
      types: string[],
      scope: typeof inClusters | typeof province,
      mode: 'valid_on' | 'ever_granted',
      levels?: string[],
    ) => value({ kind: 'count_designated', designationTypes: types, levels, mode }, scope);
    const ratio = (numerator: string, denominator: string, aboveScaleOnly = false) =>
      value(
        { kind: 'ratio_of_sums', numerator, denominator, scale: 100, filter: { aboveScaleOnly } },
        inClusters,
      );
    return {
      T06: count(['high-tech'], inClusters, 'valid_on'),
      T07: ratio('high-tech-product-revenue', 'revenue'),
      // R&D intensity of above-scale cluster enterprises minus the province-level average.
      T08: ratio('rd-expense', 'revenue', true) - provinceRd(period),
      T12: count(['national-smart-factory'], inClusters, 'ever_granted'),
      T13: count(['provincial-smart-factory', 'digital-workshop'], inClusters, 'ever_granted'),
      T14: count(['benchmark-enterprise'], inClusters, 'ever_granted'),
      T16: count(['world-class-enterprise'], inClusters, 'valid_on'),
      T17: count(['leading-enterprise'], inClusters, 'valid_on'),
      T18: count(['single-champion'], province, 'valid_on', ['national']),
      T19: count(['single-champion'], province, 'valid_on', ['provincial']),
      T20: count(['specialised-sme', 'little-giant'], province, 'valid_on'),
      T21: count(['gazelle'], province, 'valid_on'),
      T22: count(['unicorn'], province, 'valid_on'),
      T23: ratio('local-purchases', 'purchases'),
    };
  }
  const y2022 = actuals('2022');
  const y2024 = actuals('2024');
  const y2025 = actuals('2025');
  const targets = new Map(buildPolicyTargetSet(policy).targets.map((t) => [t.code, t]));

  /** assessProgress with the 2022 figure as baseline and the 2024 figure as the latest, as of 2024-12-31. */
  function statusIn2024(code: string): string {
    const target = targets.get(code);
    if (!target) throw new Error(code);
    return assessProgress({
      target: {
        ...target,
        baseline: { period: '2022', date: '2022-12-31', value: y2022[code] ?? Number.NaN },
      },
      observations: [{ date: '2024-12-31', value: y2024[code] ?? Number.NaN }],
      asOf: '2024-12-31',
    }).status;
  }

  it('as of 2024 (baseline 2022), five statuses: T23 achieved, T06 on track, T20 needs acceleration, T16 limited progress, T08 deteriorating', () => {
    // T06: CAGR actual (3922 / 2154)^(1/2) − 1 ≈ 34.9 % vs required (5000 / 2154)^(1/3) − 1 ≈ 32.4 %: ratio ≥ 0.95.
    // T20: (1636 / 940)^(1/2) − 1 ≈ 31.9 % vs (2500 / 940)^(1/3) − 1 ≈ 38.6 %: ratio ≈ 0.83 ∈ [0.6, 0.95).
    // T16: 3 world-class enterprises in 2022 and 2024: no growth, ratio 0. T08: the gap narrows, slope < 0.
    // T23: 46.5 % is inside 50 ± 5 %.
    expect({
      T23: statusIn2024('T23'),
      T06: statusIn2024('T06'),
      T20: statusIn2024('T20'),
      T16: statusIn2024('T16'),
      T08: statusIn2024('T08'),
    }).toEqual({
      T23: 'achieved',
      T06: 'on_track',
      T20: 'needs_acceleration',
      T16: 'limited_progress',
      T08: 'deteriorating',
    });
  });

  it('2025: achieved T06 ≥ 5000, T12 ≥ 30 (累计), T19 ≥ 350, T23 ∈ 50 ± 5 %', () => {
    expect(y2025.T06).toBeGreaterThanOrEqual(5000);
    expect(y2025.T12).toBeGreaterThanOrEqual(30);
    expect(y2025.T19).toBeGreaterThanOrEqual(350);
    expect(Math.abs((y2025.T23 ?? 0) - 50)).toBeLessThanOrEqual(5);
  });

  it('2025: close but short (70–100 % of the target): T13 < 350, T18 < 100, T20 < 2500, T21 < 800', () => {
    for (const [code, target] of [
      ['T13', 350],
      ['T18', 100],
      ['T20', 2500],
      ['T21', 800],
    ] as const) {
      expect(y2025[code], code).toBeLessThan(target);
      expect(y2025[code], code).toBeGreaterThan(0.7 * target);
    }
  });

  it('2025: far behind: T07 < 45 %, T08 gap < 1.35 pp (outside 1.5 ± 0.15), T14 < 70 of 100, T16 < 5, T22 < 13.5', () => {
    expect(y2025.T07).toBeLessThan(45);
    expect(y2025.T08).toBeLessThan(1.35);
    expect(y2025.T14).toBeLessThan(70);
    expect(y2025.T16).toBeLessThan(5);
    expect(y2025.T22).toBeLessThan(13.5);
  });
});
