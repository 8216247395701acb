import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/db.ts';
import { buildCreditCodes } from '../../../test/registry-fixtures.ts';
import { buildTestApp, signIn, type TestSession } from '../../../test/sessions.ts';
import {
  auditLog,
  clusterMemberships,
  clusters,
  collectionDataSets,
  collectionPeriods,
  collectionSubmissions,
  observationLocks,
  observations,
  organisations,
} from '../../db/schema/index.ts';
import { seedMetricCatalogue } from '../metrics/metrics.service.ts';
import { seedReferenceData } from '../reference/reference.seed.ts';
import type { Actor } from '../users/users.service.ts';
import { importEnterprises } from './enterprise-import.service.ts';
import { importMemberships } from './membership-import.service.ts';
import { importObservations } from './observation-import.service.ts';

let database: TestDatabase;
const dir = mkdtempSync(join(tmpdir(), 'qunce-observation-import-'));
const actor: Actor = { actorId: null, actorName: 'test', ip: null, at: new Date('2026-02-01T02:00:00Z') };
const all = { actor, scope: { kind: 'all' as const } };
const [wf1, wf2] = buildCreditCodes(2, 500, '370700') as [string, string];
const header = ['指标代码', '主体类型', '主体代码', '期间', '数值（亿元）', '单位', '备注'];

async function workbook(file: string, rows: (string | number | null)[][]): Promise<string> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('填表说明').addRow(['请按模板填写 / fill in as the template says']);
  const ws = wb.addWorksheet('指标数据');
  ws.addRow(['2024年潍坊市企业指标数据']);
  for (const row of rows) ws.addRow(row);
  const path = join(dir, file);
  writeFileSync(path, Buffer.from(await wb.xlsx.writeBuffer()));
  return path;
}

