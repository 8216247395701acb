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
  InputNumber,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { type ReactNode, useState } from 'react';
import { apiRequest } from '../../api/client.ts';
import { QueryState, useErrorText } from '../../components/query-state.tsx';
import { useT } from '../../i18n/locale-context.tsx';
import { tierKey } from '../clusters/cluster-labels.ts';
import { useClustersInScope } from './apply-form.tsx';
import { milestoneStatusKey, upgradeStatusKey } from './recognition-labels.ts';

/** As `GET /api/recognition/upgrades` and `GET /api/recognition/action-plans` give them. */
type Upgrade = {
  id: string;
  clusterCode: string;
  fromTier: string;
  toTier: string;
  year: number;
  statement: string | null;
  status: 'submitted' | 'endorsed' | 'rejected' | 'granted';
  decisionNote: string | null;
  documentNumber: string | null;
};
type Milestone = {
  id: string;
  title: string;
  dueOn: string;
  status: 'planned' | 'in_progress' | 'done';
  overdue: boolean;
  progressNote: string | null;
};
type Plan = { id: string; title: string; startYear: number; endYear: number; milestones: Milestone[] };

/** A form in a modal whose submit goes through a mutation; errors shown in the form. */
function MutationForm<V extends object>({
  onSubmit,
  error,
  pending,
  submitLabel,
  confirm,
  testId,
  children,
}: {
  onSubmit: (values: V) => void;
  error: unknown;
  pending: boolean;
  submitLabel: string;
  confirm?: string;
  testId: string;
  children: ReactNode;
}) {
  const t = useT();
  const errorText = useErrorText();
  const [form] = Form.useForm<V>();
  const button = (
    <Button type="primary" loading={pending} data-testid={testId} htmlType={confirm ? 'button' : 'submit'}>
      {submitLabel}
    </Button>
  );
  return (
    <Form<V> form={form} layout="vertical" onFinish={onSubmit}>
      {children}
      {error ? (
        <Alert type="error" showIcon role="alert" style={{ marginBottom: 12 }} title={errorText(error)} />
      ) : null}
      <Flex justify="end">
        {confirm ? (
          <Popconfirm
            title={confirm}
            okText={submitLabel}
            cancelText={t('recognitionFlow.cancel')}
            onConfirm={() => form.submit()}
          >
            {button}
          </Popconfirm>
        ) : (
          button
        )}
      </Flex>
    </Form>
  );
}

