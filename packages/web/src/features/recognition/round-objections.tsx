import type { ApplicationView, RoundView } from '@qunce/core/recognition';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Flex,
  Form,
  Input,
  Modal,
  Popconfirm,
  Radio,
  Select,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { apiRequest } from '../../api/client.ts';
import { QueryState, useErrorText } from '../../components/query-state.tsx';
import { useT } from '../../i18n/locale-context.tsx';

type Objection = {
  id: string;
  applicationId: string | null;
  objector: string;
  content: string;
  receivedOn: string;
  outcome: 'upheld' | 'dismissed' | null;
  answer: string | null;
  answeredAt: string | null;
};
type RecordValues = { objector: string; content: string; receivedOn: Dayjs; applicationId?: string };
type AnswerValues = { outcome: 'upheld' | 'dismissed'; answer: string };

/** Records an objection received during the notice (the date must fall within it: the server checks). */
function RecordObjectionForm({
  round,
  applications,
  onDone,
}: {
  round: RoundView;
  applications: ApplicationView[];
  onDone: () => void;
}) {
  const t = useT();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const record = useMutation({
    mutationFn: (values: RecordValues) =>
      apiRequest<Objection>(`/api/recognition/rounds/${round.id}/objections`, {
        method: 'POST',
        body: {
          objector: values.objector.trim(),
          content: values.content.trim(),
          receivedOn: values.receivedOn.format('YYYY-MM-DD'),
          applicationId: values.applicationId ?? null,
        },
      }),
    onSuccess: () => {
      void message.success(t('recognitionFlow.objection.recorded'));
      void queryClient.invalidateQueries({ queryKey: ['recognition', 'objections', round.id] });
      onDone();
    },
  });
  const required = [{ required: true, whitespace: true, message: t('recognitionFlow.required') }];
  return (
    <Form<RecordValues> layout="vertical" onFinish={(values) => record.mutate(values)}>
      <Form.Item name="objector" label={t('recognition.objector')} rules={required}>
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item name="content" label={t('recognition.objectionContent')} rules={required}>
        <Input.TextArea rows={3} maxLength={4000} />
      </Form.Item>
      <Form.Item
        name="receivedOn"
        label={t('recognition.receivedOn')}
        rules={[{ required: true, message: t('recognitionFlow.required') }]}
      >
        <DatePicker />
      </Form.Item>
      <Form.Item name="applicationId" label={t('recognitionFlow.objection.application')}>
        <Select
          allowClear
          options={applications
            .filter((a) => a.status === 'recommended')
            .map((a) => ({ value: a.id, label: a.clusterName ?? a.clusterCode }))}
        />
      </Form.Item>
      {record.error && (
        <Alert
          type="error"
          showIcon
          role="alert"
          style={{ marginBottom: 12 }}
          title={errorText(record.error)}
        />
      )}
      <Flex justify="end">
        <Button type="primary" htmlType="submit" loading={record.isPending} data-testid="submit-objection">
          {t('recognitionFlow.objection.record')}
        </Button>
      </Flex>
    </Form>
  );
}

/** Answers an objection with an outcome and a reason (final: the server refuses a second answer). */
function AnswerObjectionForm({ objection, onDone }: { objection: Objection; onDone: () => void }) {
  const t = useT();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<AnswerValues>();
  const answer = useMutation({
    mutationFn: (values: AnswerValues) =>
      apiRequest<Objection>(`/api/recognition/objections/${objection.id}/answer`, {
        method: 'POST',
        body: { outcome: values.outcome, answer: values.answer.trim() },
      }),
    onSuccess: () => {
      void message.success(t('recognitionFlow.objection.answered'));
      void queryClient.invalidateQueries({ queryKey: ['recognition'] });
      onDone();
    },
  });
  return (
    <Form<AnswerValues> form={form} layout="vertical" onFinish={(values) => answer.mutate(values)}>
      <Typography.Paragraph>{objection.content}</Typography.Paragraph>
      <Form.Item
        name="outcome"
        label={t('recognitionFlow.objection.outcome')}
        rules={[{ required: true, message: t('recognitionFlow.required') }]}
      >
        <Radio.Group
          options={[
            { value: 'dismissed', label: t('recognition.outcome.dismissed') },
            { value: 'upheld', label: t('recognition.outcome.upheld') },
          ]}
        />
      </Form.Item>
      <Form.Item
        name="answer"
        label={t('recognitionFlow.objection.answerText')}
        rules={[{ required: true, whitespace: true, message: t('recognitionFlow.required') }]}
      >
        <Input.TextArea rows={3} maxLength={4000} />
      </Form.Item>
      {answer.error && (
        <Alert
          type="error"
          showIcon
          role="alert"
          style={{ marginBottom: 12 }}
          title={errorText(answer.error)}
        />
      )}
      <Flex justify="end">
        <Popconfirm
          title={t('recognitionFlow.objection.answerConfirm')}
          okText={t('recognitionFlow.objection.answerSubmit')}
          cancelText={t('recognitionFlow.cancel')}
          onConfirm={() => form.submit()}
        >
          <Button type="primary" loading={answer.isPending} data-testid="submit-answer">
            {t('recognitionFlow.objection.answerSubmit')}
          </Button>
        </Popconfirm>
      </Flex>
    </Form>
  );
}

