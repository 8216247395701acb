import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIdentityTestApp, type IdentityTestApp, signIn } from '../../../test/identity-fixtures.ts';
import {
  buildClusterInput,
  buildCreditCodes,
  buildEnterpriseInput,
  type Client,
  client,
} from '../../../test/registry-fixtures.ts';

/** Recusal through the API by member employer (credit code) and declared conflict; the holiday calendar kept by the province. */
let t: IdentityTestApp;
let province: Client;
const [memberCode, outsiderCode] = buildCreditCodes(2, 501) as [string, string];

beforeAll(async () => {
  t = await buildIdentityTestApp();
  province = client(t, await signIn(t.app, 'demo-province'));
  for (const code of ['SD-C-0501', 'SD-C-0502']) {
    const r = await province.post(
      '/api/clusters',
      buildClusterInput({
        code,
        name: `候选 ${code}`,
        tier: 'candidate',
        cultivationTarget: 'provincial',
        status: 'cultivating',
      }),
    );
    expect(r.status).toBe(201);
  }
  for (const creditCode of [memberCode, outsiderCode])
    expect(
      (
        await province.post(
          '/api/enterprises',
          buildEnterpriseInput({ creditCode, name: `企业 ${creditCode}` }),
        )
      ).status,
    ).toBe(201);
  const member = await province.post(`/api/enterprises/${memberCode}/memberships`, {
    clusterCode: 'SD-C-0501',
    role: 'core',
    validFrom: '2024-01-01',
  });
  expect(member.status).toBe(201);
});
afterAll(async () => {
  await t.close();
});

describe('recusal through the API', () => {
  it('an expert employed by a member enterprise and one with a declared conflict are recused; the others are assigned', async () => {
    const round = await province.post('/api/recognition/rounds', {
      year: 2026,
      name: '回避测试',
      targetTier: 'provincial',
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
      quantitativeWeight: 0.5,
    });
    expect(round.status).toBe(201);
    // the sheet is editable per round before scoring: three aspects of 40 + 40 + 20
    const sheet = [
      { code: 'foundation', name: '发展基础', nameEn: 'Development foundation', max: 40 },
      { code: 'tasks', name: '重点任务', nameEn: 'Key tasks', max: 40 },
      { code: 'safeguards', name: '保障措施', nameEn: 'Safeguards', max: 20 },
    ];
    const edited = await province.patch(`/api/recognition/rounds/${round.body.id}`, { aspects: sheet });
    expect(edited.status).toBe(200);
    expect(edited.body.aspects).toEqual(sheet);
    const ids = new Map<string, string>();
    for (const code of ['SD-C-0501', 'SD-C-0502']) {
      const a = await province.post(`/api/recognition/rounds/${round.body.id}/applications`, {
        clusterCode: code,
        figures: { leadIndustryOutput: 120 },
      });
      expect(a.body.status).toBe('eligible');
      ids.set(code, a.body.id);
    }
    const pool = [
      { name: '成员企业专家', employerCreditCode: memberCode },
      { name: '申报利害专家', employerCreditCode: outsiderCode, conflictClusterCodes: ['SD-C-0502'] },
      { name: '无关专家' },
    ];
    const expertIds = new Map<string, string>();
    for (const e of pool) {
      const r = await province.post('/api/recognition/experts', {
        fields: ['装备'],
        cityCode: '370100',
        ...e,
      });
      expect(r.status).toBe(201);
      expertIds.set(e.name, r.body.id);
    }
    const drawn = await province.post(`/api/recognition/rounds/${round.body.id}/panels`, {
      stageCode: 'materials',
      seed: 9,
    });
    expect(drawn.status).toBe(201);
    // 3 experts × 2 applications − 2 recusals
    expect(drawn.body.assignments).toBe(4);
    expect(drawn.body.underStaffed).toHaveLength(2);
    const byExpert = (name: string) =>
      drawn.body.recusals.filter((r: { expertId: string }) => r.expertId === expertIds.get(name));
    expect(byExpert('成员企业专家')).toEqual([
      {
        expertId: expertIds.get('成员企业专家'),
        applicationId: ids.get('SD-C-0501'),
        reasons: ['member_employer'],
      },
    ]);
    expect(byExpert('申报利害专家')).toEqual([
      {
        expertId: expertIds.get('申报利害专家'),
        applicationId: ids.get('SD-C-0502'),
        reasons: ['declared_conflict'],
      },
    ]);
    expect(byExpert('无关专家')).toEqual([]);
    // SD-C-0501 passes the materials review; only it is assigned in the defence stage
    const base = `/api/recognition/rounds/${round.body.id}`;
    const advanced = await province.post(`${base}/stages/materials/advance`, {
      applicationIds: [ids.get('SD-C-0501')],
    });
    expect(advanced.status).toBe(200);
    expect(
      advanced.body.items.map((a: { clusterCode: string; reachedStage: string | null }) => [
        a.clusterCode,
        a.reachedStage,
      ]),
    ).toEqual([
      ['SD-C-0501', 'defence'],
      ['SD-C-0502', null],
    ]);
    expect((await province.post(`${base}/stages/defence/advance`, { applicationIds: [] })).status).toBe(400);
    const defence = await province.post(`${base}/panels`, { stageCode: 'defence', seed: 10 });
    expect(defence.status).toBe(201);
    // 3 experts × 1 finalist − the member-employer recusal
    expect(defence.body.assignments).toBe(2);
    expect(defence.body.recusals).toEqual([
      {
        expertId: expertIds.get('成员企业专家'),
        applicationId: ids.get('SD-C-0501'),
        reasons: ['member_employer'],
      },
    ]);
    // once the defence panel is drawn the finalists are fixed
    expect((await province.post(`${base}/stages/materials/advance`, { applicationIds: [] })).status).toBe(
      422,
    );
    // ranking without an evaluation run is refused with the reason
    expect((await province.post(`/api/recognition/rounds/${round.body.id}/ranking`, {})).status).toBe(422);
  });

  it('the province keeps the holiday calendar: a day off added on Mon 2026-09-28 moves a 5-working-day notice to 10-09', async () => {
    const before = await province.get('/api/calendar/working-days?start=2026-09-24&days=5');
    expect(before.body.end).toBe('2026-10-08');
    const put = await t.app.inject({
      method: 'PUT',
      url: '/api/calendar/2026-09-28',
      headers: (await signIn(t.app, 'demo-province')).headers,
      payload: { kind: 'holiday', name: '测试休息日' },
    });
    expect(put.statusCode).toBe(200);
    // 24, 29, 30, 10-08, 10-09 (Fri)
    expect((await province.get('/api/calendar/working-days?start=2026-09-24&days=5')).body.end).toBe(
      '2026-10-09',
    );
    const cluster = await signIn(t.app, 'demo-cluster');
    const refused = await t.app.inject({
      method: 'PUT',
      url: '/api/calendar/2026-09-29',
      headers: cluster.headers,
      payload: { kind: 'holiday', name: 'x' },
    });
    expect(refused.statusCode).toBe(403);
    const year = await province.get('/api/calendar?year=2026');
    expect(year.body.items).toContainEqual({
      date: '2026-02-14',
      kind: 'workday',
      name: '春节 Spring Festival 调休上班',
    });
  });
});
