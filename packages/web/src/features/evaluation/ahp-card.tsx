import { ahpWeights } from '@qunce/core/evaluation';
import { Alert, Button, Card, Flex, Select, Table, Tag, Tooltip, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useT } from '../../i18n/locale-context.tsx';

export type Area = { code: string; name: string };

/** Pairwise judgements over a parent's children (the reciprocal matrix, in the children's order). */
export type AhpJudgement = { parent: string; children: string[]; pairwise: number[][] };

/** Saaty's scale: 1/9 … 1 … 9. */
const scale = [
  ...[9, 8, 7, 6, 5, 4, 3, 2].map((d) => ({ value: 1 / d, label: `1/${d}` })),
  ...[1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => ({ value: n, label: String(n) })),
];

/** The scale value nearest to a stored judgement (on a log scale), so the select shows a label. */
const snap = (v: number): number =>
  scale.reduce(
    (best, o) => (Math.abs(Math.log(o.value / v)) < Math.abs(Math.log(best / v)) ? o.value : best),
    1,
  );

/** The full reciprocal matrix from the upper-triangle judgements (key "i-j", i < j). */
export function reciprocalMatrix(n: number, upper: Record<string, number>): number[][] {
  return Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => {
      if (i === j) return 1;
      if (i < j) return upper[`${i}-${j}`] ?? 1;
      return 1 / (upper[`${j}-${i}`] ?? 1);
    }),
  );
}

/**
 * AHP pairwise form for the areas, starting from the framework's stored judgements: CR and weights
 * recomputed on every change (core's ahpWeights). With `onApply`, a consistent matrix (CR < 0.1) can
 * give its weights to the framework editor (which saves them as a new version).
 */
export function AhpCard({
  areas,
  parent = '',
  initial = {},
  onApply,
}: {
  areas: Area[];
  parent?: string;
  initial?: Record<string, number>;
  onApply?: (weights: Record<string, number>, judgement: AhpJudgement) => void;
}) {
  const t = useT();
  const [upper, setUpper] = useState<Record<string, number>>(initial);
  const n = areas.length;
  const result = useMemo(() => {
    if (n < 2) return null;
    try {
      return ahpWeights(reciprocalMatrix(n, upper));
    } catch {
      return null;
    }
  }, [n, upper]);

  const label = (v: number) => (v >= 1 ? String(Math.round(v)) : `1/${Math.round(1 / v)}`);

  return (
    <Card size="small" title={t('evaluation.ahp')} data-testid="ahp-card">
      <Typography.Paragraph type="secondary">{t('evaluation.ahp.help')}</Typography.Paragraph>
      <Table<Area & { index: number }>
        size="small"
        pagination={false}
        rowKey="code"
        dataSource={areas.map((a, index) => ({ ...a, index }))}
        columns={[
          { title: '', dataIndex: 'name', width: 160 },
          ...areas.map((col, j) => ({
            title: col.name,
            key: col.code,
            render: (_: unknown, row: Area & { index: number }) => {
              const i = row.index;
              if (i === j) return '1';
              if (i > j) return label(1 / (upper[`${j}-${i}`] ?? 1));
              return (
                <Select
                  size="small"
                  aria-label={`${row.name} / ${col.name}`}
                  data-testid={`ahp-${i}-${j}`}
                  style={{ width: 76 }}
                  value={snap(upper[`${i}-${j}`] ?? 1)}
                  options={scale}
                  onChange={(value: number) => setUpper((u) => ({ ...u, [`${i}-${j}`]: value }))}
                />
              );
            },
          })),
        ]}
      />
      {result ? (
        <Flex vertical gap={8} style={{ marginTop: 12 }}>
          <Flex gap={8} align="center">
            <Typography.Text strong data-testid="ahp-cr">
              {t('evaluation.ahp.cr', { cr: result.cr.toFixed(3) })}
            </Typography.Text>
            <Tag color={result.consistent ? 'green' : 'red'}>
              {t(result.consistent ? 'evaluation.ahp.consistent' : 'evaluation.ahp.inconsistent')}
            </Tag>
          </Flex>
          <Typography.Text>
            {t('evaluation.ahp.weights')}:{' '}
            {areas.map((a, k) => `${a.name} ${((result.weights[k] ?? 0) * 100).toFixed(1)}%`).join('；')}
          </Typography.Text>
          {onApply && (
            <Tooltip title={t('studio.ahp.applyHelp')}>
              <Button
                data-testid="ahp-apply"
                disabled={!(result.cr < 0.1)}
                onClick={() =>
                  onApply(
                    Object.fromEntries(
                      areas.map((a, k) => [a.code, Number((result.weights[k] ?? 0).toFixed(6))]),
                    ),
                    { parent, children: areas.map((a) => a.code), pairwise: reciprocalMatrix(n, upper) },
                  )
                }
                style={{ alignSelf: 'flex-start' }}
              >
                {t('studio.ahp.apply')}
              </Button>
            </Tooltip>
          )}
        </Flex>
      ) : (
        <Alert type="warning" showIcon title={t('evaluation.ahp.invalid')} style={{ marginTop: 12 }} />
      )}
    </Card>
  );
}
