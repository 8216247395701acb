import type { TaskReportStatus, TaskReportView, TaskView } from '@qunce/core/targets';
import { useQuery } from '@tanstack/react-query';
import { Button, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { sessionQuery } from '../../api/auth.ts';
import { apiRequest } from '../../api/client.ts';
import { QueryState } from '../../components/query-state.tsx';
import { useT } from '../../i18n/locale-context.tsx';
import { DutiesPanel } from './duties-panel.tsx';
import { ReviewButtons, TaskReportModal } from './task-forms.tsx';

const reportColours: Record<TaskReportStatus, string> = {
  submitted: 'blue',
  accepted: 'green',
  returned: 'red',
};

/**
 * Key tasks in the user's scope, each expanding to its progress reports; a department (tasks.report)
 * submits or resubmits its reports, the province (tasks.manage) accepts or returns submitted ones.
 */
export function TasksPanel({ set }: { set?: string | undefined }) {
  const t = useT();
  const { data: session } = useQuery(sessionQuery);
  const permissions = session?.user.permissions ?? [];
  const canReport = permissions.includes('tasks.report');
  const canReview = permissions.includes('tasks.manage');
  const [reporting, setReporting] = useState<{ task: TaskView; previous?: TaskReportView }>();
  const setParam = set ? `?set=${encodeURIComponent(set)}` : '';
  const tasks = useQuery({
    queryKey: ['tasks', set ?? null],
    queryFn: () => apiRequest<{ items: TaskView[] }>(`/api/tasks${setParam}`),
  });
  const reports = useQuery({
    queryKey: ['tasks', 'reports', set ?? null],
    queryFn: () => apiRequest<{ items: TaskReportView[] }>(`/api/tasks/reports${setParam}`),
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
                      {report.status === 'returned' && report.returnReason && (
                        <Typography.Text type="danger" style={{ display: 'block' }}>
                          {t('targetsWork.review.returnReason', { reason: report.returnReason })}
                        </Typography.Text>
                      )}
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
                ...(canReview || canReport
                  ? [
                      {
                        title: t('targetsWork.actions'),
                        key: 'actions',
                        width: 160,
                        render: (_: unknown, report: TaskReportView) => {
                          if (canReview && report.status === 'submitted')
                            return <ReviewButtons report={report} />;
                          if (canReport && report.status === 'returned')
                            return (
                              <Button
                                size="small"
                                data-testid={`task-report-resubmit-${report.id}`}
                                onClick={() => setReporting({ task, previous: report })}
                              >
                                {t('targetsWork.report.resubmit')}
                              </Button>
                            );
                          return null;
                        },
                      },
                    ]
                  : []),
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
          ...(canReport
            ? [
                {
                  title: t('targetsWork.actions'),
                  key: 'actions',
                  width: 150,
                  render: (_: unknown, task: TaskView) => (
                    <Button
                      size="small"
                      data-testid={`task-report-open-${task.code}`}
                      onClick={() => setReporting({ task })}
                    >
                      {t('targetsWork.report.submit')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('targetsWork.duties.tab')}
      </Typography.Title>
      <DutiesPanel set={set} />
      <TaskReportModal
        task={reporting?.task}
        previous={reporting?.previous}
        set={set}
        onClose={() => setReporting(undefined)}
      />
    </QueryState>
  );
}
