import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildIdentityTestApp,
  buildUser,
  type IdentityTestApp,
  type Session,
  signIn,
} from '../../../test/identity-fixtures.ts';
import {
  buildClusterInput,
  buildCreditCodes,
  buildEnterpriseInput,
  type Client,
  client,
} from '../../../test/registry-fixtures.ts';
import { auditLog, enterprises } from '../../db/schema/index.ts';
import { openCsv } from '../../spreadsheet/csv-reader.ts';
import { openXlsx, type SheetCell } from '../../spreadsheet/xlsx-reader.ts';

let t: IdentityTestApp;
let provinceSession: Session;
let weifangSession: Session;
let qingdaoSession: Session;
let province: Client;

const hostile = '=HYPERLINK("http://evil.example","点我")';
const weifangCodes = buildCreditCodes(4, 100, '370700');
const qingdaoCodes = buildCreditCodes(2, 200, '370200');
const bulkCodes = buildCreditCodes(1205, 10_000, '370300');

async function download(session: Session, url: string) {
  const response = await t.app.inject({ method: 'GET', url, headers: { cookie: session.cookie } });
  return response;
}

async function csvRows(session: Session, url: string): Promise<string[][]> {
  const response = await download(session, url);
  expect(response.statusCode).toBe(200);
  expect(response.headers['content-type']).toContain('text/csv');
  const rows: string[][] = [];
  for await (const row of openCsv(response.rawPayload).rows) rows.push(row.cells.map((c) => String(c ?? '')));
  return rows;
}

async function xlsxRows(session: Session, url: string, sheet: string): Promise<SheetCell[][]> {
  const response = await download(session, url);
  expect(response.statusCode).toBe(200);
  const workbook = await openXlsx(response.rawPayload);
  const rows: SheetCell[][] = [];
  for await (const row of workbook.readSheet(sheet)) rows.push(row.cells);
  await workbook.close();
  return rows;
}

beforeAll(async () => {
  t = await buildIdentityTestApp();
  await buildUser(t, { username: 'qingdao-city', role: 'city', organisationCode: 'city-370200' });
  provinceSession = await signIn(t.app, 'demo-province');
  weifangSession = await signIn(t.app, 'demo-city');
  qingdaoSession = await signIn(t.app, 'qingdao-city', 'Test-Passw0rd!');
  province = client(t, provinceSession);
  expect(
    (await province.post('/api/clusters', buildClusterInput({ code: 'SD-C-0001', name: `${hostile}集群` })))
      .status,
  ).toBe(201);
  expect(
    (
      await province.post(
        '/api/clusters',
        buildClusterInput({
          code: 'SD-C-0002',
          name: '青岛智能家电集群',
          cityCodes: ['370200'],
          leadCityCode: '370200',
        }),
      )
    ).status,
  ).toBe(201);
  const inputs = [
    buildEnterpriseInput({ creditCode: weifangCodes[0], name: hostile }),
    buildEnterpriseInput({ creditCode: weifangCodes[1], name: '潍坊甲机械有限公司' }),
    buildEnterpriseInput({ creditCode: weifangCodes[2], name: '潍坊乙动力有限公司' }),
    buildEnterpriseInput({ creditCode: weifangCodes[3], name: '潍坊丙配件厂', isAboveScale: false }),
    buildEnterpriseInput({
      creditCode: qingdaoCodes[0],
      name: '青岛甲电器',
      cityCode: '370200',
      countyCode: null,
    }),
    buildEnterpriseInput({
      creditCode: qingdaoCodes[1],
      name: '青岛乙电子',
      cityCode: '370200',
      countyCode: null,
    }),
  ];
  for (const input of inputs) expect((await province.post('/api/enterprises', input)).status).toBe(201);
  // 1,205 Zibo enterprises straight into the table: more than one export page (1,000 rows).
  const at = new Date('2026-03-01T00:00:00Z');
  await t.database.db.insert(enterprises).values(
    bulkCodes.map((creditCode, i) => ({
      creditCode,
      name: `淄博企业${String(i).padStart(4, '0')}`,
      cityCode: '370300',
      industryDivision: '26',
      isAboveScale: i % 2 === 0,
      createdAt: at,
      updatedAt: at,
    })),
  );
  for (const code of weifangCodes.slice(0, 2)) {
    const membership = await province.post(`/api/enterprises/${code}/memberships`, {
      clusterCode: 'SD-C-0001',
      role: 'core',
      validFrom: '2023-01-01',
    });
    expect(membership.status).toBe(201);
  }
});
afterAll(async () => {
  await t.close();
});

