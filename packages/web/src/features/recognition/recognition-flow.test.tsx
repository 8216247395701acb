import type { ApplicationView, RoundView } from '@qunce/core/recognition';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { errorBody, type Handler, json, type RecordedRequest, stubHttp } from '../../test/http-stub.ts';
import { renderApp } from '../../test/render-app.tsx';
import { regionsBody, sessionFor } from '../../test/session-fixture.ts';

/**
 * The recognition round's workflow screens on /recognition: each action sends the request the API
 * expects (method, address, body), asks for confirmation where it cannot be undone, shows the server's
 * error, and is absent for a role without the permission.
 */
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const round: RoundView = {
  id: id(1),
  year: 2026,
  name: '2026年度省级集群认定',
  targetTier: 'provincial',
  quota: 1,
  applicationDeadline: '2026-06-30',
  stages: [
    { code: 'materials', name: '材料评审', nameEn: 'Materials review', deadline: '2026-07-31', panelSize: 2 },
    { code: 'defence', name: '现场答辩', nameEn: 'On-site defence', deadline: '2026-08-31', panelSize: 2 },
  ],
  eligibilityRules: { allowedTiers: ['candidate'] },
  aspects: [
    { code: 'basis', name: '发展基础', nameEn: 'Basis', max: 50 },
    { code: 'tasks', name: '重点任务', nameEn: 'Tasks', max: 50 },
  ],
  frameworkVersion: 'v1',
  evaluationRunId: id(99),
  quantitativeWeight: 0.5,
  status: 'reviewing',
  rankingHash: 'hash',
  rankedAt: '2026-08-01T00:00:00.000Z',
  decidedAt: null,
  decisionNote: null,
  noticeStart: null,
  noticeWorkingDays: null,
  noticeEnd: null,
  documentNumber: null,
  recognisedOn: null,
  isDemo: false,
};
const application = (n: number, name: string, cityCode: string): ApplicationView => ({
  id: id(n),
  roundId: round.id,
  clusterCode: `C-${n}`,
  clusterName: name,
  cityCodes: [cityCode],
  figures: { leadIndustryOutput: 200 },
  attachmentIds: [],
  statement: null,
  status: 'eligible',
  eligibility: {
    eligible: true,
    checks: [
      { rule: 'allowedTiers', passed: true, message: '集群级别 candidate 可申报 / tier candidate may apply' },
    ],
  },
  reachedStage: null,
  submittedAt: '2026-05-01T00:00:00.000Z',
  submittedBy: null,
});
const jinan = application(11, '济南集群', '370100');
const qingdao = application(12, '青岛集群', '370200');
const experts = {
  items: [
    { id: id(21), name: '王专家', fields: ['装备'], cityCode: '370100', employerName: '某大学' },
    { id: id(22), name: '李专家', fields: ['材料'], cityCode: '370700', employerName: null },
  ],
};
const materialsPanel = {
  id: id(31),
  roundId: round.id,
  stageCode: 'materials',
  seed: 2026,
  size: 2,
  memberIds: [id(21), id(22)],
  recusals: [{ expertId: id(21), applicationId: jinan.id, reasons: ['same_city'] }],
  drawnAt: '2026-07-01T02:00:00.000Z',
  drawnBy: 'demo-province',
};
const rankingRow = (n: number, app: ApplicationView, combined: number, withinQuota: boolean) => ({
  rank: n,
  applicationId: app.id,
  clusterCode: app.clusterCode,
  quantitativeScore: combined,
  quantitativeSd: 1,
  quantitativeRank: n,
  quantitativeRankLow: n,
  quantitativeRankHigh: n,
  expertScore: combined,
  expertSd: 1,
  expertCount: 2,
  expertDropped: [],
  combinedScore: combined,
  combinedSd: 1,
  low: combined - 2,
  high: combined + 2,
  withinQuota,
  borderline: false,
});
const ranking = {
  hash: 'hash',
  ranking: {
    roundId: round.id,
    evaluationRunId: id(99),
    evaluationRunHash: 'rh',
    frameworkVersion: 'v1',
    period: '2025',
    weight: 0.5,
    quota: 1,
    z: 1.96,
    line: 75,
    rows: [rankingRow(1, jinan, 80, true), rankingRow(2, qingdao, 70, false)],
    inputs: [],
  },
};

