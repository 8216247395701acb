import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/cli.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/db.ts';
import { buildCreditCodes } from '../../../test/registry-fixtures.ts';
import { auditLog, enterprises } from '../../db/schema/index.ts';
import { seedReferenceData } from '../reference/reference.seed.ts';
import type { Actor } from '../users/users.service.ts';
import { type EnterpriseImportOptions, importEnterprises } from './enterprise-import.service.ts';

let database: TestDatabase;
const dir = mkdtempSync(join(tmpdir(), 'qunce-import-'));
const actor: Actor = { actorId: null, actorName: 'test', ip: null, at: new Date('2026-01-05T02:00:00Z') };
const asProvince: Omit<EnterpriseImportOptions, 'dryRun'> = { actor, scope: { kind: 'all' } };

const header = [
  '统一社会信用代码',
  '企业名称',
  '所在城市',
  '所在区县',
  '行业大类',
  '是否规上',
  '是否重点企业',
  '是否5G覆盖',
];
const [wf1, wf2, wf3, wf4] = buildCreditCodes(4, 500, '370700');
const [qd1] = buildCreditCodes(1, 600, '370200');

type Row = (string | number | null)[];

async function workbook(file: string, sheets: { name: string; rows: Row[] }[]): Promise<string> {
  const wb = new ExcelJS.Workbook();
  for (const sheet of sheets) {
    const ws = wb.addWorksheet(sheet.name);
    for (const row of sheet.rows) ws.addRow(row);
  }
  const path = join(dir, file);
  writeFileSync(path, Buffer.from(await wb.xlsx.writeBuffer()));
  return path;
}

const cleanRows: Row[] = [
  header,
  [wf1 ?? '', '潍柴动力股份有限公司', '潍坊市', '奎文区', '34', '是', '是', '是'],
  [wf2 ?? '', '歌尔股份有限公司', '潍坊市', null, '39', '是', '否', '否'],
  [qd1 ?? '', '海尔智家股份有限公司', '青岛市', null, '38', '是', null, null],
];

beforeAll(async () => {
  database = await createTestDatabase();
  await seedReferenceData(database.db);
});

