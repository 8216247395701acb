import type { ApplicationView, RoundView, ScoreView } from '@qunce/core/recognition';
import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, Flex, Modal, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { sessionQuery } from '../../api/auth.ts';
import { apiRequest } from '../../api/client.ts';
import { guarded } from '../../components/feature-guard.tsx';
import { QueryState } from '../../components/query-state.tsx';
import { useLocale, useT } from '../../i18n/locale-context.tsx';
import type { MessageKey } from '../../i18n/zh-CN.ts';
import { tierKey } from '../clusters/cluster-labels.ts';
import { OpenRoundForm } from './open-round-form.tsx';
import { RoundDetail } from './round-detail.tsx';
import { ScoreForm } from './score-form.tsx';
import { UpgradesPanel } from './upgrades-panel.tsx';

type Assignment = {
  assignmentId: string;
  roundId: string;
  stageCode: string;
  stageName: string;
  stageNameEn: string;
  application: ApplicationView;
  myScore: ScoreView | null;
};

const roundStatusColours: Record<RoundView['status'], string> = {
  open: 'blue',
  reviewing: 'gold',
  decided: 'purple',
  notice: 'orange',
  recognised: 'green',
};

/** An expert's assigned applications (blind: the server gives only what the expert may see). */
function MyAssignments() {
  const t = useT();
  const { locale } = useLocale();
  const assignments = useQuery({
    queryKey: ['recognition', 'assignments'],
    queryFn: () =>
      apiRequest<{ expertId: string | null; items: Assignment[] }>('/api/recognition/assignments'),
  });
  const [scoring, setScoring] = useState<Assignment | null>(null);
  return (
    <Card size="small" title={t('recognition.assignments')}>
      <Alert type="info" showIcon title={t('recognitionFlow.expertBlind')} style={{ marginBottom: 12 }} />
      <QueryState
        isLoading={assignments.isLoading}
        error={assignments.error}
        isEmpty={assignments.data?.items.length === 0}
        emptyText={t('recognition.assignmentsEmpty')}
        onRetry={() => void assignments.refetch()}
      >
        <Table<Assignment>
          size="small"
          rowKey="assignmentId"
          pagination={false}
          dataSource={assignments.data?.items ?? []}
          columns={[
            {
              title: t('recognition.cluster'),
              render: (_: unknown, row) => row.application.clusterName ?? row.application.clusterCode,
            },
            {
              title: t('recognition.stage'),
              width: 140,
              render: (_: unknown, row) => (locale === 'en' ? row.stageNameEn : row.stageName),
            },
            {
              title: t('recognition.myScore'),
              width: 140,
              render: (_: unknown, row) =>
                row.myScore ? row.myScore.total : <Tag>{t('recognition.notScored')}</Tag>,
            },
            {
              title: t('collection.actions'),
              width: 100,
              render: (_: unknown, row) =>
                !row.myScore && (
                  <Button size="small" type="primary" onClick={() => setScoring(row)}>
                    {t('recognition.score')}
                  </Button>
                ),
            },
          ]}
        />
      </QueryState>
      <Modal
        open={scoring !== null}
        footer={null}
        destroyOnHidden
        title={
          scoring &&
          t('recognition.scoreTitle', {
            cluster: scoring.application.clusterName ?? scoring.application.clusterCode,
          })
        }
        onCancel={() => setScoring(null)}
      >
        {scoring && (
          <ScoreForm
            applicationId={scoring.application.id}
            roundId={scoring.roundId}
            stageCode={scoring.stageCode}
            onDone={() => setScoring(null)}
          />
        )}
      </Modal>
    </Card>
  );
}

