import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildIdentityTestApp,
  buildUser,
  type IdentityTestApp,
  signIn,
} from '../../../test/identity-fixtures.ts';
import { buildClusterInput, buildCreditCodes, type Client, client } from '../../../test/registry-fixtures.ts';
import { auditLog, clusterMemberships, designations, enterprises } from '../../db/schema/index.ts';

/**
 * Worked example (docs/methods/rollup.md, "Derived cluster observations"), period 2024, memberships
 * valid on 2024-12-31:
 *   K1 潍坊 SD-C-0001: A (above scale, R&D 30, revenue 1000), B (above scale, 10 / 1000), C (below scale, 50 / 100)
 *   K2 青岛 SD-C-0002: B (also a member), D (above scale, 35 / 500), E (left on 2024-06-30)
 *   high-tech certificates: A and B valid, D expired on 2024-06-30, C's revoked from 2024-10-01
 */
let t: IdentityTestApp;
let province: Client;
let weifang: Client;
let qingdao: Client;
let department: Client;
let expert: Client;
let organisation: Client;

const [A, B, C] = buildCreditCodes(3, 1, '370700') as [string, string, string];
const [D, E] = buildCreditCodes(2, 101, '370200') as [string, string];

async function buildEnterprise(creditCode: string, cityCode: string, isAboveScale: boolean) {
  const at = new Date('2026-03-01T00:00:00Z');
  await t.database.db.insert(enterprises).values({
    creditCode,
    name: `企业 ${creditCode.slice(-4)}`,
    cityCode,
    industryDivision: '34',
    isAboveScale,
    createdAt: at,
    updatedAt: at,
  });
}

async function buildMembership(
  creditCode: string,
  clusterCode: string,
  validFrom: string,
  validTo: string | null = null,
) {
  const at = new Date('2026-03-01T00:00:00Z');
  await t.database.db
    .insert(clusterMemberships)
    .values({ creditCode, clusterCode, role: 'core', validFrom, validTo, createdAt: at, updatedAt: at });
}

async function buildHighTech(
  creditCode: string,
  grantedOn: string,
  expiresOn: string,
  revokedOn: string | null = null,
) {
  const at = new Date('2026-03-01T00:00:00Z');
  await t.database.db.insert(designations).values({
    creditCode,
    type: 'high-tech',
    level: 'national',
    grantedOn,
    expiresOn,
    revokedOn,
    documentNumber: '鲁科字〔2023〕1号',
    grantingDepartmentCode: 'dept-sti',
    createdAt: at,
    updatedAt: at,
  });
}

const obs = (subjectType: string, subjectCode: string, metric: string, period: string, value: number) => ({
  subjectType,
  subjectCode,
  metric,
  period,
  value,
});

async function findStored(subjectType: string, subjectCode: string, metric: string, period = '2024') {
  const response = await province.get(
    `/api/observations?subjectType=${subjectType}&subjectCode=${subjectCode}&metric=${metric}&periodFrom=${period}&periodTo=${period}`,
  );
  expect(response.status).toBe(200);
  const item = (response.body.items as { value: number; source: string; period: string }[]).find(
    (i) => i.period === period,
  );
  return item;
}

