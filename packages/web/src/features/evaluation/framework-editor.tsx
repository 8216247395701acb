import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Flex,
  Form,
  Input,
  InputNumber,
  Select,
  Tree,
  Typography,
} from 'antd';
import type { DataNode } from 'antd/es/tree';
import { useState } from 'react';
import { apiRequest } from '../../api/client.ts';
import { useErrorText } from '../../components/query-state.tsx';
import { useT } from '../../i18n/locale-context.tsx';
import type { MessageKey } from '../../i18n/zh-CN.ts';
import { AhpCard, type AhpJudgement, type Area } from './ahp-card.tsx';

export type EditorNode = { code: string; name: string; parent: string | null; kind: string; weight: number };

export const aggregationChoices = ['arithmetic', 'geometric', 'harmonic', 'generalised'] as const;
export type AggregationChoice = (typeof aggregationChoices)[number];

export type EditedMethods = {
  weighting: 'frozen' | 'equal';
  aggregation: AggregationChoice;
  p: number;
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The spec of a new version: the stored spec with the edited weights frozen (each node's weight within
 * its parent, as entered; the engine divides by the siblings' total) or equal weights, and the chosen
 * aggregation (copeland is left out: the Monte Carlo cannot vary it). The AHP judgements used for the
 * areas are kept in `derivedFrom` for the record (and for the AHP form of the next edit).
 */
export function buildEditedSpec(
  spec: unknown,
  input: {
    fromVersion: string;
    weights: Record<string, number>;
    methods: EditedMethods;
    ahp?: AhpJudgement | undefined;
  },
): Record<string, unknown> {
  const base = isRecord(spec) ? spec : {};
  const aggregation = isRecord(base.aggregation) ? base.aggregation : {};
  const weighting =
    input.methods.weighting === 'equal'
      ? { method: 'equal' }
      : {
          method: 'frozen',
          weights: input.weights,
          derivedFrom: {
            method: input.ahp ? 'ahp' : 'edited',
            variant: `edited in the evaluation studio from ${input.fromVersion}${input.ahp ? '; area weights by AHP (eigenvector)' : ''}`,
            ...(input.ahp
              ? {
                  weighting: {
                    method: 'ahp',
                    judgements: {
                      [input.ahp.parent]: { children: input.ahp.children, pairwise: input.ahp.pairwise },
                    },
                  },
                }
              : {}),
          },
        };
  return {
    ...base,
    weighting,
    aggregation: {
      ...aggregation,
      method: input.methods.aggregation,
      ...(input.methods.aggregation === 'generalised' ? { p: input.methods.p } : {}),
    },
  };
}

/** The next free version name after the highest vN (v1, v2 → v3). */
export function nextVersion(versions: readonly string[]): string {
  const numbers = versions.map((v) => /^v(\d+)$/.exec(v)?.[1]).filter((n): n is string => n !== undefined);
  return `v${Math.max(0, ...numbers.map(Number)) + 1}`;
}

const aggregationKey = (m: string) => `studio.editor.aggregation.${m}` as MessageKey;

type SaveForm = {
  version: string;
  name: string;
  nameEn: string;
  description?: string;
  reviewLine: number;
  referencePeriod: string;
  illustrative: boolean;
  weighting: EditedMethods['weighting'];
  aggregation: AggregationChoice;
  p: number;
};

type Framework = {
  version: string;
  name: string;
  nameEn: string;
  reviewLine: number;
  referencePeriod: string;
  illustrative: boolean;
  spec: unknown;
};

/**
 * The framework tree with a weight input per node, the AHP form over the areas (its weights applied to
 * the areas when CR < 0.1), the methods, and "save as a new version" (POST /api/frameworks).
 */
export function FrameworkEditor({
  framework,
  nodes,
  versions,
  initialJudgements,
  canManage,
  onSaved,
}: {
  framework: Framework;
  nodes: EditorNode[];
  versions: string[];
  initialJudgements: Record<string, number>;
  canManage: boolean;
  onSaved: (version: string) => void;
}) {
  const t = useT();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const initialWeights = () =>
    Object.fromEntries(nodes.filter((n) => n.parent !== null).map((n) => [n.code, n.weight]));
  const [weights, setWeights] = useState<Record<string, number>>(initialWeights);
  const [ahp, setAhp] = useState<AhpJudgement>();
  const [form] = Form.useForm<SaveForm>();
  const aggregation = Form.useWatch('aggregation', form);
  const root = nodes.find((n) => n.parent === null);
  const areas: Area[] = root ? nodes.filter((n) => n.parent === root.code) : [];
  const storedAggregation =
    isRecord(framework.spec) && isRecord(framework.spec.aggregation) ? framework.spec.aggregation : {};
  const startAggregation = aggregationChoices.find((m) => m === storedAggregation.method) ?? 'arithmetic';

  const save = useMutation({
    mutationFn: (values: SaveForm) =>
      apiRequest<{ version: string }>('/api/frameworks', {
        method: 'POST',
        body: {
          version: values.version,
          name: values.name,
          nameEn: values.nameEn,
          description: values.description ?? '',
          reviewLine: values.reviewLine,
          referencePeriod: values.referencePeriod,
          illustrative: values.illustrative,
          spec: buildEditedSpec(framework.spec, {
            fromVersion: framework.version,
            weights,
            methods: { weighting: values.weighting, aggregation: values.aggregation, p: values.p },
            ahp,
          }),
        },
      }),
    onSuccess: (created) => {
      void message.success(t('studio.editor.saved', { version: created.version }));
      void queryClient.invalidateQueries({ queryKey: ['frameworks'] });
      onSaved(created.version);
    },
  });

  const weightTree = (parent: string | null): DataNode[] => {
    const siblings = nodes.filter((n) => n.parent === parent);
    const total = siblings.reduce((sum, n) => sum + (weights[n.code] ?? 0), 0);
    return siblings.map((n) => {
      const w = weights[n.code] ?? 0;
      return {
        key: n.code,
        title:
          parent === null ? (
            `${n.name}（${n.code}）`
          ) : (
            <Flex gap={8} align="center" wrap>
              <span>{`${n.name}（${n.code}）`}</span>
              <InputNumber
                size="small"
                min={0}
                step={0.05}
                value={w}
                disabled={!canManage}
                aria-label={t('studio.editor.weight', { name: n.name })}
                data-testid={`weight-${n.code}`}
                onChange={(v) =>
                  setWeights((current) => ({ ...current, [n.code]: typeof v === 'number' ? v : 0 }))
                }
              />
              <Typography.Text type="secondary">
                {t('studio.editor.share', {
                  share: `${total > 0 ? ((w / total) * 100).toFixed(1) : '0.0'}%`,
                })}
              </Typography.Text>
            </Flex>
          ),
        children: n.kind === 'aggregate' ? weightTree(n.code) : undefined,
      };
    });
  };

  const applyAhp = (areaWeights: Record<string, number>, judgement: AhpJudgement) => {
    setWeights((current) => ({ ...current, ...areaWeights }));
    setAhp(judgement);
    void message.success(t('studio.editor.ahpApplied'));
  };

  return (
    <Flex vertical gap={16}>
      <Card size="small" title={t('evaluation.tree', { version: framework.version })}>
        {canManage && <Typography.Paragraph type="secondary">{t('studio.editor.help')}</Typography.Paragraph>}
        <Tree
          data-testid="framework-tree"
          defaultExpandAll
          selectable={false}
          treeData={weightTree(null)}
          style={{ maxHeight: 480, overflow: 'auto' }}
        />
      </Card>
      {areas.length >= 2 && root && (
        <AhpCard
          areas={areas}
          parent={root.code}
          initial={initialJudgements}
          {...(canManage ? { onApply: applyAhp } : {})}
        />
      )}
      {canManage && (
        <Card size="small" title={t('studio.editor')}>
          <Form<SaveForm>
            form={form}
            layout="vertical"
            initialValues={{
              version: nextVersion(versions),
              name: framework.name,
              nameEn: framework.nameEn,
              reviewLine: framework.reviewLine,
              referencePeriod: framework.referencePeriod,
              illustrative: framework.illustrative,
              weighting: 'frozen',
              aggregation: startAggregation,
              p: typeof storedAggregation.p === 'number' ? storedAggregation.p : 2,
            }}
            onFinish={(values) => save.mutate(values)}
          >
            <Flex gap={16} wrap>
              <Form.Item name="weighting" label={t('studio.editor.weighting')} htmlFor="studio-weighting">
                <Select
                  id="studio-weighting"
                  style={{ width: 240 }}
                  options={(['frozen', 'equal'] as const).map((m) => ({
                    value: m,
                    label: t(`studio.editor.weighting.${m}`),
                  }))}
                />
              </Form.Item>
              <Form.Item
                name="aggregation"
                label={t('studio.editor.aggregation')}
                htmlFor="studio-aggregation"
              >
                <Select
                  id="studio-aggregation"
                  data-testid="studio-aggregation"
                  style={{ width: 220 }}
                  options={aggregationChoices.map((m) => ({ value: m, label: t(aggregationKey(m)) }))}
                />
              </Form.Item>
              {aggregation === 'generalised' && (
                <Form.Item
                  name="p"
                  label={t('studio.editor.p')}
                  htmlFor="studio-p"
                  rules={[{ required: true }]}
                >
                  <InputNumber id="studio-p" step={0.5} />
                </Form.Item>
              )}
              <Form.Item
                label={t('studio.editor.normalisation')}
                htmlFor="studio-normalisation"
                extra={t('studio.editor.normalisation.note')}
              >
                <Select
                  id="studio-normalisation"
                  style={{ width: 260 }}
                  value="goalposts"
                  options={(['goalposts', 'minmax', 'zscore'] as const).map((m) => ({
                    value: m,
                    label: t(`studio.editor.normalisation.${m}`),
                    disabled: m !== 'goalposts',
                  }))}
                />
              </Form.Item>
            </Flex>
            <Flex gap={16} wrap>
              <Form.Item
                name="version"
                label={t('studio.editor.version')}
                htmlFor="studio-version"
                rules={[
                  { required: true },
                  // As the server's frameworkVersionSchema (@qunce/core/frameworks).
                  { pattern: /^v[0-9]+(\.[0-9]+)?$/, message: t('studio.editor.versionPattern') },
                ]}
              >
                <Input id="studio-version" data-testid="studio-version" style={{ width: 120 }} />
              </Form.Item>
              <Form.Item
                name="name"
                label={t('studio.editor.name')}
                htmlFor="studio-name"
                rules={[{ required: true, whitespace: true }]}
              >
                <Input id="studio-name" style={{ width: 260 }} />
              </Form.Item>
              <Form.Item
                name="nameEn"
                label={t('studio.editor.nameEn')}
                htmlFor="studio-name-en"
                rules={[{ required: true, whitespace: true }]}
              >
                <Input id="studio-name-en" style={{ width: 260 }} />
              </Form.Item>
              <Form.Item
                name="reviewLine"
                label={t('studio.editor.reviewLine')}
                htmlFor="studio-review-line"
                rules={[{ required: true }]}
              >
                <InputNumber id="studio-review-line" min={0} max={100} />
              </Form.Item>
              <Form.Item
                name="referencePeriod"
                label={t('studio.editor.referencePeriod')}
                htmlFor="studio-reference"
                rules={[{ required: true, whitespace: true }]}
              >
                <Input id="studio-reference" style={{ width: 160 }} />
              </Form.Item>
            </Flex>
            <Form.Item name="description" label={t('studio.editor.description')} htmlFor="studio-description">
              <Input.TextArea id="studio-description" rows={2} />
            </Form.Item>
            <Form.Item name="illustrative" valuePropName="checked">
              <Checkbox>{t('studio.editor.illustrative')}</Checkbox>
            </Form.Item>
            {save.error && (
              <Alert
                type="error"
                showIcon
                data-testid="studio-save-error"
                title={errorText(save.error)}
                style={{ marginBottom: 12 }}
              />
            )}
            <Flex gap={8}>
              <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="studio-save">
                {t('studio.editor.save')}
              </Button>
              <Button
                onClick={() => {
                  setWeights(initialWeights());
                  setAhp(undefined);
                  form.resetFields();
                }}
              >
                {t('studio.editor.reset')}
              </Button>
            </Flex>
          </Form>
        </Card>
      )}
    </Flex>
  );
}
