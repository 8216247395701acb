import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/db.ts';
import { buildCreditCodes } from '../../../test/registry-fixtures.ts';
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