beforeAll(async () => {
  t = await buildIdentityTestApp();
  await buildUser(t, { username: 'qingdao-city', role: 'city', organisationCode: 'city-370200' });
  province = client(t, await signIn(t.app, 'demo-province'));
  weifang = client(t, await signIn(t.app, 'demo-city'));
  qingdao = client(t, await signIn(t.app, 'qingdao-city', 'Test-Passw0rd!'));
  department = client(t, await signIn(t.app, 'demo-department'));
  expert = client(t, await signIn(t.app, 'demo-expert'));
  organisation = client(t, await signIn(t.app, 'demo-cluster'));
  for (const input of [
    buildClusterInput({ code: 'SD-C-0001' }),
    buildClusterInput({
      code: 'SD-C-0002',
      name: '青岛市智能家电集群',
      nameEn: 'Qingdao Smart Home Appliances',
      leadIndustry: 'smart-appliances',
      cityCodes: ['370200'],
      leadCityCode: '370200',
      promotingOrganisationCode: 'cluster-org-demo',
    }),
  ]) {
    expect((await province.post('/api/clusters', input)).status).toBe(201);
  }
  await buildEnterprise(A, '370700', true);
  await buildEnterprise(B, '370700', true);
  await buildEnterprise(C, '370700', false);
  await buildEnterprise(D, '370200', true);
  await buildEnterprise(E, '370200', true);
  await buildMembership(A, 'SD-C-0001', '2020-01-01');
  await buildMembership(B, 'SD-C-0001', '2021-01-01');
  await buildMembership(B, 'SD-C-0002', '2021-01-01');
  await buildMembership(C, 'SD-C-0001', '2022-05-01');
  await buildMembership(D, 'SD-C-0002', '2020-01-01');
  await buildMembership(E, 'SD-C-0002', '2020-01-01', '2024-06-30');
  await buildHighTech(A, '2023-01-01', '2025-12-31');
  await buildHighTech(B, '2022-12-01', '2025-11-30');
  await buildHighTech(D, '2021-07-01', '2024-06-30');
  await buildHighTech(C, '2023-05-01', '2026-04-30', '2024-10-01');

  const weifangBatch = await weifang.post('/api/observations/batch', {
    items: [
      obs('enterprise', A, 'rd-expense', '2024', 30),
      obs('enterprise', A, 'revenue', '2024', 1000),
      obs('enterprise', B, 'rd-expense', '2024', 10),
      obs('enterprise', B, 'revenue', '2024', 1000),
      obs('enterprise', C, 'rd-expense', '2024', 50),
      obs('enterprise', C, 'revenue', '2024', 100),
      obs('enterprise', A, 'revenue', '2023', 800),
    ],
  });
  expect(weifangBatch.status).toBe(200);
  expect(weifangBatch.body).toMatchObject({
    written: 7,
    created: 7,
    updated: 0,
    recomputedPeriods: ['2023', '2024'],
  });
  const qingdaoBatch = await qingdao.post('/api/observations/batch', {
    items: [
      obs('enterprise', D, 'rd-expense', '2024', 35),
      obs('enterprise', D, 'revenue', '2024', 500),
      obs('enterprise', E, 'rd-expense', '2024', 90),
      obs('enterprise', E, 'revenue', '2024', 100),
    ],
  });
  expect(qingdaoBatch.status).toBe(200);
  // The provincial average as the statistics bureau publishes it, entered by a department.
  const average = await t.app.inject({
    method: 'PUT',
    url: '/api/observations',
    headers: (await signIn(t.app, 'demo-department')).headers,
    payload: { ...obs('province', '370000', 'rd-intensity-above-scale', '2024', 1.6), source: 'published' },
  });
  expect(average.statusCode).toBe(200);
  // Memberships and designations were written straight to the tables: counts need an explicit recompute
  // (observation writes recompute only the metrics that read the figures written).
  expect((await province.post('/api/metrics/recompute', { period: '2024' })).status).toBe(200);
});
afterAll(async () => {
  await t.close();
});

