import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/db.ts';
import { auditLog, clusters, parks } from '../../db/schema/index.ts';
import { seedReferenceData } from '../reference/reference.seed.ts';
import type { Actor } from '../users/users.service.ts';
import { importParks } from './park-import.service.ts';

let database: TestDatabase;
const dir = mkdtempSync(join(tmpdir(), 'qunce-park-import-'));
const actor: Actor = { actorId: null, actorName: 'test', ip: null, at: new Date('2026-01-05T02:00:00Z') };
const all = { actor, scope: { kind: 'all' as const } };
const header = [
  '园区代码',
  '园区名称',
  '所在城市',
  '所在区县',
  '园区级别',
  '生态工业园区',
  '5G覆盖',
  '服务集群代码',
];

async function workbook(file: string, rows: (string | null)[][]): Promise<string> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('填表说明').addRow(['请按模板填写园区信息']);
  const ws = wb.addWorksheet('园区');
  for (const row of rows) ws.addRow(row);
  const path = join(dir, file);
  writeFileSync(path, Buffer.from(await wb.xlsx.writeBuffer()));
  return path;
}

const parksByCode = () => database.db.select().from(parks).orderBy(parks.code);

beforeAll(async () => {
  database = await createTestDatabase();
  await seedReferenceData(database.db);
  await database.db.insert(clusters).values(
    ['WF-POWER', 'WF-ACOUSTIC'].map((code) => ({
      code,
      name: code,
      leadIndustry: 'power-equipment',
      tier: 'provincial' as const,
      cultivationTarget: 'national' as const,
      status: 'recognised' as const,
      cityCodes: ['370700'],
      leadCityCode: '370700',
      createdAt: actor.at,
      updatedAt: actor.at,
    })),
  );
});