afterAll(async () => {
  await database.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe('enterprise roster import', () => {
  it('a clean file: dry run counts 3 new and writes nothing; the commit inserts 3; the re-import changes nothing', async () => {
    const path = await workbook('clean.xlsx', [{ name: '企业名录', rows: cleanRows }]);
    const dry = await importEnterprises(database.db, { path }, { ...asProvince, dryRun: true });
    expect(dry.issues).toEqual([]);
    expect(dry.counts).toEqual({ rows: 3, insert: 3, update: 0, unchanged: 0 });
    expect(dry.committed).toBe(false);
    expect(await database.db.select().from(enterprises)).toHaveLength(0);

    const first = await importEnterprises(database.db, { path }, { ...asProvince, dryRun: false });
    expect(first.committed).toBe(true);
    const rows = await database.db.select().from(enterprises).orderBy(enterprises.creditCode);
    expect(rows).toHaveLength(3);
    const weichai = rows.find((r) => r.creditCode === wf1);
    expect(weichai).toMatchObject({
      name: '潍柴动力股份有限公司',
      cityCode: '370700',
      countyCode: '370705',
      industryDivision: '34',
      isAboveScale: true,
      isKeyEnterprise: true,
      has5g: true,
      version: 1,
    });
    const audits = await database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'enterprise.imported'));
    expect(audits).toHaveLength(1);

    const again = await importEnterprises(database.db, { path }, { ...asProvince, dryRun: false });
    expect(again.counts).toEqual({ rows: 3, insert: 0, update: 0, unchanged: 3 });
    const after = await database.db.select().from(enterprises).orderBy(enterprises.creditCode);
    expect(after.map((r) => r.version)).toEqual([1, 1, 1]);
  });

  it('one changed row (歌尔 becomes a key enterprise): 1 updated, version 1 → 2, the others untouched', async () => {
    const rows = cleanRows.map((r) => [...r]);
    rows[2] = [wf2 ?? '', '歌尔股份有限公司', '潍坊市', null, '39', '是', '是', '否'];
    const path = await workbook('changed.xlsx', [{ name: '企业名录', rows }]);
    const result = await importEnterprises(database.db, { path }, { ...asProvince, dryRun: false });
    expect(result.counts).toEqual({ rows: 3, insert: 0, update: 1, unchanged: 2 });
    const [goertek] = await database.db
      .select()
      .from(enterprises)
      .where(eq(enterprises.creditCode, wf2 ?? ''));
    expect(goertek).toMatchObject({ isKeyEnterprise: true, version: 2 });
  });

  it('a bureau file: instruction sheet first, title and 填报单位 rows above the header, full-width digits, 潍坊, trailing spaces, a footer: accepted with notices', async () => {
    const fullWidth = (wf3 ?? '').replace(/[0-9A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    const path = await workbook('bureau.xlsx', [
      { name: '填表说明', rows: [['请按下表填写'], ['统一社会信用代码为18位']] },
      {
        name: '名单',
        rows: [
          ['2025年潍坊市集群企业名单'],
          ['填报单位：潍坊市工业和信息化局'],
          ['信用代码', '企业名称 ', '城市', '区县', '行业大类', '是否规上', '重点企业', '5G覆盖'],
          [fullWidth, '潍坊小微配套厂  ', '潍坊', null, 34, '√', null, null],
          [`${wf4} `, '潍坊精密机械有限公司', '潍坊', '寿光', '34 通用设备制造业', '否', null, '是'],
          ['填表人：张三'],
        ],
      },
    ]);
    const result = await importEnterprises(database.db, { path }, { ...asProvince, dryRun: true });
    expect(result.issues).toEqual([]);
    expect(result.sheet).toBe('名单');
    expect(result.counts).toEqual({ rows: 2, insert: 2, update: 0, unchanged: 0 });
    const notes = result.notices.map((n) => `${n.column}: ${n.note}`).join('\n');
    expect(notes).toContain('full-width');
    expect(notes).toContain('spaces removed');
    expect(notes).toContain('潍坊市（370700）');
  });

  it("counties are resolved inside the row's city: 市中区 in 枣庄 → 370402 (in 济南 it would be 370103), 寿光 → 370783; 奎文区 under 青岛 is refused", async () => {
    const [zz, wfc, qdx] = buildCreditCodes(3, 900, '370400');
    const path = await workbook('counties.xlsx', [
      {
        name: '企业名录',
        rows: [
          header,
          [zz ?? '', '枣庄市中区企业', '枣庄', '市中区', '34', '是', null, null],
          [wfc ?? '', '寿光企业', '潍坊', '寿光', '34', '是', null, null],
          [qdx ?? '', '错区县企业', '青岛', '奎文区', '34', '是', null, null],
        ],
      },
    ]);
    const result = await importEnterprises(database.db, { path }, { ...asProvince, dryRun: true });
    expect(result.issues).toHaveLength(1);
    expect(result.issues[0]).toMatchObject({ row: 4, column: 'D', value: '奎文区' });
    expect(result.issues[0]?.reason).toContain('unknown county');
    expect(result.counts.insert).toBe(2);
    const notes = result.notices.map((n) => n.note).join('\n');
    expect(notes).toContain('370783');
  });

  it('a CSV roster (UTF-8) reads like the workbook: one sheet named ""', async () => {
    const path = join(dir, 'roster.csv');
    const csv = [header, ...cleanRows.slice(1)].map((r) => r.map((c) => c ?? '').join(',')).join('\r\n');
    writeFileSync(path, `${csv}\r\n`, 'utf8');
    const result = await importEnterprises(
      database.db,
      { path },
      { ...asProvince, fileName: 'roster.csv', dryRun: true },
    );
    expect(result.issues).toEqual([]);
    expect(result.sheet).toBe('');
    expect(result.counts.rows).toBe(3);
  });

  it('a commit that fails in its second batch of 1,000 rows (the database refuses row 1,500) leaves the registry as it was: one transaction', async () => {
    const before = await database.db.select().from(enterprises).orderBy(enterprises.creditCode);
    const codes = buildCreditCodes(1500, 10_000, '370700');
    const rows: Row[] = [
      header,
      ...codes.map((code, i) => [code, `批量企业${i + 1}`, '潍坊市', null, '34', '否', null, null]),
    ];
    const path = await workbook('big.xlsx', [{ name: '企业名录', rows }]);
    // a refusal inside PostgreSQL itself, as a crash or a constraint would be
    await database.db.execute(sql`create function refuse_last() returns trigger language plpgsql as $$
      begin if new.name = '批量企业1500' then raise exception 'refused'; end if; return new; end $$`);
    await database.db.execute(
      sql`create trigger refuse_last before insert on enterprises for each row execute function refuse_last()`,
    );
    try {
      await expect(
        importEnterprises(database.db, { path }, { ...asProvince, dryRun: false }),
      ).rejects.toThrow();
    } finally {
      await database.db.execute(sql`drop trigger refuse_last on enterprises`);
      await database.db.execute(sql`drop function refuse_last()`);
    }
    expect(await database.db.select().from(enterprises).orderBy(enterprises.creditCode)).toEqual(before);
  });

  it('refusals write nothing and name sheet, row, column, value and reason', async () => {
    const before = await database.db.select().from(enterprises);
    const bad = (wf3 ?? '').slice(0, 17) + ((wf3 ?? '').endsWith('0') ? '1' : '0');
    const path = await workbook('bad.xlsx', [
      {
        name: '企业名录',
        rows: [
          header,
          [bad, '坏代码企业', '潍坊市', null, '34', '是', null, null],
          [wf4 ?? '', '未知城市企业', '苏州', null, '34', '是', null, null],
          [qd1 ?? '', '海尔智家股份有限公司', '青岛市', null, '38', '是', null, null],
          [qd1 ?? '', '海尔重复', '青岛市', null, '38', '是', null, null],
          [wf1 ?? '', '潍柴动力股份有限公司', '潍坊市', '奎文区', '34', '是', '是', '否'],
        ],
      },
    ]);
    const result = await importEnterprises(database.db, { path }, { ...asProvince, dryRun: false });
    expect(result.committed).toBe(false);
    const byRow = (row: number) => result.issues.filter((i) => i.row === row);
    expect(byRow(2)[0]).toMatchObject({ sheet: '企业名录', column: 'A', value: bad });
    expect(byRow(3)[0]).toMatchObject({ column: 'C', value: '苏州' });
    expect(byRow(3)[0]?.reason).toContain('unknown city');
    expect(byRow(5)[0]?.reason).toContain('repeats row 4');
    expect(await database.db.select().from(enterprises)).toEqual(before);
  });

  it('a missing required column (行业大类) is refused before any row', async () => {
    const rows = cleanRows.map((r) => r.filter((_, i) => i !== 4));
    const path = await workbook('missing.xlsx', [{ name: '企业名录', rows }]);
    const result = await importEnterprises(database.db, { path }, { ...asProvince, dryRun: true });
    expect(result.issues.some((i) => i.reason.includes('行业大类'))).toBe(true);
  });

  it('a city user: rows of another city are errors', async () => {
    const path = await workbook('scope.xlsx', [{ name: '企业名录', rows: cleanRows }]);
    const result = await importEnterprises(
      database.db,
      { path },
      { actor, scope: { kind: 'cities', cityCodes: ['370700'] }, dryRun: true },
    );
    expect(result.issues).toHaveLength(1);
    expect(result.issues[0]).toMatchObject({ row: 4, value: '370200' });
  });

  it('an .xls (OLE compound file) is refused with “另存为 .xlsx”', async () => {
    const path = join(dir, 'old.xls');
    const ole = Buffer.alloc(4096);
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(ole);
    writeFileSync(path, ole);
    await expect(
      importEnterprises(database.db, { path }, { ...asProvince, fileName: 'old.xls', dryRun: true }),
    ).rejects.toThrow(/xlsx/);
  });
});

describe('qunce import', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'qunce-import-cli-'));
  const env = { QUNCE_DATA_DIR: dataDir };
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('exit 2 for bad arguments; 0 for a clean file (dry run, then commit); 1 with sheet!cell lines for a bad one', async () => {
    expect((await runCli(['import', 'widgets', 'x.xlsx'], { env })).code).toBe(2);
    const clean = await workbook('cli-clean.xlsx', [{ name: '企业名录', rows: cleanRows }]);
    const dry = await runCli(['import', 'enterprises', clean, '--dry-run'], { env });
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('3 rows: 3 new');
    const commit = await runCli(['import', 'enterprises', clean], { env });
    expect(commit.code).toBe(0);
    expect(commit.stdout).toContain('imported: 3 rows: 3 new');
    const again = await runCli(['import', 'enterprises', clean], { env });
    expect(again.stdout).toContain('0 new, 0 updated, 3 unchanged');
    const bad = await workbook('cli-bad.xlsx', [
      { name: '企业名录', rows: [header, [wf4 ?? '', '未知城市企业', '苏州', null, '34', '是', null, null]] },
    ]);
    const refused = await runCli(['import', 'enterprises', bad], { env });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('企业名录!C2 “苏州”');
    const members = await workbook('cli-members.xlsx', [
      {
        name: '集群成员',
        rows: [
          ['统一社会信用代码', '集群代码', '角色', '加入日期'],
          [wf4 ?? '', 'WF-POWER', '核心', '2024-01-01'],
        ],
      },
    ]);
    const unregistered = await runCli(['import', 'memberships', members, '--dry-run'], { env });
    expect(unregistered.code).toBe(1);
    expect(unregistered.stderr).toContain('not registered');
  });
});
