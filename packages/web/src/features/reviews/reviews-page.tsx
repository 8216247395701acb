import type {
  CreateReviewRequest,
  dueReviewSchema,
  ReviewView,
  reviewWarningSchema,
} from '@qunce/core/frameworks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Flex, Form, Input, Modal, Radio, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { z } from 'zod';
import { sessionQuery } from '../../api/auth.ts';
import { apiRequest } from '../../api/client.ts';
import { guarded } from '../../components/feature-guard.tsx';
import { QueryState, useErrorText } from '../../components/query-state.tsx';
import { useT } from '../../i18n/locale-context.tsx';
import type { MessageKey } from '../../i18n/zh-CN.ts';

type DueReview = z.infer<typeof dueReviewSchema>;
type ReviewWarning = z.infer<typeof reviewWarningSchema>;
type Outcome = CreateReviewRequest['outcome'];
type Target = { clusterCode: string; name: string; frameworkVersion: string; period: string };
type FormValues = {
  frameworkVersion: string;
  period: string;
  outcome: Outcome;
  opinion: string;
  decidedOn: string;
  rectifyDeadline?: string;
  documentNumber?: string;
};

const outcomeKey = (o: string) => `reviews.outcome.${o}` as MessageKey;
const outcomeColour: Record<string, string> = { pass: 'green', rectify: 'orange', revoke: 'red' };
const today = () => new Date().toISOString().slice(0, 10);

/** The request body from the form: the deadline only for "rectify", the document number when given. */
export function reviewRequest(target: Target, values: FormValues): CreateReviewRequest {
  const documentNumber = values.documentNumber?.trim();
  return {
    clusterCode: target.clusterCode,
    frameworkVersion: values.frameworkVersion,
    period: values.period,
    outcome: values.outcome,
    opinion: values.opinion.trim(),
    decidedOn: values.decidedOn,
    ...(values.outcome === 'rectify' && values.rectifyDeadline
      ? { rectifyDeadline: values.rectifyDeadline }
      : {}),
    ...(documentNumber ? { documentNumber } : {}),
  };
}

function RecordModal({ target, onClose }: { target: Target | undefined; onClose: () => void }) {
  const t = useT();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<FormValues>();
  const outcome = Form.useWatch('outcome', form);
  const save = useMutation({
    mutationFn: (body: CreateReviewRequest) =>
      apiRequest<ReviewView>('/api/reviews', { method: 'POST', body }),
    onSuccess: () => {
      void message.success(t('reviews.form.saved'));
      void queryClient.invalidateQueries({ queryKey: ['reviews'] });
      onClose();
    },
    onError: (error) => void message.error(errorText(error)),
  });
  useEffect(() => {
    if (target)
      form.setFieldsValue({
        frameworkVersion: target.frameworkVersion,
        period: target.period,
        outcome: 'pass',
        opinion: '',
        decidedOn: today(),
        rectifyDeadline: undefined,
        documentNumber: undefined,
      });
  }, [target, form]);

  return (
    <Modal
      open={target !== undefined}
      title={target ? t('reviews.form.title', { name: target.name }) : ''}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ loading: save.isPending, ...{ 'data-testid': 'review-save' } }}
      forceRender
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={(values) => target && save.mutate(reviewRequest(target, values))}
      >
        <Flex gap={12}>
          <Form.Item name="frameworkVersion" label={t('reviews.form.framework')} rules={[{ required: true }]}>
            <Input style={{ width: 100 }} />
          </Form.Item>
          <Form.Item
            name="period"
            label={t('reviews.period')}
            rules={[{ required: true, pattern: /^\d{4}$/ }]}
          >
            <Input style={{ width: 100 }} />
          </Form.Item>
          <Form.Item name="decidedOn" label={t('reviews.form.decidedOn')} rules={[{ required: true }]}>
            <Input type="date" />
          </Form.Item>
        </Flex>
        <Form.Item name="outcome" label={t('reviews.form.outcome')} rules={[{ required: true }]}>
          <Radio.Group
            optionType="button"
            options={(['pass', 'rectify', 'revoke'] as const).map((o) => ({
              value: o,
              label: t(outcomeKey(o)),
            }))}
          />
        </Form.Item>
        {outcome === 'rectify' && (
          <Form.Item name="rectifyDeadline" label={t('reviews.form.deadline')} rules={[{ required: true }]}>
            <Input type="date" />
          </Form.Item>
        )}
        {outcome === 'revoke' && (
          <Form.Item
            name="documentNumber"
            label={t('reviews.form.documentNumber')}
            rules={[{ required: true }]}
          >
            <Input />
          </Form.Item>
        )}
        <Form.Item
          name="opinion"
          label={t('reviews.form.opinion')}
          rules={[{ required: true, whitespace: true }]}
        >
          <Input.TextArea rows={4} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 三年复核: reviews due, early warnings (below the review line), records; recording an outcome for reviews.manage. */