/**
 * The decision note and the objections received during the public notice with their answers
 * (province): recording an objection during the notice, answering each one with a reason.
 */
export function RoundObjections({
  round,
  applications,
}: {
  round: RoundView;
  applications: ApplicationView[];
}) {
  const t = useT();
  const [recording, setRecording] = useState(false);
  const [answering, setAnswering] = useState<Objection | null>(null);
  const objections = useQuery({
    queryKey: ['recognition', 'objections', round.id],
    queryFn: () => apiRequest<{ items: Objection[] }>(`/api/recognition/rounds/${round.id}/objections`),
  });
  const nameOf = (id: string | null) => {
    const a = id ? applications.find((x) => x.id === id) : undefined;
    return a ? (a.clusterName ?? a.clusterCode) : '—';
  };
  const inNotice = round.status === 'notice';
  return (
    <Card
      size="small"
      title={t('recognition.objections')}
      extra={
        inNotice && (
          <Button size="small" data-testid="record-objection" onClick={() => setRecording(true)}>
            {t('recognitionFlow.objection.record')}
          </Button>
        )
      }
    >
      {round.decisionNote && (
        <Typography.Paragraph>
          {t('recognition.decisionNote', { note: round.decisionNote })}
        </Typography.Paragraph>
      )}
      <QueryState
        isLoading={objections.isLoading}
        error={objections.error}
        isEmpty={objections.data?.items.length === 0}
        emptyText={t('recognition.objectionsEmpty')}
        onRetry={() => void objections.refetch()}
      >
        <Table<Objection>
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={objections.data?.items ?? []}
          columns={[
            { title: t('recognition.receivedOn'), dataIndex: 'receivedOn', width: 110 },
            { title: t('recognition.objector'), dataIndex: 'objector', width: 140 },
            {
              title: t('recognition.cluster'),
              width: 160,
              render: (_: unknown, row) => nameOf(row.applicationId),
            },
            { title: t('recognition.objectionContent'), dataIndex: 'content' },
            {
              title: t('recognition.outcome'),
              width: 110,
              render: (_: unknown, row) =>
                row.outcome === null ? (
                  <Tag color="orange">{t('recognition.outcome.pending')}</Tag>
                ) : (
                  <Tag color={row.outcome === 'upheld' ? 'red' : 'default'}>
                    {t(
                      row.outcome === 'upheld'
                        ? 'recognition.outcome.upheld'
                        : 'recognition.outcome.dismissed',
                    )}
                  </Tag>
                ),
            },
            {
              title: t('recognition.answer'),
              render: (_: unknown, row) =>
                row.answer ??
                (inNotice ? (
                  <Button size="small" data-testid={`answer-${row.id}`} onClick={() => setAnswering(row)}>
                    {t('recognitionFlow.objection.answer')}
                  </Button>
                ) : (
                  '—'
                )),
            },
          ]}
        />
      </QueryState>
      <Modal
        open={recording}
        footer={null}
        destroyOnHidden
        title={t('recognitionFlow.objection.recordTitle')}
        onCancel={() => setRecording(false)}
      >
        <RecordObjectionForm round={round} applications={applications} onDone={() => setRecording(false)} />
      </Modal>
      <Modal
        open={answering !== null}
        footer={null}
        destroyOnHidden
        title={t('recognitionFlow.objection.answerTitle')}
        onCancel={() => setAnswering(null)}
      >
        {answering && <AnswerObjectionForm objection={answering} onDone={() => setAnswering(null)} />}
      </Modal>
    </Card>
  );
}
