import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/cli.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/db.ts';
import { buildCreditCodes } from '../../../test/registry-fixtures.ts';
import { buildTestApp, signIn, type TestSession } from '../../../test/sessions.ts';
import { auditLog, designations } from '../../db/schema/index.ts';
import { seedOrganisations } from '../organisations/organisations.seed.ts';
import { seedReferenceData } from '../reference/reference.seed.ts';
import type { Actor } from '../users/users.service.ts';
import { importDesignations } from './designation-import.service.ts';
import { importEnterprises } from './enterprise-import.service.ts';

let database: TestDatabase;
const dir = mkdtempSync(join(tmpdir(), 'qunce-designation-import-'));
const actor: Actor = { actorId: null, actorName: 'sti', ip: null, at: new Date('2026-01-05T02:00:00Z') };
const all = { actor, scope: { kind: 'all' as const } };
const sti = { ...all, importer: { organisationCode: 'dept-sti' } };
const miit = { ...all, importer: { organisationCode: 'dept-miit' } };
const [wf1, wf2, unregistered] = buildCreditCodes(3, 400, '370700');
const header = ['序号', '统一社会信用代码', '企业名称', '认定类型', '级别', '认定日期', '有效期至', '文号'];

async function workbook(file: string, rows: (string | number | null)[][]): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('公示名单');
  for (const row of rows) ws.addRow(row);
  const path = join(dir, file);
  writeFileSync(path, Buffer.from(await wb.xlsx.writeBuffer()));
  return path;
}

beforeAll(async () => {
  database = await createTestDatabase();
  await seedReferenceData(database.db);
  await seedOrganisations(database.db);
  const roster = new ExcelJS.Workbook();
  const ws = roster.addWorksheet('企业名录');
  ws.addRow(['统一社会信用代码', '企业名称', '所在城市', '行业大类', '是否规上']);
  ws.addRow([wf1, '潍柴动力股份有限公司', '潍坊', '34', '是']);
  ws.addRow([wf2, '歌尔股份有限公司', '潍坊', '39', '是']);
  const path = join(dir, 'roster.xlsx');
  writeFileSync(path, Buffer.from(await roster.xlsx.writeBuffer()));
  expect((await importEnterprises(database.db, { path }, { ...all, dryRun: false })).committed).toBe(true);
});

