import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { carrierTypesGrantedBy } from '@qunce/core/registry';
import { eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/db.ts';
import { buildCreditCodes } from '../../../test/registry-fixtures.ts';
import { auditLog, clusters, innovationCarriers } from '../../db/schema/index.ts';
import { seedReferenceData } from '../reference/reference.seed.ts';
import type { Actor } from '../users/users.service.ts';
import { importCarriers } from './carrier-import.service.ts';

let database: TestDatabase;
const dir = mkdtempSync(join(tmpdir(), 'qunce-carrier-import-'));
const actor: Actor = { actorId: null, actorName: 'test', ip: null, at: new Date('2026-01-05T02:00:00Z') };
const all = { actor, scope: { kind: 'all' as const }, allowedTypes: 'all' as const };
const [weichai, goertek] = buildCreditCodes(2, 500, '370700');
const header = [
  '载体名称',
  '载体类型',
  '级别',
  '依托单位统一社会信用代码',
  '依托单位名称',
  '所在城市',
  '所属集群代码',
  '认定日期',
  '文号',
];

async function workbook(file: string, rows: (string | null)[][]): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('创新载体');
  for (const row of rows) ws.addRow(row);
  const path = join(dir, file);
  writeFileSync(path, Buffer.from(await wb.xlsx.writeBuffer()));
  return path;
}

const carriersByName = () => database.db.select().from(innovationCarriers).orderBy(innovationCarriers.name);

beforeAll(async () => {
  database = await createTestDatabase();
  await seedReferenceData(database.db);
  await database.db.insert(clusters).values({
    code: 'WF-POWER',
    name: '潍坊市动力装备集群',
    leadIndustry: 'power-equipment',
    tier: 'national',
    cultivationTarget: 'world',
    status: 'recognised',
    cityCodes: ['370700'],
    leadCityCode: '370700',
    createdAt: actor.at,
    updatedAt: actor.at,
  });
});

