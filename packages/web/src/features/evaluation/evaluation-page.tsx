import type { Job } from '@qunce/core';
import type {
  EvaluationRunSummary,
  EvaluationRunView,
  frameworkSummarySchema,
  runComparisonSchema,
  verifyRunSchema,
} from '@qunce/core/frameworks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Checkbox,
  Flex,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Progress,
  Select,
  Spin,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useMemo, useState } from 'react';
import type { z } from 'zod';
import { sessionQuery } from '../../api/auth.ts';
import { apiRequest } from '../../api/client.ts';
import { guarded } from '../../components/feature-guard.tsx';
import { QueryState, useErrorText } from '../../components/query-state.tsx';
import { useLocale, useT } from '../../i18n/locale-context.tsx';
import { localiseServerMessage } from '../../i18n/translate.ts';
import type { MessageKey } from '../../i18n/zh-CN.ts';
import { FrameworkEditor } from './framework-editor.tsx';
import { RunResults } from './run-results.tsx';

type FrameworkSummary = z.infer<typeof frameworkSummarySchema>;
type FrameworkView = FrameworkSummary & { spec: unknown };
type RunComparison = z.infer<typeof runComparisonSchema>;
type VerifyResult = z.infer<typeof verifyRunSchema>;
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

type RunForm = {
  frameworkVersion: string;
  period: string;
  runs: number;
  sensitivity: boolean;
  sensitivityRuns: number;
};

/** What POST /api/evaluations is sent for the run form (sensitivity only when asked for). */
export function runRequestBody(values: RunForm, fallbackVersion: string) {
  return {
    frameworkVersion: values.frameworkVersion || fallbackVersion,
    period: values.period,
    uncertainty: { runs: values.runs, seed: 1 },
    ...(values.sensitivity ? { sensitivity: { runs: values.sensitivityRuns } } : {}),
  };
}

/** The progress bar of a queued run's job (GET /api/jobs/:id every second). */
function RunProgress({ jobId }: { jobId: string | null }) {
  const t = useT();
  const { locale } = useLocale();
  const job = useQuery({
    queryKey: ['jobs', jobId],
    queryFn: () => apiRequest<Job>(`/api/jobs/${jobId ?? ''}`),
    enabled: jobId !== null,
    refetchInterval: 1000,
  });
  return (
    <Flex vertical gap={4} data-testid="evaluation-progress" style={{ marginTop: 12 }}>
      <Flex gap={8} align="center">
        <Spin size="small" />
        <Typography.Text>
          {job.data?.message ? localiseServerMessage(job.data.message, locale) : t('evaluation.run.progress')}
        </Typography.Text>
      </Flex>
      <Progress
        percent={Math.round((job.data?.progress ?? 0) * 100)}
        status="active"
        aria-label={t('studio.run.progress')}
      />
    </Flex>
  );
}

/**
 * 评价工作室: frameworks (tree with editable weights, AHP for the areas, methods, save as a new
 * version), runs (start with uncertainty and sensitivity, progress, publish, verify, delete), the
 * ranking with tier lines and sensitivity indices, and the comparison of two runs.
 */
