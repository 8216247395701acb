import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/db.ts';
import { auditLog, clusterHistory, clusters } from '../../db/schema/index.ts';
import { seedReferenceData } from '../reference/reference.seed.ts';
import type { Actor } from '../users/users.service.ts';
import { importClusters } from './cluster-import.service.ts';

let database: TestDatabase;
const dir = mkdtempSync(join(tmpdir(), 'qunce-cluster-import-'));
const actor: Actor = { actorId: null, actorName: 'test', ip: null, at: new Date('2026-01-05T02:00:00Z') };
const all = { actor, scope: { kind: 'all' as const } };
const header = [
  '集群代码',
  '集群名称',
  '主导产业',
  '集群层级',
  '培育目标',
  '状态',
  '牵头城市',
  '其他城市',
  '变更日期',
  '文件文号',
];

async function workbook(file: string, rows: (string | null)[][]): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('集群名录');
  for (const row of rows) ws.addRow(row);
  const path = join(dir, file);
  writeFileSync(path, Buffer.from(await wb.xlsx.writeBuffer()));
  return path;
}

beforeAll(async () => {
  database = await createTestDatabase();
  await seedReferenceData(database.db);
});

afterAll(async () => {
  await database.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe('cluster import', () => {
  it('a clean file commits two clusters (Chinese names, short city names, a cross-city cluster); the re-import changes nothing; one audit entry per commit', async () => {
    const path = await workbook('clusters.xlsx', [
      ['2024年山东省先进制造业集群名录'],
      header,
      [
        'sd-c-0001',
        '潍坊市动力装备集群',
        '动力装备',
        '国家级',
        '世界级',
        '已认定',
        '潍坊',
        null,
        '2022-11-20',
        '工信部〔2022〕12号',
      ],
      [
        'SD-C-0002',
        '青烟威海工装备集群',
        '海工装备',
        '省级',
        '国家级',
        '培育中',
        '烟台市',
        '青岛、威海',
        null,
        null,
      ],
    ]);
    const first = await importClusters(database.db, { path }, { ...all, dryRun: false });
    expect(first.issues).toEqual([]);
    expect(first.counts).toEqual({ rows: 2, insert: 2, update: 0, unchanged: 0 });
    const stored = await database.db.select().from(clusters).orderBy(clusters.code);
    expect(
      stored.map((c) => [c.code, c.leadIndustry, c.tier, c.cultivationTarget, c.status, c.cityCodes]),
    ).toEqual([
      ['SD-C-0001', 'power-equipment', 'national', 'world', 'recognised', ['370700']],
      [
        'SD-C-0002',
        'offshore-equipment',
        'provincial',
        'national',
        'cultivating',
        ['370600', '370200', '371000'],
      ],
    ]);
    const created = await database.db
      .select()
      .from(clusterHistory)
      .where(eq(clusterHistory.clusterCode, 'SD-C-0001'));
    expect(created.map((h) => [h.field, h.changedOn, h.toValue, h.documentNumber])).toEqual([
      ['created', '2022-11-20', 'national/world/recognised', '工信部〔2022〕12号'],
    ]);

    const again = await importClusters(database.db, { path }, { ...all, dryRun: false });
    expect(again.counts).toEqual({ rows: 2, insert: 0, update: 0, unchanged: 2 });
    expect(await database.db.select().from(clusters).orderBy(clusters.code)).toEqual(stored);
    const audits = await database.db.select().from(auditLog).where(eq(auditLog.action, 'cluster.imported'));
    expect(audits.map((a) => a.after)).toEqual([
      { rows: 2, insert: 2, update: 0, unchanged: 0 },
      { rows: 2, insert: 0, update: 0, unchanged: 2 },
    ]);
  });

  it('a tier change with its date and document number: version 2 and one history entry (provincial → national)', async () => {
    const path = await workbook('promoted.xlsx', [
      header,
      [
        'SD-C-0002',
        '青烟威海工装备集群',
        '海工装备',
        '国家级',
        '国家级',
        '已认定',
        '烟台',
        '青岛市、威海市',
        '2025-03-01',
        '工信部规〔2025〕3号',
      ],
    ]);
    const result = await importClusters(database.db, { path }, { ...all, dryRun: false });
    expect(result.issues).toEqual([]);
    expect(result.counts).toEqual({ rows: 1, insert: 0, update: 1, unchanged: 0 });
    const [row] = await database.db.select().from(clusters).where(eq(clusters.code, 'SD-C-0002'));
    expect(row).toMatchObject({ tier: 'national', status: 'recognised', version: 2 });
    const history = await database.db
      .select()
      .from(clusterHistory)
      .where(eq(clusterHistory.clusterCode, 'SD-C-0002'))
      .orderBy(clusterHistory.field);
    expect(history.map((h) => [h.field, h.changedOn, h.fromValue, h.toValue, h.documentNumber])).toEqual([
      ['created', '2026-01-05', null, 'provincial/national/cultivating', null],
      ['status', '2025-03-01', 'cultivating', 'recognised', '工信部规〔2025〕3号'],
      ['tier', '2025-03-01', 'provincial', 'national', '工信部规〔2025〕3号'],
    ]);
  });

  it('bad rows are refused with sheet, row, column, value and reason, and nothing is written', async () => {
    const before = await database.db.select().from(clusters).orderBy(clusters.code);
    const path = await workbook('bad.xlsx', [
      header,
      ['SD-C-0003', '济南市集成电路集群', '芯片', '省级', '国家级', '培育中', '济南', null, null, null],
      ['SD-C-0004', '枣庄市锂电集群', '新能源汽车', '省级', '国家级', '培育中', '枣庄', '上海', null, null],
      ['SD-C-0001', '潍坊市动力装备集群', '动力装备', '世界级', '世界级', '已认定', '潍坊', null, null, null],
      ['SD-C-0005', '淄博市新材料集群', '化工新材料', '省级', '国家级', '培育中', '淄博', null, null, null],
      ['sd-c-0005', '淄博市新材料集群', '化工新材料', '省级', '国家级', '培育中', '淄博', null, null, null],
    ]);
    const result = await importClusters(database.db, { path }, { ...all, dryRun: false });
    expect(result.committed).toBe(false);
    expect(
      result.issues.map(({ sheet, row, column, value, reason }) => ({ sheet, row, column, value, reason })),
    ).toEqual([
      {
        sheet: '集群名录',
        row: 2,
        column: 'C',
        value: '芯片',
        reason: '未知主导产业“芯片” / unknown lead industry “芯片”',
      },
      {
        sheet: '集群名录',
        row: 3,
        column: 'H',
        value: '上海',
        reason: '未知城市“上海” / unknown city “上海”',
      },
      {
        sheet: '集群名录',
        row: 4,
        column: 'I',
        value: null,
        reason:
          '层级、培育目标或状态变更须注明变更日期（tier）/ a tier, target or status change needs its date (tier)',
      },
      {
        sheet: '集群名录',
        row: 6,
        column: 'A',
        value: 'SD-C-0005',
        reason: '集群代码“SD-C-0005”与第 5 行重复 / cluster code “SD-C-0005” repeats row 5',
      },
    ]);
    expect(await database.db.select().from(clusters).orderBy(clusters.code)).toEqual(before);
  });

  it('a commit the database refuses at its last statement (the tier history entry) leaves clusters, history and audit as they were: one transaction', async () => {
    const snapshot = async () => ({
      clusters: await database.db.select().from(clusters).orderBy(clusters.code),
      history: await database.db.select().from(clusterHistory).orderBy(clusterHistory.id),
      audit: await database.db.select().from(auditLog).where(eq(auditLog.action, 'cluster.imported')),
    });
    const before = await snapshot();
    const path = await workbook('refused.xlsx', [
      header,
      ['SD-C-0010', '烟台市新能源集群', '新能源装备', '省级', '国家级', '培育中', '烟台', null, null, null],
      [
        'SD-C-0001',
        '潍坊市动力装备集群',
        '动力装备',
        '世界级',
        '世界级',
        '已认定',
        '潍坊',
        null,
        '2026-01-01',
        '工信部〔2026〕1号',
      ],
    ]);
    // a refusal inside PostgreSQL itself, as a crash or a constraint would be
    await database.db.execute(sql`create function refuse_tier() returns trigger language plpgsql as $$
      begin if new.field = 'tier' then raise exception 'refused'; end if; return new; end $$`);
    await database.db.execute(
      sql`create trigger refuse_tier before insert on cluster_history for each row execute function refuse_tier()`,
    );
    try {
      await expect(importClusters(database.db, { path }, { ...all, dryRun: false })).rejects.toThrow();
    } finally {
      await database.db.execute(sql`drop trigger refuse_tier on cluster_history`);
      await database.db.execute(sql`drop function refuse_tier()`);
    }
    expect(await snapshot()).toEqual(before);
  });

  it('a dry run of a clean file counts what a commit would do and writes nothing', async () => {
    const path = await workbook('dry.xlsx', [
      header,
      ['SD-C-0009', '日照市钢铁集群', '先进金属材料', '省级', '国家级', '培育中', '日照', null, null, null],
    ]);
    const result = await importClusters(database.db, { path }, { ...all, dryRun: true });
    expect(result).toMatchObject({ committed: false, issues: [], counts: { rows: 1, insert: 1 } });
    expect(await database.db.select().from(clusters).where(eq(clusters.code, 'SD-C-0009'))).toEqual([]);
  });
});
