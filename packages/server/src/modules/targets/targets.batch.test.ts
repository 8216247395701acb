import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIdentityTestApp, type IdentityTestApp, signIn } from '../../../test/identity-fixtures.ts';
import { buildClusterInput, buildCreditCodes, type Client, client } from '../../../test/registry-fixtures.ts';
import { insertDesignation } from '../designations/designations.repository.ts';
import { insertEnterprise } from '../enterprises/enterprises.repository.ts';
import {
  countCumulativeGrants,
  countDesignationsOnDates,
  countValidDesignationHolders,
  type DesignationCountRequest,
} from './targets.repository.ts';

/**
 * The target board counts every designation target on every assessment date in one query
 * (`countDesignationsOnDates`); it must give exactly the per-date counts of
 * `countValidDesignationHolders` / `countCumulativeGrants` it replaced. Fixture: 12 enterprises in
 * Weifang, two clusters (one recognised from 2023-01-01, one revoked on 2024-07-01), memberships that
 * start, end and overlap, and high-tech / unicorn / little-giant grants that expire, are revoked, are
 * renewed (two grants for one holder) or are held together by one enterprise.
 */
const codes = buildCreditCodes(12, 950, '370700');
const code = (i: number) => codes[i] ?? '';

type Grant = {
  i: number;
  type: 'high-tech' | 'unicorn' | 'little-giant';
  level: 'national' | 'provincial';
  grantedOn: string;
  expiresOn: string | null;
  revokedOn: string | null;
};
const grants: Grant[] = [
  {
    i: 0,
    type: 'high-tech',
    level: 'national',
    grantedOn: '2022-03-01',
    expiresOn: '2025-02-28',
    revokedOn: null,
  },
  // renewed: the holder counts once while both are valid, each grant counts for 累计
  {
    i: 0,
    type: 'high-tech',
    level: 'national',
    grantedOn: '2025-03-01',
    expiresOn: '2028-02-29',
    revokedOn: null,
  },
  {
    i: 1,
    type: 'high-tech',
    level: 'national',
    grantedOn: '2023-05-01',
    expiresOn: null,
    revokedOn: '2024-09-01',
  },
  {
    i: 2,
    type: 'high-tech',
    level: 'national',
    grantedOn: '2024-01-10',
    expiresOn: '2024-12-30',
    revokedOn: null,
  },
  { i: 3, type: 'high-tech', level: 'national', grantedOn: '2021-06-01', expiresOn: null, revokedOn: null },
  { i: 3, type: 'unicorn', level: 'provincial', grantedOn: '2023-02-01', expiresOn: null, revokedOn: null },
  {
    i: 4,
    type: 'unicorn',
    level: 'provincial',
    grantedOn: '2023-02-01',
    expiresOn: '2024-06-30',
    revokedOn: null,
  },
  {
    i: 5,
    type: 'little-giant',
    level: 'national',
    grantedOn: '2022-08-01',
    expiresOn: '2025-07-31',
    revokedOn: null,
  },
  {
    i: 6,
    type: 'little-giant',
    level: 'national',
    grantedOn: '2023-08-01',
    expiresOn: null,
    revokedOn: '2025-01-01',
  },
  { i: 7, type: 'high-tech', level: 'provincial', grantedOn: '2023-01-01', expiresOn: null, revokedOn: null },
  { i: 8, type: 'high-tech', level: 'national', grantedOn: '2023-01-01', expiresOn: null, revokedOn: null },
  { i: 9, type: 'unicorn', level: 'provincial', grantedOn: '2024-03-01', expiresOn: null, revokedOn: null },
  { i: 10, type: 'high-tech', level: 'national', grantedOn: '2022-01-01', expiresOn: null, revokedOn: null },
];

let t: IdentityTestApp;
let province: Client;

beforeAll(async () => {
  t = await buildIdentityTestApp();
  province = client(t, await signIn(t.app, 'demo-province'));
  const db = t.database.db;
  const at = t.clock.now();
  for (let i = 0; i < codes.length; i++) {
    await insertEnterprise(db, {
      creditCode: code(i),
      name: `批量计数企业${i}`,
      cityCode: '370700',
      industryDivision: '34',
      isAboveScale: true,
      createdAt: at,
      updatedAt: at,
    });
  }
  for (const [n, g] of grants.entries()) {
    await insertDesignation(db, {
      creditCode: code(g.i),
      type: g.type,
      level: g.level,
      grantedOn: g.grantedOn,
      expiresOn: g.expiresOn,
      revokedOn: g.revokedOn,
      documentNumber: `鲁测〔2023〕${n}号`,
      grantingDepartmentCode: 'dept-sti',
      createdAt: at,
      updatedAt: at,
    });
  }
  for (const c of ['SD-B-0001', 'SD-B-0002']) {
    const created = await province.post('/api/clusters', {
      ...buildClusterInput({
        code: c,
        name: `批量集群${c}`,
        tier: 'provincial',
        cultivationTarget: 'national',
      }),
      changedOn: '2023-01-01',
    });
    expect(created.status).toBe(201);
  }
  const memberships: [number, string, string, string | null][] = [
    [0, 'SD-B-0001', '2023-01-01', null],
    [0, 'SD-B-0002', '2023-01-01', null], // in both clusters: counts once
    [1, 'SD-B-0001', '2023-06-01', null],
    [2, 'SD-B-0001', '2023-01-01', '2024-06-30'], // leaves mid-2024
    [3, 'SD-B-0002', '2024-01-01', null],
    [4, 'SD-B-0001', '2023-01-01', null],
    [5, 'SD-B-0002', '2023-01-01', null],
    [6, 'SD-B-0001', '2023-01-01', null],
    [9, 'SD-B-0002', '2023-01-01', null],
    [10, 'SD-B-0001', '2025-01-01', null], // joins in 2025
  ];
  for (const [i, clusterCode, validFrom, validTo] of memberships) {
    const m = await province.post(`/api/enterprises/${code(i)}/memberships`, {
      clusterCode,
      role: 'core',
      validFrom,
      ...(validTo ? { validTo } : {}),
    });
    expect(m.status).toBe(201);
  }
});
afterAll(async () => {
  await t.close();
});

