import { ArrowLeftOutlined } from '@ant-design/icons';
import type { CarrierView, ParkView } from '@qunce/core/carriers-parks';
import type { dueReviewSchema } from '@qunce/core/frameworks';
import type { ObservationView } from '@qunce/core/metrics';
import type { ClusterDetail, ClusterMemberView } from '@qunce/core/registry';
import { useQuery } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Flex,
  Result,
  Row,
  Segmented,
  Statistic,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import type { z } from 'zod';
import { apiRequest } from '../../api/client.ts';
import { useCities } from '../../api/reference.ts';
import { ChartCard } from '../../charts/chart-card.tsx';
import { guarded } from '../../components/feature-guard.tsx';
import type { Page } from '../../components/list-tools.tsx';
import { isNotFound, QueryState } from '../../components/query-state.tsx';
import { useT } from '../../i18n/locale-context.tsx';
import type { MessageKey } from '../../i18n/zh-CN.ts';
import { ClusterEvaluation } from './cluster-evaluation.tsx';
import {
  carrierTypeKey,
  industryKey,
  levelKey,
  roleKey,
  statusColours,
  statusKey,
  tierColours,
  tierKey,
} from './cluster-labels.ts';

/** Metrics the detail page charts over time (cluster figures rolled up from the members). */
export const clusterChartMetrics = [
  'industrial-output',
  'revenue',
  'rd-intensity-above-scale',
  'member-enterprises',
  'high-tech-enterprises',
] as const;
/** Designation counts among the members, shown as figures. */
const designationMetrics = [
  ['high-tech-enterprises', 'designation.high-tech'],
  ['specialised-smes', 'designation.specialised-sme'],
  ['little-giants', 'designation.little-giant'],
  ['national-single-champions', 'designation.single-champion'],
] as const;

const historyFieldKey = (field: string) => `clusters.detail.field.${field}` as MessageKey;

function useOptional<T>(key: unknown[], path: string) {
  return useQuery({ queryKey: key, queryFn: () => apiRequest<T>(path), retry: false });
}

function MetricsTab({ code }: { code: string }) {
  const t = useT();
  const [metric, setMetric] = useState<(typeof clusterChartMetrics)[number]>('industrial-output');
  const observations = useQuery({
    queryKey: ['observations', 'cluster', code],
    queryFn: () =>
      apiRequest<Page<ObservationView>>(
        `/api/observations?subjectType=cluster&subjectCode=${encodeURIComponent(code)}&periodKind=year&pageSize=200`,
      ),
  });
  const points = (observations.data?.items ?? [])
    .filter((o) => o.metric === metric)
    .sort((a, b) => a.period.localeCompare(b.period));
  const label = t(`metric.${metric}` as MessageKey);
  const option = useMemo(
    () => ({
      aria: { enabled: true },
      tooltip: { trigger: 'axis' as const },
      grid: { left: 8, right: 16, top: 24, bottom: 8, containLabel: true },
      xAxis: { type: 'category' as const, data: points.map((p) => p.period) },
      yAxis: { type: 'value' as const },
      series: [{ name: label, type: 'line' as const, data: points.map((p) => p.value) }],
    }),
    [points, label],
  );
  return (
    <QueryState
      isLoading={observations.isLoading}
      error={observations.error}
      onRetry={() => void observations.refetch()}
    >
      <Flex vertical gap={12}>
        <Segmented
          aria-label={t('clusters.detail.metric')}
          value={metric}
          onChange={(value) => setMetric(value as typeof metric)}
          options={clusterChartMetrics.map((m) => ({ value: m, label: t(`metric.${m}` as MessageKey) }))}
        />
        <ChartCard
          testId="cluster-metrics"
          title={label}
          fileStem={`${code}-${metric}`}
          option={option}
          table={{
            columns: [t('cockpit.trends.period'), label],
            rows: points.map((p) => [p.period, p.value]),
          }}
          height={300}
          isEmpty={points.length === 0}
        />
        <Row gutter={[12, 12]}>
          {designationMetrics.map(([code, key]) => {
            const latest = (observations.data?.items ?? [])
              .filter((o) => o.metric === code)
              .sort((a, b) => b.period.localeCompare(a.period))[0];
            return (
              <Col xs={12} md={6} key={code}>
                <Card size="small">
                  <Statistic
                    title={`${t(key)}${latest ? ` (${latest.period})` : ''}`}
                    value={latest?.value ?? '—'}
                  />
                </Card>
              </Col>
            );
          })}
        </Row>
      </Flex>
    </QueryState>
  );
}

