import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TargetsResponse } from '@qunce/core/targets';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/cli.ts';
import {
  buildIdentityTestApp,
  type IdentityTestApp,
  type Session,
  signIn,
} from '../../../test/identity-fixtures.ts';
import {
  buildClusterInput,
  buildCreditCodes,
  buildEnterpriseInput,
  type Client,
  client,
} from '../../../test/registry-fixtures.ts';
import { observations } from '../../db/schema/index.ts';
import { readZipEntry } from '../../documents/zip-entry.ts';

let t: IdentityTestApp;
let provinceSession: Session;
let province: Client;
let science: Client; // demo-department: 省科技厅 (dept-sti)

const unicorns = buildCreditCodes(13, 700, '370100');
const [inBoth, inOne, outside] = buildCreditCodes(3, 800, '370700');
let expiringUnicornId = '';

const put = async (url: string, payload: unknown) => {
  const response = await t.app.inject({
    method: 'PUT',
    url,
    headers: provinceSession.headers,
    payload: payload as Record<string, unknown>,
  });
  return { status: response.statusCode, body: response.json() };
};

const statusOn = async (date: string): Promise<TargetsResponse> => {
  const response = await province.get(`/api/targets?date=${date}`);
  expect(response.status).toBe(200);
  return response.body as TargetsResponse;
};
const row = (body: TargetsResponse, code: string) => {
  const found = body.targets.find((x) => x.code === code);
  if (!found) throw new Error(`no ${code}`);
  return found;
};

beforeAll(async () => {
  t = await buildIdentityTestApp();
  provinceSession = await signIn(t.app, 'demo-province');
  province = client(t, provinceSession);
  science = client(t, await signIn(t.app, 'demo-department'));

  // T22 (独角兽 15 左右, whole province): 13 unicorns granted 2023-01-15; one expires 2025-03-31.
  for (const [i, creditCode] of unicorns.entries()) {
    const e = await province.post(
      '/api/enterprises',
      buildEnterpriseInput({ creditCode, name: `独角兽${i}公司`, cityCode: '370100', countyCode: null }),
    );
    expect(e.status).toBe(201);
    const d = await province.post('/api/designations', {
      creditCode,
      type: 'unicorn',
      level: 'provincial',
      grantedOn: '2023-01-15',
      expiresOn: i === 0 ? '2025-03-31' : null,
      documentNumber: `鲁工信〔2023〕${i + 1}号`,
    });
    expect(d.status).toBe(201);
    if (i === 0) expiringUnicornId = d.body.id;
  }

  // T06 (集群内高新技术企业): two recognised clusters since 2023-01-01; 甲 in both, 乙 in one, 丙 in none.
  for (const [code, name] of [
    ['SD-T-0001', '潍坊动力装备集群'],
    ['SD-T-0002', '潍坊高端装备集群'],
  ] as const) {
    const c = await province.post('/api/clusters', {
      ...buildClusterInput({ code, name, tier: 'provincial', cultivationTarget: 'national' }),
      changedOn: '2023-01-01',
    });
    expect(c.status).toBe(201);
  }
  for (const [creditCode, name] of [
    [inBoth, '甲公司'],
    [inOne, '乙公司'],
    [outside, '丙公司'],
  ] as const) {
    expect((await province.post('/api/enterprises', buildEnterpriseInput({ creditCode, name }))).status).toBe(
      201,
    );
    const d = await science.post('/api/designations', {
      creditCode,
      type: 'high-tech',
      level: 'national',
      grantedOn: '2023-03-01',
      expiresOn: '2026-02-28',
      documentNumber: `鲁科字〔2023〕${name}`,
    });
    expect(d.status).toBe(201);
  }
  for (const [creditCode, clusterCode] of [
    [inBoth, 'SD-T-0001'],
    [inBoth, 'SD-T-0002'],
    [inOne, 'SD-T-0001'],
  ] as const) {
    const m = await province.post(`/api/enterprises/${creditCode}/memberships`, {
      clusterCode,
      role: 'core',
      validFrom: '2023-01-01',
    });
    expect(m.status).toBe(201);
  }
  expect(
    (await put('/api/targets/T22/baseline', { baseline: { period: '2022', date: '2022-12-31', value: 10 } }))
      .status,
  ).toBe(200);
});
afterAll(async () => {
  await t.close();
});

