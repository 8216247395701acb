import type { RoundView } from '@qunce/core/recognition';
import { useQuery } from '@tanstack/react-query';
import { Card, Table, Tag, Typography } from 'antd';
import { apiRequest } from '../../api/client.ts';
import { QueryState } from '../../components/query-state.tsx';
import { useT } from '../../i18n/locale-context.tsx';

type Objection = {
  id: string;
  applicationId: string | null;
  objector: string;
  content: string;
  receivedOn: string;
  outcome: 'upheld' | 'dismissed' | null;
  answer: string | null;
  answeredAt: string | null;
};

/** The decision note and the objections received during the public notice, with their answers (province). */
export function RoundObjections({ round }: { round: RoundView }) {
  const t = useT();
  const objections = useQuery({
    queryKey: ['recognition', 'objections', round.id],
    queryFn: () => apiRequest<{ items: Objection[] }>(`/api/recognition/rounds/${round.id}/objections`),
  });
  return (
    <Card size="small" title={t('recognition.objections')}>
      {round.decisionNote && (
        <Typography.Paragraph>
          {t('recognition.decisionNote', { note: round.decisionNote })}
        </Typography.Paragraph>
      )}
      <QueryState
        isLoading={objections.isLoading}
        error={objections.error}
        isEmpty={objections.data?.items.length === 0}
        emptyText={t('recognition.objectionsEmpty')}
        onRetry={() => void objections.refetch()}
      >
        <Table<Objection>
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={objections.data?.items ?? []}
          columns={[
            { title: t('recognition.receivedOn'), dataIndex: 'receivedOn', width: 110 },
            { title: t('recognition.objector'), dataIndex: 'objector', width: 160 },
            { title: t('recognition.objectionContent'), dataIndex: 'content' },
            {
              title: t('recognition.outcome'),
              width: 110,
              render: (_: unknown, row) =>
                row.outcome === null ? (
                  <Tag color="orange">{t('recognition.outcome.pending')}</Tag>
                ) : (
                  <Tag color={row.outcome === 'upheld' ? 'red' : 'default'}>
                    {t(
                      row.outcome === 'upheld'
                        ? 'recognition.outcome.upheld'
                        : 'recognition.outcome.dismissed',
                    )}
                  </Tag>
                ),
            },
            {
              title: t('recognition.answer'),
              dataIndex: 'answer',
              render: (answer: string | null) => answer ?? '—',
            },
          ]}
        />
      </QueryState>
    </Card>
  );
}
