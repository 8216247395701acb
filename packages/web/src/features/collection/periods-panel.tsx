import type { OrganisationView } from '@qunce/core';
import type {
  AssignmentStatus,
  CollectionPeriodView,
  DataSetView,
  OpenPeriodRequest,
} from '@qunce/core/collection';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Flex, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { apiRequest } from '../../api/client.ts';
import { QueryState, useErrorText } from '../../components/query-state.tsx';
import { useLocale, useT } from '../../i18n/locale-context.tsx';
import type { MessageKey } from '../../i18n/zh-CN.ts';

type PeriodKind = DataSetView['periodKind'];
type OpenValues = { dataSet: string; period: string; deadline: string; assignees: string[] };

/** What a period of each kind looks like (the server's period codes). */
const periodPatterns: Record<PeriodKind, RegExp> = {
  year: /^\d{4}$/,
  quarter: /^\d{4}Q[1-4]$/,
  ytd: /^\d{4}M(0[1-9]|1[0-2])YTD$/,
};
const periodExamples: Record<PeriodKind, string> = { year: '2025', quarter: '2025Q3', ytd: '2025M09YTD' };

/** A deadline day as the last second of that day in China (UTC+8), as the API takes it. */
export const deadlineOfDay = (day: string) => `${day}T23:59:59+08:00`;

/** An ISO instant as "YYYY-MM-DD HH:mm" in China time (deadlines are set as China days). */
export const chinaTime = (iso: string) =>
  new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

/** The request body of "open a period" from the form. */
export function openPeriodRequest(values: OpenValues): OpenPeriodRequest {
  return {
    period: values.period.trim(),
    deadline: deadlineOfDay(values.deadline),
    assignees: values.assignees,
  };
}

/** City bureaus and cluster organisations: who a period can be assigned to. */
function useAssignees() {
  const { locale } = useLocale();
  const organisations = useQuery({
    queryKey: ['organisations', 'assignees'],
    queryFn: () => apiRequest<{ items: OrganisationView[] }>('/api/organisations'),
  });
  const items = (organisations.data?.items ?? []).filter(
    (o) => o.type === 'city' || o.type === 'cluster_org',
  );
  const label = (o: OrganisationView) => (locale === 'en' && o.nameEn ? o.nameEn : o.name);
  return { organisations, items, label };
}

function OpenPeriodModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const t = useT();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<OpenValues>();
  const dataSetCode = Form.useWatch('dataSet', form);
  const dataSets = useQuery({
    queryKey: ['collection', 'data-sets'],
    queryFn: () => apiRequest<{ items: DataSetView[] }>('/api/collection/data-sets'),
  });
  const { items: assignees, label } = useAssignees();
  const kind = dataSets.data?.items.find((d) => d.code === dataSetCode)?.periodKind ?? 'year';
  const save = useMutation({
    mutationFn: (values: OpenValues) =>
      apiRequest<CollectionPeriodView>(
        `/api/collection/data-sets/${encodeURIComponent(values.dataSet)}/periods`,
        { method: 'POST', body: openPeriodRequest(values) },
      ),
    onSuccess: (period) => {
      void message.success(t('collectionFlow.opened', { period: period.period, count: period.assignments }));
      void queryClient.invalidateQueries({ queryKey: ['collection'] });
      form.resetFields();
      onClose();
    },
    onError: (error) => void message.error(errorText(error)),
  });
  return (
    <Modal
      open={open}
      title={t('collectionFlow.openTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('collectionFlow.openOk')}
      okButtonProps={{ loading: save.isPending, ...{ 'data-testid': 'collection-open-save' } }}
      forceRender
      width={640}
    >
      <Form<OpenValues>
        form={form}
        name="openPeriod"
        layout="vertical"
        initialValues={{ assignees: [] }}
        onFinish={(values) => save.mutate(values)}
      >
        <Form.Item name="dataSet" label={t('collection.dataSet')} rules={[{ required: true }]}>
          <Select
            loading={dataSets.isLoading}
            options={(dataSets.data?.items ?? []).map((d) => ({
              value: d.code,
              label: `${d.name} · ${t(`collectionFlow.kind.${d.periodKind}` as MessageKey)}${
                d.cityReview ? ` · ${t('collectionFlow.cityReview')}` : ''
              }`,
            }))}
          />
        </Form.Item>
        <Flex gap={12}>
          <Form.Item
            name="period"
            label={t('collection.period')}
            extra={t('collectionFlow.periodExample', { example: periodExamples[kind] })}
            dependencies={['dataSet']}
            rules={[
              { required: true, message: t('collectionFlow.periodInvalid') },
              // The data set is read when the rule runs, not from the last render: a submit right after
              // choosing the data set checks the period against the new data set's kind.
              ({ getFieldValue }) => ({
                validator: (_: unknown, value: unknown) => {
                  const chosen = dataSets.data?.items.find((d) => d.code === getFieldValue('dataSet'));
                  const pattern = periodPatterns[chosen?.periodKind ?? 'year'];
                  return typeof value !== 'string' || value === '' || pattern.test(value)
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('collectionFlow.periodInvalid')));
                },
              }),
            ]}
          >
            <Input style={{ width: 160 }} />
          </Form.Item>
          <Form.Item
            name="deadline"
            label={t('collection.deadline')}
            extra={t('collectionFlow.deadlineHint')}
            rules={[{ required: true }]}
          >
            <Input type="date" />
          </Form.Item>
        </Flex>
        <Form.Item
          name="assignees"
          label={t('collectionFlow.assignees')}
          rules={[{ required: true, type: 'array', min: 1, message: t('collectionFlow.assigneesRequired') }]}
        >
          <Select
            mode="multiple"
            allowClear
            optionFilterProp="label"
            options={assignees.map((o) => ({ value: o.code, label: label(o) }))}
          />
        </Form.Item>
        <Button
          size="small"
          onClick={() =>
            form.setFieldValue(
              'assignees',
              assignees.filter((o) => o.type === 'city').map((o) => o.code),
            )
          }
        >
          {t('collectionFlow.allCities')}
        </Button>
      </Form>
    </Modal>
  );
}

