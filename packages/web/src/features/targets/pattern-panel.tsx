import { useQuery } from '@tanstack/react-query';
import { Table, Tag } from 'antd';
import { apiRequest } from '../../api/client.ts';
import { QueryState } from '../../components/query-state.tsx';
import { useT } from '../../i18n/locale-context.tsx';

type TierRow = {
  tier: 'world' | 'national' | 'provincial';
  goal: number;
  reached: number;
  cultivating: number;
  gap: number;
  isMet: boolean;
};
/** The part of `GET /api/targets/3830` this panel shows. */
type Pattern3830 = { date: string; clusters: { tiers: TierRow[] } };

/** The "3830" view: clusters reached and cultivating per tier against the 3 / 8 / 30 goals. */
export function PatternPanel({ date }: { date: string | undefined }) {
  const t = useT();
  const pattern = useQuery({
    queryKey: ['targets', '3830', date],
    queryFn: () => apiRequest<Pattern3830>(`/api/targets/3830${date ? `?date=${date}` : ''}`),
  });
  return (
    <QueryState isLoading={pattern.isLoading} error={pattern.error} onRetry={() => void pattern.refetch()}>
      <Table<TierRow>
        size="small"
        rowKey="tier"
        pagination={false}
        dataSource={pattern.data?.clusters.tiers ?? []}
        columns={[
          {
            title: t('targets.pattern.tier'),
            dataIndex: 'tier',
            render: (tier: TierRow['tier']) => t(`targets.pattern.tier.${tier}`),
          },
          { title: t('targets.pattern.goal'), dataIndex: 'goal' },
          { title: t('targets.pattern.reached'), dataIndex: 'reached' },
          { title: t('targets.pattern.cultivating'), dataIndex: 'cultivating' },
          { title: t('targets.pattern.gap'), dataIndex: 'gap' },
          {
            title: t('targets.pattern.met'),
            dataIndex: 'isMet',
            render: (met: boolean) => (
              <Tag color={met ? 'green' : 'orange'}>{met ? t('common.yes') : t('common.no')}</Tag>
            ),
          },
        ]}
      />
    </QueryState>
  );
}