/** 集群详情: profile and history, members, carriers, parks, metrics, latest evaluation, review schedule. */
export function ClusterDetailPage() {
  const t = useT();
  const { code = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const { cityName } = useCities();
  const encoded = encodeURIComponent(code);
  const cluster = useQuery({
    queryKey: ['clusters', 'detail', code],
    queryFn: () => apiRequest<ClusterDetail>(`/api/clusters/${encoded}`),
    retry: false,
  });
  const members = useQuery({
    queryKey: ['clusters', code, 'members'],
    queryFn: () => apiRequest<Page<ClusterMemberView>>(`/api/clusters/${encoded}/memberships?pageSize=200`),
    enabled: cluster.isSuccess,
  });
  const carriers = useQuery({
    queryKey: ['carriers', 'cluster', code],
    queryFn: () => apiRequest<Page<CarrierView>>(`/api/carriers?clusterCode=${encoded}&pageSize=200`),
    enabled: cluster.isSuccess,
  });
  const parks = useQuery({
    queryKey: ['parks', 'cluster', code],
    queryFn: () => apiRequest<Page<ParkView>>(`/api/parks?clusterCode=${encoded}&pageSize=200`),
    enabled: cluster.isSuccess,
  });
  // Reviews fall due three years after recognition: ask for the next three years.
  const reviews = useOptional<{ on: string; items: z.infer<typeof dueReviewSchema>[] }>(
    ['reviews', 'due'],
    '/api/reviews/due?withinDays=1096',
  );
  useEffect(() => {
    document.title = `${cluster.data?.name ?? code} · ${t('app.name')}`;
  }, [cluster.data, code, t]);

  if (isNotFound(cluster.error)) {
    return (
      <Result
        status="404"
        title={t('clusters.detail.notFound', { code })}
        extra={<Link to="/clusters">{t('common.back')}</Link>}
      />
    );
  }
  const data = cluster.data;
  const reviewItems = (reviews.data?.items ?? []).filter((item) => item.clusterCode === code);
  const tab = params.get('tab') ?? 'profile';

  return (
    <App component={false}>
      <Flex vertical gap={16}>
        <Flex align="center" gap={12} wrap>
          <Link to="/clusters" aria-label={t('common.back')}>
            <Button type="text" icon={<ArrowLeftOutlined />} tabIndex={-1} />
          </Link>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {data?.name ?? code}
          </Typography.Title>
          {data && (
            <>
              <Tag color={tierColours[data.tier]}>{t(tierKey(data.tier))}</Tag>
              <Tag color={statusColours[data.status]}>{t(statusKey(data.status))}</Tag>
              <Typography.Text type="secondary">{data.code}</Typography.Text>
            </>
          )}
        </Flex>
        <QueryState
          isLoading={cluster.isLoading}
          error={cluster.error}
          onRetry={() => void cluster.refetch()}
        >
          {data && (
            <Tabs
              activeKey={tab}
              onChange={(key) => setParams({ tab: key }, { replace: true })}
              items={[
                {
                  key: 'profile',
                  label: t('clusters.detail.profile'),
                  children: (
                    <Flex vertical gap={16}>
                      <Card size="small">
                        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }} bordered>
                          <Descriptions.Item label={t('clusters.code')}>{data.code}</Descriptions.Item>
                          <Descriptions.Item label={t('clusters.detail.nameEn')}>
                            {data.nameEn ?? '—'}
                          </Descriptions.Item>
                          <Descriptions.Item label={t('clusters.leadIndustry')}>
                            {t(industryKey(data.leadIndustry))}
                          </Descriptions.Item>
                          <Descriptions.Item label={t('clusters.tier')}>
                            {t(tierKey(data.tier))}
                          </Descriptions.Item>
                          <Descriptions.Item label={t('clusters.cultivationTarget')}>
                            {t(tierKey(data.cultivationTarget))}
                          </Descriptions.Item>
                          <Descriptions.Item label={t('clusters.status')}>
                            {t(statusKey(data.status))}
                          </Descriptions.Item>
                          <Descriptions.Item label={t('clusters.detail.leadCity')}>
                            {cityName(data.leadCityCode)}
                          </Descriptions.Item>
                          <Descriptions.Item label={t('clusters.cities')}>
                            {data.cityCodes.map((c) => cityName(c)).join('、')}
                          </Descriptions.Item>
                          <Descriptions.Item label={t('clusters.detail.promotingOrganisation')}>
                            {data.promotingOrganisationCode ?? '—'}
                          </Descriptions.Item>
                          <Descriptions.Item label={t('clusters.detail.chainMasters')} span={3}>
                            {data.chainMasterCreditCodes.length > 0
                              ? data.chainMasterCreditCodes.map((cc) => (
                                  <Link key={cc} to={`/enterprises/${cc}`} style={{ marginRight: 8 }}>
                                    {cc}
                                  </Link>
                                ))
                              : '—'}
                          </Descriptions.Item>
                        </Descriptions>
                      </Card>
                      <Card size="small" title={t('clusters.detail.history')}>
                        <Table
                          size="small"
                          rowKey="id"
                          pagination={false}
                          dataSource={data.history}
                          columns={[
                            { title: t('clusters.detail.changedOn'), dataIndex: 'changedOn', width: 120 },
                            {
                              title: t('clusters.detail.historyField'),
                              dataIndex: 'field',
                              width: 120,
                              render: (field: string) => t(historyFieldKey(field)),
                            },
                            {
                              title: t('clusters.detail.historyFrom'),
                              key: 'from',
                              render: (_, row) => labelOfHistoryValue(row.field, row.from, t),
                            },
                            {
                              title: t('clusters.detail.historyTo'),
                              key: 'to',
                              render: (_, row) => labelOfHistoryValue(row.field, row.to, t),
                            },
                            {
                              title: t('clusters.detail.documentNumber'),
                              dataIndex: 'documentNumber',
                              render: (value: string | null) => value ?? '—',
                            },
                          ]}
                        />
                      </Card>
                    </Flex>
                  ),
                },
                {
                  key: 'members',
                  label: t('clusters.detail.members'),
                  children: (
                    <QueryState
                      isLoading={members.isLoading}
                      error={members.error}
                      onRetry={() => void members.refetch()}
                    >
                      <Typography.Paragraph type="secondary">
                        {t('clusters.detail.memberCount', { count: members.data?.total ?? 0 })}
                      </Typography.Paragraph>
                      <Table<ClusterMemberView>
                        size="small"
                        rowKey="id"
                        dataSource={members.data?.items ?? []}
                        pagination={{ pageSize: 20, showSizeChanger: false }}
                        columns={[
                          {
                            title: t('enterprises.name'),
                            dataIndex: 'enterpriseName',
                            render: (name: string, row) => (
                              <Link to={`/enterprises/${row.creditCode}`}>{name}</Link>
                            ),
                          },
                          { title: t('enterprises.creditCode'), dataIndex: 'creditCode', width: 200 },
                          {
                            title: t('enterprises.city'),
                            dataIndex: 'cityCode',
                            width: 100,
                            render: (c: string) => cityName(c),
                          },
                          {
                            title: t('clusters.detail.role'),
                            dataIndex: 'role',
                            width: 110,
                            render: (role: string) => t(roleKey(role)),
                          },
                          { title: t('clusters.detail.validFrom'), dataIndex: 'validFrom', width: 120 },
                          {
                            title: t('clusters.detail.validTo'),
                            dataIndex: 'validTo',
                            width: 120,
                            render: (v: string | null) => v ?? '—',
                          },
                        ]}
                      />
                    </QueryState>
                  ),
                },
                {
                  key: 'carriers',
                  label: t('clusters.detail.carriers'),
                  children: (
                    <QueryState
                      isLoading={carriers.isLoading}
                      error={carriers.error}
                      onRetry={() => void carriers.refetch()}
                    >
                      <Table<CarrierView>
                        size="small"
                        rowKey="id"
                        dataSource={carriers.data?.items ?? []}
                        locale={{ emptyText: t('carriers.empty') }}
                        columns={[
                          {
                            title: t('carriers.name'),
                            dataIndex: 'name',
                            render: (name: string, row) => (
                              <Link to={`/enterprises/carriers/${encodeURIComponent(row.id)}`}>{name}</Link>
                            ),
                          },
                          {
                            title: t('carriers.type'),
                            dataIndex: 'type',
                            render: (type: string) => t(carrierTypeKey(type)),
                          },
                          {
                            title: t('carriers.level'),
                            dataIndex: 'level',
                            width: 90,
                            render: (level: string) => t(levelKey(level)),
                          },
                          { title: t('carriers.host'), dataIndex: 'hostName' },
                        ]}
                      />
                    </QueryState>
                  ),
                },
                {
                  key: 'parks',
                  label: t('clusters.detail.parks'),
                  children: (
                    <QueryState
                      isLoading={parks.isLoading}
                      error={parks.error}
                      onRetry={() => void parks.refetch()}
                    >
                      <Table<ParkView>
                        size="small"
                        rowKey="code"
                        dataSource={parks.data?.items ?? []}
                        locale={{ emptyText: t('parks.empty') }}
                        columns={[
                          { title: t('parks.code'), dataIndex: 'code', width: 130 },
                          {
                            title: t('parks.name'),
                            dataIndex: 'name',
                            render: (name: string, row) => (
                              <Link to={`/enterprises/parks/${encodeURIComponent(row.code)}`}>{name}</Link>
                            ),
                          },
                          {
                            title: t('parks.city'),
                            dataIndex: 'cityCode',
                            render: (c: string) => cityName(c),
                          },
                          {
                            title: t('parks.level'),
                            dataIndex: 'level',
                            render: (level: string) => t(levelKey(level)),
                          },
                        ]}
                      />
                    </QueryState>
                  ),
                },
                {
                  key: 'metrics',
                  label: t('clusters.detail.metrics'),
                  children: <MetricsTab code={code} />,
                },
                {
                  key: 'evaluation',
                  label: t('clusters.detail.evaluation'),
                  children: <ClusterEvaluation code={code} />,
                },
                {
                  key: 'reviews',
                  label: t('clusters.detail.reviews'),
                  children:
                    reviewItems.length === 0 ? (
                      <Empty description={t('clusters.detail.reviewsEmpty')} />
                    ) : (
                      <Descriptions size="small" bordered column={1}>
                        {reviewItems.map((item) => (
                          <Descriptions.Item key={item.dueOn} label={t('reviews.dueOn')}>
                            {item.dueOn}
                            {item.overdue && (
                              <Tag color="red" style={{ marginLeft: 8 }}>
                                {t('reviews.overdue')}
                              </Tag>
                            )}
                            <Typography.Text type="secondary" style={{ marginLeft: 12 }}>
                              {t('reviews.basis', {
                                recognisedOn: item.recognisedOn,
                                lastReviewedOn: item.lastReviewedOn ?? '—',
                              })}
                            </Typography.Text>
                          </Descriptions.Item>
                        ))}
                      </Descriptions>
                    ),
                },
              ]}
            />
          )}
        </QueryState>
      </Flex>
    </App>
  );
}

function labelOfHistoryValue(field: string, value: string | null, t: (key: MessageKey) => string): string {
  if (value === null) return '—';
  if (field === 'tier' || field === 'cultivationTarget') return t(tierKey(value));
  if (field === 'status') return t(statusKey(value));
  return value;
}

export const Component = guarded(ClusterDetailPage);
