import { ahpWeights } from '@qunce/core/evaluation';
import type { EvaluationRunSummary, EvaluationRunView } from '@qunce/core/frameworks';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { json, stubHttp } from '../../test/http-stub.ts';
import { renderApp } from '../../test/render-app.tsx';
import { regionsBody, sessionFor } from '../../test/session-fixture.ts';
import { reciprocalMatrix } from './ahp-card.tsx';
import { specNodes, storedAreaJudgements } from './evaluation-page.tsx';

const summary = (id: string, status: EvaluationRunSummary['status']): EvaluationRunSummary => ({
  id,
  frameworkVersion: 'v1',
  period: '2024',
  status,
  requestedClusters: null,
  seed: 1,
  uncertaintyRuns: 1000,
  jobId: null,
  specHash: 'x',
  snapshotHash: 'y',
  resultsHash: 'z',
  clusterCount: 2,
  error: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  computedAt: '2026-01-01T00:00:00.000Z',
  publishedAt: null,
});
const framework = {
  version: 'v1',
  name: '框架一',
  nameEn: 'Framework 1',
  description: '',
  specHash: 'h',
  reviewLine: 40,
  referencePeriod: '2024',
  illustrative: false,
  locked: true,
  createdAt: '2026-01-01T00:00:00.000Z',
};
const spec = {
  nodes: [
    { code: 'root', name: '竞争力指数', parent: null, kind: 'aggregate', weight: 1 },
    { code: 'A1', name: '创新能力', parent: 'root', kind: 'aggregate', weight: 0.6 },
    { code: 'A2', name: '产业规模', parent: 'root', kind: 'aggregate', weight: 0.4 },
    { code: 'I01', name: '研发强度', parent: 'A1', kind: 'indicator', weight: 1 },
    { code: 'I02', name: '营业收入', parent: 'A2', kind: 'indicator', weight: 1 },
  ],
};
const view: EvaluationRunView = {
  ...summary('11111111-1111-4111-8111-111111111111', 'draft'),
  results: [
    {
      clusterCode: 'QD-HOME',
      name: '青岛市智能家电集群',
      score: 71.5,
      rank: 1,
      rankLow: 1,
      rankHigh: 2,
      medianRank: 1,
      scoreSd: 1,
      tier: 'national',
      borderline: false,
      gap: null,
      areas: {},
      strengths: [],
      weaknesses: [],
      contributions: {},
      indicators: {},
    },
  ],
  unscored: [],
  tiers: null,
  uncertainty: null,
  weights: [],
};

beforeEach(() => localStorage.clear());
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('AHP (pure)', () => {
  it('fills the lower triangle with reciprocals; a consistent 3×3 (2, 4, 2) has CR ≈ 0', () => {
    const m = reciprocalMatrix(3, { '0-1': 2, '0-2': 4, '1-2': 2 });
    expect(m[1]?.[0]).toBe(0.5);
    expect(m[2]?.[0]).toBe(0.25);
    expect(ahpWeights(m).cr).toBeCloseTo(0, 6);
  });

  it('reads the nodes of a stored spec and skips malformed ones', () => {
    expect(specNodes({ nodes: [...spec.nodes, 7, { name: 'no code' }] })).toHaveLength(5);
    expect(specNodes(null)).toEqual([]);
    const frozen = specNodes({ ...spec, weighting: { method: 'frozen', weights: { A1: 0.7, A2: 0.3 } } });
    expect(frozen.find((n) => n.code === 'A1')?.weight).toBe(0.7);
    expect(frozen.find((n) => n.code === 'I01')?.weight).toBe(1);
  });

  it('reads the stored area judgements of a frozen combined AHP weighting, in the areas order', () => {
    const stored = {
      weighting: {
        method: 'frozen',
        weights: {},
        derivedFrom: {
          method: 'combined',
          weighting: {
            method: 'combined',
            subjective: {
              method: 'ahp',
              judgements: {
                root: {
                  children: ['A2', 'A1'],
                  pairwise: [
                    [1, 3],
                    [1 / 3, 1],
                  ],
                },
              },
            },
          },
        },
      },
    };
    expect(storedAreaJudgements(stored, 'root', ['A1', 'A2'])).toEqual({ '0-1': 1 / 3 });
    expect(storedAreaJudgements({}, 'root', ['A1', 'A2'])).toEqual({});
  });
});

describe('evaluation studio', () => {
  it('shows the tree, the AHP ratio, runs; "run" posts and the ranking table appears', async () => {
    const id = view.id;
    const { requests } = stubHttp({
      'GET /api/auth/me': () => json(200, sessionFor('province_admin')),
      'GET /api/reference/regions': () => json(200, regionsBody),
      'GET /api/frameworks': () => json(200, { items: [framework] }),
      'GET /api/frameworks/v1': () => json(200, { ...framework, spec }),
      'GET /api/evaluations': () => json(200, { items: [summary(id, 'draft')] }),
      'POST /api/evaluations': () =>
        json(202, { run: summary(id, 'draft'), job: { id: 'job-1', status: 'queued' } }),
      [`GET /api/evaluations/${id}`]: () => json(200, view),
    });
    renderApp('/evaluation');

    expect(await screen.findByText('研发强度（I01）· 权重 1')).toBeTruthy();
    expect((await screen.findByTestId('ahp-cr')).textContent).toBe('一致性比率 CR = 0.000');
    expect(await screen.findByText('草稿')).toBeTruthy();
    expect(screen.getByTestId(`publish-${id}`)).toBeTruthy();

    fireEvent.click(screen.getByTestId('evaluation-run'));
    await waitFor(() => expect(requests.some((r) => r.method === 'POST')).toBe(true));
    const post = requests.find((r) => r.method === 'POST');
    expect(post?.body).toEqual({
      frameworkVersion: 'v1',
      period: String(new Date().getFullYear() - 1),
      uncertainty: { runs: 1000, seed: 1 },
    });
    const table = await screen.findByTestId('ranking-table');
    expect(await within(table).findByText('青岛市智能家电集群（QD-HOME）')).toBeTruthy();
    expect(within(table).getByText('1–2')).toBeTruthy();
  });

  it('shows the error of the runs list with retry', async () => {
    stubHttp({
      'GET /api/auth/me': () => json(200, sessionFor('province_admin')),
      'GET /api/reference/regions': () => json(200, regionsBody),
      'GET /api/frameworks': () => json(200, { items: [] }),
      'GET /api/evaluations': () => json(500, { error: { code: 'internal', message: '出错 / broken' } }),
    });
    renderApp('/evaluation');
    expect(await screen.findByText('暂无评价框架')).toBeTruthy();
    expect(await screen.findByText(/出错/)).toBeTruthy();
  });
});
