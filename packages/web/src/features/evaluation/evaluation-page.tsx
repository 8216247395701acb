import type {
  ClusterResult,
  EvaluationRunSummary,
  EvaluationRunView,
  frameworkSummarySchema,
  runComparisonSchema,
} from '@qunce/core/frameworks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Col,
  Flex,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Row,
  Select,
  Spin,
  Table,
  Tag,
  Tree,
  Typography,
} from 'antd';
import type { DataNode } from 'antd/es/tree';
import { useEffect, useMemo, useState } from 'react';
import type { z } from 'zod';
import { sessionQuery } from '../../api/auth.ts';
import { apiRequest } from '../../api/client.ts';
import { guarded } from '../../components/feature-guard.tsx';
import { QueryState, useErrorText } from '../../components/query-state.tsx';
import { useT } from '../../i18n/locale-context.tsx';
import type { MessageKey } from '../../i18n/zh-CN.ts';
import { AhpCard, type Area } from './ahp-card.tsx';

type FrameworkSummary = z.infer<typeof frameworkSummarySchema>;
type FrameworkView = FrameworkSummary & { spec: unknown };
type RunComparison = z.infer<typeof runComparisonSchema>;
type Node = { code: string; name: string; parent: string | null; kind: string; weight: number };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The frozen weights of a stored spec (weight within the parent), or none when not frozen. */
function frozenWeights(spec: Record<string, unknown>): Record<string, unknown> {
  const weighting = spec.weighting;
  if (!isRecord(weighting) || weighting.method !== 'frozen' || !isRecord(weighting.weights)) return {};
  return weighting.weights;
}

/**
 * The nodes of a stored spec (the API gives the spec as `unknown`), with the frozen weight when the
 * spec has one, else the given weight; malformed entries are skipped.
 */
export function specNodes(spec: unknown): Node[] {
  if (!isRecord(spec) || !Array.isArray(spec.nodes)) return [];
  const frozen = frozenWeights(spec);
  return (spec.nodes as unknown[]).flatMap((n) => {
    if (!isRecord(n) || typeof n.code !== 'string') return [];
    const frozenWeight = frozen[n.code];
    return [
      {
        code: n.code,
        name: typeof n.name === 'string' ? n.name : n.code,
        parent: typeof n.parent === 'string' ? n.parent : null,
        kind: typeof n.kind === 'string' ? n.kind : 'indicator',
        weight: typeof frozenWeight === 'number' ? frozenWeight : typeof n.weight === 'number' ? n.weight : 1,
      },
    ];
  });
}

/** An AHP weighting's judgements (directly, inside a combined weighting, or kept by a frozen one). */
function ahpJudgements(weighting: unknown): Record<string, unknown> | undefined {
  if (!isRecord(weighting)) return undefined;
  if (weighting.method === 'ahp') return isRecord(weighting.judgements) ? weighting.judgements : undefined;
  if (weighting.method === 'combined') return ahpJudgements(weighting.subjective);
  if (weighting.method === 'frozen' && isRecord(weighting.derivedFrom))
    return ahpJudgements(weighting.derivedFrom.weighting);
  return undefined;
}

/** The stored pairwise judgements over the areas as upper-triangle entries ("i-j"), in the areas' order. */
export function storedAreaJudgements(
  spec: unknown,
  root: string,
  areas: readonly string[],
): Record<string, number> {
  if (!isRecord(spec)) return {};
  const entry = ahpJudgements(spec.weighting)?.[root];
  if (!isRecord(entry) || !Array.isArray(entry.children) || !Array.isArray(entry.pairwise)) return {};
  const children = entry.children as unknown[];
  const matrix = entry.pairwise as unknown[];
  const upper: Record<string, number> = {};
  areas.forEach((a, i) => {
    areas.forEach((b, j) => {
      if (i >= j) return;
      const row = matrix[children.indexOf(a)];
      const value = Array.isArray(row) ? row[children.indexOf(b)] : undefined;
      if (typeof value === 'number' && value > 0) upper[`${i}-${j}`] = value;
    });
  });
  return upper;
}

