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
