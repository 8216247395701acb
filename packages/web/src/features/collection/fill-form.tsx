import type { SubmissionDetail, SubmissionView, ValidationReport } from '@qunce/core/collection';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Flex, Input, InputNumber, List, Skeleton, Space, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { apiRequest } from '../../api/client.ts';
import { useErrorText } from '../../components/query-state.tsx';
import { useLocale, useT } from '../../i18n/locale-context.tsx';
import { localiseServerMessage } from '../../i18n/translate.ts';

type Cell = { value: number | null; comment: string };
const cellKey = (subjectCode: string, metric: string) => `${subjectCode}|${metric}`;

/** The validation issues of a submission, blocking ones in red (outliers with a comment pass). */
export function ValidationIssues({ report }: { report: ValidationReport }) {
  const t = useT();
  const { locale } = useLocale();
  return (
    <Alert
      type={report.ok ? 'success' : 'warning'}
      showIcon
      title={
        report.issues.length === 0
          ? t('collection.validationOk', { subjects: report.subjects, values: report.values })
          : t('collection.validationIssues', { count: report.issues.length })
      }
      description={
        report.issues.length > 0 && (
          <List
            size="small"
            dataSource={report.issues}
            renderItem={(issue) => (
              <List.Item>
                <Typography.Text type={issue.blocking ? 'danger' : 'warning'}>
                  {issue.subjectCode} · {issue.metric}：{localiseServerMessage(issue.message, locale)}
                </Typography.Text>
              </List.Item>
            )}
          />
        )
      }
    />
  );
}

/**
 * The figures of one submission, a row per subject and a column per metric: save (all or nothing,
 * with the submission's version), then the server's validation; an outlier asks for a comment.
 */
export function FillForm({ submissionId, onSubmitted }: { submissionId: string; onSubmitted: () => void }) {
  const t = useT();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const detail = useQuery({
    queryKey: ['collection', 'submission', submissionId],
    queryFn: () => apiRequest<SubmissionDetail>(`/api/collection/submissions/${submissionId}`),
  });
  const [cells, setCells] = useState<Record<string, Cell>>({});
  const [version, setVersion] = useState<number | null>(null);
  const [report, setReport] = useState<ValidationReport | null>(null);
  useEffect(() => {
    if (!detail.data) return;
    const next: Record<string, Cell> = {};
    for (const v of detail.data.values) {
      next[cellKey(v.subjectCode, v.metric)] = { value: v.value, comment: v.comment ?? '' };
    }
    setCells(next);
    setVersion(detail.data.version);
  }, [detail.data]);

  const save = useMutation({
    mutationFn: async () => {
      const data = detail.data;
      if (!data) throw new Error('no submission');
      const values = data.subjects.flatMap((subject) =>
        data.metrics.map((metric) => {
          const cell = cells[cellKey(subject.code, metric.code)];
          const comment = cell?.comment.trim() ?? '';
          return {
            subjectCode: subject.code,
            metric: metric.code,
            value: cell?.value ?? null,
            comment: comment || null,
          };
        }),
      );
      const saved = await apiRequest<SubmissionView>(`/api/collection/submissions/${submissionId}/values`, {
        method: 'PUT',
        body: { values, version: version ?? data.version },
      });
      setVersion(saved.version);
      const validation = await apiRequest<ValidationReport>(
        `/api/collection/submissions/${submissionId}/validation`,
      );
      return { saved, validation };
    },
    onSuccess: ({ validation }) => {
      setReport(validation);
      void message.success(t('collection.saved'));
      void queryClient.invalidateQueries({ queryKey: ['collection', 'submissions'] });
    },
    onError: (error) => void message.error(errorText(error)),
  });
  const submit = useMutation({
    mutationFn: () =>
      apiRequest<SubmissionView>(`/api/collection/submissions/${submissionId}/submit`, {
        method: 'POST',
        body: { version: version ?? detail.data?.version ?? 1 },
      }),
    onSuccess: () => {
      void message.success(t('collection.done'));
      void queryClient.invalidateQueries({ queryKey: ['collection'] });
      onSubmitted();
    },
    onError: (error) => void message.error(errorText(error)),
  });

  if (detail.isLoading) return <Skeleton active />;
  if (detail.error || !detail.data) {
    return <Alert type="error" showIcon role="alert" title={errorText(detail.error)} />;
  }
  const { metrics, subjects } = detail.data;
  const outliers = new Set(
    (report?.issues ?? []).filter((i) => i.kind === 'outlier').map((i) => cellKey(i.subjectCode, i.metric)),
  );
  const setCell = (key: string, patch: Partial<Cell>) =>
    setCells((current) => ({
      ...current,
      [key]: { value: current[key]?.value ?? null, comment: current[key]?.comment ?? '', ...patch },
    }));

  return (
    <Flex vertical gap={12}>
      <Table<{ code: string; name: string }>
        size="small"
        rowKey="code"
        pagination={false}
        scroll={{ x: true }}
        dataSource={subjects}
        columns={[
          { title: t('collection.subject'), dataIndex: 'name', fixed: 'left', width: 180 },
          ...metrics.map((metric) => ({
            title: metric.unit ? `${metric.name}（${metric.unit}）` : metric.name,
            key: metric.code,
            width: 170,
            render: (_: unknown, subject: { code: string; name: string }) => {
              const key = cellKey(subject.code, metric.code);
              const cell = cells[key];
              return (
                <Space vertical size={4}>
                  <InputNumber
                    aria-label={`${subject.name} ${metric.name}`}
                    style={{ width: 150 }}
                    value={cell?.value ?? null}
                    onChange={(value) => setCell(key, { value: typeof value === 'number' ? value : null })}
                  />
                  {(outliers.has(key) || cell?.comment) && (
                    <Input
                      size="small"
                      aria-label={t('collection.outlierComment', {
                        subject: subject.name,
                        metric: metric.name,
                      })}
                      placeholder={t('collection.outlierCommentPlaceholder')}
                      value={cell?.comment ?? ''}
                      onChange={(event) => setCell(key, { comment: event.target.value })}
                    />
                  )}
                </Space>
              );
            },
          })),
        ]}
      />
      {report && <ValidationIssues report={report} />}
      <Flex justify="end" gap={8}>
        <Button loading={save.isPending} onClick={() => save.mutate()}>
          {t('collection.saveAndValidate')}
        </Button>
        <Button
          type="primary"
          disabled={!report?.ok || save.isPending}
          loading={submit.isPending}
          onClick={() => submit.mutate()}
        >
          {t('collection.submit')}
        </Button>
      </Flex>
    </Flex>
  );
}
