import type { ProgressThresholds, TargetSetSummary } from '@qunce/core/targets';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, InputNumber, Modal, Select, Typography } from 'antd';
import { useState } from 'react';
import { apiRequest } from '../../api/client.ts';
import { useErrorText } from '../../components/query-state.tsx';
import { useT } from '../../i18n/locale-context.tsx';
import type { SetChoice } from './targets-api.ts';

export const targetSetsQueryKey = ['targets', 'sets'] as const;

/** `GET /api/targets/sets`: every version, the current one (the board's default) first. */
export function useTargetSets() {
  return useQuery({
    queryKey: targetSetsQueryKey,
    queryFn: () => apiRequest<{ items: TargetSetSummary[] }>('/api/targets/sets'),
  });
}

/** The version shown: the one in the address, or the current one (first of the list). */
export function chosenSet(
  items: readonly TargetSetSummary[],
  choice: SetChoice,
): TargetSetSummary | undefined {
  if (!choice.set) return items[0];
  return items.find(
    (s) => s.code === choice.set && (choice.version === undefined || s.version === choice.version),
  );
}

/** Whether a version is the newest of its set (baselines, thresholds and reports apply to that one). */
export function isNewestVersion(
  items: readonly TargetSetSummary[],
  summary: TargetSetSummary | undefined,
): boolean {
  if (!summary) return false;
  return !items.some((s) => s.code === summary.code && s.version > summary.version);
}

const optionValue = (s: { code: string; version: number }) => `${s.code}@${s.version}`;

/** Picks the target-set version (list from the server; the current one by default). */
export function SetPicker({
  choice,
  onChange,
}: {
  choice: SetChoice;
  onChange: (choice: SetChoice) => void;
}) {
  const t = useT();
  const sets = useTargetSets();
  const items = sets.data?.items ?? [];
  const current = chosenSet(items, choice);
  return (
    <Select
      aria-label={t('targetsWork.set')}
      data-testid="targets-set-picker"
      style={{ minWidth: 320 }}
      loading={sets.isLoading}
      value={current ? optionValue(current) : undefined}
      placeholder={t('targetsWork.set')}
      onChange={(value: string) => {
        const index = items.findIndex((s) => optionValue(s) === value);
        const picked = items[index];
        // The first entry is the server's default: keep the address clean for it.
        if (!picked || index === 0) onChange({ set: undefined, version: undefined });
        else onChange({ set: picked.code, version: picked.version });
      }}
      options={items.map((s, i) => ({
        value: optionValue(s),
        label: `${t('targetsWork.setOption', { name: s.name, version: s.version, document: s.documentNumber })}${
          i === 0 ? ` · ${t('targetsWork.setCurrent')}` : ''
        }`,
      }))}
    />
  );
}

/** The province changes a set's progress thresholds (`PUT /api/targets/sets/:code/thresholds`). */
export function ThresholdsButton({ summary }: { summary: TargetSetSummary }) {
  const t = useT();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<ProgressThresholds>();
  const save = useMutation({
    mutationFn: (thresholds: ProgressThresholds) =>
      apiRequest(`/api/targets/sets/${encodeURIComponent(summary.code)}/thresholds`, {
        method: 'PUT',
        body: { thresholds },
      }),
    onSuccess: () => {
      void message.success(t('targetsWork.thresholds.saved'));
      void queryClient.invalidateQueries({ queryKey: ['targets'] });
      setOpen(false);
    },
    onError: (error) => void message.error(errorText(error)),
  });
  return (
    <>
      <Button
        data-testid="targets-thresholds-open"
        onClick={() => {
          form.setFieldsValue(summary.thresholds);
          setOpen(true);
        }}
      >
        {t('targetsWork.thresholds')}
      </Button>
      <Modal
        open={open}
        title={t('targetsWork.thresholds.title', { set: `${summary.name} v${summary.version}` })}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        okButtonProps={{ loading: save.isPending, ...{ 'data-testid': 'targets-thresholds-save' } }}
        forceRender
      >
        <Typography.Paragraph type="secondary">{t('targetsWork.thresholds.order')}</Typography.Paragraph>
        <Form<ProgressThresholds> form={form} layout="vertical" onFinish={(values) => save.mutate(values)}>
          {(['onTrack', 'needsAcceleration', 'limitedProgress'] as const).map((key) => (
            <Form.Item
              key={key}
              name={key}
              label={t(`targetsWork.thresholds.${key}`)}
              rules={[{ required: true, message: t('targetsWork.required') }]}
            >
              <InputNumber step={0.05} style={{ width: 160 }} />
            </Form.Item>
          ))}
        </Form>
      </Modal>
    </>
  );
}
