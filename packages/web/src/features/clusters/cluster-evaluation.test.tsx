import type { ClusterResult, EvaluationRunSummary, EvaluationRunView } from '@qunce/core/frameworks';
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { json, stubHttp } from '../../test/http-stub.ts';
import { renderApp } from '../../test/render-app.tsx';
import { regionsBody, sessionFor } from '../../test/session-fixture.ts';
import { latestPublishedRun, median, tierMedians } from './cluster-evaluation.tsx';

const result = (code: string, tier: string, areas: Record<string, number>, rank: number): ClusterResult => ({
  clusterCode: code,
  name: code,
  score: 61.234,
  rank,
  rankLow: 2,
  rankHigh: 5,
  medianRank: 3,
  scoreSd: 1.5,
  tier,
  borderline: true,
  gap: { toTier: 'world', points: 4.567, closers: [], closable: true },
  areas,
  strengths: ['I01'],
  weaknesses: ['I09'],
  contributions: { I01: 12.3456, I09: 1.2 },
  indicators: {},
});
const mine = result('WF-POWER', 'national', { innovation: 60, scale: 40 }, 3);
const results = [
  mine,
  result('QD-HOME', 'national', { innovation: 50, scale: 70 }, 1),
  result('YT-CHEM', 'national', { innovation: 80, scale: 20 }, 2),
  result('JN-IT', 'provincial', { innovation: 10, scale: 10 }, 9),
];
const summary = (
  id: string,
  period: string,
  status: EvaluationRunSummary['status'],
): EvaluationRunSummary => ({
  id,
  frameworkVersion: 'v1',
  period,
  status,
  requestedClusters: null,
  seed: 1,
  uncertaintyRuns: 1000,
  jobId: null,
  specHash: 'x',
  snapshotHash: 'y',
  resultsHash: 'z',
  clusterCount: 40,
  error: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  computedAt: '2026-01-01T00:00:00.000Z',
  publishedAt: status === 'published' ? '2026-01-02T00:00:00.000Z' : null,
});

beforeEach(() => localStorage.clear());
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('latest evaluation (pure)', () => {
  it('median of 60, 50, 80 is 60; of 1, 2, 3, 4 is (2 + 3) / 2 = 2.5; of nothing is null', () => {
    expect(median([60, 50, 80])).toBe(60);
    expect(median([1, 2, 3, 4])).toBe(2.5);
    expect(median([])).toBeNull();
  });

  it('the tier median takes the national clusters only: innovation median(60, 50, 80) = 60, scale median(40, 70, 20) = 40', () => {
    expect(tierMedians(mine, results)).toEqual({ innovation: 60, scale: 40 });
  });

  it('the latest published run is the newest period, drafts ignored', () => {
    const runs = [
      summary('a', '2023', 'published'),
      summary('b', '2024', 'published'),
      summary('c', '2025', 'draft'),
    ];
    expect(latestPublishedRun(runs)?.id).toBe('b');
  });
});

describe('cluster detail: latest evaluation tab', () => {
  it('shows score with its spread, rank with its interval, tier with the borderline flag and the gap', async () => {
    const view: EvaluationRunView = {
      ...summary('run-2024', '2024', 'published'),
      results,
      unscored: [],
      tiers: null,
      uncertainty: null,
      weights: [],
    };
    stubHttp({
      'GET /api/auth/me': () => json(200, sessionFor('province_admin')),
      'GET /api/reference/regions': () => json(200, regionsBody),
      'GET /api/clusters/WF-POWER': () =>
        json(200, {
          code: 'WF-POWER',
          name: '潍坊市动力装备集群',
          nameEn: null,
          leadIndustry: 'power-equipment',
          tier: 'national',
          cultivationTarget: 'world',
          status: 'recognised',
          cityCodes: ['370700'],
          leadCityCode: '370700',
          promotingOrganisationCode: null,
          chainMasterCreditCodes: [],
          version: 1,
          createdAt: '2026-01-01T00:00:00.000Z',
          updatedAt: '2026-01-01T00:00:00.000Z',
          history: [],
        }),
      'GET /api/evaluations': () => json(200, { items: [summary('run-2024', '2024', 'published')] }),
      'GET /api/evaluations/run-2024': () => json(200, view),
    });
    renderApp('/clusters/WF-POWER?tab=evaluation');
    expect(await screen.findByText('第 3 名 / 共 40 个（5%–95% 区间：第 2–5 名）')).toBeTruthy();
    expect(screen.getByText('61.23（权重变动 ±25% 时标准差 1.5）')).toBeTruthy();
    expect(screen.getByText('临界')).toBeTruthy();
    expect(screen.getByText('距世界级差 4.57 分（单项指标提升可弥补）')).toBeTruthy();
    expect(screen.getByTestId('cluster-radar')).toBeTruthy();
    fireEvent.click(screen.getByRole('tab', { name: '复核安排' }));
    expect(await screen.findByText('暂无复核安排（认定满三年的集群将自动列入）。')).toBeTruthy();
  });
});
