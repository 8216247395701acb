import type { ApplicationView, RoundView } from '@qunce/core/recognition';
import type { ClusterView } from '@qunce/core/registry';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Flex, Form, Input, InputNumber, Select, Space, Typography } from 'antd';
import { apiRequest } from '../../api/client.ts';
import { useErrorText } from '../../components/query-state.tsx';
import { useLocale, useT } from '../../i18n/locale-context.tsx';
import { tierKey } from '../clusters/cluster-labels.ts';
import { eligibilityText } from './recognition-labels.ts';

type Values = { clusterCode: string; leadIndustryOutput?: number | null; statement?: string };

/** The clusters the user may apply for (the server scopes the list: a city's, an organisation's own). */
export function useClustersInScope(tier?: string) {
  return useQuery({
    queryKey: ['recognition', 'clusters', tier ?? 'all'],
    queryFn: () =>
      apiRequest<{ items: ClusterView[] }>(`/api/clusters?pageSize=200${tier ? `&tier=${tier}` : ''}`),
  });
}

/**
 * An applicant's application to an open round (cluster organisation for its cluster, city bureau for its
 * cities' clusters): the declared lead-industry output and a statement. Eligibility is checked by the
 * server at once and its reasons are shown here.
 */
export function ApplyForm({ round }: { round: RoundView }) {
  const t = useT();
  const { locale } = useLocale();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const clusters = useClustersInScope();
  const apply = useMutation({
    mutationFn: (values: Values) =>
      apiRequest<ApplicationView>(`/api/recognition/rounds/${round.id}/applications`, {
        method: 'POST',
        body: {
          clusterCode: values.clusterCode,
          figures: {
            leadIndustryOutput:
              typeof values.leadIndustryOutput === 'number' ? values.leadIndustryOutput : null,
          },
          attachmentIds: [],
          ...(values.statement?.trim() ? { statement: values.statement.trim() } : {}),
        },
      }),
    onSuccess: (application) => {
      void message.success(
        t(
          application.status === 'eligible'
            ? 'recognitionFlow.apply.eligible'
            : 'recognitionFlow.apply.ineligible',
        ),
      );
      void queryClient.invalidateQueries({ queryKey: ['recognition', 'applications', round.id] });
    },
  });
  const result = apply.data;
  return (
    <Form<Values> layout="vertical" onFinish={(values) => apply.mutate(values)}>
      <Form.Item
        name="clusterCode"
        label={t('recognitionFlow.apply.cluster')}
        rules={[{ required: true, message: t('recognitionFlow.required') }]}
      >
        <Select
          loading={clusters.isLoading}
          options={(clusters.data?.items ?? []).map((c) => ({
            value: c.code,
            label: `${c.name}（${t(tierKey(c.tier))}）`,
          }))}
        />
      </Form.Item>
      <Form.Item name="leadIndustryOutput" label={t('recognitionFlow.apply.output')}>
        <InputNumber min={0} style={{ width: 200 }} />
      </Form.Item>
      <Form.Item name="statement" label={t('recognitionFlow.apply.statement')}>
        <Input.TextArea rows={3} maxLength={4000} />
      </Form.Item>
      {apply.error && (
        <Alert
          type="error"
          showIcon
          role="alert"
          style={{ marginBottom: 12 }}
          title={errorText(apply.error)}
        />
      )}
      {result && (
        <Alert
          style={{ marginBottom: 12 }}
          type={result.status === 'eligible' ? 'success' : 'warning'}
          showIcon
          title={t(
            result.status === 'eligible'
              ? 'recognitionFlow.apply.eligible'
              : 'recognitionFlow.apply.ineligible',
          )}
          description={
            <Space vertical size={0}>
              {(result.eligibility?.checks ?? []).map((check) => (
                <Typography.Text key={check.rule} type={check.passed ? 'success' : 'danger'}>
                  {check.passed ? '✓ ' : '✗ '}
                  {eligibilityText(check, locale, t)}
                </Typography.Text>
              ))}
            </Space>
          }
        />
      )}
      <Flex justify="end">
        <Button type="primary" htmlType="submit" loading={apply.isPending} data-testid="submit-application">
          {t('recognitionFlow.apply.submit')}
        </Button>
      </Flex>
    </Form>
  );
}