/** More assignees for a period already open (those already assigned are not offered). */
function AssignModal({ period, onClose }: { period: CollectionPeriodView | null; onClose: () => void }) {
  const t = useT();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [picked, setPicked] = useState<string[]>([]);
  const { items, label } = useAssignees();
  const status = useAssignmentStatus(period);
  const assigned = new Set((status.data?.assignments ?? []).map((a) => a.assignee));
  const assign = useMutation({
    mutationFn: (input: { id: string; assignees: string[] }) =>
      apiRequest<CollectionPeriodView>(`/api/collection/periods/${input.id}/assignments`, {
        method: 'POST',
        body: { assignees: input.assignees },
      }),
    onSuccess: () => {
      void message.success(t('collection.done'));
      void queryClient.invalidateQueries({ queryKey: ['collection'] });
      setPicked([]);
      onClose();
    },
    onError: (error) => void message.error(errorText(error)),
  });
  return (
    <Modal
      open={period !== null}
      title={period ? t('collectionFlow.assignTitle', { period: period.period }) : ''}
      onCancel={onClose}
      okButtonProps={{ disabled: picked.length === 0, loading: assign.isPending }}
      onOk={() => period && assign.mutate({ id: period.id, assignees: picked })}
      destroyOnHidden
    >
      <Select
        mode="multiple"
        aria-label={period ? t('collectionFlow.assignTitle', { period: period.period }) : ''}
        placeholder={t('collectionFlow.assignees')}
        style={{ width: '100%' }}
        optionFilterProp="label"
        value={picked}
        onChange={setPicked}
        options={items.filter((o) => !assigned.has(o.code)).map((o) => ({ value: o.code, label: label(o) }))}
      />
    </Modal>
  );
}

function useAssignmentStatus(period: CollectionPeriodView | null) {
  return useQuery({
    queryKey: ['collection', 'status', period?.period, period?.dataSet],
    queryFn: () =>
      apiRequest<{ period: string; assignments: AssignmentStatus[] }>(
        `/api/collection/status?period=${encodeURIComponent(period?.period ?? '')}&dataSet=${encodeURIComponent(period?.dataSet ?? '')}`,
      ),
    enabled: period !== null,
  });
}

const stateColours: Record<AssignmentStatus['state'], string> = {
  open: 'default',
  submitted: 'blue',
  returned: 'red',
  accepted: 'green',
  reopened: 'orange',
};

