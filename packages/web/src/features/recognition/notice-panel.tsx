import type { RoundView } from '@qunce/core/recognition';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Flex,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { apiRequest } from '../../api/client.ts';
import { useErrorText } from '../../components/query-state.tsx';
import { useT } from '../../i18n/locale-context.tsx';
import { tierKey } from '../clusters/cluster-labels.ts';

/**
 * Starts the public notice after the decision: a start date and a number of working days; the server
 * counts the end date on the holiday calendar (调休 included) and the page shows it.
 */
export function NoticeForm({ round }: { round: RoundView }) {
  const t = useT();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ start: Dayjs; workingDays: number }>();
  const start = useMutation({
    mutationFn: (values: { start: Dayjs; workingDays: number }) =>
      apiRequest<RoundView>(`/api/recognition/rounds/${round.id}/notice`, {
        method: 'POST',
        body: { start: values.start.format('YYYY-MM-DD'), workingDays: values.workingDays },
      }),
    onSuccess: (updated) => {
      void message.success(t('recognitionFlow.notice.done', { end: updated.noticeEnd ?? '—' }));
      void queryClient.invalidateQueries({ queryKey: ['recognition'] });
    },
  });
  if (round.noticeStart && round.noticeEnd)
    return (
      <Card size="small" title={t('recognitionFlow.notice.title')}>
        <Typography.Text data-testid="notice-period">
          {t('recognitionFlow.notice.period', {
            start: round.noticeStart,
            end: round.noticeEnd,
            days: round.noticeWorkingDays ?? '—',
          })}
        </Typography.Text>
      </Card>
    );
  return (
    <Card size="small" title={t('recognitionFlow.notice.title')}>
      {round.status !== 'decided' ? (
        <Typography.Text type="secondary">{t('recognitionFlow.notice.needDecision')}</Typography.Text>
      ) : (
        <Form
          form={form}
          layout="inline"
          initialValues={{ workingDays: 5 }}
          onFinish={(values) => start.mutate(values)}
        >
          <Form.Item
            name="start"
            label={t('recognitionFlow.notice.start')}
            rules={[{ required: true, message: t('recognitionFlow.required') }]}
          >
            <DatePicker />
          </Form.Item>
          <Form.Item
            name="workingDays"
            label={t('recognitionFlow.notice.workingDays')}
            rules={[{ required: true, message: t('recognitionFlow.required') }]}
          >
            <InputNumber min={1} max={60} precision={0} />
          </Form.Item>
          <Form.Item>
            <Popconfirm
              title={t('recognitionFlow.notice.confirm')}
              okText={t('recognitionFlow.notice.submit')}
              cancelText={t('recognitionFlow.cancel')}
              onConfirm={() => form.submit()}
            >
              <Button type="primary" loading={start.isPending} data-testid="start-notice">
                {t('recognitionFlow.notice.submit')}
              </Button>
            </Popconfirm>
          </Form.Item>
        </Form>
      )}
      {start.error && (
        <Alert type="error" showIcon role="alert" style={{ marginTop: 12 }} title={errorText(start.error)} />
      )}
    </Card>
  );
}

/**
 * The final recognition after the notice (document number and date): the recommended clusters without
 * an upheld objection take the round's tier and their review clock starts.
 */
export function RecogniseForm({ round }: { round: RoundView }) {
  const t = useT();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ documentNumber: string; recognisedOn: Dayjs }>();
  const recognise = useMutation({
    mutationFn: (values: { documentNumber: string; recognisedOn: Dayjs }) =>
      apiRequest<{ round: RoundView; recognised: string[] }>(
        `/api/recognition/rounds/${round.id}/recognition`,
        {
          method: 'POST',
          body: {
            documentNumber: values.documentNumber.trim(),
            recognisedOn: values.recognisedOn.format('YYYY-MM-DD'),
          },
        },
      ),
    onSuccess: (result) => {
      void message.success(t('recognitionFlow.recognise.done', { count: result.recognised.length }));
      void queryClient.invalidateQueries({ queryKey: ['recognition'] });
    },
  });
  if (round.status === 'recognised')
    return (
      <Card size="small" title={t('recognitionFlow.recognise.title')}>
        <Typography.Text data-testid="recognised-result">
          {t('recognitionFlow.recognise.result', {
            on: round.recognisedOn ?? '—',
            number: round.documentNumber ?? '—',
          })}
        </Typography.Text>
      </Card>
    );
  if (round.status !== 'notice') return null;
  return (
    <Card size="small" title={t('recognitionFlow.recognise.title')}>
      <Flex vertical gap={8}>
        <Typography.Text type="secondary">
          {t('recognitionFlow.recognise.rule', { end: round.noticeEnd ?? '—' })}
        </Typography.Text>
        <Form form={form} layout="inline" onFinish={(values) => recognise.mutate(values)}>
          <Form.Item
            name="documentNumber"
            label={t('recognitionFlow.recognise.documentNumber')}
            rules={[{ required: true, whitespace: true, message: t('recognitionFlow.required') }]}
          >
            <Input maxLength={100} style={{ width: 240 }} />
          </Form.Item>
          <Form.Item
            name="recognisedOn"
            label={t('recognitionFlow.recognise.on')}
            rules={[{ required: true, message: t('recognitionFlow.required') }]}
          >
            <DatePicker />
          </Form.Item>
          <Form.Item>
            <Popconfirm
              title={t('recognitionFlow.recognise.confirm', { tier: t(tierKey(round.targetTier)) })}
              okText={t('recognitionFlow.recognise.submit')}
              cancelText={t('recognitionFlow.cancel')}
              onConfirm={() => form.submit()}
            >
              <Button type="primary" danger loading={recognise.isPending} data-testid="recognise-round">
                {t('recognitionFlow.recognise.submit')}
              </Button>
            </Popconfirm>
          </Form.Item>
        </Form>
        {recognise.error && <Alert type="error" showIcon role="alert" title={errorText(recognise.error)} />}
      </Flex>
    </Card>
  );
}