describe('the 2023 target set', () => {
  it('is seeded at start-up: 23 targets, owners as the policy names them, 各市人民政府 expanded to 16 city governments', async () => {
    const sets = await province.get('/api/targets/sets');
    expect(sets.body.items).toEqual([
      expect.objectContaining({
        code: 'policy-2023-185',
        version: 1,
        targetCount: 23,
        deadline: '2025-12-31',
      }),
    ]);
    const body = await statusOn('2024-12-31');
    expect(body).toMatchObject({ set: 'policy-2023-185', version: 1, date: '2024-12-31' });
    expect(body.targets).toHaveLength(23);
    const t01 = row(body, 'T01');
    expect(t01.owners).toEqual(['省工业和信息化厅', '各市人民政府']);
    expect(t01.obligations).toHaveLength(17);
    expect(t01.obligations[1]).toEqual({
      unit: '济南市人民政府',
      role: 'co-owner',
      cityCode: '370100',
      expandedFrom: '各市人民政府',
    });
    expect(row(body, 'T18').owners).toEqual(['省工业和信息化厅', '省发展改革委']);
  });

  it('a target without a baseline is no_data, and says so', async () => {
    const t14 = row(await statusOn('2024-12-31'), 'T14');
    expect(t14.status).toBe('no_data');
    expect(t14.calculation.explanation.en).toContain('No baseline yet');
  });
});

describe('registry-bound targets', () => {
  it('T22 on 2024-12-31: 13 valid unicorns, CAGR (13/10)^(1/2) − 1 = 14.02 % vs (15/10)^(1/3) − 1 = 14.47 %: ratio 0.969 → on_track', async () => {
    const t22 = row(await statusOn('2024-12-31'), 'T22');
    expect(t22.actual).toBe(13);
    expect(t22.calculation.actualRate).toBeCloseTo(Math.sqrt(1.3) - 1, 10);
    expect(t22.calculation.requiredRate).toBeCloseTo(1.5 ** (1 / 3) - 1, 10);
    expect(t22.calculation.ratio).toBeCloseTo(0.969, 3);
    expect(t22.status).toBe('on_track');
  });

  it('T22 changes status when a designation expires: on 2025-06-30 12 valid, (12/10)^(1/2.496) − 1 = 7.58 %: ratio 0.524 → limited_progress', async () => {
    const t22 = row(await statusOn('2025-06-30'), 'T22');
    expect(t22.actual).toBe(12);
    const years = 2 + 181 / 365; // 2022-12-31 → 2024-12-31 → 2025-06-30
    expect(t22.calculation.yearsElapsed).toBeCloseTo(years, 10);
    expect(t22.calculation.ratio).toBeCloseTo((1.2 ** (1 / years) - 1) / (1.5 ** (1 / 3) - 1), 10);
    expect(t22.calculation.ratio).toBeCloseTo(0.524, 3);
    expect(t22.status).toBe('limited_progress');
  });

  it('revoking the expiring unicorn early (PATCH expiresOn 2024-06-30) moves 2024-12-31 from on_track to needs_acceleration: (12/10)^(1/2) − 1 = 9.54 %, ratio 0.659', async () => {
    const current = await province.get(`/api/designations/${expiringUnicornId}`);
    const patched = await province.patch(`/api/designations/${expiringUnicornId}`, {
      expiresOn: '2024-06-30',
      version: current.body.version,
    });
    expect(patched.status).toBe(200);
    const t22 = row(await statusOn('2024-12-31'), 'T22');
    expect(t22.actual).toBe(12);
    expect(t22.calculation.ratio).toBeCloseTo((Math.sqrt(1.2) - 1) / (1.5 ** (1 / 3) - 1), 10);
    expect(t22.status).toBe('needs_acceleration');
  });

  it('T06 counts an enterprise in two clusters once and ignores one outside any cluster: 甲 + 乙 = 2 (not 3), province-wide T-none', async () => {
    const t06 = row(await statusOn('2024-12-31'), 'T06');
    expect(t06.actual).toBe(2);
    expect(t06.source.en).toContain('in recognised clusters');
    const series = t06.forecast?.pointsUsed;
    expect(series).toBe(2); // 2023-12-31 and 2024-12-31 (no baseline yet: trend from the actuals only)
  });

  it('T01–T03 count recognised clusters by tier on the date: 2 provincial clusters since 2023-01-01', async () => {
    const body = await statusOn('2024-12-31');
    expect(row(body, 'T03').actual).toBe(2);
    expect(row(body, 'T02').actual).toBe(0);
    // Before their creation (history: created 2023-01-01) the clusters do not count.
    expect(row(await statusOn('2022-12-31'), 'T03').actual).toBe(0);
  });
});

