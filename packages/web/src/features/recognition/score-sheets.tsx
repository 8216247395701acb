import type { ApplicationView, RoundView, ScoreView } from '@qunce/core/recognition';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { apiRequest } from '../../api/client.ts';
import { QueryState, useErrorText } from '../../components/query-state.tsx';
import { useLocale, useT } from '../../i18n/locale-context.tsx';
import { type ExpertView, isUndecided, stageName } from './recognition-labels.ts';

/** A sheet in the history the server gives the province: superseded sheets carry when they were replaced. */
type HistorySheet = ScoreView & { supersededAt: string | null };
type CorrectionValues = { reason: string } & Record<string, number | string>;

const minutes = (iso: string) => iso.slice(0, 16).replace('T', ' ');

/** The correction form: every aspect of the round's sheet (prefilled with the sheet's figures) and the reason. */
function CorrectionForm({
  round,
  sheet,
  onDone,
}: {
  round: RoundView;
  sheet: HistorySheet;
  onDone: () => void;
}) {
  const t = useT();
  const { locale } = useLocale();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const correct = useMutation({
    mutationFn: (values: CorrectionValues) => {
      const aspectScores: Record<string, number> = {};
      for (const aspect of round.aspects) {
        const value = values[`aspect.${aspect.code}`];
        if (typeof value === 'number') aspectScores[aspect.code] = value;
      }
      return apiRequest<ScoreView>(`/api/recognition/scores/${sheet.id}/corrections`, {
        method: 'POST',
        body: { aspectScores, reason: values.reason.trim() },
      });
    },
    onSuccess: () => {
      void message.success(t('recognitionFlow.sheets.corrected'));
      void queryClient.invalidateQueries({ queryKey: ['recognition', 'sheets', sheet.applicationId] });
      onDone();
    },
  });
  const initial = Object.fromEntries(
    round.aspects.map((aspect) => [`aspect.${aspect.code}`, sheet.aspectScores[aspect.code]]),
  );
  return (
    <Form<CorrectionValues>
      layout="vertical"
      initialValues={initial}
      onFinish={(values) => correct.mutate(values)}
    >
      <Flex gap={12} wrap>
        {round.aspects.map((aspect) => (
          <Form.Item
            key={aspect.code}
            name={`aspect.${aspect.code}`}
            label={t('recognition.aspect', {
              name: locale === 'en' ? aspect.nameEn : aspect.name,
              max: aspect.max,
            })}
            rules={[{ required: true, message: t('recognition.aspectRequired') }]}
          >
            <InputNumber min={0} max={aspect.max} step={0.5} />
          </Form.Item>
        ))}
      </Flex>
      <Form.Item
        name="reason"
        label={t('recognitionFlow.sheets.correctReason')}
        rules={[{ required: true, whitespace: true, message: t('recognitionFlow.required') }]}
      >
        <Input.TextArea rows={2} maxLength={2000} />
      </Form.Item>
      {correct.error && (
        <Alert
          type="error"
          showIcon
          role="alert"
          style={{ marginBottom: 12 }}
          title={errorText(correct.error)}
        />
      )}
      <Flex justify="end">
        <Button type="primary" htmlType="submit" loading={correct.isPending} data-testid="submit-correction">
          {t('recognitionFlow.sheets.correctSubmit')}
        </Button>
      </Flex>
    </Form>
  );
}

/**
 * The province's view of an application's score sheets: every sheet ever stored (the history), which
 * are current and which superseded, with each correction's reason. After the decision the current
 * sheets are frozen: a correction is a new audited record (POST …/scores/:id/corrections).
 */
