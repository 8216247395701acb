import { describe, expect, it } from 'vitest';
import {
  createRollupContext,
  type Designation,
  deriveClusterObservations,
  type EnterpriseFacts,
  type EnterpriseObservation,
  gapToReference,
  isDesignationValidOn,
  type Membership,
  type RollupRuleInput,
  rollup,
  rollupRuleSchema,
} from './rollup.ts';

type CountDesignated = Extract<RollupRuleInput, { kind: 'count_designated' }>;

// Two clusters in 2024. A: E1, E2, E3, E4 (joined 2024-07-01), E5 (left 2024-06-30). B: E2 (also in A), E6.
const memberships: Membership[] = [
  { enterpriseId: 'E1', clusterId: 'A', from: '2020-01-01', to: null, role: 'chain_master' },
  { enterpriseId: 'E2', clusterId: 'A', from: '2020-01-01', to: null, role: 'core' },
  { enterpriseId: 'E3', clusterId: 'A', from: '2021-03-01', to: null, role: 'supporting' },
  { enterpriseId: 'E4', clusterId: 'A', from: '2024-07-01', to: null, role: 'supporting' },
  { enterpriseId: 'E5', clusterId: 'A', from: '2020-01-01', to: '2024-06-30', role: 'core' },
  { enterpriseId: 'E2', clusterId: 'B', from: '2022-01-01', to: null, role: 'chain_master' },
  { enterpriseId: 'E6', clusterId: 'B', from: '2022-01-01', to: null, role: 'core' },
];

const enterprises: EnterpriseFacts[] = [
  { enterpriseId: 'E1', aboveScale: true },
  { enterpriseId: 'E2', aboveScale: true },
  { enterpriseId: 'E3', aboveScale: false },
  { enterpriseId: 'E4', aboveScale: true },
  { enterpriseId: 'E5', aboveScale: true },
  { enterpriseId: 'E6', aboveScale: true },
  { enterpriseId: 'E7', aboveScale: true }, // in no cluster
];

// 2024 revenue and R&D in 万元. E4 joined mid-year and has not reported R&D.
const observations: EnterpriseObservation[] = [
  ...(
    [
      ['E1', 50_000, 1_500],
      ['E2', 30_000, 600],
      ['E3', 2_000, 200],
      ['E5', 40_000, 1_000],
      ['E6', 20_000, 900],
      ['E7', 10_000, 100],
    ] as const
  ).flatMap(([id, revenue, rd]) => [
    { enterpriseId: id, metric: 'revenue', period: '2024', value: revenue },
    { enterpriseId: id, metric: 'rd_expense', period: '2024', value: rd },
  ]),
  { enterpriseId: 'E4', metric: 'revenue', period: '2024', value: 8_000 },
  { enterpriseId: 'E1', metric: 'revenue', period: '2023', value: 45_000 },
];

// High-tech enterprise certificates (three years), one expired, one national champion.
const designations: Designation[] = [
  { enterpriseId: 'E1', type: 'high_tech', grantedOn: '2022-12-01', expiresOn: '2025-11-30' },
  { enterpriseId: 'E2', type: 'high_tech', grantedOn: '2023-11-15', expiresOn: '2026-11-14' },
  { enterpriseId: 'E6', type: 'high_tech', grantedOn: '2021-06-01', expiresOn: '2024-05-31' },
  { enterpriseId: 'E7', type: 'high_tech', grantedOn: '2024-03-01', expiresOn: '2027-02-28' },
  {
    enterpriseId: 'E2',
    type: 'single_champion',
    level: 'national',
    grantedOn: '2023-01-10',
    expiresOn: '2025-12-31',
  },
];

const input = { memberships, enterprises, observations, designations };
const A = { kind: 'clusters', clusterIds: ['A'] } as const;
const B = { kind: 'clusters', clusterIds: ['B'] } as const;