afterAll(async () => {
  await database.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe('park import', () => {
  it('a clean file after an instruction sheet commits (county within its city, two clusters served, empty statuses = none); the re-import changes nothing', async () => {
    const path = await workbook('parks.xlsx', [
      header,
      [
        'SD-P-0001',
        '潍坊高新技术产业开发区',
        '潍坊',
        '奎文区',
        '国家级',
        '国家级',
        '全覆盖',
        'WF-POWER、wf-acoustic',
      ],
      ['SD-P-0002', '枣庄市中经济开发区', '枣庄市', '市中区', '省级', null, null, null],
    ]);
    const first = await importParks(database.db, { path }, { ...all, dryRun: false });
    expect(first.sheet).toBe('园区');
    expect(first.issues).toEqual([]);
    expect(first.counts).toEqual({ rows: 2, insert: 2, update: 0, unchanged: 0 });
    const stored = await parksByCode();
    expect(
      stored.map((p) => [
        p.code,
        p.cityCode,
        p.countyCode,
        p.level,
        p.ecoIndustrialStatus,
        p.fiveGCoverage,
        p.clusterCodes,
      ]),
    ).toEqual([
      ['SD-P-0001', '370700', '370705', 'national', 'national', 'full', ['WF-POWER', 'WF-ACOUSTIC']],
      // 市中区 is in Jinan (370103) and Zaozhuang (370402): resolved within the row's city
      ['SD-P-0002', '370400', '370402', 'provincial', 'none', 'none', []],
    ]);
    const again = await importParks(database.db, { path }, { ...all, dryRun: false });
    expect(again.counts).toEqual({ rows: 2, insert: 0, update: 0, unchanged: 2 });
    expect(await parksByCode()).toEqual(stored);

    // a file without the 5G and cluster columns keeps the registry's values for them
    const eco = await workbook('eco.xlsx', [
      ['园区代码', '园区名称', '所在城市', '园区级别', '生态工业园区'],
      ['SD-P-0002', '枣庄市中经济开发区', '枣庄', '省级', '创建中'],
    ]);
    const update = await importParks(database.db, { path: eco }, { ...all, dryRun: false });
    expect(update.counts).toEqual({ rows: 1, insert: 0, update: 1, unchanged: 0 });
    const [zaozhuang] = await database.db.select().from(parks).where(eq(parks.code, 'SD-P-0002'));
    expect(zaozhuang).toMatchObject({ ecoIndustrialStatus: 'building', countyCode: '370402', version: 2 });
    const audits = await database.db.select().from(auditLog).where(eq(auditLog.action, 'park.imported'));
    expect(audits).toHaveLength(3);
  });

  it('bad rows are refused with sheet, row, column, value and reason, and nothing is written', async () => {
    const before = await parksByCode();
    const path = await workbook('bad.xlsx', [
      header,
      ['SD-P-0003', '潍坊滨海经济技术开发区', '潍坊', '历下区', '国家级', null, null, null],
      ['SD-P-0004', '日照经济技术开发区', '日照', null, '国家级', null, null, 'WF-POWER、NO-SUCH'],
      ['SD-P-0005', '临沂经济技术开发区', '临沂', null, '县级', null, null, null],
      ['SD-P-0004', '日照经济技术开发区', '日照', null, '国家级', null, null, null],
    ]);
    const result = await importParks(database.db, { path }, { ...all, dryRun: false });
    expect(result.committed).toBe(false);
    expect(
      result.issues.map(({ sheet, row, column, value, reason }) => ({ sheet, row, column, value, reason })),
    ).toEqual([
      {
        sheet: '园区',
        row: 2,
        column: 'D',
        value: '历下区',
        // 历下区 is a district of Jinan, not of Weifang
        reason: '未知区县“历下区” / unknown county “历下区”',
      },
      {
        sheet: '园区',
        row: 3,
        column: 'H',
        value: 'WF-POWER、NO-SUCH',
        reason: '未知集群 / unknown clusters: NO-SUCH',
      },
      {
        sheet: '园区',
        row: 4,
        column: 'E',
        value: '县级',
        reason: '未知园区级别“县级” / unknown park level “县级”',
      },
      {
        sheet: '园区',
        row: 5,
        column: 'A',
        value: 'SD-P-0004',
        reason: '园区代码“SD-P-0004”与第 3 行重复 / park code “SD-P-0004” repeats row 3',
      },
    ]);
    expect(await parksByCode()).toEqual(before);
  });

  it('a CSV file (UTF-8, full-width code, sheet "") reads like the workbook: row 2 is the first park', async () => {
    const path = join(dir, 'parks.csv');
    const csv = [
      header.join(','),
      'ＳＤ－Ｐ－００２０,日照经济技术开发区,日照,,国家级,创建中,部分覆盖,',
    ].join('\r\n');
    writeFileSync(path, `${csv}\r\n`, 'utf8');
    const result = await importParks(database.db, { path }, { ...all, fileName: 'parks.csv', dryRun: false });
    expect(result).toMatchObject({ sheet: '', issues: [], committed: true, counts: { rows: 1, insert: 1 } });
    const [rizhao] = await database.db.select().from(parks).where(eq(parks.code, 'SD-P-0020'));
    expect(rizhao).toMatchObject({
      cityCode: '371100',
      ecoIndustrialStatus: 'building',
      fiveGCoverage: 'partial',
    });
  });

  it('a city bureau may not import parks of another city', async () => {
    const path = await workbook('other-city.xlsx', [
      header,
      ['SD-P-0009', '青岛西海岸新区', '青岛', null, '国家级', null, null, null],
    ]);
    const weifang = { ...all, scope: { kind: 'cities' as const, cityCodes: ['370700'] } };
    const result = await importParks(database.db, { path }, { ...weifang, dryRun: false });
    expect(result.issues.map(({ row, column, value, reason }) => ({ row, column, value, reason }))).toEqual([
      {
        row: 2,
        column: 'C',
        value: '370200',
        reason: '无权导入城市 370200 的园区 / you may not import parks of city 370200',
      },
    ]);
    expect(await database.db.select().from(parks).where(eq(parks.code, 'SD-P-0009'))).toEqual([]);
  });
});