const dates = [
  '2022-12-31',
  '2023-06-30',
  '2023-12-31',
  '2024-06-30',
  '2024-09-01',
  '2024-12-31',
  '2025-06-30',
];
// SD-B-0002 is in scope only until mid-2024 (as if revoked then); SD-B-0001 throughout.
const scopeOn = (date: string) => (date < '2024-07-01' ? ['SD-B-0001', 'SD-B-0002'] : ['SD-B-0001']);
const requests: DesignationCountRequest[] = [
  {
    key: 'high-tech-in-clusters',
    kinds: [{ type: 'high-tech' }],
    counting: 'valid-on-date',
    isScoped: true,
    dates,
  },
  {
    key: 'national-high-tech-province',
    kinds: [{ type: 'high-tech', level: 'national' }],
    counting: 'valid-on-date',
    isScoped: false,
    dates,
  },
  {
    key: 'unicorn-or-giant-in-clusters',
    kinds: [{ type: 'unicorn' }, { type: 'little-giant', level: 'national' }],
    counting: 'valid-on-date',
    isScoped: true,
    dates,
  },
  {
    key: 'high-tech-grants-in-clusters',
    kinds: [{ type: 'high-tech' }],
    counting: 'cumulative-grants',
    isScoped: true,
    dates,
  },
  {
    key: 'all-grants-province',
    kinds: [{ type: 'high-tech' }, { type: 'unicorn' }, { type: 'little-giant' }],
    counting: 'cumulative-grants',
    isScoped: false,
    dates,
  },
  { key: 'no-dates', kinds: [{ type: 'unicorn' }], counting: 'valid-on-date', isScoped: false, dates: [] },
];

describe('countDesignationsOnDates (one query) = the per-date counts', () => {
  it('for every request and date: valid holders (distinct, in scope on the date) and cumulative grants', async () => {
    const db = t.database.db;
    const batched = await countDesignationsOnDates(db, requests, scopeOn);
    const perDate: Record<string, Record<string, number>> = {};
    for (const r of requests) {
      const counts: Record<string, number> = {};
      for (const date of r.dates) {
        const scope = r.isScoped ? scopeOn(date) : null;
        counts[date] =
          r.counting === 'valid-on-date'
            ? await countValidDesignationHolders(db, r.kinds, date, scope)
            : await countCumulativeGrants(db, r.kinds, date, scope);
      }
      perDate[r.key] = counts;
    }
    const asRecords = Object.fromEntries(
      [...batched].map(([key, byDate]) => [key, Object.fromEntries(byDate)] as const),
    );
    expect(asRecords).toEqual(perDate);
  });

  it('worked values: high-tech holders in clusters on 2024-06-30 = 0 (in both) + 1 + 2 (member until that day) + 3 (SD-B-0002 still in scope) = 4; on 2024-12-31 = 0 only (1 revoked 09-01, 2 left, 3’s cluster out of scope) = 1', async () => {
    const batched = await countDesignationsOnDates(t.database.db, requests, scopeOn);
    const highTech = batched.get('high-tech-in-clusters');
    expect(highTech?.get('2024-06-30')).toBe(4);
    expect(highTech?.get('2024-12-31')).toBe(1);
    // 2025-06-30: 0 (renewed grant) + 10 (joined 2025-01-01) = 2
    expect(highTech?.get('2025-06-30')).toBe(2);
    // 累计 high-tech grants of members of SD-B-0001 on 2025-06-30: 0's two grants + 1 + 10 = 4 (2 left the cluster)
    expect(batched.get('high-tech-grants-in-clusters')?.get('2025-06-30')).toBe(4);
    // every grant up to 2025-06-30 province-wide: all 13
    expect(batched.get('all-grants-province')?.get('2025-06-30')).toBe(13);
    expect(batched.get('no-dates')?.size).toBe(0);
  });
});