/** Upgrade applications (provincial → national candidacy, national → world class): list, apply, decide. */
function Upgrades({ canManage, canApply }: { canManage: boolean; canApply: boolean }) {
  const t = useT();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const upgrades = useQuery({
    queryKey: ['recognition', 'upgrades'],
    queryFn: () => apiRequest<{ items: Upgrade[] }>('/api/recognition/upgrades'),
  });
  const clusters = useClustersInScope();
  const [applying, setApplying] = useState(false);
  const [deciding, setDeciding] = useState<Upgrade | null>(null);
  const apply = useMutation({
    mutationFn: (values: { clusterCode: string; year: number; statement?: string }) =>
      apiRequest<Upgrade>('/api/recognition/upgrades', {
        method: 'POST',
        body: {
          clusterCode: values.clusterCode,
          year: values.year,
          ...(values.statement?.trim() ? { statement: values.statement.trim() } : {}),
        },
      }),
    onSuccess: () => {
      void message.success(t('recognitionFlow.upgrades.applied'));
      void queryClient.invalidateQueries({ queryKey: ['recognition', 'upgrades'] });
      setApplying(false);
    },
  });
  const decide = useMutation({
    mutationFn: (values: { status: string; note: string; documentNumber?: string; decidedOn?: Dayjs }) =>
      apiRequest<Upgrade>(`/api/recognition/upgrades/${deciding?.id ?? ''}/decision`, {
        method: 'POST',
        body: {
          status: values.status,
          note: values.note.trim(),
          ...(values.documentNumber?.trim() ? { documentNumber: values.documentNumber.trim() } : {}),
          ...(values.decidedOn ? { decidedOn: values.decidedOn.format('YYYY-MM-DD') } : {}),
        },
      }),
    onSuccess: () => {
      void message.success(t('recognitionFlow.upgrades.decided'));
      void queryClient.invalidateQueries({ queryKey: ['recognition'] });
      setDeciding(null);
    },
  });
  const nameOf = (code: string) => clusters.data?.items.find((c) => c.code === code)?.name ?? code;
  const required = [{ required: true, message: t('recognitionFlow.required') }];
  const upgradable = (clusters.data?.items ?? []).filter(
    (c) => c.tier === 'provincial' || c.tier === 'national',
  );
  return (
    <Card
      size="small"
      title={t('recognitionFlow.upgrades.title')}
      extra={
        (canApply || canManage) && (
          <Button
            size="small"
            data-testid="apply-upgrade"
            onClick={() => {
              apply.reset();
              setApplying(true);
            }}
          >
            {t('recognitionFlow.upgrades.apply')}
          </Button>
        )
      }
    >
      <QueryState
        isLoading={upgrades.isLoading}
        error={upgrades.error}
        isEmpty={upgrades.data?.items.length === 0}
        emptyText={t('recognitionFlow.upgrades.empty')}
        onRetry={() => void upgrades.refetch()}
      >
        <Table<Upgrade>
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={upgrades.data?.items ?? []}
          columns={[
            { title: t('recognition.cluster'), render: (_: unknown, u) => nameOf(u.clusterCode) },
            {
              title: t('recognitionFlow.upgrades.path'),
              width: 170,
              render: (_: unknown, u) => `${t(tierKey(u.fromTier))} → ${t(tierKey(u.toTier))}`,
            },
            { title: t('recognitionFlow.upgrades.year'), dataIndex: 'year', width: 80 },
            {
              title: t('recognitionFlow.upgrades.status'),
              width: 100,
              render: (_: unknown, u) => (
                <Tag color={u.status === 'granted' ? 'green' : u.status === 'rejected' ? 'red' : 'blue'}>
                  {t(upgradeStatusKey(u.status))}
                </Tag>
              ),
            },
            {
              title: t('recognitionFlow.upgrades.note'),
              render: (_: unknown, u) =>
                [u.decisionNote, u.documentNumber].filter((x) => x !== null).join(' · ') || '—',
            },
            ...(canManage
              ? [
                  {
                    title: t('collection.actions'),
                    width: 90,
                    render: (_: unknown, u: Upgrade) =>
                      (u.status === 'submitted' || u.status === 'endorsed') && (
                        <Button
                          size="small"
                          data-testid={`decide-upgrade-${u.id}`}
                          onClick={() => {
                            decide.reset();
                            setDeciding(u);
                          }}
                        >
                          {t('recognitionFlow.upgrades.decide')}
                        </Button>
                      ),
                  },
                ]
              : []),
          ]}
        />
      </QueryState>
      <Modal
        open={applying}
        footer={null}
        destroyOnHidden
        title={t('recognitionFlow.upgrades.applyTitle')}
        onCancel={() => setApplying(false)}
      >
        <MutationForm<{ clusterCode: string; year: number; statement?: string }>
          onSubmit={(values) => apply.mutate(values)}
          error={apply.error}
          pending={apply.isPending}
          submitLabel={t('recognitionFlow.upgrades.apply')}
          testId="submit-upgrade"
        >
          <Form.Item name="clusterCode" label={t('recognitionFlow.apply.cluster')} rules={required}>
            <Select
              options={upgradable.map((c) => ({
                value: c.code,
                label: `${c.name}（${t(tierKey(c.tier))}）`,
              }))}
            />
          </Form.Item>
          <Form.Item name="year" label={t('recognitionFlow.upgrades.year')} rules={required}>
            <InputNumber min={2000} max={2100} precision={0} />
          </Form.Item>
          <Form.Item name="statement" label={t('recognitionFlow.upgrades.statement')}>
            <Input.TextArea rows={3} maxLength={4000} />
          </Form.Item>
        </MutationForm>
      </Modal>
      <Modal
        open={deciding !== null}
        footer={null}
        destroyOnHidden
        title={
          deciding && t('recognitionFlow.upgrades.decideTitle', { cluster: nameOf(deciding.clusterCode) })
        }
        onCancel={() => setDeciding(null)}
      >
        <MutationForm<{ status: string; note: string; documentNumber?: string; decidedOn?: Dayjs }>
          onSubmit={(values) => decide.mutate(values)}
          error={decide.error}
          pending={decide.isPending}
          submitLabel={t('recognitionFlow.upgrades.decideSubmit')}
          confirm={t('recognitionFlow.upgrades.decideConfirm')}
          testId="submit-upgrade-decision"
        >
          <Form.Item name="status" label={t('recognitionFlow.upgrades.decision')} rules={required}>
            <Select
              options={(['endorsed', 'rejected', 'granted'] as const).map((s) => ({
                value: s,
                label: t(upgradeStatusKey(s)),
              }))}
            />
          </Form.Item>
          <Form.Item
            name="note"
            label={t('recognitionFlow.upgrades.note')}
            rules={[{ required: true, whitespace: true, message: t('recognitionFlow.required') }]}
          >
            <Input.TextArea rows={2} maxLength={4000} />
          </Form.Item>
          <Form.Item
            name="documentNumber"
            label={t('recognitionFlow.upgrades.documentNumber')}
            dependencies={['status']}
            rules={[
              ({ getFieldValue }) => ({
                required: getFieldValue('status') === 'granted',
                whitespace: true,
                message: t('recognitionFlow.required'),
              }),
            ]}
          >
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="decidedOn" label={t('recognitionFlow.upgrades.decidedOn')}>
            <DatePicker />
          </Form.Item>
        </MutationForm>
      </Modal>
    </Card>
  );
}

