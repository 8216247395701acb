// A city bureau (市工信局) manages its own city's enterprises and their memberships (issue 4, item 3):
// create, update, membership, delete and import succeed in its city; anything in another city is 404.

import { and, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIdentityTestApp, type IdentityTestApp, signIn } from '../../../test/identity-fixtures.ts';
import {
  buildClusterInput,
  buildCreditCodes,
  buildEnterpriseInput,
  type Client,
  client,
} from '../../../test/registry-fixtures.ts';
import { auditLog } from '../../db/schema/index.ts';

let t: IdentityTestApp;
let province: Client;
let weifang: Client; // demo-city: 潍坊市工信局 (city-370700)

const [own = '', imported = ''] = buildCreditCodes(2, 400, '370700');
const [qingdaoCode = ''] = buildCreditCodes(1, 500, '370200');

beforeAll(async () => {
  t = await buildIdentityTestApp();
  province = client(t, await signIn(t.app, 'demo-province'));
  weifang = client(t, await signIn(t.app, 'demo-city'));
  expect((await province.post('/api/clusters', buildClusterInput({ code: 'WF-POWER' }))).status).toBe(201);
  const qingdaoCluster = buildClusterInput({
    code: 'QD-HOME',
    cityCodes: ['370200'],
    leadCityCode: '370200',
  });
  expect((await province.post('/api/clusters', qingdaoCluster)).status).toBe(201);
  const qingdao = buildEnterpriseInput({ creditCode: qingdaoCode, cityCode: '370200', countyCode: null });
  expect((await province.post('/api/enterprises', qingdao)).status).toBe(201);
});
afterAll(async () => {
  await t.close();
});

describe('a city bureau manages its enterprises', () => {
  it('registers, changes and audits a Weifang enterprise (201, version 1 → 2)', async () => {
    const created = await weifang.post(
      '/api/enterprises',
      buildEnterpriseInput({ creditCode: own, name: '潍坊新材料' }),
    );
    expect(created.status).toBe(201);
    const updated = await weifang.patch(`/api/enterprises/${own}`, { version: 1, has5g: false });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ version: 2, has5g: false });
    const audited = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, own), eq(auditLog.actorName, 'demo-city')));
    expect(audited.map((row) => row.action)).toEqual(['enterprise.created', 'enterprise.updated']);
  });

  it('adds its enterprise to a cluster of its city; a Qingdao-only cluster is unknown to it (400)', async () => {
    const joined = await weifang.post(`/api/enterprises/${own}/memberships`, {
      clusterCode: 'WF-POWER',
      role: 'supporting',
      validFrom: '2024-01-01',
    });
    expect(joined.status).toBe(201);
    const foreign = await weifang.post(`/api/enterprises/${own}/memberships`, {
      clusterCode: 'QD-HOME',
      role: 'supporting',
      validFrom: '2024-01-01',
    });
    expect(foreign.status).toBe(400);
    // Ending the membership (validTo in the past) lets the bureau delete the enterprise.
    const ended = await weifang.patch(`/api/enterprises/${own}/memberships/${joined.body.id}`, {
      version: 1,
      validTo: '2025-12-31',
    });
    expect(ended.status).toBe(200);
    expect((await weifang.delete(`/api/enterprises/${own}?version=2`)).status).toBe(204);
  });

  it('cannot register, change, move or delete in another city: 404 (existence not disclosed)', async () => {
    const [fresh] = buildCreditCodes(1, 501, '370200');
    const input = buildEnterpriseInput({ creditCode: fresh, cityCode: '370200', countyCode: null });
    expect((await weifang.post('/api/enterprises', input)).status).toBe(404);
    expect((await weifang.patch(`/api/enterprises/${qingdaoCode}`, { version: 1, has5g: true })).status).toBe(
      404,
    );
    expect((await weifang.delete(`/api/enterprises/${qingdaoCode}?version=1`)).status).toBe(404);
    const membership = await weifang.post(`/api/enterprises/${qingdaoCode}/memberships`, {
      clusterCode: 'WF-POWER',
      role: 'core',
      validFrom: '2024-01-01',
    });
    expect(membership.status).toBe(404);
    expect((await province.get(`/api/enterprises/${qingdaoCode}`)).body.version).toBe(1);
  });

  it('imports a roster of its own city (committed: 1 row)', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('企业名录');
    ws.addRow(['统一社会信用代码', '企业名称', '所在城市', '所在区县', '行业大类', '是否规上']);
    ws.addRow([imported, '潍坊导入企业', '潍坊市', '奎文区', '34', '是']);
    const file = Buffer.from(await wb.xlsx.writeBuffer());
    const boundary = '----qunce-city-import';
    const payload = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="名录.xlsx"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      file,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const session = await signIn(t.app, 'demo-city');
    const started = await t.app.inject({
      method: 'POST',
      url: '/api/imports/enterprises?dryRun=false',
      headers: { ...session.headers, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload,
    });
    expect(started.statusCode).toBe(202);
    await t.app.jobs.idle();
    const job = await t.app.inject({
      method: 'GET',
      url: `/api/jobs/${started.json().id}`,
      headers: session.headers,
    });
    expect(job.json().result).toMatchObject({ committed: true, issues: [] });
    expect((await weifang.get(`/api/enterprises/${imported}`)).body.name).toBe('潍坊导入企业');
  });
});
