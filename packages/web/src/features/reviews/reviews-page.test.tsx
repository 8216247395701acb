import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { json, stubHttp } from '../../test/http-stub.ts';
import { renderApp } from '../../test/render-app.tsx';
import { regionsBody, sessionFor } from '../../test/session-fixture.ts';
import { reviewRequest } from './reviews-page.tsx';

const target = {
  clusterCode: 'WF-POWER',
  name: '潍坊市动力装备集群',
  frameworkVersion: 'v1',
  period: '2024',
};
const base = { frameworkVersion: 'v1', period: '2024', opinion: ' 意见 ', decidedOn: '2026-01-10' };

beforeEach(() => localStorage.clear());
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('review request (pure)', () => {
  it('keeps the deadline only for rectify, trims the opinion, drops an empty document number', () => {
    expect(
      reviewRequest(target, { ...base, outcome: 'pass', rectifyDeadline: '2026-06-30', documentNumber: ' ' }),
    ).toEqual({ clusterCode: 'WF-POWER', ...base, opinion: '意见', outcome: 'pass' });
    expect(
      reviewRequest(target, { ...base, outcome: 'rectify', rectifyDeadline: '2026-06-30' }),
    ).toMatchObject({
      rectifyDeadline: '2026-06-30',
    });
    expect(
      reviewRequest(target, { ...base, outcome: 'revoke', documentNumber: '鲁工信〔2026〕1号' }),
    ).toMatchObject({
      documentNumber: '鲁工信〔2026〕1号',
    });
  });
});

describe('reviews page', () => {
  it('shows warnings, reviews due and records; a manager records a pass', async () => {
    const { requests } = stubHttp({
      'GET /api/auth/me': () => json(200, sessionFor('province_admin')),
      'GET /api/reference/regions': () => json(200, regionsBody),
      'GET /api/reviews/warnings': () =>
        json(200, {
          items: [
            {
              clusterCode: 'WF-POWER',
              name: '潍坊市动力装备集群',
              tier: 'provincial',
              runId: 'r',
              frameworkVersion: 'v1',
              period: '2024',
              score: 35.5,
              reviewLine: 40,
            },
          ],
        }),
      'GET /api/reviews/due': () =>
        json(200, {
          on: '2026-01-10',
          items: [
            {
              clusterCode: 'QD-HOME',
              name: '青岛市智能家电集群',
              tier: 'national',
              status: 'recognised',
              recognisedOn: '2023-01-01',
              lastReviewedOn: null,
              dueOn: '2026-01-01',
              overdue: true,
            },
          ],
        }),
      'GET /api/reviews': () => json(200, { items: [] }),
      'POST /api/reviews': (request) => json(201, { id: 'x', ...(request.body as object) }),
    });
    renderApp('/reviews');

    const warnings = await screen.findByTestId('review-warnings');
    expect(await within(warnings).findByText('35.50 / 40')).toBeTruthy();
    expect(await screen.findByText('已逾期')).toBeTruthy();
    expect(await screen.findByText('暂无复核记录')).toBeTruthy();

    fireEvent.click(within(warnings).getByTestId('review-record-WF-POWER'));
    fireEvent.change(await screen.findByLabelText('复核意见'), { target: { value: '达到要求' } });
    fireEvent.click(screen.getByTestId('review-save'));
    await waitFor(() => expect(requests.some((r) => r.method === 'POST')).toBe(true));
    expect(requests.find((r) => r.method === 'POST')?.body).toMatchObject({
      clusterCode: 'WF-POWER',
      frameworkVersion: 'v1',
      period: '2024',
      outcome: 'pass',
      opinion: '达到要求',
    });
  });

  it('shows a load error with retry', async () => {
    stubHttp({
      'GET /api/auth/me': () => json(200, sessionFor('province_admin')),
      'GET /api/reference/regions': () => json(200, regionsBody),
      'GET /api/reviews/warnings': () => json(500, { error: { code: 'internal', message: '出错 / broken' } }),
      'GET /api/reviews/due': () => json(200, { on: '2026-01-10', items: [] }),
      'GET /api/reviews': () => json(200, { items: [] }),
    });
    renderApp('/reviews');
    expect(await screen.findByText(/出错/)).toBeTruthy();
    expect(await screen.findByText('近期没有到期的复核')).toBeTruthy();
  });
});

