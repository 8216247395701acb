import type { CarrierView, ParkView } from '@qunce/core/carriers-parks';
import { carrierLevels, carrierTypes, ecoIndustrialStatuses, parkLevels } from '@qunce/core/carriers-parks';
import type { EnterpriseView } from '@qunce/core/registry';
import { useQuery } from '@tanstack/react-query';
import { App, Button, Card, Flex, Input, Select, Table, Tabs, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { type ReactNode, useEffect } from 'react';
import { Link, useSearchParams } from 'react-router';
import { apiRequest } from '../../api/client.ts';
import { useCities } from '../../api/reference.ts';
import { guarded } from '../../components/feature-guard.tsx';
import { ExportButtons, type Page, useListFilters } from '../../components/list-tools.tsx';
import { QueryState } from '../../components/query-state.tsx';
import { useT } from '../../i18n/locale-context.tsx';
import type { MessageKey } from '../../i18n/zh-CN.ts';
import { carrierTypeKey, levelKey } from '../clusters/cluster-labels.ts';

type FilterSpec<K extends string> = { key: K; label: string; options?: { value: string; label: string }[] };

/** One registry list: filters in the address, a server-paged table, export with the same filters. */
function RegistryList<T extends object, K extends string>(props: {
  path: string;
  exportName: string;
  filterKeys: readonly K[];
  filters: FilterSpec<K>[];
  rowKey: keyof T & string;
  columns: ColumnsType<T>;
  emptyText: string;
}) {
  const t = useT();
  const list = useListFilters(props.filterKeys);
  const rows = useQuery({
    queryKey: [props.path, list.query],
    queryFn: () => apiRequest<Page<T>>(`${props.path}${list.query}`),
  });
  const control = (spec: FilterSpec<K>): ReactNode =>
    spec.options ? (
      <Select
        key={spec.key}
        allowClear
        aria-label={spec.label}
        placeholder={spec.label}
        style={{ width: 160 }}
        value={list.filters[spec.key]}
        onChange={(value?: string) => list.setFilter(spec.key, value)}
        options={spec.options}
      />
    ) : (
      <Input.Search
        key={spec.key}
        allowClear
        aria-label={spec.label}
        placeholder={spec.label}
        style={{ width: 220 }}
        defaultValue={list.filters[spec.key]}
        onSearch={(value) => list.setFilter(spec.key, value.trim() || undefined)}
      />
    );
  return (
    <Flex vertical gap={12}>
      <Flex gap={8} wrap role="search" aria-label={t('list.filters')}>
        {props.filters.map(control)}
        <Button onClick={list.reset}>{t('common.reset')}</Button>
        <span style={{ flex: 1 }} />
        <ExportButtons path={`${props.path}/export`} filters={list.filters} fileStem={props.exportName} />
      </Flex>
      <QueryState isLoading={false} error={rows.error} onRetry={() => void rows.refetch()}>
        <Table<T>
          size="small"
          rowKey={props.rowKey}
          loading={rows.isLoading}
          dataSource={rows.data?.items ?? []}
          locale={{ emptyText: props.emptyText }}
          columns={props.columns}
          pagination={{
            current: list.page,
            pageSize: list.pageSize,
            total: rows.data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (total) => t('common.total', { total }),
            onChange: list.setPage,
          }}
        />
      </QueryState>
    </Flex>
  );
}

const yesNo = (t: (key: MessageKey) => string) => [
  { value: 'true', label: t('common.yes') },
  { value: 'false', label: t('common.no') },
];

/** 企业、创新载体与园区: three bookmarkable tabs (`?tab=enterprises|carriers|parks`). */
export function EnterprisesPage() {
  const t = useT();
  const { cities, cityName } = useCities();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') ?? 'enterprises';
  const cityOptions = cities.map((city) => ({ value: city.code, label: cityName(city.code) }));
  useEffect(() => {
    document.title = `${t('nav.enterprises')} · ${t('app.name')}`;
  }, [t]);

  return (
    <App component={false}>
      <Flex vertical gap={16}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('enterprises.title')}
        </Typography.Title>
        <Card size="small">
          <Tabs
            activeKey={tab}
            onChange={(key) => setParams({ tab: key })}
            destroyOnHidden
            items={[
              {
                key: 'enterprises',
                label: t('enterprises.tab.enterprises'),
                children: (
                  <RegistryList<
                    EnterpriseView,
                    'q' | 'cityCode' | 'isAboveScale' | 'isKeyEnterprise' | 'clusterCode'
                  >
                    path="/api/enterprises"
                    exportName={t('enterprises.tab.enterprises')}
                    filterKeys={['q', 'cityCode', 'isAboveScale', 'isKeyEnterprise', 'clusterCode']}
                    filters={[
                      { key: 'q', label: t('enterprises.search') },
                      { key: 'cityCode', label: t('enterprises.city'), options: cityOptions },
                      { key: 'isAboveScale', label: t('enterprises.aboveScale'), options: yesNo(t) },
                      { key: 'isKeyEnterprise', label: t('enterprises.keyEnterprise'), options: yesNo(t) },
                    ]}
                    rowKey="creditCode"
                    emptyText={t('enterprises.empty')}
                    columns={[
                      {
                        title: t('enterprises.name'),
                        dataIndex: 'name',
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
                      { title: t('enterprises.industryDivision'), dataIndex: 'industryDivision', width: 90 },
                      {
                        title: t('enterprises.aboveScale'),
                        dataIndex: 'isAboveScale',
                        width: 90,
                        render: (v: boolean) =>
                          v ? <Tag color="blue">{t('common.yes')}</Tag> : t('common.no'),
                      },
                      {
                        title: t('enterprises.keyEnterprise'),
                        dataIndex: 'isKeyEnterprise',
                        width: 90,
                        render: (v: boolean) => (v ? t('common.yes') : t('common.no')),
                      },
                    ]}
                  />
                ),
              },
              {
                key: 'carriers',
                label: t('enterprises.tab.carriers'),
                children: (
                  <RegistryList<CarrierView, 'q' | 'type' | 'level' | 'cityCode' | 'clusterCode'>
                    path="/api/carriers"
                    exportName={t('enterprises.tab.carriers')}
                    filterKeys={['q', 'type', 'level', 'cityCode', 'clusterCode']}
                    filters={[
                      { key: 'q', label: t('carriers.name') },
                      {
                        key: 'type',
                        label: t('carriers.type'),
                        options: carrierTypes.map((type) => ({
                          value: type,
                          label: t(carrierTypeKey(type)),
                        })),
                      },
                      {
                        key: 'level',
                        label: t('carriers.level'),
                        options: carrierLevels.map((level) => ({ value: level, label: t(levelKey(level)) })),
                      },
                      { key: 'cityCode', label: t('carriers.city'), options: cityOptions },
                    ]}
                    rowKey="id"
                    emptyText={t('carriers.empty')}
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
                        render: (v: string) => t(carrierTypeKey(v)),
                      },
                      {
                        title: t('carriers.level'),
                        dataIndex: 'level',
                        width: 90,
                        render: (v: string) => t(levelKey(v)),
                      },
                      {
                        title: t('carriers.host'),
                        dataIndex: 'hostName',
                        render: (name: string, row) => (
                          <Link to={`/enterprises/${row.hostCreditCode}`}>{name}</Link>
                        ),
                      },
                      {
                        title: t('carriers.city'),
                        dataIndex: 'cityCode',
                        width: 100,
                        render: (c: string) => cityName(c),
                      },
                      {
                        title: t('carriers.cluster'),
                        dataIndex: 'clusterCode',
                        width: 130,
                        render: (c: string | null) => (c ? <Link to={`/clusters/${c}`}>{c}</Link> : '—'),
                      },
                      {
                        title: t('carriers.recognisedOn'),
                        dataIndex: 'recognisedOn',
                        width: 110,
                        render: (v: string | null) => v ?? '—',
                      },
                    ]}
                  />
                ),
              },
              {
                key: 'parks',
                label: t('enterprises.tab.parks'),
                children: (
                  <RegistryList<ParkView, 'q' | 'cityCode' | 'level' | 'ecoIndustrialStatus' | 'clusterCode'>
                    path="/api/parks"
                    exportName={t('enterprises.tab.parks')}
                    filterKeys={['q', 'cityCode', 'level', 'ecoIndustrialStatus', 'clusterCode']}
                    filters={[
                      { key: 'q', label: t('parks.name') },
                      { key: 'cityCode', label: t('parks.city'), options: cityOptions },
                      {
                        key: 'level',
                        label: t('parks.level'),
                        options: parkLevels.map((level) => ({ value: level, label: t(levelKey(level)) })),
                      },
                      {
                        key: 'ecoIndustrialStatus',
                        label: t('parks.eco'),
                        options: ecoIndustrialStatuses.map((s) => ({
                          value: s,
                          label: t(`eco.${s}` as MessageKey),
                        })),
                      },
                    ]}
                    rowKey="code"
                    emptyText={t('parks.empty')}
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
                        width: 100,
                        render: (c: string) => cityName(c),
                      },
                      {
                        title: t('parks.level'),
                        dataIndex: 'level',
                        width: 90,
                        render: (v: string) => t(levelKey(v)),
                      },
                      {
                        title: t('parks.eco'),
                        dataIndex: 'ecoIndustrialStatus',
                        render: (v: string) => t(`eco.${v}` as MessageKey),
                      },
                      {
                        title: t('parks.fiveG'),
                        dataIndex: 'fiveGCoverage',
                        width: 100,
                        render: (v: string) => t(`fiveG.${v}` as MessageKey),
                      },
                      {
                        title: t('parks.clusters'),
                        dataIndex: 'clusterCodes',
                        render: (codes: string[]) =>
                          codes.map((c) => (
                            <Link key={c} to={`/clusters/${c}`} style={{ marginRight: 6 }}>
                              {c}
                            </Link>
                          )),
                      },
                    ]}
                  />
                ),
              },
            ]}
          />
        </Card>
      </Flex>
    </App>
  );
}

export const Component = guarded(EnterprisesPage);