function csv(file: string, lines: string[]): string {
  const path = join(dir, file);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

async function stored(metric: string, subjectCode: string, period: string) {
  const [row] = await database.db
    .select()
    .from(observations)
    .where(
      and(
        eq(observations.metricCode, metric),
        eq(observations.subjectCode, subjectCode),
        eq(observations.period, period),
      ),
    );
  return row;
}

const observationCount = async () => (await database.db.select().from(observations)).length;

beforeAll(async () => {
  database = await createTestDatabase();
  await seedReferenceData(database.db);
  await seedMetricCatalogue(database.db, actor.at);
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
  await database.db.insert(clusterMemberships).values(
    [wf1, wf2].map((creditCode) => ({
      creditCode,
      clusterCode: 'WF-POWER',
      role: 'core' as const,
      validFrom: '2020-01-01',
      createdAt: actor.at,
      updatedAt: actor.at,
    })),
  );
});

afterAll(async () => {
  await database.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe('observation import', () => {
  it('1.2 亿元 under a “数值（亿元）” header is stored as 12000 万元; the cluster sum is recomputed; a re-import changes nothing', async () => {
    const path = await workbook('revenue.xlsx', [
      header,
      ['revenue', '企业', wf1, '2024', 1.2, null, '快报数'],
      ['营业收入', 'enterprise', wf2.toLowerCase(), '2024年', 0.8, null, null],
      // the unit column wins over the header: 3000 万元 stays 3000
      ['rd-expense', '企业', wf1, '2024', 3000, '万元', null],
      ['填表人：张三', null, null, null, null, null, null],
    ]);
    const dry = await importObservations(
      database.db,
      { path },
      { ...all, pool: database.pool, dryRun: true },
    );
    expect(dry.issues).toEqual([]);
    expect(dry.counts).toEqual({ rows: 3, insert: 3, update: 0, unchanged: 0 });
    expect(dry.committed).toBe(false);
    expect(await observationCount()).toBe(0);

    const first = await importObservations(
      database.db,
      { path },
      { ...all, pool: database.pool, dryRun: false },
    );
    expect(first.committed).toBe(true);
    expect(first.counts).toEqual({ rows: 3, insert: 3, update: 0, unchanged: 0 });
    // 1.2 亿元 = 1.2 × 10⁸ / 10⁴ = 12000 万元; 0.8 亿元 = 8000 万元
    expect((await stored('revenue', wf1, '2024'))?.value).toBe(12000);
    expect((await stored('revenue', wf2, '2024'))?.value).toBe(8000);
    expect((await stored('rd-expense', wf1, '2024'))?.value).toBe(3000);
    expect((await stored('revenue', wf1, '2024'))?.source).toBe('imported');
    expect(first.notices.some((n) => n.note.includes('亿元') && n.count === 2)).toBe(true);
    // cluster revenue = Σ members = 12000 + 8000 = 20000 万元, derived after the commit
    expect(first.recomputedPeriods).toEqual(['2024']);
    const cluster = await stored('revenue', 'WF-POWER', '2024');
    expect(cluster?.value).toBe(20000);
    expect(cluster?.source).toBe('rollup');

    const audits = (await database.db.select().from(auditLog)).filter(
      (a) => a.action === 'observations.imported',
    );
    expect(audits).toHaveLength(1);
    const before = await stored('revenue', wf1, '2024');
    const again = await importObservations(
      database.db,
      { path },
      { ...all, pool: database.pool, dryRun: false },
    );
    expect(again.counts).toEqual({ rows: 3, insert: 0, update: 0, unchanged: 3 });
    expect(again.recomputedPeriods).toEqual([]);
    expect(await stored('revenue', wf1, '2024')).toEqual(before);
    expect(
      (await database.db.select().from(auditLog)).filter((a) => a.action === 'observations.imported'),
    ).toHaveLength(1);
  });

  it('a CSV update of one value bumps its version and recomputes: cluster revenue = 12000 + 9000 = 21000', async () => {
    const path = csv('update.csv', [
      '指标代码,主体类型,主体代码,期间,数值,单位',
      `revenue,企业,${wf1},2024,12000,万元`,
      `revenue,企业,${wf2},2024,9000,万元`,
    ]);
    const result = await importObservations(
      database.db,
      { path },
      { ...all, pool: database.pool, dryRun: false },
    );
    expect(result.issues).toEqual([]);
    expect(result.counts).toEqual({ rows: 2, insert: 0, update: 1, unchanged: 1 });
    expect((await stored('revenue', wf2, '2024'))?.version).toBe(2);
    expect((await stored('revenue', 'WF-POWER', '2024'))?.value).toBe(21000);
  });

  it('a subject type written as its code (enterprise) or its Chinese name (企业) is not reported as normalised; the alias 企业单位 is reported as read as 企业 (enterprise); a dry run writes nothing', async () => {
    const path = csv('codes.csv', [
      '指标代码,主体类型,主体代码,期间,数值',
      `employees,enterprise,${wf1},2021,100`,
      `employees,enterprise,${wf2},2021,200`,
      `employees,企业,${wf1},2020,90`,
      `employees,企业单位,${wf2},2020,80`,
    ]);
    const result = await importObservations(
      database.db,
      { path },
      { ...all, pool: database.pool, dryRun: true },
    );
    expect(result.issues).toEqual([]);
    expect(result.counts).toEqual({ rows: 4, insert: 4, update: 0, unchanged: 0 });
    const subjectTypeNotes = result.notices.filter((n) => n.column === 'B');
    expect(
      subjectTypeNotes.map((n) => [n.count, n.examples[0]?.value, n.examples[0]?.normalisedValue]),
    ).toEqual([[1, '企业单位', 'enterprise']]);
    expect(await stored('employees', wf1, '2021')).toBeUndefined();
  });

  it('with recompute: false the stale derived metrics are handed back (2022: revenue changed → the cluster revenue sum) and the cluster value is not written', async () => {
    const path = csv('no-recompute.csv', [
      '指标代码,主体类型,主体代码,期间,数值',
      `revenue,企业,${wf1},2022,500`,
    ]);
    const result = await importObservations(
      database.db,
      { path },
      { ...all, pool: database.pool, dryRun: false, recompute: false },
    );
    expect(result.recomputedPeriods).toEqual([]);
    expect(result.pendingRecompute.find((p) => p.period === '2022')?.metrics).toContain('revenue');
    expect(await stored('revenue', 'WF-POWER', '2022')).toBeUndefined();
  });

  it('refuses a period of the wrong type with sheet, row, column, value and reason, and writes nothing', async () => {
    const count = await observationCount();
    const path = await workbook('quarterly-employees.xlsx', [
      header.map((h) => (h === '数值（亿元）' ? '数值' : h)),
      ['employees', '企业', wf1, '2024Q3', 1200, '人', null],
      ['revenue', '企业', wf1, '2025', 100, '家', null],
    ]);
    const result = await importObservations(
      database.db,
      { path },
      { ...all, pool: database.pool, dryRun: false },
    );
    expect(result.committed).toBe(false);
    expect(result.issues).toEqual([
      {
        sheet: '指标数据',
        row: 3,
        column: 'D',
        value: '2024Q3',
        reason: expect.stringContaining('指标 employees 按 year 报送，不接受期间 2024Q3'),
      },
      {
        sheet: '指标数据',
        row: 4,
        column: 'F',
        value: '家',
        reason: expect.stringContaining('单位“家”与指标 revenue 的单位“万元”不符'),
      },
    ]);
    expect(await observationCount()).toBe(count);
  });

  it('refuses an enterprise outside a city bureau’s scope (济南 may not write 潍坊 enterprises), a derived value and an unknown metric', async () => {
    const path = csv('scope.csv', [
      '指标代码,主体类型,主体代码,期间,数值',
      `revenue,企业,${wf1},2023,100`,
      `revenue,集群,WF-POWER,2023,100`,
      `no-such-metric,企业,${wf1},2023,100`,
    ]);
    const result = await importObservations(
      database.db,
      { path },
      { actor, scope: { kind: 'cities', cityCodes: ['370100'] }, dryRun: false },
    );
    expect(result.issues.map((i) => [i.row, i.column, i.value])).toEqual([
      [2, '', wf1],
      [3, 'A', 'revenue'],
      [4, 'A', 'no-such-metric'],
    ]);
    expect(result.issues[0]?.reason).toContain('不在您的范围内');
    expect(result.issues[1]?.reason).toContain('由汇总计算');
    expect(await stored('revenue', wf1, '2023')).toBeUndefined();
  });

  it('one-read commit is all-or-nothing: the batches merged before a conflicting value found in the third batch (batches of 2) are rolled back', async () => {
    const count = await observationCount();
    const path = csv('conflict.csv', [
      '指标代码,主体类型,主体代码,期间,数值',
      `purchases,企业,${wf1},2024,10`,
      `purchases,企业,${wf2},2024,20`,
      `local-purchases,企业,${wf1},2024,5`,
      `local-purchases,企业,${wf2},2024,6`,
      `purchases,企业,${wf1},2024,11`,
      `local-purchases,企业,${wf2},2024,6`,
    ]);
    const result = await importObservations(
      database.db,
      { path },
      { ...all, pool: database.pool, dryRun: false, batchSize: 2 },
    );
    expect(result.committed).toBe(false);
    expect(result.issues.map((i) => [i.row, i.reason.split(' / ')[0]])).toEqual([
      [6, '与第 2 行的数值 10 冲突'],
      [7, '与第 5 行重复'],
    ]);
    expect(await observationCount()).toBe(count);
    expect(await stored('purchases', wf1, '2024')).toBeUndefined();
  });

  it('an accepted figure is locked for a user without review permission', async () => {
    await database.db
      .update(observations)
      .set({ status: 'accepted' })
      .where(and(eq(observations.metricCode, 'rd-expense'), eq(observations.subjectCode, wf1)));
    const path = csv('locked.csv', [
      '指标代码,主体类型,主体代码,期间,数值',
      `rd-expense,企业,${wf1},2024,3100`,
    ]);
    const locked = await importObservations(
      database.db,
      { path },
      { ...all, pool: database.pool, dryRun: false },
    );
    expect(locked.issues.map((i) => [i.row, i.reason.split(' / ')[0]])).toEqual([
      [2, '已确认的数据（3000）已锁定，只有审核人可修改'],
    ]);
    const reviewed = await importObservations(
      database.db,
      { path },
      { ...all, pool: database.pool, dryRun: false, canReview: true },
    );
    expect(reviewed.counts.update).toBe(1);
    expect((await stored('rd-expense', wf1, '2024'))?.value).toBe(3100);
  });

  it('a figure locked by an accepted data-collection submission is refused even for a reviewer', async () => {
    const at = new Date('2025-03-01T00:00:00Z');
    const [org] = await database.db.select({ code: organisations.code }).from(organisations).limit(1);
    const assignee = org?.code ?? 'test-city-bureau';
    if (!org) {
      await database.db.insert(organisations).values({ code: assignee, name: '测试市工信局', type: 'city' });
    }
    await database.db.insert(collectionDataSets).values({
      code: 'lock-test',
      name: '锁定测试',
      nameEn: 'Lock test',
      subjectType: 'enterprise',
      metrics: ['rd-expense'],
      periodKind: 'year',
      rules: { required: [], ranges: [], crossField: [], outliers: [] },
      createdAt: at,
      updatedAt: at,
    });
    const [period] = await database.db
      .insert(collectionPeriods)
      .values({ dataSetCode: 'lock-test', period: '2024', deadline: at, openedAt: at })
      .returning({ id: collectionPeriods.id });
    if (!period) throw new Error('period not inserted');
    const [submission] = await database.db
      .insert(collectionSubmissions)
      .values({
        periodId: period.id,
        assigneeCode: assignee,
        assigneeKind: 'city',
        state: 'accepted',
        acceptedAt: at,
        createdAt: at,
        updatedAt: at,
      })
      .returning({ id: collectionSubmissions.id });
    if (!submission) throw new Error('submission not inserted');
    await database.db.insert(observationLocks).values({
      subjectType: 'enterprise',
      subjectCode: wf1,
      metricCode: 'rd-expense',
      period: '2024',
      submissionId: submission.id,
      lockedAt: at,
    });
    const before = await stored('rd-expense', wf1, '2024');
    const path = csv('collection-locked.csv', [
      '指标代码,主体类型,主体代码,期间,数值',
      `rd-expense,企业,${wf1},2024,${(before?.value ?? 0) + 1}`,
    ]);
    const result = await importObservations(
      database.db,
      { path },
      { ...all, pool: database.pool, dryRun: false, canReview: true },
    );
    expect(result.committed).toBe(false);
    expect(result.issues.map((i) => [i.row, i.reason.split(' / ')[0]])).toEqual([
      [2, '该数据已在数据报送中确认并锁定，须先由省级用户重新打开报送'],
    ]);
    expect((await stored('rd-expense', wf1, '2024'))?.value).toBe(before?.value);
  });
});

describe('membership import in two passes (ADR 0010)', () => {
  it('duplicates and overlaps inside the file are found in the staging table and the valid rows are not written either', async () => {
    const before = await database.db.select().from(clusterMemberships);
    const path = csv('members.csv', [
      '统一社会信用代码,集群代码,角色,加入日期,退出日期',
      `${wf1},WF-POWER,核心,2020-01-01,`, // restates the registered membership: unchanged
      `${wf2},WF-POWER,配套,2020-01-01,2022-12-31`, // changes the registered one: update
      `${wf2},WF-POWER,配套,2022-06-01,`, // overlaps row 3
      `${wf2},WF-POWER,配套,2022-06-01,`, // repeats row 4
    ]);
    const dry = await importMemberships(database.db, { path }, { ...all, dryRun: true });
    expect(dry.issues.map((i) => [i.row, i.reason.split(' / ')[0]])).toEqual([
      [4, '与第 3 行的成员期间重叠'],
      [5, expect.stringContaining('与第 4 行重复')],
    ]);
    expect(dry.counts).toEqual({ rows: 3, insert: 1, update: 1, unchanged: 1 });
    const commit = await importMemberships(database.db, { path }, { ...all, dryRun: false });
    expect(commit.committed).toBe(false);
    expect(await database.db.select().from(clusterMemberships)).toEqual(before);

    const fixed = csv('members-fixed.csv', [
      '统一社会信用代码,集群代码,角色,加入日期,退出日期',
      `${wf1},WF-POWER,核心,2020-01-01,`,
      `${wf2},WF-POWER,配套,2020-01-01,2022-05-31`,
      `${wf2},WF-POWER,配套,2022-06-01,`,
    ]);
    const ok = await importMemberships(database.db, { path: fixed }, { ...all, dryRun: false });
    expect([ok.committed, ok.counts]).toEqual([true, { rows: 3, insert: 1, update: 1, unchanged: 1 }]);
    const again = await importMemberships(database.db, { path: fixed }, { ...all, dryRun: false });
    expect(again.counts).toEqual({ rows: 3, insert: 0, update: 0, unchanged: 3 });
  });
});

/** A multipart/form-data body with one file part, as a browser sends it. */
function multipart(filename: string, content: Buffer): { payload: Buffer; headers: Record<string, string> } {
  const boundary = '----qunce-observation-boundary-4YWxk';
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\n` +
      'Content-Type: application/octet-stream\r\n\r\n',
  );
  return {
    payload: Buffer.concat([head, content, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

describe('imports recompute derived cluster metrics', () => {
  it('a membership import adds 潍柴 to a second cluster from 2021: that cluster’s 2024 revenue becomes 潍柴’s own', async () => {
    await database.db.insert(clusters).values({
      code: 'WF-SECOND',
      name: '潍坊市第二集群',
      leadIndustry: 'power-equipment',
      tier: 'provincial',
      cultivationTarget: 'national',
      status: 'recognised',
      cityCodes: ['370700'],
      leadCityCode: '370700',
      createdAt: actor.at,
      updatedAt: actor.at,
    });
    const own = await stored('revenue', wf1, '2024');
    expect(own?.value).toBeGreaterThan(0);
    expect(await stored('revenue', 'WF-SECOND', '2024')).toBeUndefined();
    const path = csv('second-cluster.csv', [
      '统一社会信用代码,集群代码,角色,加入日期,退出日期',
      `${wf1},WF-SECOND,核心,2021-01-01,`,
    ]);
    const result = await importMemberships(database.db, { path }, { ...all, dryRun: false });
    expect([result.committed, result.counts.insert]).toEqual([true, 1]);
    expect((await stored('revenue', 'WF-SECOND', '2024'))?.value).toBe(own?.value);
  });
});

describe('observation import over HTTP', () => {
  let httpDatabase: TestDatabase;
  let app: FastifyInstance;
  let province: TestSession;

  beforeAll(async () => {
    httpDatabase = await createTestDatabase();
    ({ app } = await buildTestApp(httpDatabase));
    province = await signIn(app, 'demo-province');
    const roster = csv('http-roster.csv', [
      '统一社会信用代码,企业名称,所在城市,行业大类,是否规上',
      `${wf1},潍柴动力股份有限公司,潍坊,34,是`,
    ]);
    const imported = await importEnterprises(httpDatabase.db, { path: roster }, { ...all, dryRun: false });
    expect(imported.committed).toBe(true);
  });

  afterAll(async () => {
    await app.close();
    await httpDatabase.drop();
  });

  async function upload(content: string, dryRun: boolean) {
    const body = multipart('指标.csv', Buffer.from(content));
    const started = await app.inject({
      method: 'POST',
      url: `/api/imports/observations?dryRun=${dryRun}`,
      headers: { ...province.headers, ...body.headers },
      payload: body.payload,
    });
    expect(started.statusCode).toBe(202);
    await app.jobs.idle();
    const job = await app.inject({
      method: 'GET',
      url: `/api/jobs/${started.json().id}`,
      headers: province.headers,
    });
    return job.json();
  }

  it('the template names the seven columns; an upload runs as a job: dry run, commit, then errors.xlsx of a bad file', async () => {
    const template = await app.inject({
      method: 'GET',
      url: '/api/imports/observations/template',
      headers: province.headers,
    });
    expect(template.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(template.rawPayload as unknown as ArrayBuffer);
    const headers = ((wb.getWorksheet('指标数据')?.getRow(1).values ?? []) as unknown[]).filter(
      (v) => typeof v === 'string',
    );
    expect(headers.map((h) => String(h).replace(/^\*|[（(].*$/g, ''))).toEqual([
      '指标代码',
      '主体类型',
      '主体代码',
      '期间',
      '数值',
      '单位',
      '备注',
    ]);

    const file = `指标代码,主体类型,主体代码,期间,数值（亿元）\nrevenue,企业,${wf1},2024年1-9月,2.5\n`;
    const dry = await upload(file, true);
    expect(dry.status).toBe('succeeded');
    expect(dry.result.counts).toEqual({ rows: 1, insert: 1, update: 0, unchanged: 0 });
    const committed = await upload(file, false);
    expect(committed.result.committed).toBe(true);
    const [row] = await httpDatabase.db.select().from(observations).where(eq(observations.subjectCode, wf1));
    // 2.5 亿元 = 25000 万元, period 2024年1-9月 read as 2024M09YTD
    expect([row?.period, row?.value]).toEqual(['2024M09YTD', 25000]);

    const bad = await upload(
      `指标代码,主体类型,主体代码,期间,数值\nemployees,企业,${wf1},2024Q1,10\n`,
      false,
    );
    expect(bad.result.issues).toHaveLength(1);
    const errors = await app.inject({
      method: 'GET',
      url: `/api/imports/${bad.id}/errors.xlsx`,
      headers: province.headers,
    });
    expect(errors.statusCode).toBe(200);
  });
});
