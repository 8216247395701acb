// Recompute on change (issue 4, item 2): membership and designation writes through the API recompute the
// derived cluster metrics of the periods they touch, synchronously after the write commits.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIdentityTestApp, type IdentityTestApp, signIn } from '../../../test/identity-fixtures.ts';
import {
  buildClusterInput,
  buildCreditCodes,
  buildEnterpriseInput,
  type Client,
  client,
} from '../../../test/registry-fixtures.ts';
import { changeWindowOf, findAffectedPeriods, markRollupDirty } from './rollup-trigger.service.ts';

let t: IdentityTestApp;
let province: Client;
let science: Client; // 省科技厅 grants high-tech enterprises
const [A = '', B = ''] = buildCreditCodes(2, 900, '370700');
const ids: Record<string, { id: string; version: number }> = {};

const obs = (subjectCode: string, metric: string, period: string, value: number) => ({
  subjectType: 'enterprise',
  subjectCode,
  metric,
  period,
  value,
});

async function clusterValue(metric: string, period: string): Promise<number | undefined> {
  const response = await province.get(
    `/api/observations?subjectType=cluster&subjectCode=SD-C-0001&metric=${metric}&periodFrom=${period}&periodTo=${period}`,
  );
  expect(response.status).toBe(200);
  return (response.body.items as { value: number; period: string }[]).find((i) => i.period === period)?.value;
}

beforeAll(async () => {
  t = await buildIdentityTestApp();
  province = client(t, await signIn(t.app, 'demo-province'));
  science = client(t, await signIn(t.app, 'demo-department'));
  expect((await province.post('/api/clusters', buildClusterInput({ code: 'SD-C-0001' }))).status).toBe(201);
  for (const [code, name] of [
    [A, '甲'],
    [B, '乙'],
  ] as const) {
    expect(
      (await province.post('/api/enterprises', buildEnterpriseInput({ creditCode: code, name }))).status,
    ).toBe(201);
  }
  const membership = await province.post(`/api/enterprises/${A}/memberships`, {
    clusterCode: 'SD-C-0001',
    role: 'core',
    validFrom: '2020-01-01',
  });
  expect(membership.status).toBe(201);
  const batch = await province.post('/api/observations/batch', {
    items: [
      obs(A, 'rd-expense', '2024', 30),
      obs(A, 'revenue', '2024', 1000),
      obs(B, 'rd-expense', '2024', 90),
      obs(B, 'revenue', '2024', 1000),
      obs(A, 'rd-expense', '2023', 20),
      obs(A, 'revenue', '2023', 1000),
      obs(B, 'rd-expense', '2023', 50),
      obs(B, 'revenue', '2023', 500),
    ],
  });
  expect(batch.status).toBe(200);
});
afterAll(async () => {
  await t.close();
});

describe('change windows', () => {
  it('a membership 2024-06-01 … open and its old range 2023-01-01 … 2024-12-31 cover 2023-01-01 … open', () => {
    expect(
      changeWindowOf([
        { from: '2024-06-01', to: null },
        { from: '2023-01-01', to: '2024-12-31' },
      ]),
    ).toEqual({ from: '2023-01-01', to: null });
    expect(
      changeWindowOf([
        { from: '2024-06-01', to: '2024-08-31' },
        { from: '2023-01-01', to: '2023-12-31' },
      ]),
    ).toEqual({ from: '2023-01-01', to: '2024-08-31' });
    expect(changeWindowOf([])).toBeNull();
  });

  it('affected periods are those with observations ending in the window: from 2024-06-01 only 2024', async () => {
    expect(await findAffectedPeriods(t.database.db, { from: '2024-06-01', to: null })).toEqual(['2024']);
    expect(await findAffectedPeriods(t.database.db, { from: '2023-01-01', to: '2023-12-31' })).toEqual([
      '2023',
    ]);
    expect(await markRollupDirty(t.database.db, ['2024', '2024'])).toEqual(['2024']);
  });
});

