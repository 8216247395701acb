import type { ParkView } from '@qunce/core/carriers-parks';
import type { MetricView, ObservationView } from '@qunce/core/metrics';
import { useQuery } from '@tanstack/react-query';
import { Card, Descriptions, Flex, Space, Table } from 'antd';
import { useEffect, useMemo } from 'react';
import { Link, useParams } from 'react-router';
import { apiRequest } from '../../api/client.ts';
import { useCities } from '../../api/reference.ts';
import { DetailHeading, DetailNotFound } from '../../components/detail-heading.tsx';
import { guarded } from '../../components/feature-guard.tsx';
import { isNotFound, QueryState } from '../../components/query-state.tsx';
import { useLocale, useT } from '../../i18n/locale-context.tsx';
import type { MessageKey } from '../../i18n/zh-CN.ts';
import { levelKey } from '../clusters/cluster-labels.ts';

/** 园区详情 (`/enterprises/parks/:code`): the park, the clusters it serves and its figures over time. */
export function ParkDetailPage() {
  const t = useT();
  const { locale } = useLocale();
  const { code = '' } = useParams();
  const { cityName } = useCities();
  const encoded = encodeURIComponent(code);
  const park = useQuery({
    queryKey: ['parks', 'detail', code],
    queryFn: () => apiRequest<ParkView>(`/api/parks/${encoded}`),
    retry: false,
  });
  const observations = useQuery({
    queryKey: ['observations', 'park', code],
    queryFn: () =>
      apiRequest<{ items: ObservationView[] }>(
        `/api/observations?subjectType=park&subjectCode=${encoded}&pageSize=200`,
      ),
    enabled: park.isSuccess,
  });
  const metrics = useQuery({
    queryKey: ['metrics'],
    queryFn: () => apiRequest<{ items: MetricView[] }>('/api/metrics'),
    enabled: park.isSuccess,
    staleTime: 10 * 60_000,
  });
  const metricByCode = useMemo(
    () => new Map((metrics.data?.items ?? []).map((m) => [m.code, m])),
    [metrics.data],
  );
  const rows = useMemo(
    () =>
      [...(observations.data?.items ?? [])].sort(
        (a, b) => a.metric.localeCompare(b.metric) || b.period.localeCompare(a.period),
      ),
    [observations.data],
  );
  useEffect(() => {
    document.title = `${park.data?.name ?? code} · ${t('app.name')}`;
  }, [park.data, code, t]);

  const back = '/enterprises?tab=parks';
  if (isNotFound(park.error)) {
    return <DetailNotFound back={back} title={t('parks.detail.notFound', { code })} />;
  }
  const data = park.data;
  const metricName = (metric: string) => {
    const entry = metricByCode.get(metric);
    if (!entry) return metric;
    return locale === 'en' ? entry.nameEn : entry.name;
  };
  return (
    <Flex vertical gap={16}>
      <DetailHeading back={back} title={data?.name ?? code} />
      <QueryState isLoading={park.isLoading} error={park.error} onRetry={() => void park.refetch()}>
        {data && (
          <>
            <Card size="small" title={t('parks.detail.profile')}>
              <Descriptions size="small" bordered column={{ xs: 1, md: 2, xl: 3 }}>
                <Descriptions.Item label={t('parks.code')}>{data.code}</Descriptions.Item>
                <Descriptions.Item label={t('parks.city')}>{cityName(data.cityCode)}</Descriptions.Item>
                <Descriptions.Item label={t('parks.detail.county')}>
                  {data.countyCode ?? '—'}
                </Descriptions.Item>
                <Descriptions.Item label={t('parks.level')}>{t(levelKey(data.level))}</Descriptions.Item>
                <Descriptions.Item label={t('parks.eco')}>
                  {t(`eco.${data.ecoIndustrialStatus}` as MessageKey)}
                </Descriptions.Item>
                <Descriptions.Item label={t('parks.fiveG')}>
                  {t(`fiveG.${data.fiveGCoverage}` as MessageKey)}
                </Descriptions.Item>
                <Descriptions.Item label={t('parks.clusters')} span={3}>
                  <Space wrap>
                    {data.clusterCodes.length === 0
                      ? '—'
                      : data.clusterCodes.map((c) => (
                          <Link key={c} to={`/clusters/${encodeURIComponent(c)}`}>
                            {c}
                          </Link>
                        ))}
                  </Space>
                </Descriptions.Item>
              </Descriptions>
            </Card>
            <Card size="small" title={t('parks.detail.metrics')}>
              <QueryState
                isLoading={observations.isLoading}
                error={observations.error}
                onRetry={() => void observations.refetch()}
              >
                <Table
                  size="small"
                  rowKey={(o) => `${o.metric}|${o.period}`}
                  pagination={false}
                  dataSource={rows}
                  locale={{ emptyText: t('parks.detail.metricsEmpty') }}
                  columns={[
                    {
                      title: t('parks.detail.metric'),
                      dataIndex: 'metric',
                      render: (m: string) => metricName(m),
                    },
                    { title: t('parks.detail.period'), dataIndex: 'period', width: 120 },
                    {
                      title: t('parks.detail.value'),
                      dataIndex: 'value',
                      align: 'right',
                      width: 160,
                      render: (v: number) => v.toLocaleString(locale),
                    },
                    {
                      title: t('parks.detail.unit'),
                      key: 'unit',
                      width: 100,
                      render: (_: unknown, o: ObservationView) => metricByCode.get(o.metric)?.unit ?? '',
                    },
                    {
                      title: t('parks.detail.status'),
                      dataIndex: 'status',
                      width: 110,
                      render: (s: string) => t(`observationStatus.${s}` as MessageKey),
                    },
                  ]}
                />
              </QueryState>
            </Card>
          </>
        )}
      </QueryState>
    </Flex>
  );
}

export const Component = guarded(ParkDetailPage);