const statusColour: Record<EvaluationRunSummary['status'], string> = {
  queued: 'processing',
  draft: 'default',
  failed: 'error',
  published: 'success',
};
const statusKey = (s: string) => `evaluation.status.${s}` as MessageKey;

/** Rank interval as a bar over 1…count, with the rank as a dot. */
function RankBar({ row, count }: { row: ClusterResult; count: number }) {
  const span = Math.max(count, 1);
  const left = ((row.rankLow - 1) / span) * 100;
  const width = (Math.max(row.rankHigh - row.rankLow + 1, 1) / span) * 100;
  const dot = ((row.rank - 0.5) / span) * 100;
  return (
    <Flex align="center" gap={8}>
      <div style={{ position: 'relative', width: 160, height: 10, background: '#f0f0f0', borderRadius: 5 }}>
        <div
          style={{
            position: 'absolute',
            left: `${left}%`,
            width: `${width}%`,
            top: 2,
            height: 6,
            background: '#91caff',
            borderRadius: 3,
          }}
        />
        <div
          style={{
            position: 'absolute',
            left: `calc(${dot}% - 3px)`,
            top: 2,
            width: 6,
            height: 6,
            background: '#1677ff',
            borderRadius: 3,
          }}
        />
      </div>
      <Typography.Text type="secondary">
        {row.rankLow}–{row.rankHigh}
      </Typography.Text>
    </Flex>
  );
}

/** The tree with each weight shown as its share of its siblings' (the engine normalises the same way). */
function toTree(nodes: Node[], parent: string | null, weightText: (w: number) => string): DataNode[] {
  const siblings = nodes.filter((n) => n.parent === parent);
  const total = siblings.reduce((sum, n) => sum + n.weight, 0);
  return siblings.map((n) => ({
    key: n.code,
    title: `${n.name}（${n.code}）· ${weightText(total > 0 ? n.weight / total : n.weight)}`,
    children: n.kind === 'aggregate' ? toTree(nodes, n.code, weightText) : undefined,
  }));
}

