import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Flex, Form, Input, InputNumber, Popconfirm, Table, Typography } from 'antd';
import { sessionQuery } from '../../api/auth.ts';
import { apiRequest } from '../../api/client.ts';
import { QueryState, useErrorText } from '../../components/query-state.tsx';
import { useT } from '../../i18n/locale-context.tsx';
import { EvidenceUpload } from './evidence-upload.tsx';
import { formatNumber } from './target-labels.ts';
import { ownsTarget, type ReportedValue, type SetChoice, setQuery, type TargetRow } from './targets-api.ts';

type ValueForm = { period: string; value: number; note?: string; attachmentIds?: string[] };
type BaselineForm = { period: string; date: string; value: number };

/** A reported target's values, and the owning department's form to report a year (`POST /api/targets/:code/values`). */
function ReportedValues({
  target,
  choice,
  canReport,
}: {
  target: TargetRow;
  choice: SetChoice;
  canReport: boolean;
}) {
  const t = useT();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<ValueForm>();
  const setOnly = { set: choice.set, version: undefined };
  const values = useQuery({
    queryKey: ['targets', 'values', target.code, choice.set ?? null],
    queryFn: () =>
      apiRequest<{ items: ReportedValue[] }>(
        `/api/targets/${encodeURIComponent(target.code)}/values${setQuery(setOnly)}`,
      ),
  });
  const report = useMutation({
    mutationFn: (input: ValueForm) =>
      apiRequest(`/api/targets/${encodeURIComponent(target.code)}/values${setQuery(setOnly)}`, {
        method: 'POST',
        body: {
          period: input.period.trim(),
          value: input.value,
          ...(input.note?.trim() ? { note: input.note.trim() } : {}),
          attachmentIds: input.attachmentIds ?? [],
        },
      }),
    onSuccess: () => {
      void message.success(t('targetsWork.values.saved'));
      form.resetFields();
      void queryClient.invalidateQueries({ queryKey: ['targets'] });
    },
    onError: (error) => void message.error(errorText(error)),
  });
  return (
    <Card size="small" title={t('targetsWork.values')} style={{ marginTop: 16 }}>
      <QueryState isLoading={values.isLoading} error={values.error} onRetry={() => void values.refetch()}>
        <Table<ReportedValue>
          size="small"
          rowKey="period"
          pagination={false}
          dataSource={values.data?.items ?? []}
          locale={{ emptyText: t('targetsWork.values.empty') }}
          columns={[
            { title: t('targetsWork.values.period'), dataIndex: 'period', width: 70 },
            {
              title: t('targetsWork.values.value'),
              dataIndex: 'value',
              align: 'right',
              render: (v: number) => `${formatNumber(v)} ${target.unit}`,
            },
            { title: t('targetsWork.values.department'), dataIndex: 'departmentCode' },
            { title: t('targetsWork.values.note'), dataIndex: 'note' },
            {
              title: t('targetsWork.values.attachments'),
              dataIndex: 'attachmentIds',
              render: (ids: string[]) => ids.length,
            },
          ]}
        />
      </QueryState>
      {canReport && (
        <Form<ValueForm>
          form={form}
          name="target-value"
          layout="vertical"
          style={{ marginTop: 12 }}
          onFinish={(input) => report.mutate(input)}
          initialValues={{ attachmentIds: [] }}
        >
          <Typography.Paragraph type="secondary">{t('targetsWork.values.replace')}</Typography.Paragraph>
          <Flex gap={12} wrap>
            <Form.Item
              name="period"
              label={t('targetsWork.values.period')}
              rules={[{ required: true, pattern: /^\d{4}$/, message: t('targetsWork.required') }]}
            >
              <Input style={{ width: 100 }} placeholder="2025" />
            </Form.Item>
            <Form.Item
              name="value"
              label={`${t('targetsWork.values.value')}（${target.unit}）`}
              rules={[{ required: true, message: t('targetsWork.required') }]}
            >
              <InputNumber style={{ width: 160 }} />
            </Form.Item>
          </Flex>
          <Form.Item name="note" label={t('targetsWork.values.note')}>
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
          <Form.Item name="attachmentIds" label={t('targetsWork.values.attachments')}>
            <EvidenceUpload />
          </Form.Item>
          <Button
            type="primary"
            htmlType="submit"
            loading={report.isPending}
            data-testid="target-value-submit"
          >
            {t('targetsWork.values.submit')}
          </Button>
        </Form>
      )}
    </Card>
  );
}

