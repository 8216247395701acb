import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDataSetRequestSchema } from '@qunce/core/collection';
import { and, eq, like } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/cli.ts';
import {
  buildIdentityTestApp,
  buildUser,
  type IdentityTestApp,
  signIn,
} from '../../../test/identity-fixtures.ts';
import { buildClusterInput, buildCreditCodes, type Client, client } from '../../../test/registry-fixtures.ts';
import { bootstrap } from '../../bootstrap.ts';
import { collectStatus, formatStatusTable } from '../../cli/commands/collect.ts';
import { loadConfig } from '../../config.ts';
import { openDatabase } from '../../db/client.ts';
import { auditLog, clusterMemberships, enterprises } from '../../db/schema/index.ts';
import { seedMetricCatalogue } from '../metrics/metrics.service.ts';
import { createDataSet, describeAcceptance, openPeriod } from './collection.service.ts';

/**
 * Issue 5's scenario, period 2025 of the data set `enterprise-annual` (revenue and R&D of cluster
 * enterprises, 万元), deadline 2026-03-31 23:59:59 (UTC+8), assigned to 潍坊 (370700) and 青岛 (370200):
 *   潍坊 reports A (revenue history 2022–2024: 1000, 1100, 1050) at 1800 — an outlier on both rules:
 *     year-on-year 1800 / 1050 − 1 = +71.4 % > 50 %, and |1800 − 1050| / 50 = 15 sd > 3 sd —
 *     which passes only with a comment; and B (revenue 500, R&D 20).
 *   青岛 misses the deadline. The province returns 潍坊's submission with a reason, accepts it after
 *   correction; the accepted figures cannot be changed until reopened; completeness reports 青岛.
 */
let t: IdentityTestApp;
let province: Client;
let weifang: Client;
let qingdao: Client;
let weifangSession: Awaited<ReturnType<typeof signIn>>;
let provinceSession: Awaited<ReturnType<typeof signIn>>;

const [A, B] = buildCreditCodes(2, 501, '370700') as [string, string];
const [D] = buildCreditCodes(1, 601, '370200') as [string];
const deadline = '2026-03-31T23:59:59+08:00';

async function put(session: { headers: Record<string, string> }, url: string, payload: unknown) {
  const response = await t.app.inject({
    method: 'PUT',
    url,
    headers: session.headers,
    payload: payload as Record<string, unknown>,
  });
  return { status: response.statusCode, body: response.json() };
}

async function buildMember(creditCode: string, cityCode: string, clusterCode: string) {
  const at = new Date('2026-01-01T00:00:00Z');
  await t.database.db.insert(enterprises).values({
    creditCode,
    name: `企业 ${creditCode.slice(-4)}`,
    cityCode,
    industryDivision: '34',
    isAboveScale: true,
    createdAt: at,
    updatedAt: at,
  });
  await t.database.db
    .insert(clusterMemberships)
    .values({ creditCode, clusterCode, role: 'core', validFrom: '2020-01-01', createdAt: at, updatedAt: at });
}

async function reSignIn() {
  provinceSession = await signIn(t.app, 'demo-province');
  weifangSession = await signIn(t.app, 'demo-city');
  province = client(t, provinceSession);
  weifang = client(t, weifangSession);
  qingdao = client(t, await signIn(t.app, 'qingdao-city', 'Test-Passw0rd!'));
}

const revenueItem = (creditCode: string, period: string, value: number) => ({
  subjectType: 'enterprise',
  subjectCode: creditCode,
  metric: 'revenue',
  period,
  value,
});

let periodId = '';
let weifangId = '';
let qingdaoId = '';

