import { defaultAspects, drawPanel } from '@qunce/core/recognition';
import { and, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildIdentityTestApp,
  buildUser,
  type IdentityTestApp,
  signIn,
} from '../../../test/identity-fixtures.ts';
import { buildClusterInput, type Client, client } from '../../../test/registry-fixtures.ts';
import { auditLog } from '../../db/schema/index.ts';
import { buildReferenceObservations } from '../evaluations/evaluations.fixtures.ts';

/**
 * The full round through the API: open, apply, check eligibility, draw a panel with a recusal,
 * score blind, rank with the quota line crossing two intervals, decide (scores frozen), notice in
 * working days across 中秋 and 国庆, an objection answered with a reason, recognise (tier, history,
 * review clock), documents; applicant isolation and byte-identical recomputation.
 */
let t: IdentityTestApp;
let province: Client;
let clusterOrg: Client;
let city: Client;
const experts: { username: string; client: Client; cityCode: string }[] = [];

// cluster code, reference unit of framework v1, city, declared lead-industry output (亿元)
const applicants: [string, number, string, number][] = [
  ['SD-C-0101', 0, '370700', 300],
  ['SD-C-0102', 2, '370100', 200],
  ['SD-C-0103', 5, '370200', 150],
  ['SD-C-0104', 10, '370300', 80],
];
const expertCities = ['370800', '370900', '371000', '371100', '371300', '370100'];

let runId = '';
let materialId = '';
const material = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
let roundId = '';
const appIds = new Map<string, string>();
const quantitative = new Map<string, { score: number; scoreSd: number }>();

/** A sheet whose total is `total` on 0–100: each aspect gets the same share of its maximum. */
const sheetOf = (total: number) =>
  Object.fromEntries(defaultAspects.map((a) => [a.code, (a.max * total) / 100]));

beforeAll(async () => {
  t = await buildIdentityTestApp();
  province = client(t, await signIn(t.app, 'demo-province'));
  for (const [code, ref, cityCode] of applicants) {
    const created = await province.post(
      '/api/clusters',
      buildClusterInput({
        code,
        name: `集群 ${code}`,
        tier: 'candidate',
        cultivationTarget: 'provincial',
        status: 'cultivating',
        cityCodes: [cityCode],
        leadCityCode: cityCode,
        ...(code === 'SD-C-0101' ? { promotingOrganisationCode: 'cluster-org-demo' } : {}),
      }),
    );
    expect(created.status).toBe(201);
    await buildReferenceObservations(t.database.db, {
      clusterCode: code,
      referenceIndex: ref,
      period: '2025',
    });
  }
  clusterOrg = client(t, await signIn(t.app, 'demo-cluster'));
  city = client(t, await signIn(t.app, 'demo-city'));
  for (const [i, cityCode] of expertCities.entries()) {
    const username = i === 0 ? 'demo-expert' : `expert-${i + 1}`;
    const password = i === 0 ? undefined : (await buildUser(t, { username, role: 'expert' })).password;
    experts.push({ username, cityCode, client: client(t, await signIn(t.app, username, password)) });
  }
  const started = await province.post('/api/evaluations', {
    frameworkVersion: 'v1',
    period: '2025',
    clusters: applicants.map((a) => a[0]),
    uncertainty: { runs: 200, seed: 7 },
  });
  expect(started.status).toBe(202);
  await t.app.jobs.idle();
  runId = started.body.run.id;
  const run = await province.get(`/api/evaluations/${runId}`);
  for (const r of run.body.results) quantitative.set(r.clusterCode, { score: r.score, scoreSd: r.scoreSd });
}, 120_000);

afterAll(async () => {
  await t.close();
});