describe('roll-up of enterprise observations to clusters (worked example)', () => {
  it('K1 R&D intensity of above-scale members: 100 × (30 + 10) / (1000 + 1000) = 2.0 % (C below scale left out)', async () => {
    const item = await findStored('cluster', 'SD-C-0001', 'rd-intensity-above-scale');
    expect(item?.source).toBe('rollup');
    expect(item?.value).toBeCloseTo(2.0, 12);
  });

  it('K2: 100 × (10 + 35) / (1000 + 500) = 3.0 % (B counts in both clusters; E left before the period end)', async () => {
    expect((await findStored('cluster', 'SD-C-0002', 'rd-intensity-above-scale'))?.value).toBeCloseTo(
      3.0,
      12,
    );
  });

  it('gap to the provincial average published at 1.6 %: K1 2.0 − 1.6 = 0.4 pp, K2 3.0 − 1.6 = 1.4 pp', async () => {
    expect((await findStored('cluster', 'SD-C-0001', 'rd-intensity-gap'))?.value).toBeCloseTo(0.4, 12);
    expect((await findStored('cluster', 'SD-C-0002', 'rd-intensity-gap'))?.value).toBeCloseTo(1.4, 12);
    // The province value stays as entered: it is not derived from the registry.
    expect(await findStored('province', '370000', 'rd-intensity-above-scale')).toMatchObject({
      value: 1.6,
      source: 'published',
    });
  });

  it('revenue of K1 is the sum over all members: 1000 + 1000 + 100 = 2100', async () => {
    expect((await findStored('cluster', 'SD-C-0001', 'revenue'))?.value).toBe(2100);
  });

  it('high-tech enterprises: K1 {A, B} = 2 (C revoked 2024-10-01), K2 {B} = 1 (D expired 2024-06-30), province {A, B} = 2 (B once)', async () => {
    expect((await findStored('cluster', 'SD-C-0001', 'high-tech-enterprises'))?.value).toBe(2);
    expect((await findStored('cluster', 'SD-C-0002', 'high-tech-enterprises'))?.value).toBe(1);
    expect((await findStored('province', '370000', 'high-tech-enterprises'))?.value).toBe(2);
  });

  it('members: K1 3, K2 2, province-wide 4 = |{A, B, C} ∪ {B, D}| (not 3 + 2 = 5)', async () => {
    expect((await findStored('cluster', 'SD-C-0001', 'member-enterprises'))?.value).toBe(3);
    expect((await findStored('cluster', 'SD-C-0002', 'member-enterprises'))?.value).toBe(2);
    expect((await findStored('province', '370000', 'member-enterprises'))?.value).toBe(4);
  });

  it('recomputes when an enterprise figure changes: A R&D 30 → 50 gives 100 × 60 / 2000 = 3.0 %, gap 1.4 pp', async () => {
    const changed = await weifang.post('/api/observations/batch', {
      items: [obs('enterprise', A, 'rd-expense', '2024', 50)],
    });
    expect(changed.body).toMatchObject({ written: 1, updated: 1, recomputedPeriods: ['2024'] });
    expect((await findStored('cluster', 'SD-C-0001', 'rd-intensity-above-scale'))?.value).toBeCloseTo(
      3.0,
      12,
    );
    expect((await findStored('cluster', 'SD-C-0001', 'rd-intensity-gap'))?.value).toBeCloseTo(1.4, 12);
    // The same figure again changes nothing.
    const again = await weifang.post('/api/observations/batch', {
      items: [obs('enterprise', A, 'rd-expense', '2024', 50)],
    });
    expect(again.body).toMatchObject({ written: 0, unchanged: 1, recomputedPeriods: [] });
  });

  it('an explicit recompute reports what it did and is audited', async () => {
    const response = await province.post('/api/metrics/recompute', { period: '2024', metrics: ['revenue'] });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      period: '2024',
      metrics: ['revenue'],
      clusters: 2,
      written: 0,
      removed: 0,
    });
    const audits = await t.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'metrics.recomputed'));
    expect(audits.length).toBeGreaterThan(0);
  });
});