describe('reported targets, thresholds, permissions', () => {
  it('a registry-bound target cannot be reported (422); a department that does not own T11 gets 403, an owner of T23 reports it', async () => {
    expect((await science.post('/api/targets/T22/values', { period: '2024', value: 14 })).status).toBe(422);
    // The province administrator holds targets.manage, not targets.report.
    expect((await province.post('/api/targets/T23/values', { period: '2024', value: 14 })).status).toBe(403);
    const response = await science.post('/api/targets/T13/values', { period: '2024', value: 1 });
    expect(response.status).toBe(422);
    // T23 sits under task 2.3.2 (工信厅, 科技厅, 市场监管局): 科技厅 may report it; T11 (2.2.2, 工信厅 only) not.
    expect((await science.post('/api/targets/T11/values', { period: '2024', value: 90 })).status).toBe(403);
    const ok = await science.post('/api/targets/T23/values', { period: '2024', value: 43 });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ targetCode: 'T23', date: '2024-12-31', departmentCode: 'dept-sti' });
  });

  it('T23 with baseline 40 (2022) and 43 reported for 2024: slope (43 − 40)/2 = 1.5 vs (50 − 40)/3 = 3.33: ratio 0.45 → limited_progress; thresholds 0.95/0.4/0 make it needs_acceleration', async () => {
    expect(
      (
        await put('/api/targets/T23/baseline', {
          baseline: { period: '2022', date: '2022-12-31', value: 40 },
        })
      ).status,
    ).toBe(200);
    const before = row(await statusOn('2024-12-31'), 'T23');
    expect(before.calculation.ratio).toBeCloseTo(1.5 / (10 / 3), 10);
    expect(before.calculation.method).toBe('linear-ratio');
    expect(before.status).toBe('limited_progress');
    const changed = await put('/api/targets/sets/policy-2023-185/thresholds', {
      thresholds: { onTrack: 0.95, needsAcceleration: 0.4, limitedProgress: 0 },
    });
    expect(changed.status).toBe(200);
    expect(row(await statusOn('2024-12-31'), 'T23').status).toBe('needs_acceleration');
    const refused = await put('/api/targets/sets/policy-2023-185/thresholds', {
      thresholds: { onTrack: 0.5, needsAcceleration: 0.6, limitedProgress: 0 },
    });
    expect(refused.status).toBe(400);
    await put('/api/targets/sets/policy-2023-185/thresholds', {
      thresholds: { onTrack: 0.95, needsAcceleration: 0.6, limitedProgress: 0 },
    });
  });

  it('after the deadline (2026-03-01) the outcome decides: T22 with 12 unicorns is within 15 ± 1.5? no: |12 − 15| = 3 > 1.5 → not_achieved', async () => {
    const t22 = row(await statusOn('2026-03-01'), 'T22');
    expect(t22.actual).toBe(12);
    expect(t22.status).toBe('not_achieved');
  });

  it('the 3830 view: 2 provincial clusters of 30, T05 as "6 named + 1 open"', async () => {
    const response = await province.get('/api/targets/3830?date=2024-12-31');
    expect(response.status).toBe(200);
    const provincial = response.body.clusters.tiers.find((x: { tier: string }) => x.tier === 'provincial');
    expect(provincial).toMatchObject({ goal: 30, reached: 2, gap: 28 });
    const s3000 = response.body.industries.groups.find((g: { code: string }) => g.code === 'S3000');
    expect(s3000.label).toEqual({ zh: '6个点名 + 1个待定', en: '6 named + 1 open' });
  });
});

describe('industry output (T04, T05)', () => {
  it('counts industries over the threshold and says when unaccepted figures are included: 生物医药 3050 亿元 submitted, not accepted → T05 actual 1, "1 unaccepted"', async () => {
    await t.database.db.insert(observations).values({
      subjectType: 'industry',
      subjectCode: 'biomedicine',
      metricCode: 'industry-output-reported',
      period: '2024',
      periodKind: 'year',
      periodEnd: '2024-12-31',
      value: 3050,
      source: 'entered',
      status: 'submitted',
      createdAt: t.clock.now(),
      updatedAt: t.clock.now(),
    });
    const t05 = row(await statusOn('2024-12-31'), 'T05');
    expect(t05.actual).toBe(1);
    expect(t05.source.en).toContain('1 unaccepted figures included');
    expect(t05.source.zh).toContain('含 1 个未审核数');
  });
});

