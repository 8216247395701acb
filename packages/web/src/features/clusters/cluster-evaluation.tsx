import { FileWordOutlined } from '@ant-design/icons';
import type { ClusterResult, EvaluationRunSummary, EvaluationRunView } from '@qunce/core/frameworks';
import { useQuery } from '@tanstack/react-query';
import { App, Button, Col, Descriptions, Empty, Flex, Row, Tag } from 'antd';
import { useMemo } from 'react';
import { apiRequest } from '../../api/client.ts';
import { ChartCard } from '../../charts/chart-card.tsx';
import type { EChartsOption } from '../../charts/echarts-setup.ts';
import { downloadFrom } from '../../components/download.ts';
import { isNotFound, QueryState, useErrorText } from '../../components/query-state.tsx';
import { useT } from '../../i18n/locale-context.tsx';
import type { Translate } from '../../i18n/translate.ts';
import { tierKey } from './cluster-labels.ts';

/** The latest published run: newest period, then newest publication. */
export function latestPublishedRun(runs: readonly EvaluationRunSummary[]): EvaluationRunSummary | undefined {
  return [...runs]
    .filter((run) => run.status === 'published')
    .sort(
      (a, b) => b.period.localeCompare(a.period) || (b.publishedAt ?? '').localeCompare(a.publishedAt ?? ''),
    )[0];
}

/** Median of the numbers (the mean of the middle two for an even count); null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] as number;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] as number) + upper) / 2;
}

/** Each area's median over the results of the same tier (the clusters the user may see). */
export function tierMedians(
  result: ClusterResult,
  results: readonly ClusterResult[],
): Record<string, number | null> {
  const peers = results.filter((r) => r.tier === result.tier);
  return Object.fromEntries(
    Object.keys(result.areas).map((area) => [
      area,
      median(peers.map((r) => r.areas[area]).filter((v): v is number => typeof v === 'number')),
    ]),
  );
}

const round = (value: number | null | undefined, digits = 2): number | null =>
  value === null || value === undefined ? null : Math.round(value * 10 ** digits) / 10 ** digits;

function radarOption(
  result: ClusterResult,
  medians: Record<string, number | null>,
  t: Translate,
): EChartsOption {
  const areas = Object.keys(result.areas);
  const max = Math.max(
    1,
    ...areas.flatMap((a) => [result.areas[a] ?? 0, medians[a] ?? 0]).map((v) => Math.ceil(v / 10) * 10),
  );
  return {
    aria: { enabled: true },
    tooltip: {},
    legend: { bottom: 0 },
    radar: { indicator: areas.map((name) => ({ name, max })), radius: '62%' },
    series: [
      {
        type: 'radar',
        data: [
          { name: t('evaluation.thisCluster'), value: areas.map((a) => round(result.areas[a]) ?? 0) },
          {
            name: t('evaluation.tierMedian'),
            value: areas.map((a) => round(medians[a]) ?? 0),
            lineStyle: { type: 'dashed' },
          },
        ],
      },
    ],
  };
}

function contributionOption(entries: Array<[string, number]>, t: Translate): EChartsOption {
  return {
    aria: { enabled: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: 'value' },
    yAxis: { type: 'category', data: entries.map(([code]) => code), inverse: true },
    series: [{ name: t('evaluation.contribution'), type: 'bar', data: entries.map(([, v]) => round(v, 3)) }],
  };
}

