import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/db.ts';
import { buildCreditCodes } from '../../../test/registry-fixtures.ts';
import { buildTestApp, signIn, type TestSession } from '../../../test/sessions.ts';

/** A multipart/form-data body with one file part, as a browser sends it. */
function multipart(filename: string, content: Buffer): { payload: Buffer; headers: Record<string, string> } {
  const boundary = '----qunce-import-boundary-Zu0gW7MA4YWxk';
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\n` +
      'Content-Type: application/octet-stream\r\n\r\n',
  );
  return {
    payload: Buffer.concat([head, content, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

const [wf1, wf2] = buildCreditCodes(2, 700, '370700');
const [qd1] = buildCreditCodes(1, 800, '370200');

async function roster(qingdaoCity = '青岛市'): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('企业名录');
  ws.addRow(['统一社会信用代码', '企业名称', '所在城市', '所在区县', '行业大类', '是否规上']);
  ws.addRow([wf1, '潍柴动力股份有限公司', '潍坊市', '奎文区', '34', '是']);
  ws.addRow([wf2, '歌尔股份有限公司', '潍坊', null, '39', '是']);
  ws.addRow([qd1, '海尔智家股份有限公司', qingdaoCity, null, '38', '是']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

let database: TestDatabase;
let app: FastifyInstance;
let city: TestSession;
let province: TestSession;

beforeAll(async () => {
  database = await createTestDatabase();
  ({ app } = await buildTestApp(database));
  city = await signIn(app, 'demo-city');
  province = await signIn(app, 'demo-province');
});

afterAll(async () => {
  await app.close();
  await database.drop();
});

async function runImport(session: TestSession, file: Buffer, name: string, dryRun: boolean) {
  const body = multipart(name, file);
  const started = await app.inject({
    method: 'POST',
    url: `/api/imports/enterprises?dryRun=${dryRun}`,
    headers: { ...session.headers, ...body.headers },
    payload: body.payload,
  });
  return started;
}

async function finishedJob(session: TestSession, id: string) {
  await app.jobs.idle();
  const job = await app.inject({ method: 'GET', url: `/api/jobs/${id}`, headers: session.headers });
  return job.json();
}

describe('enterprise import over HTTP', () => {
  it('the template: instruction sheet, then 企业名录 with the eight headers (required ones starred)', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/api/imports/enterprises/template',
      headers: province.headers,
    });
    expect(response.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('企业名录');
    const headers = ((sheet?.getRow(1).values ?? []) as unknown[])
      .filter((v) => typeof v === 'string')
      .join('|');
    expect(headers).toContain('统一社会信用代码');
    expect(headers).toContain('是否5G覆盖');
  });

  it('a city bureau imports its own city only: the Qingdao row 4 is refused, nothing is written', async () => {
    const started = await runImport(city, await roster(), '名单.xlsx', false);
    expect(started.statusCode).toBe(202);
    const job = await finishedJob(city, started.json().id);
    expect(job.result.committed).toBe(false);
    expect(job.result.issues).toHaveLength(1);
    expect(job.result.issues[0]).toMatchObject({ row: 4, column: 'C' });
  });

  it('an unknown city (苏州) in row 4: the job reports it, nothing is written, errors.xlsx comes back with the error list', async () => {
    const started = await runImport(province, await roster('苏州'), '名单.xlsx', false);
    expect(started.statusCode).toBe(202);
    const job = await finishedJob(province, started.json().id);
    expect(job.status).toBe('succeeded');
    expect(job.result.committed).toBe(false);
    expect(job.result.issues).toHaveLength(1);
    expect(job.result.issues[0]).toMatchObject({ row: 4, column: 'C', value: '苏州' });
    const list = await app.inject({ method: 'GET', url: '/api/enterprises', headers: province.headers });
    expect(list.json().total).toBe(0);

    const errors = await app.inject({
      method: 'GET',
      url: `/api/imports/${job.id}/errors.xlsx`,
      headers: province.headers,
    });
    expect(errors.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(errors.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((s) => s.name)).toContain('错误清单');
    // someone else's job is not disclosed
    const other = await app.inject({
      method: 'GET',
      url: `/api/imports/${job.id}/errors.xlsx`,
      headers: (await signIn(app, 'demo-cluster')).headers,
    });
    expect(other.statusCode).toBe(404);
  });

  it('the province: dry run counts 3 new, the commit inserts them, a re-import leaves 3 unchanged', async () => {
    const file = await roster();
    const dry = await finishedJob(province, (await runImport(province, file, 'a.xlsx', true)).json().id);
    expect(dry.result.counts).toEqual({ rows: 3, insert: 3, update: 0, unchanged: 0 });
    const commit = await finishedJob(province, (await runImport(province, file, 'a.xlsx', false)).json().id);
    expect(commit.result.committed).toBe(true);
    const again = await finishedJob(province, (await runImport(province, file, 'a.xlsx', false)).json().id);
    expect(again.result.counts).toEqual({ rows: 3, insert: 0, update: 0, unchanged: 3 });
    const list = await app.inject({ method: 'GET', url: '/api/enterprises', headers: province.headers });
    expect(list.json().total).toBe(3);
  });

  it('an .xls upload is refused at once (415)', async () => {
    const ole = Buffer.alloc(4096);
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(ole);
    const response = await runImport(province, ole, 'old.xls', true);
    expect(response.statusCode).toBe(415);
  });
});
