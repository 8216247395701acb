import type {
  CreateReviewRequest,
  dueReviewSchema,
  FollowUpRequest,
  ReviewView,
  reviewWarningSchema,
} from '@qunce/core/frameworks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Descriptions,
  Flex,
  Form,
  Input,
  Modal,
  Popconfirm,
  Radio,
  Table,
  Tag,
  Timeline,
  Typography,
} from 'antd';
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

type FollowUpValues = {
  period: string;
  outcome: FollowUpRequest['outcome'];
  followUpOn: string;
  note: string;
  documentNumber?: string;
};

/** The follow-up request from the form: the review's version, the document number when given. */
export function followUpRequest(review: ReviewView, values: FollowUpValues): FollowUpRequest {
  const documentNumber = values.documentNumber?.trim();
  return {
    version: review.version,
    period: values.period,
    outcome: values.outcome,
    followUpOn: values.followUpOn,
    note: values.note.trim(),
    ...(documentNumber ? { documentNumber } : {}),
  };
}

/**
 * 整改复查: the check after a rectification's deadline. The server scores the cluster alone on the
 * chosen period; "pass" is refused below the review line; "revoke" takes the cluster's tier away.
 */
function FollowUpModal({ review, onClose }: { review: ReviewView | undefined; onClose: () => void }) {
  const t = useT();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<FollowUpValues>();
  const outcome = Form.useWatch('outcome', form);
  const save = useMutation({
    mutationFn: (input: { id: string; body: FollowUpRequest }) =>
      apiRequest<ReviewView>(`/api/reviews/${input.id}/follow-up`, { method: 'POST', body: input.body }),
    onSuccess: () => {
      void message.success(t('reviews.form.saved'));
      void queryClient.invalidateQueries({ queryKey: ['reviews'] });
      onClose();
    },
    onError: (error) => void message.error(errorText(error)),
  });
  useEffect(() => {
    if (review)
      form.setFieldsValue({
        period: String(new Date().getFullYear() - 1),
        outcome: 'pass',
        followUpOn: today(),
        note: '',
        documentNumber: undefined,
      });
  }, [review, form]);
  const submit = () =>
    form
      .validateFields()
      .then((values) => review && save.mutate({ id: review.id, body: followUpRequest(review, values) }))
      .catch(() => undefined);

  return (
    <Modal
      open={review !== undefined}
      title={review ? t('reviewsFlow.followUpTitle', { cluster: review.clusterCode }) : ''}
      onCancel={onClose}
      forceRender
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t('reviewsFlow.cancel')}
        </Button>,
        <Popconfirm
          key="ok"
          title={t(outcome === 'revoke' ? 'reviewsFlow.confirmRevoke' : 'reviewsFlow.confirmPass')}
          onConfirm={submit}
        >
          <Button
            type="primary"
            danger={outcome === 'revoke'}
            loading={save.isPending}
            data-testid="review-follow-up-save"
          >
            {t('reviewsFlow.save')}
          </Button>
        </Popconfirm>,
      ]}
    >
      {review && (
        <Typography.Paragraph type="secondary">
          {t('reviewsFlow.followUpIntro', {
            deadline: review.rectifyDeadline ?? '—',
            line: review.reviewLine,
          })}
        </Typography.Paragraph>
      )}
      <Form form={form} name="followUp" layout="vertical">
        <Flex gap={12}>
          <Form.Item
            name="period"
            label={t('reviewsFlow.period')}
            rules={[{ required: true, pattern: /^\d{4}$/ }]}
          >
            <Input style={{ width: 100 }} />
          </Form.Item>
          <Form.Item name="followUpOn" label={t('reviewsFlow.on')} rules={[{ required: true }]}>
            <Input type="date" />
          </Form.Item>
        </Flex>
        <Form.Item name="outcome" label={t('reviews.form.outcome')} rules={[{ required: true }]}>
          <Radio.Group
            optionType="button"
            options={(['pass', 'revoke'] as const).map((o) => ({ value: o, label: t(outcomeKey(o)) }))}
          />
        </Form.Item>
        {outcome === 'revoke' && (
          <Form.Item
            name="documentNumber"
            label={t('reviews.form.documentNumber')}
            rules={[{ required: true, whitespace: true }]}
          >
            <Input />
          </Form.Item>
        )}
        <Form.Item name="note" label={t('reviewsFlow.note')} rules={[{ required: true, whitespace: true }]}>
          <Input.TextArea rows={3} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** A review record's history: the decision, the rectification deadline, the follow-up check. */
