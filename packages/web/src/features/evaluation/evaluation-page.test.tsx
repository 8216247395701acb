import { ahpWeights } from '@qunce/core/evaluation';
import type { EvaluationRunSummary, EvaluationRunView } from '@qunce/core/frameworks';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { errorBody, type Handler, json, stubHttp } from '../../test/http-stub.ts';
import { renderApp } from '../../test/render-app.tsx';
import { regionsBody, sessionFor } from '../../test/session-fixture.ts';
import { reciprocalMatrix } from './ahp-card.tsx';
import { scoreLines } from './evaluation-charts.ts';
import { runRequestBody, specNodes, storedAreaJudgements } from './evaluation-page.tsx';
import { buildEditedSpec, nextVersion } from './framework-editor.tsx';

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
  aggregation: { method: 'arithmetic', p: 2, minAvailability: 0 },
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
  vi.restoreAllMocks();
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

/** The "确定" button of the open Popconfirm (antd spaces two-character Chinese labels: "确 定"). */
const confirmButton = () =>
  waitFor(() => {
    const button = screen
      .getAllByRole('button')
      .find((candidate) => candidate.textContent?.replace(/\s/g, '') === '确定');
    if (!button) throw new Error('no confirm button');
    return button;
  });

const id = view.id;
/** The stubbed API of the studio for the province administrator (overrides per test). */
function studioApi(overrides: Record<string, Handler> = {}, runView: EvaluationRunView = view) {
  return stubHttp({
    'GET /api/auth/me': () => json(200, sessionFor('province_admin')),
    'GET /api/reference/regions': () => json(200, regionsBody),
    'GET /api/frameworks': () => json(200, { items: [framework] }),
    'GET /api/frameworks/v1': () => json(200, { ...framework, spec }),
    'GET /api/evaluations': () => json(200, { items: [summary(id, 'draft')] }),
    'POST /api/evaluations': () =>
      json(202, { run: summary(id, 'draft'), job: { id: 'job-1', status: 'queued' } }),
    [`GET /api/evaluations/${id}`]: () => json(200, runView),
    ...overrides,
  });
}

