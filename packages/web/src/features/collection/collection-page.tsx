import type {
  CityLeagueRow,
  CollectionPeriodView,
  CompletenessReport,
  SubmissionView,
  ValidationReport,
} from '@qunce/core/collection';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Flex,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { sessionQuery } from '../../api/auth.ts';
import { apiRequest } from '../../api/client.ts';
import { useCities } from '../../api/reference.ts';
import { guarded } from '../../components/feature-guard.tsx';
import { QueryState, useErrorText } from '../../components/query-state.tsx';
import { useT } from '../../i18n/locale-context.tsx';
import type { MessageKey } from '../../i18n/zh-CN.ts';
import { FillForm, ValidationIssues } from './fill-form.tsx';
import { chinaTime, PeriodsPanel } from './periods-panel.tsx';
import { WorkbookUpload } from './workbook-upload.tsx';

type Transition = 'submit' | 'city-forward' | 'accept' | 'return' | 'reopen';
const needsReason: Record<Transition, boolean> = {
  submit: false,
  'city-forward': false,
  accept: false,
  return: true,
  reopen: true,
};
const reasonTitle: Record<Transition, MessageKey> = {
  submit: 'collection.submit',
  'city-forward': 'collectionFlow.forward',
  accept: 'collection.accept',
  return: 'collection.return',
  reopen: 'collection.reopen',
};
const stateColours: Record<SubmissionView['state'], string> = {
  open: 'default',
  submitted: 'blue',
  returned: 'red',
  accepted: 'green',
  reopened: 'orange',
};
const percent = (value: number) => `${(value * 100).toFixed(1)}%`;

/** The completeness and timeliness league table of a period by city (province reviewers). */
function CityLeague() {
  const t = useT();
  const periods = useQuery({
    queryKey: ['collection', 'periods'],
    queryFn: () => apiRequest<{ items: CollectionPeriodView[] }>('/api/collection/periods'),
  });
  const periodCodes = [...new Set((periods.data?.items ?? []).map((p) => p.period))];
  const [picked, setPicked] = useState<string | undefined>();
  const period = picked ?? periodCodes[0];
  const report = useQuery({
    queryKey: ['collection', 'completeness', period],
    queryFn: () =>
      apiRequest<CompletenessReport>(
        `/api/collection/completeness?period=${encodeURIComponent(period ?? '')}`,
      ),
    enabled: period !== undefined,
  });
  return (
    <Card
      size="small"
      title={t('collection.league')}
      extra={
        <Select
          aria-label={t('collection.pickPeriod')}
          placeholder={t('collection.pickPeriod')}
          style={{ width: 140 }}
          value={period}
          onChange={(value: string) => setPicked(value)}
          options={periodCodes.map((code) => ({ value: code, label: code }))}
        />
      }
    >
      <QueryState
        isLoading={periods.isLoading || report.isLoading}
        error={periods.error ?? report.error}
        isEmpty={period === undefined || report.data?.cities.length === 0}
        emptyText={t('collection.leagueEmpty')}
        onRetry={() => void (periods.error ? periods.refetch() : report.refetch())}
      >
        <Table<CityLeagueRow>
          size="small"
          rowKey="cityCode"
          pagination={false}
          dataSource={report.data?.cities ?? []}
          columns={[
            { title: t('collection.rank'), dataIndex: 'rank', width: 70 },
            { title: t('collection.city'), dataIndex: 'cityName' },
            { title: t('collection.assignments'), dataIndex: 'assignments', width: 90 },
            { title: t('collection.submitted'), dataIndex: 'submitted', width: 90 },
            { title: t('collection.late'), dataIndex: 'late', width: 80 },
            { title: t('collection.missing'), dataIndex: 'missing', width: 80 },
            { title: t('collection.completeness'), dataIndex: 'completeness', width: 110, render: percent },
            { title: t('collection.timeliness'), dataIndex: 'timeliness', width: 110, render: percent },
          ]}
        />
      </QueryState>
    </Card>
  );
}

/**
 * The submissions in the user's scope, with the actions its permissions allow: the assignee fills,
 * uploads and submits its own; a city bureau passes on or returns its cluster organisations'
 * submissions awaiting its review; the province accepts, returns or reopens.
 */
