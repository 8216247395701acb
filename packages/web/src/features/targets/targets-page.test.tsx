import type { TargetsResponse } from '@qunce/core/targets';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { errorBody, json, stubHttp } from '../../test/http-stub.ts';
import { renderApp } from '../../test/render-app.tsx';
import { sessionFor } from '../../test/session-fixture.ts';

const targets: TargetsResponse = {
  set: 'policy-2023',
  version: 1,
  date: '2026-11-28',
  name: '先进制造业集群培育目标',
  thresholds: { onTrack: 0.95, needsAcceleration: 0.6, limitedProgress: 0 },
  targets: [
    {
      code: 'T1',
      taskCode: '1',
      text: '国家级集群达到 8 个',
      textEn: 'Eight national clusters',
      unit: '个',
      value: 8,
      comparator: 'atLeast',
      tolerance: null,
      deadline: '2025-12-31',
      actual: 5,
      actualDate: '2026-11-28',
      status: 'needs_acceleration',
      owners: ['省工业和信息化厅'],
      binding: { kind: 'reported', reporter: 'dept-miit' },
      calculation: {
        method: 'linear-ratio',
        formula: 'ratio = 实际增量 / 应有增量',
        baseline: { period: '2022', date: '2022-12-31', value: 3 },
        latest: { date: '2026-11-28', value: 5 },
        target: { value: 8, comparator: 'atLeast', tolerance: null, deadline: '2025-12-31' },
        yearsElapsed: 2,
        yearsTotal: 3,
        actualRate: 1,
        requiredRate: 1.6667,
        ratio: 0.6,
        thresholds: { onTrack: 0.95, needsAcceleration: 0.6, limitedProgress: 0 },
        isProvisional: false,
        steps: [{ name: '应有增量', expression: '(8 − 3) × 2 / 3', value: 3.3333 }],
        explanation: { zh: '进展比 0.6，需加快推进', en: 'Ratio 0.6: needs acceleration' },
      },
      forecast: null,
      obligations: [],
      source: { zh: '责任单位报送', en: 'Reported by the department' },
    },
  ],
};

beforeEach(() => localStorage.clear());
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('targets board', () => {
  it('lists targets with a status tag and opens the calculation in a drawer', async () => {
    const { requests } = stubHttp({
      'GET /api/auth/me': () => json(200, sessionFor('province_admin')),
      'GET /api/targets': () => json(200, targets),
    });
    renderApp('/targets?date=2026-11-28');
    expect(await screen.findByText('国家级集群达到 8 个')).toBeTruthy();
    expect(screen.getByText('需加快推进')).toBeTruthy();
    expect(screen.getByText('5 个')).toBeTruthy();
    expect(requests.some((r) => r.path === '/api/targets')).toBe(true);
    fireEvent.click(screen.getByText('国家级集群达到 8 个'));
    expect(await screen.findByText('ratio = 实际增量 / 应有增量')).toBeTruthy();
    expect(screen.getByText('(8 − 3) × 2 / 3')).toBeTruthy();
    expect(screen.getByText('责任单位报送')).toBeTruthy();
  });

  it('shows the server error with retry', async () => {
    stubHttp({
      'GET /api/auth/me': () => json(200, sessionFor('province_admin')),
      'GET /api/targets': () => json(500, errorBody('internal', '数据库不可用 / database unavailable')),
    });
    renderApp('/targets');
    expect(await screen.findByText('数据加载失败：数据库不可用')).toBeTruthy();
    await waitFor(() => expect(screen.getByRole('button', { name: '重试' })).toBeTruthy());
  });
});