/** The province's view of a round (applications, panels, experts, ranking) plus the test's own handlers. */
function provinceStub(r: RoundView, extra: Record<string, Handler> = {}, role = 'province_admin') {
  return stubHttp({
    'GET /api/auth/me': () => json(200, sessionFor(role)),
    'GET /api/reference/regions': () => json(200, regionsBody),
    'GET /api/recognition/rounds': () => json(200, { items: [r] }),
    [`GET /api/recognition/rounds/${r.id}/applications`]: () => json(200, { items: [jinan, qingdao] }),
    [`GET /api/recognition/rounds/${r.id}/panels`]: () => json(200, { items: [materialsPanel] }),
    [`GET /api/recognition/rounds/${r.id}/ranking`]: () => json(200, ranking),
    [`GET /api/recognition/rounds/${r.id}/objections`]: () => json(200, { items: [] }),
    'GET /api/recognition/experts': () => json(200, experts),
    ...extra,
  });
}

/** The last button with this label (a Popconfirm's OK sits after the button that opened it). */
async function clickLast(name: string) {
  const button = await waitFor(() => {
    const found = screen
      .getAllByRole('button')
      .filter((b) => b.textContent?.replace(/\s/g, '') === name.replace(/\s/g, ''));
    const last = found[found.length - 1];
    if (!last) throw new Error(`no button ${name}`);
    return last;
  });
  fireEvent.click(button);
}
function typeDate(label: string, value: string) {
  const input = screen.getByLabelText(label);
  fireEvent.mouseDown(input);
  fireEvent.change(input, { target: { value } });
  fireEvent.keyDown(input, { key: 'Enter', code: 'Enter' });
  fireEvent.blur(input);
}
const posts = (requests: RecordedRequest[]) => requests.filter((r) => r.method !== 'GET');

beforeEach(() => localStorage.clear());
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('recognition workflow: review', () => {
  it('shows where the round is, the drawn panel with its recusal reason, and draws the next stage with a seed after confirming', async () => {
    const { requests } = provinceStub(round, {
      [`POST /api/recognition/rounds/${round.id}/panels`]: () =>
        json(201, { ...materialsPanel, stageCode: 'defence', assignments: 4, underStaffed: [] }),
    });
    renderApp('/recognition');
    // reviewing with the materials panel drawn: the current step is 材料评审 (step 2 of 6)
    const steps = await screen.findByTestId('round-steps');
    await waitFor(() =>
      expect(steps.querySelector('.ant-steps-item-process .ant-steps-item-title')?.textContent).toBe(
        '材料评审',
      ),
    );
    expect(steps.querySelectorAll('.ant-steps-item-finish')).toHaveLength(1); // 申报
    expect(await screen.findByText('种子 2026 · demo-province 于 2026-07-01 02:00 抽取')).toBeTruthy();
    expect(screen.getAllByText('王专家').length).toBe(2); // a member and the recused expert
    expect(screen.getByText('同城回避')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('随机种子'), { target: { value: '77' } });
    fireEvent.click(screen.getByTestId('draw-panel-defence'));
    expect(posts(requests)).toHaveLength(0);
    await clickLast('抽取专家');
    await waitFor(() => expect(posts(requests)).toHaveLength(1));
    expect(posts(requests)[0]).toMatchObject({
      path: `/api/recognition/rounds/${round.id}/panels`,
      body: { stageCode: 'defence', seed: 77 },
    });
  });

  it('advances the chosen applications from the materials review to the defence', async () => {
    const { requests } = provinceStub(round, {
      [`POST /api/recognition/rounds/${round.id}/stages/materials/advance`]: () =>
        json(200, { items: [{ ...qingdao, reachedStage: 'defence' }, jinan] }),
    });
    renderApp('/recognition');
    fireEvent.click(await screen.findByTestId('advance-materials'));
    expect(await screen.findByText(/下一阶段抽取专家前可以修改名单/)).toBeTruthy();
    fireEvent.click(screen.getByRole('checkbox', { name: '青岛集群' }));
    await clickLast('确认晋级名单');
    await waitFor(() => expect(posts(requests)).toHaveLength(1));
    expect(posts(requests)[0]).toMatchObject({
      path: `/api/recognition/rounds/${round.id}/stages/materials/advance`,
      body: { applicationIds: [qingdao.id] },
    });
  });

  it('after the decision the sheets are frozen; a correction needs a reason and posts a new sheet', async () => {
    const decided = { ...round, status: 'decided' as const, decidedAt: '2026-08-10T00:00:00.000Z' };
    const sheet = (n: number, basis: number, extra: object) => ({
      id: id(n),
      applicationId: jinan.id,
      expertId: id(22),
      stageCode: 'materials',
      aspectScores: { basis, tasks: 40 },
      total: basis + 40,
      comment: null,
      supersedesId: null,
      correctionReason: null,
      createdAt: '2026-07-05T01:00:00.000Z',
      createdBy: 'expert',
      supersededAt: null,
      ...extra,
    });
    const { requests } = provinceStub(decided, {
      [`GET /api/recognition/applications/${jinan.id}/scores/history`]: () =>
        json(200, {
          items: [
            sheet(41, 30, { supersededAt: '2026-08-11T03:00:00.000Z' }),
            sheet(42, 35, { supersedesId: id(41), correctionReason: '录入错误' }),
          ],
        }),
      [`POST /api/recognition/scores/${id(42)}/corrections`]: () => json(201, sheet(43, 45, {})),
    });
    renderApp(`/recognition?round=${round.id}&tab=review`);
    expect(await screen.findByText('已被替代（2026-08-11 03:00）')).toBeTruthy();
    expect(screen.getByText('已冻结')).toBeTruthy();
    expect(screen.getByText('录入错误')).toBeTruthy();
    expect(screen.queryByTestId('draw-panel-defence')).toBeNull(); // no draw after the decision
    expect(screen.queryByTestId(`correct-${id(41)}`)).toBeNull(); // a superseded sheet is not corrected
    fireEvent.click(screen.getByTestId(`correct-${id(42)}`));
    fireEvent.change(await screen.findByLabelText('发展基础（0–50 分）'), { target: { value: '45' } });
    fireEvent.click(screen.getByTestId('submit-correction'));
    expect((await screen.findAllByText('必填')).length).toBeGreaterThan(0);
    expect(posts(requests)).toHaveLength(0);
    fireEvent.change(screen.getByLabelText('更正理由（必填，记入审计日志）'), {
      target: { value: '按纸质评分表更正' },
    });
    fireEvent.click(screen.getByTestId('submit-correction'));
    await waitFor(() => expect(posts(requests)).toHaveLength(1));
    expect(posts(requests)[0]?.body).toEqual({
      aspectScores: { basis: 45, tasks: 40 },
      reason: '按纸质评分表更正',
    });
  });
});

