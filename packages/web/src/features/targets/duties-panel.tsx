import type { TaskDutyView } from '@qunce/core/targets';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Flex, Form, Input, InputNumber, Modal, Popconfirm, Table, Tag } from 'antd';
import { useState } from 'react';
import { sessionQuery } from '../../api/auth.ts';
import { apiRequest } from '../../api/client.ts';
import { QueryState, useErrorText } from '../../components/query-state.tsx';
import { useT } from '../../i18n/locale-context.tsx';

type CompleteForm = { completedOn: string; note?: string };

/**
 * The set's scheduled duties (`GET /api/tasks/duties`); the province (`tasks.manage`) schedules a
 * year's duties (`POST /api/tasks/duties/schedule`, confirmed); the owning department (or the
 * province) marks a recurring duty done with its date and a note (`POST /api/tasks/duties/:id/complete`).
 */
export function DutiesPanel({ set }: { set?: string | undefined }) {
  const t = useT();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const { data: session } = useQuery(sessionQuery);
  const permissions = session?.user.permissions ?? [];
  const canManage = permissions.includes('tasks.manage');
  const organisation = session?.user.organisation?.code;
  const [year, setYear] = useState<number>(new Date().getFullYear() + 1);
  const [completing, setCompleting] = useState<TaskDutyView>();
  const [form] = Form.useForm<CompleteForm>();
  const setParam = set ? `?set=${encodeURIComponent(set)}` : '';
  const duties = useQuery({
    queryKey: ['tasks', 'duties', set ?? null],
    queryFn: () => apiRequest<{ date: string; items: TaskDutyView[] }>(`/api/tasks/duties${setParam}`),
  });
  const schedule = useMutation({
    mutationFn: () =>
      apiRequest<{ created: number }>('/api/tasks/duties/schedule', {
        method: 'POST',
        body: set ? { set, year } : { year },
      }),
    onSuccess: (result) => {
      void message.success(t('targetsWork.duties.scheduled', { count: result.created }));
      void queryClient.invalidateQueries({ queryKey: ['tasks'] });
    },
    onError: (error) => void message.error(errorText(error)),
  });
  const complete = useMutation({
    mutationFn: ({ id, body }: { id: string; body: CompleteForm }) =>
      apiRequest(`/api/tasks/duties/${encodeURIComponent(id)}/complete`, { method: 'POST', body }),
    onSuccess: () => {
      void message.success(t('targetsWork.duties.completed'));
      void queryClient.invalidateQueries({ queryKey: ['tasks'] });
      setCompleting(undefined);
    },
    onError: (error) => void message.error(errorText(error)),
  });
  const canComplete = (duty: TaskDutyView) =>
    duty.kind !== 'progress_report' &&
    duty.completedOn === null &&
    (canManage || (permissions.includes('tasks.report') && duty.departmentCode === organisation));
  return (
    <QueryState isLoading={duties.isLoading} error={duties.error} onRetry={() => void duties.refetch()}>
      <Flex vertical gap={8}>
        {canManage && (
          <Flex gap={8} align="center">
            <InputNumber
              aria-label={t('targetsWork.duties.year')}
              min={2000}
              max={2100}
              precision={0}
              value={year}
              onChange={(value) => value !== null && setYear(value)}
            />
            <Popconfirm
              title={t('targetsWork.duties.scheduleConfirm', { year })}
              onConfirm={() => schedule.mutate()}
            >
              <Button loading={schedule.isPending} data-testid="task-duties-schedule">
                {t('targetsWork.duties.schedule')}
              </Button>
            </Popconfirm>
          </Flex>
        )}
        <Table<TaskDutyView>
          size="small"
          rowKey="id"
          dataSource={duties.data?.items ?? []}
          locale={{ emptyText: t('targetsWork.duties.empty') }}
          pagination={{ pageSize: 20 }}
          columns={[
            { title: t('targetsWork.duties.period'), dataIndex: 'period', width: 100 },
            { title: t('targetsWork.duties.title'), dataIndex: 'title' },
            { title: t('targets.reports.department'), dataIndex: 'departmentCode', width: 140 },
            { title: t('targets.reports.dueOn'), dataIndex: 'dueOn', width: 110 },
            {
              title: t('targets.reports.status'),
              key: 'status',
              width: 160,
              render: (_: unknown, duty) =>
                duty.completedOn ? (
                  <Tag color="green">{t('targetsWork.duties.doneOn', { date: duty.completedOn })}</Tag>
                ) : duty.isOverdue ? (
                  <Tag color="red">{t('targetsWork.duties.overdue')}</Tag>
                ) : (
                  <Tag>{t('targetsWork.duties.open')}</Tag>
                ),
            },
            {
              title: t('targetsWork.actions'),
              key: 'actions',
              width: 130,
              render: (_: unknown, duty) =>
                canComplete(duty) ? (
                  <Button
                    size="small"
                    data-testid={`task-duty-complete-${duty.id}`}
                    onClick={() => {
                      form.setFieldsValue({ completedOn: duties.data?.date ?? '', note: '' });
                      setCompleting(duty);
                    }}
                  >
                    {t('targetsWork.duties.complete')}
                  </Button>
                ) : null,
            },
          ]}
        />
      </Flex>
      <Modal
        open={completing !== undefined}
        title={completing ? t('targetsWork.duties.completeTitle', { title: completing.title }) : ''}
        onCancel={() => setCompleting(undefined)}
        onOk={() => form.submit()}
        okButtonProps={{ loading: complete.isPending, ...{ 'data-testid': 'task-duty-complete-save' } }}
        forceRender
      >
        <Form<CompleteForm>
          form={form}
          layout="vertical"
          onFinish={(values) => {
            if (!completing) return;
            const note = values.note?.trim();
            complete.mutate({
              id: completing.id,
              body: note ? { completedOn: values.completedOn, note } : { completedOn: values.completedOn },
            });
          }}
        >
          <Form.Item
            name="completedOn"
            label={t('targetsWork.duties.completedOn')}
            rules={[{ required: true, pattern: /^\d{4}-\d{2}-\d{2}$/, message: t('targetsWork.required') }]}
          >
            <Input type="date" />
          </Form.Item>
          <Form.Item name="note" label={t('targetsWork.duties.note')}>
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
        </Form>
      </Modal>
    </QueryState>
  );
}
