import type { ApplicationView, RoundView } from '@qunce/core/recognition';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { errorBody, json, stubHttp } from '../../test/http-stub.ts';
import { renderApp } from '../../test/render-app.tsx';
import { regionsBody, sessionFor } from '../../test/session-fixture.ts';

const round: RoundView = {
  id: '00000000-0000-4000-8000-000000000001',
  year: 2026,
  name: '2026年度省级先进制造业集群认定',
  targetTier: 'provincial',
  quota: 10,
  applicationDeadline: '2026-06-30',
  stages: [
    { code: 'materials', name: '材料评审', nameEn: 'Materials', deadline: '2026-07-31', panelSize: 5 },
  ],
  eligibilityRules: { minLeadIndustryOutput: 100 },
  aspects: [],
  frameworkVersion: '2026',
  evaluationRunId: null,
  quantitativeWeight: 0.6,
  status: 'reviewing',
  rankingHash: null,
  rankedAt: null,
  decidedAt: null,
  decisionNote: null,
  noticeStart: null,
  noticeWorkingDays: null,
  noticeEnd: null,
  documentNumber: null,
  recognisedOn: null,
  isDemo: true,
};
const application: ApplicationView = {
  id: '00000000-0000-4000-8000-000000000002',
  roundId: round.id,
  clusterCode: 'WF-POWER',
  clusterName: '潍坊市动力装备集群',
  cityCodes: ['370700'],
  figures: { leadIndustryOutput: 80 },
  attachmentIds: [],
  statement: null,
  status: 'ineligible',
  eligibility: {
    eligible: false,
    checks: [
      {
        rule: 'minLeadIndustryOutput',
        passed: false,
        message: '主导产业规模 80 亿元，低于 100 亿元 / lead industry output 80 below 100',
      },
    ],
  },
  reachedStage: null,
  submittedAt: '2026-05-01T00:00:00.000Z',
  submittedBy: null,
};