function Submissions({
  canSubmit,
  canReview,
  ownCode,
  isCity,
}: {
  canSubmit: boolean;
  canReview: boolean;
  ownCode: string | undefined;
  isCity: boolean;
}) {
  const t = useT();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const { cityName } = useCities();
  const queryClient = useQueryClient();
  const [reasonFor, setReasonFor] = useState<{ row: SubmissionView; action: Transition } | null>(null);
  const [reason, setReason] = useState('');
  const [filling, setFilling] = useState<SubmissionView | null>(null);
  const [uploading, setUploading] = useState<SubmissionView | null>(null);
  const [report, setReport] = useState<{ id: string; report: ValidationReport } | null>(null);
  const submissions = useQuery({
    queryKey: ['collection', 'submissions'],
    queryFn: () => apiRequest<{ items: SubmissionView[] }>('/api/collection/submissions'),
  });
  const transition = useMutation({
    mutationFn: (input: { row: SubmissionView; action: Transition; reason?: string }) =>
      apiRequest<SubmissionView>(`/api/collection/submissions/${input.row.id}/${input.action}`, {
        method: 'POST',
        body: { version: input.row.version, ...(input.reason ? { reason: input.reason } : {}) },
      }),
    onSuccess: () => {
      void message.success(t('collection.done'));
      setReasonFor(null);
      setReason('');
      void queryClient.invalidateQueries({ queryKey: ['collection'] });
    },
    onError: (error) => void message.error(errorText(error)),
  });
  const validate = useMutation({
    mutationFn: (row: SubmissionView) =>
      apiRequest<ValidationReport>(`/api/collection/submissions/${row.id}/validation`),
    onSuccess: (result, row) => setReport({ id: row.id, report: result }),
    onError: (error) => void message.error(errorText(error)),
  });
  const act = (row: SubmissionView, action: Transition) =>
    needsReason[action] ? setReasonFor({ row, action }) : transition.mutate({ row, action });
  const reasonValid = reason.trim().length >= 2;

  return (
    <Card size="small" title={t('collection.submissions')}>
      <QueryState
        isLoading={submissions.isLoading}
        error={submissions.error}
        isEmpty={submissions.data?.items.length === 0}
        emptyText={t('collection.submissionsEmpty')}
        onRetry={() => void submissions.refetch()}
      >
        {report && (
          <div style={{ marginBottom: 12 }}>
            <ValidationIssues report={report.report} />
          </div>
        )}
        <Table<SubmissionView>
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={submissions.data?.items ?? []}
          columns={[
            { title: t('collection.dataSet'), dataIndex: 'dataSetName' },
            { title: t('collection.period'), dataIndex: 'period', width: 100 },
            {
              title: t('collection.assignee'),
              dataIndex: 'assigneeName',
              render: (name: string, row) => (
                <Space vertical size={0}>
                  <span>{name}</span>
                  {row.cityCode && (
                    <Typography.Text type="secondary">{cityName(row.cityCode)}</Typography.Text>
                  )}
                </Space>
              ),
            },
            {
              title: t('collection.deadline'),
              dataIndex: 'deadline',
              width: 140,
              // An instant from the API, shown as the China time it names (the end of a China day).
              render: (deadline: string) => (deadline.length > 10 ? chinaTime(deadline) : deadline),
            },
            {
              title: t('collection.state'),
              dataIndex: 'state',
              render: (state: SubmissionView['state'], row) => (
                <Space vertical size={0}>
                  <Space size={4} wrap>
                    <Tag color={stateColours[state]}>{t(`collection.state.${state}` as MessageKey)}</Tag>
                    {row.awaitingCityReview && <Tag>{t('collection.awaitingCity')}</Tag>}
                    {row.onTime === false && <Tag color="red">{t('collection.late')}</Tag>}
                  </Space>
                  {row.reason && (
                    <Typography.Text type="secondary">
                      {t('collection.reason', { reason: row.reason })}
                    </Typography.Text>
                  )}
                </Space>
              ),
            },
            {
              title: t('collection.actions'),
              render: (_: unknown, row) => {
                const editable = row.state === 'open' || row.state === 'returned' || row.state === 'reopened';
                const busy = transition.isPending || validate.isPending;
                const own = canSubmit && editable && row.assignee === ownCode;
                const cityReview = canSubmit && isCity && row.state === 'submitted' && row.awaitingCityReview;
                const provinceReview = canReview && row.state === 'submitted' && !row.awaitingCityReview;
                return (
                  <Space size={4} wrap>
                    <Button
                      size="small"
                      href={`/api/collection/submissions/${row.id}/workbook.xlsx`}
                      download
                    >
                      {t('collection.workbook')}
                    </Button>
                    <Button size="small" disabled={busy} onClick={() => validate.mutate(row)}>
                      {t('collection.validate')}
                    </Button>
                    {own && (
                      <Button size="small" disabled={busy} onClick={() => setFilling(row)}>
                        {t('collection.fill')}
                      </Button>
                    )}
                    {own && (
                      <Button
                        size="small"
                        disabled={busy}
                        data-testid={`collection-upload-${row.id}`}
                        onClick={() => setUploading(row)}
                      >
                        {t('collectionFlow.upload')}
                      </Button>
                    )}
                    {own && (
                      <Popconfirm
                        title={t('collectionFlow.submitConfirm')}
                        onConfirm={() => act(row, 'submit')}
                      >
                        <Button size="small" type="primary" disabled={busy}>
                          {t('collection.submit')}
                        </Button>
                      </Popconfirm>
                    )}
                    {cityReview && (
                      <Popconfirm
                        title={t('collectionFlow.forwardConfirm')}
                        onConfirm={() => act(row, 'city-forward')}
                      >
                        <Button
                          size="small"
                          type="primary"
                          disabled={busy}
                          data-testid={`collection-forward-${row.id}`}
                        >
                          {t('collectionFlow.forward')}
                        </Button>
                      </Popconfirm>
                    )}
                    {provinceReview && (
                      <Popconfirm
                        title={t('collectionFlow.acceptConfirm')}
                        onConfirm={() => act(row, 'accept')}
                      >
                        <Button size="small" type="primary" disabled={busy}>
                          {t('collection.accept')}
                        </Button>
                      </Popconfirm>
                    )}
                    {(provinceReview || cityReview) && (
                      <Button size="small" danger disabled={busy} onClick={() => act(row, 'return')}>
                        {t('collection.return')}
                      </Button>
                    )}
                    {canReview && row.state === 'accepted' && (
                      <Button size="small" disabled={busy} onClick={() => act(row, 'reopen')}>
                        {t('collection.reopen')}
                      </Button>
                    )}
                  </Space>
                );
              },
            },
          ]}
        />
      </QueryState>
      <Modal
        open={filling !== null}
        footer={null}
        width={1000}
        destroyOnHidden
        title={filling && t('collection.fillTitle', { name: filling.dataSetName, period: filling.period })}
        onCancel={() => setFilling(null)}
      >
        {filling && <FillForm submissionId={filling.id} onSubmitted={() => setFilling(null)} />}
      </Modal>
      <Modal
        open={uploading !== null}
        footer={null}
        width={900}
        destroyOnHidden
        title={
          uploading &&
          t('collectionFlow.uploadTitle', { name: uploading.dataSetName, period: uploading.period })
        }
        onCancel={() => setUploading(null)}
      >
        {uploading && <WorkbookUpload submission={uploading} onSubmitted={() => setUploading(null)} />}
      </Modal>
      <Modal
        open={reasonFor !== null}
        title={reasonFor ? t(reasonTitle[reasonFor.action]) : ''}
        okButtonProps={{ disabled: !reasonValid, loading: transition.isPending }}
        onCancel={() => setReasonFor(null)}
        onOk={() => reasonFor && transition.mutate({ ...reasonFor, reason: reason.trim() })}
      >
        <Input.TextArea
          aria-label={t('collection.reasonPrompt')}
          placeholder={t('collection.reasonPrompt')}
          value={reason}
          onChange={(event) => setReason(event.target.value)}
          status={reason && !reasonValid ? 'error' : undefined}
        />
        {reason && !reasonValid && (
          <Typography.Text type="danger">{t('collection.reasonRequired')}</Typography.Text>
        )}
      </Modal>
    </Card>
  );
}

/** 数据报送: the submissions in scope (fill, validate, submit; accept, return, reopen) and the city league. */
export function CollectionPage() {
  const t = useT();
  const { data: session } = useQuery(sessionQuery);
  const permissions = session?.user.permissions ?? [];
  const canReview = permissions.includes('data.review');
  const user = session?.user;
  useEffect(() => {
    document.title = `${t('collection.title')} · ${t('app.name')}`;
  }, [t]);
  return (
    <App component={false}>
      <Flex vertical gap={16}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('collection.title')}
        </Typography.Title>
        {canReview && <PeriodsPanel />}
        {canReview && <CityLeague />}
        <Submissions
          canSubmit={permissions.includes('data.submit')}
          canReview={canReview}
          ownCode={user?.organisation?.code}
          isCity={user?.scope.kind === 'city'}
        />
      </Flex>
    </App>
  );
}

export const Component = guarded(CollectionPage);