describe('observations: scope, permissions and rules', () => {
  it('a city sees its own enterprises and clusters and the province figures, not another city’s', async () => {
    const response = await weifang.get('/api/observations?pageSize=200');
    expect(response.status).toBe(200);
    const subjects = new Set((response.body.items as { subjectCode: string }[]).map((i) => i.subjectCode));
    expect(subjects.has(A) && subjects.has('SD-C-0001') && subjects.has('370000')).toBe(true);
    expect(subjects.has(D) || subjects.has('SD-C-0002')).toBe(false);
  });

  it('filters by metric, subject type and period range, with paging', async () => {
    const response = await province.get(
      `/api/observations?metric=revenue&subjectType=enterprise&periodFrom=2023&periodTo=2023&pageSize=1`,
    );
    expect(response.body).toMatchObject({ total: 1, pageSize: 1, items: [{ subjectCode: A, value: 800 }] });
  });

  it('another city’s enterprise is 404, and a batch with it writes nothing (all or nothing)', async () => {
    const response = await weifang.post('/api/observations/batch', {
      items: [obs('enterprise', A, 'revenue', '2024Q1', 240), obs('enterprise', D, 'revenue', '2024Q1', 120)],
    });
    expect(response.status).toBe(404);
    expect(await findStored('enterprise', A, 'revenue', '2024Q1')).toBeUndefined();
  });

  it('a cluster organisation sees and writes its cluster and its members only (K2: B, D, E; not A, K1)', async () => {
    const response = await organisation.get('/api/observations?pageSize=200');
    expect(response.status).toBe(200);
    const subjects = new Set((response.body.items as { subjectCode: string }[]).map((i) => i.subjectCode));
    expect([B, D, 'SD-C-0002'].every((code) => subjects.has(code))).toBe(true);
    expect([A, C, 'SD-C-0001'].some((code) => subjects.has(code))).toBe(false);
    const own = await organisation.post('/api/observations/batch', {
      items: [obs('enterprise', D, 'revenue', '2023', 450)],
    });
    expect(own.status).toBe(200);
    const other = await organisation.post('/api/observations/batch', {
      items: [obs('enterprise', A, 'revenue', '2022', 1)],
    });
    expect(other.status).toBe(404);
  });

  it('park figures: Weifang enters its park’s output; Qingdao neither sees nor writes it (404)', async () => {
    const park = await province.post('/api/parks', {
      code: 'SD-P-0001',
      name: '潍坊高新技术产业开发区',
      cityCode: '370700',
      level: 'national',
      clusterCodes: ['SD-C-0001'],
    });
    expect(park.status).toBe(201);
    const written = await weifang.post('/api/observations/batch', {
      items: [obs('park', 'SD-P-0001', 'industrial-output', '2024', 5200)],
    });
    expect(written.status).toBe(200);
    expect((await findStored('park', 'SD-P-0001', 'industrial-output'))?.value).toBe(5200);
    const foreign = await qingdao.post('/api/observations/batch', {
      items: [obs('park', 'SD-P-0001', 'industrial-output', '2024', 1)],
    });
    expect(foreign.status).toBe(404);
    const seen = await qingdao.get('/api/observations?subjectType=park');
    expect(seen.body.total).toBe(0);
  });

  it('roles without the permission get 403; a city may not enter province figures (403)', async () => {
    expect((await expert.get('/api/observations')).status).toBe(403);
    expect((await expert.get('/api/metrics')).status).toBe(403);
    const cityProvince = await weifang.post('/api/observations/batch', {
      items: [obs('province', '370000', 'rd-intensity-above-scale', '2023', 1.5)],
    });
    expect(cityProvince.status).toBe(403);
    const departmentEnterprise = await department.post('/api/observations/batch', {
      items: [obs('enterprise', A, 'revenue', '2022', 700)],
    });
    expect(departmentEnterprise.status).toBe(403);
  });

  it('derived values, unknown metrics, wrong period kinds and duplicates are refused', async () => {
    const derived = await province.post('/api/observations/batch', {
      items: [obs('cluster', 'SD-C-0001', 'rd-intensity-above-scale', '2024', 9)],
    });
    expect(derived.status).toBe(422);
    const unknown = await province.post('/api/observations/batch', {
      items: [obs('enterprise', A, 'no-such-metric', '2024', 1)],
    });
    expect(unknown.status).toBe(400);
    const quarterly = await province.post('/api/observations/batch', {
      items: [obs('enterprise', A, 'employees', '2024Q2', 100)],
    });
    expect(quarterly.status).toBe(422);
    const duplicate = await province.post('/api/observations/batch', {
      items: [obs('enterprise', A, 'revenue', '2022', 1), obs('enterprise', A, 'revenue', '2022', 2)],
    });
    expect(duplicate.status).toBe(400);
    expect(duplicate.body.error.details).toMatchObject({ index: 1, duplicateOf: 0 });
  });

  it('a stale version is 409; an accepted figure is locked (423) for the city', async () => {
    const current = await findStored('enterprise', A, 'revenue', '2023');
    expect(current).toBeDefined();
    const stale = await weifang.post('/api/observations/batch', {
      items: [{ ...obs('enterprise', A, 'revenue', '2023', 810), version: 7 }],
    });
    expect(stale.status).toBe(409);
    const accept = await province.post('/api/observations/batch', {
      items: [{ ...obs('enterprise', A, 'revenue', '2023', 800), status: 'accepted' }],
    });
    expect(accept.status).toBe(200);
    const locked = await weifang.post('/api/observations/batch', {
      items: [obs('enterprise', A, 'revenue', '2023', 820)],
    });
    expect(locked.status).toBe(423);
    const selfAccept = await weifang.post('/api/observations/batch', {
      items: [{ ...obs('enterprise', B, 'revenue', '2023', 900), status: 'accepted' }],
    });
    expect(selfAccept.status).toBe(403);
  });

  it('every write is audited with before and after (A R&D 2024: 30 → 50 by demo-city)', async () => {
    const rows = await t.database.db
      .select()
      .from(auditLog)
      .where(
        and(
          inArray(auditLog.action, ['observation.upserted', 'observations.upserted']),
          eq(auditLog.actorName, 'demo-city'),
        ),
      );
    const changes = rows.flatMap(
      (row) =>
        (
          row.after as {
            changes: { before: { value: number } | null; after: { metric: string; value: number } }[];
          }
        ).changes,
    );
    expect(changes).toContainEqual(
      expect.objectContaining({
        before: expect.objectContaining({ subjectCode: A, metric: 'rd-expense', value: 30 }),
        after: expect.objectContaining({ value: 50 }),
      }),
    );
  });
});