beforeAll(async () => {
  t = await buildIdentityTestApp();
  await buildUser(t, { username: 'qingdao-city', role: 'city', organisationCode: 'city-370200' });
  await reSignIn();
  for (const input of [
    buildClusterInput({ code: 'SD-C-0101' }),
    buildClusterInput({
      code: 'SD-C-0102',
      name: '青岛市智能家电集群',
      nameEn: 'Qingdao Smart Home Appliances',
      leadIndustry: 'smart-appliances',
      cityCodes: ['370200'],
      leadCityCode: '370200',
    }),
  ]) {
    expect((await province.post('/api/clusters', input)).status).toBe(201);
  }
  await buildMember(A, '370700', 'SD-C-0101');
  await buildMember(B, '370700', 'SD-C-0101');
  await buildMember(D, '370200', 'SD-C-0102');
  // A's own history: 2022 1000, 2023 1100, 2024 1050 (mean 1050, sample sd 50)
  const history = await province.post('/api/observations/batch', {
    items: [revenueItem(A, '2022', 1000), revenueItem(A, '2023', 1100), revenueItem(A, '2024', 1050)],
  });
  expect(history.status).toBe(200);
});

afterAll(async () => {
  await t.close();
});

describe('data sets and periods', () => {
  it('refuses a data set whose rules name a metric it does not collect, or a derived metric (400)', async () => {
    const wrongRule = await province.post('/api/collection/data-sets', {
      code: 'bad-rules',
      name: '错误',
      nameEn: 'Bad',
      subjectType: 'enterprise',
      metrics: ['revenue'],
      periodKind: 'year',
      rules: { crossField: [{ formula: 'rd-expense <= revenue' }] },
    });
    expect(wrongRule.status).toBe(400);
    const derived = await province.post('/api/collection/data-sets', {
      code: 'bad-derived',
      name: '错误',
      nameEn: 'Bad',
      subjectType: 'cluster',
      metrics: ['rd-intensity-above-scale'],
      periodKind: 'year',
    });
    expect(derived.status).toBe(400);
    const byCity = await weifang.post('/api/collection/data-sets', {
      code: 'city-own',
      name: '自建',
      nameEn: 'Own',
      subjectType: 'enterprise',
      metrics: ['revenue'],
      periodKind: 'year',
    });
    expect(byCity.status).toBe(403);
  });

  it('the province defines enterprise-annual, opens 2025 with a deadline and assigns it to two cities', async () => {
    const created = await province.post('/api/collection/data-sets', {
      code: 'enterprise-annual',
      name: '集群企业年报',
      nameEn: 'Cluster enterprises, annual',
      subjectType: 'enterprise',
      metrics: ['revenue', 'rd-expense'],
      periodKind: 'year',
      rules: {
        required: ['revenue'],
        ranges: [{ metric: 'revenue', min: 0 }],
        crossField: [
          { formula: 'rd-expense <= revenue', message: '研发费用不得超过营业收入 / R&D ≤ revenue' },
        ],
        outliers: [{ metric: 'revenue', sdMultiple: 3, yoyBound: 0.5 }],
      },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ allowFuture: false, cityReview: false, version: 1 });
    const quarterly = await province.post('/api/collection/data-sets/enterprise-annual/periods', {
      period: '2025Q4',
      deadline,
    });
    expect(quarterly.status).toBe(422);
    const opened = await province.post('/api/collection/data-sets/enterprise-annual/periods', {
      period: '2025',
      deadline,
      assignees: ['city-370700', 'city-370200'],
    });
    expect(opened.status).toBe(201);
    expect(opened.body).toMatchObject({ period: '2025', assignments: 2 });
    periodId = opened.body.id;
    const department = await province.post(`/api/collection/periods/${periodId}/assignments`, {
      assignees: ['dept-sti'],
    });
    expect(department.status).toBe(400);
    const again = await province.post('/api/collection/data-sets/enterprise-annual/periods', {
      period: '2025',
      deadline,
    });
    expect(again.status).toBe(409);
    const list = await province.get('/api/collection/submissions?period=2025');
    expect(list.status).toBe(200);
    const byAssignee = new Map(
      (list.body.items as { assignee: string; id: string; state: string }[]).map((s) => [s.assignee, s]),
    );
    weifangId = byAssignee.get('city-370700')?.id ?? '';
    qingdaoId = byAssignee.get('city-370200')?.id ?? '';
    expect(byAssignee.get('city-370700')?.state).toBe('open');
  });

  it('a city sees only its own assignments: list, detail (404 for the other city’s) and to-do', async () => {
    const list = await weifang.get('/api/collection/submissions');
    expect((list.body.items as { assignee: string }[]).map((s) => s.assignee)).toEqual(['city-370700']);
    expect((await weifang.get(`/api/collection/submissions/${qingdaoId}`)).status).toBe(404);
    const detail = await weifang.get(`/api/collection/submissions/${weifangId}`);
    expect(detail.status).toBe(200);
    // subjects: 潍坊's enterprises in a cluster during 2025 (A and B, not 青岛's D)
    expect((detail.body.subjects as { code: string }[]).map((s) => s.code)).toEqual([A, B].sort());
    const todo = await weifang.get('/api/collection/todo');
    expect(todo.body.items).toEqual([
      expect.objectContaining({
        kind: 'submit',
        submissionId: weifangId,
        deadline: '2026-03-31T15:59:59.000Z',
        overdue: false,
      }),
    ]);
    const status = await weifang.get('/api/collection/status?period=2025');
    expect((status.body.assignments as { assignee: string }[]).map((a) => a.assignee)).toEqual([
      'city-370700',
    ]);
  });

  it('figures for a period that has not ended are refused unless the data set allows it (targets, plans)', async () => {
    const plan = await province.post('/api/collection/data-sets', {
      code: 'revenue-plan',
      name: '营业收入计划',
      nameEn: 'Revenue plan',
      subjectType: 'enterprise',
      metrics: ['revenue'],
      periodKind: 'year',
      allowFuture: true,
    });
    expect(plan.status).toBe(201);
    const actual = await province.post('/api/collection/data-sets', {
      code: 'revenue-actual',
      name: '营业收入实际',
      nameEn: 'Revenue actual',
      subjectType: 'enterprise',
      metrics: ['revenue'],
      periodKind: 'year',
    });
    expect(actual.status).toBe(201);
    for (const code of ['revenue-plan', 'revenue-actual']) {
      const opened = await province.post(`/api/collection/data-sets/${code}/periods`, {
        period: '2027',
        deadline: '2027-01-31T00:00:00Z',
        assignees: ['city-370700'],
      });
      expect(opened.status).toBe(201);
    }
    const list = await weifang.get('/api/collection/submissions?period=2027');
    const ids = new Map((list.body.items as { dataSet: string; id: string }[]).map((s) => [s.dataSet, s.id]));
    const value = { values: [{ subjectCode: A, metric: 'revenue', value: 2000 }], version: 1 };
    expect(
      (await put(weifangSession, `/api/collection/submissions/${ids.get('revenue-plan')}/values`, value))
        .status,
    ).toBe(200);
    const refused = await put(
      weifangSession,
      `/api/collection/submissions/${ids.get('revenue-actual')}/values`,
      value,
    );
    expect(refused.status).toBe(422);
    expect(refused.body.error.details.reason).toBe('future_period');
  });
});

