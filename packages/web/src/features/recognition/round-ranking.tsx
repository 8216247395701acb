import type { ApplicationView, RoundView, StoredRankingView } from '@qunce/core/recognition';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Empty, Table, Tag, Typography } from 'antd';
import { apiRequest } from '../../api/client.ts';
import { isNotFound, QueryState, useErrorText } from '../../components/query-state.tsx';
import { useT } from '../../i18n/locale-context.tsx';

type RankingRow = StoredRankingView['rows'][number];
const fixed = (value: number) => value.toFixed(2);

/**
 * A round's ranking: combined score C = w·quantitative + (1 − w)·expert with its interval, the quota
 * line, and the borderline rows whose interval crosses it. The province computes it; applicants see
 * their own rows only (the server filters).
 */
export function RoundRanking({
  round,
  applications,
  canManage,
}: {
  round: RoundView;
  applications: ApplicationView[];
  canManage: boolean;
}) {
  const t = useT();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const queryKey = ['recognition', 'ranking', round.id];
  const ranking = useQuery({
    queryKey,
    queryFn: () =>
      apiRequest<{ hash: string | null; ranking: StoredRankingView }>(
        `/api/recognition/rounds/${round.id}/ranking`,
      ),
    retry: false,
  });
  const compute = useMutation({
    mutationFn: () =>
      apiRequest<{ hash: string; ranking: StoredRankingView }>(
        `/api/recognition/rounds/${round.id}/ranking`,
        {
          method: 'POST',
        },
      ),
    onSuccess: (result) => {
      queryClient.setQueryData(queryKey, result);
      void queryClient.invalidateQueries({ queryKey: ['recognition', 'rounds'] });
    },
    onError: (error) => void message.error(errorText(error)),
  });
  const nameOf = (code: string) => applications.find((a) => a.clusterCode === code)?.clusterName ?? code;
  const notRanked = isNotFound(ranking.error);
  const canCompute = canManage && (round.status === 'open' || round.status === 'reviewing');

  return (
    <Card
      size="small"
      title={t('recognition.ranking')}
      extra={
        canCompute && (
          <Button size="small" loading={compute.isPending} onClick={() => compute.mutate()}>
            {t('recognition.computeRanking')}
          </Button>
        )
      }
    >
      {notRanked ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('recognition.notRanked')} />
      ) : (
        <QueryState
          isLoading={ranking.isLoading}
          error={ranking.error}
          onRetry={() => void ranking.refetch()}
        >
          {ranking.data && (
            <Typography.Paragraph type="secondary">
              {t('recognition.rankingBasis', {
                weight: ranking.data.ranking.weight,
                quota: ranking.data.ranking.quota,
                line: ranking.data.ranking.line === null ? '—' : fixed(ranking.data.ranking.line),
              })}
            </Typography.Paragraph>
          )}
          <Table<RankingRow>
            size="small"
            rowKey="applicationId"
            pagination={false}
            dataSource={ranking.data?.ranking.rows ?? []}
            columns={[
              { title: t('collection.rank'), dataIndex: 'rank', width: 70 },
              { title: t('recognition.cluster'), dataIndex: 'clusterCode', render: nameOf },
              {
                title: t('recognition.quantitative'),
                width: 130,
                render: (_: unknown, row) => `${fixed(row.quantitativeScore)} ± ${fixed(row.quantitativeSd)}`,
              },
              {
                title: t('recognition.expert'),
                width: 150,
                render: (_: unknown, row) =>
                  `${fixed(row.expertScore)} ± ${fixed(row.expertSd)} (${t('recognition.experts', { count: row.expertCount })})`,
              },
              {
                title: t('recognition.combined'),
                width: 180,
                render: (_: unknown, row) =>
                  `${fixed(row.combinedScore)} [${fixed(row.low)}, ${fixed(row.high)}]`,
              },
              {
                title: t('recognition.quotaLine'),
                width: 160,
                render: (_: unknown, row) => (
                  <>
                    {row.withinQuota && <Tag color="green">{t('recognition.withinQuota')}</Tag>}
                    {row.borderline && <Tag color="orange">{t('recognition.borderline')}</Tag>}
                  </>
                ),
              },
            ]}
          />
        </QueryState>
      )}
    </Card>
  );
}
