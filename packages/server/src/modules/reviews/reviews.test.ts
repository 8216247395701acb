import { runPipeline } from '@qunce/core/evaluation';
import { buildFrameworkV1, frameworkV1Reference } from '@qunce/core/frameworks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIdentityTestApp, type IdentityTestApp, signIn } from '../../../test/identity-fixtures.ts';
import { buildClusterInput, type Client, client } from '../../../test/registry-fixtures.ts';
import { readZipEntry } from '../../documents/zip-entry.ts';
import { buildReferenceObservations } from '../evaluations/evaluations.fixtures.ts';
import { addYears, recognisedOnOf } from './reviews.service.ts';

let t: IdentityTestApp;
let province: Client;
let clusterOrg: Client;

const reference = runPipeline(buildFrameworkV1().spec, frameworkV1Reference);
const referenceScore = (i: number) => reference.units[i]?.scores.competitiveness as number;

// code, reference unit whose 2025 figures it carries, recognition date
const recognised: [string, number, string][] = [
  ['SD-C-0101', 0, '2023-01-10'], // REF-01 87.42: passes
  ['SD-C-0102', 7, '2023-03-15'], // REF-08 23.74 < 40: rectified, then passes the follow-up on better figures
  ['SD-C-0103', 10, '2023-06-01'], // REF-11 9.70 < 40: revoked
  ['SD-C-0104', 3, '2025-01-01'], // REF-04, recognised 2025: not due until 2028
];

const reviewBody = (clusterCode: string, extra: Record<string, unknown>) => ({
  clusterCode,
  frameworkVersion: 'v1',
  period: '2025',
  opinion: '经复核，意见如下。',
  decidedOn: '2026-03-01',
  ...extra,
});

beforeAll(async () => {
  t = await buildIdentityTestApp();
  province = client(t, await signIn(t.app, 'demo-province'));
  for (const [code, i, on] of recognised) {
    const created = await province.post(
      '/api/clusters',
      buildClusterInput({
        code,
        name: `集群 ${code}`,
        tier: 'provincial',
        status: 'recognised',
        changedOn: on,
        documentNumber: `鲁工信集〔${on.slice(0, 4)}〕${i + 1}号`,
        ...(code === 'SD-C-0101' ? { promotingOrganisationCode: 'cluster-org-demo' } : {}),
      }),
    );
    expect(created.status).toBe(201);
    await buildReferenceObservations(t.database.db, { clusterCode: code, referenceIndex: i, period: '2025' });
  }
  expect(
    (
      await province.post(
        '/api/clusters',
        buildClusterInput({ code: 'SD-C-0199', tier: 'candidate', status: 'cultivating' }),
      )
    ).status,
  ).toBe(201);
  clusterOrg = client(t, await signIn(t.app, 'demo-cluster'));
});
afterAll(async () => {
  await t.close();
});