describe('recognition workflow: decision, notice, objections, recognition', () => {
  it('a decision departing from the ranking needs a note, then posts after confirming; a server error shows', async () => {
    let calls = 0;
    const { requests } = provinceStub(round, {
      [`POST /api/recognition/rounds/${round.id}/decision`]: () => {
        calls += 1;
        return calls === 1
          ? json(
              422,
              errorBody(
                'rule_violated',
                '评价运行尚未发布，不能据以决定 / publish the evaluation run before deciding',
              ),
            )
          : json(200, { ...round, status: 'decided' });
      },
    });
    renderApp(`/recognition?round=${round.id}&tab=ranking`);
    // within the quota (1): 济南 ticked; the province picks 青岛 instead
    const jinanBox = await screen.findByRole('checkbox', { name: /1\. 济南集群/ });
    expect((jinanBox as HTMLInputElement).checked).toBe(true);
    fireEvent.click(jinanBox);
    fireEvent.click(screen.getByRole('checkbox', { name: /2\. 青岛集群/ }));
    fireEvent.click(screen.getByTestId('decide-round'));
    expect(await screen.findByText('推荐名单与排名不一致，须填写说明')).toBeTruthy();
    expect(posts(requests)).toHaveLength(0);
    fireEvent.change(screen.getByLabelText('决定说明'), { target: { value: '青岛集群答辩表现突出' } });
    fireEvent.click(screen.getByTestId('decide-round'));
    expect(await screen.findByText('决定后评分和排名冻结，不可撤销。确定作出决定？')).toBeTruthy();
    await clickLast('作出决定');
    expect(await screen.findByText('评价运行尚未发布，不能据以决定')).toBeTruthy();
    expect(posts(requests)[0]).toMatchObject({
      path: `/api/recognition/rounds/${round.id}/decision`,
      body: { recommended: [qingdao.id], note: '青岛集群答辩表现突出' },
    });
  });

  it('starts the notice from a date for 5 working days and shows the end date the server computed', async () => {
    const decided = { ...round, status: 'decided' as const };
    const { requests } = provinceStub(decided, {
      [`POST /api/recognition/rounds/${round.id}/notice`]: () =>
        json(200, {
          ...decided,
          status: 'notice',
          noticeStart: '2026-09-24',
          noticeWorkingDays: 5,
          noticeEnd: '2026-10-08',
        }),
    });
    renderApp('/recognition');
    // a decided round opens on the notice tab for the province
    await screen.findByTestId('start-notice');
    typeDate('公示开始日期', '2026-09-24');
    fireEvent.click(screen.getByTestId('start-notice'));
    await clickLast('开始公示');
    await waitFor(() => expect(posts(requests)).toHaveLength(1));
    expect(posts(requests)[0]).toMatchObject({
      path: `/api/recognition/rounds/${round.id}/notice`,
      body: { start: '2026-09-24', workingDays: 5 },
    });
    expect(await screen.findByText('公示期至 2026-10-08')).toBeTruthy();
  });

  it('records an objection during the notice and answers it with an outcome and a reason', async () => {
    const inNotice = {
      ...round,
      status: 'notice' as const,
      noticeStart: '2026-09-24',
      noticeWorkingDays: 5,
      noticeEnd: '2026-10-08',
    };
    const objection = {
      id: id(51),
      roundId: round.id,
      applicationId: jinan.id,
      objector: '某企业',
      content: '产值数据有误',
      receivedOn: '2026-09-25',
      outcome: null,
      answer: null,
      answeredAt: null,
      answeredBy: null,
    };
    const { requests } = provinceStub(inNotice, {
      [`GET /api/recognition/rounds/${round.id}/objections`]: () => json(200, { items: [objection] }),
      [`POST /api/recognition/rounds/${round.id}/objections`]: () => json(201, objection),
      [`POST /api/recognition/objections/${objection.id}/answer`]: () =>
        json(200, { ...objection, outcome: 'dismissed', answer: '经核实数据无误' }),
    });
    renderApp('/recognition');
    expect(await screen.findByTestId('notice-period')).toBeTruthy();
    expect(screen.getByText('公示期 2026-09-24 至 2026-10-08（5 个工作日，按节假日日历计算）')).toBeTruthy();
    fireEvent.click(await screen.findByTestId('record-objection'));
    fireEvent.change(await screen.findByLabelText('异议人'), { target: { value: '某企业' } });
    fireEvent.change(screen.getByLabelText('异议内容'), { target: { value: '产值数据有误' } });
    typeDate('收到日期', '2026-09-25');
    fireEvent.click(screen.getByTestId('submit-objection'));
    await waitFor(() => expect(posts(requests)).toHaveLength(1));
    expect(posts(requests)[0]?.body).toEqual({
      objector: '某企业',
      content: '产值数据有误',
      receivedOn: '2026-09-25',
      applicationId: null,
    });

    fireEvent.click(await screen.findByTestId(`answer-${objection.id}`));
    fireEvent.click(await screen.findByLabelText('不成立'));
    fireEvent.change(screen.getByLabelText('答复理由'), { target: { value: '经核实数据无误' } });
    fireEvent.click(screen.getByTestId('submit-answer'));
    await clickLast('提交答复');
    await waitFor(() => expect(posts(requests)).toHaveLength(2));
    expect(posts(requests)[1]).toMatchObject({
      path: `/api/recognition/objections/${objection.id}/answer`,
      body: { outcome: 'dismissed', answer: '经核实数据无误' },
    });
  });

  it('recognises after the notice with the document number, after a confirmation naming the new tier', async () => {
    const inNotice = {
      ...round,
      status: 'notice' as const,
      noticeStart: '2026-09-24',
      noticeWorkingDays: 5,
      noticeEnd: '2026-10-08',
    };
    const { requests } = provinceStub(inNotice, {
      [`POST /api/recognition/rounds/${round.id}/recognition`]: () =>
        json(200, { round: { ...inNotice, status: 'recognised' }, recognised: ['C-11'] }),
    });
    renderApp('/recognition');
    expect(
      await screen.findByText('认定日期须在公示期结束（2026-10-08）之后，且所有异议均已答复。'),
    ).toBeTruthy();
    fireEvent.change(screen.getByLabelText('认定文号'), { target: { value: '鲁工信发〔2026〕9号' } });
    typeDate('认定日期', '2026-10-12');
    fireEvent.click(screen.getByTestId('recognise-round'));
    expect(await screen.findByText(/集群级别将变更为“省级”/)).toBeTruthy();
    await clickLast('正式认定');
    await waitFor(() => expect(posts(requests)).toHaveLength(1));
    expect(posts(requests)[0]).toMatchObject({
      path: `/api/recognition/rounds/${round.id}/recognition`,
      body: { documentNumber: '鲁工信发〔2026〕9号', recognisedOn: '2026-10-12' },
    });
    expect(await screen.findByText('已认定 1 个集群')).toBeTruthy();
    // the documents of a round in its notice: ranking, recognition list, notice
    expect(screen.getByTestId('download-ranking')).toBeTruthy();
    expect(screen.getByTestId('download-recognised')).toBeTruthy();
    expect(screen.getByTestId('download-notice')).toBeTruthy();
  });
});

