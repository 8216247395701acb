import { isDesignationValidOn, wasDesignationGrantedBy } from '@qunce/core/rollup';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIdentityTestApp, type IdentityTestApp, signIn } from '../../../test/identity-fixtures.ts';
import { buildCreditCodes, type Client, client } from '../../../test/registry-fixtures.ts';
import { insertEnterprise } from '../enterprises/enterprises.repository.ts';
import { insertDesignation } from './designations.repository.ts';

/** Day n of 2024 (0 = 2024-01-01) as YYYY-MM-DD. */
const day = (n: number) => new Date(Date.UTC(2024, 0, 1 + n)).toISOString().slice(0, 10);

type Grant = { grantedOn: string; expiresOn: string | null; revokedOn: string | null };

// 60 grants inside the first 120 days of 2024: some without expiry, some revoked (always after the grant).
const grantArbitrary = fc
  .record({
    granted: fc.integer({ min: 0, max: 100 }),
    expiresAfter: fc.option(fc.integer({ min: 0, max: 60 }), { nil: null }),
    revokedAfter: fc.option(fc.integer({ min: 1, max: 60 }), { freq: 3, nil: null }),
  })
  .map(
    ({ granted, expiresAfter, revokedAfter }): Grant => ({
      grantedOn: day(granted),
      expiresOn: expiresAfter === null ? null : day(granted + expiresAfter),
      revokedOn: revokedAfter === null ? null : day(granted + revokedAfter),
    }),
  );
const [grants = []] = fc.sample(fc.array(grantArbitrary, { minLength: 60, maxLength: 60 }), {
  seed: 20241231,
  numRuns: 1,
});
const codes = buildCreditCodes(grants.length, 900);

let t: IdentityTestApp;
let province: Client;

beforeAll(async () => {
  t = await buildIdentityTestApp();
  province = client(t, await signIn(t.app, 'demo-province'));
  const db = t.database.db;
  const at = t.clock.now();
  for (const [i, grant] of grants.entries()) {
    const creditCode = codes[i] ?? '';
    await insertEnterprise(db, {
      creditCode,
      name: `企业${i}`,
      cityCode: '370700',
      industryDivision: '34',
      isAboveScale: true,
      createdAt: at,
      updatedAt: at,
    });
    await insertDesignation(db, {
      creditCode,
      type: 'high-tech',
      level: 'national',
      ...grant,
      documentNumber: `鲁科字〔2024〕${i}号`,
      grantingDepartmentCode: 'dept-sti',
      createdAt: at,
      updatedAt: at,
    });
  }
});
afterAll(async () => {
  await t.close();
});

describe('designation queries agree with the roll-up’s pure rules on 60 seeded grants', () => {
  it('for every 5th day of the first 180 days of 2024: validOn = #isDesignationValidOn, grantedBy = #wasDesignationGrantedBy', async () => {
    // The sample exercises every branch: open-ended, expiring and revoked grants.
    expect(grants.some((grant) => grant.expiresOn === null)).toBe(true);
    expect(grants.some((grant) => grant.expiresOn !== null)).toBe(true);
    expect(grants.some((grant) => grant.revokedOn !== null)).toBe(true);
    for (let n = 0; n < 180; n += 5) {
      const date = day(n);
      const pure = grants.map((grant, i) => ({ ...grant, enterpriseId: codes[i] ?? '', type: 'high-tech' }));
      const valid = await province.get(`/api/designations?validOn=${date}&pageSize=1`);
      const granted = await province.get(`/api/designations?grantedBy=${date}&pageSize=1`);
      expect({ date, valid: valid.body.total, granted: granted.body.total }).toEqual({
        date,
        valid: pure.filter((d) => isDesignationValidOn(d, date)).length,
        granted: pure.filter((d) => wasDesignationGrantedBy(d, date)).length,
      });
    }
  });
});
