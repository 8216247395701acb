import type { TodoItem } from '@qunce/core/collection';
import type { dueReviewSchema, ReviewView } from '@qunce/core/frameworks';
import type { ApplicationView } from '@qunce/core/recognition';
import type { TodoResponse as TasksTodo } from '@qunce/core/targets';
import { useQuery } from '@tanstack/react-query';
import { Card, Flex, Table, Tag, Typography } from 'antd';
import { useEffect } from 'react';
import { Link } from 'react-router';
import type { z } from 'zod';
import { sessionQuery } from '../../api/auth.ts';
import { apiRequest } from '../../api/client.ts';
import { guarded } from '../../components/feature-guard.tsx';
import { QueryState } from '../../components/query-state.tsx';
import { useT } from '../../i18n/locale-context.tsx';
import type { MessageKey } from '../../i18n/zh-CN.ts';

type Translate = ReturnType<typeof useT>;
type CollectionTodo = { items: TodoItem[] };
type DueReview = z.infer<typeof dueReviewSchema>;
type ScoreAssignment = { assignmentId: string; application: ApplicationView; myScore: unknown };

type Source = 'collection' | 'tasks' | 'recognition' | 'reviews';
type Kind =
  | 'submit'
  | 'returned'
  | 'city_review'
  | 'review'
  | 'duty'
  | 'report_returned'
  | 'score'
  | 'review_due'
  | 'follow_up';

/** One line of the merged inbox, whichever module it came from; `link` is the page where it is done. */
type InboxItem = {
  key: string;
  source: Source;
  kind: Kind;
  text: string;
  /** YYYY-MM-DD or an ISO instant; '' when the item has no deadline (listed last). */
  deadline: string;
  overdue: boolean;
  link: string;
};

const sourceKeys: Record<Source, MessageKey> = {
  collection: 'todo.source.collection',
  tasks: 'todo.source.tasks',
  recognition: 'todoFlow.source.recognition',
  reviews: 'todoFlow.source.reviews',
};
const kindKeys: Record<Kind, MessageKey> = {
  submit: 'todo.kind.submit',
  returned: 'todoFlow.kind.returned',
  city_review: 'todo.kind.city_review',
  review: 'todo.kind.review',
  duty: 'todo.kind.duty',
  report_returned: 'todoFlow.kind.report_returned',
  score: 'todoFlow.kind.score',
  review_due: 'todoFlow.kind.review_due',
  follow_up: 'todoFlow.kind.follow_up',
};
const kindColours: Partial<Record<Kind, string>> = { returned: 'red', report_returned: 'red' };

/** Collection: a returned submission is its own kind, with the reason it was returned. */
export function collectionItems(data: CollectionTodo | undefined, t: Translate): InboxItem[] {
  return (data?.items ?? []).map((item) => {
    const returned = item.kind === 'submit' && item.state === 'returned';
    const text = t('todo.collectionItem', {
      dataSet: item.dataSetName,
      period: item.period,
      assignee: item.assigneeName,
    });
    return {
      key: `collection-${item.kind}-${item.submissionId}`,
      source: 'collection',
      kind: returned ? 'returned' : item.kind,
      text:
        item.reason && item.state === 'returned'
          ? `${text} — ${t('collection.reason', { reason: item.reason })}`
          : text,
      deadline: item.deadline,
      overdue: item.overdue,
      link: '/collection',
    };
  });
}

/** Tasks: a progress report returned for rework is "report returned". */
export function taskItems(data: TasksTodo | undefined, t: Translate): InboxItem[] {
  return (data?.items ?? []).map((item, index) => ({
    key: `tasks-${item.kind}-${item.duty?.id ?? item.report?.id ?? index}`,
    source: 'tasks',
    kind: item.duty?.reportStatus === 'returned' ? 'report_returned' : item.kind,
    text: item.duty
      ? t('todo.taskItem', { task: item.duty.taskTitle, title: item.duty.title })
      : t('todo.reportItem', { task: item.report?.taskCode ?? '', period: item.report?.period ?? '' }),
    deadline: item.dueOn,
    overdue: item.isOverdue,
    link: '/targets?tab=tasks',
  }));
}

/** Recognition: the expert's assigned applications not scored yet. */
function scoreItems(data: { items: ScoreAssignment[] } | undefined, t: Translate): InboxItem[] {
  return (data?.items ?? [])
    .filter((a) => a.myScore === null)
    .map((a) => ({
      key: `score-${a.assignmentId}`,
      source: 'recognition',
      kind: 'score',
      text: t('todoFlow.scoreItem', { cluster: a.application.clusterName ?? a.application.clusterCode }),
      deadline: '',
      overdue: false,
      link: '/recognition',
    }));
}

/** Reviews: triennial reviews due (or overdue) and rectifications awaiting their follow-up check. */
function reviewItems(
  due: { items: DueReview[] } | undefined,
  records: { items: ReviewView[] } | undefined,
  today: string,
  t: Translate,
): InboxItem[] {
  const dueItems: InboxItem[] = (due?.items ?? []).map((r) => ({
    key: `review-due-${r.clusterCode}`,
    source: 'reviews',
    kind: 'review_due',
    text: t('todoFlow.reviewDueItem', { cluster: r.name }),
    deadline: r.dueOn,
    overdue: r.overdue,
    link: '/reviews',
  }));
  const followUps: InboxItem[] = (records?.items ?? [])
    .filter((r) => r.outcome === 'rectify' && r.followUp === null)
    .map((r) => ({
      key: `review-follow-up-${r.id}`,
      source: 'reviews',
      kind: 'follow_up',
      text: t('todoFlow.followUpItem', { cluster: r.clusterCode }),
      deadline: r.rectifyDeadline ?? '',
      overdue: r.rectifyDeadline !== null && r.rectifyDeadline < today,
      link: '/reviews',
    }));
  return [...dueItems, ...followUps];
}