export function ReviewsPage() {
  const t = useT();
  const { data: session } = useQuery(sessionQuery);
  const canManage = (session?.user.permissions ?? []).includes('reviews.manage');
  const [target, setTarget] = useState<Target>();
  const lastYear = String(new Date().getFullYear() - 1);
  useEffect(() => {
    document.title = `${t('reviews.title')} · ${t('app.name')}`;
  }, [t]);

  const due = useQuery({
    queryKey: ['reviews', 'due'],
    queryFn: () => apiRequest<{ on: string; items: DueReview[] }>('/api/reviews/due?withinDays=180'),
  });
  const warnings = useQuery({
    queryKey: ['reviews', 'warnings'],
    queryFn: () => apiRequest<{ items: ReviewWarning[] }>('/api/reviews/warnings'),
  });
  const records = useQuery({
    queryKey: ['reviews', 'records'],
    queryFn: () => apiRequest<{ items: ReviewView[] }>('/api/reviews'),
  });

  const recordButton = (value: Target) =>
    canManage && (
      <Button
        size="small"
        data-testid={`review-record-${value.clusterCode}`}
        onClick={() => setTarget(value)}
      >
        {t('reviews.record')}
      </Button>
    );
  const cluster = (name: string, code: string) => `${name}（${code}）`;

  return (
    <Flex vertical gap={16}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('reviews.title')}
      </Typography.Title>

      <Card size="small" title={t('reviews.warnings')}>
        <QueryState isLoading={false} error={warnings.error} onRetry={() => void warnings.refetch()}>
          <Table<ReviewWarning>
            size="small"
            rowKey="clusterCode"
            data-testid="review-warnings"
            loading={warnings.isLoading}
            dataSource={warnings.data?.items ?? []}
            pagination={false}
            locale={{ emptyText: t('reviews.warnings.empty') }}
            columns={[
              {
                title: t('reviews.cluster'),
                key: 'c',
                render: (_: unknown, r) => cluster(r.name, r.clusterCode),
              },
              { title: t('reviews.tier'), dataIndex: 'tier', width: 110 },
              {
                title: t('reviews.period'),
                key: 'p',
                width: 110,
                render: (_: unknown, r) => `${r.period} · ${r.frameworkVersion}`,
              },
              {
                title: t('reviews.warnings.score'),
                key: 's',
                width: 140,
                render: (_: unknown, r) => (
                  <Tag color="red">
                    {r.score.toFixed(2)} / {r.reviewLine}
                  </Tag>
                ),
              },
              {
                title: '',
                key: 'a',
                width: 120,
                render: (_: unknown, r) =>
                  recordButton({
                    clusterCode: r.clusterCode,
                    name: r.name,
                    frameworkVersion: r.frameworkVersion,
                    period: r.period,
                  }),
              },
            ]}
          />
        </QueryState>
      </Card>

      <Card size="small" title={t('reviews.due')}>
        <QueryState isLoading={false} error={due.error} onRetry={() => void due.refetch()}>
          <Table<DueReview>
            size="small"
            rowKey="clusterCode"
            data-testid="reviews-due"
            loading={due.isLoading}
            dataSource={due.data?.items ?? []}
            pagination={{ pageSize: 20 }}
            locale={{ emptyText: t('reviews.due.empty') }}
            columns={[
              {
                title: t('reviews.cluster'),
                key: 'c',
                render: (_: unknown, r) => cluster(r.name, r.clusterCode),
              },
              { title: t('reviews.tier'), dataIndex: 'tier', width: 110 },
              { title: t('reviews.due.recognisedOn'), dataIndex: 'recognisedOn', width: 120 },
              {
                title: t('reviews.due.lastReviewedOn'),
                dataIndex: 'lastReviewedOn',
                width: 120,
                render: (d: string | null) => d ?? '—',
              },
              {
                title: t('reviews.due.dueOn'),
                dataIndex: 'dueOn',
                width: 160,
                render: (d: string, r) => (
                  <Flex gap={4}>
                    {d}
                    {r.overdue && <Tag color="red">{t('reviews.due.overdue')}</Tag>}
                  </Flex>
                ),
              },
              {
                title: '',
                key: 'a',
                width: 120,
                render: (_: unknown, r) =>
                  recordButton({
                    clusterCode: r.clusterCode,
                    name: r.name,
                    frameworkVersion: 'v1',
                    period: lastYear,
                  }),
              },
            ]}
          />
        </QueryState>
      </Card>

      <Card size="small" title={t('reviews.records')}>
        <QueryState isLoading={false} error={records.error} onRetry={() => void records.refetch()}>
          <Table<ReviewView>
            size="small"
            rowKey="id"
            data-testid="review-records"
            loading={records.isLoading}
            dataSource={records.data?.items ?? []}
            pagination={{ pageSize: 20 }}
            locale={{ emptyText: t('reviews.records.empty') }}
            columns={[
              { title: t('reviews.cluster'), dataIndex: 'clusterCode', width: 130 },
              {
                title: t('reviews.period'),
                key: 'p',
                width: 110,
                render: (_: unknown, r) => `${r.period} · ${r.frameworkVersion}`,
              },
              {
                title: t('reviews.form.outcome'),
                dataIndex: 'outcome',
                width: 110,
                render: (o: string) => <Tag color={outcomeColour[o]}>{t(outcomeKey(o))}</Tag>,
              },
              { title: t('reviews.form.decidedOn'), dataIndex: 'decidedOn', width: 120 },
              {
                title: t('reviews.form.deadline'),
                dataIndex: 'rectifyDeadline',
                width: 120,
                render: (d: string | null) => d ?? '—',
              },
              {
                title: t('reviews.form.documentNumber'),
                dataIndex: 'documentNumber',
                width: 140,
                render: (d: string | null) => d ?? '—',
              },
              { title: t('reviews.form.opinion'), dataIndex: 'opinion', ellipsis: true },
            ]}
          />
        </QueryState>
      </Card>
      <RecordModal target={target} onClose={() => setTarget(undefined)} />
    </Flex>
  );
}

function ReviewsRoute() {
  return (
    <App component={false}>
      <ReviewsPage />
    </App>
  );
}

export const Component = guarded(ReviewsRoute);
