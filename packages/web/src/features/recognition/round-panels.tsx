import type { ApplicationView, RoundView } from '@qunce/core/recognition';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Flex,
  Form,
  InputNumber,
  Modal,
  Popconfirm,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { apiRequest } from '../../api/client.ts';
import { useCities } from '../../api/reference.ts';
import { QueryState, useErrorText } from '../../components/query-state.tsx';
import { useLocale, useT } from '../../i18n/locale-context.tsx';
import {
  type ExpertView,
  isUndecided,
  type PanelView,
  recusalKey,
  stageIndexOf,
  stageName,
} from './recognition-labels.ts';

type Stage = RoundView['stages'][number];
type DrawResult = PanelView & { assignments: number; underStaffed: { applicationId: string }[] };

export const panelsQueryKey = (roundId: string) => ['recognition', 'panels', roundId];

/** The round's panels (province only: the server answers 403 to anyone else). */
export function usePanels(round: RoundView, enabled: boolean) {
  return useQuery({
    queryKey: panelsQueryKey(round.id),
    queryFn: () => apiRequest<{ items: PanelView[] }>(`/api/recognition/rounds/${round.id}/panels`),
    enabled,
  });
}

/** Draws a stage's panel with a seed the province types (recorded by the server; the same seed, the same panel). */
function DrawPanelForm({ round, stage }: { round: RoundView; stage: Stage }) {
  const t = useT();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ seed: number }>();
  const draw = useMutation({
    mutationFn: (seed: number) =>
      apiRequest<DrawResult>(`/api/recognition/rounds/${round.id}/panels`, {
        method: 'POST',
        body: { stageCode: stage.code, seed },
      }),
    onSuccess: (result) => {
      void message.success(
        t('recognitionFlow.panel.drawn', { count: result.memberIds.length, assignments: result.assignments }),
      );
      if (result.underStaffed.length > 0)
        void message.warning(t('recognitionFlow.panel.underStaffed', { count: result.underStaffed.length }));
      void queryClient.invalidateQueries({ queryKey: ['recognition'] });
    },
  });
  return (
    <Form
      form={form}
      name={`draw-${stage.code}`}
      layout="inline"
      initialValues={{ seed: round.year }}
      onFinish={(values) => draw.mutate(values.seed)}
    >
      <Form.Item
        name="seed"
        label={t('recognitionFlow.panel.seed')}
        rules={[{ required: true, message: t('recognitionFlow.required') }]}
      >
        <InputNumber min={0} max={2 ** 31 - 1} precision={0} />
      </Form.Item>
      <Form.Item>
        <Typography.Text type="secondary">
          {t('recognitionFlow.panel.size', { size: stage.panelSize })}
        </Typography.Text>
      </Form.Item>
      <Form.Item>
        <Popconfirm
          title={t('recognitionFlow.panel.drawConfirm')}
          okText={t('recognitionFlow.panel.draw')}
          cancelText={t('recognitionFlow.cancel')}
          onConfirm={() => form.submit()}
        >
          <Button type="primary" loading={draw.isPending} data-testid={`draw-panel-${stage.code}`}>
            {t('recognitionFlow.panel.draw')}
          </Button>
        </Popconfirm>
      </Form.Item>
      {draw.error && (
        <Alert type="error" showIcon role="alert" title={errorText(draw.error)} style={{ marginTop: 8 }} />
      )}
    </Form>
  );
}

/** A drawn panel: its seed, members and the recusals with their reasons. */
function DrawnPanel({
  panel,
  experts,
  applications,
}: {
  panel: PanelView;
  experts: ExpertView[];
  applications: ApplicationView[];
}) {
  const t = useT();
  const { cityName } = useCities();
  const expertOf = (id: string) => experts.find((e) => e.id === id);
  const applicationName = (id: string) => {
    const a = applications.find((x) => x.id === id);
    return a ? (a.clusterName ?? a.clusterCode) : id;
  };
  return (
    <Space vertical style={{ width: '100%' }}>
      <Typography.Text type="secondary">
        {t('recognitionFlow.panel.drawnBy', {
          seed: panel.seed,
          by: panel.drawnBy ?? '—',
          at: panel.drawnAt.slice(0, 16).replace('T', ' '),
        })}
      </Typography.Text>
      <Table<{ id: string }>
        size="small"
        rowKey="id"
        pagination={false}
        title={() => t('recognitionFlow.panel.members')}
        dataSource={panel.memberIds.map((id) => ({ id }))}
        columns={[
          {
            title: t('recognitionFlow.panel.expert'),
            render: (_: unknown, r) => expertOf(r.id)?.name ?? r.id,
          },
          {
            title: t('recognitionFlow.panel.city'),
            render: (_: unknown, r) => {
              const code = expertOf(r.id)?.cityCode;
              return code ? cityName(code) : '—';
            },
          },
          {
            title: t('recognitionFlow.panel.employer'),
            render: (_: unknown, r) => expertOf(r.id)?.employerName ?? '—',
          },
          {
            title: t('recognitionFlow.panel.fields'),
            render: (_: unknown, r) => (expertOf(r.id)?.fields ?? []).join('、'),
          },
        ]}
      />
      <Table<PanelView['recusals'][number]>
        size="small"
        rowKey={(r) => `${r.expertId}:${r.applicationId}`}
        pagination={false}
        title={() => t('recognitionFlow.panel.recusals')}
        locale={{ emptyText: t('recognitionFlow.panel.recusalsEmpty') }}
        dataSource={panel.recusals}
        columns={[
          {
            title: t('recognitionFlow.panel.expert'),
            render: (_: unknown, r) => expertOf(r.expertId)?.name ?? r.expertId,
          },
          { title: t('recognition.cluster'), render: (_: unknown, r) => applicationName(r.applicationId) },
          {
            title: t('recognitionFlow.panel.reasons'),
            render: (_: unknown, r) =>
              r.reasons.map((reason) => (
                <Tag key={reason} color="orange">
                  {t(recusalKey(reason))}
                </Tag>
              )),
          },
        ]}
      />
    </Space>
  );
}

