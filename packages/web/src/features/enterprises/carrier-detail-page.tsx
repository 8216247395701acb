import type { CarrierView } from '@qunce/core/carriers-parks';
import { useQuery } from '@tanstack/react-query';
import { Card, Descriptions, Flex, Typography } from 'antd';
import { useEffect } from 'react';
import { Link, useParams } from 'react-router';
import { apiRequest } from '../../api/client.ts';
import { useCities } from '../../api/reference.ts';
import { DetailHeading, DetailNotFound } from '../../components/detail-heading.tsx';
import { guarded } from '../../components/feature-guard.tsx';
import { isNotFound, QueryState } from '../../components/query-state.tsx';
import { useT } from '../../i18n/locale-context.tsx';
import { carrierTypeKey, levelKey } from '../clusters/cluster-labels.ts';

/** 创新载体详情 (`/enterprises/carriers/:id`): the carrier, its host enterprise and its cluster. */
export function CarrierDetailPage() {
  const t = useT();
  const { id = '' } = useParams();
  const { cityName } = useCities();
  const carrier = useQuery({
    queryKey: ['carriers', 'detail', id],
    queryFn: () => apiRequest<CarrierView>(`/api/carriers/${encodeURIComponent(id)}`),
    retry: false,
  });
  useEffect(() => {
    document.title = `${carrier.data?.name ?? id} · ${t('app.name')}`;
  }, [carrier.data, id, t]);

  const back = '/enterprises?tab=carriers';
  if (isNotFound(carrier.error)) {
    return <DetailNotFound back={back} title={t('carriers.detail.notFound', { code: id })} />;
  }
  const data = carrier.data;
  return (
    <Flex vertical gap={16}>
      <DetailHeading back={back} title={data?.name ?? id} />
      <QueryState isLoading={carrier.isLoading} error={carrier.error} onRetry={() => void carrier.refetch()}>
        {data && (
          <Card size="small" title={t('carriers.detail.profile')}>
            <Descriptions size="small" bordered column={{ xs: 1, md: 2 }}>
              <Descriptions.Item label={t('carriers.type')}>{t(carrierTypeKey(data.type))}</Descriptions.Item>
              <Descriptions.Item label={t('carriers.level')}>{t(levelKey(data.level))}</Descriptions.Item>
              <Descriptions.Item label={t('carriers.host')}>
                <Link to={`/enterprises/${encodeURIComponent(data.hostCreditCode)}`}>{data.hostName}</Link>
                <Typography.Text type="secondary"> {data.hostCreditCode}</Typography.Text>
              </Descriptions.Item>
              <Descriptions.Item label={t('carriers.city')}>{cityName(data.cityCode)}</Descriptions.Item>
              <Descriptions.Item label={t('carriers.cluster')}>
                {data.clusterCode ? (
                  <Link to={`/clusters/${encodeURIComponent(data.clusterCode)}`}>{data.clusterCode}</Link>
                ) : (
                  '—'
                )}
              </Descriptions.Item>
              <Descriptions.Item label={t('carriers.recognisedOn')}>
                {data.recognisedOn ?? '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('carriers.documentNumber')}>
                {data.documentNumber ?? '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('carriers.updatedAt')}>
                {data.updatedAt.slice(0, 10)}
              </Descriptions.Item>
            </Descriptions>
          </Card>
        )}
      </QueryState>
    </Flex>
  );
}

export const Component = guarded(CarrierDetailPage);
