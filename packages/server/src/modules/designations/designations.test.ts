import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adminPassword,
  buildIdentityTestApp,
  type IdentityTestApp,
  signIn,
} from '../../../test/identity-fixtures.ts';
import {
  buildCreditCodes,
  buildEnterpriseInput,
  type Client,
  client,
} from '../../../test/registry-fixtures.ts';

let t: IdentityTestApp;
let province: Client; // demo-province: 省工业和信息化厅 (dept-miit)
let science: Client; // demo-department: 省科技厅 (dept-sti)
let weifang: Client;

const [alpha, beta] = buildCreditCodes(2, 500, '370700');
const [gamma] = buildCreditCodes(1, 600, '370200');
const ids: Record<string, string> = {};

const highTech = (
  creditCode: string | undefined,
  grantedOn: string,
  expiresOn: string,
  documentNumber: string,
) => ({
  creditCode,
  type: 'high-tech',
  level: 'national',
  grantedOn,
  expiresOn,
  documentNumber,
});

beforeAll(async () => {
  t = await buildIdentityTestApp();
  province = client(t, await signIn(t.app, 'demo-province'));
  science = client(t, await signIn(t.app, 'demo-department'));
  weifang = client(t, await signIn(t.app, 'demo-city'));
  for (const input of [
    buildEnterpriseInput({ creditCode: alpha, name: '甲公司' }),
    buildEnterpriseInput({ creditCode: beta, name: '乙公司' }),
    buildEnterpriseInput({ creditCode: gamma, name: '丙公司', cityCode: '370200', countyCode: null }),
  ]) {
    expect((await province.post('/api/enterprises', input)).status).toBe(201);
  }
  // High-tech certificates run three years: 甲 2021-12-15 … 2024-12-14, renewed 2024-12-20 … 2027-12-19;
  // 乙 2022-11-01 … 2025-10-31; 丙 (Qingdao) 2023-12-01 … 2026-11-30.
  const grants = {
    alphaFirst: highTech(alpha, '2021-12-15', '2024-12-14', '鲁科字〔2021〕1号'),
    alphaRenewal: highTech(alpha, '2024-12-20', '2027-12-19', '鲁科字〔2024〕9号'),
    beta: highTech(beta, '2022-11-01', '2025-10-31', '鲁科字〔2022〕5号'),
    gamma: highTech(gamma, '2023-12-01', '2026-11-30', '鲁科字〔2023〕7号'),
  };
  for (const [key, grant] of Object.entries(grants)) {
    const response = await science.post('/api/designations', grant);
    expect(response.status).toBe(201);
    ids[key] = response.body.id;
  }
});
afterAll(async () => {
  await t.close();
});

const creditCodes = (body: { items: { creditCode: string }[] }) =>
  body.items.map((item) => item.creditCode).sort();

describe('designations: valid on a date vs ever granted up to a date', () => {
  it('on 2024-12-14 (last day of 甲’s first certificate, inclusive): 甲, 乙, 丙 hold a valid high-tech designation', async () => {
    const response = await province.get('/api/designations?type=high-tech&validOn=2024-12-14');
    expect(response.body).toMatchObject({ total: 3, enterpriseCount: 3 });
  });

  it('on 2024-12-16 甲 is between certificates: 2 valid (乙, 丙); on 2024-12-31 the renewal counts again: 3', async () => {
    const gap = await province.get('/api/designations?type=high-tech&validOn=2024-12-16');
    expect(creditCodes(gap.body)).toEqual([beta, gamma].sort());
    const renewed = await province.get('/api/designations?type=high-tech&validOn=2024-12-31');
    expect(renewed.body.total).toBe(3);
  });

  it('ever granted up to 2024-12-31: 4 grants to 3 distinct enterprises; up to 2022-12-31: 2 grants', async () => {
    const all = await province.get('/api/designations?type=high-tech&grantedBy=2024-12-31');
    expect(all.body).toMatchObject({ total: 4, enterpriseCount: 3 });
    const typed = encodeURIComponent(` ${alpha?.toLowerCase()} `);
    const byCode = await province.get(`/api/designations?creditCode=${typed}&grantedBy=2024-12-31`);
    expect(byCode.body).toMatchObject({ total: 2, enterpriseCount: 1 });
    const early = await province.get('/api/designations?grantedBy=2022-12-31&sort=grantedOn');
    expect(early.body.items.map((item: { grantedOn: string }) => item.grantedOn)).toEqual([
      '2021-12-15',
      '2022-11-01',
    ]);
  });

  it('on 2025-11-01 乙 has expired (valid through 2025-10-31): 2 valid; validOn with grantedBy is 400', async () => {
    const response = await province.get('/api/designations?validOn=2025-11-01');
    expect(creditCodes(response.body)).toEqual([alpha, gamma].sort());
    expect((await province.get('/api/designations?validOn=2025-11-01&grantedBy=2025-11-01')).status).toBe(
      400,
    );
  });
});