/**
 * Chooses the applications that pass a stage to the next one (materials → defence). The server's rule:
 * only eligible applications at the stage, and only until the next stage's panel is drawn.
 */
function AdvanceStage({
  round,
  index,
  applications,
}: {
  round: RoundView;
  index: number;
  applications: ApplicationView[];
}) {
  const t = useT();
  const { locale } = useLocale();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const stage = round.stages[index];
  const next = round.stages[index + 1];
  const atStage = applications.filter((a) => a.status === 'eligible' && stageIndexOf(a, round) >= index);
  const [chosen, setChosen] = useState<string[] | null>(null);
  const advance = useMutation({
    mutationFn: (ids: string[]) =>
      apiRequest<{ items: ApplicationView[] }>(
        `/api/recognition/rounds/${round.id}/stages/${stage?.code ?? ''}/advance`,
        { method: 'POST', body: { applicationIds: ids } },
      ),
    onSuccess: (_result, ids) => {
      void message.success(t('recognitionFlow.advance.done', { count: ids.length }));
      void queryClient.invalidateQueries({ queryKey: ['recognition', 'applications', round.id] });
      setChosen(null);
    },
  });
  if (!stage || !next) return null;
  const nextName = stageName(next, locale);
  return (
    <>
      <Button
        data-testid={`advance-${stage.code}`}
        onClick={() => {
          advance.reset();
          setChosen(atStage.filter((a) => stageIndexOf(a, round) > index).map((a) => a.id));
        }}
      >
        {t('recognitionFlow.advance.button', { stage: nextName })}
      </Button>
      <Modal
        open={chosen !== null}
        title={t('recognitionFlow.advance.title', { stage: nextName })}
        okText={t('recognitionFlow.advance.submit')}
        cancelText={t('recognitionFlow.cancel')}
        confirmLoading={advance.isPending}
        onOk={() => advance.mutate(chosen ?? [])}
        onCancel={() => setChosen(null)}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{t('recognitionFlow.advance.rule')}</Typography.Paragraph>
        {atStage.length === 0 ? (
          <Typography.Text>{t('recognitionFlow.advance.empty')}</Typography.Text>
        ) : (
          <Checkbox.Group
            value={chosen ?? []}
            onChange={(values) => setChosen(values.map(String))}
            options={atStage.map((a) => ({ value: a.id, label: a.clusterName ?? a.clusterCode }))}
            style={{ display: 'flex', flexDirection: 'column', gap: 4 }}
          />
        )}
        {advance.error && (
          <Alert
            type="error"
            showIcon
            role="alert"
            title={errorText(advance.error)}
            style={{ marginTop: 12 }}
          />
        )}
      </Modal>
    </>
  );
}

/** Each review stage of the round: its panel (draw it, or see members and recusals) and the advance to the next. */
export function RoundPanels({ round, applications }: { round: RoundView; applications: ApplicationView[] }) {
  const t = useT();
  const { locale } = useLocale();
  const panels = usePanels(round, true);
  const experts = useQuery({
    queryKey: ['recognition', 'experts'],
    queryFn: () => apiRequest<{ items: ExpertView[] }>('/api/recognition/experts'),
  });
  const drawn = panels.data?.items ?? [];
  return (
    <QueryState
      isLoading={panels.isLoading}
      error={panels.error ?? experts.error}
      onRetry={() => {
        void panels.refetch();
        void experts.refetch();
      }}
    >
      <Flex vertical gap={12}>
        {round.stages.map((stage, index) => {
          const panel = drawn.find((p) => p.stageCode === stage.code);
          const next = round.stages[index + 1];
          const nextDrawn = next !== undefined && drawn.some((p) => p.stageCode === next.code);
          return (
            <Card
              key={stage.code}
              size="small"
              title={t('recognitionFlow.panel.title', { stage: stageName(stage, locale) })}
              extra={
                next &&
                panel &&
                isUndecided(round) &&
                (nextDrawn ? (
                  <Typography.Text type="secondary">
                    {t('recognitionFlow.advance.locked', { stage: stageName(next, locale) })}
                  </Typography.Text>
                ) : (
                  <AdvanceStage round={round} index={index} applications={applications} />
                ))
              }
            >
              {panel ? (
                <DrawnPanel panel={panel} experts={experts.data?.items ?? []} applications={applications} />
              ) : isUndecided(round) ? (
                <Space vertical style={{ width: '100%' }}>
                  <Typography.Text type="secondary">{t('recognitionFlow.panel.notDrawn')}</Typography.Text>
                  <DrawPanelForm round={round} stage={stage} />
                </Space>
              ) : (
                <Typography.Text type="secondary">{t('recognitionFlow.panel.closed')}</Typography.Text>
              )}
            </Card>
          );
        })}
      </Flex>
    </QueryState>
  );
}