afterAll(async () => {
  await database.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe('innovation carrier import', () => {
  it('a clean file commits two carriers of one host; the re-import changes nothing; a changed level updates one (version 2)', async () => {
    const rows = [
      header,
      [
        '国家燃料电池技术创新中心',
        '技术创新中心',
        '国家级',
        weichai ?? '',
        '潍柴动力股份有限公司',
        '潍坊',
        'wf-power',
        '2021.6.30',
        '国科发〔2021〕180号',
      ],
      [
        '潍柴动力企业技术中心',
        '企业技术中心',
        '国家级',
        weichai ?? '',
        '潍柴动力股份有限公司',
        '潍坊市',
        null,
        null,
        null,
      ],
      [
        '歌尔工业设计中心',
        '工业设计中心',
        '省级',
        goertek ?? '',
        '歌尔股份有限公司',
        '370700',
        null,
        null,
        null,
      ],
    ];
    const path = await workbook('carriers.xlsx', rows);
    const first = await importCarriers(database.db, { path }, { ...all, dryRun: false });
    expect(first.issues).toEqual([]);
    expect(first.counts).toEqual({ rows: 3, insert: 3, update: 0, unchanged: 0 });
    const stored = await carriersByName();
    expect(stored.map((c) => [c.name, c.type, c.level, c.clusterCode, c.recognisedOn])).toEqual([
      ['国家燃料电池技术创新中心', 'technology-innovation-centre', 'national', 'WF-POWER', '2021-06-30'],
      ['歌尔工业设计中心', 'industrial-design-centre', 'provincial', null, null],
      ['潍柴动力企业技术中心', 'enterprise-technology-centre', 'national', null, null],
    ]);
    const again = await importCarriers(database.db, { path }, { ...all, dryRun: false });
    expect(again.counts).toEqual({ rows: 3, insert: 0, update: 0, unchanged: 3 });
    expect(await carriersByName()).toEqual(stored);

    const promoted = await workbook('promoted.xlsx', [
      header,
      [
        '歌尔工业设计中心',
        '工业设计中心',
        '国家级',
        goertek ?? '',
        '歌尔股份有限公司',
        '潍坊',
        null,
        '2025-01-08',
        '工信部产业函〔2025〕2号',
      ],
    ]);
    const update = await importCarriers(database.db, { path: promoted }, { ...all, dryRun: false });
    expect(update.counts).toEqual({ rows: 1, insert: 0, update: 1, unchanged: 0 });
    const [goertekCentre] = await database.db
      .select()
      .from(innovationCarriers)
      .where(eq(innovationCarriers.name, '歌尔工业设计中心'));
    expect(goertekCentre).toMatchObject({ level: 'national', recognisedOn: '2025-01-08', version: 2 });
    const audits = await database.db.select().from(auditLog).where(eq(auditLog.action, 'carrier.imported'));
    expect(audits.map((a) => a.after)).toEqual([
      { rows: 3, insert: 3, update: 0, unchanged: 0 },
      { rows: 3, insert: 0, update: 0, unchanged: 3 },
      { rows: 1, insert: 0, update: 1, unchanged: 0 },
    ]);
  });

  it('bad rows are refused with sheet, row, column, value and reason, and nothing is written', async () => {
    const before = await carriersByName();
    const path = await workbook('bad.xlsx', [
      header,
      [
        '潍柴重点实验室',
        '重点实验室',
        '部级',
        weichai ?? '',
        '潍柴动力股份有限公司',
        '潍坊',
        null,
        null,
        null,
      ],
      [
        '潍柴制造业创新中心',
        '制造业创新中心',
        '省级',
        weichai ?? '',
        '潍柴动力股份有限公司',
        '潍坊',
        'NO-SUCH',
        null,
        null,
      ],
      [
        '潍柴动力企业技术中心',
        '企业技术中心',
        '国家级',
        weichai ?? '',
        '潍柴动力股份有限公司',
        '潍坊',
        null,
        null,
        null,
      ],
      [
        '潍柴动力企业技术中心',
        '企业技术中心',
        '国家级',
        weichai ?? '',
        '潍柴动力股份有限公司',
        '潍坊',
        null,
        null,
        null,
      ],
    ]);
    const result = await importCarriers(database.db, { path }, { ...all, dryRun: false });
    expect(result.committed).toBe(false);
    expect(
      result.issues.map(({ sheet, row, column, value, reason }) => ({ sheet, row, column, value, reason })),
    ).toEqual([
      {
        sheet: '创新载体',
        row: 2,
        column: 'C',
        value: '部级',
        reason: '未知级别“部级” / unknown level “部级”',
      },
      {
        sheet: '创新载体',
        row: 3,
        column: 'G',
        value: 'NO-SUCH',
        reason: '未知集群 / unknown cluster: NO-SUCH',
      },
      {
        sheet: '创新载体',
        row: 5,
        column: 'A',
        value: `潍柴动力企业技术中心 + ${weichai}`,
        reason: `载体（名称 + 依托单位信用代码）“潍柴动力企业技术中心 + ${weichai}”与第 4 行重复 / carrier (name + host credit code) “潍柴动力企业技术中心 + ${weichai}” repeats row 4`,
      },
    ]);
    expect(await carriersByName()).toEqual(before);
  });

  it('市场监管局 (dept-amr) imports its own technology innovation centres only; a city bureau only its city', async () => {
    const path = await workbook('amr.xlsx', [
      header,
      [
        '山东省动力电池质量技术创新中心',
        '市场监管技术创新中心',
        '省级',
        weichai ?? '',
        '潍柴动力股份有限公司',
        '潍坊',
        null,
        null,
        null,
      ],
      [
        '潍柴制造业创新中心',
        '制造业创新中心',
        '省级',
        weichai ?? '',
        '潍柴动力股份有限公司',
        '潍坊',
        null,
        null,
        null,
      ],
    ]);
    const amr = { ...all, allowedTypes: carrierTypesGrantedBy('dept-amr') };
    const refused = await importCarriers(database.db, { path }, { ...amr, dryRun: false });
    expect(refused.issues.map(({ row, column, value, reason }) => ({ row, column, value, reason }))).toEqual([
      {
        row: 3,
        column: 'B',
        value: '制造业创新中心',
        reason:
          '“制造业创新中心”由 dept-miit 认定，本单位无权导入 / manufacturing-innovation-centre is recognised by dept-miit: your department may not import it',
      },
    ]);
    const jinan = { ...all, scope: { kind: 'cities' as const, cityCodes: ['370100'] } };
    const outside = await importCarriers(database.db, { path }, { ...jinan, dryRun: true });
    expect(outside.issues.map((i) => [i.row, i.column, i.value])).toEqual([
      [2, 'F', '370700'],
      [3, 'F', '370700'],
    ]);
  });
});