describe('review clock', () => {
  it('due three years after recognition: 2023-01-10 + 3 years = 2026-01-10; 2024-02-29 + 3 years = 2027-02-28', () => {
    expect(addYears('2023-01-10', 3)).toBe('2026-01-10');
    expect(addYears('2024-02-29', 3)).toBe('2027-02-28');
    const at = new Date();
    const row = (
      field: 'created' | 'tier' | 'status',
      changedOn: string,
      fromValue: string | null,
      toValue: string | null,
    ) => ({
      id: changedOn,
      clusterCode: 'X',
      changedOn,
      field,
      fromValue,
      toValue,
      documentNumber: null,
      recordedAt: at,
      recordedBy: null,
    });
    // created as candidate 2020, recognised provincial 2022; the end of a rectification 2024 does not restart the clock
    expect(
      recognisedOnOf([
        row('created', '2020-05-01', null, null),
        row('tier', '2022-07-01', 'candidate', 'provincial'),
        row('status', '2024-01-01', 'rectifying', 'recognised'),
      ]),
    ).toBe('2022-07-01');
  });

  it('lists what is due on 2026-03-02 within 120 days (to 2026-06-30), overdue first', async () => {
    const due = await province.get('/api/reviews/due?on=2026-03-02&withinDays=120');
    expect(due.status).toBe(200);
    expect(
      due.body.items.map((d: { clusterCode: string; dueOn: string; overdue: boolean }) => [
        d.clusterCode,
        d.dueOn,
        d.overdue,
      ]),
    ).toEqual([
      ['SD-C-0101', '2026-01-10', true],
      ['SD-C-0102', '2026-03-15', false],
      ['SD-C-0103', '2026-06-01', false],
    ]);
    const own = await clusterOrg.get('/api/reviews/due?on=2026-03-02&withinDays=120');
    expect(own.body.items.map((d: { clusterCode: string }) => d.clusterCode)).toEqual(['SD-C-0101']);
  });

  it('early warning: clusters whose latest published score is below the line (23.74 and 9.70 < 40)', async () => {
    const started = await province.post('/api/evaluations', {
      frameworkVersion: 'v1',
      period: '2025',
      uncertainty: { runs: 100, seed: 3 },
    });
    await t.app.jobs.idle();
    expect((await province.post(`/api/evaluations/${started.body.run.id}/publish`, {})).status).toBe(200);
    const warnings = await province.get('/api/reviews/warnings');
    expect(
      warnings.body.items.map((w: { clusterCode: string; score: number }) => [
        w.clusterCode,
        w.score.toFixed(2),
      ]),
    ).toEqual([
      ['SD-C-0102', referenceScore(7).toFixed(2)],
      ['SD-C-0103', referenceScore(10).toFixed(2)],
    ]);
    expect((await clusterOrg.get('/api/reviews/warnings')).body.items).toEqual([]);
  });
});

