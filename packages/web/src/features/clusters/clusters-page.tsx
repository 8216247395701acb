import type { ClusterView } from '@qunce/core/registry';
import { clusterStatuses, clusterTiers, industryCodes } from '@qunce/core/registry';
import { useQuery } from '@tanstack/react-query';
import { App, Button, Card, Flex, Input, Select, Table, Tag, Typography } from 'antd';
import { useEffect } from 'react';
import { Link } from 'react-router';
import { apiRequest } from '../../api/client.ts';
import { useCities } from '../../api/reference.ts';
import { guarded } from '../../components/feature-guard.tsx';
import { ExportButtons, type Page, useListFilters } from '../../components/list-tools.tsx';
import { QueryState } from '../../components/query-state.tsx';
import { useT } from '../../i18n/locale-context.tsx';
import { industryKey, statusColours, statusKey, tierColours, tierKey } from './cluster-labels.ts';

const filterKeys = ['q', 'tier', 'status', 'leadIndustry', 'cityCode'] as const;

/** 集群名录: filters (tier, city, lead industry, status, text) in the address, paging, export. */
export function ClustersPage() {
  const t = useT();
  const { cities, cityName } = useCities();
  const list = useListFilters(filterKeys);
  const clusters = useQuery({
    queryKey: ['clusters', list.query],
    queryFn: () => apiRequest<Page<ClusterView>>(`/api/clusters${list.query}`),
  });
  useEffect(() => {
    document.title = `${t('nav.clusters')} · ${t('app.name')}`;
  }, [t]);

  const select = (
    key: (typeof filterKeys)[number],
    label: string,
    options: { value: string; label: string }[],
  ) => (
    <Select
      allowClear
      aria-label={label}
      placeholder={label}
      style={{ width: 150 }}
      value={list.filters[key]}
      onChange={(value?: string) => list.setFilter(key, value)}
      options={options}
    />
  );

  return (
    <App component={false}>
      <Flex vertical gap={16}>
        <Flex align="center" gap={12}>
          <Typography.Title level={3} style={{ margin: 0, flex: 1 }}>
            {t('clusters.title')}
          </Typography.Title>
          <ExportButtons path="/api/clusters/export" filters={list.filters} fileStem={t('clusters.title')} />
        </Flex>
        <Card size="small">
          <Flex gap={8} wrap role="search" aria-label={t('list.filters')}>
            <Input.Search
              allowClear
              aria-label={t('clusters.search')}
              placeholder={t('clusters.search')}
              style={{ width: 220 }}
              defaultValue={list.filters.q}
              onSearch={(value) => list.setFilter('q', value.trim() || undefined)}
            />
            {select(
              'tier',
              t('clusters.tier'),
              clusterTiers.map((tier) => ({ value: tier, label: t(tierKey(tier)) })),
            )}
            {select(
              'cityCode',
              t('clusters.city'),
              cities.map((city) => ({ value: city.code, label: cityName(city.code) })),
            )}
            {select(
              'leadIndustry',
              t('clusters.leadIndustry'),
              industryCodes.map((code) => ({ value: code, label: t(industryKey(code)) })),
            )}
            {select(
              'status',
              t('clusters.status'),
              clusterStatuses.map((status) => ({ value: status, label: t(statusKey(status)) })),
            )}
            <Button onClick={list.reset}>{t('common.reset')}</Button>
          </Flex>
        </Card>
        <Card size="small">
          <QueryState isLoading={false} error={clusters.error} onRetry={() => void clusters.refetch()}>
            <Table<ClusterView>
              size="small"
              rowKey="code"
              loading={clusters.isLoading}
              dataSource={clusters.data?.items ?? []}
              locale={{ emptyText: t('clusters.empty') }}
              pagination={{
                current: list.page,
                pageSize: list.pageSize,
                total: clusters.data?.total ?? 0,
                showSizeChanger: true,
                showTotal: (total) => t('common.total', { total }),
                onChange: list.setPage,
              }}
              columns={[
                {
                  title: t('clusters.code'),
                  dataIndex: 'code',
                  width: 130,
                  render: (code: string) => <Link to={`/clusters/${encodeURIComponent(code)}`}>{code}</Link>,
                },
                {
                  title: t('clusters.name'),
                  dataIndex: 'name',
                  render: (name: string, row) => (
                    <Link to={`/clusters/${encodeURIComponent(row.code)}`}>{name}</Link>
                  ),
                },
                {
                  title: t('clusters.leadIndustry'),
                  dataIndex: 'leadIndustry',
                  width: 140,
                  render: (code: string) => t(industryKey(code)),
                },
                {
                  title: t('clusters.tier'),
                  dataIndex: 'tier',
                  width: 100,
                  render: (tier: string) => <Tag color={tierColours[tier]}>{t(tierKey(tier))}</Tag>,
                },
                {
                  title: t('clusters.cultivationTarget'),
                  dataIndex: 'cultivationTarget',
                  width: 100,
                  render: (tier: string) => t(tierKey(tier)),
                },
                {
                  title: t('clusters.status'),
                  dataIndex: 'status',
                  width: 100,
                  render: (status: string) => <Tag color={statusColours[status]}>{t(statusKey(status))}</Tag>,
                },
                {
                  title: t('clusters.cities'),
                  dataIndex: 'cityCodes',
                  render: (codes: string[]) => codes.map((code) => cityName(code)).join('、'),
                },
              ]}
            />
          </QueryState>
        </Card>
      </Flex>
    </App>
  );
}

export const Component = guarded(ClustersPage);
