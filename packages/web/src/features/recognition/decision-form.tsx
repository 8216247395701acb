import type { ApplicationView, RoundView, StoredRankingView } from '@qunce/core/recognition';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, Flex, Input, Popconfirm, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { apiRequest } from '../../api/client.ts';
import { useErrorText } from '../../components/query-state.tsx';
import { useT } from '../../i18n/locale-context.tsx';

type RankingResponse = { hash: string | null; ranking: StoredRankingView };

export const rankingQuery = (roundId: string) => ({
  queryKey: ['recognition', 'ranking', roundId],
  queryFn: () => apiRequest<RankingResponse>(`/api/recognition/rounds/${roundId}/ranking`),
  retry: false,
});

/**
 * The province's decision on the stored ranking: the applications recommended (those within the quota
 * ticked to start with, at most the quota), with a note required when the choice departs from the
 * ranking (the server's rule too). Scores and ranking freeze with it, hence the confirmation.
 */
export function DecisionForm({ round, applications }: { round: RoundView; applications: ApplicationView[] }) {
  const t = useT();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const ranking = useQuery(rankingQuery(round.id));
  const rows = ranking.data?.ranking.rows ?? [];
  const withinQuota = rows.filter((r) => r.withinQuota).map((r) => r.applicationId);
  const [chosen, setChosen] = useState<string[] | null>(null);
  const [note, setNote] = useState('');
  const [touched, setTouched] = useState(false);
  const recommended = chosen ?? withinQuota;
  const departs = [...recommended].sort().join() !== [...withinQuota].sort().join();
  const problem =
    recommended.length === 0
      ? t('recognitionFlow.decision.none')
      : recommended.length > round.quota
        ? t('recognitionFlow.decision.overQuota', { quota: round.quota })
        : departs && note.trim() === ''
          ? t('recognitionFlow.decision.noteRequired')
          : null;
  const decide = useMutation({
    mutationFn: () =>
      apiRequest<RoundView>(`/api/recognition/rounds/${round.id}/decision`, {
        method: 'POST',
        body: { recommended, ...(note.trim() ? { note: note.trim() } : {}) },
      }),
    onSuccess: () => {
      void message.success(t('recognitionFlow.decision.done'));
      void queryClient.invalidateQueries({ queryKey: ['recognition'] });
    },
  });
  const nameOf = (code: string) => applications.find((a) => a.clusterCode === code)?.clusterName ?? code;
  if (!ranking.data)
    return (
      <Card size="small" title={t('recognitionFlow.decision.title')}>
        <Typography.Text type="secondary">{t('recognitionFlow.decision.needRanking')}</Typography.Text>
      </Card>
    );
  return (
    <Card size="small" title={t('recognitionFlow.decision.title')}>
      <Flex vertical gap={12}>
        <Typography.Text type="secondary">
          {t('recognitionFlow.decision.pick', { quota: round.quota })}
        </Typography.Text>
        <Checkbox.Group
          value={recommended}
          onChange={(values) => setChosen(values.map(String))}
          style={{ display: 'flex', flexDirection: 'column', gap: 4 }}
          options={rows.map((r) => ({
            value: r.applicationId,
            label: (
              <Space size={4}>
                <span>
                  {r.rank}. {nameOf(r.clusterCode)} · {r.combinedScore.toFixed(2)}
                </span>
                {r.withinQuota && <Tag color="green">{t('recognition.withinQuota')}</Tag>}
                {r.borderline && <Tag color="orange">{t('recognition.borderline')}</Tag>}
              </Space>
            ),
          }))}
        />
        <label htmlFor="decision-note">{t('recognitionFlow.decision.note')}</label>
        <Input.TextArea
          id="decision-note"
          rows={2}
          maxLength={4000}
          value={note}
          onChange={(event) => setNote(event.target.value)}
        />
        {touched && problem && <Alert type="warning" showIcon role="alert" title={problem} />}
        {decide.error && <Alert type="error" showIcon role="alert" title={errorText(decide.error)} />}
        <Flex justify="end">
          {problem ? (
            <Button type="primary" data-testid="decide-round" onClick={() => setTouched(true)}>
              {t('recognitionFlow.decision.submit')}
            </Button>
          ) : (
            <Popconfirm
              title={t('recognitionFlow.decision.confirm')}
              okText={t('recognitionFlow.decision.submit')}
              cancelText={t('recognitionFlow.cancel')}
              onConfirm={() => decide.mutate()}
            >
              <Button type="primary" danger loading={decide.isPending} data-testid="decide-round">
                {t('recognitionFlow.decision.submit')}
              </Button>
            </Popconfirm>
          )}
        </Flex>
      </Flex>
    </Card>
  );
}