describe('recognition workflow: applicants and experts', () => {
  it('a city bureau applies for its cluster and sees the eligibility reasons with the tier translated; no province actions', async () => {
    const open = { ...round, status: 'open' as const, rankingHash: null };
    const ineligible = {
      ...qingdao,
      status: 'ineligible',
      eligibility: {
        eligible: false,
        checks: [
          {
            rule: 'allowedTiers',
            passed: false,
            message:
              '集群级别 provincial 不在可申报范围 candidate / tier provincial may not apply (allowed: candidate)',
          },
        ],
      },
    };
    const { requests } = stubHttp({
      'GET /api/auth/me': () => json(200, sessionFor('city')),
      'GET /api/reference/regions': () => json(200, regionsBody),
      'GET /api/recognition/rounds': () => json(200, { items: [open] }),
      [`GET /api/recognition/rounds/${round.id}/applications`]: () => json(200, { items: [] }),
      [`GET /api/recognition/rounds/${round.id}/ranking`]: () =>
        json(404, errorBody('not_found', '未找到 / not found')),
      'GET /api/clusters': () =>
        json(200, {
          items: [{ code: 'C-12', name: '青岛集群', tier: 'provincial' }],
          total: 1,
          page: 1,
          pageSize: 200,
        }),
      [`POST /api/recognition/rounds/${round.id}/applications`]: () => json(201, ineligible),
    });
    renderApp('/recognition');
    fireEvent.click(await screen.findByTestId('apply-round'));
    // no panel, decision, notice tab or download for the applicant
    expect(screen.queryByRole('tab', { name: '专家评审' })).toBeNull();
    expect(screen.queryByRole('tab', { name: '公示与认定' })).toBeNull();
    expect(screen.queryByTestId('download-ranking')).toBeNull();
    expect(screen.queryByText('发起认定轮次')).toBeNull();
    const select = await screen.findByLabelText('申报集群');
    fireEvent.mouseDown(select);
    fireEvent.click(await screen.findByText('青岛集群（省级）'));
    fireEvent.change(screen.getByLabelText('主导产业规模（亿元）'), { target: { value: '150' } });
    fireEvent.click(screen.getByTestId('submit-application'));
    await waitFor(() => expect(posts(requests)).toHaveLength(1));
    expect(posts(requests)[0]?.body).toEqual({
      clusterCode: 'C-12',
      figures: { leadIndustryOutput: 150 },
      attachmentIds: [],
    });
    expect(await screen.findByText('✗ 集群级别: 集群级别 省级 不在可申报范围 培育对象')).toBeTruthy();
    expect(requests.some((r) => r.path.endsWith('/panels') || r.path === '/api/recognition/experts')).toBe(
      false,
    );
  });

  it('an expert asks only for their assignments and the round’s sheet: no applications, rankings or others’ scores', async () => {
    const { requests } = stubHttp({
      'GET /api/auth/me': () => json(200, sessionFor('expert')),
      'GET /api/reference/regions': () => json(200, regionsBody),
      'GET /api/recognition/assignments': () =>
        json(200, {
          expertId: id(22),
          items: [
            {
              assignmentId: 'a1',
              roundId: round.id,
              stageCode: 'materials',
              stageName: '材料评审',
              stageNameEn: 'Materials review',
              application: qingdao,
              myScore: null,
            },
          ],
        }),
    });
    renderApp('/recognition');
    expect(await screen.findByText('您只能看到分配给您的申报和您本人的评分。')).toBeTruthy();
    expect(await screen.findByText('青岛集群')).toBeTruthy();
    expect(screen.queryByRole('tab', { name: '升级与行动计划' })).toBeNull();
    const asked = requests.map((r) => r.path).filter((p) => p.startsWith('/api/recognition'));
    expect(asked).toEqual(['/api/recognition/assignments']);
  });
});

