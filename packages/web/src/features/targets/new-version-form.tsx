import type { Target, TargetSet, TargetSetSummary, TargetsResponse, TargetTrend } from '@qunce/core/targets';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Select,
  Table,
  Typography,
} from 'antd';
import { useState } from 'react';
import { apiRequest } from '../../api/client.ts';
import { useErrorText } from '../../components/query-state.tsx';
import { useT } from '../../i18n/locale-context.tsx';
import type { TargetRow } from './targets-api.ts';

type RowForm = { value: number; trend: TargetTrend | undefined };
type VersionForm = {
  version: number;
  name: string;
  documentNumber: string;
  documentTitle: string;
  issued: string;
  /** One deadline for every target (e.g. 2030-12-31); empty keeps each target's own. */
  deadline?: string;
  targets: RowForm[];
};

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The trend the server assessed a target with, read back from its calculation (compound or linear
 * ratio) or its forecast model; undefined when neither tells (no data yet, or already achieved):
 * the province then chooses.
 */
export function trendOf(row: TargetRow): TargetTrend | undefined {
  if (row.calculation.method === 'compound-ratio') return 'compound';
  if (row.calculation.method === 'linear-ratio') return 'linear';
  if (row.forecast?.model === 'log-linear') return 'compound';
  if (row.forecast?.model === 'linear') return 'linear';
  return undefined;
}

/**
 * The definition of a target rebuilt from its row on the board (`GET /api/targets`): text, unit,
 * comparator, tolerance, baseline, task, binding and departments (owners, the lead first) as they are,
 * with the value, trend and deadline the form gives.
 */
export function definitionOf(
  row: TargetRow,
  edit: { value: number; trend: TargetTrend; deadline: string },
): Target {
  const [lead = '', ...coOwners] = row.owners;
  return {
    code: row.code,
    taskCode: row.taskCode,
    text: row.text,
    textEn: row.textEn,
    unit: row.unit,
    baseline: row.calculation.baseline,
    value: edit.value,
    comparator: row.comparator,
    tolerance: row.tolerance,
    deadline: edit.deadline,
    trend: edit.trend,
    departments: { lead, coOwners },
    binding: row.binding,
  };
}

/**
 * The province creates a new version of the shown target set (`POST /api/targets/sets`), copying its
 * targets with edited values, trends and (optionally) one new deadline, and the thresholds as they
 * are; the new version becomes the set's current one and is shown afterwards.
 */