/** 集群认定: rounds and their applications (province, applicants in scope); experts' assignments. */
export function RecognitionPage() {
  const t = useT();
  const { data: session } = useQuery(sessionQuery);
  const permissions = session?.user.permissions ?? [];
  const canRead = permissions.includes('recognition.read');
  const isExpert = permissions.includes('recognition.score');
  // An expert's view stays blind: only the assignments, not the rounds' application lists.
  const showRounds = canRead && (!isExpert || permissions.includes('recognition.manage'));
  const [params, setParams] = useSearchParams();
  const selected = params.get('round');
  const setSelected = (id: string) =>
    setParams(
      (previous) => {
        const next = new URLSearchParams(previous);
        next.set('round', id);
        next.delete('tab');
        return next;
      },
      { replace: true },
    );
  const view = params.get('view') === 'upgrades' ? 'upgrades' : 'rounds';
  const [opening, setOpening] = useState(false);
  const canManage = permissions.includes('recognition.manage');
  const canApply = permissions.includes('recognition.apply');
  const rounds = useQuery({
    queryKey: ['recognition', 'rounds'],
    queryFn: () => apiRequest<{ items: RoundView[] }>('/api/recognition/rounds'),
    enabled: showRounds,
  });
  useEffect(() => {
    document.title = `${t('recognition.title')} · ${t('app.name')}`;
  }, [t]);
  const items = rounds.data?.items ?? [];
  const round = items.find((r) => r.id === selected) ?? items[0];

  return (
    <App component={false}>
      <Flex vertical gap={16}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('recognition.title')}
        </Typography.Title>
        {isExpert && <MyAssignments />}
        {showRounds && (
          <Tabs
            activeKey={view}
            onChange={(key) =>
              setParams(
                (previous) => {
                  const next = new URLSearchParams(previous);
                  next.set('view', key);
                  return next;
                },
                { replace: true },
              )
            }
            items={[
              {
                key: 'rounds',
                label: t('recognitionFlow.tab.rounds'),
                children: (
                  <Flex vertical gap={16}>
                    <Card
                      size="small"
                      title={t('recognition.rounds')}
                      extra={
                        canManage && (
                          <Button size="small" type="primary" onClick={() => setOpening(true)}>
                            {t('recognition.openRound')}
                          </Button>
                        )
                      }
                    >
                      <QueryState
                        isLoading={rounds.isLoading}
                        error={rounds.error}
                        isEmpty={items.length === 0}
                        emptyText={t('recognition.roundsEmpty')}
                        onRetry={() => void rounds.refetch()}
                      >
                        <Table<RoundView>
                          size="small"
                          rowKey="id"
                          pagination={false}
                          dataSource={items}
                          rowSelection={{
                            type: 'radio',
                            selectedRowKeys: round ? [round.id] : [],
                            onChange: (keys) => setSelected(String(keys[0] ?? '')),
                          }}
                          onRow={(row) => ({ onClick: () => setSelected(row.id) })}
                          columns={[
                            { title: t('recognition.year'), dataIndex: 'year', width: 80 },
                            {
                              title: t('recognition.name'),
                              dataIndex: 'name',
                              render: (name: string, row) => (
                                <Space vertical size={0}>
                                  <span>{name}</span>
                                  {row.noticeStart && row.noticeEnd && (
                                    <Typography.Text type="secondary">
                                      {t('recognition.notice', {
                                        start: row.noticeStart,
                                        end: row.noticeEnd,
                                      })}
                                    </Typography.Text>
                                  )}
                                  {row.documentNumber && (
                                    <Typography.Text type="secondary">
                                      {t('recognition.documentNumber', { number: row.documentNumber })}
                                    </Typography.Text>
                                  )}
                                </Space>
                              ),
                            },
                            {
                              title: t('recognition.targetTier'),
                              dataIndex: 'targetTier',
                              width: 110,
                              render: (tier: string) => t(tierKey(tier)),
                            },
                            { title: t('recognition.quota'), dataIndex: 'quota', width: 80 },
                            {
                              title: t('recognition.deadline'),
                              dataIndex: 'applicationDeadline',
                              width: 120,
                            },
                            {
                              title: t('recognition.status'),
                              dataIndex: 'status',
                              width: 100,
                              render: (status: RoundView['status']) => (
                                <Tag color={roundStatusColours[status]}>
                                  {t(`recognition.status.${status}` as MessageKey)}
                                </Tag>
                              ),
                            },
                          ]}
                        />
                      </QueryState>
                    </Card>
                    {round && (
                      <RoundDetail key={round.id} round={round} canManage={canManage} canApply={canApply} />
                    )}
                  </Flex>
                ),
              },
              {
                key: 'upgrades',
                label: t('recognitionFlow.tab.upgrades'),
                children: <UpgradesPanel canManage={canManage} canApply={canApply} />,
              },
            ]}
          />
        )}
        <Modal
          open={opening}
          width={800}
          footer={null}
          destroyOnHidden
          title={t('recognition.openRound')}
          onCancel={() => setOpening(false)}
        >
          <OpenRoundForm
            onDone={(created) => {
              setOpening(false);
              setSelected(created.id);
            }}
          />
        </Modal>
      </Flex>
    </App>
  );
}

export const Component = guarded(RecognitionPage);