describe('members valid in the period', () => {
  it('A at 2024-12-31 is E1, E2, E3, E4 (E5 left on 2024-06-30); with any overlap E5 counts too', () => {
    expect(createRollupContext(input, '2024').members(A, undefined)).toEqual(['E1', 'E2', 'E3', 'E4']);
    expect(createRollupContext(input, '2024', { membership: 'any_overlap' }).members(A, undefined)).toEqual([
      'E1',
      'E2',
      'E3',
      'E4',
      'E5',
    ]);
  });

  it('A at 2024Q2 (ends 2024-06-30) is E1, E2, E3, E5 (E4 had not joined)', () => {
    expect(createRollupContext(input, '2024Q2').members(A, undefined)).toEqual(['E1', 'E2', 'E3', 'E5']);
  });

  it('roles: chain masters of A and B together are E1 and E2', () => {
    const ctx = createRollupContext(input, '2024');
    expect(ctx.members({ kind: 'all_clusters' }, { roles: ['chain_master'] })).toEqual(['E1', 'E2']);
  });
});

describe('sum and ratio of sums', () => {
  it('revenue of A in 2024 = 50,000 + 30,000 + 2,000 + 8,000 = 90,000 万元', () => {
    expect(rollup({ kind: 'sum', metric: 'revenue' }, input, '2024', A)).toEqual({
      value: 90_000,
      enterprises: 4,
      contributing: 4,
      missing: [],
    });
  });

  it('R&D intensity of above-scale A members = 100 × (1,500 + 600) / (50,000 + 30,000) = 2.625% (E4 lacks R&D, E3 is not above scale)', () => {
    const r = rollup(
      {
        kind: 'ratio_of_sums',
        numerator: 'rd_expense',
        denominator: 'revenue',
        scale: 100,
        filter: { aboveScaleOnly: true },
      },
      input,
      '2024',
      A,
    );
    expect(r.value).toBeCloseTo(2.625, 12);
    expect(r).toMatchObject({
      numerator: 2_100,
      denominator: 80_000,
      enterprises: 3,
      contributing: 2,
      missing: ['E4'],
    });
  });

  it('without the above-scale filter: 100 × 2,300 / 82,000 = 2.805%', () => {
    const r = rollup(
      { kind: 'ratio_of_sums', numerator: 'rd_expense', denominator: 'revenue', scale: 100 },
      input,
      '2024',
      A,
    );
    expect(r.value).toBeCloseTo((100 * 2300) / 82000, 12);
  });

  it('gap to the provincial average published by the statistics bureau: 2.625 − 2.40 = 0.225 percentage points', () => {
    expect(gapToReference(2.625, 2.4)).toBeCloseTo(0.225, 12);
    expect(gapToReference(null, 2.4)).toBeNull();
  });

  it('a period with no observations gives null, not 0', () => {
    expect(rollup({ kind: 'sum', metric: 'revenue' }, input, '2022', A).value).toBeNull();
  });

  it('refuses two observations of one enterprise, metric and period', () => {
    const twice = [...observations, { enterpriseId: 'E1', metric: 'revenue', period: '2024', value: 1 }];
    expect(() =>
      rollup({ kind: 'sum', metric: 'revenue' }, { ...input, observations: twice }, '2024', A),
    ).toThrow(expect.objectContaining({ code: 'invalid_input' }));
  });
});