function ReviewHistory({ review }: { review: ReviewView }) {
  const t = useT();
  const score = (value: number | null) => (value === null ? '—' : value.toFixed(2));
  const items = [
    {
      color: outcomeColour[review.outcome],
      content: (
        <Descriptions
          size="small"
          column={1}
          title={`${review.decidedOn} · ${t(outcomeKey(review.outcome))}`}
          items={[
            {
              key: 's',
              label: t('reviewsFlow.score'),
              children: `${score(review.score)} / ${review.reviewLine}`,
            },
            { key: 'o', label: t('reviews.form.opinion'), children: review.opinion },
            ...(review.documentNumber
              ? [{ key: 'd', label: t('reviews.form.documentNumber'), children: review.documentNumber }]
              : []),
          ]}
        />
      ),
    },
    ...(review.rectifyDeadline
      ? [
          {
            color: 'orange',
            content: t('reviewsFlow.deadlineItem', { deadline: review.rectifyDeadline }),
          },
        ]
      : []),
    ...(review.followUp
      ? [
          {
            color: outcomeColour[review.followUp.outcome],
            content: (
              <Descriptions
                size="small"
                column={1}
                title={`${review.followUp.on} · ${t('reviewsFlow.followUp')}：${t(outcomeKey(review.followUp.outcome))}`}
                items={[
                  {
                    key: 's',
                    label: t('reviewsFlow.score'),
                    children: `${score(review.followUp.score)} / ${review.reviewLine}`,
                  },
                  { key: 'n', label: t('reviewsFlow.note'), children: review.followUp.note },
                  ...(review.followUp.documentNumber
                    ? [
                        {
                          key: 'd',
                          label: t('reviews.form.documentNumber'),
                          children: review.followUp.documentNumber,
                        },
                      ]
                    : []),
                ]}
              />
            ),
          },
        ]
      : review.outcome === 'rectify'
        ? [{ color: 'gray', content: t('reviewsFlow.awaitingFollowUp') }]
        : []),
  ];
  return <Timeline items={items} />;
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
  const [followingUp, setFollowingUp] = useState<ReviewView>();
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
            expandable={{ expandedRowRender: (r) => <ReviewHistory review={r} /> }}
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
              {
                title: t('reviewsFlow.followUp'),
                key: 'f',
                width: 110,
                render: (_: unknown, r) =>
                  r.followUp ? (
                    <Tag color={outcomeColour[r.followUp.outcome]}>{t(outcomeKey(r.followUp.outcome))}</Tag>
                  ) : r.outcome === 'rectify' ? (
                    <Tag>{t('reviewsFlow.pending')}</Tag>
                  ) : (
                    '—'
                  ),
              },
              { title: t('reviews.form.opinion'), dataIndex: 'opinion', ellipsis: true },
              {
                title: '',
                key: 'a',
                width: 110,
                render: (_: unknown, r) =>
                  canManage &&
                  r.outcome === 'rectify' &&
                  r.followUp === null && (
                    <Button
                      size="small"
                      data-testid={`review-follow-up-${r.id}`}
                      onClick={() => setFollowingUp(r)}
                    >
                      {t('reviewsFlow.followUp')}
                    </Button>
                  ),
              },
            ]}
          />
        </QueryState>
      </Card>
      <RecordModal target={target} onClose={() => setTarget(undefined)} />
      <FollowUpModal review={followingUp} onClose={() => setFollowingUp(undefined)} />
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