/** 评价工作室: frameworks and their tree, AHP for the areas, runs (start, progress, publish), ranking, compare. */
export function EvaluationPage() {
  const t = useT();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const { data: session } = useQuery(sessionQuery);
  const permissions: readonly string[] = session?.user.permissions ?? [];
  const canRun = permissions.includes('evaluations.run');
  const canReadFrameworks = permissions.includes('indicators.read');
  const [version, setVersion] = useState<string>();
  const [selectedRun, setSelectedRun] = useState<string>();
  const [compareA, setCompareA] = useState<string>();
  const [compareB, setCompareB] = useState<string>();
  const [form] = Form.useForm<{ period: string; runs: number }>();

  useEffect(() => {
    document.title = `${t('evaluation.title')} · ${t('app.name')}`;
  }, [t]);

  const frameworks = useQuery({
    queryKey: ['frameworks'],
    queryFn: () => apiRequest<{ items: FrameworkSummary[] }>('/api/frameworks'),
    enabled: canReadFrameworks,
  });
  const currentVersion = version ?? frameworks.data?.items[0]?.version;
  const framework = useQuery({
    queryKey: ['frameworks', currentVersion],
    queryFn: () => apiRequest<FrameworkView>(`/api/frameworks/${encodeURIComponent(currentVersion ?? '')}`),
    enabled: canReadFrameworks && currentVersion !== undefined,
  });
  const nodes = useMemo(() => specNodes(framework.data?.spec), [framework.data]);
  const root = nodes.find((n) => n.parent === null);
  const areas: Area[] = root ? nodes.filter((n) => n.parent === root.code) : [];

  const runs = useQuery({
    queryKey: ['evaluations'],
    queryFn: () => apiRequest<{ items: EvaluationRunSummary[] }>('/api/evaluations'),
    refetchInterval: (query) => (query.state.data?.items.some((r) => r.status === 'queued') ? 1500 : false),
  });
  const runItems = runs.data?.items ?? [];
  const selectedSummary = runItems.find((r) => r.id === selectedRun);
  const run = useQuery({
    queryKey: ['evaluations', selectedRun],
    queryFn: () => apiRequest<EvaluationRunView>(`/api/evaluations/${selectedRun ?? ''}`),
    enabled: selectedRun !== undefined && selectedSummary?.status !== 'queued',
  });
  const comparison = useQuery({
    queryKey: ['evaluations', 'compare', compareA, compareB],
    queryFn: () =>
      apiRequest<RunComparison>(`/api/evaluations/compare?a=${compareA ?? ''}&b=${compareB ?? ''}`),
    enabled: compareA !== undefined && compareB !== undefined,
  });

  const start = useMutation({
    mutationFn: (values: { period: string; runs: number }) =>
      apiRequest<{ run: EvaluationRunSummary; job: { id: string; status: string } }>('/api/evaluations', {
        method: 'POST',
        body: {
          frameworkVersion: currentVersion ?? 'v1',
          period: values.period,
          uncertainty: { runs: values.runs, seed: 1 },
        },
      }),
    onSuccess: (created) => {
      void message.success(t('evaluation.run.started'));
      setSelectedRun(created.run.id);
      void queryClient.invalidateQueries({ queryKey: ['evaluations'] });
    },
    onError: (error) => void message.error(errorText(error)),
  });
  const publish = useMutation({
    mutationFn: (id: string) =>
      apiRequest<EvaluationRunSummary>(`/api/evaluations/${id}/publish`, { method: 'POST', body: {} }),
    onSuccess: () => {
      void message.success(t('evaluation.published'));
      void queryClient.invalidateQueries({ queryKey: ['evaluations'] });
    },
    onError: (error) => void message.error(errorText(error)),
  });

  const runLabel = (r: EvaluationRunSummary) =>
    `${r.period} · ${r.frameworkVersion} · ${t(statusKey(r.status))} · ${r.createdAt.slice(0, 16).replace('T', ' ')}`;
  const results = run.data?.results ?? [];

  return (
    <Flex vertical gap={16}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('evaluation.title')}
      </Typography.Title>

      {canReadFrameworks && (
        <Row gutter={16}>
          <Col xs={24} lg={10}>
            <Card size="small" title={t('evaluation.frameworks')}>
              <QueryState
                isLoading={frameworks.isLoading}
                error={frameworks.error}
                isEmpty={(frameworks.data?.items.length ?? 0) === 0}
                emptyText={t('evaluation.frameworks.empty')}
                onRetry={() => void frameworks.refetch()}
              >
                <Flex vertical gap={12}>
                  <Select
                    aria-label={t('evaluation.framework.version')}
                    value={currentVersion}
                    onChange={(v: string) => setVersion(v)}
                    options={(frameworks.data?.items ?? []).map((f) => ({
                      value: f.version,
                      label: `${f.version} · ${f.name}`,
                    }))}
                  />
                  {framework.data && (
                    <Flex gap={8} wrap>
                      <Tag>
                        {t('evaluation.framework.reviewLine')} {framework.data.reviewLine}
                      </Tag>
                      {framework.data.locked && <Tag color="blue">{t('evaluation.framework.locked')}</Tag>}
                      {framework.data.illustrative && (
                        <Tag color="orange">{t('evaluation.framework.illustrative')}</Tag>
                      )}
                    </Flex>
                  )}
                  <Typography.Text strong>
                    {t('evaluation.tree', { version: currentVersion ?? '' })}
                  </Typography.Text>
                  <QueryState
                    isLoading={framework.isLoading}
                    error={framework.error}
                    onRetry={() => void framework.refetch()}
                  >
                    <Tree
                      data-testid="framework-tree"
                      defaultExpandAll
                      selectable={false}
                      treeData={toTree(nodes, null, (w) =>
                        t('evaluation.tree.weight', { weight: Number(w.toFixed(4)) }),
                      )}
                      style={{ maxHeight: 420, overflow: 'auto' }}
                    />
                  </QueryState>
                </Flex>
              </QueryState>
            </Card>
          </Col>
          <Col xs={24} lg={14}>
            {areas.length >= 2 && (
              <AhpCard
                key={currentVersion}
                areas={areas}
                initial={storedAreaJudgements(
                  framework.data?.spec,
                  root?.code ?? '',
                  areas.map((a) => a.code),
                )}
              />
            )}
          </Col>
        </Row>
      )}

      {canRun && (
        <Card size="small" title={t('evaluation.run.new')}>
          <Form
            form={form}
            layout="inline"
            initialValues={{ period: String(new Date().getFullYear() - 1), runs: 1000 }}
            onFinish={(values) => start.mutate(values)}
          >
            <Form.Item
              name="period"
              label={t('evaluation.run.period')}
              rules={[{ required: true, pattern: /^\d{4}$/ }]}
            >
              <Input data-testid="evaluation-period" style={{ width: 100 }} />
            </Form.Item>
            <Form.Item name="runs" label={t('evaluation.run.uncertainty')} rules={[{ required: true }]}>
              <InputNumber min={0} max={100000} step={100} data-testid="evaluation-runs" />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={start.isPending} data-testid="evaluation-run">
              {t('evaluation.run.submit')}
            </Button>
          </Form>
        </Card>
      )}

      <Card size="small" title={t('evaluation.runs')}>
        <QueryState isLoading={false} error={runs.error} onRetry={() => void runs.refetch()}>
          <Table<EvaluationRunSummary>
            size="small"
            rowKey="id"
            data-testid="evaluation-runs-table"
            loading={runs.isLoading}
            dataSource={runItems}
            pagination={{ pageSize: 10 }}
            locale={{ emptyText: t('evaluation.runs.empty') }}
            rowClassName={(r) => (r.id === selectedRun ? 'ant-table-row-selected' : '')}
            columns={[
              { title: t('evaluation.run.period'), dataIndex: 'period', width: 90 },
              { title: t('evaluation.framework.version'), dataIndex: 'frameworkVersion', width: 80 },
              {
                title: t('evaluation.runs.status'),
                dataIndex: 'status',
                width: 150,
                render: (status: EvaluationRunSummary['status'], r) => (
                  <Flex gap={4} align="center">
                    <Tag color={statusColour[status]} data-testid={`run-status-${r.id}`}>
                      {t(statusKey(status))}
                    </Tag>
                    {status === 'queued' && <Spin size="small" />}
                  </Flex>
                ),
              },
              { title: t('evaluation.runs.clusters'), dataIndex: 'clusterCount', width: 80 },
              { title: t('evaluation.run.uncertainty'), dataIndex: 'uncertaintyRuns', width: 120 },
              {
                title: t('evaluation.runs.createdAt'),
                dataIndex: 'createdAt',
                render: (at: string) => at.slice(0, 16).replace('T', ' '),
              },
              {
                title: '',
                key: 'actions',
                render: (_: unknown, r) => (
                  <Flex gap={8}>
                    <Button
                      size="small"
                      disabled={r.status === 'queued'}
                      onClick={() => setSelectedRun(r.id)}
                    >
                      {t('evaluation.runs.open')}
                    </Button>
                    {canRun && r.status === 'draft' && (
                      <Popconfirm
                        title={t('evaluation.publish.confirm')}
                        onConfirm={() => publish.mutate(r.id)}
                      >
                        <Button size="small" type="primary" data-testid={`publish-${r.id}`}>
                          {t('evaluation.publish')}
                        </Button>
                      </Popconfirm>
                    )}
                  </Flex>
                ),
              },
            ]}
          />
          {selectedSummary?.status === 'queued' && (
            <Flex gap={8} align="center" data-testid="evaluation-progress">
              <Spin size="small" />
              <Typography.Text>{t('evaluation.run.progress')}</Typography.Text>
            </Flex>
          )}
          {selectedSummary?.status === 'failed' && selectedSummary.error && (
            <Typography.Text type="danger">{errorText(selectedSummary.error)}</Typography.Text>
          )}
        </QueryState>
      </Card>

      {selectedRun && selectedSummary?.status !== 'queued' && selectedSummary?.status !== 'failed' && (
        <Card
          size="small"
          title={
            run.data
              ? t('evaluation.ranking', { period: run.data.period, version: run.data.frameworkVersion })
              : t('evaluation.ranking.rank')
          }
        >
          <QueryState isLoading={false} error={run.error} onRetry={() => void run.refetch()}>
            <Table<ClusterResult>
              size="small"
              rowKey="clusterCode"
              data-testid="ranking-table"
              loading={run.isLoading}
              dataSource={results}
              pagination={{ pageSize: 20 }}
              locale={{ emptyText: t('evaluation.ranking.empty') }}
              columns={[
                { title: t('evaluation.ranking.rank'), dataIndex: 'rank', width: 70 },
                {
                  title: t('evaluation.ranking.cluster'),
                  dataIndex: 'name',
                  render: (name: string, r) => `${name}（${r.clusterCode}）`,
                },
                {
                  title: t('evaluation.ranking.score'),
                  dataIndex: 'score',
                  width: 90,
                  render: (s: number) => s.toFixed(2),
                },
                {
                  title: t('evaluation.ranking.interval'),
                  key: 'interval',
                  width: 240,
                  render: (_: unknown, r) => <RankBar row={r} count={results.length} />,
                },
                {
                  title: t('evaluation.ranking.tier'),
                  dataIndex: 'tier',
                  width: 150,
                  render: (tier: string, r) => (
                    <Flex gap={4}>
                      <Tag>{tier}</Tag>
                      {r.borderline && <Tag color="orange">{t('evaluation.ranking.borderline')}</Tag>}
                    </Flex>
                  ),
                },
              ]}
            />
          </QueryState>
        </Card>
      )}

      <Card size="small" title={t('evaluation.compare')}>
        <Flex gap={8} wrap style={{ marginBottom: 12 }}>
          {(
            [
              ['evaluation.compare.a', compareA, setCompareA],
              ['evaluation.compare.b', compareB, setCompareB],
            ] as const
          ).map(([key, value, set]) => (
            <Select
              key={key}
              allowClear
              aria-label={t(key)}
              placeholder={t(key)}
              style={{ width: 320 }}
              value={value}
              onChange={(v?: string) => set(v)}
              options={runItems
                .filter((r) => r.status === 'draft' || r.status === 'published')
                .map((r) => ({ value: r.id, label: runLabel(r) }))}
            />
          ))}
        </Flex>
        {compareA && compareB ? (
          <QueryState isLoading={false} error={comparison.error} onRetry={() => void comparison.refetch()}>
            <Table<RunComparison['clusters'][number]>
              size="small"
              rowKey="clusterCode"
              data-testid="compare-table"
              loading={comparison.isLoading}
              dataSource={comparison.data?.clusters ?? []}
              pagination={{ pageSize: 20 }}
              columns={[
                { title: t('evaluation.ranking.cluster'), dataIndex: 'clusterCode' },
                {
                  title: `${t('evaluation.compare.a')} ${t('evaluation.ranking.score')}`,
                  key: 'a',
                  render: (_: unknown, r) => (r.a ? `${r.a.score.toFixed(2)}（#${r.a.rank}）` : '—'),
                },
                {
                  title: `${t('evaluation.compare.b')} ${t('evaluation.ranking.score')}`,
                  key: 'b',
                  render: (_: unknown, r) => (r.b ? `${r.b.score.toFixed(2)}（#${r.b.rank}）` : '—'),
                },
                {
                  title: t('evaluation.compare.scoreChange'),
                  dataIndex: 'scoreChange',
                  render: (c: number | null) =>
                    c === null ? (
                      '—'
                    ) : (
                      <Tag color={c >= 0 ? 'green' : 'red'}>{c >= 0 ? `+${c.toFixed(2)}` : c.toFixed(2)}</Tag>
                    ),
                },
                {
                  title: t('evaluation.compare.rankChange'),
                  dataIndex: 'rankChange',
                  render: (c: number | null) =>
                    c === null ? (
                      '—'
                    ) : (
                      <Tag color={c <= 0 ? 'green' : 'red'}>{c > 0 ? `+${c}` : String(c)}</Tag>
                    ),
                },
              ]}
            />
          </QueryState>
        ) : (
          <Typography.Text type="secondary">{t('evaluation.compare.empty')}</Typography.Text>
        )}
      </Card>
    </Flex>
  );
}

function EvaluationRoute() {
  return (
    <App component={false}>
      <EvaluationPage />
    </App>
  );
}

export const Component = guarded(EvaluationRoute);