/** 最新评价: score with its spread, rank with its interval, tier, gap, radar against the tier median, contributions. */
export function ClusterEvaluation({ code }: { code: string }) {
  const t = useT();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const runs = useQuery({
    queryKey: ['evaluations', 'runs'],
    queryFn: () => apiRequest<{ items: EvaluationRunSummary[] }>('/api/evaluations'),
    retry: false,
  });
  const latest = runs.data ? latestPublishedRun(runs.data.items) : undefined;
  const view = useQuery({
    queryKey: ['evaluations', latest?.id],
    queryFn: () => apiRequest<EvaluationRunView>(`/api/evaluations/${latest?.id}`),
    enabled: latest !== undefined,
  });
  const result = view.data?.results.find((r) => r.clusterCode === code);
  const medians = useMemo(
    () => (result && view.data ? tierMedians(result, view.data.results) : {}),
    [result, view.data],
  );
  const contributions = useMemo(
    () =>
      Object.entries(result?.contributions ?? {})
        .filter((entry): entry is [string, number] => typeof entry[1] === 'number')
        .sort((a, b) => b[1] - a[1]),
    [result],
  );

  if (isNotFound(runs.error) || (runs.data && !latest)) {
    return <Empty description={t('clusters.detail.evaluationEmpty')} />;
  }
  return (
    <QueryState
      isLoading={runs.isLoading || view.isLoading}
      error={runs.error ?? view.error}
      onRetry={() => void runs.refetch()}
    >
      {latest && !result && <Empty description={t('evaluation.notScored', { period: latest.period })} />}
      {latest && result && (
        <Flex vertical gap={12}>
          <Descriptions size="small" bordered column={{ xs: 1, lg: 2 }}>
            <Descriptions.Item label={t('evaluation.period')}>{latest.period}</Descriptions.Item>
            <Descriptions.Item label={t('evaluation.framework')}>{latest.frameworkVersion}</Descriptions.Item>
            <Descriptions.Item label={t('evaluation.score')}>
              {t('evaluation.scoreValue', {
                score: round(result.score) ?? '',
                sd: round(result.scoreSd) ?? '',
              })}
            </Descriptions.Item>
            <Descriptions.Item label={t('evaluation.rank')}>
              {t('evaluation.rankValue', {
                rank: result.rank,
                count: view.data?.clusterCount ?? view.data?.results.length ?? '',
                low: result.rankLow,
                high: result.rankHigh,
              })}
            </Descriptions.Item>
            <Descriptions.Item label={t('evaluation.tier')}>
              {isTier(result.tier) ? t(tierKey(result.tier)) : result.tier}
              {result.borderline && (
                <Tag color="orange" style={{ marginLeft: 8 }}>
                  {t('evaluation.borderline')}
                </Tag>
              )}
            </Descriptions.Item>
            <Descriptions.Item label={t('evaluation.gap')}>
              {result.gap
                ? t('evaluation.gapValue', {
                    tier: isTier(result.gap.toTier) ? t(tierKey(result.gap.toTier)) : result.gap.toTier,
                    points: round(result.gap.points) ?? '',
                    closable: result.gap.closable ? t('evaluation.gapClosable') : '',
                  })
                : t('evaluation.noGap')}
            </Descriptions.Item>
            <Descriptions.Item label={t('evaluation.strengths')}>
              {result.strengths.map((s) => (
                <Tag key={s} color="green">
                  {s}
                </Tag>
              ))}
            </Descriptions.Item>
            <Descriptions.Item label={t('evaluation.weaknesses')}>
              {result.weaknesses.map((s) => (
                <Tag key={s} color="red">
                  {s}
                </Tag>
              ))}
            </Descriptions.Item>
          </Descriptions>
          <div>
            <Button
              icon={<FileWordOutlined />}
              onClick={() =>
                downloadFrom(
                  `/api/evaluations/${latest.id}/clusters/${encodeURIComponent(code)}/report.docx`,
                  `${code}-${latest.period}.docx`,
                ).catch((error: unknown) =>
                  message.error(t('list.exportFailed', { message: errorText(error) })),
                )
              }
            >
              {t('evaluation.report')}
            </Button>
          </div>
          <Row gutter={[12, 12]}>
            <Col xs={24} lg={12}>
              <ChartCard
                testId="cluster-radar"
                title={t('evaluation.radar')}
                fileStem={`${code}-${latest.period}-radar`}
                option={radarOption(result, medians, t)}
                table={{
                  columns: [t('evaluation.area'), t('evaluation.thisCluster'), t('evaluation.tierMedian')],
                  rows: Object.keys(result.areas).map((a) => [a, round(result.areas[a]), round(medians[a])]),
                }}
                height={320}
              />
            </Col>
            <Col xs={24} lg={12}>
              <ChartCard
                testId="cluster-contributions"
                title={t('evaluation.contributions')}
                fileStem={`${code}-${latest.period}-contributions`}
                option={contributionOption(contributions, t)}
                table={{
                  columns: [t('evaluation.indicator'), t('evaluation.contribution')],
                  rows: contributions.map(([c, v]) => [c, round(v, 3)]),
                }}
                height={320}
                isEmpty={contributions.length === 0}
              />
            </Col>
          </Row>
        </Flex>
      )}
    </QueryState>
  );
}

const isTier = (value: string): value is 'world' | 'national' | 'provincial' | 'candidate' =>
  value === 'world' || value === 'national' || value === 'provincial' || value === 'candidate';