/** A national cluster's three-year action plans: milestones with their progress (overdue flagged), create, update. */
function ActionPlans({ canEdit }: { canEdit: boolean }) {
  const t = useT();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const national = useClustersInScope('national');
  const [picked, setPicked] = useState<string | null>(null);
  const clusterCode = picked ?? national.data?.items[0]?.code ?? null;
  const [creating, setCreating] = useState(false);
  const [updating, setUpdating] = useState<Milestone | null>(null);
  const plans = useQuery({
    queryKey: ['recognition', 'plans', clusterCode],
    queryFn: () =>
      apiRequest<{ items: Plan[] }>(
        `/api/recognition/action-plans?clusterCode=${encodeURIComponent(clusterCode ?? '')}`,
      ),
    enabled: clusterCode !== null,
  });
  type PlanValues = { title: string; startYear: number; milestones: { title: string; dueOn: Dayjs }[] };
  const create = useMutation({
    mutationFn: (values: PlanValues) =>
      apiRequest<Plan>('/api/recognition/action-plans', {
        method: 'POST',
        body: {
          clusterCode,
          startYear: values.startYear,
          title: values.title.trim(),
          milestones: values.milestones.map((m) => ({
            title: m.title.trim(),
            dueOn: m.dueOn.format('YYYY-MM-DD'),
          })),
        },
      }),
    onSuccess: () => {
      void message.success(t('recognitionFlow.plans.created'));
      void queryClient.invalidateQueries({ queryKey: ['recognition', 'plans'] });
      setCreating(false);
    },
  });
  const update = useMutation({
    mutationFn: (values: { status: Milestone['status']; progressNote?: string }) =>
      apiRequest<Milestone>(`/api/recognition/action-plans/milestones/${updating?.id ?? ''}`, {
        method: 'PATCH',
        body: {
          status: values.status,
          ...(values.progressNote?.trim() ? { progressNote: values.progressNote.trim() } : {}),
        },
      }),
    onSuccess: () => {
      void message.success(t('recognitionFlow.plans.updated'));
      void queryClient.invalidateQueries({ queryKey: ['recognition', 'plans'] });
      setUpdating(null);
    },
  });
  const required = [{ required: true, whitespace: true, message: t('recognitionFlow.required') }];
  const requiredValue = [{ required: true, message: t('recognitionFlow.required') }];
  return (
    <Card
      size="small"
      title={t('recognitionFlow.plans.title')}
      extra={
        canEdit &&
        clusterCode && (
          <Button
            size="small"
            data-testid="create-plan"
            onClick={() => {
              create.reset();
              setCreating(true);
            }}
          >
            {t('recognitionFlow.plans.create')}
          </Button>
        )
      }
    >
      <QueryState
        isLoading={national.isLoading}
        error={national.error}
        isEmpty={national.data?.items.length === 0}
        emptyText={t('recognitionFlow.plans.noNational')}
        onRetry={() => void national.refetch()}
      >
        <Flex vertical gap={12}>
          <label htmlFor="plans-cluster">
            <Typography.Text>{t('recognitionFlow.plans.cluster')} </Typography.Text>
            <Select
              id="plans-cluster"
              style={{ minWidth: 260 }}
              value={clusterCode ?? undefined}
              onChange={(code: string) => setPicked(code)}
              options={(national.data?.items ?? []).map((c) => ({ value: c.code, label: c.name }))}
            />
          </label>
          <QueryState
            isLoading={plans.isLoading}
            error={plans.error}
            isEmpty={plans.data?.items.length === 0}
            emptyText={t('recognitionFlow.plans.empty')}
            onRetry={() => void plans.refetch()}
          >
            {(plans.data?.items ?? []).map((plan) => (
              <Space key={plan.id} vertical style={{ width: '100%' }}>
                <Typography.Text strong>
                  {plan.title} ·{' '}
                  {t('recognitionFlow.plans.years', { start: plan.startYear, end: plan.endYear })}
                </Typography.Text>
                <Table<Milestone>
                  size="small"
                  rowKey="id"
                  pagination={false}
                  dataSource={plan.milestones}
                  columns={[
                    { title: t('recognitionFlow.plans.milestone'), dataIndex: 'title' },
                    { title: t('recognitionFlow.plans.dueOn'), dataIndex: 'dueOn', width: 110 },
                    {
                      title: t('recognitionFlow.plans.status'),
                      width: 150,
                      render: (_: unknown, m) => (
                        <>
                          <Tag color={m.status === 'done' ? 'green' : 'blue'}>
                            {t(milestoneStatusKey(m.status))}
                          </Tag>
                          {m.overdue && <Tag color="red">{t('recognitionFlow.plans.overdue')}</Tag>}
                        </>
                      ),
                    },
                    {
                      title: t('recognitionFlow.plans.progressNote'),
                      render: (_: unknown, m) => m.progressNote ?? '—',
                    },
                    ...(canEdit
                      ? [
                          {
                            title: t('collection.actions'),
                            width: 90,
                            render: (_: unknown, m: Milestone) => (
                              <Button
                                size="small"
                                data-testid={`update-milestone-${m.id}`}
                                onClick={() => {
                                  update.reset();
                                  setUpdating(m);
                                }}
                              >
                                {t('recognitionFlow.plans.update')}
                              </Button>
                            ),
                          },
                        ]
                      : []),
                  ]}
                />
              </Space>
            ))}
          </QueryState>
        </Flex>
      </QueryState>
      <Modal
        open={creating}
        footer={null}
        width={680}
        destroyOnHidden
        title={t('recognitionFlow.plans.create')}
        onCancel={() => setCreating(false)}
      >
        <MutationForm<PlanValues>
          onSubmit={(values) => create.mutate(values)}
          error={create.error}
          pending={create.isPending}
          submitLabel={t('recognitionFlow.plans.submit')}
          testId="submit-plan"
        >
          <Form.Item name="title" label={t('recognitionFlow.plans.planTitle')} rules={required}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="startYear" label={t('recognitionFlow.plans.startYear')} rules={requiredValue}>
            <InputNumber min={2000} max={2100} precision={0} />
          </Form.Item>
          <Form.List name="milestones" initialValue={[{}]}>
            {(fields, { add, remove }) => (
              <Flex vertical gap={4}>
                <Typography.Text>{t('recognitionFlow.plans.milestones')}</Typography.Text>
                {fields.map((field, index) => (
                  <Flex key={field.key} gap={8} align="start">
                    <Form.Item
                      name={[field.name, 'title']}
                      label={`${t('recognitionFlow.plans.milestone')} ${index + 1}`}
                      rules={required}
                    >
                      <Input maxLength={200} style={{ width: 280 }} />
                    </Form.Item>
                    <Form.Item
                      name={[field.name, 'dueOn']}
                      label={t('recognitionFlow.plans.dueOn')}
                      rules={requiredValue}
                    >
                      <DatePicker />
                    </Form.Item>
                    {fields.length > 1 && (
                      <Button type="link" onClick={() => remove(field.name)} style={{ marginTop: 30 }}>
                        {t('recognitionFlow.plans.remove')}
                      </Button>
                    )}
                  </Flex>
                ))}
                <Button onClick={() => add({})} style={{ alignSelf: 'start', marginBottom: 12 }}>
                  {t('recognitionFlow.plans.addMilestone')}
                </Button>
              </Flex>
            )}
          </Form.List>
        </MutationForm>
      </Modal>
      <Modal
        open={updating !== null}
        footer={null}
        destroyOnHidden
        title={updating && t('recognitionFlow.plans.updateTitle', { title: updating.title })}
        onCancel={() => setUpdating(null)}
      >
        {updating && (
          <MutationForm<{ status: Milestone['status']; progressNote?: string }>
            onSubmit={(values) => update.mutate(values)}
            error={update.error}
            pending={update.isPending}
            submitLabel={t('recognitionFlow.plans.update')}
            testId="submit-milestone"
          >
            <Form.Item
              name="status"
              label={t('recognitionFlow.plans.status')}
              rules={requiredValue}
              initialValue={updating.status}
            >
              <Select
                options={(['planned', 'in_progress', 'done'] as const).map((s) => ({
                  value: s,
                  label: t(milestoneStatusKey(s)),
                }))}
              />
            </Form.Item>
            <Form.Item
              name="progressNote"
              label={t('recognitionFlow.plans.progressNote')}
              initialValue={updating.progressNote ?? ''}
            >
              <Input.TextArea rows={2} maxLength={2000} />
            </Form.Item>
          </MutationForm>
        )}
      </Modal>
    </Card>
  );
}

/** Upgrades and national clusters' action plans (issue 7, item 7). */
export function UpgradesPanel({ canManage, canApply }: { canManage: boolean; canApply: boolean }) {
  return (
    <Flex vertical gap={16}>
      <Upgrades canManage={canManage} canApply={canApply} />
      <ActionPlans canEdit={canManage || canApply} />
    </Flex>
  );
}