describe('evaluation studio', () => {
  it('shows the tree with weight inputs (A1 0.6 of 0.6 + 0.4 = 60.0 %), the AHP ratio, runs; "run" posts and the ranking shows translated tiers', async () => {
    const { requests } = studioApi();
    renderApp('/evaluation');

    const a1 = (await screen.findByLabelText('创新能力 的权重')) as HTMLInputElement;
    expect(a1.value).toBe('0.60');
    expect(screen.getAllByText('占同级 60.0%')).toHaveLength(1);
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
    expect(within(table).getByTestId('tier-QD-HOME').textContent).toBe('国家级');
    expect(within(table).queryByText('national')).toBeNull();
  });

  it('asks for sensitivity indices with N = 500 when ticked', async () => {
    const { requests } = studioApi();
    renderApp('/evaluation');
    fireEvent.click(await screen.findByTestId('evaluation-sensitivity'));
    await screen.findByTestId('evaluation-sensitivity-runs');
    fireEvent.click(screen.getByTestId('evaluation-run'));
    await waitFor(() => expect(requests.some((r) => r.method === 'POST')).toBe(true));
    expect(requests.find((r) => r.method === 'POST')?.body).toMatchObject({
      frameworkVersion: 'v1',
      sensitivity: { runs: 500 },
    });
  });

  it('edits a weight and saves a new version v2: the spec keeps its nodes, freezes the edited weights (A1 0.6 → 0.8) and the chosen aggregation', async () => {
    const { requests } = studioApi({
      'POST /api/frameworks': () => json(201, { ...framework, version: 'v2', locked: false, spec }),
    });
    renderApp('/evaluation');
    const a1 = await screen.findByLabelText('创新能力 的权重');
    fireEvent.change(a1, { target: { value: '0.8' } });
    fireEvent.blur(a1);
    // 0.8 / (0.8 + 0.4) = 66.7 %
    expect(await screen.findByText('占同级 66.7%')).toBeTruthy();
    expect((screen.getByTestId('studio-version') as HTMLInputElement).value).toBe('v2');
    fireEvent.click(screen.getByTestId('studio-save'));
    await waitFor(() =>
      expect(requests.some((r) => r.method === 'POST' && r.path === '/api/frameworks')).toBe(true),
    );
    const body = requests.find((r) => r.path === '/api/frameworks' && r.method === 'POST')?.body as Record<
      string,
      unknown
    >;
    expect(body).toMatchObject({
      version: 'v2',
      name: '框架一',
      nameEn: 'Framework 1',
      reviewLine: 40,
      referencePeriod: '2024',
      illustrative: false,
    });
    const saved = body.spec as Record<string, unknown>;
    expect(saved.nodes).toEqual(spec.nodes);
    expect(saved.weighting).toEqual({
      method: 'frozen',
      weights: { A1: 0.8, A2: 0.4, I01: 1, I02: 1 },
      derivedFrom: { method: 'edited', variant: 'edited in the evaluation studio from v1' },
    });
    expect(saved.aggregation).toEqual({ method: 'arithmetic', p: 2, minAvailability: 0 });
    expect(await screen.findByText('已保存框架版本 v2')).toBeTruthy();
  });

  it('applies consistent AHP weights to the areas (judgement 3: 3/4 = 0.75 and 1/4 = 0.25) and keeps the judgements; a server refusal is shown', async () => {
    const ahpSpec = {
      ...spec,
      weighting: {
        method: 'frozen',
        weights: { A1: 0.6, A2: 0.4 },
        derivedFrom: {
          method: 'ahp',
          weighting: {
            method: 'ahp',
            judgements: {
              root: {
                children: ['A1', 'A2'],
                pairwise: [
                  [1, 3],
                  [1 / 3, 1],
                ],
              },
            },
          },
        },
      },
    };
    const { requests } = studioApi({
      'GET /api/frameworks/v1': () => json(200, { ...framework, spec: ahpSpec }),
      'POST /api/frameworks': () =>
        json(
          422,
          errorBody(
            'rule_violated',
            '框架版本须用目标区间（goalposts）标准化 / a framework version must normalise by goalposts',
          ),
        ),
    });
    renderApp('/evaluation');
    fireEvent.click(await screen.findByTestId('ahp-apply'));
    await waitFor(() =>
      expect((screen.getByLabelText('创新能力 的权重') as HTMLInputElement).value).toBe('0.75'),
    );
    expect((screen.getByLabelText('产业规模 的权重') as HTMLInputElement).value).toBe('0.25');
    fireEvent.click(screen.getByTestId('studio-save'));
    const error = await screen.findByTestId('studio-save-error');
    expect(error.textContent).toContain('框架版本须用目标区间（goalposts）标准化');
    const body = requests.find((r) => r.path === '/api/frameworks' && r.method === 'POST')?.body as {
      spec: { weighting: { weights: Record<string, number>; derivedFrom: Record<string, unknown> } };
    };
    expect(body.spec.weighting.weights).toMatchObject({ A1: 0.75, A2: 0.25 });
    expect(body.spec.weighting.derivedFrom).toMatchObject({
      method: 'ahp',
      weighting: { method: 'ahp', judgements: { root: { children: ['A1', 'A2'] } } },
    });
  });

  it('a run with sensitivity: tier lines (national 60, provincial 45) and the review line 40 on the score chart; first-order and total indices per input', async () => {
    const withLines: EvaluationRunView = {
      ...view,
      tiers: {
        method: 'thresholds',
        tiers: ['world', 'national', 'provincial'],
        rest: 'candidate',
        boundaries: [
          { upper: 'world', lower: 'national', afterRank: 0, score: 75 },
          { upper: 'national', lower: 'provincial', afterRank: 1, score: 60 },
          { upper: 'provincial', lower: 'candidate', afterRank: 1, score: 45 },
        ],
      },
      sensitivity: {
        method: 'qunce-mc/1',
        seed: 1,
        baseSamples: 500,
        evaluations: 2000,
        inputs: ['weights.level1', 'weights.level2'],
        varied: [],
        output: 'total rank shift',
        estimators: { first: 'Saltelli 2010', total: 'Jansen 1999' },
        first: [0.2512, 0.6204],
        total: [0.3301, 0.7123],
        units: [{ code: 'QD-HOME', first: [0.1, 0.5], total: [0.2, 0.6] }],
      },
    };
    studioApi({}, withLines);
    renderApp('/evaluation');
    fireEvent.click(await screen.findByTestId(`open-${id}`));
    await screen.findByTestId('score-lines');
    await waitFor(() => {
      const described = screen.getByTestId('score-lines-chart').getAttribute('aria-label') ?? '';
      expect(described).toContain('世界级线 75');
      expect(described).toContain('国家级线 60');
      expect(described).toContain('省级线 45');
      expect(described).toContain('复核线 40');
    });
    await waitFor(() => {
      const described = screen.getByTestId('sensitivity-chart').getAttribute('aria-label') ?? '';
      expect(described).toContain(
        '领域权重: 一阶指数（Saltelli 2010） 0.62, 总效应指数（Jansen 1999） 0.712',
      );
      expect(described).toContain('指标权重: 一阶指数（Saltelli 2010） 0.251');
    });
    expect(screen.getByTestId('sensitivity-help').textContent).toBe(
      '排名总偏移的方差中各输入所占份额；N = 500，模型计算 2000 次。',
    );
  });

  it('a run without indices says so', async () => {
    studioApi();
    renderApp('/evaluation');
    fireEvent.click(await screen.findByTestId(`open-${id}`));
    expect((await screen.findByTestId('sensitivity-none')).textContent).toContain('本次运行未计算敏感性指数');
  });

  it('verify shows the recomputed hash match; delete asks first, then sends DELETE; the report .docx is fetched per cluster', async () => {
    const { requests } = studioApi({
      [`POST /api/evaluations/${id}/verify`]: () =>
        json(200, { resultsHash: 'abc123', recomputedHash: 'abc123', identical: true }),
      [`DELETE /api/evaluations/${id}`]: () => new Response(null, { status: 204 }),
      [`GET /api/evaluations/${id}/clusters/QD-HOME/report.docx`]: () =>
        new Response(new Uint8Array([0x50, 0x4b, 3, 4]), {
          status: 200,
          headers: { 'content-disposition': 'attachment; filename="QD-HOME-2024.docx"' },
        }),
    });
    const clicked: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this.download);
    });
    renderApp('/evaluation');
    fireEvent.click(await screen.findByTestId(`verify-${id}`));
    const verified = await screen.findByTestId('verify-result');
    expect(screen.getAllByText('重算结果逐字节一致').length).toBeGreaterThan(0);
    expect(within(verified).getAllByText('abc123')).toHaveLength(2);

    fireEvent.click(screen.getByTestId(`open-${id}`));
    fireEvent.click(await screen.findByTestId('report-QD-HOME'));
    await waitFor(() => expect(clicked).toEqual(['QD-HOME-2024.docx']));

    fireEvent.click(screen.getByTestId(`delete-${id}`));
    expect(requests.some((r) => r.method === 'DELETE')).toBe(false);
    fireEvent.click(await confirmButton());
    await waitFor(() =>
      expect(requests.find((r) => r.method === 'DELETE')?.path).toBe(`/api/evaluations/${id}`),
    );
    expect(await screen.findByText('已删除评价运行')).toBeTruthy();
  });

  it('a city bureau sees no run actions (verify, delete need evaluations.run)', async () => {
    stubHttp({
      'GET /api/auth/me': () => json(200, sessionFor('city')),
      'GET /api/reference/regions': () => json(200, regionsBody),
      'GET /api/evaluations': () => json(200, { items: [summary(id, 'published')] }),
    });
    renderApp('/evaluation');
    expect(await screen.findByText('已发布')).toBeTruthy();
    expect(screen.queryByTestId(`verify-${id}`)).toBeNull();
    expect(screen.queryByTestId(`delete-${id}`)).toBeNull();
    expect(screen.queryByTestId('evaluation-run')).toBeNull();
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

describe('studio specs (pure)', () => {
  it('equal weighting drops the weights; a generalised mean keeps its power p = 0.5', () => {
    const edited = buildEditedSpec(spec, {
      fromVersion: 'v1',
      weights: { A1: 1 },
      methods: { weighting: 'equal', aggregation: 'generalised', p: 0.5 },
    });
    expect(edited.weighting).toEqual({ method: 'equal' });
    expect(edited.aggregation).toEqual({ method: 'generalised', p: 0.5, minAvailability: 0 });
  });

  it('next version after v1, v2 and v10 is v11; the run body carries sensitivity only when asked', () => {
    expect(nextVersion(['v1', 'v2', 'v10', 'draft'])).toBe('v11');
    expect(nextVersion([])).toBe('v1');
    const values = {
      frameworkVersion: '',
      period: '2024',
      runs: 200,
      sensitivity: false,
      sensitivityRuns: 300,
    };
    expect(runRequestBody(values, 'v3')).toEqual({
      frameworkVersion: 'v3',
      period: '2024',
      uncertainty: { runs: 200, seed: 1 },
    });
    expect(runRequestBody({ ...values, frameworkVersion: 'v2', sensitivity: true }, 'v3')).toMatchObject({
      frameworkVersion: 'v2',
      sensitivity: { runs: 300 },
    });
  });

  it('score lines: boundaries with a score become tier lines, the review line last; an unreached tier (null) is left out', () => {
    const lines = scoreLines(
      [
        { upper: 'world', score: null },
        { upper: 'provincial', score: 45 },
      ],
      40,
      { tier: (tier, score) => `${tier}@${score}`, review: (score) => `review@${score}` },
    );
    expect(lines).toEqual([
      { label: 'provincial@45', score: 45, kind: 'tier' },
      { label: 'review@40', score: 40, kind: 'review' },
    ]);
  });
});