export function NewVersionButton({
  summary,
  versions,
  onCreated,
}: {
  summary: TargetSetSummary;
  versions: readonly TargetSetSummary[];
  onCreated: (created: TargetSetSummary) => void;
}) {
  const t = useT();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<VersionForm>();
  const nextVersion =
    Math.max(0, ...versions.filter((s) => s.code === summary.code).map((s) => s.version)) + 1;
  const source = useQuery({
    queryKey: ['targets', 'copy-source', summary.code, summary.version],
    enabled: open,
    queryFn: async () => {
      const body = await apiRequest<TargetsResponse>(
        `/api/targets?set=${encodeURIComponent(summary.code)}&version=${summary.version}`,
      );
      form.setFieldsValue({
        version: nextVersion,
        name: summary.name,
        documentNumber: '',
        documentTitle: '',
        issued: '',
        targets: body.targets.map((row) => ({ value: row.value, trend: trendOf(row) })),
      });
      return body;
    },
  });
  const rows = source.data?.targets ?? [];
  const create = useMutation({
    mutationFn: (set: TargetSet) =>
      apiRequest<TargetSetSummary>('/api/targets/sets', {
        method: 'POST',
        body: { set, thresholds: summary.thresholds },
      }),
    onSuccess: (created) => {
      void message.success(t('targetsWork.newVersion.saved', { version: created.version }));
      void queryClient.invalidateQueries({ queryKey: ['targets'] });
      setOpen(false);
      onCreated(created);
    },
    onError: (error) => void message.error(errorText(error)),
  });
  const submit = (values: VersionForm) => {
    const targets = rows.map((row, i) => {
      const edit = values.targets[i];
      return definitionOf(row, {
        value: edit?.value ?? row.value,
        trend: edit?.trend ?? 'compound',
        deadline: values.deadline || row.deadline,
      });
    });
    create.mutate({
      code: summary.code,
      version: values.version,
      name: values.name,
      document: { number: values.documentNumber, title: values.documentTitle, issued: values.issued },
      targets,
    });
  };
  const required = { required: true, message: t('targetsWork.required') };
  return (
    <>
      <Button data-testid="targets-new-version-open" onClick={() => setOpen(true)}>
        {t('targetsWork.newVersion')}
      </Button>
      <Modal
        open={open}
        title={t('targetsWork.newVersion.title', { set: `${summary.name} v${summary.version}` })}
        onCancel={() => setOpen(false)}
        footer={[
          <Button key="cancel" onClick={() => setOpen(false)}>
            {t('targetsWork.cancel')}
          </Button>,
          <Popconfirm key="save" title={t('targetsWork.newVersion.confirm')} onConfirm={() => form.submit()}>
            <Button
              type="primary"
              loading={create.isPending}
              disabled={rows.length === 0}
              data-testid="targets-new-version-save"
            >
              {t('targetsWork.newVersion.save')}
            </Button>
          </Popconfirm>,
        ]}
        width={960}
        forceRender
      >
        <Typography.Paragraph type="secondary">{t('targetsWork.newVersion.hint')}</Typography.Paragraph>
        {source.error && <Alert type="error" showIcon title={errorText(source.error)} />}
        <Form<VersionForm> form={form} layout="vertical" onFinish={submit}>
          <Form.Item name="version" label={t('targetsWork.newVersion.version')} rules={[required]}>
            <InputNumber min={nextVersion} precision={0} style={{ width: 120 }} />
          </Form.Item>
          <Form.Item name="name" label={t('targetsWork.newVersion.name')} rules={[required]}>
            <Input />
          </Form.Item>
          <Form.Item
            name="documentNumber"
            label={t('targetsWork.newVersion.documentNumber')}
            rules={[required]}
          >
            <Input />
          </Form.Item>
          <Form.Item
            name="documentTitle"
            label={t('targetsWork.newVersion.documentTitle')}
            rules={[required]}
          >
            <Input />
          </Form.Item>
          <Form.Item
            name="issued"
            label={t('targetsWork.newVersion.issued')}
            rules={[{ ...required, pattern: isoDate }]}
          >
            <Input type="date" />
          </Form.Item>
          <Form.Item
            name="deadline"
            label={t('targetsWork.newVersion.deadline')}
            extra={t('targetsWork.newVersion.deadlineHint')}
            rules={[{ pattern: isoDate, message: t('targetsWork.required') }]}
          >
            <Input type="date" />
          </Form.Item>
          <Table<TargetRow>
            size="small"
            rowKey="code"
            loading={source.isLoading}
            dataSource={rows}
            pagination={false}
            scroll={{ y: 360 }}
            columns={[
              { title: t('targetsWork.newVersion.code'), dataIndex: 'code', width: 80 },
              { title: t('targetsWork.newVersion.text'), dataIndex: 'text' },
              {
                title: t('targetsWork.newVersion.value'),
                key: 'value',
                width: 170,
                render: (_: unknown, row, i) => (
                  <Form.Item name={['targets', i, 'value']} rules={[required]} style={{ margin: 0 }}>
                    <InputNumber
                      aria-label={t('targetsWork.newVersion.valueOf', { code: row.code })}
                      suffix={row.unit}
                      style={{ width: 150 }}
                    />
                  </Form.Item>
                ),
              },
              {
                title: t('targetsWork.newVersion.trend'),
                key: 'trend',
                width: 150,
                render: (_: unknown, row, i) => (
                  <Form.Item name={['targets', i, 'trend']} rules={[required]} style={{ margin: 0 }}>
                    <Select
                      aria-label={t('targetsWork.newVersion.trendOf', { code: row.code })}
                      options={(['compound', 'linear'] as const).map((trend) => ({
                        value: trend,
                        label: t(`targetsWork.trend.${trend}`),
                      }))}
                    />
                  </Form.Item>
                ),
              },
            ]}
          />
        </Form>
      </Modal>
    </>
  );
}