/** The province sets or clears a target's baseline (`PUT /api/targets/:code/baseline`). */
function BaselineEditor({ target, choice }: { target: TargetRow; choice: SetChoice }) {
  const t = useT();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<BaselineForm>();
  const baseline = target.calculation.baseline;
  const save = useMutation({
    mutationFn: (body: { baseline: BaselineForm | null }) =>
      apiRequest(
        `/api/targets/${encodeURIComponent(target.code)}/baseline${setQuery({ set: choice.set, version: undefined })}`,
        { method: 'PUT', body },
      ),
    onSuccess: () => {
      void message.success(t('targetsWork.baseline.saved'));
      void queryClient.invalidateQueries({ queryKey: ['targets'] });
    },
    onError: (error) => void message.error(errorText(error)),
  });
  return (
    <Card size="small" title={t('targetsWork.baseline')} style={{ marginTop: 16 }}>
      <Typography.Paragraph data-testid="target-baseline-current">
        {baseline
          ? t('targetsWork.baseline.current', {
              period: baseline.period,
              date: baseline.date,
              value: formatNumber(baseline.value),
            })
          : t('targetsWork.baseline.none')}
      </Typography.Paragraph>
      <Form<BaselineForm>
        form={form}
        name="target-baseline"
        layout="vertical"
        initialValues={baseline ?? undefined}
        onFinish={(input) =>
          save.mutate({ baseline: { period: input.period.trim(), date: input.date, value: input.value } })
        }
      >
        <Flex gap={12} wrap>
          <Form.Item
            name="period"
            label={t('targetsWork.baseline.period')}
            rules={[{ required: true, whitespace: true, message: t('targetsWork.required') }]}
          >
            <Input style={{ width: 100 }} placeholder="2022" />
          </Form.Item>
          <Form.Item
            name="date"
            label={t('targetsWork.baseline.date')}
            rules={[{ required: true, pattern: /^\d{4}-\d{2}-\d{2}$/, message: t('targetsWork.required') }]}
          >
            <Input type="date" />
          </Form.Item>
          <Form.Item
            name="value"
            label={`${t('targetsWork.baseline.value')}（${target.unit}）`}
            rules={[{ required: true, message: t('targetsWork.required') }]}
          >
            <InputNumber style={{ width: 160 }} />
          </Form.Item>
        </Flex>
        <Flex gap={8}>
          <Button
            type="primary"
            htmlType="submit"
            loading={save.isPending}
            data-testid="target-baseline-save"
          >
            {t('targetsWork.baseline.save')}
          </Button>
          {baseline && (
            <Popconfirm
              title={t('targetsWork.baseline.clearConfirm')}
              onConfirm={() => save.mutate({ baseline: null })}
            >
              <Button danger data-testid="target-baseline-clear">
                {t('targetsWork.baseline.clear')}
              </Button>
            </Popconfirm>
          )}
        </Flex>
      </Form>
    </Card>
  );
}

/**
 * The work on one target inside its drawer: reported values (and the owner's report form) for
 * reported targets, the baseline for the province. Edits apply to the newest version of the set, so
 * they are offered only while that version is shown (`editable`).
 */
export function TargetWorkPanel({
  target,
  choice,
  editable,
}: {
  target: TargetRow;
  choice: SetChoice;
  editable: boolean;
}) {
  const { data: session } = useQuery(sessionQuery);
  const user = session?.user;
  const permissions = user?.permissions ?? [];
  const canReport = editable && permissions.includes('targets.report') && ownsTarget(user, target);
  const canManage = editable && permissions.includes('targets.manage');
  return (
    <>
      {target.binding.kind === 'reported' && (
        <ReportedValues target={target} choice={choice} canReport={canReport} />
      )}
      {canManage && <BaselineEditor target={target} choice={choice} />}
    </>
  );
}
