import type { RoundView } from '@qunce/core/recognition';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Flex, Form, Input, InputNumber, Skeleton } from 'antd';
import { apiRequest } from '../../api/client.ts';
import { useErrorText } from '../../components/query-state.tsx';
import { useLocale, useT } from '../../i18n/locale-context.tsx';

type Values = { comment?: string } & Record<string, number | string | undefined>;

/**
 * An expert's score sheet for one assigned application: one figure per aspect of the round's sheet
 * (0 to the aspect's maximum) and a comment. The server checks the sheet again and keeps it blind.
 */
export function ScoreForm({
  applicationId,
  roundId,
  stageCode,
  onDone,
}: {
  applicationId: string;
  roundId: string;
  stageCode: string;
  onDone: () => void;
}) {
  const t = useT();
  const { locale } = useLocale();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const round = useQuery({
    queryKey: ['recognition', 'round', roundId],
    queryFn: () => apiRequest<RoundView>(`/api/recognition/rounds/${roundId}`),
  });
  const save = useMutation({
    mutationFn: (values: Values) => {
      const aspectScores: Record<string, number> = {};
      for (const aspect of round.data?.aspects ?? []) {
        const value = values[`aspect.${aspect.code}`];
        if (typeof value === 'number') aspectScores[aspect.code] = value;
      }
      const comment = typeof values.comment === 'string' ? values.comment.trim() : '';
      return apiRequest(`/api/recognition/applications/${applicationId}/scores`, {
        method: 'POST',
        body: { stageCode, aspectScores, ...(comment ? { comment } : {}) },
      });
    },
    onSuccess: () => {
      void message.success(t('recognition.scoreSaved'));
      void queryClient.invalidateQueries({ queryKey: ['recognition', 'assignments'] });
      onDone();
    },
  });
  if (round.isLoading) return <Skeleton active />;
  if (round.error) return <Alert type="error" showIcon title={errorText(round.error)} />;
  return (
    <Form<Values> layout="vertical" onFinish={(values) => save.mutate(values)}>
      {(round.data?.aspects ?? []).map((aspect) => (
        <Form.Item
          key={aspect.code}
          name={`aspect.${aspect.code}`}
          label={t('recognition.aspect', {
            name: locale === 'en' ? aspect.nameEn : aspect.name,
            max: aspect.max,
          })}
          rules={[{ required: true, message: t('recognition.aspectRequired') }]}
        >
          <InputNumber min={0} max={aspect.max} step={0.5} style={{ width: 160 }} />
        </Form.Item>
      ))}
      <Form.Item name="comment" label={t('recognition.comment')}>
        <Input.TextArea maxLength={2000} rows={3} />
      </Form.Item>
      {save.error && (
        <Alert
          type="error"
          showIcon
          role="alert"
          style={{ marginBottom: 12 }}
          title={errorText(save.error)}
        />
      )}
      <Flex justify="end">
        <Button type="primary" htmlType="submit" loading={save.isPending}>
          {t('recognition.submitScore')}
        </Button>
      </Flex>
    </Form>
  );
}
