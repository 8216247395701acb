import type { TaskReportStatus, TaskReportView, TaskView } from '@qunce/core/targets';
import { useQuery } from '@tanstack/react-query';
import { Table, Tag, Typography } from 'antd';
import { apiRequest } from '../../api/client.ts';
import { QueryState } from '../../components/query-state.tsx';
import { useT } from '../../i18n/locale-context.tsx';

const reportColours: Record<TaskReportStatus, string> = {
  submitted: 'blue',
  accepted: 'green',
  returned: 'red',
};

/** Key tasks in the user's scope, each expanding to its progress reports (read-only). */
export function TasksPanel() {
  const t = useT();
  const tasks = useQuery({
    queryKey: ['tasks'],
    queryFn: () => apiRequest<{ items: TaskView[] }>('/api/tasks'),
  });
  const reports = useQuery({
    queryKey: ['tasks', 'reports'],
    queryFn: () => apiRequest<{ items: TaskReportView[] }>('/api/tasks/reports'),
  });
  const reportsOf = (code: string) => (reports.data?.items ?? []).filter((r) => r.taskCode === code);

  return (
    <QueryState
      isLoading={tasks.isLoading}
      error={tasks.error ?? reports.error}
      onRetry={() => {
        void tasks.refetch();
        void reports.refetch();
      }}
    >
      <Table<TaskView>
        size="small"
        rowKey="code"
        dataSource={tasks.data?.items ?? []}
        locale={{ emptyText: t('targets.tasks.empty') }}
        pagination={{ pageSize: 20 }}
        expandable={{
          expandedRowRender: (task) => (
            <Table<TaskReportView>
              size="small"
              rowKey="id"
              pagination={false}
              loading={reports.isLoading}
              dataSource={reportsOf(task.code)}
              locale={{ emptyText: t('targets.reports.empty') }}
              columns={[
                { title: t('targets.reports.period'), dataIndex: 'period', width: 100 },
                { title: t('targets.reports.department'), dataIndex: 'departmentCode', width: 140 },
                {
                  title: t('targets.reports.status'),
                  dataIndex: 'status',
                  width: 140,
                  render: (status: TaskReportStatus, report) => (
                    <>
                      <Tag color={reportColours[status]}>{t(`targets.reports.status.${status}`)}</Tag>
                      {report.isLate && <Tag color="red">{t('targets.reports.late')}</Tag>}
                    </>
                  ),
                },
                { title: t('targets.reports.dueOn'), dataIndex: 'dueOn', width: 110 },
                {
                  title: t('targets.reports.text'),
                  dataIndex: 'text',
                  render: (text: string) => (
                    <Typography.Paragraph ellipsis={{ rows: 2, expandable: true }} style={{ margin: 0 }}>
                      {text}
                    </Typography.Paragraph>
                  ),
                },
              ]}
            />
          ),
        }}
        columns={[
          { title: t('targets.tasks.code'), dataIndex: 'code', width: 100 },
          { title: t('targets.tasks.title'), dataIndex: 'title' },
          {
            title: t('targets.tasks.units'),
            dataIndex: 'units',
            width: 260,
            render: (units: string[]) => units.join('、'),
          },
          {
            title: t('targets.tasks.targets'),
            dataIndex: 'targets',
            width: 140,
            render: (codes: string[]) => codes.join(', '),
          },
        ]}
      />
    </QueryState>
  );
}