describe('designations', () => {
  const highTech: CountDesignated = { kind: 'count_designated', designationTypes: ['high_tech'] };

  it('valid on 2024-12-31: A has E1 and E2 = 2; B has E2 only = 1 (E6 expired 2024-05-31)', () => {
    const ctx = createRollupContext(input, '2024');
    expect(ctx.byCluster(highTech, ['A', 'B']).map((c) => [c.clusterId, c.result.value])).toEqual([
      ['A', 2],
      ['B', 1],
    ]);
  });

  it('province-wide in clusters: {E1, E2} = 2, not 2 + 1 = 3 (E2 is in both A and B)', () => {
    expect(rollup(highTech, input, '2024', { kind: 'all_clusters' }).value).toBe(2);
    expect(rollup(highTech, input, '2024', { kind: 'clusters', clusterIds: ['A', 'B'] }).value).toBe(2);
  });

  it('whole province (not only clusters): E1, E2 and E7 = 3', () => {
    expect(rollup(highTech, input, '2024', { kind: 'all_enterprises' }).value).toBe(3);
  });

  it('ever granted up to 2024-12-31 (累计) in B: E2 and E6 = 2, the expired one included', () => {
    expect(rollup({ ...highTech, mode: 'ever_granted' }, input, '2024', B).value).toBe(2);
  });

  it('on 2023Q4 (2023-12-31) B counted E2 and E6 = 2: the expiry changes the count', () => {
    expect(rollup(highTech, input, '2023Q4', B).value).toBe(2);
  });

  it('levels: national single-item champions in A = E2 = 1; provincial = 0', () => {
    const champion: CountDesignated = { kind: 'count_designated', designationTypes: ['single_champion'] };
    expect(rollup({ ...champion, levels: ['national'] }, input, '2024', A).value).toBe(1);
    expect(rollup({ ...champion, levels: ['provincial'] }, input, '2024', A).value).toBe(0);
  });

  it('share of above-scale A members that are high-tech = 100 × 2 / 3 = 66.67% (E1, E2 of E1, E2, E4)', () => {
    const r = rollup(
      {
        kind: 'share_designated',
        designationTypes: ['high_tech'],
        scale: 100,
        filter: { aboveScaleOnly: true },
      },
      input,
      '2024',
      A,
    );
    expect(r.value).toBeCloseTo(200 / 3, 12);
    expect(r).toMatchObject({ numerator: 2, denominator: 3 });
  });

  it('validity is inclusive of the expiry day and exclusive of the revocation day', () => {
    const d: Designation = {
      enterpriseId: 'X',
      type: 't',
      grantedOn: '2024-01-01',
      expiresOn: '2024-12-31',
      revokedOn: '2024-10-01',
    };
    expect(isDesignationValidOn(d, '2023-12-31')).toBe(false);
    expect(isDesignationValidOn(d, '2024-09-30')).toBe(true);
    expect(isDesignationValidOn(d, '2024-10-01')).toBe(false);
    expect(isDesignationValidOn({ ...d, revokedOn: null }, '2024-12-31')).toBe(true);
    expect(isDesignationValidOn({ ...d, revokedOn: null }, '2025-01-01')).toBe(false);
  });
});

describe('rule contract', () => {
  it('applies defaults (mode valid_on, scale 1) and refuses unknown kinds', () => {
    expect(rollupRuleSchema.parse({ kind: 'count_designated', designationTypes: ['high_tech'] })).toEqual({
      kind: 'count_designated',
      designationTypes: ['high_tech'],
      mode: 'valid_on',
    });
    expect(rollupRuleSchema.safeParse({ kind: 'median', metric: 'revenue' }).success).toBe(false);
    expect(() =>
      rollup({ kind: 'ratio_of_sums', numerator: 'rd', denominator: 'revenue', scale: -1 }, input, '2024', A),
    ).toThrow(expect.objectContaining({ code: 'invalid_input' }));
  });

  it('count of members of A = 4', () => {
    expect(rollup({ kind: 'count_members' }, input, '2024', A).value).toBe(4);
  });
});

describe('deriveClusterObservations', () => {
  it('2024 high-tech counts: A = 2, B = 1, all clusters = 2; revenue: A = 90,000, B = 30,000 + 20,000 = 50,000, all = 90,000 + 20,000 = 110,000 (E2 once)', () => {
    const rows = deriveClusterObservations(
      [
        { code: 'high_tech_count', rule: { kind: 'count_designated', designationTypes: ['high_tech'] } },
        { code: 'revenue', rule: { kind: 'sum', metric: 'revenue' } },
      ],
      input,
      ['2024'],
      ['A', 'B'],
    );
    expect(rows.map((r) => [r.metric, r.clusterId, r.value])).toEqual([
      ['high_tech_count', 'A', 2],
      ['high_tech_count', 'B', 1],
      ['high_tech_count', null, 2],
      ['revenue', 'A', 90_000],
      ['revenue', 'B', 50_000],
      ['revenue', null, 110_000],
    ]);
  });
});