export function ScoreSheets({ round, applications }: { round: RoundView; applications: ApplicationView[] }) {
  const t = useT();
  const { locale } = useLocale();
  const scored = applications.filter((a) => a.status !== 'ineligible' && a.status !== 'withdrawn');
  const [picked, setPicked] = useState<string | null>(null);
  const applicationId = picked ?? scored[0]?.id ?? null;
  const [correcting, setCorrecting] = useState<HistorySheet | null>(null);
  const experts = useQuery({
    queryKey: ['recognition', 'experts'],
    queryFn: () => apiRequest<{ items: ExpertView[] }>('/api/recognition/experts'),
  });
  const sheets = useQuery({
    queryKey: ['recognition', 'sheets', applicationId],
    queryFn: () =>
      apiRequest<{ items: HistorySheet[] }>(`/api/recognition/applications/${applicationId}/scores/history`),
    enabled: applicationId !== null,
  });
  const frozen = !isUndecided(round);
  const expertName = (id: string) => experts.data?.items.find((e) => e.id === id)?.name ?? id;
  const items = sheets.data?.items ?? [];
  return (
    <Card size="small" title={t('recognitionFlow.sheets.title')}>
      <Flex vertical gap={12}>
        {frozen && <Alert type="info" showIcon title={t('recognitionFlow.sheets.frozenNote')} />}
        <label htmlFor="sheets-application">
          <Typography.Text>{t('recognitionFlow.sheets.pick')} </Typography.Text>
          <Select
            id="sheets-application"
            style={{ minWidth: 280 }}
            value={applicationId ?? undefined}
            onChange={(value: string) => setPicked(value)}
            options={scored.map((a) => ({ value: a.id, label: a.clusterName ?? a.clusterCode }))}
          />
        </label>
        <QueryState
          isLoading={sheets.isLoading}
          error={sheets.error}
          isEmpty={applicationId === null || items.length === 0}
          emptyText={t('recognitionFlow.sheets.empty')}
          onRetry={() => void sheets.refetch()}
        >
          <Table<HistorySheet>
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={items}
            columns={[
              {
                title: t('recognitionFlow.panel.expert'),
                width: 110,
                render: (_: unknown, s) => expertName(s.expertId),
              },
              {
                title: t('recognition.stage'),
                width: 100,
                render: (_: unknown, s) => {
                  const stage = round.stages.find((x) => x.code === s.stageCode);
                  return stage ? stageName(stage, locale) : s.stageCode;
                },
              },
              ...round.aspects.map((aspect) => ({
                title: aspect.name,
                width: 80,
                render: (_: unknown, s: HistorySheet) => s.aspectScores[aspect.code] ?? '—',
              })),
              { title: t('recognitionFlow.sheets.total'), dataIndex: 'total', width: 110 },
              {
                title: t('recognitionFlow.sheets.state'),
                width: 170,
                render: (_: unknown, s) =>
                  s.supersededAt ? (
                    <Tag>{t('recognitionFlow.sheets.superseded', { at: minutes(s.supersededAt) })}</Tag>
                  ) : (
                    <Tag color={frozen ? 'purple' : 'green'}>
                      {t(frozen ? 'recognitionFlow.sheets.frozen' : 'recognitionFlow.sheets.live')}
                    </Tag>
                  ),
              },
              {
                title: t('recognitionFlow.sheets.reason'),
                render: (_: unknown, s) => s.correctionReason ?? '—',
              },
              {
                title: t('recognitionFlow.sheets.createdAt'),
                width: 140,
                render: (_: unknown, s) => minutes(s.createdAt),
              },
              {
                title: t('collection.actions'),
                width: 90,
                render: (_: unknown, s) =>
                  s.supersededAt === null && (
                    <Button size="small" data-testid={`correct-${s.id}`} onClick={() => setCorrecting(s)}>
                      {t('recognitionFlow.sheets.correct')}
                    </Button>
                  ),
              },
            ]}
          />
        </QueryState>
      </Flex>
      <Modal
        open={correcting !== null}
        footer={null}
        width={720}
        destroyOnHidden
        title={t('recognitionFlow.sheets.correctTitle')}
        onCancel={() => setCorrecting(null)}
      >
        {correcting && <CorrectionForm round={round} sheet={correcting} onDone={() => setCorrecting(null)} />}
      </Modal>
    </Card>
  );
}
