import type { TodoItem } from '@qunce/core/collection';
import type { TodoResponse as TasksTodo } from '@qunce/core/targets';
import { useQuery } from '@tanstack/react-query';
import { Card, Flex, Table, Tag, Typography } from 'antd';
import { useEffect } from 'react';
import { Link } from 'react-router';
import { sessionQuery } from '../../api/auth.ts';
import { apiRequest } from '../../api/client.ts';
import { guarded } from '../../components/feature-guard.tsx';
import { QueryState } from '../../components/query-state.tsx';
import { useT } from '../../i18n/locale-context.tsx';

type Translate = ReturnType<typeof useT>;
type CollectionTodo = { items: TodoItem[] };

/** One line of the merged inbox, whichever module it came from. */
type InboxItem = {
  key: string;
  source: 'collection' | 'tasks';
  kind: 'submit' | 'city_review' | 'review' | 'duty';
  text: string;
  deadline: string;
  overdue: boolean;
  link: string;
};

function collectionItems(data: CollectionTodo | undefined, t: Translate): InboxItem[] {
  return (data?.items ?? []).map((item) => ({
    key: `collection-${item.kind}-${item.submissionId}`,
    source: 'collection',
    kind: item.kind,
    text: t('todo.collectionItem', {
      dataSet: item.dataSetName,
      period: item.period,
      assignee: item.assigneeName,
    }),
    deadline: item.deadline,
    overdue: item.overdue,
    link: '/collection',
  }));
}

function taskItems(data: TasksTodo | undefined, t: Translate): InboxItem[] {
  return (data?.items ?? []).map((item, index) => ({
    key: `tasks-${item.kind}-${item.duty?.id ?? item.report?.id ?? index}`,
    source: 'tasks',
    kind: item.kind,
    text: item.duty
      ? t('todo.taskItem', { task: item.duty.taskTitle, title: item.duty.title })
      : t('todo.reportItem', { task: item.report?.taskCode ?? '', period: item.report?.period ?? '' }),
    deadline: item.dueOn,
    overdue: item.isOverdue,
    link: '/targets?tab=tasks',
  }));
}

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
  useEffect(() => {
    document.title = `${t('nav.todo')} · ${t('app.name')}`;
  }, [t]);

  const items = [...collectionItems(collection.data, t), ...taskItems(tasks.data, t)].sort((a, b) =>
    a.deadline.localeCompare(b.deadline),
  );
  const isLoading = (canCollection && collection.isLoading) || (canTasks && tasks.isLoading);

  return (
    <Flex vertical gap={16}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('todo.title')}
      </Typography.Title>
      <Card size="small">
        <QueryState
          isLoading={isLoading}
          error={collection.error ?? tasks.error}
          isEmpty={items.length === 0}
          emptyText={t('todo.empty')}
          onRetry={() => {
            if (canCollection) void collection.refetch();
            if (canTasks) void tasks.refetch();
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
                    {deadline}
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
                render: (source: InboxItem['source']) => t(`todo.source.${source}`),
              },
              {
                title: t('todo.kind'),
                dataIndex: 'kind',
                width: 110,
                render: (kind: InboxItem['kind']) => <Tag>{t(`todo.kind.${kind}`)}</Tag>,
              },
              { title: t('todo.item'), dataIndex: 'text' },
              {
                title: '',
                dataIndex: 'link',
                width: 90,
                render: (link: string) => <Link to={link}>{t('todo.open')}</Link>,
              },
            ]}
          />
        </QueryState>
      </Card>
    </Flex>
  );
}

export const Component = guarded(TodoPage);