/** Earliest deadline first; items without a deadline last. */
const byDeadline = (a: InboxItem, b: InboxItem) =>
  a.deadline === b.deadline
    ? 0
    : a.deadline === ''
      ? 1
      : b.deadline === ''
        ? -1
        : a.deadline.localeCompare(b.deadline);

/** The China (UTC+8) day of an ISO instant: collection deadlines are instants. */
const chinaDay = (iso: string) => new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 10);

/** 我的待办: collection submissions/reviews and task duties/reviews, earliest deadline first. */
export function TodoPage() {
  const t = useT();
  const { data: session } = useQuery(sessionQuery);
  const permissions = session?.user.permissions ?? [];
  const canCollection =
    permissions.includes('metrics.read') &&
    (permissions.includes('data.submit') || permissions.includes('data.review'));
  const canTasks =
    permissions.includes('tasks.read') &&
    (permissions.includes('tasks.report') || permissions.includes('tasks.manage'));
  const collection = useQuery({
    queryKey: ['collection', 'todo'],
    queryFn: () => apiRequest<CollectionTodo>('/api/collection/todo'),
    enabled: canCollection,
  });
  const tasks = useQuery({
    queryKey: ['tasks', 'todo'],
    queryFn: () => apiRequest<TasksTodo>('/api/tasks/todo'),
    enabled: canTasks,
  });
  const canScore = permissions.includes('recognition.score');
  const canReviews = permissions.includes('reviews.manage');
  const assignments = useQuery({
    queryKey: ['recognition', 'assignments'],
    queryFn: () => apiRequest<{ items: ScoreAssignment[] }>('/api/recognition/assignments'),
    enabled: canScore,
  });
  const due = useQuery({
    queryKey: ['reviews', 'due', 90],
    queryFn: () => apiRequest<{ on: string; items: DueReview[] }>('/api/reviews/due?withinDays=90'),
    enabled: canReviews,
  });
  const records = useQuery({
    queryKey: ['reviews', 'records'],
    queryFn: () => apiRequest<{ items: ReviewView[] }>('/api/reviews'),
    enabled: canReviews,
  });
  const today = due.data?.on ?? new Date().toISOString().slice(0, 10);
  useEffect(() => {
    document.title = `${t('nav.todo')} · ${t('app.name')}`;
  }, [t]);

  const items = [
    ...collectionItems(collection.data, t),
    ...taskItems(tasks.data, t),
    ...scoreItems(assignments.data, t),
    ...reviewItems(due.data, records.data, today, t),
  ].sort(byDeadline);
  const isLoading =
    (canCollection && collection.isLoading) ||
    (canTasks && tasks.isLoading) ||
    (canScore && assignments.isLoading) ||
    (canReviews && (due.isLoading || records.isLoading));

  return (
    <Flex vertical gap={16}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('todo.title')}
      </Typography.Title>
      <Card size="small">
        <QueryState
          isLoading={isLoading}
          error={collection.error ?? tasks.error ?? assignments.error ?? due.error ?? records.error}
          isEmpty={items.length === 0}
          emptyText={t('todo.empty')}
          onRetry={() => {
            if (canCollection) void collection.refetch();
            if (canTasks) void tasks.refetch();
            if (canScore) void assignments.refetch();
            if (canReviews) {
              void due.refetch();
              void records.refetch();
            }
          }}
        >
          <Table<InboxItem>
            size="small"
            rowKey="key"
            dataSource={items}
            pagination={false}
            onRow={(item) =>
              item.overdue ? { style: { background: 'var(--ant-color-error-bg, #fff2f0)' } } : {}
            }
            columns={[
              {
                title: t('todo.deadline'),
                dataIndex: 'deadline',
                width: 150,
                render: (deadline: string, item) => (
                  <>
                    {deadline === '' ? '—' : deadline.length > 10 ? chinaDay(deadline) : deadline}
                    {item.overdue && (
                      <Tag color="red" style={{ marginInlineStart: 8 }}>
                        {t('todo.overdue')}
                      </Tag>
                    )}
                  </>
                ),
              },
              {
                title: t('todo.source'),
                dataIndex: 'source',
                width: 110,
                render: (source: InboxItem['source']) => t(sourceKeys[source]),
              },
              {
                title: t('todo.kind'),
                dataIndex: 'kind',
                width: 110,
                render: (kind: InboxItem['kind']) => <Tag color={kindColours[kind]}>{t(kindKeys[kind])}</Tag>,
              },
              { title: t('todo.item'), dataIndex: 'text' },
              {
                title: '',
                dataIndex: 'link',
                width: 90,
                render: (link: string, item) => (
                  <Link to={link} data-testid={`todo-open-${item.key}`}>
                    {t('todo.open')}
                  </Link>
                ),
              },
            ]}
          />
        </QueryState>
      </Card>
    </Flex>
  );
}

export const Component = guarded(TodoPage);