describe('the period end to end', () => {
  it('潍坊 enters A 1800 (an outlier: +71.4 % year on year, 15 sd from 1050) and B; validation blocks until it is explained', async () => {
    const saved = await put(weifangSession, `/api/collection/submissions/${weifangId}/values`, {
      values: [
        { subjectCode: A, metric: 'revenue', value: 1800 },
        { subjectCode: A, metric: 'rd-expense', value: 40 },
        { subjectCode: B, metric: 'revenue', value: 500 },
        { subjectCode: B, metric: 'rd-expense', value: 20 },
      ],
      version: 1,
    });
    expect(saved.status).toBe(200);
    const validation = await weifang.get(`/api/collection/submissions/${weifangId}/validation`);
    expect(validation.body).toMatchObject({ ok: false, subjects: 2, values: 4 });
    expect(validation.body.issues).toEqual([
      expect.objectContaining({ kind: 'outlier', subjectCode: A, metric: 'revenue', blocking: true }),
    ]);
    const findings = validation.body.issues[0].details.findings as { kind: string }[];
    expect(findings).toEqual([
      expect.objectContaining({ kind: 'sd', mean: 1050, sd: 50, deviations: 15, bound: 3 }),
      expect.objectContaining({ kind: 'yoy', previous: 1050, change: expect.closeTo(0.7143, 4), bound: 0.5 }),
    ]);
    const refused = await weifang.post(`/api/collection/submissions/${weifangId}/submit`, { version: 2 });
    expect(refused.status).toBe(422);
    expect(refused.body.error.details.reason).toBe('validation_failed');
    // a stranger to the assignment may not fill it
    const byQingdao = await qingdao.post(`/api/collection/submissions/${weifangId}/submit`, { version: 2 });
    expect(byQingdao.status).toBe(404);
  });

  it('with a comment the outlier passes and 潍坊 submits on time', async () => {
    const commented = await put(weifangSession, `/api/collection/submissions/${weifangId}/values`, {
      values: [
        { subjectCode: A, metric: 'revenue', value: 1800, comment: '新产线投产 / a new production line' },
      ],
      version: 2,
    });
    expect(commented.status).toBe(200);
    const validation = await weifang.get(`/api/collection/submissions/${weifangId}/validation`);
    expect(validation.body.ok).toBe(true);
    expect(validation.body.issues).toEqual([expect.objectContaining({ kind: 'outlier', blocking: false })]);
    const submitted = await weifang.post(`/api/collection/submissions/${weifangId}/submit`, { version: 3 });
    expect(submitted.status).toBe(200);
    expect(submitted.body).toMatchObject({ state: 'submitted', onTime: true });
    // submitted figures cannot be changed while under review
    const locked = await put(weifangSession, `/api/collection/submissions/${weifangId}/values`, {
      values: [{ subjectCode: B, metric: 'revenue', value: 600 }],
      version: 4,
    });
    expect(locked.status).toBe(422);
    const provinceTodo = await province.get('/api/collection/todo');
    expect(provinceTodo.body.items).toEqual([
      expect.objectContaining({ kind: 'review', submissionId: weifangId }),
    ]);
  });

  it('青岛 misses the deadline: after 2026-03-31 completeness lists it as not submitted and the league table ranks 潍坊 first', async () => {
    t.clock.advanceMinutes(40 * 24 * 60); // 2026-04-11
    await reSignIn();
    const todo = await qingdao.get('/api/collection/todo');
    expect(todo.body.items).toEqual([expect.objectContaining({ submissionId: qingdaoId, overdue: true })]);
    const report = await province.get('/api/collection/completeness?period=2025&dataSet=enterprise-annual');
    expect(report.status).toBe(200);
    expect(report.body.totals).toMatchObject({ assignments: 2, open: 1, submitted: 1, missing: 1, late: 0 });
    expect(report.body.notSubmitted).toEqual([
      expect.objectContaining({ assignee: 'city-370200', state: 'open', onTime: false, submittedAt: null }),
    ]);
    expect(report.body.cities).toEqual([
      expect.objectContaining({
        rank: 1,
        cityCode: '370700',
        cityName: '潍坊市',
        completeness: 1,
        timeliness: 1,
      }),
      expect.objectContaining({
        rank: 2,
        cityCode: '370200',
        cityName: '青岛市',
        missing: 1,
        completeness: 0,
      }),
    ]);
  });

  it('the province returns 潍坊’s submission with a reason (400 without one); 潍坊 corrects and resubmits', async () => {
    const noReason = await province.post(`/api/collection/submissions/${weifangId}/return`, { version: 4 });
    expect(noReason.status).toBe(400);
    const byCity = await weifang.post(`/api/collection/submissions/${weifangId}/return`, {
      version: 4,
      reason: '自己退回',
    });
    expect(byCity.status).toBe(403);
    const returned = await province.post(`/api/collection/submissions/${weifangId}/return`, {
      version: 4,
      reason: 'B 企业研发费用偏低，请核实 / check B’s R&D',
    });
    expect(returned.status).toBe(200);
    expect(returned.body).toMatchObject({
      state: 'returned',
      reason: 'B 企业研发费用偏低，请核实 / check B’s R&D',
    });
    const todo = await weifang.get('/api/collection/todo');
    expect((todo.body.items as { period: string }[]).filter((i) => i.period === '2025')).toEqual([
      expect.objectContaining({
        kind: 'submit',
        state: 'returned',
        reason: 'B 企业研发费用偏低，请核实 / check B’s R&D',
      }),
    ]);
    // R&D 600 > revenue 500 fails the cross-field rule
    await put(weifangSession, `/api/collection/submissions/${weifangId}/values`, {
      values: [{ subjectCode: B, metric: 'rd-expense', value: 600 }],
      version: 5,
    });
    const failing = await weifang.post(`/api/collection/submissions/${weifangId}/submit`, { version: 6 });
    expect(failing.status).toBe(422);
    expect(
      (failing.body.error.details.report.issues as { blocking: boolean }[]).filter((i) => i.blocking),
    ).toEqual([
      expect.objectContaining({
        kind: 'cross_field',
        subjectCode: B,
        message: '研发费用不得超过营业收入 / R&D ≤ revenue',
      }),
    ]);
    await put(weifangSession, `/api/collection/submissions/${weifangId}/values`, {
      values: [{ subjectCode: B, metric: 'rd-expense', value: 35 }],
      version: 6,
    });
    const resubmitted = await weifang.post(`/api/collection/submissions/${weifangId}/submit`, { version: 7 });
    expect(resubmitted.status).toBe(200);
    // on time is judged by the first submission (2026-03-02), not the resubmission after the deadline
    expect(resubmitted.body).toMatchObject({ state: 'submitted', onTime: true });
  });

  it('the province accepts: the figures become accepted observations and are locked', async () => {
    const accepted = await province.post(`/api/collection/submissions/${weifangId}/accept`, { version: 8 });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ state: 'accepted', changedSinceAcceptance: 0 });
    const stored = await province.get(
      `/api/observations?subjectType=enterprise&subjectCode=${A}&metric=revenue&periodFrom=2025&periodTo=2025`,
    );
    expect(stored.body.items).toEqual([expect.objectContaining({ value: 1800, status: 'accepted' })]);
    // an accepted value cannot be changed without reopening: not by the province through the metrics API …
    const overwrite = await put(provinceSession, '/api/observations', revenueItem(A, '2025', 1700));
    expect(overwrite.status).toBe(423);
    expect(overwrite.body.error.details).toMatchObject({
      reason: 'accepted_submission',
      submissionId: weifangId,
    });
    // … nor by the city in its submission
    const edit = await put(weifangSession, `/api/collection/submissions/${weifangId}/values`, {
      values: [{ subjectCode: A, metric: 'revenue', value: 1700 }],
      version: 9,
    });
    expect(edit.status).toBe(423);
    const summary = await describeAcceptance(t.database.db, {
      metric: 'revenue',
      subjectType: 'enterprise',
      period: '2025',
    });
    expect(summary).toEqual({ total: 2, accepted: 2, unaccepted: 0, derived: 0, includesUnaccepted: false });
    // 2024's figures were entered directly (provisional): a roll-up over them says so
    const earlier = await province.get(
      '/api/collection/acceptance?metric=revenue&subjectType=enterprise&period=2024',
    );
    expect(earlier.body).toMatchObject({ total: 1, unaccepted: 1, includesUnaccepted: true });
  });

  it('reopening needs a province user and a reason; then figures may change, and the changes since acceptance are counted', async () => {
    expect(
      (await weifang.post(`/api/collection/submissions/${weifangId}/reopen`, { version: 9, reason: '更正' }))
        .status,
    ).toBe(403);
    expect(
      (await province.post(`/api/collection/submissions/${weifangId}/reopen`, { version: 9 })).status,
    ).toBe(400);
    const reopened = await province.post(`/api/collection/submissions/${weifangId}/reopen`, {
      version: 9,
      reason: '统计局核定数调整 / revised by the statistics bureau',
    });
    expect(reopened.body).toMatchObject({ state: 'reopened', changedSinceAcceptance: 0 });
    const edited = await put(weifangSession, `/api/collection/submissions/${weifangId}/values`, {
      values: [
        { subjectCode: A, metric: 'revenue', value: 1750, comment: '新产线投产 / a new production line' },
      ],
      version: 10,
    });
    expect(edited.status).toBe(200);
    expect(edited.body.changedSinceAcceptance).toBe(1);
    // the accepted figure stays in observations until the correction is accepted
    const stored = await province.get(
      `/api/observations?subjectType=enterprise&subjectCode=${A}&metric=revenue&periodFrom=2025&periodTo=2025`,
    );
    expect(stored.body.items).toEqual([expect.objectContaining({ value: 1800, status: 'accepted' })]);
    const detail = await province.get(`/api/collection/submissions/${weifangId}`);
    expect(
      (detail.body.history as { action: string; toState: string; reason: string | null }[]).map((h) => [
        h.action,
        h.toState,
        h.reason,
      ]),
    ).toEqual([
      ['assign', 'open', null],
      ['submit', 'submitted', null],
      ['return', 'returned', 'B 企业研发费用偏低，请核实 / check B’s R&D'],
      ['submit', 'submitted', null],
      ['accept', 'accepted', null],
      ['reopen', 'reopened', '统计局核定数调整 / revised by the statistics bureau'],
    ]);
    const audited = await t.database.db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(and(like(auditLog.action, 'collection.%'), eq(auditLog.entityId, weifangId)));
    expect(audited.map((a) => a.action)).toEqual(
      expect.arrayContaining([
        'collection.submit',
        'collection.return',
        'collection.accept',
        'collection.reopen',
        'collection.values_saved',
      ]),
    );
  });

  it('青岛 submits late: completeness and qunce collect status say so', async () => {
    const detail = await qingdao.get(`/api/collection/submissions/${qingdaoId}`);
    expect((detail.body.subjects as { code: string }[]).map((s) => s.code)).toEqual([D]);
    await put(
      await signIn(t.app, 'qingdao-city', 'Test-Passw0rd!'),
      `/api/collection/submissions/${qingdaoId}/values`,
      {
        values: [{ subjectCode: D, metric: 'revenue', value: 300 }],
        version: 1,
      },
    );
    const submitted = await qingdao.post(`/api/collection/submissions/${qingdaoId}/submit`, { version: 2 });
    expect(submitted.body).toMatchObject({ state: 'submitted', onTime: false });
    const report = await province.get('/api/collection/completeness?period=2025&dataSet=enterprise-annual');
    expect(report.body.late).toEqual([expect.objectContaining({ assignee: 'city-370200', onTime: false })]);
    expect(report.body.returned).toEqual([expect.objectContaining({ assignee: 'city-370700' })]);
    expect(report.body.cities.map((c: { cityCode: string; late: number }) => [c.cityCode, c.late])).toEqual([
      ['370700', 0],
      ['370200', 1],
    ]);

    const status = await collectStatus(t.database.db, '2025', t.clock.now());
    expect(status).toEqual({
      period: '2025',
      assignments: [
        {
          dataSet: 'enterprise-annual',
          assignee: 'city-370200',
          assigneeName: expect.stringContaining('青岛'),
          state: 'submitted',
          submittedAt: t.clock.now().toISOString(),
          deadline: '2026-03-31T15:59:59.000Z',
          onTime: false,
        },
        {
          dataSet: 'enterprise-annual',
          assignee: 'city-370700',
          assigneeName: expect.stringContaining('潍坊'),
          state: 'reopened',
          submittedAt: expect.any(String),
          deadline: '2026-03-31T15:59:59.000Z',
          onTime: true,
        },
      ],
    });
    const table = formatStatusTable(status);
    expect(table).toContain('期间 period 2025: 2 assignments');
    expect(table).toMatch(/enterprise-annual\s+city-370200\s+\S+\s+submitted\s+\S+\s+\S+\s+no/);
    expect(table).toMatch(/enterprise-annual\s+city-370700\s+\S+\s+reopened\s+\S+\s+\S+\s+yes/);
  });
});