export function EvaluationPage() {
  const t = useT();
  const errorText = useErrorText();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const { data: session } = useQuery(sessionQuery);
  const permissions: readonly string[] = session?.user.permissions ?? [];
  const canRun = permissions.includes('evaluations.run');
  const canReadFrameworks = permissions.includes('indicators.read');
  const canManageFrameworks = permissions.includes('indicators.manage');
  const [version, setVersion] = useState<string>();
  const [selectedRun, setSelectedRun] = useState<string>();
  const [compareA, setCompareA] = useState<string>();
  const [compareB, setCompareB] = useState<string>();
  const [form] = Form.useForm<RunForm>();
  const withSensitivity = Form.useWatch('sensitivity', form);

  useEffect(() => {
    document.title = `${t('evaluation.title')} · ${t('app.name')}`;
  }, [t]);

  const frameworks = useQuery({
    queryKey: ['frameworks'],
    queryFn: () => apiRequest<{ items: FrameworkSummary[] }>('/api/frameworks'),
    enabled: canReadFrameworks,
  });
  const frameworkItems = frameworks.data?.items ?? [];
  const currentVersion = version ?? frameworkItems[0]?.version;
  const framework = useQuery({
    queryKey: ['frameworks', currentVersion],
    queryFn: () => apiRequest<FrameworkView>(`/api/frameworks/${encodeURIComponent(currentVersion ?? '')}`),
    enabled: canReadFrameworks && currentVersion !== undefined,
  });
  const nodes = useMemo(() => specNodes(framework.data?.spec), [framework.data]);
  const root = nodes.find((n) => n.parent === null);
  const areaCodes = root ? nodes.filter((n) => n.parent === root.code).map((n) => n.code) : [];

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
    mutationFn: (values: RunForm) =>
      apiRequest<{ run: EvaluationRunSummary; job: { id: string; status: string } }>('/api/evaluations', {
        method: 'POST',
        body: runRequestBody(values, currentVersion ?? 'v1'),
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
      void queryClient.invalidateQueries({ queryKey: ['frameworks'] });
    },
    onError: (error) => void message.error(errorText(error)),
  });
  const verify = useMutation({
    mutationFn: (id: string) =>
      apiRequest<VerifyResult>(`/api/evaluations/${id}/verify`, { method: 'POST', body: {} }),
    onSuccess: (result) => {
      const show = result.identical ? modal.success : modal.error;
      show({
        title: t(result.identical ? 'studio.verify.identical' : 'studio.verify.different'),
        content: (
          <Flex vertical gap={4} data-testid="verify-result">
            <Typography.Text>
              {t('studio.verify.stored')}: <Typography.Text code>{result.resultsHash}</Typography.Text>
            </Typography.Text>
            <Typography.Text>
              {t('studio.verify.recomputed')}: <Typography.Text code>{result.recomputedHash}</Typography.Text>
            </Typography.Text>
          </Flex>
        ),
      });
    },
    onError: (error) => void message.error(errorText(error)),
  });
  const remove = useMutation({
    mutationFn: (id: string) => apiRequest<unknown>(`/api/evaluations/${id}`, { method: 'DELETE' }),
    onSuccess: (_, id) => {
      void message.success(t('studio.deleted'));
      if (selectedRun === id) setSelectedRun(undefined);
      if (compareA === id) setCompareA(undefined);
      if (compareB === id) setCompareB(undefined);
      void queryClient.invalidateQueries({ queryKey: ['evaluations'] });
    },
    onError: (error) => void message.error(errorText(error)),
  });

  const runLabel = (r: EvaluationRunSummary) =>
    `${r.period} · ${r.frameworkVersion} · ${t(statusKey(r.status))} · ${r.createdAt.slice(0, 16).replace('T', ' ')}`;
  const runFramework = frameworkItems.find((f) => f.version === (run.data?.frameworkVersion ?? ''));

  return (
    <Flex vertical gap={16}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('evaluation.title')}
      </Typography.Title>

      {canReadFrameworks && (
        <Card size="small" title={t('evaluation.frameworks')}>
          <QueryState
            isLoading={frameworks.isLoading}
            error={frameworks.error}
            isEmpty={frameworkItems.length === 0}
            emptyText={t('evaluation.frameworks.empty')}
            onRetry={() => void frameworks.refetch()}
          >
            <Flex vertical gap={12}>
              <Flex gap={8} wrap align="center">
                <Select
                  aria-label={t('evaluation.framework.version')}
                  data-testid="framework-version"
                  style={{ minWidth: 280 }}
                  value={currentVersion}
                  onChange={(v: string) => setVersion(v)}
                  options={frameworkItems.map((f) => ({
                    value: f.version,
                    label: `${f.version} · ${f.name}`,
                  }))}
                />
                {framework.data && (
                  <>
                    <Tag>
                      {t('evaluation.framework.reviewLine')} {framework.data.reviewLine}
                    </Tag>
                    {framework.data.locked && <Tag color="blue">{t('evaluation.framework.locked')}</Tag>}
                    {framework.data.illustrative && (
                      <Tag color="orange">{t('evaluation.framework.illustrative')}</Tag>
                    )}
                  </>
                )}
              </Flex>
              <QueryState
                isLoading={framework.isLoading}
                error={framework.error}
                onRetry={() => void framework.refetch()}
              >
                {framework.data && (
                  <FrameworkEditor
                    key={`${framework.data.version}:${framework.data.specHash}`}
                    framework={framework.data}
                    nodes={nodes}
                    versions={frameworkItems.map((f) => f.version)}
                    initialJudgements={storedAreaJudgements(framework.data.spec, root?.code ?? '', areaCodes)}
                    canManage={canManageFrameworks}
                    onSaved={(saved) => setVersion(saved)}
                  />
                )}
              </QueryState>
            </Flex>
          </QueryState>
        </Card>
      )}

      {canRun && (
        <Card size="small" title={t('evaluation.run.new')}>
          <Form<RunForm>
            form={form}
            layout="inline"
            initialValues={{
              frameworkVersion: '',
              period: String(new Date().getFullYear() - 1),
              runs: 1000,
              sensitivity: false,
              sensitivityRuns: 500,
            }}
            onFinish={(values) => start.mutate(values)}
          >
            {frameworkItems.length > 0 && (
              <Form.Item name="frameworkVersion" label={t('studio.run.framework')} htmlFor="run-framework">
                <Select
                  id="run-framework"
                  data-testid="run-framework"
                  style={{ width: 200 }}
                  options={[
                    { value: '', label: currentVersion ?? 'v1' },
                    ...frameworkItems
                      .filter((f) => f.version !== currentVersion)
                      .map((f) => ({ value: f.version, label: `${f.version} · ${f.name}` })),
                  ]}
                />
              </Form.Item>
            )}
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
            <Form.Item name="sensitivity" valuePropName="checked">
              <Checkbox data-testid="evaluation-sensitivity">{t('studio.run.sensitivity')}</Checkbox>
            </Form.Item>
            {withSensitivity && (
              <Form.Item
                name="sensitivityRuns"
                label={t('studio.run.sensitivityRuns')}
                rules={[{ required: true }]}
              >
                <InputNumber min={1} max={20000} step={100} data-testid="evaluation-sensitivity-runs" />
              </Form.Item>
            )}
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
                  <Flex gap={8} wrap>
                    <Button
                      size="small"
                      disabled={r.status === 'queued'}
                      onClick={() => setSelectedRun(r.id)}
                      data-testid={`open-${r.id}`}
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
                    {canRun && (r.status === 'draft' || r.status === 'published') && (
                      <Button
                        size="small"
                        loading={verify.isPending && verify.variables === r.id}
                        onClick={() => verify.mutate(r.id)}
                        data-testid={`verify-${r.id}`}
                      >
                        {t('studio.verify')}
                      </Button>
                    )}
                    {canRun && (r.status === 'draft' || r.status === 'failed') && (
                      <Popconfirm title={t('studio.delete.confirm')} onConfirm={() => remove.mutate(r.id)}>
                        <Button size="small" danger data-testid={`delete-${r.id}`}>
                          {t('studio.delete')}
                        </Button>
                      </Popconfirm>
                    )}
                  </Flex>
                ),
              },
            ]}
          />
          {selectedSummary?.status === 'queued' && <RunProgress jobId={selectedSummary.jobId} />}
          {selectedSummary?.status === 'failed' && selectedSummary.error && (
            <Typography.Text type="danger">{errorText(selectedSummary.error)}</Typography.Text>
          )}
        </QueryState>
      </Card>

      {selectedRun && selectedSummary?.status !== 'queued' && selectedSummary?.status !== 'failed' && (
        <QueryState isLoading={false} error={run.error} onRetry={() => void run.refetch()}>
          <RunResults run={run.data} reviewLine={runFramework?.reviewLine} loading={run.isLoading} />
        </QueryState>
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