describe('memberships', () => {
  it('before: only 甲 in the cluster, R&D intensity 2024 = 100 × 30 / 1000 = 3.0 %', async () => {
    expect(await clusterValue('rd-intensity-above-scale', '2024')).toBeCloseTo(3.0, 12);
    expect(await clusterValue('member-enterprises', '2024')).toBe(1);
  });

  it('乙 joins on 2024-06-01: 2024 = 100 × (30 + 90) / (1000 + 1000) = 6.0 %; 2023 stays 100 × 20 / 1000 = 2.0 %', async () => {
    const joined = await province.post(`/api/enterprises/${B}/memberships`, {
      clusterCode: 'SD-C-0001',
      role: 'supporting',
      validFrom: '2024-06-01',
    });
    expect(joined.status).toBe(201);
    ids.membership = { id: joined.body.id, version: joined.body.version };
    expect(await clusterValue('rd-intensity-above-scale', '2024')).toBeCloseTo(6.0, 12);
    expect(await clusterValue('rd-intensity-above-scale', '2023')).toBeCloseTo(2.0, 12);
  });

  it('乙’s start moved back to 2023-01-01: 2023 = 100 × (20 + 50) / (1000 + 500) = 4.667 %', async () => {
    const moved = await province.patch(`/api/enterprises/${B}/memberships/${ids.membership?.id}`, {
      version: ids.membership?.version,
      validFrom: '2023-01-01',
    });
    expect(moved.status).toBe(200);
    ids.membership = { id: moved.body.id, version: moved.body.version };
    expect(await clusterValue('rd-intensity-above-scale', '2023')).toBeCloseTo((100 * 70) / 1500, 12);
  });

  it('the membership deleted (entered by mistake): both years fall back to 甲 alone (3.0 %, 2.0 %)', async () => {
    const deleted = await province.delete(
      `/api/enterprises/${B}/memberships/${ids.membership?.id}?version=${ids.membership?.version}`,
    );
    expect(deleted.status).toBe(204);
    expect(await clusterValue('rd-intensity-above-scale', '2024')).toBeCloseTo(3.0, 12);
    expect(await clusterValue('rd-intensity-above-scale', '2023')).toBeCloseTo(2.0, 12);
  });
});

describe('enterprise flags', () => {
  it('甲 no longer above scale: the cluster has no above-scale member, so its 2024 R&D intensity is removed; back: 3.0 %', async () => {
    const below = await province.patch(`/api/enterprises/${A}`, { version: 1, isAboveScale: false });
    expect(below.status).toBe(200);
    expect(await clusterValue('rd-intensity-above-scale', '2024')).toBeUndefined();
    const above = await province.patch(`/api/enterprises/${A}`, { version: 2, isAboveScale: true });
    expect(above.status).toBe(200);
    expect(await clusterValue('rd-intensity-above-scale', '2024')).toBeCloseTo(3.0, 12);
  });
});

describe('designations', () => {
  it('a high-tech grant to member 甲 (2023-01-01 … 2025-12-31): valid holders 2024 = 1, 2023 = 1', async () => {
    const grant = await science.post('/api/designations', {
      creditCode: A,
      type: 'high-tech',
      level: 'national',
      grantedOn: '2023-01-01',
      expiresOn: '2025-12-31',
      documentNumber: '鲁科字〔2023〕1号',
    });
    expect(grant.status).toBe(201);
    ids.grant = { id: grant.body.id, version: grant.body.version };
    expect(await clusterValue('high-tech-enterprises', '2024')).toBe(1);
    expect(await clusterValue('high-tech-enterprises', '2023')).toBe(1);
  });

  it('the certificate now expires 2024-11-30: not valid on 2024-12-31, so 2024 drops to 0; 2023 keeps 1', async () => {
    const expired = await science.patch(`/api/designations/${ids.grant?.id}`, {
      version: ids.grant?.version,
      expiresOn: '2024-11-30',
    });
    expect(expired.status).toBe(200);
    ids.grant = { id: expired.body.id, version: expired.body.version };
    expect(await clusterValue('high-tech-enterprises', '2024')).toBe(0);
    expect(await clusterValue('high-tech-enterprises', '2023')).toBe(1);
  });

  it('revoked from 2023-06-01 (first invalid day): 2023 drops to 0 as well', async () => {
    const revoked = await science.patch(`/api/designations/${ids.grant?.id}`, {
      version: ids.grant?.version,
      revokedOn: '2023-06-01',
    });
    expect(revoked.status).toBe(200);
    expect(await clusterValue('high-tech-enterprises', '2023')).toBe(0);
  });
});