describe('reviews', () => {
  it('a pass below the line is refused (422); a candidate is not reviewed (422); a cluster organisation may not review (403)', async () => {
    const refused = await province.post('/api/reviews', reviewBody('SD-C-0102', { outcome: 'pass' }));
    expect(refused.status).toBe(422);
    expect((await province.post('/api/reviews', reviewBody('SD-C-0199', { outcome: 'pass' }))).status).toBe(
      422,
    );
    expect((await clusterOrg.post('/api/reviews', reviewBody('SD-C-0101', { outcome: 'pass' }))).status).toBe(
      403,
    );
    expect(
      (await province.post('/api/reviews', reviewBody('SD-C-0102', { outcome: 'rectify' }))).status,
    ).toBe(400);
  });

  it('rectification: status rectifying with a history row, then the follow-up on 2026 figures (REF-02, 66.49) passes', async () => {
    const rectify = await province.post(
      '/api/reviews',
      reviewBody('SD-C-0102', {
        outcome: 'rectify',
        rectifyDeadline: '2026-09-30',
        documentNumber: '鲁工信集〔2026〕8号',
      }),
    );
    expect(rectify.status).toBe(201);
    expect(rectify.body).toMatchObject({
      outcome: 'rectify',
      belowReviewLine: true,
      reviewLine: 40,
      recognisedOn: '2023-03-15',
      dueOn: '2026-03-15',
      rectifyDeadline: '2026-09-30',
      followUp: null,
    });
    expect(rectify.body.score).toBeCloseTo(referenceScore(7), 10);
    let cluster = await province.get('/api/clusters/SD-C-0102');
    expect(cluster.body.status).toBe('rectifying');
    expect(cluster.body.history.at(-1)).toMatchObject({
      field: 'status',
      from: 'recognised',
      to: 'rectifying',
      documentNumber: '鲁工信集〔2026〕8号',
      changedOn: '2026-03-01',
    });
    const belowAgain = await province.post(`/api/reviews/${rectify.body.id}/follow-up`, {
      version: 1,
      period: '2025',
      outcome: 'pass',
      followUpOn: '2026-09-30',
      note: '复查',
    });
    expect(belowAgain.status).toBe(422);
    await buildReferenceObservations(t.database.db, {
      clusterCode: 'SD-C-0102',
      referenceIndex: 1,
      period: '2026',
    });
    const passed = await province.post(`/api/reviews/${rectify.body.id}/follow-up`, {
      version: 1,
      period: '2026',
      outcome: 'pass',
      followUpOn: '2026-09-30',
      note: '整改到位',
      documentNumber: '鲁工信集〔2026〕30号',
    });
    expect(passed.status).toBe(200);
    expect(passed.body.followUp.outcome).toBe('pass');
    expect(passed.body.followUp.score).toBeCloseTo(referenceScore(1), 10);
    cluster = await province.get('/api/clusters/SD-C-0102');
    expect(cluster.body.status).toBe('recognised');
    expect(cluster.body.history.at(-1)).toMatchObject({
      field: 'status',
      from: 'rectifying',
      to: 'recognised',
    });
    const again = await province.post(`/api/reviews/${rectify.body.id}/follow-up`, {
      version: 2,
      period: '2026',
      outcome: 'pass',
      followUpOn: '2026-10-01',
      note: '再次',
    });
    expect(again.status).toBe(422);
  });

  it('revocation: tier provincial → candidate and status recognised → revoked, both kept in the tier history', async () => {
    const revoked = await province.post(
      '/api/reviews',
      reviewBody('SD-C-0103', { outcome: 'revoke', documentNumber: '鲁工信集〔2026〕9号' }),
    );
    expect(revoked.status).toBe(201);
    const cluster = await province.get('/api/clusters/SD-C-0103');
    expect(cluster.body).toMatchObject({ tier: 'candidate', status: 'revoked' });
    const tail = cluster.body.history
      .slice(-2)
      .map((h: { field: string; from: string; to: string; documentNumber: string }) => [
        h.field,
        h.from,
        h.to,
        h.documentNumber,
      ]);
    expect(tail).toEqual([
      ['tier', 'provincial', 'candidate', '鲁工信集〔2026〕9号'],
      ['status', 'recognised', 'revoked', '鲁工信集〔2026〕9号'],
    ]);
    const due = await province.get('/api/reviews/due?on=2026-03-02&withinDays=120');
    expect(due.body.items.map((d: { clusterCode: string }) => d.clusterCode)).not.toContain('SD-C-0103');
  });

  it('a pass restarts the clock (due 2029-03-01); the cluster organisation sees its own review and opinion only', async () => {
    const pass = await province.post('/api/reviews', reviewBody('SD-C-0101', { outcome: 'pass' }));
    expect(pass.status).toBe(201);
    expect(pass.body.belowReviewLine).toBe(false);
    const due = await province.get('/api/reviews/due?on=2029-03-01&withinDays=0');
    expect(due.body.items.find((d: { clusterCode: string }) => d.clusterCode === 'SD-C-0101')).toMatchObject({
      lastReviewedOn: '2026-03-01',
      dueOn: '2029-03-01',
    });
    const own = await clusterOrg.get('/api/reviews');
    expect(own.body.items.map((r: { clusterCode: string }) => r.clusterCode)).toEqual(['SD-C-0101']);
    const others = (await province.get('/api/reviews?clusterCode=SD-C-0103')).body.items;
    expect((await clusterOrg.get(`/api/reviews/${others[0].id}`)).status).toBe(404);
    const opinion = await t.app.inject({
      method: 'GET',
      url: `/api/reviews/${pass.body.id}/opinion.docx`,
      headers: { cookie: (await signIn(t.app, 'demo-cluster')).cookie },
    });
    expect(opinion.statusCode).toBe(200);
    const xml = readZipEntry(opinion.rawPayload, 'word/document.xml') ?? '';
    expect(xml).toContain('关于集群 SD-C-0101三年复核的意见');
    expect(xml).toContain('复核线 40 分，达到复核线');
    expect(xml).toContain('复核结论：通过复核');
  });
});