beforeEach(() => localStorage.clear());
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('recognition page', () => {
  it('lists the rounds and the first round’s applications with the eligibility reasons', async () => {
    stubHttp({
      'GET /api/auth/me': () => json(200, sessionFor('province_admin')),
      'GET /api/reference/regions': () => json(200, regionsBody),
      'GET /api/recognition/rounds': () => json(200, { items: [round] }),
      [`GET /api/recognition/rounds/${round.id}/applications`]: () => json(200, { items: [application] }),
      [`GET /api/recognition/rounds/${round.id}/ranking`]: () =>
        json(200, {
          hash: 'h',
          ranking: {
            roundId: round.id,
            evaluationRunId: 'r',
            evaluationRunHash: 'rh',
            frameworkVersion: '2026',
            period: '2025',
            weight: 0.6,
            quota: 10,
            z: 1.96,
            line: 70,
            rows: [
              {
                rank: 1,
                applicationId: application.id,
                clusterCode: 'WF-POWER',
                quantitativeScore: 72,
                quantitativeSd: 2,
                quantitativeRank: 1,
                quantitativeRankLow: 1,
                quantitativeRankHigh: 2,
                expertScore: 70,
                expertSd: 3,
                expertCount: 5,
                expertDropped: [],
                combinedScore: 71.2,
                combinedSd: 1.8,
                low: 68.5,
                high: 74,
                withinQuota: true,
                borderline: true,
              },
            ],
            inputs: [],
          },
        }),
    });
    renderApp('/recognition?tab=applications');
    expect(await screen.findByText('2026年度省级先进制造业集群认定')).toBeTruthy();
    expect(screen.getByText('评审中')).toBeTruthy();
    expect((await screen.findAllByText('潍坊市动力装备集群')).length).toBeGreaterThan(0);
    expect(screen.getByText('不符合资格')).toBeTruthy();
    expect(screen.getByText(/主导产业规模 80 亿元，低于 100 亿元/)).toBeTruthy();
    fireEvent.click(screen.getByRole('tab', { name: '排名与决定' }));
    // the borderline tag in the ranking and again in the decision form (the province may decide)
    await waitFor(() => expect(screen.getAllByText('临界')).toHaveLength(2));
    expect(screen.getByText('71.20 [68.50, 74.00]')).toBeTruthy();
  });

  it('an expert sees only the assignments; an error shows with retry', async () => {
    const { requests } = stubHttp({
      'GET /api/auth/me': () => json(200, sessionFor('expert')),
      'GET /api/reference/regions': () => json(200, regionsBody),
      'GET /api/recognition/assignments': () =>
        json(500, errorBody('internal', '数据库不可用 / database unavailable')),
    });
    renderApp('/recognition');
    expect(await screen.findByText('数据加载失败：数据库不可用')).toBeTruthy();
    expect(requests.some((r) => r.path === '/api/recognition/rounds')).toBe(false);
  });

  it('an expert scores an assigned application on the round’s aspect sheet', async () => {
    const sheet = {
      ...round,
      aspects: [
        { code: 'scale', name: '规模', nameEn: 'Scale', max: 20 },
        { code: 'innovation', name: '创新', nameEn: 'Innovation', max: 20 },
      ],
    };
    const { requests } = stubHttp({
      'GET /api/auth/me': () => json(200, sessionFor('expert')),
      'GET /api/reference/regions': () => json(200, regionsBody),
      'GET /api/recognition/assignments': () =>
        json(200, {
          expertId: 'e1',
          items: [
            {
              assignmentId: 'a1',
              roundId: round.id,
              stageCode: 'materials',
              stageName: '材料评审',
              stageNameEn: 'Materials review',
              application,
              myScore: null,
            },
          ],
        }),
      [`GET /api/recognition/rounds/${round.id}`]: () => json(200, sheet),
      [`POST /api/recognition/applications/${application.id}/scores`]: () => json(201, {}),
    });
    renderApp('/recognition');
    expect(await screen.findByText('材料评审')).toBeTruthy();
    fireEvent.click(await screen.findByRole('button', { name: '评分' }));
    fireEvent.change(await screen.findByLabelText('规模（0–20 分）'), { target: { value: '15' } });
    fireEvent.change(screen.getByLabelText('创新（0–20 分）'), { target: { value: '12.5' } });
    fireEvent.click(screen.getByRole('button', { name: '提交评分' }));
    await waitFor(() =>
      expect(requests.find((r) => r.method === 'POST')?.body).toEqual({
        stageCode: 'materials',
        aspectScores: { scale: 15, innovation: 12.5 },
      }),
    );
  });

  it('a round in its public notice shows the decision note and the objections with their answers', async () => {
    const inNotice = {
      ...round,
      status: 'notice',
      decisionNote: '按排名推荐前 10 名',
      noticeStart: '2026-09-01',
      noticeEnd: '2026-09-07',
    };
    stubHttp({
      'GET /api/auth/me': () => json(200, sessionFor('province_admin')),
      'GET /api/reference/regions': () => json(200, regionsBody),
      'GET /api/recognition/rounds': () => json(200, { items: [inNotice] }),
      [`GET /api/recognition/rounds/${round.id}/applications`]: () => json(200, { items: [] }),
      [`GET /api/recognition/rounds/${round.id}/objections`]: () =>
        json(200, {
          items: [
            {
              id: 'o1',
              roundId: round.id,
              applicationId: null,
              objector: '某企业',
              content: '数据有误',
              receivedOn: '2026-09-02',
              outcome: null,
              answer: null,
              answeredAt: null,
              answeredBy: null,
            },
          ],
        }),
    });
    renderApp('/recognition');
    expect(await screen.findByText('公示期 2026-09-01 至 2026-09-07')).toBeTruthy();
    // a round in its notice opens on the notice tab: the period with its working days, the objections
    expect(await screen.findByText('决定说明：按排名推荐前 10 名')).toBeTruthy();
    expect(await screen.findByText('数据有误')).toBeTruthy();
    expect(screen.getByText('待答复')).toBeTruthy();
    fireEvent.click(screen.getByRole('tab', { name: '排名与决定' }));
    expect(await screen.findByText('尚未计算排名')).toBeTruthy();
  });
});