describe('a recognition round end to end', () => {
  it('opens a round: 2026 provincial, quota 2, w = 0.5, the six-aspect sheet by default', async () => {
    const body = {
      year: 2026,
      name: '2026年省级先进制造业集群认定',
      targetTier: 'provincial',
      quota: 2,
      applicationDeadline: '2026-06-30',
      stages: [
        {
          code: 'materials',
          name: '材料评审',
          nameEn: 'Materials review',
          deadline: '2026-07-31',
          panelSize: 6,
        },
        {
          code: 'defence',
          name: '现场答辩',
          nameEn: 'On-site defence',
          deadline: '2026-08-31',
          panelSize: 5,
        },
      ],
      eligibilityRules: { minLeadIndustryOutput: 100, allowedTiers: ['candidate'] },
      frameworkVersion: 'v1',
      evaluationRunId: runId,
      quantitativeWeight: 0.5,
    };
    const opened = await province.post('/api/recognition/rounds', body);
    expect(opened.status).toBe(201);
    expect(opened.body.aspects.map((a: { name: string }) => a.name)).toEqual([
      '发展基础',
      '总体思路',
      '提升目标',
      '重点任务',
      '具体举措',
      '保障措施',
    ]);
    roundId = opened.body.id;
    expect((await clusterOrg.post('/api/recognition/rounds', body)).status).toBe(403);
  });

  it('applications: the promoting organisation applies for its own cluster only; eligibility with reasons', async () => {
    const own = await clusterOrg.post(`/api/recognition/rounds/${roundId}/applications`, {
      clusterCode: 'SD-C-0101',
      figures: { leadIndustryOutput: 300 },
    });
    expect(own.status).toBe(201);
    expect(own.body.status).toBe('eligible');
    appIds.set('SD-C-0101', own.body.id);
    // another cluster, and a Weifang bureau for a Jinan cluster: 404 (not disclosed)
    const other = { clusterCode: 'SD-C-0102', figures: { leadIndustryOutput: 200 } };
    expect((await clusterOrg.post(`/api/recognition/rounds/${roundId}/applications`, other)).status).toBe(
      404,
    );
    expect((await city.post(`/api/recognition/rounds/${roundId}/applications`, other)).status).toBe(404);
    const session = await signIn(t.app, 'demo-province');
    const boundary = '----qunce-recognition-boundary';
    const upload = await t.app.inject({
      method: 'POST',
      url: '/api/attachments',
      headers: { ...session.headers, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="申报书.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
        ),
        material,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]),
    });
    expect(upload.statusCode).toBe(201);
    materialId = upload.json<{ id: string }>().id;
    // a file the applicant cannot read is not accepted as its material
    const foreign = await clusterOrg.post(`/api/recognition/rounds/${roundId}/applications`, {
      clusterCode: 'SD-C-0101',
      figures: { leadIndustryOutput: 300 },
      attachmentIds: [materialId],
    });
    expect(foreign.status).toBe(404);
    for (const [code, , , output] of applicants.slice(1)) {
      const r = await province.post(`/api/recognition/rounds/${roundId}/applications`, {
        clusterCode: code,
        figures: { leadIndustryOutput: output },
        ...(code === 'SD-C-0102' ? { attachmentIds: [materialId] } : {}),
      });
      expect(r.status).toBe(201);
      appIds.set(code, r.body.id);
    }
    const again = await province.post(`/api/recognition/rounds/${roundId}/applications`, other);
    expect(again.status).toBe(409);
    const checked = await province.post(`/api/recognition/rounds/${roundId}/eligibility`, {});
    expect(checked.status).toBe(200);
    const small = checked.body.items.find((i: { clusterCode: string }) => i.clusterCode === 'SD-C-0104');
    expect(small.status).toBe('ineligible');
    expect(small.eligibility.checks[0]).toMatchObject({ rule: 'minLeadIndustryOutput', passed: false });
    expect(small.eligibility.checks[0].message).toMatch(/80 亿元低于 100 亿元/);
    expect(checked.body.items.filter((i: { status: string }) => i.status === 'eligible')).toHaveLength(3);
  });

  it('expert pool and a panel drawn with seed 2026: the Jinan expert is recused from the Jinan cluster', async () => {
    for (const [i, e] of experts.entries()) {
      const r = await province.post('/api/recognition/experts', {
        name: `专家${i + 1}`,
        username: e.username,
        fields: ['装备制造'],
        cityCode: e.cityCode,
      });
      expect(r.status).toBe(201);
    }
    const drawn = await province.post(`/api/recognition/rounds/${roundId}/panels`, {
      stageCode: 'materials',
      seed: 2026,
    });
    expect(drawn.status).toBe(201);
    expect(drawn.body.seed).toBe(2026);
    expect(drawn.body.memberIds).toHaveLength(6);
    // 6 experts × 3 eligible applications − 1 recusal
    expect(drawn.body.assignments).toBe(17);
    expect(drawn.body.recusals).toEqual([
      expect.objectContaining({ applicationId: appIds.get('SD-C-0102'), reasons: ['same_city'] }),
    ]);
    // reproducible: the same pool and seed give the same panel
    const pool = (await province.get('/api/recognition/experts')).body.items;
    const panelAgain = drawPanel(
      pool.map((e: { id: string; fields: string[]; cityCode: string; active: boolean }) => ({
        ...e,
        employerCreditCode: null,
        conflictClusterCodes: [],
      })),
      { size: 6, seed: 2026 },
    );
    expect(panelAgain).toEqual(drawn.body.memberIds);
    expect(
      (await province.post(`/api/recognition/rounds/${roundId}/panels`, { stageCode: 'materials', seed: 1 }))
        .status,
    ).toBe(409);
  });

  let order: string[] = [];
  it('experts score blind: only their own assignments and sheets; the recused expert cannot see the application', async () => {
    // A = highest quantitative score; B and C are given expert scores that put them 0.2 apart around the line
    order = applicants
      .slice(0, 3)
      .map((a) => a[0])
      .sort((x, y) => (quantitative.get(y)?.score ?? 0) - (quantitative.get(x)?.score ?? 0));
    const [a, b, c] = order as [string, string, string];
    const q = (code: string) => quantitative.get(code)?.score ?? 0;
    const lowB = Math.max(0.5 * q(b), 0.5 * q(c)) + 3;
    const highB = Math.min(0.5 * q(b), 0.5 * q(c)) + 47;
    const target = (lowB + highB) / 2;
    // C = 0.5·Q + 0.5·E  ⇒  E = 2·C − Q
    const expertMean = new Map([
      [a, 94],
      [b, 2 * (target + 0.2) - q(b)],
      [c, 2 * target - q(c)],
    ]);
    const jinan = experts[5] as (typeof experts)[number];
    expect((await jinan.client.get(`/api/recognition/applications/${appIds.get('SD-C-0102')}`)).status).toBe(
      404,
    );
    // materials: an assigned expert downloads them, the recused one and another applicant get 404
    const materialUrl = `/api/recognition/applications/${appIds.get('SD-C-0102')}/materials/${materialId}`;
    const expertCookie = (await signIn(t.app, 'demo-expert')).cookie;
    const assigned = await t.app.inject({
      method: 'GET',
      url: materialUrl,
      headers: { cookie: expertCookie },
    });
    expect(assigned.statusCode).toBe(200);
    expect(assigned.rawPayload.equals(material)).toBe(true);
    expect((await jinan.client.get(materialUrl)).status).toBe(404);
    expect((await clusterOrg.get(materialUrl)).status).toBe(404);
    for (const [i, e] of experts.entries()) {
      const mine = await e.client.get('/api/recognition/assignments');
      expect(mine.status).toBe(200);
      expect(mine.body.items).toHaveLength(i === 5 ? 2 : 3);
      for (const item of mine.body.items) {
        const code = item.application.clusterCode as string;
        const offsets = code === 'SD-C-0102' ? [-6, -2, 0, 2, 6] : [-6, -2, -1, 1, 2, 6];
        const total = (expertMean.get(code) ?? 0) + (offsets[i] ?? 0);
        const r = await e.client.post(`/api/recognition/applications/${item.application.id}/scores`, {
          stageCode: 'materials',
          aspectScores: sheetOf(total),
        });
        expect(r.status).toBe(201);
        expect(r.body.total).toBeCloseTo(total, 9);
      }
    }
    const first = experts[0] as (typeof experts)[number];
    const aId = appIds.get(a) as string;
    const own = await first.client.get(`/api/recognition/applications/${aId}/scores`);
    expect(own.body.items).toHaveLength(1);
    const all = await province.get(`/api/recognition/applications/${aId}/scores`);
    expect(all.body.items).toHaveLength(6);
    // an aspect above its maximum (保障措施 max 10) is refused
    const tooHigh = await first.client.post(`/api/recognition/applications/${aId}/scores`, {
      stageCode: 'materials',
      aspectScores: { ...sheetOf(80), safeguards: 11 },
    });
    expect(tooHigh.status).toBe(400);
    expect((await first.client.get(`/api/recognition/rounds/${roundId}/ranking`)).status).toBe(404);
    // the aspect sheet can no longer change once experts have scored
    const edit = await province.patch(`/api/recognition/rounds/${roundId}`, {
      aspects: [{ code: 'foundation', name: '发展基础', nameEn: 'Foundation', max: 100 }],
    });
    expect(edit.status).toBe(422);
    expect((await first.client.get(`/api/recognition/rounds/${roundId}/panels`)).status).toBe(403);
  });

  let rankingHash = '';
  it('ranks: C = 0.5·Q + 0.5·trimmed mean; the quota line between 2nd and 3rd crosses both their intervals', async () => {
    const ranked = await province.post(`/api/recognition/rounds/${roundId}/ranking`, {});
    expect(ranked.status).toBe(200);
    const { rows, line } = ranked.body.ranking;
    expect(rows.map((r: { clusterCode: string }) => r.clusterCode)).toEqual(order);
    const [a, b, c] = rows;
    // A: experts 88, 92, 93, 95, 96, 100 → drop 88 and 100 → (92 + 93 + 95 + 96) / 4 = 94
    expect(a.expertScore).toBeCloseTo(94, 6);
    expect(a.expertDropped).toEqual([88, 100]);
    expect(a.combinedScore).toBeCloseTo(0.5 * (quantitative.get(a.clusterCode)?.score ?? 0) + 0.5 * 94, 5);
    expect(a).toMatchObject({ rank: 1, withinQuota: true, borderline: false });
    expect(b.combinedScore - c.combinedScore).toBeCloseTo(0.2, 5);
    expect(line).toBeCloseTo((b.combinedScore + c.combinedScore) / 2, 6);
    expect(b).toMatchObject({ withinQuota: true, borderline: true });
    expect(c).toMatchObject({ withinQuota: false, borderline: true });
    // the combined spread carries both sources: σ = √((0.5·σQ)² + (0.5·s/√k)²)
    expect(b.combinedSd).toBeGreaterThan(0.5 * b.quantitativeSd - 1e-9);
    expect(
      ranked.body.ranking.inputs.find((i: { applicationId: string }) => i.applicationId === a.applicationId)
        .scoreIds,
    ).toHaveLength(6);
    rankingHash = ranked.body.hash;
  });

  it('the same round recomputed gives a byte-identical ranking', async () => {
    const first = await province.get(`/api/recognition/rounds/${roundId}/ranking`);
    const again = await province.post(`/api/recognition/rounds/${roundId}/ranking`, {});
    expect(again.body.hash).toBe(rankingHash);
    const second = await province.get(`/api/recognition/rounds/${roundId}/ranking`);
    expect(JSON.stringify(second.body)).toBe(JSON.stringify(first.body));
  });

  it('an applicant sees its own application and ranking row only', async () => {
    const list = await clusterOrg.get(`/api/recognition/rounds/${roundId}/applications`);
    expect(list.body.items.map((i: { clusterCode: string }) => i.clusterCode)).toEqual(['SD-C-0101']);
    expect((await clusterOrg.get(`/api/recognition/applications/${appIds.get('SD-C-0102')}`)).status).toBe(
      404,
    );
    const ranking = await clusterOrg.get(`/api/recognition/rounds/${roundId}/ranking`);
    expect(ranking.body.ranking.rows.map((r: { clusterCode: string }) => r.clusterCode)).toEqual([
      'SD-C-0101',
    ]);
    expect(
      (await clusterOrg.get(`/api/recognition/applications/${appIds.get('SD-C-0101')}/scores`)).status,
    ).toBe(404);
  });

  it('decides the top two on the published run; scores are then frozen and a correction is a new audited record', async () => {
    const [a, b, c] = order as [string, string, string];
    const body = { recommended: [appIds.get(a), appIds.get(b)] };
    // a draft evaluation run can still be recomputed: no decision on it
    expect((await province.post(`/api/recognition/rounds/${roundId}/decision`, body)).status).toBe(422);
    expect((await province.post(`/api/evaluations/${runId}/publish`, {})).status).toBe(200);
    // departing from the ranking (C instead of B) needs a note
    const departing = await province.post(`/api/recognition/rounds/${roundId}/decision`, {
      recommended: [appIds.get(a), appIds.get(c)],
    });
    expect(departing.status).toBe(422);
    const decided = await province.post(`/api/recognition/rounds/${roundId}/decision`, body);
    expect(decided.status).toBe(200);
    expect(decided.body.status).toBe('decided');
    const first = experts[0] as (typeof experts)[number];
    const late = await first.client.post(`/api/recognition/applications/${appIds.get(a)}/scores`, {
      stageCode: 'materials',
      aspectScores: sheetOf(50),
    });
    expect(late.status).toBe(423);
    expect((await province.post(`/api/recognition/rounds/${roundId}/ranking`, {})).status).toBe(423);
    const sheets = await province.get(`/api/recognition/applications/${appIds.get(a)}/scores`);
    const corrected = await province.post(`/api/recognition/scores/${sheets.body.items[0].id}/corrections`, {
      aspectScores: sheetOf(90),
      reason: '录入错误，按纸质评分表更正 / transcription error',
    });
    expect(corrected.status).toBe(201);
    expect(corrected.body.supersedesId).toBe(sheets.body.items[0].id);
    const audited = await t.database.db
      .select()
      .from(auditLog)
      .where(
        and(eq(auditLog.action, 'recognition.score_corrected'), eq(auditLog.entityId, corrected.body.id)),
      );
    expect(audited).toHaveLength(1);
    // the history keeps the replaced sheet (superseded at the correction) next to the correction
    const history = await province.get(`/api/recognition/applications/${appIds.get(a)}/scores/history`);
    expect(history.status).toBe(200);
    expect(history.body.items).toHaveLength(sheets.body.items.length + 1);
    const replaced = history.body.items.find((s: { id: string }) => s.id === sheets.body.items[0].id);
    expect(replaced.supersededAt).toBe(corrected.body.createdAt);
    const correction = history.body.items.find((s: { id: string }) => s.id === corrected.body.id);
    expect(correction).toMatchObject({
      supersedesId: replaced.id,
      correctionReason: '录入错误，按纸质评分表更正 / transcription error',
      supersededAt: null,
    });
    // the history is the province's: an expert or an applicant gets 403 (no recognition.manage)
    const expertView = await (experts[0] as (typeof experts)[number]).client.get(
      `/api/recognition/applications/${appIds.get(a)}/scores/history`,
    );
    expect(expertView.status).toBe(403);
    expect(
      (await clusterOrg.get(`/api/recognition/applications/${appIds.get(a)}/scores/history`)).status,
    ).toBe(403);
    const ranking = await province.get(`/api/recognition/rounds/${roundId}/ranking`);
    expect(ranking.body.hash).toBe(rankingHash);
  });

  it('public notice of 5 working days from Thu 2026-09-24: 24, 28, 29, 30 and 10-08 (中秋, 国庆 off)', async () => {
    const notice = await province.post(`/api/recognition/rounds/${roundId}/notice`, {
      start: '2026-09-24',
      workingDays: 5,
    });
    expect(notice.status).toBe(200);
    expect(notice.body.noticeEnd).toBe('2026-10-08');
    const days = await province.get('/api/calendar/working-days?start=2026-02-12&days=5');
    // Thu 12, Fri 13, Sat 14 (调休上班), 15–23 春节, Tue 24, Wed 25
    expect(days.body.end).toBe('2026-02-25');
  });

  it('objections are received during the notice, each answered with a reason before the recognition', async () => {
    const [, b] = order as [string, string];
    const outside = await province.post(`/api/recognition/rounds/${roundId}/objections`, {
      applicationId: appIds.get(b),
      objector: '某企业',
      content: '产值数据存疑',
      receivedOn: '2026-10-09',
    });
    expect(outside.status).toBe(422);
    const objection = await province.post(`/api/recognition/rounds/${roundId}/objections`, {
      applicationId: appIds.get(b),
      objector: '某企业',
      content: '产值数据存疑',
      receivedOn: '2026-09-28',
    });
    expect(objection.status).toBe(201);
    const early = await province.post(`/api/recognition/rounds/${roundId}/recognition`, {
      documentNumber: '鲁工信集群〔2026〕8号',
      recognisedOn: '2026-10-12',
    });
    expect(early.status).toBe(422);
    const answered = await province.post(`/api/recognition/objections/${objection.body.id}/answer`, {
      outcome: 'dismissed',
      answer: '经核实统计局数据，产值属实 / checked against the statistics bureau: the figure stands',
    });
    expect(answered.status).toBe(200);
    expect(answered.body.outcome).toBe('dismissed');
  });

  it('recognises: tier provincial with a history row carrying the document number; the review clock starts', async () => {
    const [a, b, c] = order as [string, string, string];
    const done = await province.post(`/api/recognition/rounds/${roundId}/recognition`, {
      documentNumber: '鲁工信集群〔2026〕8号',
      recognisedOn: '2026-10-12',
    });
    expect(done.status).toBe(200);
    expect(done.body.recognised.sort()).toEqual([a, b].sort());
    const cluster = await province.get(`/api/clusters/${a}`);
    expect(cluster.body).toMatchObject({ tier: 'provincial', status: 'recognised' });
    expect(cluster.body.history).toContainEqual(
      expect.objectContaining({
        field: 'tier',
        from: 'candidate',
        to: 'provincial',
        documentNumber: '鲁工信集群〔2026〕8号',
        changedOn: '2026-10-12',
      }),
    );
    expect((await province.get(`/api/clusters/${c}`)).body.tier).toBe('candidate');
    const due = await province.get('/api/reviews/due?on=2029-10-12&withinDays=0');
    expect(due.status).toBe(200);
    expect(
      due.body.items.filter((i: { clusterCode: string }) => [a, b].includes(i.clusterCode)),
    ).toHaveLength(2);
    expect(due.body.items.find((i: { clusterCode: string }) => i.clusterCode === a).dueOn).toBe('2029-10-12');
  });

  it('documents: ranking table and recognition list (.xlsx), public notice (.docx)', async () => {
    const session = await signIn(t.app, 'demo-province');
    const fetch = (url: string) => t.app.inject({ method: 'GET', url, headers: { cookie: session.cookie } });
    const ranking = await fetch(`/api/recognition/rounds/${roundId}/ranking.xlsx`);
    expect(ranking.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(ranking.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('排名 Ranking');
    expect(sheet?.rowCount).toBe(4);
    expect(sheet?.getRow(2).getCell(2).value).toBe(order[0]);
    const list = await fetch(`/api/recognition/rounds/${roundId}/recognised.xlsx`);
    const wb2 = new ExcelJS.Workbook();
    await wb2.xlsx.load(list.rawPayload as unknown as ArrayBuffer);
    expect(wb2.getWorksheet('认定名单 Recognised')?.getRow(2).getCell(6).value).toBe('鲁工信集群〔2026〕8号');
    const notice = await fetch(`/api/recognition/rounds/${roundId}/notice.docx`);
    expect(notice.statusCode).toBe(200);
    expect(notice.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });
});

describe('a two-stage round: materials review, then an on-site defence for those who pass', () => {
  it('ranks only the finalists, on the defence sheets', async () => {
    const opened = await province.post('/api/recognition/rounds', {
      year: 2027,
      name: '两阶段评审',
      targetTier: 'national',
      quota: 1,
      applicationDeadline: '2026-06-30',
      stages: [
        {
          code: 'materials',
          name: '材料评审',
          nameEn: 'Materials review',
          deadline: '2026-07-31',
          panelSize: 3,
        },
        {
          code: 'defence',
          name: '现场答辩',
          nameEn: 'On-site defence',
          deadline: '2026-08-31',
          panelSize: 3,
        },
      ],
      eligibilityRules: {},
      frameworkVersion: 'v1',
      evaluationRunId: runId,
      quantitativeWeight: 0.5,
    });
    expect(opened.status).toBe(201);
    const base = `/api/recognition/rounds/${opened.body.id}`;
    const ids = new Map<string, string>();
    for (const code of ['SD-C-0101', 'SD-C-0102', 'SD-C-0103']) {
      const r = await province.post(`${base}/applications`, {
        clusterCode: code,
        figures: { leadIndustryOutput: 200 },
      });
      expect(r.status).toBe(201);
      ids.set(code, r.body.id);
    }
    /** Every assigned expert scores every assignment of the stage with `total`. */
    const scoreStage = async (stageCode: string, total: (code: string, expert: number) => number) => {
      let sheets = 0;
      for (const [i, e] of experts.entries()) {
        const mine = await e.client.get('/api/recognition/assignments');
        for (const item of mine.body.items.filter(
          (x: { roundId: string; stageCode: string }) =>
            x.roundId === opened.body.id && x.stageCode === stageCode,
        )) {
          const r = await e.client.post(`/api/recognition/applications/${item.application.id}/scores`, {
            stageCode,
            aspectScores: sheetOf(total(item.application.clusterCode, i)),
          });
          expect(r.status).toBe(201);
          sheets += 1;
        }
      }
      return sheets;
    };
    expect((await province.post(`${base}/panels`, { stageCode: 'materials', seed: 31 })).status).toBe(201);
    expect(await scoreStage('materials', () => 60)).toBeGreaterThan(0);
    const finalists = ['SD-C-0101', 'SD-C-0103'];
    const advanced = await province.post(`${base}/stages/materials/advance`, {
      applicationIds: finalists.map((c) => ids.get(c)),
    });
    expect(advanced.status).toBe(200);
    const defence = await province.post(`${base}/panels`, { stageCode: 'defence', seed: 32 });
    expect(defence.status).toBe(201);
    // defence sheets: 90 for SD-C-0101, 70 for SD-C-0103, whatever the expert
    const defenceSheets = await scoreStage('defence', (code) => (code === 'SD-C-0101' ? 90 : 70));
    expect(defenceSheets).toBe(defence.body.assignments);
    const ranked = await province.post(`${base}/ranking`, {});
    expect(ranked.status).toBe(200);
    const rows = ranked.body.ranking.rows;
    expect(rows.map((r: { clusterCode: string }) => r.clusterCode).sort()).toEqual(finalists);
    for (const r of rows) expect(r.expertScore).toBeCloseTo(r.clusterCode === 'SD-C-0101' ? 90 : 70, 9);
    for (const i of ranked.body.ranking.inputs) expect(i.stageCode).toBe('defence');
    const decided = await province.post(`${base}/decision`, { recommended: [rows[0].applicationId] });
    expect(decided.status).toBe(200);
    const eliminated = await province.get(`/api/recognition/applications/${ids.get('SD-C-0102')}`);
    expect(eliminated.body.status).toBe('not_recommended');
  });
});
