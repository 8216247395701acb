import type { CreateRoundRequest, RoundView } from '@qunce/core/recognition';
import { clusterTiers } from '@qunce/core/registry';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, DatePicker, Flex, Form, Input, InputNumber, Select, Switch } from 'antd';
import type { Dayjs } from 'dayjs';
import { apiRequest } from '../../api/client.ts';
import { useErrorText } from '../../components/query-state.tsx';
import { useT } from '../../i18n/locale-context.tsx';
import { tierKey } from '../clusters/cluster-labels.ts';

type Values = {
  year: number;
  name: string;
  targetTier: string;
  quota: number;
  applicationDeadline: Dayjs;
  stageName: string;
  stageNameEn: string;
  stageDeadline: Dayjs;
  panelSize: number;
  minLeadIndustryOutput?: number | null;
  requirePromotingOrganisation: boolean;
  frameworkVersion: string;
  quantitativeWeight: number;
};

/**
 * Opens a recognition round (province): year, target tier, quota, application deadline, the first
 * review stage with its panel size, eligibility rules; the six-aspect sheet is the policy's default.
 */
export function OpenRoundForm({ onDone }: { onDone: (round: RoundView) => void }) {
  const t = useT();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const open = useMutation({
    mutationFn: (values: Values) => {
      const body: CreateRoundRequest = {
        year: values.year,
        name: values.name.trim(),
        targetTier: values.targetTier as CreateRoundRequest['targetTier'],
        quota: values.quota,
        applicationDeadline: values.applicationDeadline.format('YYYY-MM-DD'),
        stages: [
          {
            code: 'materials',
            name: values.stageName.trim(),
            nameEn: values.stageNameEn.trim(),
            deadline: values.stageDeadline.format('YYYY-MM-DD'),
            panelSize: values.panelSize,
          },
        ],
        eligibilityRules: {
          ...(typeof values.minLeadIndustryOutput === 'number'
            ? { minLeadIndustryOutput: values.minLeadIndustryOutput }
            : {}),
          ...(values.requirePromotingOrganisation ? { requirePromotingOrganisation: true } : {}),
        },
        frameworkVersion: values.frameworkVersion.trim(),
        quantitativeWeight: values.quantitativeWeight,
      };
      return apiRequest<RoundView>('/api/recognition/rounds', { method: 'POST', body });
    },
    onSuccess: (round) => {
      void message.success(t('recognition.roundOpened'));
      void queryClient.invalidateQueries({ queryKey: ['recognition', 'rounds'] });
      onDone(round);
    },
  });
  const required = [{ required: true, message: t('recognition.required') }];
  return (
    <Form<Values>
      layout="vertical"
      initialValues={{
        year: new Date().getFullYear(),
        targetTier: 'provincial',
        quota: 10,
        panelSize: 5,
        stageName: t('recognition.defaultStage'),
        stageNameEn: 'Materials review',
        requirePromotingOrganisation: true,
        frameworkVersion: 'v1',
        quantitativeWeight: 0.5,
      }}
      onFinish={(values) => open.mutate(values)}
    >
      <Flex gap={12} wrap>
        <Form.Item name="year" label={t('recognition.year')} rules={required}>
          <InputNumber min={2000} max={2100} />
        </Form.Item>
        <Form.Item name="targetTier" label={t('recognition.targetTier')} rules={required}>
          <Select
            style={{ width: 140 }}
            options={clusterTiers.map((tier) => ({ value: tier, label: t(tierKey(tier)) }))}
          />
        </Form.Item>
        <Form.Item name="quota" label={t('recognition.quota')} rules={required}>
          <InputNumber min={1} max={1000} />
        </Form.Item>
        <Form.Item name="applicationDeadline" label={t('recognition.deadline')} rules={required}>
          <DatePicker />
        </Form.Item>
      </Flex>
      <Form.Item name="name" label={t('recognition.name')} rules={required}>
        <Input maxLength={200} />
      </Form.Item>
      <Flex gap={12} wrap>
        <Form.Item name="stageName" label={t('recognition.stageName')} rules={required}>
          <Input maxLength={64} />
        </Form.Item>
        <Form.Item name="stageNameEn" label={t('recognition.stageNameEn')} rules={required}>
          <Input maxLength={64} />
        </Form.Item>
        <Form.Item name="stageDeadline" label={t('recognition.stageDeadline')} rules={required}>
          <DatePicker />
        </Form.Item>
        <Form.Item name="panelSize" label={t('recognition.panelSize')} rules={required}>
          <InputNumber min={1} max={50} />
        </Form.Item>
      </Flex>
      <Flex gap={12} wrap>
        <Form.Item name="minLeadIndustryOutput" label={t('recognition.minLeadOutput')}>
          <InputNumber min={0} />
        </Form.Item>
        <Form.Item
          name="requirePromotingOrganisation"
          label={t('recognition.requirePromotingOrganisation')}
          valuePropName="checked"
        >
          <Switch />
        </Form.Item>
        <Form.Item name="frameworkVersion" label={t('recognition.frameworkVersion')} rules={required}>
          <Input maxLength={32} style={{ width: 100 }} />
        </Form.Item>
        <Form.Item name="quantitativeWeight" label={t('recognition.quantitativeWeight')} rules={required}>
          <InputNumber min={0} max={1} step={0.1} />
        </Form.Item>
      </Flex>
      {open.error && (
        <Alert
          type="error"
          showIcon
          role="alert"
          style={{ marginBottom: 12 }}
          title={errorText(open.error)}
        />
      )}
      <Flex justify="end">
        <Button type="primary" htmlType="submit" loading={open.isPending}>
          {t('recognition.openRound')}
        </Button>
      </Flex>
    </Form>
  );
}