describe('recognition workflow: upgrades and action plans', () => {
  it('the province grants an upgrade with its document number after confirming', async () => {
    const upgrade = {
      id: id(61),
      clusterCode: 'C-12',
      fromTier: 'provincial',
      toTier: 'national',
      year: 2026,
      statement: null,
      status: 'endorsed',
      decisionNote: null,
      documentNumber: null,
    };
    const { requests } = provinceStub(round, {
      'GET /api/recognition/upgrades': () => json(200, { items: [upgrade] }),
      'GET /api/clusters': () =>
        json(200, {
          items: [{ code: 'C-12', name: '青岛集群', tier: 'provincial' }],
          total: 1,
          page: 1,
          pageSize: 200,
        }),
      [`POST /api/recognition/upgrades/${upgrade.id}/decision`]: () =>
        json(200, { ...upgrade, status: 'granted' }),
    });
    renderApp('/recognition?view=upgrades');
    expect(await screen.findByText('省级 → 国家级')).toBeTruthy();
    expect(screen.getByText('已推荐')).toBeTruthy();
    fireEvent.click(screen.getByTestId(`decide-upgrade-${upgrade.id}`));
    const status = await screen.findByLabelText('办理结果');
    fireEvent.mouseDown(status);
    fireEvent.click((await screen.findAllByText('已认定')).at(-1) as HTMLElement);
    fireEvent.change(screen.getByLabelText('意见'), { target: { value: '符合国家级候选条件' } });
    // a grant without its document number is refused by the form
    fireEvent.click(screen.getByTestId('submit-upgrade-decision'));
    await clickLast('提交');
    expect((await screen.findAllByText('必填')).length).toBeGreaterThan(0);
    expect(posts(requests)).toHaveLength(0);
    fireEvent.change(screen.getByLabelText('文号（认定时必填）'), {
      target: { value: '工信部联〔2026〕1号' },
    });
    fireEvent.click(screen.getByTestId('submit-upgrade-decision'));
    await clickLast('提交');
    await waitFor(() => expect(posts(requests)).toHaveLength(1));
    expect(posts(requests)[0]?.body).toEqual({
      status: 'granted',
      note: '符合国家级候选条件',
      documentNumber: '工信部联〔2026〕1号',
    });
  });

  it('a cluster organisation sees its national cluster’s plan with an overdue milestone and updates it', async () => {
    const { requests } = stubHttp({
      'GET /api/auth/me': () => json(200, sessionFor('cluster_org')),
      'GET /api/reference/regions': () => json(200, regionsBody),
      'GET /api/recognition/rounds': () => json(200, { items: [] }),
      'GET /api/recognition/upgrades': () => json(200, { items: [] }),
      'GET /api/clusters': () =>
        json(200, {
          items: [{ code: 'N-1', name: '国家级集群甲', tier: 'national' }],
          total: 1,
          page: 1,
          pageSize: 200,
        }),
      'GET /api/recognition/action-plans': () =>
        json(200, {
          items: [
            {
              id: id(71),
              title: '迈向世界级三年行动',
              startYear: 2025,
              endYear: 2027,
              milestones: [
                {
                  id: id(72),
                  title: '建成中试平台',
                  dueOn: '2025-12-31',
                  status: 'in_progress',
                  overdue: true,
                  progressNote: null,
                },
              ],
            },
          ],
        }),
      [`PATCH /api/recognition/action-plans/milestones/${id(72)}`]: () => json(200, {}),
    });
    renderApp('/recognition?view=upgrades');
    expect(await screen.findByText('迈向世界级三年行动 · 2025–2027 年')).toBeTruthy();
    expect(screen.getByText('逾期')).toBeTruthy();
    expect(screen.getByText('推进中')).toBeTruthy();
    expect(requests.find((r) => r.path === '/api/recognition/action-plans')).toBeTruthy();
    fireEvent.click(screen.getByTestId(`update-milestone-${id(72)}`));
    fireEvent.change(await screen.findByLabelText('进展说明'), { target: { value: '平台已投用' } });
    fireEvent.click(screen.getByTestId('submit-milestone'));
    await waitFor(() => expect(posts(requests)).toHaveLength(1));
    expect(posts(requests)[0]).toMatchObject({
      method: 'PATCH',
      body: { status: 'in_progress', progressNote: '平台已投用' },
    });
    expect(screen.queryByTestId(/decide-upgrade/)).toBeNull();
  });
});
