import type { DesignationPage, EnterpriseDetail } from '@qunce/core/registry';
import { useQuery } from '@tanstack/react-query';
import { Card, Descriptions, Flex, Table } from 'antd';
import { useEffect } from 'react';
import { Link, useParams } from 'react-router';
import { apiRequest } from '../../api/client.ts';
import { useCities } from '../../api/reference.ts';
import { DetailHeading, DetailNotFound } from '../../components/detail-heading.tsx';
import { guarded } from '../../components/feature-guard.tsx';
import { isNotFound, QueryState } from '../../components/query-state.tsx';
import { useT } from '../../i18n/locale-context.tsx';
import { designationKey, levelKey, roleKey } from '../clusters/cluster-labels.ts';

/** 企业详情: profile, cluster memberships and designations. */
export function EnterpriseDetailPage() {
  const t = useT();
  const { creditCode = '' } = useParams();
  const { cityName } = useCities();
  const encoded = encodeURIComponent(creditCode);
  const enterprise = useQuery({
    queryKey: ['enterprises', 'detail', creditCode],
    queryFn: () => apiRequest<EnterpriseDetail>(`/api/enterprises/${encoded}`),
    retry: false,
  });
  const designations = useQuery({
    queryKey: ['designations', creditCode],
    queryFn: () => apiRequest<DesignationPage>(`/api/designations?creditCode=${encoded}&pageSize=200`),
    enabled: enterprise.isSuccess,
  });
  useEffect(() => {
    document.title = `${enterprise.data?.name ?? creditCode} · ${t('app.name')}`;
  }, [enterprise.data, creditCode, t]);

  if (isNotFound(enterprise.error)) {
    return (
      <DetailNotFound back="/enterprises" title={t('enterprises.detail.notFound', { code: creditCode })} />
    );
  }
  const data = enterprise.data;
  return (
    <Flex vertical gap={16}>
      <DetailHeading back="/enterprises" title={data?.name ?? creditCode} />
      <QueryState
        isLoading={enterprise.isLoading}
        error={enterprise.error}
        onRetry={() => void enterprise.refetch()}
      >
        {data && (
          <>
            <Card size="small" title={t('enterprises.detail.profile')}>
              <Descriptions size="small" bordered column={{ xs: 1, md: 2, xl: 3 }}>
                <Descriptions.Item label={t('enterprises.creditCode')}>{data.creditCode}</Descriptions.Item>
                <Descriptions.Item label={t('enterprises.city')}>{cityName(data.cityCode)}</Descriptions.Item>
                <Descriptions.Item label={t('enterprises.county')}>
                  {data.countyCode ?? '—'}
                </Descriptions.Item>
                <Descriptions.Item label={t('enterprises.industryDivision')}>
                  {data.industryDivision}
                </Descriptions.Item>
                <Descriptions.Item label={t('enterprises.aboveScale')}>
                  {data.isAboveScale ? t('common.yes') : t('common.no')}
                </Descriptions.Item>
                <Descriptions.Item label={t('enterprises.keyEnterprise')}>
                  {data.isKeyEnterprise ? t('common.yes') : t('common.no')}
                </Descriptions.Item>
                <Descriptions.Item label={t('enterprises.has5g')}>
                  {data.has5g ? t('common.yes') : t('common.no')}
                </Descriptions.Item>
              </Descriptions>
            </Card>
            <Card size="small" title={t('enterprises.detail.memberships')}>
              <Table
                size="small"
                rowKey="id"
                pagination={false}
                dataSource={data.memberships}
                columns={[
                  {
                    title: t('clusters.code'),
                    dataIndex: 'clusterCode',
                    render: (code: string) => <Link to={`/clusters/${code}`}>{code}</Link>,
                  },
                  {
                    title: t('clusters.detail.role'),
                    dataIndex: 'role',
                    render: (r: string) => t(roleKey(r)),
                  },
                  { title: t('clusters.detail.validFrom'), dataIndex: 'validFrom' },
                  {
                    title: t('clusters.detail.validTo'),
                    dataIndex: 'validTo',
                    render: (v: string | null) => v ?? '—',
                  },
                ]}
              />
            </Card>
            <Card size="small" title={t('enterprises.detail.designations')}>
              <QueryState
                isLoading={designations.isLoading}
                error={designations.error}
                onRetry={() => void designations.refetch()}
              >
                <Table
                  size="small"
                  rowKey="id"
                  pagination={false}
                  dataSource={designations.data?.items ?? []}
                  columns={[
                    {
                      title: t('enterprises.detail.type'),
                      dataIndex: 'type',
                      render: (v: string) => t(designationKey(v)),
                    },
                    {
                      title: t('enterprises.detail.level'),
                      dataIndex: 'level',
                      render: (v: string) => t(levelKey(v)),
                    },
                    { title: t('enterprises.detail.grantedOn'), dataIndex: 'grantedOn' },
                    {
                      title: t('enterprises.detail.expiresOn'),
                      dataIndex: 'expiresOn',
                      render: (v: string | null) => v ?? '—',
                    },
                    {
                      title: t('enterprises.detail.revokedOn'),
                      dataIndex: 'revokedOn',
                      render: (v: string | null) => v ?? '—',
                    },
                    { title: t('enterprises.detail.documentNumber'), dataIndex: 'documentNumber' },
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

export const Component = guarded(EnterpriseDetailPage);