const rectifying = {
  id: '00000000-0000-4000-8000-0000000000a1',
  clusterCode: 'WF-POWER',
  recognisedOn: '2023-01-01',
  dueOn: '2026-01-01',
  frameworkVersion: 'v1',
  period: '2024',
  score: 35.5,
  reviewLine: 40,
  belowReviewLine: true,
  indicators: {},
  outcome: 'rectify',
  opinion: '创新载体不足，限期整改',
  decidedOn: '2026-01-10',
  documentNumber: null,
  rectifyDeadline: '2026-07-10',
  followUp: null,
  version: 2,
  createdAt: '2026-01-10T02:00:00.000Z',
};
const reviewsHandlers = (role: string, records: unknown[]) => ({
  'GET /api/auth/me': () => json(200, sessionFor(role)),
  'GET /api/reference/regions': () => json(200, regionsBody),
  'GET /api/reviews/warnings': () => json(200, { items: [] }),
  'GET /api/reviews/due': () => json(200, { on: '2026-11-28', items: [] }),
  'GET /api/reviews': () => json(200, { items: records }),
});

describe('rectification follow-up', () => {
  it('a manager revokes after the deadline: the body carries the review version, the year scored, the note and the document number, after a confirmation', async () => {
    const { requests } = stubHttp({
      ...reviewsHandlers('province_admin', [rectifying]),
      [`POST /api/reviews/${rectifying.id}/follow-up`]: (request) =>
        json(200, {
          ...rectifying,
          version: 3,
          followUp: {
            on: '2026-08-01',
            outcome: 'revoke',
            score: 31.2,
            note: '整改未达标',
            documentNumber: '鲁工信〔2026〕9号',
          },
          ...(request.body as object as Record<string, never>),
        }),
    });
    renderApp('/reviews');
    const records = await screen.findByTestId('review-records');
    // the record's outcome is translated; the follow-up column says it is pending
    expect(await within(records).findByText('限期整改')).toBeTruthy();
    expect(within(records).getByText('待复查')).toBeTruthy();
    fireEvent.click(within(records).getByTestId(`review-follow-up-${rectifying.id}`));
    fireEvent.change(await screen.findByLabelText('评分年度'), { target: { value: '2025' } });
    fireEvent.change(screen.getByLabelText('复查日期'), { target: { value: '2026-08-01' } });
    fireEvent.click(screen.getByRole('radio', { name: '撤销' }));
    fireEvent.change(await screen.findByLabelText('复查意见'), { target: { value: '整改未达标' } });
    fireEvent.change(screen.getByLabelText('文号'), { target: { value: '鲁工信〔2026〕9号' } });
    fireEvent.click(screen.getByTestId('review-follow-up-save'));
    expect(await screen.findByText(/确定撤销认定/)).toBeTruthy();
    expect(requests.some((r) => r.method === 'POST')).toBe(false);
    fireEvent.click(screen.getByRole('button', { name: /OK|确\s*定/ }));
    await waitFor(() => expect(requests.some((r) => r.method === 'POST')).toBe(true));
    expect(requests.find((r) => r.method === 'POST')?.body).toEqual({
      version: 2,
      period: '2025',
      outcome: 'revoke',
      followUpOn: '2026-08-01',
      note: '整改未达标',
      documentNumber: '鲁工信〔2026〕9号',
    });
  });

  it('the history of a record shows the decision, the deadline and the follow-up with its score; no follow-up button once recorded', async () => {
    const done = {
      ...rectifying,
      followUp: { on: '2026-07-20', outcome: 'pass', score: 42.25, note: '整改到位', documentNumber: null },
      version: 3,
    };
    stubHttp(reviewsHandlers('province_admin', [done]));
    renderApp('/reviews');
    const records = await screen.findByTestId('review-records');
    expect(await within(records).findByText('通过')).toBeTruthy();
    expect(within(records).queryByTestId(`review-follow-up-${done.id}`)).toBeNull();
    fireEvent.click(within(records).getByRole('button', { name: /展开|Expand/ }));
    expect(await screen.findByText('限期整改至 2026-07-10')).toBeTruthy();
    expect(screen.getByText('2026-07-20 · 整改复查：通过')).toBeTruthy();
    // 42.25 against the review line 40; the original review scored 35.50
    expect(screen.getByText('42.25 / 40')).toBeTruthy();
    expect(screen.getByText('35.50 / 40')).toBeTruthy();
  });

  it('without reviews.manage the follow-up is not offered', async () => {
    stubHttp(reviewsHandlers('department', [rectifying]));
    renderApp('/reviews');
    const records = await screen.findByTestId('review-records');
    expect(await within(records).findByText('限期整改')).toBeTruthy();
    expect(within(records).queryByTestId(`review-follow-up-${rectifying.id}`)).toBeNull();
  });
});