describe('list export', () => {
  it('exports exactly the filtered, sorted list: Weifang above-scale enterprises by name descending (3 rows)', async () => {
    const filter = 'cityCode=370700&isAboveScale=true&sort=-name';
    const list = await province.get(`/api/enterprises?${filter}`);
    const expected = list.body.items.map((e: { creditCode: string }) => e.creditCode);
    expect(expected).toHaveLength(3);
    const csv = await csvRows(provinceSession, `/api/enterprises/export?format=csv&${filter}`);
    expect(csv[0]?.slice(0, 2)).toEqual(['统一社会信用代码 / Credit code', '企业名称 / Name']);
    expect(csv.slice(1).map((row) => row[0])).toEqual(expected);
    const xlsx = await xlsxRows(provinceSession, `/api/enterprises/export?${filter}`, '企业 Enterprises');
    expect(xlsx.slice(1).map((row) => row[0])).toEqual(expected);
  });

  it('pages through the whole list: 1,205 Zibo enterprises = 1,000 + 205, the same order as the list pages', async () => {
    const csv = await csvRows(provinceSession, '/api/enterprises/export?format=csv&cityCode=370300');
    expect(csv).toHaveLength(1 + 1205);
    expect(csv.slice(1).map((row) => row[0])).toEqual([...bulkCodes].sort());
    const half = await csvRows(
      provinceSession,
      '/api/enterprises/export?format=csv&cityCode=370300&isAboveScale=true',
    );
    expect(half).toHaveLength(1 + 603); // even indices 0, 2, …, 1204
  });

  it('neutralises a name "=HYPERLINK(...)" in both formats (leading apostrophe), and names the file by date', async () => {
    const csv = await csvRows(provinceSession, `/api/enterprises/export?format=csv&q=${weifangCodes[0]}`);
    expect(csv[1]?.[1]).toBe(`'${hostile}`);
    const xlsx = await xlsxRows(
      provinceSession,
      `/api/enterprises/export?q=${weifangCodes[0]}`,
      '企业 Enterprises',
    );
    expect(xlsx[1]?.[1]).toBe(`'${hostile}`);
    const clusters = await csvRows(provinceSession, '/api/clusters/export?format=csv&cityCode=370700');
    expect(clusters[1]?.[1]).toBe(`'${hostile}集群`);
    const response = await download(provinceSession, '/api/clusters/export');
    // The test clock is 2026-03-02T01:00Z: 2026-03-02 in China.
    expect(response.headers['content-disposition']).toContain('filename="clusters-2026-03-02.xlsx"');
    expect(response.headers['content-disposition']).toContain(
      `filename*=UTF-8''${encodeURIComponent('集群-2026-03-02.xlsx')}`,
    );
  });

  it('respects the scope: Weifang exports its 4 enterprises and Qingdao only its cluster', async () => {
    const weifang = await csvRows(weifangSession, '/api/enterprises/export?format=csv');
    expect(
      weifang
        .slice(1)
        .map((row) => row[0])
        .sort(),
    ).toEqual([...weifangCodes].sort());
    const qingdao = await csvRows(qingdaoSession, '/api/clusters/export?format=csv');
    expect(qingdao.slice(1).map((row) => row[0])).toEqual(['SD-C-0002']);
    // Another city's cluster members: 404, as for the list.
    expect((await download(qingdaoSession, '/api/clusters/SD-C-0001/memberships/export')).statusCode).toBe(
      404,
    );
  });

  it('audits enterprise.exported with the filter and the row count', async () => {
    await csvRows(weifangSession, '/api/enterprises/export?format=csv&isAboveScale=true');
    const rows = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'enterprise.exported'), eq(auditLog.actorName, 'demo-city')));
    expect(rows.at(-1)?.after).toEqual({ format: 'csv', filter: { isAboveScale: true }, rows: 3 });
  });

  it('exports memberships, designations, carriers, parks, observations and refuses an unknown format', async () => {
    const members = await csvRows(provinceSession, '/api/clusters/SD-C-0001/memberships/export?format=csv');
    expect(
      members
        .slice(1)
        .map((row) => row[1])
        .sort(),
    ).toEqual(weifangCodes.slice(0, 2).sort());
    const grant = await province.post('/api/designations', {
      creditCode: weifangCodes[1],
      type: 'little-giant',
      level: 'national',
      grantedOn: '2024-07-01',
      expiresOn: '2027-06-30',
      documentNumber: '工信部企业函〔2024〕1号',
    });
    expect(grant.status).toBe(201);
    const designations = await csvRows(
      provinceSession,
      '/api/designations/export?format=csv&validOn=2025-01-01',
    );
    // Coded values by the names the import templates take; the city by name and by code.
    expect(designations[0]?.slice(2, 6)).toEqual([
      '城市 / City',
      '城市代码 / City code',
      '称号类型 / Type',
      '级别 / Level',
    ]);
    expect(designations.slice(1).map((row) => row.slice(0, 1).concat(row.slice(2, 6)))).toEqual([
      [weifangCodes[1], '潍坊市', '370700', '专精特新“小巨人”企业', '国家级'],
    ]);
    const park = await province.post('/api/parks', {
      code: 'SD-P-0001',
      name: '@潍坊高新区',
      cityCode: '370700',
      countyCode: null,
      level: 'national',
      ecoIndustrialStatus: 'national',
      fiveGCoverage: 'full',
      clusterCodes: ['SD-C-0001'],
    });
    expect(park.status).toBe(201);
    const parks = await csvRows(provinceSession, '/api/parks/export?format=csv');
    expect(parks.slice(1).map((row) => row.slice(1, 5))).toEqual([["'@潍坊高新区", '潍坊市', '370700', '']]);
    expect(parks[1]?.slice(5, 8)).toEqual(['国家级', '国家级', '全覆盖']);
    const carrier = await province.post('/api/carriers', {
      name: '-潍柴技术中心',
      type: 'enterprise-technology-centre',
      level: 'national',
      hostCreditCode: weifangCodes[1],
      hostName: '潍坊甲机械有限公司',
      cityCode: '370700',
      clusterCode: 'SD-C-0001',
    });
    expect(carrier.status).toBe(201);
    const carriers = await csvRows(provinceSession, '/api/carriers/export?format=csv&clusterCode=SD-C-0001');
    expect(carriers.slice(1).map((row) => row[0])).toEqual(["'-潍柴技术中心"]);
    const observation = await t.app.inject({
      method: 'PUT',
      url: '/api/observations',
      headers: provinceSession.headers,
      payload: {
        subjectType: 'enterprise',
        subjectCode: weifangCodes[1],
        metric: 'revenue',
        period: '2024',
        value: 1234.5,
      },
    });
    expect(observation.statusCode).toBe(200);
    const observations = await xlsxRows(
      provinceSession,
      `/api/observations/export?subjectCode=${weifangCodes[1]}&metric=revenue`,
      '观测值 Observations',
    );
    expect(observations.slice(1).map((row) => row.slice(0, 5))).toEqual([
      ['enterprise', weifangCodes[1], 'revenue', '2024', 1234.5],
    ]);
    expect((await download(provinceSession, '/api/parks/export?format=pdf')).statusCode).toBe(400);
  });
});