describe('annual report', () => {
  it('.xlsx: one row per target (23 + header), status cell coloured by class', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: '/api/targets/report.xlsx?date=2024-12-31',
      headers: { cookie: provinceSession.cookie },
    });
    expect(response.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('目标进展 Targets');
    expect(ws?.rowCount).toBe(24);
    const t22 = ws?.getRow(23);
    expect(t22?.getCell(1).value).toBe('T22');
    expect(t22?.getCell(9).value).toBe('需加快推进 needs_acceleration');
    expect(t22?.getCell(9).fill).toMatchObject({ fgColor: { argb: 'FFFFEB9C' } });
    expect(wb.getWorksheet('重点任务 Tasks')?.rowCount).toBe(19);
  });

  it('.docx in the official layout: document.xml has the title, the red rule, the status table; a native chart part', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: '/api/targets/report.docx?date=2024-12-31&docNumber=鲁工信集群〔2025〕1号',
      headers: { cookie: provinceSession.cookie },
    });
    expect(response.statusCode).toBe(200);
    const xml = readZipEntry(response.rawPayload, 'word/document.xml') ?? '';
    expect(xml).toContain('关于2024年度先进制造业集群培育目标任务进展情况的报告');
    expect(xml).toContain('鲁工信集群〔2025〕1号');
    expect(xml).toContain('w:color="E60012"');
    expect(xml).toContain('<w:tbl>');
    expect(xml).toContain('表1 量化目标进展情况');
    expect(xml).toContain('w:linePitch="579"');
    expect(readZipEntry(response.rawPayload, 'word/charts/chart1.xml')).toContain('c:barChart');
  });
});

describe('qunce targets status', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'qunce-targets-cli-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('prints exactly {set, date, targets: [{code, text, unit, value, actual, status, owners, calculation}]}; bad flags exit 2', async () => {
    const env = { QUNCE_DATA_DIR: dataDir };
    const result = await runCli(['targets', 'status', '--date', '2024-12-31', '--format', 'json'], { env });
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(Object.keys(json)).toEqual(['set', 'date', 'targets']);
    expect(json).toMatchObject({ set: 'policy-2023-185', date: '2024-12-31' });
    const t18 = json.targets.find((x: { code: string }) => x.code === 'T18');
    expect(Object.keys(t18)).toEqual([
      'code',
      'text',
      'unit',
      'value',
      'actual',
      'status',
      'owners',
      'calculation',
    ]);
    expect(t18).toMatchObject({
      value: 100,
      unit: '家',
      status: 'no_data',
      owners: ['省工业和信息化厅', '省发展改革委'],
    });
    const table = await runCli(['targets', 'status', '--date', '2024-12-31', '--format', 'table'], { env });
    expect(table.stdout.split('\n').filter((l) => l.startsWith('T'))).toHaveLength(23);
    expect((await runCli(['targets', 'status', '--format', 'xml'], { env })).code).toBe(2);
    expect((await runCli(['targets', 'status', '--set', 'nope'], { env })).code).toBe(2);
  });
});

describe('target set versions and reported values', () => {
  it('GET /api/targets/T23/values lists the value 省科技厅 reported, with its department', async () => {
    const response = await province.get('/api/targets/T23/values');
    expect(response.body.items).toEqual([
      expect.objectContaining({ period: '2024', date: '2024-12-31', value: 43, departmentCode: 'dept-sti' }),
    ]);
  });

  it('a 2030 set can be added (201), not twice (409); a department may not (403); the newest issued set becomes the default', async () => {
    const set = {
      code: 'sd-2030',
      version: 1,
      name: '2030年集群培育目标（示例）',
      document: { number: '鲁政办字〔2026〕1号', title: '示例', issued: '2026-02-01' },
      targets: [
        {
          code: 'T01',
          taskCode: '1',
          text: '世界级集群达到5个',
          textEn: 'world-class clusters',
          unit: '个',
          baseline: { period: '2025', date: '2025-12-31', value: 0 },
          value: 5,
          comparator: 'atLeast',
          tolerance: null,
          deadline: '2030-12-31',
          trend: 'compound',
          departments: { lead: '省工业和信息化厅', coOwners: ['各市人民政府'] },
          binding: {
            kind: 'registry',
            scope: 'province',
            counting: 'valid-on-date',
            measure: { subject: 'clusters', tier: 'world' },
          },
        },
      ],
    };
    expect((await science.post('/api/targets/sets', { set })).status).toBe(403);
    const created = await province.post('/api/targets/sets', { set });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      code: 'sd-2030',
      version: 1,
      targetCount: 1,
      deadline: '2030-12-31',
    });
    expect((await province.post('/api/targets/sets', { set })).status).toBe(409);
    const body = await statusOn('2026-06-30');
    expect(body.set).toBe('sd-2030');
    // 0 world-class clusters at baseline and on 2026-06-30: compound growth undefined, linear slope 0 → ratio 0.
    expect(row(body, 'T01')).toMatchObject({ actual: 0, status: 'limited_progress' });
    expect((await province.get('/api/targets?set=policy-2023-185&date=2026-06-30')).body.set).toBe(
      'policy-2023-185',
    );
  });
});
