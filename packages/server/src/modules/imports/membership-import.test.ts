import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/db.ts';
import { buildCreditCodes } from '../../../test/registry-fixtures.ts';
import { clusterMemberships, clusters } from '../../db/schema/index.ts';
import { seedReferenceData } from '../reference/reference.seed.ts';
import type { Actor } from '../users/users.service.ts';
import { importEnterprises } from './enterprise-import.service.ts';
import { importMemberships } from './membership-import.service.ts';

let database: TestDatabase;
const dir = mkdtempSync(join(tmpdir(), 'qunce-membership-import-'));
const actor: Actor = { actorId: null, actorName: 'test', ip: null, at: new Date('2026-01-05T02:00:00Z') };
const all = { actor, scope: { kind: 'all' as const } };
const [wf1, wf2, unregistered] = buildCreditCodes(3, 300, '370700');
const header = ['统一社会信用代码', '集群代码', '角色', '加入日期', '退出日期'];

async function workbook(file: string, rows: (string | null)[][]): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('集群成员');
  for (const row of rows) ws.addRow(row);
  const path = join(dir, file);
  writeFileSync(path, Buffer.from(await wb.xlsx.writeBuffer()));
  return path;
}

beforeAll(async () => {
  database = await createTestDatabase();
  await seedReferenceData(database.db);
  const roster = new ExcelJS.Workbook();
  const ws = roster.addWorksheet('企业名录');
  ws.addRow(['统一社会信用代码', '企业名称', '所在城市', '行业大类', '是否规上']);
  ws.addRow([wf1, '潍柴动力股份有限公司', '潍坊', '34', '是']);
  ws.addRow([wf2, '歌尔股份有限公司', '潍坊', '39', '是']);
  const path = join(dir, 'roster.xlsx');
  writeFileSync(path, Buffer.from(await roster.xlsx.writeBuffer()));
  expect((await importEnterprises(database.db, { path }, { ...all, dryRun: false })).committed).toBe(true);
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

describe('cluster membership import', () => {
  it('链主 and 核心 (Chinese role names) are committed; the re-import changes nothing; ending one membership updates it (version 2)', async () => {
    const rows = [
      header,
      [wf1 ?? '', 'WF-POWER', '链主', '2023.5.1', null],
      [wf2 ?? '', 'wf-power', '核心企业', '2023年5月1日', null],
    ];
    const path = await workbook('members.xlsx', rows);
    const first = await importMemberships(database.db, { path }, { ...all, dryRun: false });
    expect(first.issues).toEqual([]);
    expect(first.counts).toEqual({ rows: 2, insert: 2, update: 0, unchanged: 0 });
    const stored = await database.db.select().from(clusterMemberships).orderBy(clusterMemberships.creditCode);
    expect(stored.map((m) => [m.role, m.clusterCode, m.validFrom])).toEqual(
      [wf1, wf2].sort().map((code) => [code === wf1 ? 'chain_master' : 'core', 'WF-POWER', '2023-05-01']),
    );
    const again = await importMemberships(database.db, { path }, { ...all, dryRun: false });
    expect(again.counts).toEqual({ rows: 2, insert: 0, update: 0, unchanged: 2 });

    const ended = await workbook('ended.xlsx', [
      header,
      [wf2 ?? '', 'WF-POWER', '核心', '2023-05-01', '2025-12-31'],
    ]);
    const update = await importMemberships(database.db, { path: ended }, { ...all, dryRun: false });
    expect(update.counts).toEqual({ rows: 1, insert: 0, update: 1, unchanged: 0 });
    const goertek = (await database.db.select().from(clusterMemberships)).find((m) => m.creditCode === wf2);
    expect(goertek).toMatchObject({ validTo: '2025-12-31', version: 2 });
  });

  it('refusals write nothing: unregistered enterprise, unknown cluster, unknown role, end before start, a period overlapping the registered one', async () => {
    const before = await database.db.select().from(clusterMemberships);
    const path = await workbook('bad.xlsx', [
      header,
      [unregistered ?? '', 'WF-POWER', '核心', '2024-01-01', null],
      [wf1 ?? '', 'NO-SUCH', '核心', '2024-01-01', null],
      [wf1 ?? '', 'WF-POWER', '龙头', '2024-01-01', null],
      [wf2 ?? '', 'WF-POWER', '配套', '2024-06-01', '2024-01-01'],
      [wf1 ?? '', 'WF-POWER', '配套', '2024-02-01', null],
    ]);
    const result = await importMemberships(database.db, { path }, { ...all, dryRun: false });
    expect(result.committed).toBe(false);
    const reasons = result.issues.map((i) => `${i.row}: ${i.reason}`);
    expect(reasons.find((r) => r.startsWith('2:'))).toContain('not registered');
    expect(reasons.find((r) => r.startsWith('3:'))).toContain('unknown cluster');
    expect(reasons.find((r) => r.startsWith('4:'))).toContain('unknown role');
    expect(reasons.find((r) => r.startsWith('5:'))).toContain('before the start date');
    expect(reasons.find((r) => r.startsWith('6:'))).toContain(
      'overlaps the registered membership from 2023-05-01',
    );
    expect(await database.db.select().from(clusterMemberships)).toEqual(before);
  });
});
