import type { ApplicationView, RoundView } from '@qunce/core/recognition';
import { useQuery } from '@tanstack/react-query';
import { App, Button, Card, Flex, Modal, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { apiRequest } from '../../api/client.ts';
import { useCities } from '../../api/reference.ts';
import { downloadFrom } from '../../components/download.ts';
import { QueryState, useErrorText } from '../../components/query-state.tsx';
import { useLocale, useT } from '../../i18n/locale-context.tsx';
import type { MessageKey } from '../../i18n/zh-CN.ts';
import { ApplyForm } from './apply-form.tsx';
import { DecisionForm } from './decision-form.tsx';
import { NoticeForm, RecogniseForm } from './notice-panel.tsx';
import { eligibilityText, isUndecided, stageName } from './recognition-labels.ts';
import { RoundObjections } from './round-objections.tsx';
import { RoundPanels, usePanels } from './round-panels.tsx';
import { RoundRanking } from './round-ranking.tsx';
import { RoundSteps } from './round-steps.tsx';
import { ScoreSheets } from './score-sheets.tsx';

const applicationColours: Record<ApplicationView['status'], string> = {
  submitted: 'default',
  eligible: 'blue',
  ineligible: 'red',
  recommended: 'purple',
  not_recommended: 'default',
  recognised: 'green',
  withdrawn: 'default',
};
type TabKey = 'applications' | 'review' | 'ranking' | 'notice';

/** The tab a round opens on: where its work is now. */
function defaultTab(round: RoundView, canManage: boolean): TabKey {
  if (round.status === 'open') return 'applications';
  if (round.status === 'reviewing') return canManage ? 'review' : 'ranking';
  if (round.status === 'decided') return canManage ? 'notice' : 'ranking';
  return 'notice';
}

/** The round's documents (province): ranking and recognition list .xlsx, public notice .docx. */
function RoundDownloads({ round }: { round: RoundView }) {
  const t = useT();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const base = `/api/recognition/rounds/${round.id}`;
  const download = (path: string, name: string) =>
    downloadFrom(`${base}/${path}`, name).catch(
      (error: unknown) => void message.error(t('recognitionFlow.docs.failed', { message: errorText(error) })),
    );
  return (
    <Space wrap>
      {round.rankingHash && (
        <Button
          size="small"
          data-testid="download-ranking"
          onClick={() => void download('ranking.xlsx', 'ranking.xlsx')}
        >
          {t('recognitionFlow.docs.ranking')}
        </Button>
      )}
      {!isUndecided(round) && (
        <Button
          size="small"
          data-testid="download-recognised"
          onClick={() => void download('recognised.xlsx', 'recognised.xlsx')}
        >
          {t('recognitionFlow.docs.recognised')}
        </Button>
      )}
      {round.noticeStart && (
        <Button
          size="small"
          data-testid="download-notice"
          onClick={() => void download('notice.docx', 'notice.docx')}
        >
          {t('recognitionFlow.docs.notice')}
        </Button>
      )}
    </Space>
  );
}

/** A round's applications with the eligibility reasons the server gave (scoped by the server) and the stage reached. */
function ApplicationsTable({ round, applications }: { round: RoundView; applications: ApplicationView[] }) {
  const t = useT();
  const { locale } = useLocale();
  const { cityName } = useCities();
  return (
    <Table<ApplicationView>
      size="small"
      rowKey="id"
      pagination={false}
      dataSource={applications}
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
          width: 150,
          render: (status: ApplicationView['status'], row) => {
            const reached = row.reachedStage
              ? round.stages.find((s) => s.code === row.reachedStage)
              : undefined;
            return (
              <Space vertical size={2}>
                <Tag color={applicationColours[status]}>{t(`recognition.app.${status}` as MessageKey)}</Tag>
                {reached && (
                  <Tag color="cyan">
                    {t('recognitionFlow.advance.reached', { stage: stageName(reached, locale) })}
                  </Tag>
                )}
              </Space>
            );
          },
        },
        {
          title: t('recognition.eligibility'),
          render: (_: unknown, row) =>
            row.eligibility ? (
              <Space vertical size={0}>
                {row.eligibility.checks.map((check) => (
                  <Typography.Text key={check.rule} type={check.passed ? 'success' : 'danger'}>
                    {check.passed ? '✓ ' : '✗ '}
                    {eligibilityText(check, locale, t)}
                  </Typography.Text>
                ))}
              </Space>
            ) : (
              <Typography.Text type="secondary">{t('recognition.notChecked')}</Typography.Text>
            ),
        },
      ]}
    />
  );
}