describe('growth only between comparable periods', () => {
  it('A revenue 2024 over 2023: (1000 − 800) / 800 = 0.25', async () => {
    const response = await weifang.get(
      `/api/observations/growth?subjectType=enterprise&subjectCode=${A}&metric=revenue&period=2024`,
    );
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ previous: '2023', value: 1000, previousValue: 800 });
    expect(response.body.growth).toBeCloseTo(0.25, 12);
  });

  it('2024 against 2024Q3 is not comparable: 422', async () => {
    const response = await weifang.get(
      `/api/observations/growth?subjectType=enterprise&subjectCode=${A}&metric=revenue&period=2024&previous=2024Q3`,
    );
    expect(response.status).toBe(422);
  });

  it('another city’s enterprise is 404', async () => {
    const response = await weifang.get(
      `/api/observations/growth?subjectType=enterprise&subjectCode=${D}&metric=revenue&period=2024`,
    );
    expect(response.status).toBe(404);
  });
});

describe('metric catalogue', () => {
  it('is seeded from core and lists derived metrics with their rule', async () => {
    const response = await weifang.get('/api/metrics?subjectType=cluster&derived=true');
    expect(response.status).toBe(200);
    const gap = (response.body.items as { code: string; derivation: unknown }[]).find(
      (m) => m.code === 'rd-intensity-gap',
    );
    expect(gap?.derivation).toEqual({ kind: 'gap_to_province', metric: 'rd-intensity-above-scale' });
  });

  it('the province adds and updates a metric (optimistic locking); a city may not (403)', async () => {
    const body = {
      code: 'smart-factory-output',
      name: '智能工厂产值',
      nameEn: 'Output of smart factories',
      unit: '万元',
      periodKinds: ['year'],
      subjectTypes: ['enterprise', 'cluster'],
      derivation: { kind: 'rollup', rule: { kind: 'sum', metric: 'smart-factory-output' } },
      publisher: null,
      description: null,
    };
    expect((await weifang.post('/api/metrics', body)).status).toBe(403);
    const created = await province.post('/api/metrics', body);
    expect(created.status).toBe(201);
    expect((await province.post('/api/metrics', body)).status).toBe(409);
    const updated = await province.patch('/api/metrics/smart-factory-output', { unit: '亿元', version: 1 });
    expect(updated.body).toMatchObject({ unit: '亿元', version: 2 });
    expect(
      (await province.patch('/api/metrics/smart-factory-output', { unit: '元', version: 1 })).status,
    ).toBe(409);
    const badReference = await province.patch('/api/metrics/smart-factory-output', {
      derivation: { kind: 'gap_to_province', metric: 'nothing-like-this' },
      version: 2,
    });
    expect(badReference.status).toBe(400);
  });
});