describe('designations: who may write which type', () => {
  it('省科技厅 may not write 专精特新 "little giants" (403); 工信厅 may', async () => {
    const giant = {
      creditCode: beta,
      type: 'little-giant',
      level: 'national',
      grantedOn: '2023-07-01',
      expiresOn: '2026-06-30',
      documentNumber: '工信部企业函〔2023〕158号',
    };
    const refused = await science.post('/api/designations', giant);
    expect(refused.status).toBe(403);
    expect(refused.body.error.details).toMatchObject({
      reason: 'not_granting_department',
      grantingDepartmentCode: 'dept-miit',
    });
    const created = await province.post('/api/designations', giant);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      grantingDepartmentCode: 'dept-miit',
      enterpriseName: '乙公司',
      cityCode: '370700',
    });
  });

  it('工信厅 may not write, change or delete high-tech designations (403)', async () => {
    expect(
      (await province.post('/api/designations', highTech(beta, '2025-11-01', '2028-10-31', 'x'))).status,
    ).toBe(403);
    expect(
      (await province.patch(`/api/designations/${ids.beta}`, { version: 1, documentNumber: 'x' })).status,
    ).toBe(403);
    expect((await province.delete(`/api/designations/${ids.beta}?version=1`)).status).toBe(403);
  });

  it('a city bureau and the system administrator may not write (403)', async () => {
    expect(
      (await weifang.post('/api/designations', highTech(beta, '2025-11-01', '2028-10-31', 'x'))).status,
    ).toBe(403);
    const admin = client(t, await signIn(t.app, 'admin', adminPassword));
    expect((await admin.get('/api/designations')).status).toBe(403);
  });
});

describe('designations: validation, conflicts, scope', () => {
  it('a bad credit code is 400 naming body.creditCode with the reason; an unregistered one too', async () => {
    const bad = await science.post(
      '/api/designations',
      highTech('91370700ABC', '2025-01-01', '2027-12-31', 'x'),
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.issues[0].field).toBe('body.creditCode');
    expect(bad.body.error.details.issues[0].message).toContain('18');
    const [unregistered] = buildCreditCodes(1, 700);
    const unknown = await science.post(
      '/api/designations',
      highTech(unregistered, '2025-01-01', '2027-12-31', 'x'),
    );
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details.issues[0].field).toBe('body.creditCode');
  });

  it('the same grant twice is 409; a stale version is 409; the current one updates', async () => {
    const again = await science.post('/api/designations', highTech(beta, '2022-11-01', '2025-10-31', 'dup'));
    expect(again.status).toBe(409);
    const updated = await science.patch(`/api/designations/${ids.beta}`, {
      version: 1,
      documentNumber: '鲁科字〔2022〕6号',
    });
    expect(updated.body).toMatchObject({ version: 2, documentNumber: '鲁科字〔2022〕6号' });
    const stale = await science.patch(`/api/designations/${ids.beta}`, {
      version: 1,
      documentNumber: 'stale',
    });
    expect(stale.status).toBe(409);
  });

  it('Weifang sees the designations of Weifang enterprises only; a Qingdao one is 404', async () => {
    const list = await weifang.get('/api/designations?pageSize=200');
    expect(list.body.items.every((item: { cityCode: string }) => item.cityCode === '370700')).toBe(true);
    expect(list.body.total).toBe(4);
    expect((await weifang.get(`/api/designations/${ids.gamma}`)).status).toBe(404);
    expect((await weifang.get(`/api/designations/${ids.alphaFirst}`)).status).toBe(200);
  });

  it('乙 revoked from 2025-03-01: valid on 2025-02-28, not on 2025-03-01, still ever granted; revokedOn ≤ grantedOn is 400', async () => {
    const current = (await science.get(`/api/designations/${ids.beta}`)).body;
    const revoked = await science.patch(`/api/designations/${ids.beta}`, {
      version: current.version,
      revokedOn: '2025-03-01',
    });
    expect(revoked.body).toMatchObject({ revokedOn: '2025-03-01' });
    const valid = (date: string) => province.get(`/api/designations?type=high-tech&validOn=${date}`);
    expect(creditCodes((await valid('2025-02-28')).body)).toEqual([alpha, beta, gamma].sort());
    expect(creditCodes((await valid('2025-03-01')).body)).toEqual([alpha, gamma].sort());
    expect((await province.get('/api/designations?type=high-tech&grantedBy=2025-03-01')).body.total).toBe(4);
    const early = await science.patch(`/api/designations/${ids.beta}`, {
      version: revoked.body.version,
      revokedOn: '2022-11-01',
    });
    expect(early.status).toBe(400);
    expect(early.body.error.details.issues[0].field).toBe('body.revokedOn');
  });

  it('a deleted designation no longer counts: 丙 deleted → ever granted up to 2024-12-31 is 3', async () => {
    expect((await science.delete(`/api/designations/${ids.gamma}?version=1`)).status).toBe(204);
    const all = await province.get('/api/designations?type=high-tech&grantedBy=2024-12-31');
    expect(all.body).toMatchObject({ total: 3, enterpriseCount: 2 });
  });
});