/**
 * One round: a Steps bar showing where it is (applications → review stages → decision → notice →
 * recognition) and tabs for the work of each step, each action only for the permission that allows it
 * (the server checks again). The tab lives in the address (`?round=…&tab=…`).
 */
export function RoundDetail({
  round,
  canManage,
  canApply,
}: {
  round: RoundView;
  canManage: boolean;
  canApply: boolean;
}) {
  const t = useT();
  const [params, setParams] = useSearchParams();
  const [applying, setApplying] = useState(false);
  const applications = useQuery({
    queryKey: ['recognition', 'applications', round.id],
    queryFn: () =>
      apiRequest<{ items: ApplicationView[] }>(`/api/recognition/rounds/${round.id}/applications`),
  });
  const panels = usePanels(round, canManage);
  const items = applications.data?.items ?? [];
  const requested = params.get('tab') as TabKey | null;
  const tabs: { key: TabKey; label: string; children: React.ReactNode }[] = [
    {
      key: 'applications',
      label: t('recognitionFlow.tab.applications'),
      children: (
        <QueryState
          isLoading={applications.isLoading}
          error={applications.error}
          isEmpty={items.length === 0}
          emptyText={t('recognition.applicationsEmpty')}
          onRetry={() => void applications.refetch()}
        >
          <ApplicationsTable round={round} applications={items} />
        </QueryState>
      ),
    },
    ...(canManage
      ? [
          {
            key: 'review' as const,
            label: t('recognitionFlow.tab.review'),
            children: (
              <Flex vertical gap={12}>
                <RoundPanels round={round} applications={items} />
                <ScoreSheets round={round} applications={items} />
              </Flex>
            ),
          },
        ]
      : []),
    {
      key: 'ranking',
      label: t('recognitionFlow.tab.ranking'),
      children: (
        <Flex vertical gap={12}>
          <RoundRanking round={round} applications={items} canManage={canManage} />
          {canManage && isUndecided(round) && <DecisionForm round={round} applications={items} />}
        </Flex>
      ),
    },
    ...(canManage
      ? [
          {
            key: 'notice' as const,
            label: t('recognitionFlow.tab.notice'),
            children: (
              <Flex vertical gap={12}>
                <NoticeForm round={round} />
                {!isUndecided(round) && <RoundObjections round={round} applications={items} />}
                <RecogniseForm round={round} />
              </Flex>
            ),
          },
        ]
      : []),
  ];
  const active = tabs.some((tab) => tab.key === requested)
    ? (requested as TabKey)
    : tabs.some((tab) => tab.key === defaultTab(round, canManage))
      ? defaultTab(round, canManage)
      : 'applications';
  const applicationsOpen = round.status === 'open';
  return (
    <Card
      size="small"
      title={t('recognition.applications', { round: round.name })}
      extra={
        <Space wrap>
          {canApply && applicationsOpen && (
            <Button size="small" type="primary" data-testid="apply-round" onClick={() => setApplying(true)}>
              {t('recognitionFlow.apply.button')}
            </Button>
          )}
          {canManage && <RoundDownloads round={round} />}
        </Space>
      }
    >
      <Flex vertical gap={16}>
        <RoundSteps round={round} drawnStages={(panels.data?.items ?? []).map((p) => p.stageCode)} />
        <Tabs
          activeKey={active}
          onChange={(key) =>
            setParams(
              (previous) => {
                const next = new URLSearchParams(previous);
                next.set('round', round.id);
                next.set('tab', key);
                return next;
              },
              { replace: true },
            )
          }
          items={tabs}
        />
      </Flex>
      <Modal
        open={applying}
        footer={null}
        destroyOnHidden
        width={640}
        title={t('recognitionFlow.apply.title', { round: round.name })}
        onCancel={() => setApplying(false)}
      >
        <ApplyForm round={round} />
      </Modal>
    </Card>
  );
}
