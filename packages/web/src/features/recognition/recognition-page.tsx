import type { ApplicationView, RoundView, ScoreView } from '@qunce/core/recognition';
import { useQuery } from '@tanstack/react-query';
import { App, Button, Card, Flex, Modal, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { sessionQuery } from '../../api/auth.ts';
import { apiRequest } from '../../api/client.ts';
import { useCities } from '../../api/reference.ts';
import { guarded } from '../../components/feature-guard.tsx';
import { QueryState } from '../../components/query-state.tsx';
import { useLocale, useT } from '../../i18n/locale-context.tsx';
import { localiseServerMessage } from '../../i18n/translate.ts';
import type { MessageKey } from '../../i18n/zh-CN.ts';
import { tierKey } from '../clusters/cluster-labels.ts';
import { OpenRoundForm } from './open-round-form.tsx';
import { RoundObjections } from './round-objections.tsx';
import { RoundRanking } from './round-ranking.tsx';
import { ScoreForm } from './score-form.tsx';

type Assignment = {
  assignmentId: string;
  roundId: string;
  stageCode: string;
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
const applicationColours: Record<ApplicationView['status'], string> = {
  submitted: 'default',
  eligible: 'blue',
  ineligible: 'red',
  recommended: 'purple',
  not_recommended: 'default',
  recognised: 'green',
  withdrawn: 'default',
};

/** One round's applications with the eligibility reasons the server gave (scoped by the server). */
function RoundApplications({ round, canManage }: { round: RoundView; canManage: boolean }) {
  const t = useT();
  const { locale } = useLocale();
  const { cityName } = useCities();
  const applications = useQuery({
    queryKey: ['recognition', 'applications', round.id],
    queryFn: () =>
      apiRequest<{ items: ApplicationView[] }>(`/api/recognition/rounds/${round.id}/applications`),
  });
  return (
    <>
      <Card size="small" title={t('recognition.applications', { round: round.name })}>
        <QueryState
          isLoading={applications.isLoading}
          error={applications.error}
          isEmpty={applications.data?.items.length === 0}
          emptyText={t('recognition.applicationsEmpty')}
          onRetry={() => void applications.refetch()}
        >
          <Table<ApplicationView>
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={applications.data?.items ?? []}
            columns={[
              {
                title: t('recognition.cluster'),
                dataIndex: 'clusterName',
                render: (name: string | null, row) => (
                  <Space vertical size={0}>
                    <span>{name ?? row.clusterCode}</span>
                    <Typography.Text type="secondary">
                      {row.cityCodes.map((code) => cityName(code)).join('、')}
                    </Typography.Text>
                  </Space>
                ),
              },
              {
                title: t('recognition.leadOutput'),
                width: 160,
                render: (_: unknown, row) => row.figures.leadIndustryOutput ?? '—',
              },
              {
                title: t('recognition.status'),
                dataIndex: 'status',
                width: 110,
                render: (status: ApplicationView['status']) => (
                  <Tag color={applicationColours[status]}>{t(`recognition.app.${status}` as MessageKey)}</Tag>
                ),
              },
              {
                title: t('recognition.eligibility'),
                render: (_: unknown, row) =>
                  row.eligibility ? (
                    <Space vertical size={0}>
                      {row.eligibility.checks.map((check) => (
                        <Typography.Text key={check.rule} type={check.passed ? 'success' : 'danger'}>
                          {check.passed ? '✓ ' : '✗ '}
                          {localiseServerMessage(check.message, locale)}
                        </Typography.Text>
                      ))}
                    </Space>
                  ) : (
                    <Typography.Text type="secondary">{t('recognition.notChecked')}</Typography.Text>
                  ),
              },
            ]}
          />
        </QueryState>
      </Card>
      <RoundRanking round={round} applications={applications.data?.items ?? []} canManage={canManage} />
      {canManage && round.status !== 'open' && round.status !== 'reviewing' && (
        <RoundObjections round={round} />
      )}
    </>
  );
}

/** An expert's assigned applications (blind: the server gives only what the expert may see). */
function MyAssignments() {
  const t = useT();
  const assignments = useQuery({
    queryKey: ['recognition', 'assignments'],
    queryFn: () =>
      apiRequest<{ expertId: string | null; items: Assignment[] }>('/api/recognition/assignments'),
  });
  const [scoring, setScoring] = useState<Assignment | null>(null);
  return (
    <Card size="small" title={t('recognition.assignments')}>
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
            { title: t('recognition.stage'), dataIndex: 'stageCode', width: 140 },
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
  const [selected, setSelected] = useState<string | null>(null);
  const [opening, setOpening] = useState(false);
  const canManage = permissions.includes('recognition.manage');
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
                            {t('recognition.notice', { start: row.noticeStart, end: row.noticeEnd })}
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
                  { title: t('recognition.deadline'), dataIndex: 'applicationDeadline', width: 120 },
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
        )}
        {showRounds && round && <RoundApplications key={round.id} round={round} canManage={canManage} />}
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