/** Every assignment of one period with its state and timeliness. */
function Assignments({ period }: { period: CollectionPeriodView }) {
  const t = useT();
  const status = useAssignmentStatus(period);
  return (
    <QueryState
      isLoading={status.isLoading}
      error={status.error}
      isEmpty={status.data?.assignments.length === 0}
      emptyText={t('collection.leagueEmpty')}
      onRetry={() => void status.refetch()}
    >
      <Table<AssignmentStatus>
        size="small"
        rowKey="assignee"
        pagination={false}
        data-testid={`collection-assignments-${period.id}`}
        dataSource={status.data?.assignments ?? []}
        columns={[
          { title: t('collection.assignee'), dataIndex: 'assigneeName' },
          {
            title: t('collection.state'),
            dataIndex: 'state',
            width: 120,
            render: (state: AssignmentStatus['state']) => (
              <Tag color={stateColours[state]}>{t(`collection.state.${state}` as MessageKey)}</Tag>
            ),
          },
          {
            title: t('collectionFlow.submittedAt'),
            dataIndex: 'submittedAt',
            width: 150,
            render: (at: string | null) => (at ? chinaTime(at) : '—'),
          },
          {
            title: t('collectionFlow.onTime'),
            dataIndex: 'onTime',
            width: 100,
            render: (onTime: boolean | null) =>
              onTime === null ? (
                '—'
              ) : onTime ? (
                <Tag color="green">{t('collectionFlow.onTimeYes')}</Tag>
              ) : (
                <Tag color="red">{t('collection.late')}</Tag>
              ),
          },
        ]}
      />
    </QueryState>
  );
}

/** 报送期间: the periods opened (province), each with its assignments; open a period, assign more. */
export function PeriodsPanel() {
  const t = useT();
  const [opening, setOpening] = useState(false);
  const [assigning, setAssigning] = useState<CollectionPeriodView | null>(null);
  const periods = useQuery({
    queryKey: ['collection', 'periods'],
    queryFn: () => apiRequest<{ items: CollectionPeriodView[] }>('/api/collection/periods'),
  });
  const dataSets = useQuery({
    queryKey: ['collection', 'data-sets'],
    queryFn: () => apiRequest<{ items: DataSetView[] }>('/api/collection/data-sets'),
  });
  const dataSetName = (code: string) => dataSets.data?.items.find((d) => d.code === code)?.name ?? code;
  return (
    <Card
      size="small"
      title={t('collectionFlow.periods')}
      extra={
        <Button
          type="primary"
          size="small"
          data-testid="collection-open-period"
          onClick={() => setOpening(true)}
        >
          {t('collectionFlow.open')}
        </Button>
      }
    >
      <QueryState
        isLoading={periods.isLoading}
        error={periods.error}
        isEmpty={periods.data?.items.length === 0}
        emptyText={t('collectionFlow.periodsEmpty')}
        onRetry={() => void periods.refetch()}
      >
        <Table<CollectionPeriodView>
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={periods.data?.items ?? []}
          expandable={{ expandedRowRender: (period) => <Assignments period={period} /> }}
          columns={[
            {
              title: t('collection.dataSet'),
              dataIndex: 'dataSet',
              render: (code: string) => (
                <Space vertical size={0}>
                  <span>{dataSetName(code)}</span>
                  <Typography.Text type="secondary">{code}</Typography.Text>
                </Space>
              ),
            },
            { title: t('collection.period'), dataIndex: 'period', width: 110 },
            {
              title: t('collection.deadline'),
              dataIndex: 'deadline',
              width: 150,
              render: (deadline: string) => chinaTime(deadline),
            },
            { title: t('collection.assignments'), dataIndex: 'assignments', width: 90 },
            {
              title: t('collection.actions'),
              key: 'actions',
              width: 120,
              render: (_: unknown, period) => (
                <Button
                  size="small"
                  data-testid={`collection-assign-${period.id}`}
                  onClick={() => setAssigning(period)}
                >
                  {t('collectionFlow.assign')}
                </Button>
              ),
            },
          ]}
        />
      </QueryState>
      <OpenPeriodModal open={opening} onClose={() => setOpening(false)} />
      <AssignModal period={assigning} onClose={() => setAssigning(null)} />
    </Card>
  );
}