afterAll(async () => {
  await database.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe('designation list (公示名单) import', () => {
  it('科技厅 imports its high-tech list: level inferred (national), a different name is a notice, the re-import changes nothing', async () => {
    const path = await workbook('high-tech.xlsx', [
      ['山东省2023年第一批高新技术企业公示名单'],
      header,
      [
        1,
        wf1 ?? '',
        '潍柴动力股份有限公司',
        '高新技术企业',
        null,
        '2023.12.8',
        '2026年12月7日',
        '鲁科字〔2023〕145号',
      ],
      [2, wf2 ?? '', '歌尔声学股份有限公司', '高企', '国家级', '2023-12-08', null, '鲁科字〔2023〕145号'],
      ['填表人：张三'],
    ]);
    const first = await importDesignations(database.db, { path }, { ...sti, dryRun: false });
    expect(first.issues).toEqual([]);
    expect(first.counts).toEqual({ rows: 2, insert: 2, update: 0, unchanged: 0 });
    const mismatch = first.notices.find((n) => n.note.includes('differs from the registry'));
    expect(mismatch).toMatchObject({ sheet: '公示名单', column: 'C', count: 1 });
    expect(mismatch?.examples[0]).toMatchObject({
      row: 4,
      value: '歌尔声学股份有限公司',
      normalisedValue: '歌尔股份有限公司',
    });
    const stored = await database.db.select().from(designations).orderBy(designations.creditCode);
    expect(
      stored.map((d) => [d.creditCode, d.type, d.level, d.grantedOn, d.expiresOn, d.grantingDepartmentCode]),
    ).toEqual(
      [
        [wf1, 'high-tech', 'national', '2023-12-08', '2026-12-07', 'dept-sti'],
        [wf2, 'high-tech', 'national', '2023-12-08', null, 'dept-sti'],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );

    const again = await importDesignations(database.db, { path }, { ...sti, dryRun: false });
    expect(again.counts).toEqual({ rows: 2, insert: 0, update: 0, unchanged: 2 });
    expect(await database.db.select().from(designations).orderBy(designations.creditCode)).toEqual(stored);
    const audits = await database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'designation.imported'));
    expect(audits).toHaveLength(2);
  });

  it('a corrected expiry on the same grant (credit code + type + level + date) updates it to version 2', async () => {
    const path = await workbook('corrected.xlsx', [
      header,
      [
        1,
        wf2 ?? '',
        '歌尔股份有限公司',
        '高新技术企业',
        '国家级',
        '2023-12-08',
        '2026-12-07',
        '鲁科字〔2023〕145号',
      ],
    ]);
    const result = await importDesignations(database.db, { path }, { ...sti, dryRun: false });
    expect(result.counts).toEqual({ rows: 1, insert: 0, update: 1, unchanged: 0 });
    const [row] = await database.db
      .select()
      .from(designations)
      .where(eq(designations.creditCode, wf2 ?? ''));
    expect(row).toMatchObject({ expiresOn: '2026-12-07', version: 2 });
  });

  it('a 科技厅 user importing a 专精特新 row is refused per row; an unknown credit code and a wrong level too; nothing written', async () => {
    const before = await database.db.select().from(designations).orderBy(designations.id);
    const path = await workbook('mixed.xlsx', [
      header,
      [
        1,
        wf1 ?? '',
        '潍柴动力股份有限公司',
        '专精特新中小企业',
        '省级',
        '2024-01-10',
        null,
        '鲁工信〔2024〕5号',
      ],
      [
        2,
        unregistered ?? '',
        '某某科技有限公司',
        '高新技术企业',
        '国家级',
        '2024-01-10',
        null,
        '鲁科字〔2024〕1号',
      ],
      [3, wf2 ?? '', '歌尔股份有限公司', '高新技术企业', '省级', '2024-01-10', null, '鲁科字〔2024〕1号'],
    ]);
    const result = await importDesignations(database.db, { path }, { ...sti, dryRun: false });
    expect(result.committed).toBe(false);
    expect(
      result.issues.map(({ sheet, row, column, value, reason }) => ({ sheet, row, column, value, reason })),
    ).toEqual([
      {
        sheet: '公示名单',
        row: 2,
        column: 'D',
        value: '专精特新中小企业',
        reason:
          '“专精特新中小企业”由 dept-miit 认定，本单位无权导入 / specialised-sme is granted by dept-miit: your department may not import it',
      },
      {
        sheet: '公示名单',
        row: 3,
        column: 'B',
        value: unregistered,
        reason: `企业未登记，请先导入企业名录 / enterprise not registered (import the roster first): ${unregistered}`,
      },
      {
        sheet: '公示名单',
        row: 4,
        column: 'E',
        value: '省级',
        reason: '“高新技术企业”不授予此级别 / high-tech is not granted at level provincial',
      },
    ]);
    expect(await database.db.select().from(designations).orderBy(designations.id)).toEqual(before);
  });

  it('工信厅 imports the same 专精特新 row; an invalid credit code and a repeated grant in the file are refused', async () => {
    const bad = await workbook('miit-bad.xlsx', [
      header,
      [1, wf1 ?? '', null, '专精特新', null, '2024-01-10', null, '鲁工信〔2024〕5号'],
      [2, '913707000000000000', null, '专精特新', null, '2024-01-10', null, '鲁工信〔2024〕5号'],
      [3, wf1 ?? '', null, '专精特新中小企业', '省级', '2024/1/10', null, '鲁工信〔2024〕5号'],
    ]);
    const refused = await importDesignations(database.db, { path: bad }, { ...miit, dryRun: false });
    expect(refused.issues.map((i) => [i.row, i.column])).toEqual([
      [3, 'B'],
      [4, 'B'],
    ]);
    expect(refused.issues[1]?.reason).toContain('repeats row 2');
    const good = await workbook('miit.xlsx', [
      header,
      [1, wf1 ?? '', null, '专精特新', null, '2024-01-10', null, '鲁工信〔2024〕5号'],
    ]);
    const result = await importDesignations(database.db, { path: good }, { ...miit, dryRun: false });
    expect(result).toMatchObject({ committed: true, counts: { rows: 1, insert: 1 } });
    const [row] = await database.db
      .select()
      .from(designations)
      .where(eq(designations.type, 'specialised-sme'));
    expect(row).toMatchObject({ level: 'provincial', grantingDepartmentCode: 'dept-miit' });
  });
});

/** A multipart/form-data body with one file part, as a browser sends it. */
function multipart(filename: string, content: Buffer): { payload: Buffer; headers: Record<string, string> } {
  const boundary = '----qunce-designation-import-boundary';
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\n` +
      'Content-Type: application/octet-stream\r\n\r\n',
  );
  return {
    payload: Buffer.concat([head, content, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

type Validation = { type: string; formulae: string[] };

describe('designation, carrier, cluster and park imports over HTTP', () => {
  let app: FastifyInstance;
  let sti: TestSession;

  beforeAll(async () => {
    ({ app } = await buildTestApp(database));
    sti = await signIn(app, 'demo-department');
  });

  afterAll(async () => {
    await app.close();
  });

  const upload = async (session: TestSession, kind: string, file: Buffer, dryRun: boolean) => {
    const body = multipart('名单.xlsx', file);
    const started = await app.inject({
      method: 'POST',
      url: `/api/imports/${kind}?dryRun=${dryRun}`,
      headers: { ...session.headers, ...body.headers },
      payload: body.payload,
    });
    expect(started.statusCode).toBe(202);
    await app.jobs.idle();
    const job = await app.inject({
      method: 'GET',
      url: `/api/jobs/${started.json().id}`,
      headers: session.headers,
    });
    return job.json();
  };

  it('the template: 公示名单 with the seven headers (required ones starred) and a drop-down of designation types in column C', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/api/imports/designations/template',
      headers: sti.headers,
    });
    expect(response.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('公示名单');
    const headers = ((sheet?.getRow(1).values ?? []) as unknown[]).filter((v) => typeof v === 'string');
    // required columns starred
    expect(headers).toEqual([
      '*统一社会信用代码',
      '企业名称',
      '*认定类型',
      '级别',
      '*认定日期',
      '有效期至',
      '*文号',
    ]);
    const validations = (sheet as unknown as { dataValidations: { model: Record<string, Validation> } })
      .dataValidations.model;
    expect(JSON.stringify(validations.C2?.formulae)).toContain('高新技术企业');
  });

  it('科技厅 uploads a list with a 专精特新 row: the job refuses row 3 with its reason, writes nothing, and errors.xlsx comes back; the clean list commits', async () => {
    const rows = (extra: (string | null)[][]) => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('公示名单');
      ws.addRow(['统一社会信用代码', '企业名称', '认定类型', '认定日期', '文号']);
      ws.addRow([wf1 ?? '', '潍柴动力股份有限公司', '高新技术企业', '2025-11-20', '鲁科字〔2025〕88号']);
      for (const row of extra) ws.addRow(row);
      return wb.xlsx.writeBuffer().then((b) => Buffer.from(b));
    };
    const before = await database.db.select().from(designations).orderBy(designations.id);
    const mixed = await upload(
      sti,
      'designations',
      await rows([[wf2 ?? '', '歌尔股份有限公司', '专精特新中小企业', '2025-11-20', '鲁工信〔2025〕9号']]),
      false,
    );
    expect(mixed.status).toBe('succeeded');
    expect(mixed.result.committed).toBe(false);
    expect(mixed.result.issues).toEqual([
      expect.objectContaining({ sheet: '公示名单', row: 3, column: 'C', value: '专精特新中小企业' }),
    ]);
    expect(await database.db.select().from(designations).orderBy(designations.id)).toEqual(before);
    const errors = await app.inject({
      method: 'GET',
      url: `/api/imports/${mixed.id}/errors.xlsx`,
      headers: sti.headers,
    });
    expect(errors.statusCode).toBe(200);

    const clean = await upload(sti, 'designations', await rows([]), false);
    expect(clean.result).toMatchObject({ committed: true, counts: { rows: 1, insert: 1 } });
  });

  it('a template filled in and uploaded reads back: the park template with one row added is a clean dry run (1 new)', async () => {
    const province = await signIn(app, 'demo-province');
    const template = await app.inject({
      method: 'GET',
      url: '/api/imports/parks/template',
      headers: province.headers,
    });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(template.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('园区');
    sheet?.addRow([
      'SD-P-0100',
      '潍坊高新技术产业开发区',
      '潍坊市',
      '奎文区',
      '国家级',
      '省级',
      '全覆盖',
      null,
    ]);
    const filled = Buffer.from(await wb.xlsx.writeBuffer());
    const job = await upload(province, 'parks', filled, true);
    expect(job.result).toMatchObject({
      kind: 'parks',
      sheet: '园区',
      issues: [],
      counts: { rows: 1, insert: 1, update: 0, unchanged: 0 },
    });
  });

  it('rights: a city bureau may not import designations or clusters (403); 科技厅 may download the carrier template (it recognises technology innovation centres) but not the park template', async () => {
    const city = await signIn(app, 'demo-city');
    for (const url of ['/api/imports/designations/template', '/api/imports/clusters/template']) {
      const response = await app.inject({ method: 'GET', url, headers: city.headers });
      expect(response.statusCode).toBe(403);
    }
    const carriers = await app.inject({
      method: 'GET',
      url: '/api/imports/carriers/template',
      headers: sti.headers,
    });
    expect(carriers.statusCode).toBe(200);
    const parks = await app.inject({
      method: 'GET',
      url: '/api/imports/parks/template',
      headers: sti.headers,
    });
    expect(parks.statusCode).toBe(403);
  });
});

describe('qunce import designations', () => {
  it('as the system every type is accepted: exit 0 with the counts, the re-run leaves 2 unchanged; a file with an unregistered enterprise exits 1 naming the cell', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'qunce-designation-cli-'));
    const qunce = (...args: string[]) => runCli(['import', ...args], { env: { QUNCE_DATA_DIR: dataDir } });
    try {
      expect((await qunce('enterprises', join(dir, 'roster.xlsx'))).code).toBe(0);
      const list = await workbook('cli.xlsx', [
        header,
        [1, wf1 ?? '', null, '高新技术企业', null, '2023-12-08', null, '鲁科字〔2023〕145号'],
        [2, wf2 ?? '', null, '专精特新', null, '2024-01-10', null, '鲁工信〔2024〕5号'],
      ]);
      const first = await qunce('designations', list);
      expect(first.code).toBe(0);
      expect(first.stdout).toContain('2 rows: 2 new, 0 updated, 0 unchanged');
      const again = await qunce('designations', list);
      expect(again.stdout).toContain('2 rows: 0 new, 0 updated, 2 unchanged');

      const bad = await workbook('cli-bad.xlsx', [
        header,
        [1, unregistered ?? '', null, '高新技术企业', null, '2023-12-08', null, '鲁科字〔2023〕145号'],
      ]);
      const refused = await qunce('designations', bad, '--dry-run');
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(`公示名单!B2 “${unregistered}”: 企业未登记`);
      expect((await qunce('designation', bad)).code).toBe(2);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
