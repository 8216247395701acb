import type { CollectionPeriodView, CompletenessReport, SubmissionView } from '@qunce/core/collection';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { json, stubHttp } from '../../test/http-stub.ts';
import { renderApp } from '../../test/render-app.tsx';
import { regionsBody, sessionFor } from '../../test/session-fixture.ts';

const submission: SubmissionView = {
  id: '00000000-0000-4000-8000-000000000010',
  periodId: '00000000-0000-4000-8000-000000000011',
  dataSet: 'city-annual',
  dataSetName: '市级年度集群数据',
  period: '2025',
  deadline: '2026-03-31',
  assignee: '370700',
  assigneeName: '潍坊市工业和信息化局',
  assigneeKind: 'city',
  cityCode: '370700',
  state: 'submitted',
  awaitingCityReview: false,
  firstSubmittedAt: '2026-03-01T00:00:00.000Z',
  submittedAt: '2026-03-01T00:00:00.000Z',
  acceptedAt: null,
  onTime: true,
  reason: null,
  changedSinceAcceptance: null,
  version: 3,
};
const period: CollectionPeriodView = {
  id: submission.periodId,
  dataSet: 'city-annual',
  period: '2025',
  deadline: '2026-03-31',
  openedAt: '2026-01-01T00:00:00.000Z',
  openedBy: null,
  assignments: 1,
};
const report: CompletenessReport = {
  period: '2025',
  asOf: '2026-04-01T00:00:00.000Z',
  totals: {
    assignments: 1,
    open: 0,
    submitted: 1,
    returned: 0,
    accepted: 0,
    reopened: 0,
    late: 0,
    missing: 0,
  },
  assignments: [],
  notSubmitted: [],
  late: [],
  returned: [],
  cities: [
    {
      rank: 1,
      cityCode: '370700',
      cityName: '潍坊市',
      assignments: 1,
      submitted: 1,
      onTime: 1,
      late: 0,
      missing: 0,
      returned: 0,
      accepted: 0,
      completeness: 1,
      timeliness: 1,
    },
  ],
};

beforeEach(() => localStorage.clear());
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('collection page', () => {
  it('shows the city league and returns a submission with a reason and its version', async () => {
    const { requests } = stubHttp({
      'GET /api/auth/me': () => json(200, sessionFor('province_admin')),
      'GET /api/reference/regions': () => json(200, regionsBody),
      'GET /api/collection/periods': () => json(200, { items: [period] }),
      'GET /api/collection/completeness': () => json(200, report),
      'GET /api/collection/submissions': () => json(200, { items: [submission] }),
      [`POST /api/collection/submissions/${submission.id}/return`]: () =>
        json(200, { ...submission, state: 'returned', reason: '数据缺失', version: 4 }),
    });
    renderApp('/collection');
    expect(await screen.findByText('潍坊市工业和信息化局')).toBeTruthy();
    expect((await screen.findAllByText('100.0%')).length).toBe(2);
    fireEvent.click(screen.getByRole('button', { name: '退回' }));
    fireEvent.change(await screen.findByLabelText('请填写原因（至少 2 个字）'), {
      target: { value: '数据缺失' },
    });
    fireEvent.click(screen.getByRole('button', { name: /OK|确\s*定/ }));
    await waitFor(() =>
      expect(requests.find((r) => r.method === 'POST')?.body).toEqual({ version: 3, reason: '数据缺失' }),
    );
  });

  it('an empty scope says so', async () => {
    stubHttp({
      'GET /api/auth/me': () => json(200, sessionFor('city')),
      'GET /api/reference/regions': () => json(200, regionsBody),
      'GET /api/collection/submissions': () => json(200, { items: [] }),
    });
    renderApp('/collection');
    expect(await screen.findByText('暂无报送任务')).toBeTruthy();
  });

  it('a city fills the figures, saves them with the version and sees the validation with an outlier comment', async () => {
    const open: SubmissionView = { ...submission, state: 'open', onTime: null, submittedAt: null };
    const detail = {
      ...open,
      metrics: [{ code: 'output', name: '营业收入', unit: '亿元' }],
      subjects: [{ code: 'WF-POWER', name: '潍坊市动力装备集群' }],
      values: [],
      history: [],
    };
    const { requests } = stubHttp({
      'GET /api/auth/me': () => json(200, sessionFor('city')),
      'GET /api/reference/regions': () => json(200, regionsBody),
      'GET /api/collection/submissions': () => json(200, { items: [open] }),
      [`GET /api/collection/submissions/${open.id}`]: () => json(200, detail),
      [`PUT /api/collection/submissions/${open.id}/values`]: () => json(200, { ...open, version: 4 }),
      [`GET /api/collection/submissions/${open.id}/validation`]: () =>
        json(200, {
          ok: false,
          subjects: 1,
          values: 1,
          issues: [
            {
              kind: 'outlier',
              subjectCode: 'WF-POWER',
              metric: 'output',
              value: 9000,
              message: '较上期变化超过 50% / changed by more than 50%',
              blocking: true,
            },
          ],
        }),
    });
    renderApp('/collection');
    fireEvent.click(await screen.findByRole('button', { name: '填报' }));
    fireEvent.change(await screen.findByLabelText('潍坊市动力装备集群 营业收入'), {
      target: { value: '9000' },
    });
    fireEvent.click(screen.getByRole('button', { name: '保存并校验' }));
    expect(await screen.findByText(/较上期变化超过 50%/)).toBeTruthy();
    expect(requests.find((r) => r.method === 'PUT')?.body).toEqual({
      values: [{ subjectCode: 'WF-POWER', metric: 'output', value: 9000, comment: null }],
      version: 3,
    });
    expect(screen.getByLabelText('潍坊市动力装备集群 营业收入 异常说明')).toBeTruthy();
  });
});