describe('the prefilled workbook', () => {
  it('downloads 潍坊’s submission prefilled and imports it back: dry run first, 亿元 converted to 万元, unknown subjects refused', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: `/api/collection/submissions/${weifangId}/workbook.xlsx`,
      headers: { cookie: weifangSession.cookie },
    });
    expect(response.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('填报数据');
    expect(sheet?.getRow(1).getCell(3).value).toBe('营业收入（万元）');
    const rowOfA = [2, 3].find((r) => sheet?.getRow(r).getCell(1).value === A) ?? 0;
    expect(sheet?.getRow(rowOfA).getCell(3).value).toBe(1750);

    // 潍坊 types A's revenue in 亿元 (0.18 亿元 = 1800 万元) and adds a row for 青岛's D
    if (!sheet) throw new Error('no data sheet');
    sheet.getRow(1).getCell(3).value = '营业收入（亿元）';
    for (const r of [2, 3]) {
      const cell = sheet.getRow(r).getCell(3);
      cell.value = typeof cell.value === 'number' ? cell.value / 10000 : cell.value;
    }
    sheet.getRow(rowOfA).getCell(3).value = 0.18;
    sheet.getRow(4).getCell(1).value = D;
    const withStranger = Buffer.from(await workbook.xlsx.writeBuffer());
    const boundary = 'qunceboundary';
    const multipartBody = (content: Buffer) =>
      Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="填报.xlsx"\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n`,
        ),
        content,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
    const upload = async (content: Buffer, dryRun: boolean) => {
      const body = multipartBody(content);
      const r = await t.app.inject({
        method: 'POST',
        url: `/api/collection/submissions/${weifangId}/import?dryRun=${dryRun}`,
        headers: { ...weifangSession.headers, 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload: body,
      });
      return { status: r.statusCode, body: r.json() };
    };
    const refused = await upload(withStranger, false);
    expect(refused.status).toBe(200);
    expect(refused.body).toMatchObject({ written: false });
    expect(refused.body.issues).toEqual([
      expect.objectContaining({ sheet: '填报数据', row: 4, column: 'A', value: D }),
    ]);
    const errors = await t.app.inject({
      method: 'POST',
      url: `/api/collection/submissions/${weifangId}/import/errors.xlsx`,
      headers: { ...weifangSession.headers, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: multipartBody(withStranger),
    });
    expect(errors.statusCode).toBe(200);
    const marked = new ExcelJS.Workbook();
    await marked.xlsx.load(errors.rawPayload as unknown as ArrayBuffer);
    const list = marked.getWorksheet('错误清单');
    const listed = JSON.stringify(list?.getSheetValues());
    expect(listed).toContain('not a subject of this submission');
    sheet.getRow(4).getCell(1).value = null;
    const clean = Buffer.from(await workbook.xlsx.writeBuffer());
    const dry = await upload(clean, true);
    expect(dry.body).toMatchObject({ dryRun: true, issues: [], values: 4, changed: 1, written: false });
    const committed = await upload(clean, false);
    expect(committed.body).toMatchObject({ dryRun: false, issues: [], changed: 1, written: true });
    const detail = await weifang.get(`/api/collection/submissions/${weifangId}`);
    expect(detail.body.values).toContainEqual(
      expect.objectContaining({ subjectCode: A, metric: 'revenue', value: 1800 }),
    );
    expect(detail.body.changedSinceAcceptance).toBe(0);
  });
});

describe('re-acceptance after reopening', () => {
  it('a figure cleared since the last acceptance is removed from observations; the others are accepted again and locked', async () => {
    const before = await weifang.get(`/api/collection/submissions/${weifangId}`);
    let version = before.body.version as number;
    const cleared = await put(weifangSession, `/api/collection/submissions/${weifangId}/values`, {
      values: [{ subjectCode: B, metric: 'rd-expense', value: null }],
      version,
    });
    expect(cleared.body.changedSinceAcceptance).toBe(1);
    version = cleared.body.version;
    expect((await weifang.post(`/api/collection/submissions/${weifangId}/submit`, { version })).status).toBe(
      200,
    );
    const accepted = await province.post(`/api/collection/submissions/${weifangId}/accept`, {
      version: version + 1,
    });
    expect(accepted.body).toMatchObject({ state: 'accepted', changedSinceAcceptance: 0 });
    const rd = await province.get(
      `/api/observations?subjectType=enterprise&subjectCode=${B}&metric=rd-expense&periodFrom=2025&periodTo=2025`,
    );
    expect(rd.body.items).toEqual([]);
    const revenue = await put(provinceSession, '/api/observations', revenueItem(B, '2025', 501));
    expect(revenue.status).toBe(423);
  });
});

describe('OpenAPI', () => {
  it('documents the collection routes from their zod schemas', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(response.statusCode).toBe(200);
    const paths = Object.keys((response.json() as { paths: Record<string, unknown> }).paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/collection/data-sets',
        '/api/collection/submissions/{id}/values',
        '/api/collection/submissions/{id}/accept',
        '/api/collection/completeness',
        '/api/collection/todo',
      ]),
    );
  });
});

describe('qunce collect status', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'qunce-collect-cli-'));
  const env = { QUNCE_DATA_DIR: dataDir };
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('refuses a missing period or an unknown format with exit 2 and lists an empty period as JSON', async () => {
    expect((await runCli(['collect', 'status'], { env })).code).toBe(2);
    expect((await runCli(['collect', 'status', '--period', '2025', '--format', 'xml'], { env })).code).toBe(
      2,
    );
    expect((await runCli(['db', 'migrate'], { env })).code).toBe(0);
    const run = await runCli(['collect', 'status', '--period', '2025', '--format', 'json'], { env });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ period: '2025', assignments: [] });
  });

  it('prints every assignment of the period as JSON and as a table', async () => {
    // a period opened in the CLI's own data directory, through the services, before the command runs
    const database = await openDatabase({ pgliteDir: `${dataDir}/pglite` });
    try {
      const config = loadConfig({ QUNCE_DATA_DIR: dataDir, QUNCE_ADMIN_PASSWORD: 'Admin-Passw0rd!' });
      await bootstrap(database, config, { info: () => {}, warn: () => {} }, { demo: false, print: () => {} });
      await seedMetricCatalogue(database.db);
      const actor = { actorId: null, actorName: 'test', ip: null, at: new Date('2026-01-05T00:00:00Z') };
      await createDataSet(
        database.db,
        createDataSetRequestSchema.parse({
          code: 'city-annual',
          name: '城市年报',
          nameEn: 'City, annual',
          subjectType: 'city',
          metrics: ['rd-intensity-above-scale'],
          periodKind: 'year',
        }),
        actor,
      );
      await openPeriod(
        database.db,
        'city-annual',
        { period: '2025', deadline: '2026-03-31T15:59:59.000Z', assignees: ['city-370700', 'city-370200'] },
        actor,
      );
    } finally {
      await database.close();
    }
    const json = await runCli(['collect', 'status', '--period', '2025', '--format', 'json'], { env });
    expect(json.code).toBe(0);
    // the real clock is past the deadline: nothing submitted, so not on time
    expect(JSON.parse(json.stdout)).toEqual({
      period: '2025',
      assignments: ['city-370200', 'city-370700'].map((assignee) => ({
        dataSet: 'city-annual',
        assignee,
        assigneeName: expect.stringContaining(assignee === 'city-370200' ? '青岛' : '潍坊'),
        state: 'open',
        submittedAt: null,
        deadline: '2026-03-31T15:59:59.000Z',
        onTime: false,
      })),
    });
    const table = await runCli(['collect', 'status', '--period', '2025'], { env });
    expect(table.stdout.split('\n')[0]).toBe('期间 period 2025: 2 assignments');
    expect(table.stdout).toMatch(
      /city-annual\s+city-370200\s+\S+\s+open\s+-\s+2026-03-31T15:59:59.000Z\s+no/,
    );
  });
});
