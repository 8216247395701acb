import type { SubmitTaskReportRequest, TaskReportView, TaskView } from '@qunce/core/targets';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Flex, Form, Input, InputNumber, Modal, Popconfirm } from 'antd';
import { useEffect, useState } from 'react';
import { apiRequest } from '../../api/client.ts';
import { useErrorText } from '../../components/query-state.tsx';
import { useT } from '../../i18n/locale-context.tsx';
import { EvidenceUpload } from './evidence-upload.tsx';

type ReportForm = {
  period: string;
  text: string;
  figures?: { name: string; value: number; unit?: string }[];
  attachmentIds?: string[];
};

/** The current half-year as a report period (2026-H2 in November 2026). */
function currentPeriod(): string {
  const now = new Date();
  return `${now.getFullYear()}-H${now.getMonth() < 6 ? 1 : 2}`;
}

/**
 * A department's progress report on its own task (`POST /api/tasks/:code/reports`): period, text,
 * figures and evidence files; a returned report is resubmitted the same way (prefilled).
 */
export function TaskReportModal({
  task,
  previous,
  set,
  onClose,
}: {
  task: TaskView | undefined;
  previous: TaskReportView | undefined;
  set: string | undefined;
  onClose: () => void;
}) {
  const t = useT();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<ReportForm>();
  const submit = useMutation({
    mutationFn: ({ code, body }: { code: string; body: SubmitTaskReportRequest }) =>
      apiRequest<TaskReportView>(
        `/api/tasks/${encodeURIComponent(code)}/reports${set ? `?set=${encodeURIComponent(set)}` : ''}`,
        { method: 'POST', body },
      ),
    onSuccess: () => {
      void message.success(t('targetsWork.report.saved'));
      void queryClient.invalidateQueries({ queryKey: ['tasks'] });
      onClose();
    },
    onError: (error) => void message.error(errorText(error)),
  });
  useEffect(() => {
    if (!task) return;
    form.resetFields();
    form.setFieldsValue(
      previous
        ? {
            period: previous.period,
            text: previous.text,
            figures: previous.figures,
            attachmentIds: previous.attachmentIds,
          }
        : { period: currentPeriod(), text: '', figures: [], attachmentIds: [] },
    );
  }, [task, previous, form]);
  return (
    <Modal
      open={task !== undefined}
      title={task ? t('targetsWork.report.title', { code: task.code, title: task.title }) : ''}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ loading: submit.isPending, ...{ 'data-testid': 'task-report-save' } }}
      width={640}
      forceRender
    >
      <Form<ReportForm>
        form={form}
        name="task-report"
        layout="vertical"
        onFinish={(values) =>
          task &&
          submit.mutate({
            code: task.code,
            body: {
              period: values.period.trim(),
              text: values.text.trim(),
              figures: (values.figures ?? []).map((f) => ({
                name: f.name.trim(),
                value: f.value,
                unit: f.unit?.trim() ?? '',
              })),
              attachmentIds: values.attachmentIds ?? [],
            },
          })
        }
      >
        <Form.Item
          name="period"
          label={t('targetsWork.report.period')}
          rules={[
            { required: true, pattern: /^\d{4}-H[12]$/, message: t('targetsWork.report.periodFormat') },
          ]}
        >
          <Input style={{ width: 140 }} />
        </Form.Item>
        <Form.Item
          name="text"
          label={t('targetsWork.report.text')}
          rules={[{ required: true, whitespace: true, message: t('targetsWork.required') }]}
        >
          <Input.TextArea rows={5} maxLength={20_000} />
        </Form.Item>
        <Form.List name="figures">
          {(fields, { add, remove }) => (
            <Form.Item label={t('targetsWork.report.figures')}>
              {fields.map((field) => (
                <Flex key={field.key} gap={8} align="baseline">
                  <Form.Item
                    name={[field.name, 'name']}
                    rules={[{ required: true, whitespace: true, message: t('targetsWork.required') }]}
                  >
                    <Input
                      aria-label={t('targetsWork.report.figureName')}
                      placeholder={t('targetsWork.report.figureName')}
                    />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'value']}
                    rules={[{ required: true, message: t('targetsWork.required') }]}
                  >
                    <InputNumber
                      aria-label={t('targetsWork.report.figureValue')}
                      placeholder={t('targetsWork.report.figureValue')}
                    />
                  </Form.Item>
                  <Form.Item name={[field.name, 'unit']}>
                    <Input
                      aria-label={t('targetsWork.report.figureUnit')}
                      placeholder={t('targetsWork.report.figureUnit')}
                      style={{ width: 90 }}
                      maxLength={20}
                    />
                  </Form.Item>
                  <Button onClick={() => remove(field.name)}>{t('targetsWork.report.removeFigure')}</Button>
                </Flex>
              ))}
              <Button onClick={() => add({ name: '', unit: '' })} data-testid="task-report-add-figure">
                {t('targetsWork.report.addFigure')}
              </Button>
            </Form.Item>
          )}
        </Form.List>
        <Form.Item name="attachmentIds" label={t('targetsWork.values.attachments')}>
          <EvidenceUpload />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The province accepts (after a confirmation: accepted reports are locked) or returns a submitted report with a reason. */
export function ReviewButtons({ report }: { report: TaskReportView }) {
  const t = useT();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [returning, setReturning] = useState(false);
  const [form] = Form.useForm<{ reason: string }>();
  const review = useMutation({
    mutationFn: (
      body: { decision: 'accept'; version: number } | { decision: 'return'; reason: string; version: number },
    ) =>
      apiRequest<TaskReportView>(`/api/tasks/reports/${encodeURIComponent(report.id)}/review`, {
        method: 'POST',
        body,
      }),
    onSuccess: (_view, body) => {
      void message.success(
        t(body.decision === 'accept' ? 'targetsWork.review.accepted' : 'targetsWork.review.returned'),
      );
      void queryClient.invalidateQueries({ queryKey: ['tasks'] });
      setReturning(false);
    },
    onError: (error) => void message.error(errorText(error)),
  });
  return (
    <Flex gap={4}>
      <Popconfirm
        title={t('targetsWork.review.acceptConfirm')}
        onConfirm={() => review.mutate({ decision: 'accept', version: report.version })}
      >
        <Button size="small" type="primary" data-testid={`task-report-accept-${report.id}`}>
          {t('targetsWork.review.accept')}
        </Button>
      </Popconfirm>
      <Button
        size="small"
        danger
        data-testid={`task-report-return-${report.id}`}
        onClick={() => {
          form.resetFields();
          setReturning(true);
        }}
      >
        {t('targetsWork.review.return')}
      </Button>
      <Modal
        open={returning}
        title={t('targetsWork.review.returnTitle', { period: report.period })}
        onCancel={() => setReturning(false)}
        onOk={() => form.submit()}
        okButtonProps={{ loading: review.isPending, ...{ 'data-testid': 'task-report-return-save' } }}
        forceRender
      >
        <Form
          form={form}
          name={`task-return-${report.id}`}
          layout="vertical"
          onFinish={(values) =>
            review.mutate({ decision: 'return', reason: values.reason.trim(), version: report.version })
          }
        >
          <Form.Item
            name="reason"
            label={t('targetsWork.review.reason')}
            rules={[{ required: true, whitespace: true, message: t('targetsWork.required') }]}
          >
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
        </Form>
      </Modal>
    </Flex>
  );
}
